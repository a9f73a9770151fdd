-- Where each paper's counts come from: 'full_text' (its PDF was read), 'abstract' (only its
-- title + abstract was counted) or 'none' (not counted yet).
-- Columns: paper_id, month, text_source.
create or replace view out_paper_text_source as
with full_texts as (
    select distinct paper_id from core_paper_texts
),

abstracts as (
    select distinct paper_id from core_abstract_counts
),

final as (
    select
        core_papers.paper_id,
        core_papers.month,
        case
            when full_texts.paper_id is not null then 'full_text'
            when abstracts.paper_id is not null then 'abstract'
            else 'none'
        end as text_source
    from core_papers
    left join full_texts using (paper_id)
    left join abstracts using (paper_id)
)

select * from final;

-- The abstract-level series: share of each month's papers counted on title + abstract only
-- (no full text) that mention each curated term. Never mixed with out_term_share_by_month.
-- Columns: month, family, term, label, n_papers, n_mentioning, share_pct (0-100).
create or replace view out_abstract_term_share_by_month as
with counted as (
    select paper_id, month from out_paper_text_source where text_source = 'abstract'
),

months as (
    select month, count(*) as n_papers from counted group by month
),

mentions as (
    select counted.month, core_abstract_terms.term, count(distinct paper_id) as n_mentioning
    from core_abstract_terms
    join counted using (paper_id)
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
        100.0 * coalesce(mentions.n_mentioning, 0) / months.n_papers as share_pct
    from months
    cross join core_terms
    left join mentions on mentions.month = months.month and mentions.term = core_terms.term
    order by months.month, core_terms.family, core_terms.term
)

select * from final;
