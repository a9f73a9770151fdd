-- The original analysis' table for a set of papers (a month, a year, the papers mentioning a
-- curated term): how many papers, how many name at least one institution, the institution
-- mentions (each institution once per paper), the unique institutions, and the papers with
-- an industry author with their share (of all the set's papers and of those naming an
-- institution, each with its 95% Wilson interval, percent).
-- Parameters: $first_month (DATE), $last_month (DATE), $term (VARCHAR or null: every
-- paper).
-- Columns: n_papers, n_with_institution, n_mentions, n_unique_institutions, n_with_industry,
-- industry_share_pct, industry_share_low_pct, industry_share_high_pct,
-- industry_share_of_found_pct.
with papers as (
    select * from institution_paper_set($first_month::date, $last_month::date, $term::varchar)
),

found as (
    select core_paper_institutions.*
    from core_paper_institutions
    semi join papers using (paper_id)
),

counts as (
    select
        (select count(*) from papers) as n_papers,
        (select count(*) from papers where n_institutions > 0) as n_with_institution,
        (select count(*) from found) as n_mentions,
        (select count(distinct institution) from found) as n_unique_institutions,
        (select count(distinct paper_id) from found where type = 'industry') as n_with_industry
),

final as (
    select
        *,
        100.0 * n_with_industry / nullif(n_papers, 0) as industry_share_pct,
        wilson_low_pct(n_with_industry, n_papers) as industry_share_low_pct,
        wilson_high_pct(n_with_industry, n_papers) as industry_share_high_pct,
        100.0 * n_with_industry / nullif(n_with_institution, 0) as industry_share_of_found_pct
    from counts
)

select * from final;
