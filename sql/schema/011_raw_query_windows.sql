-- Every API query window a metadata ingest asked for, with what the API said it holds.
-- status: 'complete' (all total_results papers fetched and stored), 'provisional' (the
-- same, but the window is too recent to be settled: asked again next run), 'split' (too
-- many results: asked again in halves), 'failed' (gave up; the error is in `error`).
-- A month is resumable: windows already complete are not asked for again.
create table if not exists raw_query_windows (
    month date not null,
    categories varchar not null,
    window_start timestamp not null,
    window_end timestamp not null,
    query varchar not null,
    total_results integer,
    n_fetched integer,
    status varchar not null,
    error varchar,
    recorded_at timestamp not null
);
