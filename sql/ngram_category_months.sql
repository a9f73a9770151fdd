-- The cells the n-grams are counted in by category (core_ngram_category_months), in one text
-- source, up to $last_month: each (category, membership, month) with its papers counted, its
-- threshold (an n-gram without a row there was used by fewer than min_df of its papers) and
-- the month's pooled threshold (pooled_min_df; null: the month's pooled counts are gone).
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $last_month (DATE).
-- Columns: category, membership, month, n_papers_with_text, min_df, pooled_min_df.
with final as (
    select
        cells.category,
        cells.membership,
        cells.month,
        cells.n_papers_with_text,
        cells.min_df,
        pooled.min_df as pooled_min_df
    from core_ngram_category_months as cells
    left join ngram_months_of($source) as pooled using (month)
    where cells.source = $source and cells.month <= $last_month::date
    order by cells.category, cells.membership, cells.month
)

select * from final;
