-- Which layout of these schema files the database holds (pipeline/store/migrate.py): one row
-- per stamp, the highest version current. A newer version than the code knows is refused.
create table if not exists meta_schema (
    version integer not null,
    stamped_at timestamp not null,
    code_version varchar not null
);
