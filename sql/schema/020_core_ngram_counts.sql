-- Open-vocabulary counts (pipeline/ngrams.py): for each month, how many of its papers'
-- texts contain each unigram and bigram (document frequency: a paper counts once), by the
-- tokenisation documented in `pipeline.ngrams.tokenize` / `bigrams`.
-- n-grams used by fewer than the month's `min_df` papers are not stored: a missing row
-- means "fewer than min_df papers" (share below 100 * min_df / n_papers_with_text).
-- A month is replaced whole, in one transaction. No primary key (bulk inserts stay fast);
-- one row per (month, ngram) is checked by the tests instead. A bigram is two tokens
-- joined by one space; a unigram never holds a space.
create table if not exists core_ngram_counts (
    month date not null,
    ngram varchar not null,
    is_bigram boolean not null,
    n_papers integer not null
);

-- One row per counted month: its papers with text (the denominator of every share), the
-- pruning threshold its rows were stored with, and when it was counted.
create table if not exists core_ngram_months (
    month date not null,
    n_papers_with_text integer not null,
    min_df integer not null,
    counted_at timestamp not null
);

-- For people: the share of each month's papers (with text) whose text holds each stored
-- n-gram. Columns: month, ngram, is_bigram, n_papers, n_papers_with_text, share_pct (0-100),
-- share_low_pct, share_high_pct (its 95% Wilson interval).
-- A month without the n-gram's row used it in fewer than min_df papers (core_ngram_months).
create or replace view out_ngram_share_by_month as
with counts as (
    select month, ngram, is_bigram, n_papers
    from core_ngram_counts
),

months as (
    select month, n_papers_with_text
    from core_ngram_months
    where n_papers_with_text > 0
),

final as (
    select
        counts.month,
        counts.ngram,
        counts.is_bigram,
        counts.n_papers,
        months.n_papers_with_text,
        100.0 * counts.n_papers / months.n_papers_with_text as share_pct,
        wilson_low_pct(counts.n_papers, months.n_papers_with_text) as share_low_pct,
        wilson_high_pct(counts.n_papers, months.n_papers_with_text) as share_high_pct
    from counts
    join months using (month)
)

select * from final;
