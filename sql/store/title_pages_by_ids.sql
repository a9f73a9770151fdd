-- Page 1 of the stored texts of the given papers (up to the first form feed) and where their
-- title zone ends.
-- Parameters: $paper_ids (VARCHAR[]). Columns: paper_id, version, page_one, header_end_char.
with wanted as (
    select unnest($paper_ids::varchar[]) as paper_id
),

final as (
    select
        core_paper_texts.paper_id,
        core_paper_texts.version,
        split_part(core_paper_texts.text, chr(12), 1) as page_one,
        core_paper_texts.header_end_char
    from core_paper_texts
    semi join wanted using (paper_id)
)

select * from final;
