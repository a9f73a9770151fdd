-- Shares with their 95% Wilson interval for counts computed outside SQL (phrase scans).
-- The input is a registered frame `month_counts` (ngram, month, n_papers,
-- n_papers_with_text).
-- Columns: ngram, month, n_papers, n_papers_with_text, share_pct, share_low_pct,
-- share_high_pct.
with counts as (
    select * from month_counts
),

final as (
    select
        ngram,
        month,
        n_papers,
        n_papers_with_text,
        100.0 * n_papers / n_papers_with_text as share_pct,
        wilson_low_pct(n_papers, n_papers_with_text) as share_low_pct,
        wilson_high_pct(n_papers, n_papers_with_text) as share_high_pct
    from counts
    where n_papers_with_text > 0
    order by ngram, month
)

select * from final;
