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
