-- Replace the curated terms with those in use (registered as batch_terms: term, family,
-- label, released_month).
delete from core_terms;

insert into core_terms select * from batch_terms;
