-- Share of each month's papers mentioning each curated term: anywhere in the full text
-- (the original method, bibliography included) and in the body only (no header with author
-- names, no references with cited titles).
-- The denominator is the month's papers whose text was read (failed PDFs are left out).
-- Every (month, term) pair is present, with zeros where nobody mentions the term.
-- Columns: month, family, term, label, n_papers, n_mentioning, share_pct (0-100),
-- n_mentioning_body, share_body_pct (0-100).
create or replace view out_term_share_by_month as
with read_papers as (
    select core_papers.paper_id, core_papers.month
    from core_papers
    semi join core_paper_texts using (paper_id)
),

months as (
    select month, count(*) as n_papers
    from read_papers
    group by month
),

mentions as (
    select
        read_papers.month,
        core_paper_terms.term,
        count(distinct paper_id) as n_mentioning,
        count(distinct paper_id) filter (where core_paper_terms.n_body > 0) as n_mentioning_body
    from core_paper_terms
    join read_papers using (paper_id)
    group by all
),

final as (
    select
        months.month,
        core_terms.family,
        core_terms.term,
        core_terms.label,
        months.n_papers,
        coalesce(mentions.n_mentioning, 0) as n_mentioning,
        100.0 * coalesce(mentions.n_mentioning, 0) / months.n_papers as share_pct,
        coalesce(mentions.n_mentioning_body, 0) as n_mentioning_body,
        100.0 * coalesce(mentions.n_mentioning_body, 0) / months.n_papers as share_body_pct
    from months
    cross join core_terms
    left join mentions on mentions.month = months.month and mentions.term = core_terms.term
    order by months.month, core_terms.family, core_terms.term
)

select * from final;
