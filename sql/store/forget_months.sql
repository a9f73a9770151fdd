-- A whole-month write begins: the papers of the months it replaces (registered as
-- batch_months) and the papers it stores (batch_ids) are forgotten, as the temp table
-- forget: their texts, mentions, papers and versions deleted (their failures at the end).
create or replace temp table forget as
select paper_id from core_papers where month in (select month from batch_months)
union
select paper_id from batch_ids;

delete from core_paper_texts where paper_id in (select paper_id from forget);

delete from core_paper_terms where paper_id in (select paper_id from forget);

delete from core_papers where paper_id in (select paper_id from forget);

delete from core_paper_versions where paper_id in (select paper_id from forget);
