-- A whole-month write begins: the papers of the months it replaces (registered as
-- batch_months) and the papers it stores (batch_ids) are forgotten, as the temp table
-- forget: their texts, mentions, papers and versions deleted (their failures at the end);
-- the other months those papers leave, as the temp table months_left.
create or replace temp table forget as
select paper_id from core_papers where month in (select month from batch_months)
union
select paper_id from batch_ids;

-- the other months a forgotten paper with a text leaves (a placeholder filed under its id's
-- month, say): their n-gram counts are counted again at the end
create or replace temp table months_left as
select distinct month
from core_papers
where
    paper_id in (select paper_id from forget)
    and paper_id in (select paper_id from core_paper_texts)
    and month not in (select month from batch_months);

delete from core_paper_texts where paper_id in (select paper_id from forget);

delete from core_paper_terms where paper_id in (select paper_id from forget);

delete from core_papers where paper_id in (select paper_id from forget);

delete from core_paper_versions where paper_id in (select paper_id from forget);
