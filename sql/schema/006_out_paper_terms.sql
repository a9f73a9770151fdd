-- For people: each paper's month with the terms it mentions, one row per mention.
create or replace view out_paper_terms as
with final as (
    select p.month, p.paper_id, p.primary_category, t.family, t.term, t.label
    from core_paper_terms as pt
    join core_papers as p using (paper_id)
    join core_terms as t using (term)
)
select * from final;
