-- Drill-down: the papers behind one point of a curated term's series, i.e. the papers of
-- $month whose text in one source (full text, or title + abstract: all body) mentions $term
-- (anywhere, or in the body only).
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $term (VARCHAR, a term of
-- core_terms), $month (DATE, first of month), $is_body_only (BOOLEAN).
-- Columns: paper_id, title, url, primary_category, n_header, n_body, n_references.
with counted as (
    select paper_id from out_source_papers
    where source = $source and month = $month::date
),

mentions as (
    select * from term_mentions_of($source)
    where term = $term and (n_body > 0 or not $is_body_only)
),

final as (
    select
        core_papers.paper_id,
        core_papers.title,
        'https://arxiv.org/abs/' || core_papers.paper_id as url,
        core_papers.primary_category,
        mentions.n_header,
        mentions.n_body,
        mentions.n_references
    from mentions
    join counted using (paper_id)
    join core_papers using (paper_id)
    order by core_papers.paper_id
)

select * from final;
