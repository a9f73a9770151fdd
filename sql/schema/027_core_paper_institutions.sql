-- The institutions on each paper's title page (pipeline/count/institutions.py): the title
-- zone, page 1's affiliation footnotes and its e-mail domains, each institution once per
-- paper, a sub-unit counted as its topmost parent.
-- core_institution_reads: one row per paper whose stored text was matched: the text's
-- version, the institutions list it was matched with (its version, the ROR release imported
-- and whether DeepMind folds into Google) and how many institutions were found. A paper read
-- again at a newer version, or never matched, is matched by the next ingest; `recount`
-- matches every paper again.
create table if not exists core_institution_reads (
    paper_id varchar not null,
    version integer,
    list_version varchar not null,
    n_institutions integer not null
);

-- core_paper_institutions: one row per (paper, institution): its type (industry, academia,
-- government, nonprofit), country (ISO 3166-1 alpha-2, '' if unknown), the text that matched
-- (evidence) and where it was found ('affiliation': the title zone, 'footnote', 'email').
create table if not exists core_paper_institutions (
    paper_id varchar not null,
    institution varchar not null,
    type varchar not null,
    country varchar not null,
    evidence varchar not null,
    found_in varchar not null
);
