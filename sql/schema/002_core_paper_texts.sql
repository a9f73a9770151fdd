-- Full text of each paper whose PDF was read, normalised (NFKC, line-end hyphens joined,
-- form feeds between pages), with the version read, a quality flag ('ok', 'short',
-- 'garbled') and its zones as character offsets: the header is [0, header_end_char), the
-- references [references_start_char, references_end_char) (start null when no heading was
-- found; end null when they run to the end of the text); the rest is body (appendices too).
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

-- Added after the first databases were made: where the references end (an appendix begins).
alter table core_paper_texts add column if not exists references_end_char integer;
