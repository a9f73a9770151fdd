-- Abstract-level counts, for papers whose full text could not be had (a snapshot-only
-- backfill, a PDF that failed): which curated terms their title + abstract mention. Kept
-- apart from the full-text counts (core_paper_terms), so the two series never mix.
-- core_abstract_counts: one row per paper whose title + abstract was counted.
create table if not exists core_abstract_counts (
    paper_id varchar not null,
    n_chars integer not null,
    counted_at timestamp not null
);

create table if not exists core_abstract_terms (
    paper_id varchar not null,
    term varchar not null,
    n_mentions integer not null
);
