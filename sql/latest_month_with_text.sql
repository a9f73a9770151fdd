-- The most recent month with any paper counted in one text source (null when none).
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'). Columns: month.
with final as (
    select max(month) as month from out_source_papers where source = $source
)

select * from final;
