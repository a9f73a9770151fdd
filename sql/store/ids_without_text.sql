-- Of the papers asked for (registered as batch_ids), those without a stored text.
-- Columns: paper_id.
with final as (
    select paper_id from batch_ids anti join core_paper_texts using (paper_id)
)

select * from final order by paper_id;
