-- The imported registry's institutions, in the order of the dump.
-- Columns: release, name, type, country, parent, aliases, domains.
select release, name, type, country, parent, aliases, domains
from core_ror_institutions
order by rowid;
