-- Record one window of a month's listing as asked and answered (registered as
-- listing_window: month, categories, window_start, window_end, query, total_results,
-- n_fetched, status, error), replacing an earlier record of the same window.
delete from raw_query_windows
where (month, categories, window_start, window_end) in (
    select (month, categories, window_start, window_end) from listing_window
);

insert into raw_query_windows
select
    month, categories, window_start, window_end, query, total_results, n_fetched, status,
    error, now() as recorded_at
from listing_window;
