-- The curated terms (refreshed from terms.toml on every ingest) and which paper mentions
-- which term: one row per (paper_id, term) mentioned anywhere in the text, with the zones
-- it is mentioned in (a phrase cut by a zone boundary counts anywhere only).
create table if not exists core_terms (
    term varchar primary key,
    family varchar not null,
    label varchar not null,
    released_month date
);

create table if not exists core_paper_terms (
    paper_id varchar not null,
    term varchar not null,
    in_header boolean not null,
    in_body boolean not null,
    in_references boolean not null
);
