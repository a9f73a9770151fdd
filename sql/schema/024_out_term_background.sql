-- Background rate: how often a curated term's words appear before the thing existed (its
-- released_month, from the terms file). The original analysis noted that ~5% of papers
-- "mention Adam" from author names alone; whatever matches before the release is such
-- noise, and the same noise is presumably in every later month too.
-- Pooled over all months before the release, in each text source ('fulltext', 'abstracts'):
-- n_mentioning / n_papers. Null when the source holds no month before the release (or the
-- term has no release month).
-- Columns: source, family, term, label, released_month, n_months_before_release,
-- n_papers_before_release, background_pct, background_low_pct, background_high_pct (its 95%
-- Wilson interval), background_body_pct (the same for body-only mentions).
create or replace view out_term_background as
with shares as (
    select * from out_term_share_by_month
),

before_release as (
    select
        shares.source,
        shares.term,
        count(*) as n_months,
        sum(shares.n_papers) as n_papers,
        sum(shares.n_mentioning) as n_mentioning,
        sum(shares.n_mentioning_body) as n_mentioning_body
    from shares
    join core_terms using (term)
    where shares.month < core_terms.released_month
    group by shares.source, shares.term
),

sources as (
    select unnest(['fulltext', 'abstracts']) as source
),

final as (
    select
        sources.source,
        core_terms.family,
        core_terms.term,
        core_terms.label,
        core_terms.released_month,
        coalesce(before_release.n_months, 0) as n_months_before_release,
        coalesce(before_release.n_papers, 0) as n_papers_before_release,
        100.0 * before_release.n_mentioning / before_release.n_papers as background_pct,
        wilson_low_pct(before_release.n_mentioning, before_release.n_papers)
            as background_low_pct,
        wilson_high_pct(before_release.n_mentioning, before_release.n_papers)
            as background_high_pct,
        100.0 * before_release.n_mentioning_body / before_release.n_papers
            as background_body_pct
    from core_terms
    cross join sources
    left join before_release using (source, term)
    order by sources.source, core_terms.family, core_terms.term
)

select * from final;

-- Each share net of its background in the same source, taken as an independent chance b
-- that a paper matches the term without meaning it: a paper matches with probability
-- s = p + b - p b, so the share that means it is p = (s - b) / (1 - b) (shares as
-- fractions), never below 0; the same for body-only counts. Where the background is unknown (no month before the release)
-- the share is left as it is.
-- Columns: source, month, family, term, label, share_pct, background_pct, corrected_share_pct,
-- share_body_pct, background_body_pct, corrected_share_body_pct.
create or replace view out_term_share_corrected_by_month as
with shares as (
    select * from out_term_share_by_month
),

final as (
    select
        shares.source,
        shares.month,
        shares.family,
        shares.term,
        shares.label,
        shares.share_pct,
        background.background_pct,
        greatest((shares.share_pct - coalesce(background.background_pct, 0))
            / (1 - coalesce(background.background_pct, 0) / 100), 0) as corrected_share_pct,
        shares.share_body_pct,
        background.background_body_pct,
        greatest((shares.share_body_pct - coalesce(background.background_body_pct, 0))
            / (1 - coalesce(background.background_body_pct, 0) / 100), 0)
            as corrected_share_body_pct
    from shares
    join out_term_background as background using (source, term)
    order by shares.source, shares.month, shares.family, shares.term
)

select * from final;
