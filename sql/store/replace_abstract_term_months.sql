-- Replace one month's abstract-level term totals (core_abstract_term_months) from the
-- stored counts of its papers of the categories with a title + abstract (out_abstract_texts),
-- every curated term with a row, zeros included; first forget the counts of the month's
-- papers left without a title + abstract, so that the papers behind a share are its count.
-- Inside the caller's transaction; the month is registered as counted_month (month).
delete from core_abstract_terms
where paper_id in (select paper_id from core_papers semi join counted_month using (month))
    and paper_id not in (
        select paper_id from out_abstract_texts semi join counted_month using (month)
    );

delete from core_abstract_counts
where paper_id in (select paper_id from core_papers semi join counted_month using (month))
    and paper_id not in (
        select paper_id from out_abstract_texts semi join counted_month using (month)
    );

delete from core_abstract_term_months where month in (select month from counted_month);

insert into core_abstract_term_months
with papers as (
    select paper_id from out_abstract_texts semi join counted_month using (month)
),

mentions as (
    select core_abstract_terms.term, count(distinct paper_id) as n_mentioning
    from core_abstract_terms
    semi join papers using (paper_id)
    group by core_abstract_terms.term
)

select counted_month.month, core_terms.term, coalesce(mentions.n_mentioning, 0)
from counted_month
cross join core_terms
left join mentions using (term)
order by core_terms.term;
