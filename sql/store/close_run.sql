-- Close a run's records with its final status: complete, incomplete or failed.
-- Parameters: $run_id (VARCHAR), $status (VARCHAR).
update ingest_runs set finished_at = now(), status = $status
where run_id = $run_id;
