-- The 95% Wilson score interval of a share k / n, in percent (0-100): the range that holds
-- the true share with 95% confidence, honest for small n and for k near 0 or n (where the
-- plain p +- 1.96 se interval goes below 0 or collapses to nothing).
-- z = 1.959963984540054 (two-sided 95%); z^2 = 3.841458820694124.
-- Macros wilson_low_pct(k, n) and wilson_high_pct(k, n): k papers of n; null unless n > 0.
create or replace macro wilson_low_pct(k, n) as (
    case when n > 0 then 100.0 * greatest(0.0, (
        k / n + 1.920729410347062 / n
        - 1.959963984540054 * sqrt(k / n * (1 - k / n) / n + 0.960364705173531 / n / n)
    ) / (1 + 3.841458820694124 / n)) end
);

create or replace macro wilson_high_pct(k, n) as (
    case when n > 0 then 100.0 * least(1.0, (
        k / n + 1.920729410347062 / n
        + 1.959963984540054 * sqrt(k / n * (1 - k / n) / n + 0.960364705173531 / n / n)
    ) / (1 + 3.841458820694124 / n)) end
);
