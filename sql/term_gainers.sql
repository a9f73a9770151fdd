-- The biggest movers among the curated terms: each term's share of the papers (in one text
-- source) of the 3 months ending $month, against the same 3 months a year earlier, pooled
-- (mentioning papers / papers over the 3 months, so small months weigh less).
-- The change's 95% interval is Newcombe's (hybrid score, from the two Wilson intervals);
-- is_significant says it excludes 0: a change of a few papers in small months is not.
-- For the papers of every category pooled (category 'all', membership 'all') and within each
-- category that counts, both ways (term_counts_by_category_of: 'primary', 'any').
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $month (DATE, first of month).
-- Columns: category, membership, family, term, label, share_now_pct, share_year_ago_pct,
-- change_pct_points, change_low_pct_points, change_high_pct_points, is_significant,
-- n_mentioning_now, n_papers_now, n_mentioning_year_ago, n_papers_year_ago; by category and
-- membership, the largest rise first.
with shares as (
    select 'all' as category, 'all' as membership, month, family, term, label, n_mentioning,
        n_papers
    from out_term_share_by_month
    where source = $source
    union all
    select category, membership, month, family, term, label, n_mentioning, n_papers
    from term_counts_by_category_of($source, $month)
),

pooled as (
    select
        category,
        membership,
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
    group by category, membership, family, term, label
),

changes as (
    select
        *,
        100.0 * n_mentioning_now / n_papers_now as share_now_pct,
        100.0 * n_mentioning_year_ago / n_papers_year_ago as share_year_ago_pct,
        wilson_low_pct(n_mentioning_now, n_papers_now) as now_low,
        wilson_high_pct(n_mentioning_now, n_papers_now) as now_high,
        wilson_low_pct(n_mentioning_year_ago, n_papers_year_ago) as ago_low,
        wilson_high_pct(n_mentioning_year_ago, n_papers_year_ago) as ago_high
    from pooled
    where n_papers_now > 0 and n_papers_year_ago > 0
),

final as (
    select
        category,
        membership,
        family,
        term,
        label,
        share_now_pct,
        share_year_ago_pct,
        share_now_pct - share_year_ago_pct as change_pct_points,
        change_pct_points - sqrt((share_now_pct - now_low) ** 2
            + (ago_high - share_year_ago_pct) ** 2) as change_low_pct_points,
        change_pct_points + sqrt((now_high - share_now_pct) ** 2
            + (share_year_ago_pct - ago_low) ** 2) as change_high_pct_points,
        change_low_pct_points > 0 or change_high_pct_points < 0 as is_significant,
        n_mentioning_now::bigint as n_mentioning_now,
        n_papers_now::bigint as n_papers_now,
        n_mentioning_year_ago::bigint as n_mentioning_year_ago,
        n_papers_year_ago::bigint as n_papers_year_ago
    from changes
    order by category, membership, change_pct_points desc, term
)

select * from final;
