-- Store a chunk of texts' rows (each naming the file its text was written to) and their
-- curated-term mentions (registered as batch_texts and
-- batch_mentions), inside a whole-month write.
insert into core_paper_texts by name select * from batch_texts;

insert into core_paper_terms select * from batch_mentions;
