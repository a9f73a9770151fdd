-- The (paper, version) of every stored or staged text.
-- Parameters: none. Columns: paper_id, version.
with final as (
    select paper_id, version from core_paper_texts
    union
    select paper_id, version from stage_paper_texts
)

select * from final;
