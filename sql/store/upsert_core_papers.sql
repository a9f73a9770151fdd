-- Store papers and their versions (registered as batch_papers and batch_versions, rows of
-- core_papers and core_paper_versions), replacing what is stored of them: one row per
-- paper, of two in one batch the later version.
delete from core_papers where paper_id in (select paper_id from batch_papers);

delete from core_paper_versions where paper_id in (select paper_id from batch_papers);

insert into core_papers
select * from batch_papers
qualify row_number() over (partition by paper_id order by version desc, updated_at desc) = 1;

insert into core_paper_versions select distinct * from batch_versions;
