-- Papers of one month, in any of the given categories, whose full text has not been read:
-- the work list of the full-text stage. Papers that failed before are included (retried);
-- texts staged by an interrupted run count as read (they are published at the step's end).
-- Parameters: $month (DATE), $categories (VARCHAR[]), $max_papers (INTEGER or NULL for all).
-- Columns: paper_id, version, title, authors, primary_category, categories, published_at,
-- updated_at.
with candidates as (
    select *
    from core_papers
    where month = $month and list_has_any(categories, $categories)
),

final as (
    select
        paper_id, version, title, authors, primary_category, categories, published_at,
        updated_at
    from candidates
    anti join core_paper_texts using (paper_id)
    anti join stage_paper_texts using (paper_id)
    order by published_at, paper_id
    limit $max_papers
)

select * from final;
