-- Build the abstract n-gram index again after counting many months at once (schema 022).
-- Parameters: none.
create index if not exists core_abstract_ngram_counts_ngram
on core_abstract_ngram_counts (ngram);
