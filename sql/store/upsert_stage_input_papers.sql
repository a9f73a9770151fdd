-- As upsert_stage_papers.sql, into the tables of an all-or-nothing input's metadata.
delete from stage_input_papers where paper_id in (select paper_id from batch_papers);

delete from stage_input_versions where paper_id in (select paper_id from batch_papers);

insert into stage_input_papers
select * from batch_papers
qualify row_number() over (partition by paper_id order by version desc, updated_at desc) = 1;

insert into stage_input_versions select distinct * from batch_versions;
