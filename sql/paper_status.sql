-- Whether one paper is in the database and whether its text has been read.
-- Parameters: $paper_id (VARCHAR). Columns: paper_id, month, source, has_text (no row: unknown).
with paper as (
    select paper_id, month, source from core_papers where paper_id = $paper_id
),

final as (
    select
        paper.paper_id,
        paper.month,
        paper.source,
        exists (
            select 1 from core_paper_texts where core_paper_texts.paper_id = paper.paper_id
        ) as has_text
    from paper
)

select * from final;
