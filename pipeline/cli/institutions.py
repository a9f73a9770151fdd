"""The `institutions` command: a paper's institutions, the original analysis' table of a
month, a year or a term's papers, the industry share by month, hot institutions."""

from __future__ import annotations

import argparse
from datetime import date

import polars as pl

from pipeline import analyse
from pipeline.cli.args import whole_number
from pipeline.cli.read import print_frame, with_output
from pipeline.errors import ArxivTrendsError
from pipeline.papers import parse_month, split_arxiv_id
from pipeline.settings import Settings

PAPER_COLUMNS = ["paper_id", "institution", "type", "evidence"]


def _add_institutions(commands: argparse._SubParsersAction) -> None:
    cmd = with_output(commands.add_parser(
        "institutions", help="the institutions behind the papers (from their title pages)",
        description="With PAPER_ID: the institutions on that paper's title page (columns "
        "paper_id, institution, type, evidence). With --month or --year: that period's table "
        "as the original analysis made it (papers, institution mentions, unique institutions, "
        "industry share on stderr; the top institutions on stdout), of the papers mentioning "
        "--term only if given. --industry: each month's share of papers with an industry "
        "author. --hot / --not-hot with --month: institutions by the terms' hot ratio. "
        "Institutions are read from full texts' title pages (the full-text source)."))
    cmd.add_argument("paper_id", nargs="?", help="an arXiv id, e.g. 1512.03385")
    cmd.add_argument("--month", help="YYYY-MM")
    cmd.add_argument("--year", type=whole_number(1991, 9999), help="YYYY")
    cmd.add_argument("--term", help="with --month/--year: only the papers mentioning this "
                     "curated term")
    cmd.add_argument("--top", type=whole_number(1, 10_000), default=analyse.institutions
                     .DEFAULT_TOP, help="institutions to list (default 20)")
    view = cmd.add_mutually_exclusive_group()
    view.add_argument("--industry", action="store_true",
                      help="each month's share of papers with an industry author")
    view.add_argument("--hot", action="store_true", help="with --month: the hot institutions")
    view.add_argument("--not-hot", action="store_true",
                      help="with --month: the least hot institutions")
    cmd.add_argument("--min-papers", type=whole_number(1, 1_000_000),
                     help="with --hot/--not-hot: fewest papers in the deciding peak month "
                     "(default: the hot_min_papers setting, 15)")
    cmd.set_defaults(run=_run_institutions)


def _run_institutions(args: argparse.Namespace, settings: Settings) -> int:
    _check_combination(args)
    said: list[str] = []
    if args.paper_id:
        paper_id, _ = split_arxiv_id(args.paper_id)

        def load(con):  # noqa: ANN001, ANN202
            return analyse.load_paper_institutions(con, paper_id).select(PAPER_COLUMNS)
    elif args.industry:
        def load(con):  # noqa: ANN001, ANN202
            return analyse.load_industry_share(con)
    elif args.hot or args.not_hot:
        month = parse_month(args.month)
        min_papers = settings.hot_min_papers if args.min_papers is None else args.min_papers

        def load(con):  # noqa: ANN001, ANN202
            return analyse.load_hot_institutions(con, month, is_not_hot=args.not_hot,
                                                 limit=args.top, min_papers=min_papers)
    else:
        first, last = _period(args)

        def load(con):  # noqa: ANN001, ANN202
            table = analyse.load_institution_table(con, first, last, args.term, args.top)
            said.append(_describe_totals(table.totals, first, last, args.term))
            return table.top
    return print_frame(settings, args, load, said)


def _check_combination(args: argparse.Namespace) -> None:
    """One question at a time, with what it needs."""
    periods = [name for name in ("month", "year") if getattr(args, name) is not None]
    if args.paper_id and (periods or args.industry or args.hot or args.not_hot or args.term):
        raise ArxivTrendsError("institutions PAPER_ID takes no --month, --year, --term, "
                               "--industry or --hot")
    if (args.hot or args.not_hot) and (args.month is None or args.year or args.term):
        raise ArxivTrendsError("--hot and --not-hot take --month (the last of the 12 months) "
                               "and no --year or --term")
    if args.industry and (periods or args.term):
        raise ArxivTrendsError("--industry lists every month: it takes no --month, --year or "
                               "--term")
    if not (args.paper_id or args.industry or args.hot or args.not_hot) and len(periods) != 1:
        raise ArxivTrendsError("say what to list: a PAPER_ID, --month YYYY-MM or --year YYYY "
                               "(one of them), --industry, or --hot/--not-hot --month")


def _period(args: argparse.Namespace) -> tuple[date, date]:
    if args.year is not None:
        return date(args.year, 1, 1), date(args.year, 12, 1)
    month = parse_month(args.month)
    return month, month


def _describe_totals(totals: pl.DataFrame, first: date, last: date, term: str | None) -> str:
    row = totals.row(0, named=True)
    period = f"{first:%Y-%m}" if first == last else f"{first:%Y-%m} to {last:%Y-%m}"
    which = f" mentioning {term!r}" if term else ""
    found = row["industry_share_of_found_pct"]
    return (f"{period}: {row['n_papers']} papers{which} ({row['n_with_institution']} naming an "
            f"institution the list knows), {row['n_mentions']} institution mentions, "
            f"{row['n_unique_institutions']} unique institutions; with an industry author: "
            f"{row['n_with_industry']} = {row['industry_share_pct']:.1f}% "
            f"({row['industry_share_low_pct']:.1f}-{row['industry_share_high_pct']:.1f}%) of "
            f"all, {found or 0:.1f}% of those naming one")


COMMANDS = (_add_institutions,)
