-- The months whose abstract-level counts are to be made: every month with titles +
-- abstracts when $is_every_month, else those out of date: a paper of the categories with an
-- abstract not counted yet, or counted from another title + abstract (its length changed),
-- or a month whose number of such papers differs from the one its n-grams were counted with
-- (papers came, went or left the categories), or a counted month without its term totals
-- (core_abstract_term_months: a database counted before they were kept).
-- Parameters: $is_every_month (BOOLEAN). Columns: month.
with changed as (
    select texts.month
    from out_abstract_texts as texts
    left join core_abstract_counts as counted using (paper_id)
    where $is_every_month or counted.paper_id is null or counted.n_chars <> texts.n_chars
),

by_month as (
    select month, count(*) as n_papers from out_abstract_texts group by month
),

resized as (
    select coalesce(by_month.month, counted.month) as month
    from by_month
    full join core_abstract_ngram_months as counted using (month)
    where counted.month is null
        or coalesce(by_month.n_papers, 0) <> counted.n_papers_with_text
),

without_totals as (
    select month
    from core_abstract_ngram_months
    where month not in (select month from core_abstract_term_months)
        and exists (select 1 from core_terms)
),

final as (
    select month from changed
    union
    select month from resized
    union
    select month from without_totals
    order by month
)

select * from final;
