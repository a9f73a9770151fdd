-- One row per month a run stored: the idempotency record and the report's footer.
create table if not exists ingest_runs (
    run_id varchar not null,
    month date not null,
    source varchar not null,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,
    n_papers integer,
    n_with_text integer,
    n_failed integer,
    code_version varchar
);
