-- PDFs waiting for a retry: how many, and the most attempts any of them has had.
-- Parameters: none.
-- Columns: n_failures_waiting, max_attempts.
with final as (
    select count(*) as n_failures_waiting, max(n_attempts) as max_attempts
    from core_extract_failures
)

select * from final;
