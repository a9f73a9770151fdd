-- The titles + abstracts of one month that count in the abstract-level shares (those of
-- out_source_papers): what a phrase is looked for in.
-- Parameters: $month (DATE). Columns: paper_id, text.
with counted as (
    select paper_id from out_source_papers where source = 'abstracts' and month = $month
),

final as (
    select texts.paper_id, texts.text
    from out_abstract_texts as texts
    semi join counted using (paper_id)
    where texts.month = $month
    order by texts.paper_id
)

select * from final;
