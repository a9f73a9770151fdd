-- The highest version of each asked paper's stored or staged text (registered as asked_ids).
-- Columns: paper_id, version (0 when the text's version is unknown).
with texts as (
    select paper_id, version from core_paper_texts
    union all
    select paper_id, version from stage_paper_texts
),

final as (
    select paper_id, max(coalesce(version, 0)) as version
    from texts
    semi join asked_ids using (paper_id)
    group by paper_id
)

select * from final;
