-- The n-gram counts within each category that counts (core_categories), for one text source
-- ('fulltext' or 'abstracts'): per month, how many of the papers of a (category, membership)
-- cell use each unigram and bigram, as core_ngram_counts counts them for the month's papers
-- pooled. membership 'primary': the papers whose primary category it is; 'any': the papers
-- that list it (cross-lists included). The papers are those the pooled counts count.
-- Each cell keeps at most a fixed number of n-grams a month (the store's
-- CATEGORY_NGRAMS_PER_CELL, the most used), none used by fewer than the month's pooled
-- min_df: core_ngram_category_months.min_df is the cell's own threshold, so a missing row
-- means "fewer than min_df papers of the cell". Replaced with the month's pooled counts.
create table if not exists core_ngram_category_counts (
    source varchar not null,
    month date not null,
    category varchar not null,
    membership varchar not null,
    ngram varchar not null,
    is_bigram boolean not null,
    n_papers integer not null
);

-- One row per (source, month, category, membership) counted: the cell's papers counted (its
-- shares' denominator; 0 when none), the threshold its rows were kept at, when.
create table if not exists core_ngram_category_months (
    source varchar not null,
    month date not null,
    category varchar not null,
    membership varchar not null,
    n_papers_with_text integer not null,
    min_df integer not null,
    counted_at timestamp not null
);

-- For people: the share of a cell's counted papers whose text (or title + abstract) holds
-- each stored n-gram. Columns: source, category, membership, month, ngram, is_bigram,
-- n_papers, n_papers_with_text, min_df, share_pct (0-100), share_low_pct, share_high_pct
-- (its 95% Wilson interval). A month without the n-gram's row used it in fewer than min_df
-- of the cell's papers.
create or replace view out_ngram_category_share_by_month as
with final as (
    select
        counts.source,
        counts.category,
        counts.membership,
        counts.month,
        counts.ngram,
        counts.is_bigram,
        counts.n_papers,
        cells.n_papers_with_text,
        cells.min_df,
        100.0 * counts.n_papers / cells.n_papers_with_text as share_pct,
        wilson_low_pct(counts.n_papers, cells.n_papers_with_text) as share_low_pct,
        wilson_high_pct(counts.n_papers, cells.n_papers_with_text) as share_high_pct
    from core_ngram_category_counts as counts
    join core_ngram_category_months as cells using (source, month, category, membership)
    where cells.n_papers_with_text > 0
)

select * from final;

-- The n-gram counts and counted months of one cell: every category pooled (wanted_category
-- 'all': ngram_counts_of / ngram_months_of) or one category, as primary category or any
-- listing (wanted_membership 'primary' or 'any'). Columns as ngram_counts_of and
-- ngram_months_of.
create or replace macro ngram_cell_counts_of(wanted_source, wanted_category, wanted_membership)
as table
select month, ngram, is_bigram, n_papers
from ngram_counts_of(wanted_source)
where wanted_category = 'all'
union all
select month, ngram, is_bigram, n_papers
from core_ngram_category_counts
where wanted_category <> 'all' and source = wanted_source and category = wanted_category
    and membership = wanted_membership;

create or replace macro ngram_cell_months_of(wanted_source, wanted_category, wanted_membership)
as table
select month, n_papers_with_text, min_df, counted_at
from ngram_months_of(wanted_source)
where wanted_category = 'all'
union all
select month, n_papers_with_text, min_df, counted_at
from core_ngram_category_months
where wanted_category <> 'all' and source = wanted_source and category = wanted_category
    and membership = wanted_membership;
