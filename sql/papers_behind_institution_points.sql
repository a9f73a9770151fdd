-- For a report's drill-down: the papers behind every point of the institutions' series from
-- $first_month to $last_month: per (institution, month) the first $max_per_point papers by id
-- with an author at the institution (of the papers behind the institution shares), with how
-- many there are and the text that matched.
-- Parameters: $institutions (VARCHAR[]), $first_month (DATE, first of month), $last_month
-- (DATE, first of month, inclusive), $max_per_point (INTEGER).
-- Columns: institution, month, paper_id, title, evidence, found_in, n_in_point.
with papers as (
    select paper_id, month from out_institution_papers
    where month between $first_month::date and $last_month::date
),

found as (
    select
        hits.institution,
        papers.month,
        papers.paper_id,
        hits.evidence,
        hits.found_in
    from core_paper_institutions as hits
    join papers using (paper_id)
    where list_contains($institutions::varchar[], hits.institution)
),

ranked as (
    select
        *,
        row_number() over (partition by institution, month order by paper_id) as rank_in_point,
        count(*) over (partition by institution, month) as n_in_point
    from found
),

final as (
    select
        ranked.institution,
        ranked.month,
        ranked.paper_id,
        core_papers.title,
        ranked.evidence,
        ranked.found_in,
        ranked.n_in_point
    from ranked
    join core_papers using (paper_id)
    where ranked.rank_in_point <= $max_per_point
    order by ranked.institution, ranked.month, ranked.paper_id
)

select * from final;
