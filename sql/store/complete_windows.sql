-- The windows of a month's listing already complete for a category set.
-- Parameters: $month (DATE), $categories (VARCHAR: sorted, comma-separated).
-- Columns: window_start, window_end.
with final as (
    select window_start, window_end
    from raw_query_windows
    where month = $month and categories = $categories and status = 'complete'
)

select * from final order by window_start;
