"""The commands for running the pipeline month after month: status, config and backfill;
and `shell`, the database open to write for power users. (The monthly job itself is
`ingest`; the Prefect flows are in `flows/`.)"""

from __future__ import annotations

import argparse
import code
import sys
from pathlib import Path

import polars as pl

from pipeline import store
from pipeline.cli.output import print_progress, write_frame
from pipeline.cli.read import emit_frame, read_with, with_output
from pipeline.ops import backfill, runs
from pipeline.papers import parse_month
from pipeline.settings import Settings, describe_settings


def _add_status(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "status", help="months present, coverage, the last runs, failures waiting",
        description="Every month in the database with its papers, full-text coverage, "
        "quarantined PDFs and the status of the last run that stored it; then the last runs "
        "(ingest_runs) and the PDFs waiting for a retry.")
    cmd.set_defaults(run=_run_status)


def _run_status(args: argparse.Namespace, settings: Settings) -> int:
    parts = read_with(settings, runs.load_status)
    for title, frame in parts.items():
        print(f"{title.replace('_', ' ')}:")
        write_frame(frame, "table", sys.stdout)
        print()
    return 0


def _add_config(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "config", help="print the effective settings and where each comes from",
        description="Settings come from defaults, then the TOML file (--config or "
        "./arxiv-trends.toml), then ARXIV_TRENDS_<NAME> variables, then flags."))
    cmd.set_defaults(run=_run_config)


def _run_config(args: argparse.Namespace, settings: Settings) -> int:
    rows = describe_settings(Path(args.config) if args.config else None, db_path=args.db)
    frame = pl.DataFrame({"name": [r[0] for r in rows], "value": [str(r[1]) for r in rows],
                          "origin": [r[2] for r in rows]})
    return emit_frame(frame, args)


def _add_backfill(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "backfill", help="fill many months, resumably (api, feeds, snapshot or tarballs)",
        description="Fill the months from --start to --end. api: each month from arXiv, "
        "complete months skipped; feeds: saved API responses in a folder (with --pdf-dir); "
        "snapshot: metadata snapshot files, then title + abstract counts; tarballs: bulk "
        "PDF tarballs, files or folders (PDFs already read are not read again).")
    cmd.add_argument("--start", required=True, help="first month, YYYY-MM")
    cmd.add_argument("--end", required=True, help="last month, YYYY-MM")
    cmd.add_argument("--source", default="api", choices=backfill.SOURCES)
    cmd.add_argument("paths", nargs="*", help="the feeds folder, snapshot files or tarballs")
    cmd.set_defaults(run=_run_backfill, writes=True)


def _run_backfill(args: argparse.Namespace, settings: Settings) -> int:
    result = backfill.backfill(settings, parse_month(args.start), parse_month(args.end),
                               args.source, [Path(p) for p in args.paths], print_progress)
    print(f"done {len(result.done)} months, {len(result.skipped)} already complete, "
          f"{len(result.incomplete)} incomplete"
          + (f": {', '.join(f'{m:%Y-%m}' for m in result.incomplete)}"
             if result.incomplete else ""))
    return 1 if result.incomplete else 0


def _add_shell(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "shell", help="a Python console with the database open to write (power users)",
        description="Open the database to write and start a Python console with it as `con` "
        "(a DuckDB connection: con.sql(\"...\").show()). Any statement runs, those that "
        "change or drop data too, unguarded: `sql` is the read-only way. The database is held "
        "as by an ingest (readers use its read copy, a writer waits) until you leave (Ctrl-D), "
        "then the read copy is published.")
    cmd.set_defaults(run=_run_shell, writes=True)


def _run_shell(args: argparse.Namespace, settings: Settings) -> int:
    con = store.connect_writing(settings)
    try:
        code.interact(banner=f"{settings.db_path} open to write as `con` (Ctrl-D to leave)",
                      local={"con": con}, exitmsg="")
    finally:
        con.close()
    return 0


COMMANDS = (_add_status, _add_config, _add_backfill, _add_shell)
