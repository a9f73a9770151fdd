-- What a long-running read has stored and not yet published: the papers of the arXiv API's
-- query windows, and the texts, mentions and failures of PDFs read from arXiv or added from
-- files. Each chunk is committed here, so an interrupted run keeps what it fetched and read;
-- the step's end moves everything into the core tables, with the n-gram counts of the months
-- whose texts changed, in one transaction (pipeline/store_stage.py). So the core tables only
-- ever hold a month as a finished step left it. Each has the columns of the core table it
-- feeds, taken from it.
create table if not exists stage_papers as select * from core_papers limit 0;

create table if not exists stage_paper_versions as select * from core_paper_versions limit 0;

-- The metadata of an all-or-nothing input (a snapshot file), staged apart: moved into the
-- tables above only by the publish of the run that read the input to its end, and dropped by
-- the next such run; so a file that breaks off publishes nothing, now or later.
create table if not exists stage_input_papers as select * from core_papers limit 0;

create table if not exists stage_input_versions as select * from core_paper_versions limit 0;

create table if not exists stage_paper_terms as select * from core_paper_terms limit 0;

create table if not exists stage_extract_failures as
select * from core_extract_failures limit 0;

-- The texts' rows as core_paper_texts has them (the texts in their files, as there).
create table if not exists stage_paper_texts as select * from core_paper_texts limit 0;
