-- The share of each month's papers with an industry author (out_industry_share_by_month).
-- Columns: those of out_industry_share_by_month.
select * from out_industry_share_by_month order by month;
