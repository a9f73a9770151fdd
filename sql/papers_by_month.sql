-- Papers per month (v1 month) in the database, and how many had their full text read or
-- failed. Parameters: none. Columns: month, n_papers, n_with_text, n_failed.
with final as (
    select * from out_papers_by_month
)

select * from final order by month;
