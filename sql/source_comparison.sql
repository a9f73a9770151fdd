-- How abstract-level shares differ from full-text ones, measured on the same papers: those
-- up to $last_month counted in both sources (full text read, title + abstract counted).
-- Per curated term: the share of those papers mentioning it in the full text (anywhere, the
-- original method; and in the body only) and in the title + abstract, and abstracts' share
-- as a fraction of full text's (null when no full text mentions it).
-- Parameters: $last_month (DATE, first of month).
-- Columns: family, term, label, n_papers, n_fulltext, n_fulltext_body, n_abstracts,
-- share_fulltext_pct, share_fulltext_body_pct, share_abstracts_pct, abstracts_over_fulltext.
with in_both as (
    select paper_id from out_source_papers
    where source = 'fulltext' and month <= $last_month::date
    intersect
    select paper_id from out_source_papers
    where source = 'abstracts' and month <= $last_month::date
),

n_both as (
    select count(*) as n_papers from in_both
),

fulltext as (
    select
        term,
        count(*) as n_fulltext,
        count(*) filter (where n_body > 0) as n_fulltext_body
    from term_mentions_of('fulltext')
    semi join in_both using (paper_id)
    group by term
),

abstracts as (
    select term, count(*) as n_abstracts
    from term_mentions_of('abstracts')
    semi join in_both using (paper_id)
    group by term
),

final as (
    select
        core_terms.family,
        core_terms.term,
        core_terms.label,
        n_both.n_papers,
        coalesce(fulltext.n_fulltext, 0) as n_fulltext,
        coalesce(fulltext.n_fulltext_body, 0) as n_fulltext_body,
        coalesce(abstracts.n_abstracts, 0) as n_abstracts,
        100.0 * coalesce(fulltext.n_fulltext, 0) / nullif(n_both.n_papers, 0)
            as share_fulltext_pct,
        100.0 * coalesce(fulltext.n_fulltext_body, 0) / nullif(n_both.n_papers, 0)
            as share_fulltext_body_pct,
        100.0 * coalesce(abstracts.n_abstracts, 0) / nullif(n_both.n_papers, 0)
            as share_abstracts_pct,
        coalesce(abstracts.n_abstracts, 0) / nullif(fulltext.n_fulltext, 0)
            as abstracts_over_fulltext
    from core_terms
    cross join n_both
    left join fulltext using (term)
    left join abstracts using (term)
    order by core_terms.family, n_fulltext desc, core_terms.term
)

select * from final;
