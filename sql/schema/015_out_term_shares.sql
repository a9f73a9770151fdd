-- Share of each month's papers mentioning each curated term, in one text source: 'full_text'
-- (the papers whose text counts, out_counted_papers) or 'abstract' (every paper of the
-- categories whose title + abstract was counted, read or not). The two never mix.
-- Anywhere in the text (the original method, bibliography included) and in the body only
-- (no header with author names, no references with cited titles; an abstract is all body).
-- Every (month, term) pair is present, with zeros where nobody mentions the term.
-- Macro term_shares_by_month(wanted_source): wanted_source is 'full_text' or 'abstract'.
-- Columns: month, family, term, label, n_papers, n_mentioning, share_pct (0-100),
-- share_low_pct, share_high_pct (its 95% Wilson interval), n_mentioning_body,
-- share_body_pct, share_body_low_pct, share_body_high_pct.
create or replace macro term_shares_by_month(wanted_source) as table
with counted as (
    select paper_id, month from out_counted_papers
    where wanted_source = 'full_text' and is_counted
    union all
    select paper_id, month from out_counted_papers
    semi join core_abstract_counts using (paper_id)
    where wanted_source = 'abstract' and is_in_categories
),

months as (
    select month, count(*) as n_papers from counted group by month
),

all_mentions as (
    select paper_id, term, n_body > 0 as is_in_body
    from core_paper_terms
    where wanted_source = 'full_text'
    union all
    select paper_id, term, true as is_in_body
    from core_abstract_terms
    where wanted_source = 'abstract'
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

-- The full-text series: what the report and the `table` command show.
create or replace view out_term_share_by_month as
with final as (
    select * from term_shares_by_month('full_text')
)

select * from final;

-- The abstract-level series: every paper of the categories, on its title + abstract.
-- Columns: month, family, term, label, n_papers, n_mentioning, share_pct (0-100),
-- share_low_pct, share_high_pct.
create or replace view out_abstract_term_share_by_month as
with final as (
    select * exclude (n_mentioning_body, share_body_pct, share_body_low_pct, share_body_high_pct)
    from term_shares_by_month('abstract')
)

select * from final;
