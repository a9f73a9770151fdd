-- Which papers count in the shares, and from which text. A paper counts in the full-text
-- shares of its month when its text was read (and is not garbled) and its categories
-- (from its metadata; until the metadata arrives, the primary category the arXiv stamp on
-- its page 1 gives) include one of core_categories. A paper read from a PDF that gave
-- neither is held apart, waiting for its metadata: it counts in no share.
-- A paper counts in the abstract-level shares (is_abstract_counted) when it is in the
-- categories and its title + abstract was counted (core_abstract_counts).
-- Columns of out_counted_papers: paper_id, month, source, is_in_categories,
-- is_waiting_for_metadata, has_text, quality, full_text_status ('counted', 'garbled text',
-- 'outside the categories', 'waiting for metadata'; null without text), is_counted,
-- is_abstract_counted.
create or replace view out_counted_papers as
with wanted as (
    select list(category order by category) as categories from core_categories
),

texts as (
    select paper_id, any_value(quality) as quality from core_paper_texts group by paper_id
),

abstracts as (
    select distinct paper_id from core_abstract_counts
),

papers as (
    select
        core_papers.paper_id,
        core_papers.month,
        core_papers.source,
        list_has_any(core_papers.categories, wanted.categories) as is_in_categories,
        len(coalesce(core_papers.categories, [])) = 0 as is_waiting_for_metadata,
        texts.paper_id is not null as has_text,
        texts.quality,
        abstracts.paper_id is not null as has_abstract_counts
    from core_papers
    cross join wanted
    left join texts using (paper_id)
    left join abstracts using (paper_id)
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
        coalesce(full_text_status = 'counted', false) as is_counted,
        is_in_categories and has_abstract_counts as is_abstract_counted
    from papers
)

select * from final;

-- Papers per month (v1 month) of the categories that count, and how many of them count in
-- the shares (text read, not garbled), failed, or were read garbled; then the texts read of
-- papers outside the categories and of papers waiting for their metadata (in no share).
-- n_with_abstract is the abstract-level shares' denominator: the papers of the categories
-- whose title + abstract was counted.
-- Columns: month, n_papers, n_with_text (the full-text shares' denominator), n_failed,
-- n_garbled, n_outside_categories, n_waiting_for_metadata, n_with_abstract.
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
            as n_waiting_for_metadata,
        count(*) filter (where is_abstract_counted) as n_with_abstract
    from out_counted_papers
    left join failures using (paper_id)
    group by out_counted_papers.month
    order by out_counted_papers.month
)

select * from final;

-- The papers each text source's shares divide by: 'fulltext' (their text counts) and
-- 'abstracts' (their title + abstract was counted). A paper read in full is in both.
-- Columns: source, paper_id, month.
create or replace view out_source_papers as
select 'fulltext' as source, paper_id, month from out_counted_papers where is_counted
union all
select 'abstracts' as source, paper_id, month from out_counted_papers where is_abstract_counted;

-- Where each paper's counts come from, preferring its full text: 'fulltext' (its text
-- counts, as above), 'abstracts' (a paper of the categories whose title + abstract was
-- counted, its full text not) or 'none' (not counted).
-- Columns: paper_id, month, text_source.
create or replace view out_paper_text_source as
with final as (
    select
        paper_id,
        month,
        case
            when is_counted then 'fulltext'
            when is_abstract_counted then 'abstracts'
            else 'none'
        end as text_source
    from out_counted_papers
)

select * from final;
