-- Each curated term's background rate: its share in the months before the thing existed
-- (out_term_background), in one text source.
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts').
-- Columns: those of out_term_background.
with final as (
    select * from out_term_background where source = $source
)

select * from final order by family, term;
