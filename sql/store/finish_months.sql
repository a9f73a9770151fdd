-- A whole-month write ends: the forgotten papers' failures (temp table forget) replaced by
-- the write's (counted_failures), and whatever a killed long read staged for those papers
-- or for the months written (registered as batch_months) dropped, so it never comes back.
delete from core_extract_failures where paper_id in (select paper_id from forget);

insert into core_extract_failures select * from counted_failures;

create or replace temp table forget_staged as
select paper_id from forget
union
select paper_id from stage_papers where month in (select month from batch_months);

delete from stage_papers where paper_id in (select paper_id from forget_staged);

delete from stage_paper_versions where paper_id in (select paper_id from forget_staged);

delete from stage_paper_texts where paper_id in (select paper_id from forget_staged);

delete from stage_paper_terms where paper_id in (select paper_id from forget_staged);

delete from stage_extract_failures where paper_id in (select paper_id from forget_staged);
