-- Mark the month's run records still `running` as `interrupted`: their runs stopped without
-- closing them (killed, or their disk full). Run as a new run of the month starts.
-- Parameters: $month (DATE).
update ingest_runs set status = 'interrupted'
where month = $month::date and status = 'running';
