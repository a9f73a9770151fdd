-- What a report edition says about its data: the month's papers and coverage (texts counted
-- in the shares), the texts left out (garbled, outside the categories, waiting for
-- metadata), the same for all months up to it, the categories that count, the month's
-- n-gram pruning threshold, failures waiting for a retry, the newest paper up to the month,
-- and the last ingest run.
-- Parameters: $month (DATE, first of month).
-- Columns: n_papers_month, n_with_text_month, n_failed_month, n_garbled_month,
-- n_outside_categories_month, n_waiting_for_metadata_month, n_papers_all, n_with_text_all,
-- n_garbled_all, n_outside_categories_all, n_waiting_for_metadata_all, categories,
-- min_df_month, n_failures_waiting, newest_published_at, last_run_finished_at,
-- last_run_status, last_run_source, last_run_code_version.
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
        (select coalesce(sum(n_garbled), 0)::bigint from by_month where month = $month::date)
            as n_garbled_month,
        (select coalesce(sum(n_outside_categories), 0)::bigint from by_month
            where month = $month::date) as n_outside_categories_month,
        (select coalesce(sum(n_waiting_for_metadata), 0)::bigint from by_month
            where month = $month::date) as n_waiting_for_metadata_month,
        (select coalesce(sum(n_papers), 0)::bigint from by_month) as n_papers_all,
        (select coalesce(sum(n_with_text), 0)::bigint from by_month) as n_with_text_all,
        (select coalesce(sum(n_garbled), 0)::bigint from by_month) as n_garbled_all,
        (select coalesce(sum(n_outside_categories), 0)::bigint from by_month)
            as n_outside_categories_all,
        (select coalesce(sum(n_waiting_for_metadata), 0)::bigint from by_month)
            as n_waiting_for_metadata_all,
        (select list(category order by category) from core_categories) as categories,
        (select min_df from core_ngram_months where month = $month::date) as min_df_month,
        (select count(*) from core_extract_failures) as n_failures_waiting,
        (select max(published_at) from core_papers where month <= $month::date)
            as newest_published_at,
        (select finished_at from last_run) as last_run_finished_at,
        (select status from last_run) as last_run_status,
        (select source from last_run) as last_run_source,
        (select code_version from last_run) as last_run_code_version
)

select * from final;
