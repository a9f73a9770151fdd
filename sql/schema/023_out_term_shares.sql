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

-- The counts the shares of one text source divide: per month, its papers (n_papers) and,
-- per curated term, those mentioning it anywhere and in the body. Full text from its papers
-- (out_source_papers) and their mentions; abstracts from the totals written as each month is
-- counted (core_abstract_ngram_months, core_abstract_term_months: the same papers).
-- Macro term_counts_by_month(wanted_source). Columns: month, term, n_papers, n_mentioning,
-- n_mentioning_body.
create or replace macro term_counts_by_month(wanted_source) as table
with counted as (
    select paper_id, month from out_source_papers where source = 'fulltext'
),

months as (
    select month, count(*) as n_papers from counted group by month
),

mentions as (
    select
        counted.month,
        core_paper_terms.term,
        count(distinct paper_id) as n_mentioning,
        count(distinct paper_id) filter (where core_paper_terms.n_body > 0)
            as n_mentioning_body
    from core_paper_terms
    join counted using (paper_id)
    group by all
)

select
    months.month,
    core_terms.term,
    months.n_papers,
    coalesce(mentions.n_mentioning, 0) as n_mentioning,
    coalesce(mentions.n_mentioning_body, 0) as n_mentioning_body
from months
cross join core_terms
left join mentions on mentions.month = months.month and mentions.term = core_terms.term
where wanted_source = 'fulltext'
union all
select
    months.month,
    core_terms.term,
    months.n_papers_with_text as n_papers,
    coalesce(totals.n_mentioning, 0) as n_mentioning,
    coalesce(totals.n_mentioning, 0) as n_mentioning_body
from core_abstract_ngram_months as months
semi join core_abstract_term_months using (month)
cross join core_terms
left join core_abstract_term_months as totals
    on totals.month = months.month and totals.term = core_terms.term
where wanted_source = 'abstracts' and months.n_papers_with_text > 0;

create or replace macro term_shares_by_month(wanted_source) as table
with counts as (
    select * from term_counts_by_month(wanted_source)
),

final as (
    select
        counts.month,
        core_terms.family,
        counts.term,
        core_terms.label,
        counts.n_papers,
        counts.n_mentioning,
        100.0 * counts.n_mentioning / counts.n_papers as share_pct,
        wilson_low_pct(counts.n_mentioning, counts.n_papers) as share_low_pct,
        wilson_high_pct(counts.n_mentioning, counts.n_papers) as share_high_pct,
        counts.n_mentioning_body,
        100.0 * counts.n_mentioning_body / counts.n_papers as share_body_pct,
        wilson_low_pct(counts.n_mentioning_body, counts.n_papers) as share_body_low_pct,
        wilson_high_pct(counts.n_mentioning_body, counts.n_papers) as share_body_high_pct
    from counts
    join core_terms using (term)
    order by counts.month, core_terms.family, counts.term
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
