-- The months holding at least one paper whose text is stored. Columns: month.
with final as (
    select distinct month from core_papers semi join core_paper_texts using (paper_id)
)

select * from final order by month;
