-- Papers: one row per base arXiv id, at the version last read (title and abstract with
-- whitespace runs collapsed).
-- month is the first day of the month of the v1 submission (UTC), never of the last update.
-- source says where the metadata came from: 'arxiv' (the API), 'feed' (a local Atom file),
-- 'sample' (the generated sample corpus).
create table if not exists core_papers (
    paper_id varchar primary key,
    version integer not null,
    title varchar,
    abstract varchar,
    authors varchar[],
    primary_category varchar,
    categories varchar[],
    published_at timestamp not null,
    updated_at timestamp,
    month date not null,
    source varchar not null
);

-- The categories whose papers count in every share (the `categories` setting, default the
-- six ML categories), refreshed by every ingest that reads texts and every recount.
create table if not exists core_categories (
    category varchar primary key
);

insert into core_categories
select unnest(['cs.AI', 'cs.LG', 'cs.CV', 'cs.CL', 'cs.NE', 'stat.ML']) as category
where not exists (select 1 from core_categories);
