-- The papers a month's listing announced: totalResults summed over its fetched windows
-- (complete or provisional). Parameters: $month (DATE), $categories (VARCHAR).
-- Columns: total_results.
with fetched as (
    select total_results
    from raw_query_windows
    where month = $month and categories = $categories and status in ('complete', 'provisional')
),

final as (
    select coalesce(sum(total_results), 0) as total_results from fetched
)

select * from final;
