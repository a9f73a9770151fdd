-- The abstract-level n-gram counts: for each month, how many of its papers of the categories
-- that count (core_categories) use each unigram and bigram in their title + abstract, by the
-- same tokenisation and pruning as the full-text counts (core_ngram_counts), kept apart from
-- them. core_abstract_ngram_months.n_papers_with_text is the month's papers whose title +
-- abstract was counted (the denominator). A month is replaced whole.
create table if not exists core_abstract_ngram_counts (
    month date not null,
    ngram varchar not null,
    is_bigram boolean not null,
    n_papers integer not null
);

create table if not exists core_abstract_ngram_months (
    month date not null,
    n_papers_with_text integer not null,
    min_df integer not null,
    counted_at timestamp not null
);

-- core_abstract_term_months: for each month whose titles + abstracts were counted, how many
-- of its papers of the categories (out_abstract_texts as they were then) mention each curated
-- term, zeros included; written with the month's n-gram counts, whose
-- core_abstract_ngram_months.n_papers_with_text is the same papers' number. The abstract
-- shares read these two small tables, not every paper.
create table if not exists core_abstract_term_months (
    month date not null,
    term varchar not null,
    n_mentioning integer not null
);

-- The titles + abstracts the abstract-level counts are made of: each paper of the categories
-- that count (core_categories) with an abstract. Columns: paper_id, month, text (title, a
-- blank line, abstract), n_chars (its length).
create or replace view out_abstract_texts as
with wanted as (
    select list(category) as categories from core_categories
),

papers as (
    select
        core_papers.paper_id,
        core_papers.month,
        coalesce(core_papers.title, '') || chr(10) || chr(10) || core_papers.abstract as text
    from core_papers
    cross join wanted
    where coalesce(core_papers.abstract, '') <> ''
        and list_has_any(core_papers.categories, wanted.categories)
),

final as (
    select paper_id, month, text, length(text) as n_chars from papers
)

select * from final;

-- The n-gram counts and counted months of one text source: 'fulltext' (the papers' full
-- texts) or 'abstracts' (their titles + abstracts). Columns as core_ngram_counts and
-- core_ngram_months.
create or replace macro ngram_counts_of(wanted_source) as table
select month, ngram, is_bigram, n_papers
from core_ngram_counts
where wanted_source = 'fulltext'
union all
select month, ngram, is_bigram, n_papers
from core_abstract_ngram_counts
where wanted_source = 'abstracts';

create or replace macro ngram_months_of(wanted_source) as table
select month, n_papers_with_text, min_df, counted_at
from core_ngram_months
where wanted_source = 'fulltext'
union all
select month, n_papers_with_text, min_df, counted_at
from core_abstract_ngram_months
where wanted_source = 'abstracts';

-- For people: the share of each month's counted papers whose text (source 'fulltext') or
-- title + abstract (source 'abstracts') holds each stored n-gram. Columns: source, month,
-- ngram, is_bigram, n_papers, n_papers_with_text, share_pct (0-100), share_low_pct,
-- share_high_pct (its 95% Wilson interval). A month without the n-gram's row used it in
-- fewer than min_df papers (core_ngram_months, core_abstract_ngram_months).
create or replace view out_ngram_share_by_month as
with counts as (
    select 'fulltext' as source, * from ngram_counts_of('fulltext')
    union all
    select 'abstracts' as source, * from ngram_counts_of('abstracts')
),

months as (
    select 'fulltext' as source, month, n_papers_with_text from ngram_months_of('fulltext')
    union all
    select 'abstracts' as source, month, n_papers_with_text from ngram_months_of('abstracts')
),

final as (
    select
        counts.source,
        counts.month,
        counts.ngram,
        counts.is_bigram,
        counts.n_papers,
        months.n_papers_with_text,
        100.0 * counts.n_papers / months.n_papers_with_text as share_pct,
        wilson_low_pct(counts.n_papers, months.n_papers_with_text) as share_low_pct,
        wilson_high_pct(counts.n_papers, months.n_papers_with_text) as share_high_pct
    from counts
    join months using (source, month)
    where months.n_papers_with_text > 0
)

select * from final;
