"""Store stage: the DuckDB file and every write and read of it; every statement in `sql/`.

A façade: connect; stage what a step fetched and read (`stage_batch`, `stage_reads`) and
publish it at the step's end (`publish_staged`), or write whole months at once
(`MonthsWriter`), the texts in files beside the database (`text_files`); the run records;
the named loads; the read copy for readers while a writer works. A month in the core tables
is always as a finished step left it.
"""

from pipeline.store.abstracts import (
    load_abstract_months_to_count,
    load_abstract_sample,
    load_abstracts_of_month,
    load_counted_abstracts_of_month,
    replace_abstract_counts,
)
from pipeline.store.db import (
    fetch_sql_file,
    lock_reading,
    read_sql,
    registered,
    run_sql_file,
    sql_dir,
    transaction,
)
from pipeline.store.frames import Failures, Mentions, MonthBatch, PaperText
from pipeline.store.hot_lists import load_stored_hot_list, make_hot_list, make_hot_lists
from pipeline.store.institutions import (
    PaperInstitution,
    TitlePage,
    load_ids_to_match,
    load_list_versions,
    load_title_pages,
    write_institutions,
)
from pipeline.store.months import MonthsWriter, StoredMonth
from pipeline.store.ngram_counts import (
    NgramMonth,
    load_counted_categories,
    recount_month_ngrams,
    recount_ngrams,
    replace_month_ngrams,
    save_month_ngrams,
)
from pipeline.store.papers import (
    drop_staged_input,
    load_known_months,
    load_papers_without_text,
    load_read_versions,
    load_text_versions,
    save_categories,
    save_terms,
    stage_batch,
)
from pipeline.store.readcopy import (
    connect_reading,
    connect_writing,
    mark_writing,
    publish_read_copy,
    read_copy_path,
    writing,
    writing_marker_path,
)
from pipeline.store.ror import load_ror, save_ror
from pipeline.store.runs import close_run, open_run
from pipeline.store.schema import connect
from pipeline.store.stage import publish_staged, stage_reads
from pipeline.store.text_files import (
    compact_months,
    copy_database,
    register_texts,
    remove_unused_files,
    save_text_file,
    texts_folder,
    texts_folder_of,
)
from pipeline.store.texts import (
    load_months_with_text,
    load_n_texts,
    load_text_sample,
    load_texts,
    load_texts_by_ids,
    write_mentions,
    write_zones,
)
from pipeline.store.windows import (
    load_complete_windows,
    load_harvest_status,
    load_window_total,
    save_month_harvest,
)

__all__ = [
    "Failures", "Mentions", "MonthBatch", "MonthsWriter", "NgramMonth", "PaperText", "StoredMonth",
    "PaperInstitution", "TitlePage", "load_ids_to_match", "load_list_versions",
    "load_title_pages", "write_institutions", "load_ror", "save_ror",
    "close_run", "connect", "connect_reading", "connect_writing", "drop_staged_input",
    "fetch_sql_file", "load_abstract_months_to_count",
    "load_abstract_sample", "load_abstracts_of_month", "load_counted_abstracts_of_month",
    "load_complete_windows",
    "load_harvest_status", "load_known_months", "load_months_with_text", "load_n_texts",
    "load_papers_without_text", "load_read_versions", "load_text_sample", "load_text_versions",
    "load_texts", "load_window_total", "mark_writing", "open_run", "publish_read_copy",
    "publish_staged", "read_copy_path", "read_sql", "recount_month_ngrams", "recount_ngrams",
    "load_counted_categories",
    "lock_reading", "registered", "replace_abstract_counts", "replace_month_ngrams",
    "run_sql_file",
    "save_categories", "save_month_harvest", "save_month_ngrams", "save_terms", "sql_dir",
    "stage_batch", "stage_reads", "transaction", "write_mentions", "write_zones",
    "writing", "writing_marker_path", "compact_months", "copy_database", "register_texts",
    "remove_unused_files", "save_text_file", "texts_folder", "texts_folder_of",
    "load_texts_by_ids", "load_stored_hot_list", "make_hot_list", "make_hot_lists",
]
