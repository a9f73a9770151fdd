-- The papers with the given ids, for listing them: id, title, link to arXiv.
-- Parameters: $paper_ids (VARCHAR[]).
-- Columns: paper_id, title, url, primary_category.
with wanted as (
    select unnest($paper_ids::varchar[]) as paper_id
),

final as (
    select
        core_papers.paper_id,
        core_papers.title,
        'https://arxiv.org/abs/' || core_papers.paper_id as url,
        core_papers.primary_category
    from core_papers
    semi join wanted using (paper_id)
    order by core_papers.paper_id
)

select * from final;
