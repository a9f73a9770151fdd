-- Drill-down: the papers behind one point of an institution's series, i.e. the papers of
-- $month (behind the institution shares) with at least one author at $institution, with the
-- text that matched and where.
-- Parameters: $institution (VARCHAR), $month (DATE, first of month).
-- Columns: paper_id, title, url, primary_category, evidence, found_in.
with final as (
    select
        core_papers.paper_id,
        core_papers.title,
        'https://arxiv.org/abs/' || core_papers.paper_id as url,
        core_papers.primary_category,
        found.evidence,
        found.found_in
    from core_paper_institutions as found
    join out_institution_papers as papers using (paper_id)
    join core_papers using (paper_id)
    where found.institution = $institution and papers.month = $month::date
    order by core_papers.paper_id
)

select * from final;
