-- The months whose n-grams are counted, with the papers with text each one's shares divide
-- by and the pruning threshold its counts were stored with (a missing n-gram row: fewer
-- than min_df papers), in one text source.
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts').
-- Columns: month, n_papers_with_text, min_df.
with final as (
    select month, n_papers_with_text, min_df from ngram_months_of($source)
)

select * from final order by month;
