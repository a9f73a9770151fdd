-- Replace the institutions of the papers just matched (registered as batch_reads: paper_id,
-- version, list_version, n_institutions; and batch_institutions: the rows of
-- core_paper_institutions), in the caller's transaction.
delete from core_paper_institutions
where paper_id in (select paper_id from batch_reads);

delete from core_institution_reads
where paper_id in (select paper_id from batch_reads);

insert into core_paper_institutions by name
select paper_id, institution, type, country, evidence, found_in from batch_institutions;

insert into core_institution_reads by name
select paper_id, version, list_version, n_institutions from batch_reads;
