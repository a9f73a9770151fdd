-- What a report edition says about its data, in its text source: the month's papers and
-- coverage (papers counted in the source's shares), the full texts left out (garbled,
-- outside the categories, waiting for metadata), the papers of all months up to it, the
-- categories that count, the month's n-gram pruning threshold, failures waiting for a
-- retry, the newest paper up to the month, and the last ingest run.
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $month (DATE, first of month).
-- Columns: n_papers_month, n_with_text_month, n_failed_month, n_garbled_month,
-- n_outside_categories_month, n_waiting_for_metadata_month, n_papers_all, n_with_text_all,
-- categories, min_df_month, n_failures_waiting, newest_published_at, last_run_finished_at,
-- last_run_status, last_run_source, last_run_code_version.
with by_month as (
    select
        *,
        case $source when 'fulltext' then n_with_text when 'abstracts' then n_with_abstract end
            as n_counted
    from out_papers_by_month
    where month <= $month::date
),

totals as (
    select
        sum(n_papers) filter (where month = $month::date) as n_papers_month,
        sum(n_counted) filter (where month = $month::date) as n_with_text_month,
        sum(n_failed) filter (where month = $month::date) as n_failed_month,
        sum(n_garbled) filter (where month = $month::date) as n_garbled_month,
        sum(n_outside_categories) filter (where month = $month::date)
            as n_outside_categories_month,
        sum(n_waiting_for_metadata) filter (where month = $month::date)
            as n_waiting_for_metadata_month,
        sum(n_papers) as n_papers_all,
        sum(n_counted) as n_with_text_all
    from by_month
),

last_run as (
    select * from ingest_runs order by coalesce(finished_at, started_at) desc limit 1
),

final as (
    select
        coalesce(totals.n_papers_month, 0)::bigint as n_papers_month,
        coalesce(totals.n_with_text_month, 0)::bigint as n_with_text_month,
        coalesce(totals.n_failed_month, 0)::bigint as n_failed_month,
        coalesce(totals.n_garbled_month, 0)::bigint as n_garbled_month,
        coalesce(totals.n_outside_categories_month, 0)::bigint as n_outside_categories_month,
        coalesce(totals.n_waiting_for_metadata_month, 0)::bigint
            as n_waiting_for_metadata_month,
        coalesce(totals.n_papers_all, 0)::bigint as n_papers_all,
        coalesce(totals.n_with_text_all, 0)::bigint as n_with_text_all,
        (select list(category order by category) from core_categories) as categories,
        (select min_df from ngram_months_of($source) where month = $month::date)
            as min_df_month,
        (select count(*) from core_extract_failures) as n_failures_waiting,
        (select max(published_at) from core_papers where month <= $month::date)
            as newest_published_at,
        (select finished_at from last_run) as last_run_finished_at,
        (select status from last_run) as last_run_status,
        (select source from last_run) as last_run_source,
        (select code_version from last_run) as last_run_code_version
    from totals
)

select * from final;
