-- The (paper, version) of every staged text, and of every stored one when $is_stored_too.
-- Parameters: $is_stored_too (BOOLEAN). Columns: paper_id, version.
with final as (
    select paper_id, version from core_paper_texts where $is_stored_too
    union
    select paper_id, version from stage_paper_texts
)

select * from final;
