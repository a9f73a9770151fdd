-- The Research Organization Registry's organisations, imported from a dump
-- (`arxiv-trends import-ror`), as institutions: name, type (industry, academia, government,
-- nonprofit), country, parent (a name), aliases and domains; and the dump's release. The
-- reviewed institutions file wins where both match (pipeline/count/ror.py). Replaced whole by
-- each import.
create table if not exists core_ror_institutions (
    ror_id varchar not null,
    name varchar not null,
    type varchar not null,
    country varchar not null,
    parent varchar not null,
    aliases varchar[] not null,
    domains varchar[] not null,
    release varchar not null
);
