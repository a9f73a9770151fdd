-- The curated terms (refreshed from terms.toml on every ingest and recount) and which paper
-- mentions which term: one row per (paper_id, term) mentioned anywhere in the text, with its
-- number of mentions in each zone (a phrase cut by a zone boundary counts anywhere only).
create table if not exists core_terms (
    term varchar primary key,
    family varchar not null,
    label varchar not null,
    released_month date
);

create table if not exists core_paper_terms (
    paper_id varchar not null,
    term varchar not null,
    n_header integer not null,
    n_body integer not null,
    n_references integer not null
);
