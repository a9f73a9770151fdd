-- The most recent month with any paper whose full text was read (null when none).
-- Parameters: none. Columns: month.
with final as (
    select max(month) as month from out_papers_by_month where n_with_text > 0
)

select * from final;
