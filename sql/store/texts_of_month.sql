-- The stored texts of one month with their zone offsets: every one (for recounting their
-- curated terms) or only those that count in its shares (out_counted_papers: papers of the
-- categories, text read and not garbled; what its n-gram counts and phrase shares are
-- counted from). The texts themselves are read from their files (`text_file`).
-- Parameters: $month (DATE), $is_counted_only (BOOLEAN). Columns: paper_id,
-- header_end_char, references_start_char, references_end_char, authors and categories (the
-- primary first; from the paper's metadata), text_file.
with wanted as (
    select paper_id
    from out_counted_papers
    where month = $month and (is_counted or not $is_counted_only)
),

final as (
    select
        core_paper_texts.paper_id,
        core_paper_texts.header_end_char,
        core_paper_texts.references_start_char,
        core_paper_texts.references_end_char,
        core_papers.authors,
        list_prepend(core_papers.primary_category,
            list_filter(core_papers.categories, lambda c: c <> core_papers.primary_category))
            as categories,
        core_paper_texts.text_file
    from core_paper_texts
    inner join core_papers using (paper_id)
    semi join wanted using (paper_id)
    order by core_paper_texts.text_file, core_paper_texts.paper_id
)

select * from final;
