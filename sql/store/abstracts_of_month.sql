-- The titles + abstracts of one month's papers of the categories that count: what the
-- month's abstract-level counts are counted from. is_changed: its curated terms are not
-- counted yet from this very title + abstract (core_abstract_counts).
-- Parameters: $month (DATE). Columns: paper_id, text (title, a blank line, abstract),
-- n_chars, is_changed.
with wanted as (
    select list(category) as categories from core_categories
),

papers as (
    select
        core_papers.paper_id,
        coalesce(core_papers.title, '') || chr(10) || chr(10) || core_papers.abstract as text
    from core_papers
    cross join wanted
    where core_papers.month = $month
        and coalesce(core_papers.abstract, '') <> ''
        and list_has_any(core_papers.categories, wanted.categories)
),

final as (
    select
        papers.paper_id,
        papers.text,
        length(papers.text) as n_chars,
        counted.n_chars is distinct from length(papers.text) as is_changed
    from papers
    left join core_abstract_counts as counted using (paper_id)
    order by papers.paper_id
)

select * from final;
