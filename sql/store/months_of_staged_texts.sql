-- The months whose n-gram counts a publish changes, read before it moves anything: the month
-- of each staged read (its staged metadata's month, else its stored one), and both months
-- of a paper with a stored text whose staged metadata moves it to another month or changes
-- its categories (and so whether it counts).
-- Needs the temp table staged_reads (paper ids of staged texts and failures).
-- Parameters: none. Columns: month.
with changed as (
    select
        core_papers.month as old_month,
        stage_papers.month as new_month
    from stage_papers
    inner join core_papers using (paper_id)
    semi join core_paper_texts using (paper_id)
    where
        stage_papers.month <> core_papers.month
        or list_sort(stage_papers.categories) <> list_sort(core_papers.categories)
),

read_months as (
    select coalesce(stage_papers.month, core_papers.month) as month
    from staged_reads
    left join stage_papers using (paper_id)
    left join core_papers using (paper_id)
),

final as (
    select old_month as month from changed
    union
    select new_month as month from changed
    union
    select month from read_months where month is not null
)

select * from final order by month;
