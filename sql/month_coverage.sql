-- How complete each month is in one text source: of its papers of the categories that
-- count, those counted in that source's shares (full text read and not garbled; or title +
-- abstract counted). A month under $min_coverage_pct is provisional: its shares may still
-- move as more texts are counted, and every page, table and export says so. A month's
-- abstracts are all there once its listing is stored, so its abstract edition is complete
-- days before its full text.
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $min_coverage_pct (DOUBLE,
-- 0-100).
-- Columns: month, n_papers, n_with_text (the source's counted papers), coverage_pct,
-- is_provisional.
with months as (
    select
        month,
        n_papers,
        case $source when 'fulltext' then n_with_text when 'abstracts' then n_with_abstract end
            as n_with_text
    from out_papers_by_month
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
