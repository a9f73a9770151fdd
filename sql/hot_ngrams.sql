-- Hot and not hot, as the original analysis defined them: for every unigram and bigram, the
-- ratio of its highest monthly share in the 12 months up to $month ("recent") to its highest
-- monthly share in all the months before those ("before"). A month's share is the share of
-- its papers with text that use the n-gram (core_ngram_counts / core_ngram_months). A month
-- without the n-gram's row counts as 0 (it was used by fewer than that month's min_df
-- papers). ratio is infinite when no month before held a row (a new term), 0 when no recent
-- month did.
-- Support: a hot term needs $min_papers papers in its recent peak month, a not-hot term in
-- its before peak month, so that rare terms do not dominate the lists.
-- Significance: the peak months' counts as two binomial samples; log_ratio_se is Katz's
-- standard error of the log ratio (0.5 added to both counts when either is 0), z_score =
-- ln(ratio) / log_ratio_se, and ratio_low_95 / ratio_high_95 its 95% interval. The peaks
-- are maxima over months, so a z_score under 2 is weak evidence at best.
-- Parameters: $month (DATE, first of month), $min_papers (INTEGER), $is_not_hot (BOOLEAN:
-- false lists the hottest first, true the least hot first), $max_terms (INTEGER).
-- Columns: term, ratio, max_share_recent_pct, max_share_before_pct, is_bigram,
-- n_papers_recent, n_papers_with_text_recent, peak_month_recent, n_papers_before,
-- n_papers_with_text_before, peak_month_before, z_score, ratio_low_95, ratio_high_95.
with months as (
    select
        month,
        n_papers_with_text,
        month > $month::date - interval 12 month as is_recent
    from core_ngram_months
    where month <= $month::date and n_papers_with_text > 0
),

window_sizes as (
    select
        max(n_papers_with_text) filter (where is_recent) as n_largest_recent,
        max(n_papers_with_text) filter (where not is_recent) as n_largest_before
    from months
),

candidates as (
    -- A peak month with $min_papers papers needs some month of its window with that many:
    -- only those n-grams are aggregated (a small share of all rows).
    select distinct counts.ngram
    from core_ngram_counts as counts
    join months using (month)
    where counts.n_papers >= $min_papers and months.is_recent = not $is_not_hot
),

shares as (
    select
        counts.ngram,
        counts.is_bigram,
        months.is_recent,
        {'share': counts.n_papers / months.n_papers_with_text, 'month': counts.month} as peak,
        counts.n_papers,
        months.n_papers_with_text
    from core_ngram_counts as counts
    join months using (month)
    semi join candidates using (ngram)
),

peaks as (
    select
        ngram,
        any_value(is_bigram) as is_bigram,
        max(peak) filter (where is_recent) as recent,
        arg_max(n_papers, peak) filter (where is_recent) as n_papers_recent,
        arg_max(n_papers_with_text, peak) filter (where is_recent) as n_with_text_recent,
        max(peak) filter (where not is_recent) as before,
        arg_max(n_papers, peak) filter (where not is_recent) as n_papers_before,
        arg_max(n_papers_with_text, peak) filter (where not is_recent) as n_with_text_before
    from shares
    group by ngram
    having
        (not $is_not_hot and n_papers_recent >= $min_papers)
        or ($is_not_hot and n_papers_before >= $min_papers)
),

counted as (
    select
        peaks.ngram as term,
        peaks.is_bigram,
        coalesce(peaks.n_papers_recent, 0) as k_recent,
        coalesce(peaks.n_with_text_recent, window_sizes.n_largest_recent) as n_recent,
        peaks.recent.month as peak_month_recent,
        coalesce(peaks.n_papers_before, 0) as k_before,
        coalesce(peaks.n_with_text_before, window_sizes.n_largest_before) as n_before,
        peaks.before.month as peak_month_before,
        case when k_recent = 0 or k_before = 0 then 0.5 else 0.0 end as half
    from peaks
    cross join window_sizes
),

scored as (
    select
        *,
        100.0 * k_recent / n_recent as max_share_recent_pct,
        100.0 * k_before / n_before as max_share_before_pct,
        ln(((k_recent + half) / (n_recent + half)) / ((k_before + half) / (n_before + half)))
            as log_ratio,
        sqrt(1 / (k_recent + half) - 1 / (n_recent + half)
            + 1 / (k_before + half) - 1 / (n_before + half)) as log_ratio_se
    from counted
),

final as (
    select
        term,
        case
            when k_before = 0 then 'infinity'::double
            else max_share_recent_pct / max_share_before_pct
        end as ratio,
        max_share_recent_pct,
        max_share_before_pct,
        is_bigram,
        k_recent as n_papers_recent,
        n_recent as n_papers_with_text_recent,
        peak_month_recent,
        k_before as n_papers_before,
        n_before as n_papers_with_text_before,
        peak_month_before,
        log_ratio / nullif(log_ratio_se, 0) as z_score,
        exp(log_ratio - 1.959963984540054 * log_ratio_se) as ratio_low_95,
        exp(log_ratio + 1.959963984540054 * log_ratio_se) as ratio_high_95
    from scored
    order by
        case when $is_not_hot then ratio else -ratio end,
        case when $is_not_hot then -max_share_before_pct else -max_share_recent_pct end,
        term
    limit $max_terms
)

select * from final;
