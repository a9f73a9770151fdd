-- bench/bench_scale.py: the store's papers, their texts' rows and their institutions
-- repeated (paper_id.k, for k = 1, 2, ...) until they are about wanted.n_papers (a lent frame
-- of one row); then how many papers there are. The texts themselves are not copied.
create temp table copies as
select k
from range(1, 100000) as numbers(k)
where k < (select round(any_value(wanted.n_papers) / count(*)) from core_papers, wanted);

insert into core_papers
select papers.* replace (papers.paper_id || '.' || copies.k as paper_id)
from core_papers as papers, copies;

insert into core_paper_texts
select texts.* replace (texts.paper_id || '.' || copies.k as paper_id)
from core_paper_texts as texts, copies;

insert into core_institution_reads
select reads.* replace (reads.paper_id || '.' || copies.k as paper_id)
from core_institution_reads as reads, copies;

insert into core_paper_institutions
select found.* replace (found.paper_id || '.' || copies.k as paper_id)
from core_paper_institutions as found, copies;

select count(*) from core_papers;
