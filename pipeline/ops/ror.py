"""Import the Research Organization Registry's dump: the long tail of institutions beside the
reviewed file (which wins where both match); the next ingest or recount matches with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline import store
from pipeline.count.institutions import load_institutions
from pipeline.count.ror import merge_ror, ror_institutions
from pipeline.progress import Say
from pipeline.settings import Settings
from pipeline.sources.ror import read_ror_dump


@dataclass(frozen=True)
class RorSummary:
    """What an import read and what the matcher will use of it."""

    release: str
    n_records: int  # active organisations in the dump
    n_used: int  # of them, matched beside the reviewed file


def import_ror(settings: Settings, path: Path, say: Say) -> RorSummary:
    """Read a ROR dump zip and replace the imported registry with it (safe to run again)."""
    dump = read_ror_dump(path)
    entries = ror_institutions(dump)
    _, curated = load_institutions(settings.institutions_path)
    n_used = len(merge_ror(curated, entries)) - len(curated)
    con = store.connect_writing(settings)
    try:
        store.save_ror(con, dump.release, [r.ror_id for r in dump.records], entries)
    finally:
        con.close()
    say(f"ROR {dump.release}: {len(entries)} active organisations imported; {n_used} are "
        f"matched beside the institutions file (the rest share a name with it or with another "
        "organisation, or have a one-word name); `arxiv-trends recount` matches the stored "
        "title pages with them")
    return RorSummary(dump.release, len(entries), n_used)
