-- term_counts_by_category_of(wanted_source, last_month): the curated terms' counts per
-- month within each category that counts (core_categories), in one text source, up to
-- last_month: the papers of the pooled shares' denominator (out_source_papers: text
-- counted, not garbled, in the categories) split by category, two ways: 'primary' (the
-- paper's primary category is it) and 'any' (it lists it, cross-lists included: a paper
-- listed in cs.LG and cs.CV counts in both). Mentions as the pooled shares count them
-- (term_mentions_of: anywhere, and in the body only).
-- Every (category, membership, month) cell with papers of the categories (n_listed: counted
-- or not, as the pooled out_papers_by_month.n_papers), every curated term (zeros included),
-- with the shares of the counted ones (n_papers) and their 95% Wilson intervals, as
-- out_term_share_by_month has them for the pooled papers (null where none is counted).
-- Columns: category, membership ('primary' or 'any'), month, family, term, label, n_listed,
-- n_papers, n_mentioning, share_pct, share_low_pct, share_high_pct, n_mentioning_body,
-- share_body_pct, share_body_low_pct, share_body_high_pct.
create or replace macro term_counts_by_category_of(wanted_source, last_month) as table
with listed as (
    select
        out_counted_papers.paper_id,
        out_counted_papers.month,
        core_papers.primary_category,
        core_papers.categories,
        source_papers.paper_id is not null as is_counted
    from out_counted_papers
    join core_papers using (paper_id)
    left join out_source_papers as source_papers
        on source_papers.paper_id = out_counted_papers.paper_id
            and source_papers.source = wanted_source
    where out_counted_papers.is_in_categories and out_counted_papers.month <= last_month::date
),

members as (
    select paper_id, month, is_counted, primary_category as category, 'primary' as membership
    from listed
    where primary_category in (select category from core_categories)
    union all
    select distinct paper_id, month, is_counted, category, 'any' as membership
    from (select paper_id, month, is_counted, unnest(categories) as category from listed)
),

wanted as (
    select * from members semi join core_categories using (category)
),

papers as (
    select category, membership, month, count(*) as n_listed,
        count(*) filter (where is_counted) as n_papers
    from wanted
    group by all
),

mentions as (
    select
        wanted.category,
        wanted.membership,
        wanted.month,
        mentions.term,
        count(distinct paper_id) as n_mentioning,
        count(distinct paper_id) filter (where mentions.n_body > 0) as n_mentioning_body
    from wanted
    join term_mentions_of(wanted_source) as mentions using (paper_id)
    where wanted.is_counted
    group by all
),

final as (
    select
        papers.category,
        papers.membership,
        papers.month,
        core_terms.family,
        core_terms.term,
        core_terms.label,
        papers.n_listed,
        papers.n_papers,
        coalesce(mentions.n_mentioning, 0) as n_mentioning,
        100.0 * coalesce(mentions.n_mentioning, 0) / papers.n_papers as share_pct,
        wilson_low_pct(coalesce(mentions.n_mentioning, 0), papers.n_papers) as share_low_pct,
        wilson_high_pct(coalesce(mentions.n_mentioning, 0), papers.n_papers) as share_high_pct,
        coalesce(mentions.n_mentioning_body, 0) as n_mentioning_body,
        100.0 * coalesce(mentions.n_mentioning_body, 0) / papers.n_papers as share_body_pct,
        wilson_low_pct(coalesce(mentions.n_mentioning_body, 0), papers.n_papers)
            as share_body_low_pct,
        wilson_high_pct(coalesce(mentions.n_mentioning_body, 0), papers.n_papers)
            as share_body_high_pct
    from papers
    cross join core_terms
    left join mentions using (category, membership, month, term)
)

select * from final;
