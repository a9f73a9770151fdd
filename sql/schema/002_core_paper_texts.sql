-- Full text of each paper whose PDF was read, normalised (NFKC, line-end hyphens joined).
-- zstd keeps checkpoints fast on long strings.
create table if not exists core_paper_texts (
    paper_id varchar not null,
    n_chars integer not null,
    text varchar using compression zstd
);
