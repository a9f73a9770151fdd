-- The stored texts whose title page is to be matched for institutions: never matched, read
-- again at another version since, or (with $is_every) all of them; of the months asked for
-- (registered as asked_months) when $is_every_month is false.
-- Parameters: $is_every (BOOLEAN), $is_every_month (BOOLEAN).
-- Columns: paper_id, version.
with texts as (
    select core_paper_texts.paper_id, core_paper_texts.version
    from core_paper_texts
    join core_papers using (paper_id)
    where $is_every_month or core_papers.month in (select month from asked_months)
),

final as (
    select texts.paper_id, texts.version
    from texts
    left join core_institution_reads as reads using (paper_id)
    where
        $is_every
        or reads.paper_id is null
        or reads.version is distinct from texts.version
    order by texts.paper_id
)

select * from final;
