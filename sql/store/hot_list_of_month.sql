-- The stored hot (or not-hot) list of a month, if one was made: how (the least support it
-- serves, its length) and its number of rows. Parameters: $source (VARCHAR), $month (DATE),
-- $is_not_hot (BOOLEAN). Columns: min_papers, max_terms, n_terms.
select min_papers, max_terms, n_terms
from core_hot_list_months
where source = $source and month = $month and is_not_hot = $is_not_hot;
