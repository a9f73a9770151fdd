-- The texts of the given papers (registered as batch_ids) now live in one new file.
-- Parameters: $text_file (VARCHAR, its path in the texts folder).
update core_paper_texts
set text_file = $text_file
where paper_id in (select paper_id from batch_ids);
