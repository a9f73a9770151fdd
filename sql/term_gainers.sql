-- The biggest movers among the curated terms: each term's share of the papers (with full
-- text) of the 3 months ending $month, against the same 3 months a year earlier, pooled
-- (mentioning papers / papers over the 3 months, so small months weigh less).
-- Parameters: $month (DATE, first of month).
-- Columns: family, term, label, share_now_pct, share_year_ago_pct, change_pct_points,
-- n_papers_now, n_papers_year_ago; the largest rise first.
with shares as (
    select * from out_term_share_by_month
),

pooled as (
    select
        family,
        term,
        label,
        sum(n_mentioning) filter (where month > $month::date - interval 3 month
            and month <= $month::date) as n_mentioning_now,
        sum(n_papers) filter (where month > $month::date - interval 3 month
            and month <= $month::date) as n_papers_now,
        sum(n_mentioning) filter (where month > $month::date - interval 15 month
            and month <= $month::date - interval 12 month) as n_mentioning_year_ago,
        sum(n_papers) filter (where month > $month::date - interval 15 month
            and month <= $month::date - interval 12 month) as n_papers_year_ago
    from shares
    group by family, term, label
),

final as (
    select
        family,
        term,
        label,
        100.0 * n_mentioning_now / n_papers_now as share_now_pct,
        100.0 * n_mentioning_year_ago / n_papers_year_ago as share_year_ago_pct,
        share_now_pct - share_year_ago_pct as change_pct_points,
        n_papers_now::bigint as n_papers_now,
        n_papers_year_ago::bigint as n_papers_year_ago
    from pooled
    where n_papers_now > 0 and n_papers_year_ago > 0
    order by change_pct_points desc, term
)

select * from final;
