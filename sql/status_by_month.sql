-- `arxiv-trends status`: every month in the database with its papers of the categories that
-- count, full-text coverage (texts counted in the shares), quarantined PDFs, texts left out
-- (garbled; outside the categories; waiting for metadata: a PDF whose paper is not known
-- yet and whose page 1 has no arXiv stamp), n-gram counting, the titles + abstracts counted
-- (the abstract source) and the last run that stored it.
-- Parameters: none.
-- Columns: month, n_papers, n_with_text, coverage_pct, n_failed, n_garbled,
-- n_outside_categories, n_waiting_for_metadata, is_ngrams_counted, n_with_abstract,
-- is_abstract_ngrams_counted, last_run_status, last_run_finished_at.
with months as (
    select * from out_papers_by_month
),

runs as (
    select
        month,
        arg_max(status, coalesce(finished_at, started_at)) as last_run_status,
        arg_max(finished_at, coalesce(finished_at, started_at)) as last_run_finished_at
    from ingest_runs
    group by month
),

final as (
    select
        months.month,
        months.n_papers,
        months.n_with_text,
        round(100.0 * months.n_with_text / nullif(months.n_papers, 0), 1) as coverage_pct,
        months.n_failed,
        months.n_garbled,
        months.n_outside_categories,
        months.n_waiting_for_metadata,
        core_ngram_months.month is not null as is_ngrams_counted,
        months.n_with_abstract,
        core_abstract_ngram_months.month is not null as is_abstract_ngrams_counted,
        runs.last_run_status,
        runs.last_run_finished_at
    from months
    left join core_ngram_months using (month)
    left join core_abstract_ngram_months using (month)
    left join runs using (month)
    order by months.month
)

select * from final;
