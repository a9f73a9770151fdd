-- Stage one chunk of reads, replacing what was staged of its papers (registered as
-- batch_ids; their texts' rows, naming the file written for them, as batch_texts, mentions as batch_mentions; their failures, with
-- their attempts counted, as the temp table counted_failures).
delete from stage_paper_texts where paper_id in (select paper_id from batch_ids);

delete from stage_paper_terms where paper_id in (select paper_id from batch_ids);

delete from stage_extract_failures where paper_id in (select paper_id from batch_ids);

insert into stage_paper_texts by name select * from batch_texts;

insert into stage_paper_terms select * from batch_mentions;

insert into stage_extract_failures select * from counted_failures;
