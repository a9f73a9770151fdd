-- The original analysis' table for one month and one family of terms:
-- "% of papers, term, has been around for (months)".
-- months_around counts the months from the first month in the database in which any paper
-- mentions the term up to $month (null if none has yet).
-- Parameters: $month (DATE, first of month), $family (VARCHAR: framework, convnet,
-- optimizer, researcher).
-- Columns: share_pct, term, label, months_around, n_mentioning, n_papers.
with shares as (
    select * from out_term_share_by_month where family = $family
),

first_seen as (
    select term, min(month) as first_month
    from shares
    where n_mentioning > 0 and month <= $month
    group by term
),

final as (
    select
        shares.share_pct,
        shares.term,
        shares.label,
        date_diff('month', first_seen.first_month, shares.month) as months_around,
        shares.n_mentioning,
        shares.n_papers
    from shares
    left join first_seen using (term)
    where shares.month = $month
    order by shares.share_pct desc, shares.term
)

select * from final;
