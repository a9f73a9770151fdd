-- How complete each month's full text is: of its papers of the categories that count, those
-- whose text counts in the shares. A month under $min_coverage_pct is provisional: its shares
-- may still move as more texts are read, and every page, table and export says so.
-- Parameters: $min_coverage_pct (DOUBLE, 0-100).
-- Columns: month, n_papers, n_with_text, coverage_pct, is_provisional.
with months as (
    select month, n_papers, n_with_text from out_papers_by_month
),

final as (
    select
        month,
        n_papers,
        n_with_text,
        round(100.0 * n_with_text / nullif(n_papers, 0), 1) as coverage_pct,
        coalesce(100.0 * n_with_text / nullif(n_papers, 0) < $min_coverage_pct, true)
            as is_provisional
    from months
)

select * from final order by month;
