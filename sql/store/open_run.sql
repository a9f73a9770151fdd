-- Open a run's record of one month: `running`, no papers counted yet.
-- Parameters: $run_id, $month (DATE), $source, $version (the tool's).
insert into ingest_runs (
    run_id, month, source, started_at, finished_at, status, n_papers, n_with_text,
    n_failed, code_version
)
values ($run_id, $month::date, $source, now(), null, 'running', 0, 0, 0, $version);
