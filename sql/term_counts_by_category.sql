-- The curated terms' counts per month within each category that counts, both memberships
-- ('primary', 'any'), every term, zeros included, with shares and 95% Wilson intervals: see
-- term_counts_by_category_of (sql/schema/031_out_term_counts_by_category.sql).
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $last_month (DATE).
-- Columns: category, membership ('primary' or 'any'), month, family, term, label, n_listed,
-- n_papers, n_mentioning, share_pct, share_low_pct, share_high_pct, n_mentioning_body,
-- share_body_pct, share_body_low_pct, share_body_high_pct.
with final as (
    select * from term_counts_by_category_of($source, $last_month)
)

select * from final order by category, membership, month, family, term;
