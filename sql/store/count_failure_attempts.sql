-- The batch's failures (registered as batch_failures, rows of core_extract_failures), each
-- counting one more attempt than the paper's failures already stored or staged (by a run
-- killed before it published), as the temp table counted_failures. Run before those are
-- replaced.
create or replace temp table counted_failures as
with stored as (
    select paper_id, n_attempts from core_extract_failures
    union all
    select paper_id, n_attempts from stage_extract_failures
),

earlier as (
    select paper_id, max(n_attempts) as n_attempts
    from stored
    group by paper_id
),

final as (
    select
        batch_failures.paper_id,
        batch_failures.pdf_path,
        batch_failures.reason,
        coalesce(earlier.n_attempts, 0) + 1 as n_attempts,
        batch_failures.failed_at
    from batch_failures
    left join earlier using (paper_id)
)

select * from final;
