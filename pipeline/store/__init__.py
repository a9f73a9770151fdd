"""Store stage: the DuckDB file, its schema (`sql/schema/`), and every write and read of it.

A façade: callers connect, stage what they fetched and read, publish it (whole months at
a time, in one transaction), and load what they need; every statement lives in `sql/`.
"""

from pipeline.store.db import (
    PAPER_SCHEMA,
    MonthBatch,
    PaperText,
    connect,
    failures_frame,
    load_abstracts_to_count,
    load_known_months,
    load_months_with_text,
    load_n_texts,
    load_papers_without_text,
    load_read_versions,
    load_text_sample,
    load_texts,
    mentions_frame,
    papers_frame,
    record_batch,
    registered,
    save_abstract_counts,
    save_papers,
    save_terms,
    sql_dir,
    stage_texts,
    store_query,
    texts_frame,
    transaction,
    upsert_batch_papers,
    versions_frame,
    write_mentions,
)
from pipeline.store.months import MonthsWriter, StoredMonth
from pipeline.store.ngram_counts import (
    NgramMonth,
    recount_month_ngrams,
    recount_ngrams,
    replace_month_ngrams,
    save_month_ngrams,
)
from pipeline.store.readcopy import (
    connect_reading,
    mark_writing,
    publish_read_copy,
    read_copy_path,
    writing_marker_path,
)
from pipeline.store.stage import forget_staged, publish_staged
from pipeline.store.windows import (
    load_complete_windows,
    load_window_total,
    save_month_harvest,
    save_window,
)

__all__ = ["MonthBatch", "MonthsWriter", "NgramMonth", "PAPER_SCHEMA", "PaperText", "StoredMonth",
           "connect", "connect_reading", "failures_frame", "forget_staged",
           "load_abstracts_to_count", "load_complete_windows", "load_known_months",
           "load_months_with_text", "load_n_texts", "load_papers_without_text",
           "load_read_versions", "load_text_sample", "load_texts", "load_window_total",
           "mark_writing", "mentions_frame", "papers_frame", "publish_read_copy",
           "publish_staged", "read_copy_path", "record_batch", "recount_month_ngrams",
           "recount_ngrams", "registered", "replace_month_ngrams",
           "save_abstract_counts", "save_month_harvest", "save_month_ngrams",
           "save_papers", "save_terms", "save_window", "sql_dir", "stage_texts",
           "store_query", "texts_frame", "transaction", "upsert_batch_papers",
           "versions_frame", "write_mentions", "writing_marker_path"]
