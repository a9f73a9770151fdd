"""The `arxiv-trends` command: a thin front end over the library.

Every command takes the global `--db PATH`; commands that print a table take `--format`.
Success exits 0; any failure prints one line to stderr and exits non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from pipeline import store
from pipeline.cli import analyse, institutions, operate, read, write
from pipeline.cli.args import OneLineParser
from pipeline.cli.output import print_progress
from pipeline.errors import ArxivTrendsError
from pipeline.settings import load_settings


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(Path(args.config) if args.config else None, db_path=args.db)
        writes = getattr(args, "writes", False)
        # until a writer's copy is published, readers use the last
        with store.writing(settings.db_path) if writes else contextlib.nullcontext():
            code = args.run(args, settings) or 0
        # readers of a busy database get this copy (unless the command published it: `ingest`)
        if writes and store.writing_marker_path(settings.db_path).exists():
            store.publish_read_copy(settings.db_path, print_progress)
        return code
    except ArxivTrendsError as err:
        if args.debug:
            raise
        print(f"error: {one_line(str(err))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # one line for the user; `--debug` shows the traceback
        if args.debug:
            raise
        print(f"error: {type(err).__name__}: {one_line(str(err))}", file=sys.stderr)
        return 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = OneLineParser(
        prog="arxiv-trends",
        description="Month-by-month trends in the full text of arXiv machine-learning papers.",
    )
    parser.add_argument("--db", help="DuckDB file (default: data/arxiv-trends.duckdb)")
    parser.add_argument("--config", help="TOML settings file (default: ./arxiv-trends.toml)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for add in (write.COMMANDS + read.COMMANDS + analyse.COMMANDS + institutions.COMMANDS
                + operate.COMMANDS):
        add(commands)
    return parser


def one_line(message: str) -> str:
    """A message as one line: its first, with a pointer to the rest."""
    lines = [line for line in message.strip().splitlines() if line.strip()] or [""]
    return lines[0] + (" (--debug shows the rest)" if len(lines) > 1 else "")
