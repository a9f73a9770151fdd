"""The `arxiv-trends` command: a thin front end over the library.

Every command takes the global `--db PATH`; commands that print a table take `--format`.
Success exits 0; any failure prints one line to stderr and exits non-zero.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline import analyse, demo, ingest, report, sample, snapshot, store
from pipeline.errors import ArxivTrendsError
from pipeline.output import FORMATS, write_frame
from pipeline.papers import parse_month
from pipeline.settings import Settings, load_settings, with_changes


def main(argv: list[str] | None = None) -> int:
    """Run one command; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(Path(args.config) if args.config else None, db_path=args.db)
        return args.run(args, settings) or 0
    except ArxivTrendsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # one line for the user; `--debug` shows the traceback
        if args.debug:
            raise
        print(f"error: {type(err).__name__}: {err}", file=sys.stderr)
        return 2


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command."""
    parser = argparse.ArgumentParser(
        prog="arxiv-trends",
        description="Month-by-month trends in the full text of arXiv machine-learning papers.",
    )
    parser.add_argument("--db", help="DuckDB file (default: data/arxiv-trends.duckdb)")
    parser.add_argument("--config", help="TOML settings file (default: ./arxiv-trends.toml)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for add in (_add_demo, _add_sample, _add_ingest, _add_ingest_feed, _add_import_snapshot,
                _add_report, _add_months, _add_totals, _add_table, _add_query, _add_failures):
        add(commands)
    return parser


def _with_format(cmd: argparse.ArgumentParser) -> argparse.ArgumentParser:
    cmd.add_argument("--format", choices=FORMATS, default="table", help="output format")
    return cmd


def _add_demo(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "demo", help="generate the sample corpus and run the whole pipeline on it, offline",
        description="Generate the embedded sample corpus (real PDFs written by the project), "
        "ingest it, and write the report. Uses data/demo.duckdb unless --db is given.")
    cmd.add_argument("--sample-dir", default="data/sample", help="where to write the sample")
    cmd.add_argument("--report", default="reports/site/demo/index.html", help="report path")
    cmd.add_argument("--seed", type=int, default=2017, help="sample seed")
    cmd.add_argument("--scale", type=float, default=1.0, help="papers per month multiplier")
    cmd.set_defaults(run=_run_demo)


def _run_demo(args: argparse.Namespace, settings: Settings) -> int:
    if args.db is None:
        settings = with_changes(settings, db_path=Path("data/demo.duckdb"))
    result = demo.run_demo(settings, Path(args.sample_dir), Path(args.report), args.seed,
                           args.scale, _progress)
    print(f"report:   {result.report_path}")
    print(f"database: {result.db_path}")
    print(result.summary_line())
    return 0


def _add_sample(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "sample", help="write the generated sample corpus (Atom feeds and PDFs)",
        description="Write the deterministic sample corpus: feeds/YYYY-MM.xml in the arXiv "
        "API's format, pdfs/<id>v<N>.pdf, and truth.json (the terms each paper mentions).")
    cmd.add_argument("--out", default="data/sample", help="output folder")
    cmd.add_argument("--seed", type=int, default=2017, help="seed")
    cmd.add_argument("--scale", type=float, default=1.0, help="papers per month multiplier")
    cmd.add_argument("--first-month", default="2012-01", help="first month, YYYY-MM")
    cmd.add_argument("--last-month", default="2017-12", help="last month, YYYY-MM")
    cmd.set_defaults(run=_run_sample)


def _run_sample(args: argparse.Namespace, settings: Settings) -> int:
    info = sample.write_sample(Path(args.out), args.seed, parse_month(args.first_month),
                               parse_month(args.last_month), args.scale)
    print(f"wrote {info.n_papers} papers in {len(info.feed_paths)} months to {info.out_dir}")
    return 0


def _add_ingest(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "ingest", help="fetch one month from arXiv (metadata and PDFs), count, store",
        description="Fetch every paper of the ML categories submitted in MONTH through the "
        "arXiv API (one request per 3 s), download the PDFs, extract their text, count the "
        "curated terms and replace that month in the database.")
    cmd.add_argument("--month", required=True, help="month to ingest, YYYY-MM")
    cmd.add_argument("--categories", help="comma-separated categories (default: the six ML ones)")
    cmd.add_argument("--max-papers", type=int,
                     help="read at most this many PDFs this run (the metadata is always complete)")
    cmd.add_argument("--pdf-dir", help="where PDFs are kept (default: data/pdfs)")
    cmd.add_argument("--contact", help="e-mail address sent in the User-Agent")
    cmd.set_defaults(run=_run_ingest)


def _run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    changes = {"categories": args.categories, "pdf_dir": args.pdf_dir, "contact": args.contact}
    settings = load_settings(Path(args.config) if args.config else None, db_path=settings.db_path,
                             **changes)
    fetched = ingest.fetch_arxiv_month(settings, parse_month(args.month), args.max_papers,
                                       _progress)
    summary = ingest.store_fetched_month(settings, fetched, _progress)
    print(f"{args.month}: {fetched.n_papers_in_month} papers listed; read {summary.n_with_text} "
          f"of {summary.n_papers}, {summary.n_failed} failed; database {settings.db_path}")
    return 0


def _add_ingest_feed(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "ingest-feed", help="ingest papers from saved arXiv API responses and a folder of PDFs",
        description="Read papers from Atom files in the arXiv API's format and their PDFs "
        "(named <id>v<N>.pdf) from a folder; replace their months in the database.")
    cmd.add_argument("feeds", nargs="+", help="Atom XML files")
    cmd.add_argument("--pdfs", required=True, help="folder holding the PDFs")
    cmd.set_defaults(run=_run_ingest_feed)


def _run_ingest_feed(args: argparse.Namespace, settings: Settings) -> int:
    summary = ingest.ingest_feeds(settings, [Path(f) for f in args.feeds], Path(args.pdfs),
                                  "feed", _progress)
    print(f"{summary.n_papers} papers in {len(summary.months)} months, "
          f"{summary.n_with_text} read, {summary.n_failed} failed; database {settings.db_path}")
    return 0


def _add_import_snapshot(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "import-snapshot", help="backfill paper metadata from the arXiv metadata snapshot",
        description="Read the public arXiv metadata snapshot (one JSON object a line, plain "
        "or gzip), keep the papers with any of the categories and a v1 month in the range, "
        "and upsert them into the database in batches. Malformed lines are reported with "
        "their line numbers and skipped.")
    cmd.add_argument("file", help="snapshot file (.json/.jsonl, gzipped or not)")
    cmd.add_argument("--categories", help="comma-separated categories (default: the six ML ones)")
    cmd.add_argument("--from", dest="first_month", help="first v1 month to keep, YYYY-MM")
    cmd.add_argument("--to", dest="last_month", help="last v1 month to keep, YYYY-MM")
    cmd.set_defaults(run=_run_import_snapshot)


def _run_import_snapshot(args: argparse.Namespace, settings: Settings) -> int:
    if args.categories:
        settings = with_changes(settings, categories=_split_categories(args.categories))
    first = parse_month(args.first_month) if args.first_month else None
    last = parse_month(args.last_month) if args.last_month else None
    summary = snapshot.import_snapshot(settings, Path(args.file), first, last, _progress)
    print(f"{summary.summary_line()}; database {settings.db_path}")
    for line_no, reason in summary.malformed:
        print(f"line {line_no}: {reason}", file=sys.stderr)
    if summary.n_malformed > len(summary.malformed):
        print(f"... and {summary.n_malformed - len(summary.malformed):,} more malformed lines",
              file=sys.stderr)
    return 0


def _split_categories(text: str) -> tuple[str, ...]:
    categories = tuple(c.strip() for c in text.split(",") if c.strip())
    if not categories:
        raise ArxivTrendsError(f"--categories must name at least one category, got {text!r}")
    return categories


def _add_report(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "report", help="write the HTML report from the database",
        description="Write one self-contained HTML page (plotly.js included, works offline).")
    cmd.add_argument("--out", help="output path (default: reports/site/index.html)")
    cmd.add_argument("--month", help="month of the framework table (default: latest)")
    cmd.set_defaults(run=_run_report)


def _run_report(args: argparse.Namespace, settings: Settings) -> int:
    month = parse_month(args.month) if args.month else None
    con = store.connect(settings.db_path, read_only=True)
    try:
        html = report.render_report(report.load_report_data(con, month))
    finally:
        con.close()
    path = report.write_report(html, Path(args.out) if args.out else settings.report_path)
    print(path)
    return 0


def _add_months(commands: argparse._SubParsersAction) -> None:
    cmd = _with_format(commands.add_parser(
        "months", help="papers per month", description="Papers per month in the database."))
    cmd.set_defaults(run=lambda a, s: _print_with(s, a.format, analyse.load_papers_by_month))


def _add_totals(commands: argparse._SubParsersAction) -> None:
    cmd = _with_format(commands.add_parser(
        "totals", help="papers per month by primary and by any category, and text coverage",
        description="Papers per v1 month with one of the categories as primary "
        "(n_papers_primary), with any of them (n_papers_any, cross-lists included), and how "
        "many of the latter have their full text read (n_with_text)."))
    cmd.add_argument("--categories", help="comma-separated categories (default: the six ML ones)")
    cmd.set_defaults(run=_run_totals)


def _run_totals(args: argparse.Namespace, settings: Settings) -> int:
    categories = _split_categories(args.categories) if args.categories else settings.categories
    return _print_with(settings, args.format, lambda con: analyse.run_named_query(
        con, "totals_by_month", {"categories": list(categories)}))


def _add_table(commands: argparse._SubParsersAction) -> None:
    cmd = _with_format(commands.add_parser(
        "table", help="the original's table: %% of papers mentioning each term in a month",
        description="% of papers, term, has been around for (months), for one month and family."))
    cmd.add_argument("--month", help="YYYY-MM (default: latest month)")
    cmd.add_argument("--family", default="framework",
                     choices=("framework", "convnet", "optimizer", "researcher"))
    cmd.set_defaults(run=_run_table)


def _run_table(args: argparse.Namespace, settings: Settings) -> int:
    def load(con):  # noqa: ANN001, ANN202
        month = parse_month(args.month) if args.month else analyse.load_latest_month(con)
        if month is None:
            raise ArxivTrendsError("the database holds no paper with text yet")
        return analyse.load_family_table(con, month, args.family)

    return _print_with(settings, args.format, load)


def _add_query(commands: argparse._SubParsersAction) -> None:
    cmd = _with_format(commands.add_parser(
        "query", help="run ad-hoc SQL or a named query from sql/",
        description="Run one SQL statement against the database (read-only), or a named "
        "query from sql/ with --name and --param key=value."))
    cmd.add_argument("sql", nargs="?", help="SQL statement")
    cmd.add_argument("--name", help="named query in sql/ (e.g. family_table_for_month)")
    cmd.add_argument("--param", action="append", default=[], help="parameter key=value")
    cmd.set_defaults(run=_run_query)


def _run_query(args: argparse.Namespace, settings: Settings) -> int:
    if bool(args.sql) == bool(args.name):
        raise ArxivTrendsError("give either a SQL statement or --name, not both or neither")
    params = dict(_split_param(p) for p in args.param)

    def load(con):  # noqa: ANN001, ANN202
        if args.name:
            return analyse.run_named_query(con, args.name, params)
        return analyse.run_sql(con, args.sql, params)

    return _print_with(settings, args.format, load)


def _split_param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise ArxivTrendsError(f"--param must look like key=value, got {text!r}")
    return key, value


def _add_failures(commands: argparse._SubParsersAction) -> None:
    cmd = _with_format(commands.add_parser(
        "failures", help="papers whose PDF could not be fetched or read",
        description="List papers whose PDF failed, with the reason; a re-run retries them."))
    cmd.set_defaults(run=lambda a, s: _print_with(
        s, a.format, lambda con: analyse.run_sql(
            con, "select * from core_extract_failures order by failed_at, paper_id")))


def _print_with(settings: Settings, fmt: str, load) -> int:  # noqa: ANN001
    con = store.connect(settings.db_path, read_only=True)
    try:
        frame = load(con)
    finally:
        con.close()
    write_frame(frame, fmt, sys.stdout)
    return 0
