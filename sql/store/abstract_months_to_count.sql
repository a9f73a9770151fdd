-- The months whose abstract-level counts are out of date: a paper of the categories that
-- count with an abstract not counted yet, or counted from another title + abstract (its
-- length changed), or a month whose number of such papers differs from the one its n-grams
-- were counted with (papers came, went or left the categories).
-- Parameters: none. Columns: month.
with wanted as (
    select list(category) as categories from core_categories
),

papers as (
    select
        core_papers.paper_id,
        core_papers.month,
        length(coalesce(core_papers.title, '') || chr(10) || chr(10) || core_papers.abstract)
            as n_chars
    from core_papers
    cross join wanted
    where coalesce(core_papers.abstract, '') <> ''
        and list_has_any(core_papers.categories, wanted.categories)
),

changed as (
    select papers.month
    from papers
    left join core_abstract_counts as counted using (paper_id)
    where counted.paper_id is null or counted.n_chars <> papers.n_chars
),

by_month as (
    select month, count(*) as n_papers from papers group by month
),

resized as (
    select coalesce(by_month.month, counted.month) as month
    from by_month
    full join core_abstract_ngram_months as counted using (month)
    where counted.month is null or by_month.month is null
        or counted.n_papers_with_text <> by_month.n_papers
),

final as (
    select month from changed
    union
    select month from resized
    order by month
)

select * from final;
