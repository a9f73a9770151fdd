-- Drop what an all-or-nothing input that did not finish staged (its papers, their versions).
delete from stage_input_versions;

delete from stage_input_papers;
