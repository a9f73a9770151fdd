-- The stored counts of a list of n-grams within each category (core_ngram_category_counts),
-- in one text source, up to $last_month, with their shares of the cell's papers and 95%
-- Wilson intervals: only the rows stored (a missing one: fewer than the cell's min_df
-- papers, given here and in ngram_category_months.sql).
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $ngrams (VARCHAR[]),
-- $last_month (DATE).
-- Columns: category, membership, month, ngram, n_papers, n_papers_with_text, min_df,
-- share_pct, share_low_pct, share_high_pct.
with wanted as (
    select unnest($ngrams::varchar[]) as ngram
),

final as (
    select
        category,
        membership,
        month,
        ngram,
        n_papers,
        n_papers_with_text,
        min_df,
        share_pct,
        share_low_pct,
        share_high_pct
    from out_ngram_category_share_by_month
    semi join wanted using (ngram)
    where source = $source and month <= $last_month::date
    order by category, membership, ngram, month
)

select * from final;
