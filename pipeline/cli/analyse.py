"""The commands that ask questions: ad-hoc SQL, word and phrase series, hot lists, and the
papers behind any point. All read-only; user input is always bound, never pasted into SQL."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from pipeline import analyse
from pipeline.analyse import hot, phrases
from pipeline.cli.args import whole_number
from pipeline.cli.read import note_provisional, pick_source, print_frame, with_output, with_source
from pipeline.errors import ArxivTrendsError
from pipeline.papers import parse_month
from pipeline.report import plots
from pipeline.settings import Settings, parse_categories


def _add_sql(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "sql", help="run ad-hoc SQL, or a named query from sql/",
        description="Run one SQL statement that reads the database (SELECT, WITH, DESCRIBE, "
        "EXPLAIN; no file, extension or other database is reachable from it), or a named "
        "query from sql/ with --name; --param key=value binds $key (values are bound, never "
        "pasted into the SQL; a named query's source, when it takes one and none is given, "
        "is full text where the database has it, said on stderr). While another process "
        "writes the database, this reads the copy published after the last write."))
    cmd.add_argument("sql", nargs="?", help="SQL statement")
    cmd.add_argument("--name", help="named query in sql/ (e.g. family_table_for_month)")
    cmd.add_argument("--param", action="append", default=[], help="parameter key=value")
    cmd.set_defaults(run=_run_sql)


def _run_sql(args: argparse.Namespace, settings: Settings) -> int:
    if bool(args.sql) == bool(args.name):
        raise ArxivTrendsError("give either a SQL statement or --name, not both or neither")
    params = dict(_split_param(p) for p in args.param)
    said: list[str] = []

    def load(con):  # noqa: ANN001, ANN202
        if args.name:
            if "source" in analyse.named_query_params(args.name) and "source" not in params:
                params["source"] = pick_source(con, None, said, how="--param source=...")
            return analyse.run_named_query_with_text(con, args.name, params)
        return analyse.run_reading_sql(con, args.sql, params)

    return print_frame(settings, args, load, said)


def _split_param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise ArxivTrendsError(f"--param must look like key=value, got {text!r}")
    return key, value


def _add_query(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "query", help="monthly share of papers using each word or phrase",
        description="The share of each month's papers using each word or phrase, in one text "
        "source, with its 95%% interval: one or two words from the n-gram counts, longer "
        "phrases from the stored texts (slower: every text is read)."))
    cmd.add_argument("phrases", nargs="+", help='words or phrases, e.g. mamba "state space model"')
    cmd.add_argument("--plot", type=Path, help="also write an HTML chart of the series here")
    with_source(cmd)
    cmd.set_defaults(run=_run_query)


def _run_query(args: argparse.Namespace, settings: Settings) -> int:
    said: list[str] = []

    def load(con):  # noqa: ANN001, ANN202
        source = pick_source(con, args.source, said)
        coverage = analyse.load_month_coverage(con, settings.min_coverage_pct, source)
        series = analyse.mark_provisional(
            phrases.load_phrase_series(con, args.phrases, source), coverage)
        note_provisional(coverage, series["month"].unique().to_list(),
                         settings.min_coverage_pct)
        if args.plot:  # on stderr, so that stdout stays the table (or CSV)
            print(f"plot: {plots.write_series_plot(series, args.plot)}", file=sys.stderr)
        return series

    return print_frame(settings, args, load, said)


def _add_hot(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "hot", help="the hottest (or least hot) words and word pairs of a month",
        description="For every unigram and bigram: its highest monthly share in the 12 months "
        "up to --month over its highest monthly share in all months before (the original "
        "analysis' ratio), with support, significance (z_score, 95%% interval) and "
        "near-duplicates merged."))
    cmd.add_argument("--month", required=True, help="YYYY-MM: the last month of the 12")
    cmd.add_argument("--not", dest="is_not_hot", action="store_true",
                     help="list the least hot (lowest ratio) first")
    cmd.add_argument("--limit", type=whole_number(1, 10_000), default=hot.DEFAULT_LIMIT,
                     help="rows to list")
    cmd.add_argument("--min-papers", type=whole_number(1, 1_000_000),
                     help="fewest papers in the deciding peak month (default: the "
                     "hot_min_papers setting, 15)")
    cmd.add_argument("--no-merge", dest="is_merged", action="store_false",
                     help="do not merge near-duplicate terms")
    cmd.add_argument("--category", default="all",
                     help="one category's papers (e.g. cs.CV), from the n-gram counts by "
                     "category; default: all categories pooled")
    cmd.add_argument("--membership", choices=("primary", "any"), default="primary",
                     help="with --category: the papers whose primary category it is "
                     "(default), or all that list it")
    with_source(cmd)
    cmd.set_defaults(run=_run_hot)


def _run_hot(args: argparse.Namespace, settings: Settings) -> int:
    month = parse_month(args.month)
    min_papers = settings.hot_min_papers if args.min_papers is None else args.min_papers

    said: list[str] = []

    def load(con):  # noqa: ANN001, ANN202
        source = args.source or hot.choose_source(con, month)
        if not args.source:
            said.append(analyse.describe_source(source))
        note_provisional(analyse.load_month_coverage(con, settings.min_coverage_pct, source),
                         [month], settings.min_coverage_pct)
        ranked = hot.load_hot_terms(con, month, is_not_hot=args.is_not_hot, limit=args.limit,
                                    min_papers=min_papers, is_merged=args.is_merged,
                                    source=source, category=args.category,
                                    membership=args.membership)
        if args.category != "all":
            said.append(hot.describe_cell(args.category, args.membership))
            ranked = ranked.with_columns(category=pl.lit(args.category),
                                         membership=pl.lit(args.membership))
        return ranked.with_columns(source=pl.lit(source))  # every export names its source

    return print_frame(settings, args, load, said)


def _add_papers(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "papers", help="the papers behind one point of a series (ids, titles, arXiv links)",
        description="Drill down: the papers of --month mentioning a curated --term, using a "
        "word or --phrase (in the --source text), with an author at an --institution, or "
        "(with none of them) all papers of the month in the categories."))
    cmd.add_argument("--month", required=True, help="YYYY-MM")
    what = cmd.add_mutually_exclusive_group()
    what.add_argument("--term", help="a curated term (see core_terms), e.g. tensorflow")
    what.add_argument("--phrase", help='a word or phrase, e.g. "batch normalization"')
    what.add_argument("--institution", help="an institution as `institutions` names it, "
                      "e.g. Google (papers with an author there; full text only)")
    cmd.add_argument("--body-only", action="store_true",
                     help="with --term: only papers mentioning it in the body")
    cmd.add_argument("--categories", help="without --term/--phrase: comma-separated "
                     "categories (default: the six ML ones)")
    with_source(cmd)
    cmd.set_defaults(run=_run_papers)


def _run_papers(args: argparse.Namespace, settings: Settings) -> int:
    month = parse_month(args.month)
    categories = parse_categories(args.categories) if args.categories else settings.categories

    # "" is a phrase (refused), not none
    is_all = args.term is None and args.phrase is None and args.institution is None
    if args.source and is_all:
        raise ArxivTrendsError("--source chooses the text a --term or --phrase is looked for "
                               "in; the papers of a month are the same in both")
    if args.term is not None and not args.term.strip():
        raise ArxivTrendsError("--term is empty: name a curated term (see `arxiv-trends terms`)")
    said: list[str] = []

    def load(con):  # noqa: ANN001, ANN202
        if is_all:
            return analyse.load_papers_of_month(con, month, list(categories))
        if args.institution is not None:
            analyse.check_institution_source(args.source)
            return analyse.load_papers_of_institution(con, month, args.institution)
        source = pick_source(con, args.source, said, [month])
        if args.term is not None:
            found = analyse.load_papers_mentioning(con, month, args.term.lower(),
                                                   args.body_only, source)
        else:
            found = phrases.load_papers_with_phrase(con, month, args.phrase, source)
        return found.with_columns(source=pl.lit(source))  # every export names its source

    return print_frame(settings, args, load, said)


COMMANDS = (_add_sql, _add_query, _add_hot, _add_papers)
