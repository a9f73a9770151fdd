-- How many papers an all-or-nothing input that did not finish left staged.
-- Parameters: none. Columns: n_papers.
select count(*) as n_papers from stage_input_papers;
