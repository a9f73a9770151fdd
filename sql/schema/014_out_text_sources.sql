-- Which papers count in the shares, and from which text. A paper counts in the full-text
-- shares of its month when its text was read (and is not garbled) and its categories
-- (from its metadata; until the metadata arrives, the primary category the arXiv stamp on
-- its page 1 gives) include one of core_categories. A paper read from a PDF that gave
-- neither is held apart, waiting for its metadata: it counts in no share.
-- Columns of out_counted_papers: paper_id, month, source, is_in_categories,
-- is_waiting_for_metadata, has_text, quality, full_text_status ('counted', 'garbled text',
-- 'outside the categories', 'waiting for metadata'; null without text), is_counted.
create or replace view out_counted_papers as
with wanted as (
    select list(category order by category) as categories from core_categories
),

texts as (
    select paper_id, any_value(quality) as quality from core_paper_texts group by paper_id
),

papers as (
    select
        core_papers.paper_id,
        core_papers.month,
        core_papers.source,
        list_has_any(core_papers.categories, wanted.categories) as is_in_categories,
        len(coalesce(core_papers.categories, [])) = 0 as is_waiting_for_metadata,
        texts.paper_id is not null as has_text,
        texts.quality
    from core_papers
    cross join wanted
    left join texts using (paper_id)
),

final as (
    select
        *,
        case
            when not has_text then null
            when is_waiting_for_metadata then 'waiting for metadata'
            when not is_in_categories then 'outside the categories'
            when quality = 'garbled' then 'garbled text'
            else 'counted'
        end as full_text_status,
        coalesce(full_text_status = 'counted', false) as is_counted
    from papers
)

select * from final;

-- Papers per month (v1 month) of the categories that count, and how many of them count in
-- the shares (text read, not garbled), failed, or were read garbled; then the texts read of
-- papers outside the categories and of papers waiting for their metadata (in no share).
-- Columns: month, n_papers, n_with_text (the shares' denominator), n_failed, n_garbled,
-- n_outside_categories, n_waiting_for_metadata.
create or replace view out_papers_by_month as
with failures as (
    select distinct paper_id from core_extract_failures
),

final as (
    select
        out_counted_papers.month,
        count(*) filter (where is_in_categories) as n_papers,
        count(*) filter (where is_counted) as n_with_text,
        count(failures.paper_id) filter (where is_in_categories and not has_text) as n_failed,
        count(*) filter (where full_text_status = 'garbled text') as n_garbled,
        count(*) filter (where full_text_status = 'outside the categories')
            as n_outside_categories,
        count(*) filter (where full_text_status = 'waiting for metadata')
            as n_waiting_for_metadata
    from out_counted_papers
    left join failures using (paper_id)
    group by out_counted_papers.month
    order by out_counted_papers.month
)

select * from final;

-- Where each paper's counts come from: 'full_text' (its text counts, as above), 'abstract'
-- (a paper of the categories whose title + abstract was counted, its full text not) or
-- 'none' (not counted).
-- Columns: paper_id, month, text_source.
create or replace view out_paper_text_source as
with abstracts as (
    select distinct paper_id from core_abstract_counts
),

final as (
    select
        out_counted_papers.paper_id,
        out_counted_papers.month,
        case
            when out_counted_papers.is_counted then 'full_text'
            when out_counted_papers.is_in_categories and abstracts.paper_id is not null
                then 'abstract'
            else 'none'
        end as text_source
    from out_counted_papers
    left join abstracts using (paper_id)
)

select * from final;
