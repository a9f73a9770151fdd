-- Replace the imported registry with a dump's institutions (registered as batch_ror: the
-- columns of core_ror_institutions), in the caller's transaction.
delete from core_ror_institutions;

insert into core_ror_institutions by name
select ror_id, name, type, country, parent, aliases, domains, release from batch_ror;
