-- The stored texts of one month's papers and the files holding them.
-- Parameters: $month (DATE). Columns: paper_id, version, text_file.
select core_paper_texts.paper_id, core_paper_texts.version, core_paper_texts.text_file
from core_paper_texts
inner join core_papers using (paper_id)
where core_papers.month = $month
order by core_paper_texts.text_file, core_paper_texts.paper_id;
