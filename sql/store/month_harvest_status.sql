-- How far a month's listing has come for a category set: 'none' (never asked), 'partial'
-- or 'complete'. Parameters: $month (DATE), $categories (VARCHAR). Columns: status.
with recorded as (
    select status from raw_month_harvests where month = $month and categories = $categories
),

final as (
    select coalesce(max(status), 'none') as status from recorded
)

select * from final;
