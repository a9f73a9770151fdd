-- Each month's share of papers with at least one author at each of the institutions asked
-- for, zeros included, with its 95% Wilson interval (percent, 0-100).
-- Parameters: $institutions (VARCHAR[]).
-- Columns: month, institution, n_papers, n_with, share_pct, share_low_pct, share_high_pct.
with months as (
    select month, count(*) as n_papers from out_institution_papers group by month
),

wanted as (
    select unnest($institutions::varchar[]) as institution
),

final as (
    select
        months.month,
        wanted.institution,
        months.n_papers,
        coalesce(hits.n_with, 0) as n_with,
        100.0 * coalesce(hits.n_with, 0) / months.n_papers as share_pct,
        wilson_low_pct(coalesce(hits.n_with, 0), months.n_papers) as share_low_pct,
        wilson_high_pct(coalesce(hits.n_with, 0), months.n_papers) as share_high_pct
    from months
    cross join wanted
    left join out_institution_months as hits
        on hits.month = months.month and hits.institution = wanted.institution
    order by wanted.institution, months.month
)

select * from final;
