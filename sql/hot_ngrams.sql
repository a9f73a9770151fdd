-- Hot and not hot, as the original analysis defined them: for every unigram and bigram, the
-- ratio of its highest monthly share in the 12 months up to $month ("recent") to its highest
-- monthly share in all the months before those ("before"). A month's share is the share of
-- its counted papers that use the n-gram, in one text source: $source 'fulltext' (the
-- papers' texts, core_ngram_counts / core_ngram_months) or 'abstracts' (their titles +
-- abstracts, core_abstract_ngram_counts / core_abstract_ngram_months).
-- Pruned months: a month without the n-gram's row used it in fewer than that month's min_df
-- papers, so its share lies between 0 and (min_df - 1) / n_papers_with_text. A window's peak
-- is exact when its highest stored share is at least every such bound of the window's other
-- months; else it is only known to lie between the two. When both peaks are exact, ratio is
-- the exact ratio (ratio_kind 'exact'; infinite, is_new, when no paper before used it at all);
-- else ratio is the bound the stored counts prove: for the hot list the least the ratio can
-- be (ratio_kind 'at least': the recent peak's stored part over the largest the before peak
-- can be), for the not-hot list the most (ratio_kind 'at most').
-- Support: a hot term needs $min_papers papers in its recent peak month, a not-hot term in
-- its before peak month, so that rare terms do not dominate the lists.
-- Significance: the stored peak months' counts as two binomial samples; log_ratio_se is
-- Katz's standard error of the log ratio (0.5 added to both counts when either is 0),
-- z_score = ln(ratio) / log_ratio_se, ratio_low_95 / ratio_high_95 its 95% interval and
-- is_significant whether that interval lies above 1 (hot) or below 1 (not hot). The peaks
-- are maxima over months, so a z_score under 2 is weak evidence at best.
-- Within one cell: $category 'all' (every category pooled, as above) or one category that
-- counts, its papers by $membership ('primary' or 'any'; ignored for 'all'): its shares and
-- pruned months as core_ngram_category_counts / core_ngram_category_months keep them.
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $month (DATE, first of month),
-- $category (VARCHAR), $membership (VARCHAR), $min_papers (INTEGER),
-- $is_not_hot (BOOLEAN: false lists the hottest first, true the least hot first),
-- $max_terms (INTEGER).
-- Columns: term, ratio, ratio_kind, is_new, max_share_recent_pct, max_share_before_pct,
-- is_bigram, n_papers_recent, n_papers_with_text_recent, peak_month_recent, n_papers_before,
-- n_papers_with_text_before, peak_month_before, max_pruned_share_recent_pct,
-- max_pruned_share_before_pct, z_score, ratio_low_95, ratio_high_95, is_significant.
with months as (
    select
        month,
        n_papers_with_text,
        month > $month::date - interval 12 month as is_recent,
        (min_df - 1) / n_papers_with_text as pruned_bound
    from ngram_cell_months_of($source, $category, $membership)
    where month <= $month::date and n_papers_with_text > 0
),

ranked_months as (
    -- each window's months, the largest bound on a pruned share first
    select
        *,
        row_number() over (partition by is_recent order by pruned_bound desc, month)
            as bound_rank
    from months
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
    from ngram_cell_counts_of($source, $category, $membership) as counts
    join months using (month)
    where counts.n_papers >= $min_papers and months.is_recent = not $is_not_hot
),

shares as (
    select
        counts.ngram,
        counts.is_bigram,
        ranked_months.is_recent,
        ranked_months.bound_rank,
        {'share': counts.n_papers / ranked_months.n_papers_with_text,
         'month': counts.month} as peak,
        counts.n_papers,
        ranked_months.n_papers_with_text,
        -- the n-gram's months of this window in bound order, numbered: while the numbers
        -- equal the bound ranks, no month is missing yet
        row_number() over (partition by counts.ngram, ranked_months.is_recent
                           order by ranked_months.bound_rank) as n_th_stored
    from ngram_cell_counts_of($source, $category, $membership) as counts
    join ranked_months using (month)
    semi join candidates using (ngram)
),

peaks as (
    select
        ngram,
        any_value(is_bigram) as is_bigram,
        max(peak) filter (where is_recent) as recent,
        arg_max(n_papers, peak) filter (where is_recent) as n_papers_recent,
        arg_max(n_papers_with_text, peak) filter (where is_recent) as n_with_text_recent,
        1 + count(*) filter (where is_recent and n_th_stored = bound_rank) as first_pruned_recent,
        max(peak) filter (where not is_recent) as before,
        arg_max(n_papers, peak) filter (where not is_recent) as n_papers_before,
        arg_max(n_papers_with_text, peak) filter (where not is_recent) as n_with_text_before,
        1 + count(*) filter (where not is_recent and n_th_stored = bound_rank)
            as first_pruned_before
    from shares
    group by ngram
    having
        (not $is_not_hot and n_papers_recent >= $min_papers)
        or ($is_not_hot and n_papers_before >= $min_papers)
),

bounded as (
    -- the largest share a pruned month of each window can hide (null: none is pruned)
    select
        peaks.*,
        recent_bound.pruned_bound as pruned_recent,
        before_bound.pruned_bound as pruned_before
    from peaks
    left join ranked_months as recent_bound
        on recent_bound.is_recent and recent_bound.bound_rank = peaks.first_pruned_recent
    left join ranked_months as before_bound
        on not before_bound.is_recent and before_bound.bound_rank = peaks.first_pruned_before
),

counted as (
    select
        bounded.ngram as term,
        bounded.is_bigram,
        coalesce(bounded.n_papers_recent, 0) as k_recent,
        coalesce(bounded.n_with_text_recent, window_sizes.n_largest_recent) as n_recent,
        bounded.recent.month as peak_month_recent,
        coalesce(bounded.n_papers_before, 0) as k_before,
        coalesce(bounded.n_with_text_before, window_sizes.n_largest_before) as n_before,
        bounded.before.month as peak_month_before,
        coalesce(bounded.pruned_recent, 0) as pruned_recent,
        coalesce(bounded.pruned_before, 0) as pruned_before,
        case when k_recent = 0 or k_before = 0 then 0.5 else 0.0 end as half
    from bounded
    cross join window_sizes
),

scored as (
    select
        *,
        k_recent / n_recent as stored_recent,
        k_before / n_before as stored_before,
        stored_recent >= pruned_recent and stored_before >= pruned_before as is_exact,
        ln(((k_recent + half) / (n_recent + half)) / ((k_before + half) / (n_before + half)))
            as log_ratio,
        sqrt(1 / (k_recent + half) - 1 / (n_recent + half)
            + 1 / (k_before + half) - 1 / (n_before + half)) as log_ratio_se
    from counted
),

rated as (
    select
        *,
        case
            when is_exact and stored_before = 0 then 'infinity'::double
            when is_exact then stored_recent / stored_before
            when not $is_not_hot and greatest(stored_before, pruned_before) = 0
                then 'infinity'::double
            when not $is_not_hot
                then stored_recent / greatest(stored_before, pruned_before)
            else greatest(stored_recent, pruned_recent) / stored_before
        end as ratio,
        case
            when is_exact then 'exact'
            when $is_not_hot then 'at most'
            else 'at least'
        end as ratio_kind
    from scored
),

final as (
    select
        term,
        ratio,
        ratio_kind,
        ratio_kind = 'exact' and isinf(ratio) as is_new,
        100.0 * stored_recent as max_share_recent_pct,
        100.0 * stored_before as max_share_before_pct,
        is_bigram,
        k_recent as n_papers_recent,
        n_recent as n_papers_with_text_recent,
        peak_month_recent,
        k_before as n_papers_before,
        n_before as n_papers_with_text_before,
        peak_month_before,
        100.0 * pruned_recent as max_pruned_share_recent_pct,
        100.0 * pruned_before as max_pruned_share_before_pct,
        log_ratio / nullif(log_ratio_se, 0) as z_score,
        exp(log_ratio - 1.959963984540054 * log_ratio_se) as ratio_low_95,
        exp(log_ratio + 1.959963984540054 * log_ratio_se) as ratio_high_95,
        case
            when $is_not_hot then ratio_high_95 < 1
            else ratio_low_95 > 1
        end as is_significant
    from rated
    order by
        case when $is_not_hot then ratio else -ratio end,
        case when $is_not_hot then -max_share_before_pct else -max_share_recent_pct end,
        term
    limit $max_terms
)

select * from final;
