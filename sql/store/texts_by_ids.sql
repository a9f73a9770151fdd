-- The stored texts of the given papers: the files holding them, read from there.
-- Parameters: $paper_ids (VARCHAR[]). Columns: paper_id, version, header_end_char, text_file.
with wanted as (
    select unnest($paper_ids::varchar[]) as paper_id
),

final as (
    select
        core_paper_texts.paper_id,
        core_paper_texts.version,
        core_paper_texts.header_end_char,
        core_paper_texts.text_file
    from core_paper_texts
    semi join wanted using (paper_id)
    order by core_paper_texts.text_file, core_paper_texts.paper_id
)

select * from final;
