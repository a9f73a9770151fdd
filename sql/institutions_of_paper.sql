-- The institutions found on one paper's title page, strongest evidence first, and whether
-- its title page was matched at all (a paper matched with none found has one row of nulls).
-- Parameters: $paper_id (VARCHAR).
-- Columns: paper_id, institution, type, country, evidence, found_in, list_version.
with matched as (
    select paper_id, list_version from core_institution_reads where paper_id = $paper_id
),

final as (
    select
        matched.paper_id,
        found.institution,
        found.type,
        found.country,
        found.evidence,
        found.found_in,
        matched.list_version
    from matched
    left join core_paper_institutions as found using (paper_id)
    order by
        case found.found_in when 'affiliation' then 0 when 'footnote' then 1 else 2 end,
        found.institution
)

select * from final;
