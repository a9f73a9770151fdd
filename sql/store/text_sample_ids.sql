-- A fixed sample of the papers with stored text among the months from $first_month to
-- $last_month: the same papers every time (ordered by a hash of the id), for measuring which
-- terms share papers. Ids only, so that no text is read but the sample's.
-- Parameters: $first_month, $last_month (DATE, first of month, inclusive), $n_papers
-- (INTEGER). Columns: paper_id.
with window_papers as (
    select paper_id from core_papers
    where month between $first_month::date and $last_month::date
),

final as (
    select paper_id
    from window_papers
    semi join core_paper_texts using (paper_id)
    order by hash(paper_id), paper_id
    limit $n_papers
)

select * from final;
