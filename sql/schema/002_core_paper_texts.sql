-- Each paper whose PDF was read: the version read, its text's length and a quality flag
-- ('ok', 'short', 'garbled'), its zones as character offsets (the header is
-- [0, header_end_char), the references [references_start_char, references_end_char), start
-- null when no heading was found, end null when they run to the end of the text; the rest
-- is body, appendices too) and the file that holds the text itself.
-- The texts (normalised: NFKC, line-end hyphens joined, form feeds between pages) are not in
-- the database: they are zstd Parquet files in the folder `<database name>.texts/` beside
-- it, one folder a month (`2017-03/<id>.parquet`: paper_id, version, text, text_file), each
-- written under a temporary name and renamed, never changed after. `text_file` is that
-- file's path inside the folder. So the database stays small, and its read copy with it.
create table if not exists core_paper_texts (
    paper_id varchar not null,
    version integer,
    n_chars integer not null,
    quality varchar not null,
    header_end_char integer not null,
    references_start_char integer,
    references_end_char integer,
    text_file varchar not null
);
