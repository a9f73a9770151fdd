-- Replace the abstract-level counts of the papers counted (registered as batch_counted:
-- paper_id, n_chars; their mentions as batch_abstract_terms: paper_id, term, n_mentions).
delete from core_abstract_counts where paper_id in (select paper_id from batch_counted);

delete from core_abstract_terms where paper_id in (select paper_id from batch_counted);

insert into core_abstract_counts select paper_id, n_chars, now() as counted_at from batch_counted;

insert into core_abstract_terms select * from batch_abstract_terms;
