-- The monthly counts of a list of n-grams (for sparklines and the report's term explorer):
-- one row per (n-gram, counted month up to $last_month), 0 where the month has no row
-- (fewer than min_df), in one text source.
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $ngrams (VARCHAR[]),
-- $last_month (DATE).
-- Columns: ngram, month, n_papers, n_papers_with_text, min_df (the month's threshold),
-- share_pct, share_low_pct, share_high_pct (its 95% Wilson interval).
with months as (
    select month, n_papers_with_text, min_df from ngram_months_of($source)
    where n_papers_with_text > 0 and month <= $last_month::date
),

wanted as (
    select unnest($ngrams::varchar[]) as ngram
),

counts as (
    select ngram, month, n_papers
    from ngram_counts_of($source)
    semi join wanted using (ngram)
    where month <= $last_month::date
),

final as (
    select
        wanted.ngram,
        months.month,
        coalesce(counts.n_papers, 0) as n_papers,
        months.n_papers_with_text,
        months.min_df,
        100.0 * coalesce(counts.n_papers, 0) / months.n_papers_with_text as share_pct,
        wilson_low_pct(coalesce(counts.n_papers, 0), months.n_papers_with_text) as share_low_pct,
        wilson_high_pct(coalesce(counts.n_papers, 0), months.n_papers_with_text)
            as share_high_pct
    from wanted
    cross join months
    left join counts on counts.ngram = wanted.ngram and counts.month = months.month
    order by wanted.ngram, months.month
)

select * from final;
