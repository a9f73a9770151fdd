-- The curated terms one paper mentions, with its number of mentions in each zone: the first
-- thing to look at when a number looks wrong.
-- Parameters: $paper_id (VARCHAR, base id such as 1706.03762).
-- Columns: paper_id, family, term, n_header, n_body, n_references.
with mentions as (
    select * from core_paper_terms where paper_id = $paper_id
),

final as (
    select
        mentions.paper_id,
        core_terms.family,
        mentions.term,
        mentions.n_header,
        mentions.n_body,
        mentions.n_references
    from mentions
    join core_terms using (term)
    order by core_terms.family, mentions.term
)

select * from final;
