-- The texts of the given papers (registered as batch_ids) were written to one file.
-- Parameters: $text_file (VARCHAR).
update {table} set text_file = $text_file where paper_id in (select paper_id from batch_ids);
