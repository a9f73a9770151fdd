-- Replace one month's n-gram counts by category in one text source, inside the caller's
-- transaction: the month (registered as cell_month: source, month), its kept rows
-- (kept_cells: month, category, membership, ngram, is_bigram, n_papers) and every cell's
-- record (counted_cells: month, category, membership, n_papers_with_text, min_df; none: the
-- month is not counted by category).
delete from core_ngram_category_counts
where source = (select source from cell_month) and month = (select month from cell_month);

-- sorted, so a term query skips most row groups by min/max (as core_ngram_counts)
insert into core_ngram_category_counts
select cell_month.source, kept_cells.month, category, membership, ngram, is_bigram, n_papers
from kept_cells
cross join cell_month
order by ngram, category, membership;

delete from core_ngram_category_months
where source = (select source from cell_month) and month = (select month from cell_month);

insert into core_ngram_category_months
select cell_month.source, counted_cells.month, category, membership, n_papers_with_text,
    min_df, now()
from counted_cells
cross join cell_month;
