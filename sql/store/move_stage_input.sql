-- At the publish of the run that read an all-or-nothing input to its end: its staged
-- metadata joins the rest of what is staged (replacing what is staged of those papers), to
-- be published with it, inside the publish's transaction.
delete from stage_papers where paper_id in (select paper_id from stage_input_papers);

delete from stage_paper_versions where paper_id in (select paper_id from stage_input_papers);

insert into stage_papers select * from stage_input_papers;

insert into stage_paper_versions select * from stage_input_versions;

delete from stage_input_versions;

delete from stage_input_papers;
