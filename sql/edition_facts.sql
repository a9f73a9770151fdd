-- What a report edition says about its data: the month's papers and coverage, those of all
-- months up to it, failures waiting for a retry, the newest paper up to the month, and the
-- last ingest run.
-- Parameters: $month (DATE, first of month).
-- Columns: n_papers_month, n_with_text_month, n_failed_month, n_papers_all, n_with_text_all,
-- n_failures_waiting, newest_published_at, last_run_finished_at, last_run_status,
-- last_run_source, last_run_code_version.
with by_month as (
    select * from out_papers_by_month where month <= $month::date
),

last_run as (
    select * from ingest_runs order by coalesce(finished_at, started_at) desc limit 1
),

final as (
    select
        (select coalesce(sum(n_papers), 0)::bigint from by_month where month = $month::date)
            as n_papers_month,
        (select coalesce(sum(n_with_text), 0)::bigint from by_month where month = $month::date)
            as n_with_text_month,
        (select coalesce(sum(n_failed), 0)::bigint from by_month where month = $month::date)
            as n_failed_month,
        (select coalesce(sum(n_papers), 0)::bigint from by_month) as n_papers_all,
        (select coalesce(sum(n_with_text), 0)::bigint from by_month) as n_with_text_all,
        (select count(*) from core_extract_failures) as n_failures_waiting,
        (select max(published_at) from core_papers where month <= $month::date)
            as newest_published_at,
        (select finished_at from last_run) as last_run_finished_at,
        (select status from last_run) as last_run_status,
        (select source from last_run) as last_run_source,
        (select code_version from last_run) as last_run_code_version
)

select * from final;
