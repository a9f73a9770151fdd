-- Papers per month for a set of categories: with one of them as primary category, with any
-- of them (cross-lists included), and how many of the latter have their full text read.
-- Only months with at least one such paper; month is the v1 month (UTC) as YYYY-MM text.
-- Parameters: $categories (VARCHAR[], e.g. ['cs.LG', 'stat.ML']).
-- Columns: month, n_papers_primary, n_papers_any, n_with_text.
with totals as (
    select * from totals_by_month($categories)
),

final as (
    select
        strftime(month, '%Y-%m') as month,
        n_papers_primary,
        n_papers_any,
        n_with_text
    from totals
    order by totals.month
)

select * from final;
