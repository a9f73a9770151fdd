-- The stored texts, read from their files (registered as text_files), as the temp view
-- paper_texts. Columns: paper_id, version, month, n_chars, quality, text.
create or replace temp view paper_texts as
select
    core_paper_texts.paper_id,
    core_paper_texts.version,
    core_papers.month,
    core_paper_texts.n_chars,
    core_paper_texts.quality,
    text_files.text::varchar as text
from core_paper_texts
inner join text_files
    on text_files.paper_id = core_paper_texts.paper_id
    and text_files.text_file = core_paper_texts.text_file
left join core_papers on core_papers.paper_id = core_paper_texts.paper_id;
