-- Each curated term's background rate: its share in the months before the thing existed
-- (out_term_background). Parameters: none. Columns: those of out_term_background.
with final as (
    select * from out_term_background
)

select * from final order by family, term;
