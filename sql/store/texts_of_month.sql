-- The stored texts of one month with their zone offsets, for recounting.
-- Parameters: $month (DATE). Columns: paper_id, header_end_char, references_start_char, text.
with month_papers as (
    select paper_id from core_papers where month = $month
),

final as (
    select
        core_paper_texts.paper_id,
        core_paper_texts.header_end_char,
        core_paper_texts.references_start_char,
        core_paper_texts.text
    from core_paper_texts
    semi join month_papers using (paper_id)
)

select * from final;
