"""The institutions behind the papers: each stored text's title page matched against the
institutions list (the reviewed file, and the registry's long tail when a ROR dump was
imported), its institutions replacing the paper's old ones.

Run after every ingest for the texts it stored (never matched, or read again at a newer
version), and by `recount` for every text, after the institutions file changed. A batch of
papers is written in one transaction, so a crash loses at most the batch, and the next run
matches what is left: safe to run again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb

from pipeline import store
from pipeline.count.institutions import InstitutionMatcher, load_institutions
from pipeline.count.ror import merge_ror
from pipeline.progress import ProgressBar, Say
from pipeline.settings import Settings
from pipeline.store.institutions import PaperInstitution

BATCH_PAPERS = 500


@dataclass(frozen=True)
class InstitutionsList:
    """The matcher of the institutions list in use, and the list's full version: the file's,
    the ROR release imported, how DeepMind counts."""

    matcher: InstitutionMatcher
    version: str


def load_institutions_list(
    con: duckdb.DuckDBPyConnection, settings: Settings
) -> InstitutionsList:
    """The institutions file in use (`institutions_path`, default the shipped one), with the
    imported registry's institutions that it does not list (the file wins where both match)."""
    file_version, curated = load_institutions(settings.institutions_path)
    ror_release, ror = store.load_ror(con)
    entries = merge_ror(curated, ror) if ror else curated
    deepmind = "DeepMind in Google" if settings.fold_deepmind else "DeepMind apart"
    version = f"file {file_version}; ROR {ror_release or 'none'}; {deepmind}"
    return InstitutionsList(InstitutionMatcher(entries, settings.fold_deepmind), version)


def count_institutions(
    con: duckdb.DuckDBPyConnection, settings: Settings, say: Say,
    months: list[date] | None = None, is_every: bool = False,
) -> int:
    """Match the title pages of the stored texts not matched yet (every one with `is_every`)
    of `months` (all when None); return how many were matched."""
    ids = store.load_ids_to_match(con, months, is_every)
    if not ids:
        return 0
    institutions = load_institutions_list(con, settings)
    n_with = 0
    with ProgressBar("institutions", len(ids)) as bar:
        for start in range(0, len(ids), BATCH_PAPERS):
            pages = store.load_title_pages(con, ids[start:start + BATCH_PAPERS])
            found = {page.paper_id: find_institutions(institutions.matcher, page)
                     for page in pages}
            with store.transaction(con):
                store.write_institutions(con, pages, found, institutions.version)
            n_with += sum(1 for hits in found.values() if hits)
            bar.update(len(pages))
    say(f"institutions: {len(ids)} title pages matched, {n_with} with at least one "
        f"institution ({institutions.version})")
    _say_older_lists(con, institutions.version, say)
    return len(ids)


def find_institutions(matcher: InstitutionMatcher, page: store.TitlePage) -> list[
        PaperInstitution]:
    """The institutions on one title page, each once, with its country."""
    return [PaperInstitution(f.institution, f.type, matcher.by_name[f.institution].country,
                             f.evidence, f.where)
            for f in matcher.find(page.page_one, page.header_end)]


def _say_older_lists(con: duckdb.DuckDBPyConnection, version: str, say: Say) -> None:
    older = {v: n for v, n in store.load_list_versions(con).items() if v != version}
    if older:
        say(f"institutions: {sum(older.values())} papers were matched with another list "
            f"({'; '.join(sorted(older))}): `arxiv-trends recount` matches them again")
