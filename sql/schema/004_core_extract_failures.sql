-- Papers whose PDF could not be fetched or read, with the reason; a later run retries them.
create table if not exists core_extract_failures (
    paper_id varchar not null,
    pdf_path varchar,
    reason varchar not null,
    n_attempts integer not null,
    failed_at timestamp not null
);
