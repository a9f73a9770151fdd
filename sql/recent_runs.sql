-- The last ingest runs, newest first (for `arxiv-trends status`).
-- Parameters: $n_runs (INTEGER).
-- Columns: those of ingest_runs (run_id, month, source, started_at, finished_at, status,
-- n_papers, n_with_text, n_failed, code_version).
with final as (
    select * from ingest_runs order by started_at desc limit $n_runs
)

select * from final;
