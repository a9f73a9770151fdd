"""The commands that read: the report, monthly tables, failures. They open the database
read-only, or its read copy while another process writes it (`pipeline.store.readcopy`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from pipeline import analyse, report, store
from pipeline.cli.output import FORMATS, choose_format, write_frame, write_frame_file
from pipeline.count import FAMILIES
from pipeline.errors import ArxivTrendsError
from pipeline.papers import parse_month, split_arxiv_id
from pipeline.report import export
from pipeline.settings import Settings, parse_categories


def with_output(cmd: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add `--format` and `--out` to a command that prints a table."""
    cmd.add_argument("--format", choices=FORMATS,
                     help="table (default), csv, json, or parquet (needs --out)")
    cmd.add_argument("--out", type=Path,
                     help="write to this file instead (format from its suffix: .csv, "
                     ".parquet, .json)")
    return cmd


def with_source(cmd: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add `--source` to a command that counts in one text source."""
    cmd.add_argument("--source", choices=analyse.SOURCES,
                     help="count in the papers' full texts (fulltext) or their titles + "
                     "abstracts (abstracts); default: full text where the months shown have "
                     "it, else abstracts (the source used is said on stderr)")
    return cmd


def pick_source(
    con, asked: str | None, said: list[str], months: list | None = None,  # noqa: ANN001
    how: str = "--source",
) -> str:
    """The source asked for, or the default for `months` (None: the newest month), with a
    line for `said` (shown on stderr once the read succeeds) on how to choose another."""
    if asked:
        return asked
    source = analyse.choose_source(con, months)
    said.append(analyse.describe_source(source, how))
    return source


def print_frame(
    settings: Settings, args: argparse.Namespace, load, said: list[str] | None = None  # noqa: ANN001
) -> int:
    """Open the database for reading, run `load(con)`, print or export its frame; then the
    lines `load` left in `said`, on stderr (a failure stays one line)."""
    return emit_frame(read_with(settings, load, said), args)


def read_with(settings: Settings, load, said: list[str] | None = None):  # noqa: ANN001, ANN201
    """Open the database for reading (saying on stderr if it is the read copy), return
    `load(con)`; then print the lines it left in `said` on stderr."""
    con, note = store.connect_reading(settings.db_path)
    if note:
        print(note, file=sys.stderr)
    try:
        result = load(con)
    finally:
        con.close()
    for line in said or []:
        print(line, file=sys.stderr)
    return result


def emit_frame(frame: pl.DataFrame, args: argparse.Namespace) -> int:
    """Print the frame, or export it with `--out`, in the `--format` asked for."""
    fmt = choose_format(args.format, args.out)
    if args.out:
        print(write_frame_file(frame, fmt, args.out))
    else:
        write_frame(frame, fmt, sys.stdout)
    return 0


def _add_report(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "report", help="write this month's edition of the report site",
        description="Write one edition of the static report site (a folder of HTML pages, "
        "plotly.js shared once in assets/; works offline and from any web host) and print "
        "the path of its front page.")
    cmd.add_argument("--month", help="the edition's month, YYYY-MM (default: the latest)")
    cmd.add_argument("--site", type=Path,
                     help="site folder (default: the site_dir setting, reports/site)")
    with_source(cmd)
    cmd.set_defaults(run=_run_report)


def _run_report(args: argparse.Namespace, settings: Settings) -> int:
    print(report.write_site_edition(_load_edition(args, settings),
                                    args.site or settings.site_dir))
    return 0


def _load_edition(args: argparse.Namespace, settings: Settings) -> report.EditionData:
    """The edition `--month` and `--source` ask for (defaults: the latest, chosen and said)."""
    month = parse_month(args.month) if args.month else None
    said: list[str] = []

    def load(con):  # noqa: ANN001, ANN202
        source = pick_source(con, args.source, said, [month] if month else None)
        return report.load_edition_data(con, month, settings.hot_min_papers,
                                        settings.min_coverage_pct, source)

    return read_with(settings, load, said)


def _add_export(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "export", help="every share series of an edition, as Parquet or CSV",
        description="Every share series an edition of the report draws (the curated terms "
        "pooled and per category, anywhere and in the body; the explorer's n-grams; the "
        "institutions), one row per series and month with its counts and 95%% interval: "
        "the edition's <YYYY-MM>.parquet. Default: that file in the current folder."))
    cmd.add_argument("--month", help="the edition's month, YYYY-MM (default: the latest)")
    with_source(cmd)
    cmd.set_defaults(run=_run_export)


def _run_export(args: argparse.Namespace, settings: Settings) -> int:
    data = _load_edition(args, settings)
    if not args.out and not args.format:
        args.out = Path(export.data_file(data.edition_name))
    return emit_frame(export.edition_frame(data), args)


def _add_months(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "months", help="papers per month", description="Papers per month in the database."))
    cmd.set_defaults(run=lambda a, s: print_frame(s, a, analyse.load_papers_by_month))


def _add_totals(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "totals", help="papers per month by primary and by any category, and text coverage",
        description="Papers per v1 month with one of the categories as primary "
        "(n_papers_primary), with any of them (n_papers_any, cross-lists included), and how "
        "many of the latter have their full text read (n_with_text)."))
    cmd.add_argument("--categories", help="comma-separated categories (default: the six ML ones)")
    cmd.set_defaults(run=_run_totals)


def _run_totals(args: argparse.Namespace, settings: Settings) -> int:
    categories = parse_categories(args.categories) if args.categories else settings.categories
    return print_frame(settings, args, lambda con: analyse.run_named_query(
        con, "totals_by_month", {"categories": list(categories)}))


def _add_table(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "table", help="the original's table: %% of papers mentioning each term in a month",
        description="% of papers, term, has been around for (months), for one month and family."))
    cmd.add_argument("--month", help="YYYY-MM (default: latest month)")
    cmd.add_argument("--family", default="framework",
                     choices=FAMILIES)
    with_source(cmd)
    cmd.set_defaults(run=_run_table)


def _run_table(args: argparse.Namespace, settings: Settings) -> int:
    said: list[str] = []

    def load(con):  # noqa: ANN001, ANN202
        month = parse_month(args.month) if args.month else None
        source = pick_source(con, args.source, said, [month] if month else None)
        month = month or analyse.load_latest_month(con, source)
        if month is None:
            raise ArxivTrendsError(f"the database holds no paper counted in {source} yet")
        coverage = analyse.load_month_coverage(con, settings.min_coverage_pct, source)
        table = analyse.load_family_table(con, month, args.family, source)
        of_month = coverage.filter(pl.col("month") == month)
        note_provisional(coverage, [month], settings.min_coverage_pct)
        return table.with_columns(
            source=pl.lit(source),
            coverage_pct=pl.lit(of_month["coverage_pct"][0] if of_month.height else None),
            is_provisional=pl.lit(bool(of_month["is_provisional"][0]) if of_month.height
                                  else True))

    return print_frame(settings, args, load, said)


def note_provisional(coverage: pl.DataFrame, months: list, min_coverage_pct: float) -> None:
    """Say on stderr which of the months shown are provisional (too few of their papers
    counted yet in the source of `coverage`)."""
    rows = coverage.filter(pl.col("month").is_in(months) & pl.col("is_provisional")).rows(
        named=True)
    if len(rows) > 3:
        listed = ", ".join(f"{row['month']:%Y-%m}" for row in rows)
        print(f"note: {len(rows)} of the months shown are provisional (under the "
              f"{min_coverage_pct:g}% of min_coverage_pct of their texts counted): {listed}",
              file=sys.stderr)
        return
    for row in rows:
        print(f"note: {row['month']:%Y-%m} is provisional: {row['n_with_text']:,} of its "
              f"{row['n_papers']:,} papers counted ({row['coverage_pct'] or 0}%, under "
              f"the {min_coverage_pct:g}% of min_coverage_pct); its shares may still change",
              file=sys.stderr)


def _add_failures(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "failures", help="papers whose PDF could not be fetched or read",
        description="List papers whose PDF failed, with the reason; a re-run retries them."))
    cmd.set_defaults(run=lambda a, s: print_frame(
        s, a, lambda con: analyse.run_named_query(con, "extract_failures")))


def _add_terms(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "terms", help="the curated terms one paper mentions, with mentions per zone",
        description="Which curated terms a paper mentions, with the number of mentions in its "
        "header, body and references: the first thing to look at when a number looks wrong."))
    cmd.add_argument("paper_id", help="arXiv id, e.g. 1706.03762 (a version suffix is ignored)")
    cmd.set_defaults(run=_run_terms)


def _run_terms(args: argparse.Namespace, settings: Settings) -> int:
    paper_id, _ = split_arxiv_id(args.paper_id)

    def load(con):  # noqa: ANN001, ANN202
        known = analyse.run_named_query(con, "paper_status", {"paper_id": paper_id})
        if known.height == 0:
            raise ArxivTrendsError(f"no paper {paper_id} in the database")
        if not known["has_text"][0]:
            raise ArxivTrendsError(f"the text of {paper_id} has not been read yet")
        return analyse.run_named_query(con, "paper_terms", {"paper_id": paper_id})

    return print_frame(settings, args, load)


COMMANDS = (_add_report, _add_export, _add_months, _add_totals, _add_table, _add_terms,
            _add_failures)
