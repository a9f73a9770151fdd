-- The month of each asked paper whose metadata is stored or staged (staged wins: it is the
-- newer). Needs the registered table asked_ids (paper_id).
-- Parameters: none. Columns: paper_id, month.
with staged as (
    select paper_id, month from stage_papers semi join asked_ids using (paper_id)
),

stored as (
    select paper_id, month from core_papers semi join asked_ids using (paper_id)
    anti join staged using (paper_id)
),

final as (
    select paper_id, month from staged
    union all
    select paper_id, month from stored
)

select * from final;
