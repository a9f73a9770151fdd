-- Papers whose PDF could not be fetched or read, with the reason and attempts; a later run
-- retries them. Parameters: none. Columns: those of core_extract_failures.
with final as (
    select * from core_extract_failures
)

select * from final order by failed_at, paper_id;
