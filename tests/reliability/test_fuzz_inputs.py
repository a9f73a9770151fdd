"""Random input through the two ways files come in, `add-pdfs` and `import-snapshot`: random
bytes, real PDFs cut short or with bytes changed, real metadata lines mangled. Whatever comes
in, no traceback: every input is stored or recorded with a reason, and nothing else changes.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.ops import local, snapshot
from tests.conftest import CORPUS, make_settings

pytestmark = pytest.mark.slow

PDF_EXAMPLES = 25  # each a run of add-pdfs over 1 to 3 files
SNAPSHOT_EXAMPLES = 100  # each an import of 1 to 12 lines


def _small_real_pdfs() -> list[bytes]:
    """The bytes of the shared real PDFs under 400 KB (quick to read), if the corpus is here."""
    files = sorted(CORPUS.glob("pdfs/**/*.pdf"))
    return [f.read_bytes() for f in files if f.stat().st_size < 400_000][:6]


def _real_lines() -> list[str]:
    path = CORPUS / "metadata" / "cs.NE-1998-2019.jsonl"
    return path.read_text(encoding="utf-8").splitlines()[:200] if path.exists() else []


REAL_PDFS = _small_real_pdfs()
REAL_LINES = _real_lines()
needs_corpus = pytest.mark.skipif(not REAL_PDFS or not REAL_LINES,
                                  reason=f"the shared corpus is not at {CORPUS}")


@st.composite
def pdf_bytes(draw: st.DrawFn) -> bytes:
    """Random bytes, a real PDF cut short, or a real PDF with some bytes changed."""
    kind = draw(st.sampled_from(["random", "cut", "mutated", "whole"]))
    if kind == "random":
        return draw(st.binary(min_size=0, max_size=4096))
    real = draw(st.sampled_from(REAL_PDFS))
    if kind == "cut":
        return real[: draw(st.integers(0, len(real) - 1))]
    if kind == "whole":
        return real
    data = bytearray(real)
    for _ in range(draw(st.integers(1, 40))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data)


@needs_corpus
@settings(max_examples=PDF_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(files=st.lists(pdf_bytes(), min_size=1, max_size=3))
def test_any_pdf_bytes_are_stored_or_recorded_with_a_reason(files: list[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "in"
        folder.mkdir()
        ids = [f"1511.{n + 1:05d}" for n in range(len(files))]
        for paper_id, data in zip(ids, files):
            (folder / f"{paper_id}v1.pdf").write_bytes(data)
        run = make_settings(root, extract_timeout_s=20, extract_memory_mb=512)
        summary = local.add_pdfs(run, [folder])
        con = duckdb.connect(str(run.db_path), read_only=True)
        texts = {r[0] for r in con.execute("select paper_id from core_paper_texts").fetchall()}
        failed = dict(con.execute("select paper_id, reason from core_extract_failures").fetchall())
        papers = {r[0] for r in con.execute("select paper_id from core_papers").fetchall()}
        staged = con.execute("select count(*) from stage_paper_texts").fetchall()[0][0]
        con.close()
        assert texts | set(failed) == set(ids) and not texts & set(failed)
        assert all(reason.strip() for reason in failed.values())
        assert papers <= set(ids) and staged == 0  # nothing else, nothing left half done
        assert (summary.n_with_text, summary.n_failed) == (len(texts), len(failed))


@st.composite
def metadata_line(draw: st.DrawFn) -> str:
    """A real metadata line, one with a field removed or given another kind of value or a
    version added, one cut short, or random text."""
    kind = draw(st.sampled_from(["real", "field", "version", "cut", "text"]))
    line = draw(st.sampled_from(REAL_LINES))
    if kind == "real":
        return line
    if kind == "version":  # one more version: any number (v1 again too), any day
        record = json.loads(line)
        day = draw(st.dates(date(1000, 1, 1))).strftime("%a, %d %b %Y")
        number = draw(st.one_of(st.integers(0, 30), st.integers(2**31 - 2, 10**12)))
        record["versions"].append({"version": f"v{number}",
                                   "created": f"{day} 00:00:00 GMT"})
        return json.dumps(record)
    if kind == "cut":
        return line[: draw(st.integers(0, len(line) - 1))]
    if kind == "text":
        return draw(st.text(max_size=200)).replace("\n", " ")
    record = json.loads(line)
    key = draw(st.sampled_from(sorted(record)))
    value = draw(st.one_of(
        st.none(), st.integers(-10**20, 10**20), st.floats(allow_nan=True), st.text(max_size=30),
        st.lists(st.text(max_size=10), max_size=3),
        st.just([{"version": "v99999999999", "created": "Mon, 2 Apr 2007 00:00:00 GMT"}]),
        st.just([{"version": "v1", "created": "Mon, 1 Jan 1800 00:00:00 GMT"}]),
        st.just("cs.LG"), st.just("9999.99999")))
    if draw(st.booleans()):
        del record[key]
    else:
        record[key] = value
    return json.dumps(record)


@needs_corpus
@settings(max_examples=SNAPSHOT_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(metadata_line(), min_size=1, max_size=12))
def test_any_metadata_lines_are_imported_or_reported_by_line(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "lines.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        run = make_settings(root, categories=("cs.NE", "cs.LG", "cs.AI"))
        summary = snapshot.import_snapshot(run, path)
        n_blank = sum(1 for line in lines if not line.strip())
        assert summary.n_imported + summary.n_filtered + summary.n_malformed + n_blank == \
            len(lines)
        assert all(0 < line_no <= len(lines) and reason for line_no, reason in summary.malformed)
        con = duckdb.connect(str(run.db_path), read_only=True)
        n_papers = con.execute("select count(*) from core_papers").fetchall()[0][0]
        n_versions = con.execute("select count(*) from (select paper_id, version from"
                                 " core_paper_versions group by all having count(*) > 1)"
                                 ).fetchall()[0][0]
        con.close()
        assert n_papers <= summary.n_imported and n_versions == 0  # an id may repeat
