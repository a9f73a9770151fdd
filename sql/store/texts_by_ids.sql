-- The stored texts of the given papers.
-- Parameters: $paper_ids (VARCHAR[]). Columns: paper_id, text.
with wanted as (
    select unnest($paper_ids::varchar[]) as paper_id
),

final as (
    select core_paper_texts.paper_id, core_paper_texts.text
    from core_paper_texts
    semi join wanted using (paper_id)
)

select * from final;
