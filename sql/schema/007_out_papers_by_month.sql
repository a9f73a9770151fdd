-- Papers per month (v1 month), and how many had their full text read or failed.
-- Columns: month, n_papers, n_with_text, n_failed.
create or replace view out_papers_by_month as
with papers as (
    select paper_id, month from core_papers
),

texts as (
    select distinct paper_id from core_paper_texts
),

failures as (
    select distinct paper_id from core_extract_failures
),

final as (
    select
        papers.month,
        count(*) as n_papers,
        count(texts.paper_id) as n_with_text,
        count(failures.paper_id) as n_failed
    from papers
    left join texts using (paper_id)
    left join failures using (paper_id)
    group by papers.month
    order by papers.month
)

select * from final;
