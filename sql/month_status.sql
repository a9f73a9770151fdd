-- Whether one month is complete: its metadata harvest covered every minute of the month for
-- the categories asked, and every paper of those categories was either read or quarantined
-- (a recorded failure). A paper neither read nor failed is unread: the month is incomplete.
-- Parameters: $month (DATE, first of month), $categories (VARCHAR[]), $harvest_key (VARCHAR:
-- how raw_month_harvests names the category set).
-- Columns: month, harvest_status, n_papers, n_with_text, n_failed, n_unread, is_complete.
with papers as (
    select paper_id from core_papers
    where month = $month::date and list_has_any(categories, $categories)
),

texts as (
    select distinct paper_id from core_paper_texts
),

failures as (
    select distinct paper_id from core_extract_failures
),

counted as (
    select
        count(*) as n_papers,
        count(texts.paper_id) as n_with_text,
        count(failures.paper_id) filter (where texts.paper_id is null) as n_failed
    from papers
    left join texts using (paper_id)
    left join failures using (paper_id)
),

harvest as (
    select coalesce(max(status), 'none') as harvest_status from raw_month_harvests
    where month = $month::date and categories = $harvest_key
),

final as (
    select
        $month::date as month,
        harvest.harvest_status,
        counted.n_papers,
        counted.n_with_text,
        counted.n_failed,
        counted.n_papers - counted.n_with_text - counted.n_failed as n_unread,
        harvest.harvest_status = 'complete' and n_unread = 0 as is_complete
    from counted
    cross join harvest
)

select * from final;
