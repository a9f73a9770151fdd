-- The monthly share of papers using one unigram or bigram (a term query) in one text
-- source: every counted month, with 0 where the month has no row for it (fewer than min_df
-- papers used it; then is_below_min_df is true and the true share is under
-- 100 * min_df / n_papers_with_text).
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $ngram (VARCHAR: one token,
-- or two joined by one space, as pipeline.ngrams.tokenize writes them).
-- Columns: month, ngram, n_papers, n_papers_with_text, share_pct, share_low_pct,
-- share_high_pct, is_below_min_df.
with months as (
    select month, n_papers_with_text, min_df
    from ngram_months_of($source)
    where n_papers_with_text > 0
),

counts as (
    select month, n_papers from ngram_counts_of($source) where ngram = $ngram
),

final as (
    select
        months.month,
        $ngram as ngram,
        coalesce(counts.n_papers, 0) as n_papers,
        months.n_papers_with_text,
        100.0 * coalesce(counts.n_papers, 0) / months.n_papers_with_text as share_pct,
        wilson_low_pct(coalesce(counts.n_papers, 0), months.n_papers_with_text)
            as share_low_pct,
        wilson_high_pct(
            coalesce(counts.n_papers, months.min_df - 1), months.n_papers_with_text
        ) as share_high_pct,
        counts.n_papers is null as is_below_min_df
    from months
    left join counts using (month)
    order by months.month
)

select * from final;
