-- Record how far a month's listing has come (registered as month_harvest: month,
-- categories, status, n_windows, total_results), replacing the earlier record.
delete from raw_month_harvests
where (month, categories) in (select (month, categories) from month_harvest);

insert into raw_month_harvests
select month, categories, status, n_windows, total_results, now() as updated_at
from month_harvest;
