-- Hot and not-hot institutions, with the ratio of the terms (sql/hot_ngrams.sql): an
-- institution's highest monthly share of papers in the 12 months up to $month ("recent")
-- over its highest monthly share in all the months before ("before"). Every paper-institution
-- pair is stored (nothing is pruned), so each ratio is exact: infinite (is_new) when no paper
-- before named the institution, 0 when none did recently. A month with no row for an
-- institution had a share of 0.
-- Support: a hot institution needs $min_papers papers in its recent peak month, a not-hot one
-- in its before peak month. Significance as for the terms: Katz's standard error of the log
-- ratio of the two peak months' counts (0.5 added to both when either is 0), its z score,
-- 95% interval and whether that interval lies above 1 (hot) or below 1 (not hot).
-- Parameters: $month (DATE), $min_papers (INTEGER), $is_not_hot (BOOLEAN), $max_rows
-- (INTEGER).
-- Columns: institution, type, country, ratio, is_new, max_share_recent_pct,
-- max_share_before_pct, n_papers_recent, n_papers_of_month_recent, peak_month_recent,
-- n_papers_before, n_papers_of_month_before, peak_month_before, z_score, ratio_low_95,
-- ratio_high_95, is_significant.
with months as (
    select
        month,
        count(*) as n_papers,
        month > $month::date - interval 12 month as is_recent
    from out_institution_papers
    where month <= $month::date
    group by month
),

window_sizes as (
    select
        max(n_papers) filter (where is_recent) as n_largest_recent,
        max(n_papers) filter (where not is_recent) as n_largest_before
    from months
),

shares as (
    select
        hits.institution,
        hits.type,
        hits.country,
        months.is_recent,
        {'share': hits.n_with / months.n_papers, 'month': hits.month} as peak,
        hits.n_with,
        months.n_papers
    from out_institution_months as hits
    join months using (month)
),

peaks as (
    select
        institution,
        any_value(type) as type,
        any_value(country) as country,
        max(peak) filter (where is_recent) as recent,
        arg_max(n_with, peak) filter (where is_recent) as k_recent,
        arg_max(n_papers, peak) filter (where is_recent) as n_recent,
        max(peak) filter (where not is_recent) as before,
        arg_max(n_with, peak) filter (where not is_recent) as k_before,
        arg_max(n_papers, peak) filter (where not is_recent) as n_before
    from shares
    group by institution
    having
        (not $is_not_hot and k_recent >= $min_papers)
        or ($is_not_hot and k_before >= $min_papers)
),

counted as (
    select
        peaks.institution,
        peaks.type,
        peaks.country,
        coalesce(peaks.k_recent, 0) as k_recent,
        coalesce(peaks.n_recent, window_sizes.n_largest_recent) as n_recent,
        peaks.recent.month as peak_month_recent,
        coalesce(peaks.k_before, 0) as k_before,
        coalesce(peaks.n_before, window_sizes.n_largest_before) as n_before,
        peaks.before.month as peak_month_before,
        case
            when coalesce(peaks.k_recent, 0) = 0 or coalesce(peaks.k_before, 0) = 0 then 0.5
            else 0.0
        end as half
    from peaks
    cross join window_sizes
),

scored as (
    select
        *,
        k_recent / n_recent as share_recent,
        k_before / n_before as share_before,
        case
            when share_before = 0 then 'infinity'::double else share_recent / share_before
        end as ratio,
        ln(((k_recent + half) / (n_recent + half)) / ((k_before + half) / (n_before + half)))
            as log_ratio,
        sqrt(1 / (k_recent + half) - 1 / (n_recent + half)
            + 1 / (k_before + half) - 1 / (n_before + half)) as log_ratio_se
    from counted
),

final as (
    select
        institution,
        type,
        country,
        ratio,
        isinf(ratio) as is_new,
        100.0 * share_recent as max_share_recent_pct,
        100.0 * share_before as max_share_before_pct,
        k_recent as n_papers_recent,
        n_recent as n_papers_of_month_recent,
        peak_month_recent,
        k_before as n_papers_before,
        n_before as n_papers_of_month_before,
        peak_month_before,
        log_ratio / nullif(log_ratio_se, 0) as z_score,
        exp(log_ratio - 1.959963984540054 * log_ratio_se) as ratio_low_95,
        exp(log_ratio + 1.959963984540054 * log_ratio_se) as ratio_high_95,
        case
            when $is_not_hot then ratio_high_95 < 1
            else ratio_low_95 > 1
        end as is_significant
    from scored
    order by
        case when $is_not_hot then ratio else -ratio end,
        case when $is_not_hot then -max_share_before_pct else -max_share_recent_pct end,
        institution
    limit $max_rows
)

select * from final;
