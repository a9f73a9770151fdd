-- The full-text share of each month's papers mentioning each curated term, anywhere and in
-- the body only, with 95% intervals (out_term_share_by_month). Parameters: none.
-- Columns: those of out_term_share_by_month.
with final as (
    select * from out_term_share_by_month
)

select * from final order by month, family, term;
