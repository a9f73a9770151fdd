-- Replace the curated-term mentions of the papers recounted (registered as batch_ids; their
-- new mentions as batch_mentions), inside the caller's transaction.
delete from core_paper_terms where paper_id in (select paper_id from batch_ids);

insert into core_paper_terms select * from batch_mentions;
