-- A fixed sample of the titles + abstracts of the papers of the categories among the months
-- from $first_month to $last_month (the same papers every time, ordered by a hash of the
-- id): what the abstract-level hot lists measure which terms share papers on.
-- Parameters: $first_month, $last_month (DATE, first of month, inclusive), $n_papers
-- (INTEGER). Columns: paper_id, text.
with wanted as (
    select list(category) as categories from core_categories
),

final as (
    select
        core_papers.paper_id,
        coalesce(core_papers.title, '') || chr(10) || chr(10) || core_papers.abstract as text
    from core_papers
    cross join wanted
    where core_papers.month between $first_month::date and $last_month::date
        and coalesce(core_papers.abstract, '') <> ''
        and list_has_any(core_papers.categories, wanted.categories)
    order by hash(core_papers.paper_id), core_papers.paper_id
    limit $n_papers
)

select * from final;
