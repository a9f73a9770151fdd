"""Import the Research Organization Registry's dump: the long tail of institutions beside the
reviewed file (which wins where both match); the next ingest or recount matches with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline import store
from pipeline.count.institutions import load_institutions
from pipeline.count.ror import count_left_out, ror_institutions
from pipeline.progress import Say
from pipeline.settings import Settings
from pipeline.sources.ror import read_ror_dump


@dataclass(frozen=True)
class RorSummary:
    """What an import read and what the matcher will use of it."""

    release: str
    n_records: int  # active organisations in the dump
    n_used: int  # of them, matched beside the reviewed file
    n_left_out: dict[str, int]  # the others, by reason ("one-word name", "shared name", ...)


def import_ror(settings: Settings, path: Path, say: Say) -> RorSummary:
    """Read a ROR dump zip and replace the imported registry with it (safe to run again)."""
    dump = read_ror_dump(path)
    entries = ror_institutions(dump)
    _, curated = load_institutions(settings.institutions_path)
    left_out = count_left_out(curated, entries)
    n_used = len(entries) - sum(left_out.values())
    con = store.connect_writing(settings)
    try:
        store.save_ror(con, dump.release, [r.ror_id for r in dump.records], entries)
    finally:
        con.close()
    say(f"ROR {dump.release}: {n_used} of {len(entries)} active organisations matched beside "
        "the institutions file; `arxiv-trends recount` matches the stored title pages with them")
    return RorSummary(dump.release, len(entries), n_used, left_out)
