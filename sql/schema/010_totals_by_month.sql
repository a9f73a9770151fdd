-- Papers per month for a set of categories, and how many of them have their full text read.
-- A paper counts in its v1 month (UTC). Months in which no paper has any of the categories
-- are left out.
-- Macro totals_by_month(cats): cats is a VARCHAR[] of arXiv categories, e.g. ['cs.LG'].
-- Columns: month (DATE, first of month), n_papers_primary (papers whose primary category is
-- in cats), n_papers_any (papers with any category in cats, the primary included),
-- n_with_text (of the n_papers_any papers, those with a row in core_paper_texts).
create or replace macro totals_by_month(cats) as table
with papers as (
    select
        paper_id,
        month,
        list_contains(cats, primary_category) as is_primary,
        list_has_any(categories, cats) as is_cross_listed
    from core_papers
),

selected as (
    select paper_id, month, is_primary
    from papers
    where is_primary or is_cross_listed
),

texts as (
    select distinct paper_id from core_paper_texts
),

final as (
    select
        selected.month,
        count(*) filter (where selected.is_primary) as n_papers_primary,
        count(*) as n_papers_any,
        count(texts.paper_id) as n_with_text
    from selected
    left join texts using (paper_id)
    group by selected.month
    order by selected.month
)

select * from final;

-- For people: the totals of the six machine-learning categories the pipeline follows.
create or replace view out_totals_by_month as
with final as (
    select * from totals_by_month(['cs.AI', 'cs.LG', 'cs.CV', 'cs.CL', 'cs.NE', 'stat.ML'])
)

select * from final;
