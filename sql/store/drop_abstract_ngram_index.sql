-- Drop the abstract n-gram index before counting many months at once (see schema 022).
-- Parameters: none.
drop index if exists core_abstract_ngram_counts_ngram;
