-- The denominator by category: papers per v1 month in each of the given categories, as
-- primary category and as any category (cross-lists included), and how many of the latter
-- have their full text read. A paper cross-listed to two of the categories counts in both.
-- Parameters: $categories (VARCHAR[], e.g. ['cs.LG', 'cs.CV']).
-- Columns: month, category, n_papers_primary, n_papers_any, n_with_text.
with listed as (
    select paper_id, month, primary_category, unnest(categories) as category
    from core_papers
),

selected as (
    select * from listed where list_contains($categories, category)
),

texts as (
    select distinct paper_id from core_paper_texts
),

final as (
    select
        selected.month,
        selected.category,
        count(*) filter (where selected.primary_category = selected.category)
            as n_papers_primary,
        count(*) as n_papers_any,
        count(texts.paper_id) as n_with_text
    from selected
    left join texts using (paper_id)
    group by selected.month, selected.category
    order by selected.month, selected.category
)

select * from final;
