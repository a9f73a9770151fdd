-- The curated terms in use (from the terms file, refreshed by every ingest and recount).
-- Parameters: none. Columns: family, term, label, released_month.
with final as (
    select family, term, label, released_month from core_terms
)

select * from final order by family, term;
