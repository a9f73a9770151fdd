-- Full text of each paper whose PDF was read, normalised (NFKC, line-end hyphens joined,
-- form feeds between pages), with the version read, a quality flag ('ok', 'short',
-- 'garbled') and its zones as character offsets: the header is [0, header_end_char), the
-- references [references_start_char, n_chars) (null when no heading was found).
-- zstd keeps checkpoints fast on long strings.
create table if not exists core_paper_texts (
    paper_id varchar not null,
    version integer,
    n_chars integer not null,
    quality varchar not null,
    header_end_char integer not null,
    references_start_char integer,
    text varchar using compression zstd
);
