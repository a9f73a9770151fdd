-- The months whose n-grams are counted, with the papers with text each one's shares divide
-- by and the pruning threshold its counts were stored with (a missing n-gram row: fewer
-- than min_df papers). Parameters: none.
-- Columns: month, n_papers_with_text, min_df.
with final as (
    select month, n_papers_with_text, min_df from core_ngram_months
)

select * from final order by month;
