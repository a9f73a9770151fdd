-- Every known version of a paper with its submission time (UTC). The snapshot gives all
-- versions; the API gives v1 (published) and the latest (updated).
create table if not exists core_paper_versions (
    paper_id varchar not null,
    version integer not null,
    created_at timestamp
);
