-- The share of each month's papers mentioning each curated term, anywhere and in the body
-- only, with 95% intervals, in one text source (out_term_share_by_month).
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts').
-- Columns: those of out_term_share_by_month (source first).
with final as (
    select * from out_term_share_by_month where source = $source
)

select * from final order by month, family, term;
