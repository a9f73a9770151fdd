-- For people: each paper's month with the curated terms it mentions, one row per mention, in
-- each text source ('fulltext': its full text; 'abstracts': its title + abstract).
-- Columns: source, month, paper_id, primary_category, family, term, label.
create or replace view out_paper_terms as
with mentions as (
    select 'fulltext' as source, paper_id, term from term_mentions_of('fulltext')
    union all
    select 'abstracts' as source, paper_id, term from term_mentions_of('abstracts')
),

final as (
    select
        mentions.source,
        core_papers.month,
        core_papers.paper_id,
        core_papers.primary_category,
        core_terms.family,
        core_terms.term,
        core_terms.label
    from mentions
    join core_papers using (paper_id)
    join core_terms using (term)
)

select * from final;
