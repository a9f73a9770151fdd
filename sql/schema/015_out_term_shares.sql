-- Share of each month's papers mentioning each curated term, in one text source:
-- 'fulltext' (the papers whose text counts) or 'abstracts' (every paper of the categories
-- whose title + abstract was counted, read or not): out_source_papers. The two never mix.
-- Anywhere in the text (the original method, bibliography included) and in the body only
-- (no header with author names, no references with cited titles; an abstract is all body,
-- so its body shares equal its shares).
-- Every (month, term) pair is present, with zeros where nobody mentions the term.
-- Macro term_shares_by_month(wanted_source): 'fulltext' or 'abstracts'.
-- Columns: month, family, term, label, n_papers, n_mentioning, share_pct (0-100),
-- share_low_pct, share_high_pct (its 95% Wilson interval), n_mentioning_body,
-- share_body_pct, share_body_low_pct, share_body_high_pct.
-- The curated terms' mentions in one text source, per paper and zone: 'fulltext'
-- (core_paper_terms) or 'abstracts' (core_abstract_terms: all body).
-- Macro term_mentions_of(wanted_source). Columns: paper_id, term, n_header, n_body,
-- n_references.
create or replace macro term_mentions_of(wanted_source) as table
select paper_id, term, n_header, n_body, n_references
from core_paper_terms
where wanted_source = 'fulltext'
union all
select paper_id, term, 0 as n_header, n_mentions as n_body, 0 as n_references
from core_abstract_terms
where wanted_source = 'abstracts';

create or replace macro term_shares_by_month(wanted_source) as table
with counted as (
    select paper_id, month from out_source_papers where source = wanted_source
),

months as (
    select month, count(*) as n_papers from counted group by month
),

all_mentions as (
    select paper_id, term, n_body > 0 as is_in_body from term_mentions_of(wanted_source)
),

mentions as (
    select
        counted.month,
        all_mentions.term,
        count(distinct paper_id) as n_mentioning,
        count(distinct paper_id) filter (where all_mentions.is_in_body) as n_mentioning_body
    from all_mentions
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
        100.0 * coalesce(mentions.n_mentioning, 0) / months.n_papers as share_pct,
        wilson_low_pct(coalesce(mentions.n_mentioning, 0), months.n_papers) as share_low_pct,
        wilson_high_pct(coalesce(mentions.n_mentioning, 0), months.n_papers) as share_high_pct,
        coalesce(mentions.n_mentioning_body, 0) as n_mentioning_body,
        100.0 * coalesce(mentions.n_mentioning_body, 0) / months.n_papers as share_body_pct,
        wilson_low_pct(coalesce(mentions.n_mentioning_body, 0), months.n_papers)
            as share_body_low_pct,
        wilson_high_pct(coalesce(mentions.n_mentioning_body, 0), months.n_papers)
            as share_body_high_pct
    from months
    cross join core_terms
    left join mentions on mentions.month = months.month and mentions.term = core_terms.term
    order by months.month, core_terms.family, core_terms.term
)

select * from final;

-- Both series, each row naming its source ('fulltext' or 'abstracts'): filter on source.
-- Columns: source, then those of term_shares_by_month.
drop view if exists out_abstract_term_share_by_month;

create or replace view out_term_share_by_month as
with final as (
    select 'fulltext' as source, * from term_shares_by_month('fulltext')
    union all
    select 'abstracts' as source, * from term_shares_by_month('abstracts')
)

select * from final;
