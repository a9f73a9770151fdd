-- A fixed sample of the titles + abstracts (out_abstract_texts) of the months from
-- $first_month to $last_month (the same papers every time, ordered by a hash of the id):
-- what the abstract-level hot lists measure which terms share papers on.
-- Parameters: $first_month, $last_month (DATE, first of month, inclusive), $n_papers
-- (INTEGER). Columns: paper_id, text.
with final as (
    select paper_id, text
    from out_abstract_texts
    where month between $first_month::date and $last_month::date
    order by hash(paper_id), paper_id
    limit $n_papers
)

select * from final;
