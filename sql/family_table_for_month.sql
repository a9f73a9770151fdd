-- The original analysis' table for one month and one family of terms:
-- "% of papers, term, has been around for (months)", in one text source.
-- months_around counts the months from the term's first public release (released_month,
-- from the terms file) to $month; months_since_first_seen counts them from the first month
-- in the database in which any paper mentions the term (null if none has yet).
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $month (DATE, first of month),
-- $family (VARCHAR: framework, convnet, model, optimizer, researcher, dataset).
-- Columns: share_pct, term, label, months_around, months_since_first_seen, n_mentioning,
-- n_papers, share_body_pct.
with shares as (
    select * from out_term_share_by_month where source = $source and family = $family
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
        date_diff('month', core_terms.released_month, shares.month) as months_around,
        date_diff('month', first_seen.first_month, shares.month) as months_since_first_seen,
        shares.n_mentioning,
        shares.n_papers,
        shares.share_body_pct
    from shares
    join core_terms using (term)
    left join first_seen using (term)
    where shares.month = $month
    order by shares.share_pct desc, shares.term
)

select * from final;
