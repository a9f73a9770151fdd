-- Every texts file a row names, published or staged. Columns: text_file.
select text_file from core_paper_texts
union
select text_file from stage_paper_texts;
