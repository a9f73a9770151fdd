-- The institution shares' papers and counts. Institutions are read from title pages, so
-- only the full-text source has them: a paper counts when its text counts in the full-text
-- shares (out_source_papers, source 'fulltext') and its title page was matched
-- (core_institution_reads; every stored text is, unless an ingest broke off before).
-- Columns of out_institution_papers: paper_id, month, n_institutions (found on its title
-- page; 0 when none was: a cover page, an affiliation the list does not know).
create or replace view out_institution_papers as
select out_source_papers.paper_id, out_source_papers.month, reads.n_institutions
from out_source_papers
join core_institution_reads as reads using (paper_id)
where out_source_papers.source = 'fulltext';

-- Per month: the papers behind the shares (n_papers), those with at least one institution
-- found (n_with_institution), with an industry author (n_with_industry), and the industry
-- share of all of them and of those with an institution found, each with its 95% Wilson
-- interval (percent, 0-100).
-- Columns: month, n_papers, n_with_institution, n_with_industry, industry_share_pct,
-- industry_share_low_pct, industry_share_high_pct, industry_share_of_found_pct,
-- industry_share_of_found_low_pct, industry_share_of_found_high_pct.
create or replace view out_industry_share_by_month as
with industry as (
    select distinct paper_id from core_paper_institutions where type = 'industry'
),

counts as (
    select
        papers.month,
        count(*) as n_papers,
        count(*) filter (where papers.n_institutions > 0) as n_with_institution,
        count(industry.paper_id) as n_with_industry
    from out_institution_papers as papers
    left join industry using (paper_id)
    group by papers.month
),

final as (
    select
        month,
        n_papers,
        n_with_institution,
        n_with_industry,
        100.0 * n_with_industry / n_papers as industry_share_pct,
        wilson_low_pct(n_with_industry, n_papers) as industry_share_low_pct,
        wilson_high_pct(n_with_industry, n_papers) as industry_share_high_pct,
        100.0 * n_with_industry / nullif(n_with_institution, 0) as industry_share_of_found_pct,
        wilson_low_pct(n_with_industry, n_with_institution) as industry_share_of_found_low_pct,
        wilson_high_pct(n_with_industry, n_with_institution)
            as industry_share_of_found_high_pct
    from counts
    order by month
)

select * from final;

-- Per month and institution found that month: the papers with at least one author there.
-- Columns: month, institution, type, country, n_papers (the month's papers behind the
-- shares), n_with (those naming the institution).
create or replace view out_institution_months as
with months as (
    select month, count(*) as n_papers from out_institution_papers group by month
),

hits as (
    select
        papers.month,
        found.institution,
        any_value(found.type) as type,
        any_value(found.country) as country,
        count(distinct found.paper_id) as n_with
    from core_paper_institutions as found
    join out_institution_papers as papers using (paper_id)
    group by papers.month, found.institution
),

final as (
    select hits.month, hits.institution, hits.type, hits.country, months.n_papers, hits.n_with
    from hits
    join months using (month)
)

select * from final;

-- A set of papers behind the institution shares: those of the months from first_month to
-- last_month, and (unless wanted_term is null) mentioning that curated term in their text.
-- Macro institution_paper_set(first_month, last_month, wanted_term).
-- Columns: paper_id, month, n_institutions.
create or replace macro institution_paper_set(first_month, last_month, wanted_term) as table
select papers.paper_id, papers.month, papers.n_institutions
from out_institution_papers as papers
where
    papers.month between first_month and last_month
    and (
        wanted_term is null
        or papers.paper_id in (select paper_id from core_paper_terms where term = wanted_term)
    );
