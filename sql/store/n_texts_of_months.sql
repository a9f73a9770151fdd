-- How many stored texts the months asked for (registered as asked_months) hold.
-- Columns: n_texts.
with final as (
    select count(*) as n_texts
    from core_papers
    semi join core_paper_texts using (paper_id)
    where month in (select month from asked_months)
)

select * from final;
