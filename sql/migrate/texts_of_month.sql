-- The texts of one month (null: of papers without one) in a set-aside table ({aside}), to be
-- written to a file; the months from text_months.sql (temp table text_paper_months).
-- Parameters: $month (DATE or null). Columns: paper_id, version, text.
select texts.paper_id, texts.version, texts.text
from {aside} as texts
left join text_paper_months using (paper_id)
where texts.text is not null and text_paper_months.month is not distinct from $month::date
order by texts.paper_id;
