-- Add a stored batch's counts to its run's record of the month (registered as run_batch:
-- run_id, month, source, started_at, n_papers, n_with_text, n_failed, code_version); a run
-- without an open record of the month (feeds, files) gets one, done with this batch.
update ingest_runs
set
    n_papers = ingest_runs.n_papers + run_batch.n_papers,
    n_with_text = ingest_runs.n_with_text + run_batch.n_with_text,
    n_failed = ingest_runs.n_failed + run_batch.n_failed
from run_batch
where ingest_runs.run_id = run_batch.run_id and ingest_runs.month = run_batch.month;

insert into ingest_runs
select
    run_id, month, source, started_at, now() as finished_at, 'done' as status, n_papers,
    n_with_text, n_failed, code_version
from run_batch
anti join ingest_runs using (run_id, month);
