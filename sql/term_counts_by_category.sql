-- The curated terms' counts per month within each category that counts (core_categories),
-- in one text source: the papers of the pooled shares' denominator (out_source_papers: text
-- counted, not garbled, in the categories) split by category, two ways: 'primary' (the
-- paper's primary category is it) and 'any' (it lists it, cross-lists included: a paper
-- listed in cs.LG and cs.CV counts in both). Mentions as the pooled shares count them
-- (term_mentions_of: anywhere, and in the body only).
-- Only the (category, membership, month) cells with papers, each with the terms mentioned in
-- it (a term without a row is 0; a cell without any mention has one row, term null).
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $last_month (DATE).
-- Columns: category, membership ('primary' or 'any'), month, n_papers, term, n_mentioning,
-- n_mentioning_body.
with counted as (
    select out_source_papers.paper_id, out_source_papers.month, core_papers.primary_category,
        core_papers.categories
    from out_source_papers
    join core_papers using (paper_id)
    where out_source_papers.source = $source and out_source_papers.month <= $last_month::date
),

members as (
    select paper_id, month, primary_category as category, 'primary' as membership
    from counted
    where primary_category in (select category from core_categories)
    union all
    select distinct paper_id, month, category, 'any' as membership
    from (select paper_id, month, unnest(categories) as category from counted)
),

wanted as (
    select * from members semi join core_categories using (category)
),

papers as (
    select category, membership, month, count(*) as n_papers
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
    join term_mentions_of($source) as mentions using (paper_id)
    group by all
),

final as (
    select papers.category, papers.membership, papers.month, papers.n_papers, mentions.term,
        coalesce(mentions.n_mentioning, 0) as n_mentioning,
        coalesce(mentions.n_mentioning_body, 0) as n_mentioning_body
    from papers
    left join mentions using (category, membership, month)
)

select * from final order by category, membership, month, term;
