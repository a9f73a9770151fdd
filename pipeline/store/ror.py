"""Store stage, the registry's institutions: replaced whole by an import, read to match."""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.count.institutions import Institution
from pipeline.store.db import fetch_sql_file, registered, run_sql_file, transaction

ROR_SCHEMA = {"ror_id": pl.String, "name": pl.String, "type": pl.String, "country": pl.String,
              "parent": pl.String, "aliases": pl.List(pl.String),
              "domains": pl.List(pl.String), "release": pl.String}


def save_ror(con: duckdb.DuckDBPyConnection, release: str, ids: list[str],
             entries: list[Institution]) -> None:
    """Replace the imported registry with a dump's institutions (`ids`: their ROR ids), in
    one transaction."""
    frame = pl.DataFrame(
        [(ror_id, e.name, e.type, e.country, e.parent, list(e.aliases), list(e.domains),
          release) for ror_id, e in zip(ids, entries, strict=True)],
        schema=ROR_SCHEMA, orient="row")
    with registered(con, batch_ror=frame), transaction(con):
        run_sql_file(con, "store/replace_ror")


def load_ror(con: duckdb.DuckDBPyConnection) -> tuple[str, list[Institution]]:
    """The imported registry's release and institutions ("" and none if never imported)."""
    rows = fetch_sql_file(con, "store/ror_institutions")
    entries = [Institution(name, kind, country, parent, tuple(aliases), (), tuple(domains), ())
               for _, name, kind, country, parent, aliases, domains in rows]
    return (rows[0][0] if rows else ""), entries
