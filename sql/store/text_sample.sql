-- A fixed sample of the stored full texts of the months from $first_month to $last_month:
-- the same papers every time (ordered by a hash of the id), for measuring which terms share
-- papers.
-- Parameters: $first_month, $last_month (DATE, first of month, inclusive), $n_papers (INTEGER).
-- Columns: paper_id, text.
with window_papers as (
    select paper_id from core_papers where month between $first_month::date and $last_month::date
),

final as (
    select core_paper_texts.paper_id, core_paper_texts.text
    from core_paper_texts
    semi join window_papers using (paper_id)
    order by hash(core_paper_texts.paper_id), core_paper_texts.paper_id
    limit $n_papers
)

select * from final;
