-- Papers with an abstract but no full text, optionally of one month, to count on title +
-- abstract. Parameters: $month (DATE, or NULL for every month).
-- Columns: paper_id, title, abstract.
with candidates as (
    select paper_id, title, abstract
    from core_papers
    where coalesce(abstract, '') <> '' and ($month is null or month = $month)
),

final as (
    select *
    from candidates
    anti join core_paper_texts using (paper_id)
    order by paper_id
)

select * from final;
