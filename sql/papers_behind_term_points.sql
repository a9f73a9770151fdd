-- For a report's drill-down: the papers behind every point of the curated terms' series
-- from $first_month to $last_month, at most $max_per_point per (term, month) (by id), with
-- how many there are in all.
-- Parameters: $first_month, $last_month (DATE, first of month, inclusive),
-- $max_per_point (INTEGER).
-- Columns: term, month, paper_id, title, is_in_body, n_in_point.
with counted as (
    select paper_id, month from out_paper_text_source
    where text_source = 'full_text' and month between $first_month::date and $last_month::date
),

mentions as (
    select
        core_paper_terms.term,
        counted.month,
        counted.paper_id,
        core_paper_terms.n_body > 0 as is_in_body
    from core_paper_terms
    join counted using (paper_id)
),

ranked as (
    select
        *,
        row_number() over (partition by term, month order by paper_id) as rank_in_point,
        count(*) over (partition by term, month) as n_in_point
    from mentions
),

final as (
    select
        ranked.term,
        ranked.month,
        ranked.paper_id,
        core_papers.title,
        ranked.is_in_body,
        ranked.n_in_point
    from ranked
    join core_papers using (paper_id)
    where ranked.rank_in_point <= $max_per_point
    order by ranked.term, ranked.month, ranked.paper_id
)

select * from final;
