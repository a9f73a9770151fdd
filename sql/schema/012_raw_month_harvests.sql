-- One row per (month, categories) whose metadata ingest has started. status is 'partial'
-- until every window of the month is complete, then 'complete'.
create table if not exists raw_month_harvests (
    month date not null,
    categories varchar not null,
    status varchar not null,
    n_windows integer,
    total_results integer,
    updated_at timestamp not null
);
