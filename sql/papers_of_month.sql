-- Drill-down: the papers behind one point of the denominator, i.e. the papers of $month
-- with any of $categories, and whether their full text was read.
-- Parameters: $month (DATE, first of month), $categories (VARCHAR[]).
-- Columns: paper_id, title, url, primary_category, has_text.
with selected as (
    select * from core_papers
    where month = $month::date and list_has_any(categories, $categories)
),

texts as (
    select distinct paper_id from core_paper_texts
),

final as (
    select
        selected.paper_id,
        selected.title,
        'https://arxiv.org/abs/' || selected.paper_id as url,
        selected.primary_category,
        texts.paper_id is not null as has_text
    from selected
    left join texts using (paper_id)
    order by selected.paper_id
)

select * from final;
