-- Which months each text source holds counted papers for: what a command uses when no
-- source is asked for (full text where the months have it, else titles + abstracts).
-- Parameters: none. Columns: source, month, n_papers.
with final as (
    select source, month, count(*) as n_papers from out_source_papers group by all
)

select * from final order by source, month;
