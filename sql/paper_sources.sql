-- Where the papers' metadata came from: arxiv (the API), snapshot, feed, sample or pdf (a
-- placeholder from a PDF's name). Parameters: none. Columns: source.
with final as (
    select distinct source from core_papers
)

select * from final order by source;
