"""Store stage, institutions: which stored texts' title pages are to be matched, their page 1,
and the institutions found on them written back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import polars as pl

from pipeline.store.db import fetch_sql_file, registered, run_sql_file
from pipeline.store.frames import months_frame
from pipeline.store.texts import load_text_rows_by_ids

INSTITUTION_SCHEMA = {"paper_id": pl.String, "institution": pl.String, "type": pl.String,
                      "country": pl.String, "evidence": pl.String, "found_in": pl.String}
READ_SCHEMA = {"paper_id": pl.String, "version": pl.Int32, "list_version": pl.String,
               "n_institutions": pl.Int32}


@dataclass(frozen=True)
class TitlePage:
    """Page 1 of a stored text, and where its title zone ends."""

    paper_id: str
    version: int | None
    page_one: str
    header_end: int


@dataclass(frozen=True)
class PaperInstitution:
    """One institution on one paper's title page."""

    institution: str
    type: str
    country: str
    evidence: str
    found_in: str


def load_ids_to_match(
    con: duckdb.DuckDBPyConnection, months: list[date] | None = None, is_every: bool = False,
) -> list[str]:
    """The papers whose stored text is to be matched: never matched or read again at another
    version since (every one with `is_every`), of `months` (all when None)."""
    with registered(con, asked_months=months_frame(months or [])):
        rows = fetch_sql_file(con, "store/institution_ids_to_match",
                              {"is_every": is_every, "is_every_month": months is None})
    return [paper_id for paper_id, _ in rows]


def load_title_pages(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[TitlePage]:
    """Page 1 of the stored texts of `ids`."""
    pages = {}
    for batch in load_text_rows_by_ids(con, ids):
        for pid, version, header_end, text in batch.select(
                "paper_id", "version", "header_end_char", "text").iter_rows():
            pages[pid] = TitlePage(pid, version, text.split("\f", 1)[0], header_end)
    return [pages[pid] for pid in ids if pid in pages]


def load_list_versions(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The institutions lists the stored matches were made with -> papers matched with each."""
    return dict(fetch_sql_file(con, "store/institution_list_versions"))


def write_institutions(
    con: duckdb.DuckDBPyConnection, pages: list[TitlePage],
    found: dict[str, list[PaperInstitution]], list_version: str,
) -> None:
    """Replace the institutions of the papers whose `pages` were matched (in the caller's
    transaction): each paper's rows, and that it was matched, at which version, with which
    list."""
    reads = pl.DataFrame(
        [(p.paper_id, p.version, list_version, len(found.get(p.paper_id, []))) for p in pages],
        schema=READ_SCHEMA, orient="row")
    rows = pl.DataFrame(
        [(pid, f.institution, f.type, f.country, f.evidence, f.found_in)
         for pid, hits in found.items() for f in hits],
        schema=INSTITUTION_SCHEMA, orient="row")
    with registered(con, batch_reads=reads, batch_institutions=rows):
        run_sql_file(con, "store/replace_paper_institutions")
