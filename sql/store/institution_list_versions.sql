-- The institutions lists the stored matches were made with, and how many papers each.
-- Columns: list_version, n_papers.
select list_version, count(*) as n_papers
from core_institution_reads
group by list_version
order by list_version;
