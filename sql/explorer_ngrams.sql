-- The n-grams a static report's edition ships for its term explorer: the $max_ngrams most
-- used, by their highest monthly count up to the edition's month, among those used by at
-- least $min_papers papers in a month (a later month's n-grams are not the edition's), in
-- one text source.
-- Parameters: $source (VARCHAR: 'fulltext' or 'abstracts'), $last_month (DATE, the
-- edition's), $min_papers (INTEGER), $max_ngrams (INTEGER).
-- Columns: ngram, max_n_papers.
with peaks as (
    select ngram, max(n_papers) as max_n_papers
    from ngram_counts_of($source)
    where month <= $last_month::date
    group by ngram
    having max(n_papers) >= $min_papers
),

final as (
    select * from peaks
    order by max_n_papers desc, ngram
    limit $max_ngrams
)

select * from final;
