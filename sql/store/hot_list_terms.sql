-- A stored hot (or not-hot) list's first $max_terms rows with support $min_papers (papers
-- in the deciding peak month: recent for hot, before for not hot), in rank order, with the
-- columns of sql/hot_ngrams.sql. Parameters: $source (VARCHAR), $month (DATE), $is_not_hot
-- (BOOLEAN), $min_papers (INTEGER), $max_terms (INTEGER).
select * exclude (source, month, is_not_hot, rank)
from core_hot_list_terms
where
    source = $source and month = $month and is_not_hot = $is_not_hot
    and case when $is_not_hot then n_papers_before else n_papers_recent end >= $min_papers
order by rank
limit $max_terms;
