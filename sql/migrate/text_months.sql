-- Schema 3 moved the texts out of the database. Each paper's month (temp table
-- text_paper_months), then the months of the texts a set-aside table ({aside}) holds, a
-- paper without a month as null. Columns: month.
create or replace temp table text_paper_months as
select paper_id, any_value(month) as month
from (
    select paper_id, month from core_papers
    union all
    select paper_id, month from stage_papers
)
group by paper_id;

select distinct text_paper_months.month
from {aside} as texts
left join text_paper_months using (paper_id)
where texts.text is not null
order by 1 nulls last;
