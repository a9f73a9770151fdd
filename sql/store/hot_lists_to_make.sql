-- The hot lists to make: each source's counted months (with papers) that have counts both in
-- their 12-month window and before it (as pipeline.analyse.hot requires of a list) and no
-- stored list of both kinds, the newest month first (its list is the one a reader asks for
-- soonest). Columns: source, month.
with counted as (
    select 'fulltext' as source, month from ngram_months_of('fulltext')
    where n_papers_with_text > 0
    union all
    select 'abstracts' as source, month from ngram_months_of('abstracts')
    where n_papers_with_text > 0
),

first_months as (
    select source, min(month) as first_month from counted group by source
),

made as (
    select source, month
    from core_hot_list_months
    group by source, month
    having count(distinct is_not_hot) = 2
),

final as (
    select counted.source, counted.month
    from counted
    join first_months using (source)
    anti join made using (source, month)
    where first_months.first_month <= counted.month - interval 12 month
    order by counted.month desc, counted.source
)

select * from final;
