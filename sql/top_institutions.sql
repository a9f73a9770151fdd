-- The institutions with the most papers in a set of papers (institution_paper_set: months,
-- and a curated term or every paper), each paper counted once per institution, with its
-- share of the set's papers and that share's 95% Wilson interval (percent).
-- Parameters: $first_month (DATE), $last_month (DATE), $term (VARCHAR or null), $top_n
-- (INTEGER).
-- Columns: rank, institution, type, country, n_papers, share_pct, share_low_pct,
-- share_high_pct.
with papers as (
    select * from institution_paper_set($first_month::date, $last_month::date, $term::varchar)
),

counts as (
    select
        institution,
        any_value(type) as type,
        any_value(country) as country,
        count(distinct paper_id) as n_papers
    from core_paper_institutions
    semi join papers using (paper_id)
    group by institution
),

final as (
    select
        row_number() over (order by counts.n_papers desc, counts.institution) as rank,
        counts.institution,
        counts.type,
        counts.country,
        counts.n_papers,
        100.0 * counts.n_papers / total.n as share_pct,
        wilson_low_pct(counts.n_papers, total.n) as share_low_pct,
        wilson_high_pct(counts.n_papers, total.n) as share_high_pct
    from counts
    cross join (select count(*) as n from papers) as total
    order by rank
    limit $top_n
)

select * from final;
