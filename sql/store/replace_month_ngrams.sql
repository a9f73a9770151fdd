-- Replace one month's n-gram counts (registered as kept_ngrams: month, ngram, is_bigram,
-- n_papers, the rows at or above the month's min_df) and its record (counted_month: month,
-- n_papers_with_text, min_df), inside the caller's transaction.
delete from core_ngram_counts where month in (select month from counted_month);

-- Sorted, so a full-size month's row groups each span a narrow range of n-grams and a term
-- query (`where ngram = ...`) skips all but about one per month by min/max.
insert into core_ngram_counts
select month, ngram, is_bigram, n_papers from kept_ngrams order by ngram;

delete from core_ngram_months where month in (select month from counted_month);

insert into core_ngram_months
select month, n_papers_with_text, min_df, now() as counted_at from counted_month;

-- the hot lists this month's counts enter (its own and every later month's) are made again
delete from core_hot_list_terms
where source = 'fulltext' and month >= (select min(month) from counted_month);

delete from core_hot_list_months
where source = 'fulltext' and month >= (select min(month) from counted_month);
