-- Publish: move everything staged into the core tables, replacing what they held of those
-- papers (the temp tables staged_papers and staged_reads, from mark_staged.sql), and empty
-- the stage tables. Runs inside the publish's transaction.
delete from core_papers where paper_id in (select paper_id from staged_papers);
insert into core_papers select * from stage_papers;
delete from stage_papers;

delete from core_paper_versions where paper_id in (select paper_id from staged_papers);
insert into core_paper_versions select * from stage_paper_versions;
delete from stage_paper_versions;

delete from core_paper_texts where paper_id in (select paper_id from staged_reads);
insert into core_paper_texts by name select * from stage_paper_texts;
delete from stage_paper_texts;

delete from core_paper_terms where paper_id in (select paper_id from staged_reads);
insert into core_paper_terms select * from stage_paper_terms;
delete from stage_paper_terms;

delete from core_extract_failures where paper_id in (select paper_id from staged_reads);
insert into core_extract_failures select * from stage_extract_failures;
delete from stage_extract_failures;
