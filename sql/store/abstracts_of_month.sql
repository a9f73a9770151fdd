-- The titles + abstracts of one month (out_abstract_texts): what the month's abstract-level
-- counts are counted from. is_changed: its curated terms are not counted yet from this very
-- title + abstract (core_abstract_counts).
-- Parameters: $month (DATE). Columns: paper_id, text, n_chars, is_changed, categories (the
-- paper's, its primary first).
with final as (
    select
        texts.paper_id,
        texts.text,
        texts.n_chars,
        counted.n_chars is distinct from texts.n_chars as is_changed,
        list_prepend(core_papers.primary_category,
            list_filter(core_papers.categories, lambda c: c <> core_papers.primary_category))
            as categories
    from out_abstract_texts as texts
    join core_papers using (paper_id)
    left join core_abstract_counts as counted using (paper_id)
    where texts.month = $month
    order by texts.paper_id
)

select * from final;
