-- The months a whole-month write takes papers with text from (temp table months_left, from
-- forget_months.sql). Columns: month.
with final as (
    select month from months_left
)

select * from final order by month;
