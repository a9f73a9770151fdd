-- Where each paper's counts come from: 'full_text' (its PDF was read), 'abstract' (only its
-- title + abstract was counted) or 'none' (not counted yet).
-- Columns: paper_id, month, text_source.
create or replace view out_paper_text_source as
with full_texts as (
    select distinct paper_id from core_paper_texts
),

abstracts as (
    select distinct paper_id from core_abstract_counts
),

final as (
    select
        core_papers.paper_id,
        core_papers.month,
        case
            when full_texts.paper_id is not null then 'full_text'
            when abstracts.paper_id is not null then 'abstract'
            else 'none'
        end as text_source
    from core_papers
    left join full_texts using (paper_id)
    left join abstracts using (paper_id)
)

select * from final;
