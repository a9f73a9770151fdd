"""The commands that write: the demo, the sample, ingests from arXiv, files and snapshots."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from pipeline import sample
from pipeline.cli.args import whole_number
from pipeline.cli.output import print_progress
from pipeline.errors import ArxivTrendsError
from pipeline.ops import abstracts, demo, local, monthly, recount, ror, snapshot
from pipeline.papers import parse_month
from pipeline.settings import Settings, load_settings, parse_categories, with_changes


def _add_demo(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "demo", help="generate the sample corpus and run the whole pipeline on it, offline",
        description="Generate the embedded sample corpus (real PDFs written by the project), "
        "ingest it, and write the report. Uses data/demo.duckdb unless --db is given.")
    cmd.add_argument("--sample-dir", default="data/sample", help="where to write the sample")
    cmd.add_argument("--site", default="reports/site", help="report site folder")
    cmd.add_argument("--seed", type=int, default=2017, help="sample seed")
    cmd.add_argument("--scale", type=float, default=1.0, help="papers per month multiplier")
    cmd.set_defaults(run=_run_demo)


def _run_demo(args: argparse.Namespace, settings: Settings) -> int:
    if args.db is None:
        settings = with_changes(settings, db_path=Path("data/demo.duckdb"))
    result = demo.run_demo(settings, Path(args.sample_dir), Path(args.site), args.seed,
                           args.scale, print_progress)
    print(f"site:     {result.report_path}")
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
        "ingest", help="the monthly job: fetch a month from arXiv, read, count, report",
        description="Fetch every paper of the ML categories submitted in the month through the "
        "arXiv API (one request per 3 s), download the PDFs, extract their text, count the "
        "curated terms and n-grams, check that the month is complete and write its report "
        "edition. Exits 1 when the month is incomplete (for cron's mail). Safe to re-run: "
        "what is stored is not fetched again.")
    cmd.add_argument("--month", help="month to ingest, YYYY-MM (default: the month just ended)")
    cmd.add_argument("--categories", help="comma-separated categories (default: the six ML ones)")
    cmd.add_argument("--max-papers", type=whole_number(0, 10_000_000),
                     help="read at most this many PDFs this run (the metadata is always complete)")
    cmd.add_argument("--pdf-dir", help="where PDFs are kept (default: data/pdfs)")
    cmd.add_argument("--contact", help="e-mail address sent in the User-Agent")
    cmd.add_argument("--keep-pdfs", action="store_true",
                     help="keep downloaded PDFs (default: delete each once its text is stored)")
    cmd.add_argument("--feeds-dir", help="read the month from saved API responses "
                     "(<dir>/YYYY-MM*.xml, PDFs in --pdf-dir) instead of arXiv")
    cmd.add_argument("--no-report", action="store_true", help="do not write the report edition")
    cmd.set_defaults(run=_run_ingest, writes=True)


def _run_ingest(args: argparse.Namespace, settings: Settings) -> int:
    changes = {"categories": args.categories, "pdf_dir": args.pdf_dir, "contact": args.contact,
               "keep_pdfs": True if args.keep_pdfs else None}
    settings = load_settings(Path(args.config) if args.config else None, db_path=settings.db_path,
                             **changes)
    month = parse_month(args.month) if args.month else monthly.month_just_ended(date.today())
    result = monthly.ingest_month(settings, month, Path(args.feeds_dir) if args.feeds_dir
                                  else None, args.max_papers, not args.no_report, print_progress)
    status = result.status
    print(f"{month:%Y-%m}: {result.n_listed} papers listed; read {result.read.n_with_text} "
          f"of {result.read.n_papers}, {result.read.n_failed} failed; "
          f"{'complete' if status.is_complete else f'INCOMPLETE ({status.n_unread} unread)'}; "
          f"database {settings.db_path}"
          + (f"; edition {result.edition}" if result.edition else ""))
    return 0 if status.is_complete else 1


def _add_ingest_feed(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "ingest-feed", help="ingest papers from saved arXiv API responses and a folder of PDFs",
        description="Read papers from Atom files in the arXiv API's format and their PDFs "
        "(named <id>v<N>.pdf) from a folder; replace their months in the database.")
    cmd.add_argument("feeds", nargs="+", help="Atom XML files")
    cmd.add_argument("--pdfs", required=True, help="folder holding the PDFs")
    cmd.set_defaults(run=_run_ingest_feed, writes=True)


def _run_ingest_feed(args: argparse.Namespace, settings: Settings) -> int:
    summary = local.ingest_feeds(settings, [Path(f) for f in args.feeds], Path(args.pdfs),
                                  "feed", print_progress)
    print(f"{summary.n_papers} papers in {len(summary.months)} months, "
          f"{summary.n_with_text} read, {summary.n_failed} failed; database {settings.db_path}")
    return 0


def _add_import_snapshot(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "import-snapshot", help="backfill paper metadata from the arXiv metadata snapshot",
        description="Read the public arXiv metadata snapshot (one JSON object a line, plain "
        "or gzip), keep the papers with any of the categories and a v1 month in the range, "
        "and stage them in batches, then publish them all at once at the end (a file that "
        "breaks off publishes nothing). Malformed lines are reported with their line "
        "numbers and skipped.")
    cmd.add_argument("file", help="snapshot file (.json/.jsonl, gzipped or not), or its URL "
                     "(streamed: e.g. the public bucket's copy, see the README)")
    cmd.add_argument("--categories", help="comma-separated categories (default: the six ML ones)")
    cmd.add_argument("--from", dest="first_month", help="first v1 month to keep, YYYY-MM")
    cmd.add_argument("--to", dest="last_month", help="last v1 month to keep, YYYY-MM")
    cmd.set_defaults(run=_run_import_snapshot, writes=True)


def _run_import_snapshot(args: argparse.Namespace, settings: Settings) -> int:
    if args.categories:
        settings = with_changes(settings, categories=parse_categories(args.categories))
    first = parse_month(args.first_month) if args.first_month else None
    last = parse_month(args.last_month) if args.last_month else None
    if first and last and first > last:
        raise ArxivTrendsError(f"--from {args.first_month} comes after --to {args.last_month}")
    where = args.file if snapshot.is_url(args.file) else Path(args.file)
    summary = snapshot.import_snapshot(settings, where, first, last, print_progress)
    print(f"{summary.summary_line()}; database {settings.db_path}")
    for line_no, reason in summary.malformed:
        print(f"line {line_no}: {reason}", file=sys.stderr)
    if summary.n_malformed > len(summary.malformed):
        print(f"... and {summary.n_malformed - len(summary.malformed):,} more malformed lines",
              file=sys.stderr)
    return 0


def _add_add_pdfs(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "add-pdfs", help="read local PDFs: files, folders and arXiv bulk tarballs",
        description="Extract, count and store arXiv PDFs named <id>v<N>.pdf (old style "
        "cs0112017v1.pdf), given as files, folders or tarballs (arXiv_pdf_YYMM_NNN.tar, read "
        "as a stream). Papers whose metadata is unknown are filed under their id's month "
        "until a metadata ingest fills them in. Your files are never deleted.")
    cmd.add_argument("paths", nargs="+", help="PDF files, folders or tarballs")
    cmd.set_defaults(run=_run_add_pdfs, writes=True)


def _run_add_pdfs(args: argparse.Namespace, settings: Settings) -> int:
    summary = local.add_pdfs(settings, [Path(p) for p in args.paths], print_progress)
    print(f"{summary.n_papers} PDFs: {summary.n_with_text} stored, {summary.n_failed} failed "
          f"(see `arxiv-trends failures`), in {len(summary.months)} months; "
          f"database {settings.db_path}")
    return 0


def _add_recount(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "recount", help="find zones, count terms, unigrams and bigrams again in stored text",
        description="Find the zones (title page, body, references) and recount the curated "
        "terms (pipeline/count/terms.toml, or terms_path), the unigram/bigram document "
        "frequencies and the institutions on the title pages in every stored text, or in "
        "one month's, without reading any PDF again (after editing the terms or institutions "
        "file, importing a ROR dump, changing ngram_min_df or the categories, or upgrading "
        "arxiv-trends).")
    cmd.add_argument("--month", action="append", help="only this month, YYYY-MM (repeatable)")
    cmd.set_defaults(run=_run_recount, writes=True)


def _run_recount(args: argparse.Namespace, settings: Settings) -> int:
    months = [parse_month(m) for m in args.month] if args.month else None
    summary = recount.recount_terms(settings, months, print_progress)
    print(f"{summary.n_papers} papers in {len(summary.months)} months recounted: "
          f"{summary.n_mentions} paper-term mentions; database {settings.db_path}")
    return 0


def _add_count_abstracts(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "count-abstracts", help="count titles + abstracts (the abstract-level source)",
        description="Count, for every paper of the categories with metadata, the curated "
        "terms and the unigrams and bigrams of its title + abstract: the abstract-level "
        "source (--source abstracts), kept apart from full text. Every ingest of metadata "
        "does this for the months it changed, and `recount` (after the terms file changed) "
        "for every month. Without --month, the months out of date are counted; with it, "
        "those months whole again.")
    cmd.add_argument("--month", action="append", help="only this month, YYYY-MM (repeatable)")
    cmd.set_defaults(run=_run_count_abstracts, writes=True)


def _run_count_abstracts(args: argparse.Namespace, settings: Settings) -> int:
    months = [parse_month(m) for m in args.month] if args.month else None
    summary = abstracts.count_abstracts(settings, months, print_progress)
    print(f"abstracts of {len(summary.months)} month(s) counted: {summary.n_papers} papers, "
          f"{summary.n_changed} counted for terms, {summary.n_mentions} paper-term mentions; "
          f"database {settings.db_path}")
    return 0


def _add_import_ror(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "import-ror", help="import the Research Organization Registry's dump (institutions)",
        description="Import a dump of the Research Organization Registry (the zip of JSON "
        "published at https://zenodo.org/communities/ror-data, CC0): its active organisations "
        "are matched on title pages beside the reviewed institutions file, which wins where "
        "both match (names and domains only, no acronyms). Replaces an earlier import; "
        "`recount` then matches the stored title pages with it.")
    cmd.add_argument("path", type=Path, help="the dump, e.g. v1.55-2024-10-31-ror-data.zip")
    cmd.set_defaults(run=_run_import_ror, writes=True)


def _run_import_ror(args: argparse.Namespace, settings: Settings) -> int:
    summary = ror.import_ror(settings, args.path, print_progress)
    left_out = ", ".join(f"{n} {why}" for why, n in sorted(summary.n_left_out.items()))
    print(f"ROR {summary.release}: {summary.n_records} organisations, {summary.n_used} matched "
          f"beside the institutions file (left out: {left_out or 'none'}); "
          f"database {settings.db_path}")
    return 0


COMMANDS = (_add_demo, _add_sample, _add_ingest, _add_ingest_feed, _add_add_pdfs,
            _add_import_snapshot, _add_recount, _add_count_abstracts, _add_import_ror)
