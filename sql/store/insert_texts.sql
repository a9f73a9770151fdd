-- Store a chunk of texts and their curated-term mentions (registered as batch_texts and
-- batch_mentions), inside a whole-month write.
insert into core_paper_texts select * from batch_texts;

insert into core_paper_terms select * from batch_mentions;
