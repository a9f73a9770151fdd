"""Store stage: connecting to the database with its schema up to date; the schema's version,
and a database made by an older arxiv-trends brought forward when it is opened.

The schema files (`sql/schema/`) are the layout, and `SCHEMA_VERSION` names it; every writer
stamps it in `meta_schema`. A database stamped with a newer version is refused: this
arxiv-trends cannot know its tables. An older one, or one made before versions were stamped,
is brought forward in one transaction: each table whose columns differ from the layout's is
set aside, made again as the schema files make it, and refilled by column name (`RENAMED`
gives the value of a column that changed name); then the schema files run and the version is
stamped. A column the layout needs and the old table cannot give is a clear error, and the
database is left as it was.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from pipeline import __version__
from pipeline.errors import ArxivTrendsError
from pipeline.store.db import (
    apply_schema,
    fetch_sql_file,
    open_database,
    read_sql,
    registered,
    run_sql_file,
    transaction,
)
from pipeline.store.text_files import ROW_GROUP_PAPERS, texts_folder_of, write_text_file

# 1: the first stamped layout (December 2026); 2: the institutions' tables; 3: the texts in
# files beside the database; 4: the hot lists kept (`hot_lists`); 5: the n-gram counts by
# category (a store brought forward has none until `recount`). Raise it with every change to
# a table.
SCHEMA_VERSION = 5
# A column that changed name or kind: its value from the old table, by table and column.
RENAMED = {
    "core_paper_terms": {"n_header": "in_header::integer", "n_body": "in_body::integer",
                         "n_references": "in_references::integer"},
    "stage_paper_terms": {"n_header": "in_header::integer", "n_body": "in_body::integer",
                          "n_references": "in_references::integer"},
    # schema 3: the texts moved to files (`text_files`), named once written
    "core_paper_texts": {"text_file": "''"},
    "stage_paper_texts": {"text_file": "''"},
}
SET_ASIDE = "{}__before_v{}"  # a table's name while it is brought forward


def connect(
    db_path: Path | str, read_only: bool = False, memory_mb: int | None = None,
    checkpoint_mb: int | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database, its schema brought up to date: on a writable
    connection the schema files run; a read-only one of a database made by an older
    arxiv-trends is brought forward first (see `db.open_database` for the arguments)."""
    con = open_database(db_path, read_only, memory_mb, checkpoint_mb)
    try:
        if not read_only:
            bring_forward(con, db_path)
        elif check_not_newer(con, db_path) < SCHEMA_VERSION:
            con.close()  # made by an older arxiv-trends: brought forward, then read
            connect(db_path, memory_mb=memory_mb).close()
            return connect(db_path, read_only=True, memory_mb=memory_mb)
    except BaseException:
        con.close()
        raise
    return con


def stamped_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version stamped in the database (0: none, made before versions were)."""
    if not fetch_sql_file(con, "store/has_schema_stamp")[0][0]:
        return 0
    return fetch_sql_file(con, "store/schema_version")[0][0] or 0


def check_not_newer(con: duckdb.DuckDBPyConnection, db_path: Path | str) -> int:
    """The stamped version; an error if a newer arxiv-trends made the database."""
    version = stamped_version(con)
    if version > SCHEMA_VERSION:
        raise ArxivTrendsError(
            f"{db_path} was made by a newer arxiv-trends (schema {version}; this one, "
            f"{__version__}, knows up to {SCHEMA_VERSION}): upgrade arxiv-trends to use it")
    return version


def bring_forward(con: duckdb.DuckDBPyConnection, db_path: Path | str) -> list[str]:
    """Apply the schema to a writable connection, bringing an older database's tables to the
    layout first; stamp the version. Returns the tables rebuilt."""
    version = check_not_newer(con, db_path)
    if version == SCHEMA_VERSION:
        apply_schema(con)
        return []
    layout = schema_layout()
    present = _columns(con)
    changed = [table for table, columns in layout.items()
               if table in present and present[table] != columns]
    with transaction(con):
        for table in changed:
            con.execute(_template("set_aside", table=_quoted(table), aside=_aside(table)))
        apply_schema(con)
        for table in changed:
            _refill(con, table, layout[table], dict(present[table]), db_path)
        for table in changed:  # every table refilled: the papers' months are known
            if table.endswith("_paper_texts") and "text" in dict(present[table]):
                _move_texts_to_files(con, table, Path(db_path))
            con.execute(_template("drop_aside", aside=_aside(table)))
        run_sql_file(con, "store/stamp_schema", {"version": SCHEMA_VERSION,
                                                  "code_version": __version__})
    return changed


def _refill(con: duckdb.DuckDBPyConnection, table: str, columns: tuple, old: dict,
            db_path: Path | str) -> None:
    """Refill `table` from its set-aside old rows, column by column name."""
    renamed = RENAMED.get(table, {})
    values = []
    for name, _ in columns:
        if name in old:
            values.append(_quoted(name))
        elif name in renamed:
            values.append(f"{renamed[name]} as {_quoted(name)}")
    try:
        con.execute(_template("refill", table=_quoted(table), values=", ".join(values),
                              aside=_aside(table)))
    except duckdb.Error as err:
        raise ArxivTrendsError(
            f"cannot bring {db_path} forward: table {table} of an older arxiv-trends does not "
            f"give its columns ({str(err).splitlines()[0]}); ingest again into a new "
            "database") from err


def _move_texts_to_files(con: duckdb.DuckDBPyConnection, table: str, db_path: Path) -> None:
    """Write the texts of a table set aside from a database before schema 3 to files of the
    texts' folder, a month at a time, and name them in the table refilled."""
    folder = texts_folder_of(db_path)
    aside = _aside(table)
    months = [m for (m,) in con.execute(_template("text_months", aside=aside)).fetchall()]
    for month in months:
        reader = con.sql(_template("texts_of_month", aside=aside),
                         params={"month": month}).to_arrow_reader(ROW_GROUP_PAPERS)
        name, ids = write_text_file(folder, month, map(pl.from_arrow, reader))
        with registered(con, batch_ids=pl.DataFrame({"paper_id": ids}, schema={
                "paper_id": pl.String})):
            con.execute(_template("set_text_file", table=_quoted(table)), {"text_file": name})


def _aside(table: str) -> str:
    return _quoted(SET_ASIDE.format(table, SCHEMA_VERSION))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _template(name: str, **names: str) -> str:
    """`sql/migrate/<name>.sql` with the names (quoted identifiers, from the schema) put in."""
    return read_sql(f"migrate/{name}").format(**names)


def _columns(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    """Each base table's (column, type) pairs, in order."""
    tables: dict[str, list] = {}
    for table, column, kind in fetch_sql_file(con, "store/table_columns"):
        tables.setdefault(table, []).append((column, kind))
    return {table: tuple(columns) for table, columns in tables.items()}


@lru_cache(maxsize=1)
def schema_layout() -> dict[str, tuple]:
    """The tables the schema files make, with their columns: run on an empty database."""
    con = duckdb.connect(":memory:")
    try:
        apply_schema(con)
        return _columns(con)
    finally:
        con.close()
