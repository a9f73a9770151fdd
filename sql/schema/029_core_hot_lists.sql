-- The hot and not-hot lists, kept as months are published, so that a list for any month
-- reads a few hundred rows instead of the whole n-gram history (sql/hot_ngrams.sql reads
-- every row of every month up to it). For each source ('fulltext', 'abstracts'), counted
-- month and kind (is_not_hot), the first max_terms rows of sql/hot_ngrams.sql run with
-- min_papers (the lowest support the list serves): core_hot_list_months says a list was
-- made and how, core_hot_list_terms holds its rows in rank order (1 = first), with the
-- query's columns.
-- A list of month M reads the counts of months up to M only: every write of a month's
-- counts (sql/store/replace_month_ngrams.sql, replace_abstract_month_ngrams.sql) deletes the
-- lists of that month and every later one of its source, in its transaction, so a list
-- never outlives the counts it was made from. A month without a list is answered by
-- sql/hot_ngrams.sql itself (the same rows, slower) until the next write makes it.
-- A list with support P >= min_papers is this list's rows with that support (the ratio
-- and order do not depend on the support): exact while it holds enough of them, or while
-- n_terms < max_terms (the list is whole).
create table if not exists core_hot_list_months (
    source varchar not null,
    month date not null,
    is_not_hot boolean not null,
    min_papers integer not null,
    max_terms integer not null,
    n_terms integer not null,
    made_at timestamp not null
);

create table if not exists core_hot_list_terms (
    source varchar not null,
    month date not null,
    is_not_hot boolean not null,
    rank integer not null,
    term varchar not null,
    ratio double,
    ratio_kind varchar,
    is_new boolean,
    max_share_recent_pct double,
    max_share_before_pct double,
    is_bigram boolean,
    n_papers_recent integer,
    n_papers_with_text_recent integer,
    peak_month_recent date,
    n_papers_before integer,
    n_papers_with_text_before integer,
    peak_month_before date,
    max_pruned_share_recent_pct double,
    max_pruned_share_before_pct double,
    z_score double,
    ratio_low_95 double,
    ratio_high_95 double,
    is_significant boolean
);
