-- Before a publish: the papers whose metadata is staged (temp table staged_papers) and
-- those whose text or failure is (staged_reads).
create or replace temp table staged_papers as
select distinct paper_id from stage_papers;

create or replace temp table staged_reads as
select paper_id from stage_paper_texts
union
select paper_id from stage_extract_failures;
