-- For a report's drill-down: the papers behind every point of the curated terms' series in
-- one text source from $first_month to $last_month: per (term, month) the first
-- $max_per_point papers by id mentioning it anywhere and the first $max_per_point mentioning
-- it in the body, with how many there are of each.
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $first_month (DATE, first of
-- month), $last_month (DATE, first of month, inclusive), $max_per_point (INTEGER).
-- Columns: term, month, paper_id, title, is_in_body, n_in_point, n_in_point_body.
with counted as (
    select paper_id, month from out_source_papers
    where source = $source and month between $first_month::date and $last_month::date
),

mentions as (
    select
        mentions_of_source.term,
        counted.month,
        counted.paper_id,
        mentions_of_source.n_body > 0 as is_in_body
    from term_mentions_of($source) as mentions_of_source
    join counted using (paper_id)
),

ranked as (
    select
        *,
        row_number() over (partition by term, month order by paper_id) as rank_in_point,
        row_number() over (partition by term, month, is_in_body order by paper_id)
            as rank_in_zone,
        count(*) over (partition by term, month) as n_in_point,
        count(*) filter (where is_in_body) over (partition by term, month) as n_in_point_body
    from mentions
),

final as (
    select
        ranked.term,
        ranked.month,
        ranked.paper_id,
        core_papers.title,
        ranked.is_in_body,
        ranked.n_in_point,
        ranked.n_in_point_body
    from ranked
    join core_papers using (paper_id)
    where
        ranked.rank_in_point <= $max_per_point
        or (ranked.is_in_body and ranked.rank_in_zone <= $max_per_point)
    order by ranked.term, ranked.month, ranked.paper_id
)

select * from final;
