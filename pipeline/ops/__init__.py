"""Operations: what chains the stages. `ingest` takes a source through extract, count and
store; `monthly` is the monthly job, `backfill` many months, `runs` their records,
`recount` counts stored text again, `demo` runs it all on the sample."""
