"""Bad input of every kind: hostile PDFs, a damaged metadata snapshot, and users' text that
tries to be SQL, HTML or a path. Each is quarantined, reported or refused; nothing crashes,
nothing escapes, and the good input next to it is stored as usual.

Every hostile PDF is written here in code (with the project's own `_pdf` writer where it
fits); the expected outcomes are worked out from the fixtures, not from the program.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import shutil
import struct
import tarfile
import time
import zlib
from datetime import date, datetime
from hashlib import md5
from pathlib import Path
from xml.sax.saxutils import escape

import duckdb
import pytest
from pdfminer.arcfour import Arcfour

from pipeline import store
from pipeline.cli.main import main
from pipeline.ops import local, snapshot
from pipeline.sample.pdf import _assemble
from tests.conftest import make_settings

MONTH = date(2015, 11, 1)
TIMEOUT_S = 5
MEMORY_MB = 512
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
_PAD = b"(\xbfN^Nu\x8aAd\x00NV\xff\xfa\x01\x08..\x00\xb6\xd0h>\x80/\x0c\xa9\xfedSiz"
SECRET_TEXT = b"Only the password opens this text about momentum."
OPEN_TEXT = b"This owner-locked text about momentum opens without a password."


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        store.register_texts(con)
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


# --- PDFs written in code --------------------------------------------------------------

def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _one_page(content: bytes, resources: bytes = b"", more: tuple[bytes, ...] = ()) -> list[bytes]:
    """Catalog, pages, font, page (object 4) and its content stream (object 5), then `more`."""
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font "
            b"<< /F1 3 0 R >> " + resources + b">> /Contents 5 0 R >>")
    return [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            FONT, page, content, *more]


def _text(words: bytes) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td (" + words + b") Tj ET"


def encrypted_pdf(user_password: bytes, text: bytes) -> bytes:
    """A PDF encrypted by the standard handler (RC4, 40 bits, revision 2), owner password set.

    With an empty user password anyone may open it (only the owner's rights are locked).
    """
    doc_id = md5(b"arxiv-trends bad input").digest()
    owner_key = md5((b"owner" + _PAD)[:32]).digest()[:5]
    o_entry = Arcfour(owner_key).encrypt((user_password + _PAD)[:32])  # Algorithm 3.3
    permissions = -44
    key = md5((user_password + _PAD)[:32] + o_entry + struct.pack("<l", permissions)
              + doc_id).digest()[:5]  # Algorithm 3.2
    u_entry = Arcfour(key).encrypt(_PAD)  # Algorithm 3.4
    object_key = md5(key + struct.pack("<L", 5)[:3] + b"\0\0").digest()[:10]  # object 5
    handler = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        o_entry.hex().encode(), u_entry.hex().encode(), permissions)
    body = _assemble(_one_page(_stream(Arcfour(object_key).encrypt(_text(text))),
                               more=(handler,)))
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>] >>" % ((doc_id.hex().encode(),) * 2)
    return body.replace(b"/Root 1 0 R >>", b"/Root 1 0 R " + trailer)


def endless_page_pdf(depth: int = 12, fan_out: int = 10) -> bytes:
    """A page whose form XObjects nest `depth` deep, each drawing the next `fan_out` times.

    No form draws itself (pdfminer skips such cycles), yet the page needs fan_out**depth
    form runs: it never finishes.
    """
    forms = []
    for level in range(depth):
        if level < depth - 1:
            body = b" ".join([b"/X Do"] * fan_out)
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % (7 + level)
        else:
            body, resources = b"0 0 m 1 1 l S", b""
        forms.append(b"<< /Type /XObject /Subtype /Form /BBox [0 0 1 1] %s /Length %d >>\n"
                     b"stream\n%s\nendstream" % (resources, len(body), body))
    content = _stream(_text(b"The forms below never end.") + b" /X0 Do")
    return _assemble(_one_page(content, b"/XObject << /X0 6 0 R >> ", tuple(forms)))


def decompression_bomb_pdf(inflated_mb: int = 1024) -> bytes:
    """A page whose content stream inflates from about 1 MB to `inflated_mb` MB of zeros."""
    packer = zlib.compressobj(9)
    chunk = bytes(2**24)
    packed = b"".join(packer.compress(chunk) for _ in range(inflated_mb // 16)) + packer.flush()
    return _assemble(_one_page(_stream(packed, b"/Filter /FlateDecode ")))


def many_pages_pdf(n_pages: int = 200_000, claimed: int = 1_000_000) -> bytes:
    """A page tree claiming `claimed` pages and holding `n_pages` real one-line ones."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(n_pages))
    page = b"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    return _assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /MediaBox [0 0 612 792] /Kids [%s] /Count %d >>" % (kids, claimed),
        FONT, _stream(_text(b"one of very many pages")), *[page] * n_pages])


# --- 1. PDFs: one month with one of each bad kind -------------------------------------

# paper id -> (what it is, substrings of which its quarantine reason must hold one)
BAD = {
    "1511.90001": ("zero bytes", ("empty file (0 bytes)",)),
    "1511.90002": ("a real PDF cut in half", ("EOF",)),
    "1511.90003": ("an HTML error page named .pdf", ("not a PDF (it starts '<!DOCTYPE html>')",)),
    "1511.90004": ("encrypted, with a user password", ("Password",)),
    "1511.90005": ("a page that never finishes", (f"timed out after {TIMEOUT_S} s",)),
    "1511.90006": ("a 1 GB decompression bomb", (f"memory cap of {MEMORY_MB} MB",)),
    "1511.90007": ("200,000 pages, claiming 1,000,000",
                   (f"timed out after {TIMEOUT_S} s", f"memory cap of {MEMORY_MB} MB")),
}
DAMAGED_ID = "1511.90008"  # the corpus's real damaged file: NUL bytes before its header
OPEN_ENCRYPTED_ID = "1511.90009"  # encrypted, but with an empty user password


@pytest.fixture(scope="module")
def bad_month(tiny_sample, corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    """add_pdfs on a folder of November 2015: the sample's good PDFs and every bad kind."""
    tmp = tmp_path_factory.mktemp("bad_pdfs")
    folder = tmp / "1511"
    folder.mkdir()
    good = sorted(tiny_sample.pdf_dir.glob("1511.*.pdf"))
    for pdf in good:
        shutil.copy(pdf, folder / pdf.name)
    [damaged] = sorted((corpus / "pdfs" / "damaged").glob("*.pdf"))
    real = (corpus / "pdfs" / "1512.03385v1.pdf").read_bytes()
    contents = [b"", real[: len(real) // 2],
                b"<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head>"
                b"<body><h1>Access denied</h1></body></html>\n",
                encrypted_pdf(b"secret", SECRET_TEXT), endless_page_pdf(),
                decompression_bomb_pdf(), many_pages_pdf()]
    for paper_id, content in zip(BAD, contents, strict=True):
        (folder / f"{paper_id}v1.pdf").write_bytes(content)
    shutil.copy(damaged, folder / f"{DAMAGED_ID}v1.pdf")
    (folder / f"{OPEN_ENCRYPTED_ID}v1.pdf").write_bytes(encrypted_pdf(b"", OPEN_TEXT))

    settings = make_settings(tmp, extract_timeout_s=TIMEOUT_S, extract_memory_mb=MEMORY_MB,
                             extract_workers=2)
    # the month's metadata first (the PDFs carry no arXiv stamp): every paper is cs.LG
    metadata = tmp / "1511.jsonl"
    metadata.write_text("".join(json.dumps({
        "id": pdf.name.split("v")[0].removesuffix(".pdf"), "title": "A paper",
        "abstract": "An abstract.", "categories": "cs.LG", "authors_parsed": [],
        "versions": [{"version": "v1", "created": "Mon, 2 Nov 2015 10:00:00 GMT"}]}) + "\n"
        for pdf in sorted(folder.iterdir())))
    snapshot.import_snapshot(settings, metadata)
    said: list[str] = []
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    summary = local.add_pdfs(settings, [folder], said.append)
    elapsed = time.monotonic() - started
    rss_growth_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    failures = {pid: (reason, n) for pid, reason, n in rows(
        settings.db_path, "select paper_id, reason, n_attempts from core_extract_failures")}
    print(f"\nadd_pdfs of {len(list(folder.iterdir()))} PDFs: {elapsed:.1f} s, "
          f"parent max RSS grew {rss_growth_mb:.0f} MB")
    for paper_id, (what, _) in BAD.items():
        print(f"  {paper_id} {what}: {failures.get(paper_id, ('(not quarantined)',))[0]!r}")
    truth = json.loads((tiny_sample.out_dir / "truth.json").read_text())["papers"]
    good_truth = {pid: terms for pid, terms in truth.items() if pid.startswith("1511.")}
    return settings, summary, elapsed, rss_growth_mb, failures, good_truth, said


def test_every_bad_pdf_is_quarantined_with_its_reason(bad_month) -> None:
    _, summary, _, _, failures, _, said = bad_month
    assert set(failures) == set(BAD)
    for paper_id, (what, wanted) in BAD.items():
        reason, n_attempts = failures[paper_id]
        assert any(w in reason for w in wanted), (what, reason)
        assert n_attempts == 1
    assert summary.n_failed == len(BAD)
    assert not [line for line in said if line.startswith("skipped")]  # all named as arXiv


def test_the_good_pdfs_of_the_month_are_read_and_counted(bad_month) -> None:
    settings, summary, _, _, _, good_truth, _ = bad_month
    stored = dict(rows(settings.db_path, "select paper_id, quality from core_paper_texts"))
    assert set(stored) == set(good_truth) | {DAMAGED_ID, OPEN_ENCRYPTED_ID}
    assert summary.n_with_text == len(good_truth) + 2
    found = dict(rows(settings.db_path, "select paper_id, list(term order by term) "
                                        "from core_paper_terms group by paper_id"))
    assert {pid: found.get(pid, []) for pid in good_truth} == {
        pid: sorted(terms) for pid, terms in good_truth.items()}


def test_the_real_damaged_file_and_an_open_encrypted_one_are_read(bad_month) -> None:
    settings, *_ = bad_month
    texts = dict(rows(settings.db_path, "select paper_id, text from paper_texts"))
    quality = dict(rows(settings.db_path, "select paper_id, quality from core_paper_texts"))
    # the damaged file is the Adam paper with NUL bytes before `%PDF`: pdfminer recovers it
    assert quality[DAMAGED_ID] == "ok" and "Adam" in texts[DAMAGED_ID]
    assert texts[OPEN_ENCRYPTED_ID].strip() == OPEN_TEXT.decode()
    assert quality[OPEN_ENCRYPTED_ID] == "short"
    assert SECRET_TEXT.decode() not in "".join(texts.values())


def test_the_month_is_counted_with_its_failures(bad_month) -> None:
    settings, summary, _, _, _, good_truth, _ = bad_month
    n_read = len(good_truth) + 2
    assert summary.months == (MONTH,)
    assert rows(settings.db_path, "select * from out_papers_by_month") == [
        (MONTH, n_read + len(BAD), n_read, len(BAD), 0, 0, 0, n_read + len(BAD))]  # every
    # paper's title + abstract counts, its PDF read or failed
    [(n_ngrams, most)] = rows(settings.db_path, "select count(*), max(n_papers) from "
                              "core_ngram_counts where month = ?", [MONTH])
    assert n_ngrams > 100 and most <= n_read


def test_caps_bound_time_and_memory(bad_month) -> None:
    _, _, elapsed, rss_growth_mb, _, _, _ = bad_month
    # two workers: at worst every bad file runs to its timeout, one after the other
    assert elapsed < len(BAD) * TIMEOUT_S + 20
    # the 1 GB bomb and the 27 MB page tree were opened in the capped workers, not here
    # (peak RSS of this process: an earlier, higher peak would hide growth, never invent it)
    assert rss_growth_mb < MEMORY_MB


# --- 2. Metadata: a snapshot with broken lines -----------------------------------------

_DROP = object()  # a field to leave out of a record


def _shape(real: dict, paper_id: object, **changes: object) -> dict:
    """A record shaped like a real snapshot line, with another id and fields changed."""
    record = {**real, "id": paper_id, "title": f"Paper {paper_id}\n  on two lines",
              "versions": [{"version": "v1", "created": "Mon, 2 Nov 2015 10:00:00 GMT"}]}
    record.update(changes)
    return {k: v for k, v in record.items() if v is not _DROP}


def test_a_damaged_snapshot_keeps_the_good_records(corpus: Path, tmp_path: Path) -> None:
    new_real = json.loads((corpus / "metadata" / "cs.CV-cs.CL-listings-2025-2026.jsonl")
                          .read_text(encoding="utf-8").splitlines()[0])
    old_real = json.loads((corpus / "metadata" / "cs.NE-1998-2019.jsonl")
                          .read_text(encoding="utf-8").splitlines()[0])
    assert old_real["id"] == "math/9801152" and new_real["id"] == "2503.11731"
    two_versions = [{"version": "v1", "created": "Mon, 2 Nov 2015 10:00:00 GMT"},
                    {"version": "v2", "created": "Tue, 1 Dec 2015 08:30:00 GMT"}]
    lines: list[tuple[object, str | None]] = [  # (line, reason it is malformed or None)
        (old_real, None),
        ('{"id": "1511.00001", "title": "cut sh', "bad JSON"),
        (new_real, None),
        (_shape(new_real, 1511.00002), "missing id"),  # a number, not a string
        (_shape(new_real, "1511.00003", versions="v1"), "missing versions"),
        (_shape(new_real, "1511.00004", categories=["cs.LG"]), "missing categories"),
        (_shape(new_real, "1511.00005", versions=[{"version": 1, "created": 5}]),
         "invalid versions"),
        (_shape(new_real, "1511.00006", versions=[
            {"version": "v1", "created": "Tue, 31 Jun 2015 00:00:00 GMT"}]), "bad date"),
        (_shape(new_real, _DROP), "missing id"),
        (_shape(new_real, "1511.00008", versions=_DROP), "missing versions"),
        (_shape(new_real, "1511.00009", categories=_DROP), "missing categories"),
        (b'{"id": "1511.00010", "title": "\xff\xfe"}', "bad JSON"),  # not UTF-8
        ("", None),  # a blank line is no record
        ("[1, 2, 3]", "not a JSON object"),
        (_shape(new_real, "1511.00020", title="First of two"), None),
        (_shape(old_real, "hep-th/9901001", categories="hep-th cs.LG",
                versions=[{"version": "v1", "created": "Fri, 1 Jan 1999 00:00:00 GMT"}]), None),
        (_shape(new_real, "1511.00020v2", title="Second  of\ntwo", versions=two_versions), None),
        (_shape(new_real, "../../etc/passwd"), "invalid id"),
        (_shape(new_real, "0704.0001", versions=[
            {"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}]), None),
        (json.dumps(_shape(new_real, "1511.00030")) + " trailing words", "bad JSON"),
    ]
    path = tmp_path / "damaged.jsonl"
    path.write_bytes(b"".join(
        (line if isinstance(line, bytes) else (line if isinstance(line, str)
                                               else json.dumps(line)).encode()) + b"\n"
        for line, _ in lines))
    settings = make_settings(tmp_path)
    summary = snapshot.import_snapshot(settings, path)

    wanted_bad = [(n, why) for n, (_, why) in enumerate(lines, 1) if why]
    print("\n" + "\n".join(f"line {n}: {why}" for n, why in summary.malformed))
    assert [n for n, _ in summary.malformed] == [n for n, _ in wanted_bad]
    for (_, reason), (_, why) in zip(summary.malformed, wanted_bad, strict=True):
        assert why in reason, (why, reason)
    assert (summary.n_lines, summary.n_malformed) == (len(lines), len(wanted_bad))

    good = [line for line, why in lines if isinstance(line, dict) and why is None]
    latest = {}  # id -> record: a later line of the same paper replaces the earlier one
    for record in good:
        latest[record["id"].split("v")[0] if "." in record["id"] else record["id"]] = record
    expected = []
    for paper_id, record in sorted(latest.items()):
        created = [datetime.strptime(v["created"], "%a, %d %b %Y %H:%M:%S %Z")
                   for v in record["versions"]]
        cats = record["categories"].split()
        expected.append((paper_id, len(record["versions"]), " ".join(record["title"].split()),
                         cats[0], cats, created[0].date().replace(day=1), created[-1]))
    assert rows(settings.db_path, "select paper_id, version, title, primary_category, "
                "categories, month, updated_at from core_papers order by paper_id") == expected
    assert {r[0] for r in expected} == {"0704.0001", "1511.00020", "2503.11731",
                                        "hep-th/9901001", "math/9801152"}
    assert rows(settings.db_path, "select title from core_papers where paper_id = "
                "'1511.00020'") == [("Second of two",)]
    assert rows(settings.db_path, "select count(*) from core_paper_versions "
                "where paper_id = '1511.00020'") == [(2,)]


def test_a_title_of_the_wrong_type_is_stored_as_null(corpus: Path, tmp_path: Path) -> None:
    real = json.loads((corpus / "metadata" / "cs.CV-cs.CL-listings-2025-2026.jsonl")
                      .read_text(encoding="utf-8").splitlines()[0])
    path = tmp_path / "types.jsonl"
    path.write_text(json.dumps(_shape(real, "1511.00040", title=["a", "list"], abstract=42,
                                      authors_parsed="not a list", authors=7)) + "\n")
    settings = make_settings(tmp_path)
    summary = snapshot.import_snapshot(settings, path)
    # optional fields of a wrong type are dropped, not reported: the record itself is sound
    assert (summary.n_imported, summary.n_malformed) == (1, 0)
    assert rows(settings.db_path, "select title, abstract, authors from core_papers") == [
        (None, None, [])]


# --- 3. Users: quotes, SQL, unicode, long input, HTML, paths ---------------------------

SCRIPT_TITLE = '<script>alert("title-xss")</script> Deep nets & \'quotes\' — 日本語'
SCRIPT_ABSTRACT = "<img src=x onerror=alert('abstract-xss')> We study momentum. </summary>"
TABLES = ("core_papers", "core_paper_texts", "core_paper_terms", "core_ngram_counts",
          "core_terms", "core_extract_failures", "core_paper_versions", "ingest_runs")


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def table_counts(db: Path) -> dict[str, int]:
    return {t: rows(db, f"select count(*) from {t}")[0][0] for t in TABLES}


def with_title(feed: str, paper_id: str, title: str, abstract: str) -> str:
    """The feed with one entry's title and abstract replaced (XML-escaped, as arXiv sends)."""
    entry = re.search(rf"<entry>\s*<id>http://arxiv.org/abs/{re.escape(paper_id)}v\d+</id>"
                      r".*?</entry>", feed, re.S)
    changed = re.sub(r"<title>.*?</title>", f"<title>{escape(title)}</title>", entry[0],
                     flags=re.S)
    changed = re.sub(r"<summary>.*?</summary>", f"<summary>{escape(abstract)}</summary>",
                     changed, flags=re.S)
    return feed.replace(entry[0], changed)


@pytest.fixture(scope="module")
def user_db(tiny_sample, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample ingested through the CLI into a folder whose name has quotes and unicode,
    with a paper whose title and abstract hold HTML and JavaScript."""
    folder = tmp_path_factory.mktemp("users") / "it's \"quoted\"; drop table x; -- ünï 日本"
    folder.mkdir()
    feeds = []
    for feed in tiny_sample.feed_paths:
        text = feed.read_text(encoding="utf-8")
        if feed.stem == "2015-11":
            text = with_title(text, "1511.00323", SCRIPT_TITLE, SCRIPT_ABSTRACT)
        feeds.append(folder / feed.name)
        feeds[-1].write_text(text, encoding="utf-8")
    db = folder / "my 'db' \"x\".duckdb"
    assert main(["--db", str(db), "ingest-feed", *map(str, feeds), "--pdfs",
                 str(tiny_sample.pdf_dir)]) == 0
    return db, folder


def test_html_in_titles_is_stored_as_data_and_escaped_in_the_site(
        user_db, capsys: pytest.CaptureFixture[str]) -> None:
    db, folder = user_db
    assert rows(db, "select title, abstract from core_papers where paper_id = '1511.00323'") \
        == [(SCRIPT_TITLE, " ".join(SCRIPT_ABSTRACT.split()))]
    site = folder / "site <b>'s\""
    code, out, err = run_cli(["--db", str(db), "report", "--site", str(site)], capsys)
    assert code == 0, err
    files = [p for p in site.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(site.resolve()) for p in files)
    pages = {p: p.read_text(encoding="utf-8") for p in files if p.suffix != ".parquet"}
    assert len(pages) == len(files) - 1  # the edition's data is its one binary file
    for raw in ("<script>alert", "<img src=x", "alert('abstract-xss')"):
        assert not [p.name for p, text in pages.items() if raw in text], raw
    # the title is there (the drill-down of `hinton`, `sgd`, `momentum`), escaped for JSON
    assert any('\\u003cscript>alert(\\"title-xss\\")\\u003c/script>' in text
               for text in pages.values())


@pytest.mark.parametrize("args", [
    ["query", "x'); drop table core_papers; --"],
    ["query", "\"momentum\" OR 1=1 --", "naïve 日本語 'quoted'"],
    ["query", "momentum\x00; drop table core_terms"],
    ["query", "m" * 10_000],
    ["query", "<script>alert(1)</script> momentum", "--plot", "PLOT"],
    ["papers", "--month", "2015-11", "--term", "sgd' or '1'='1"],
    ["papers", "--month", "2015-11", "--term", "x'; drop table core_papers; --"],
    ["papers", "--month", "2015-11", "--phrase", "momentum'); delete from core_papers; --"],
    ["papers", "--month", "2015-11'; drop table core_papers; --"],
    ["sql", "select $v as v", "--param", "v=x'; drop table core_papers; --"],
    ["sql", "drop table core_papers"],
    ["sql", "select 1; drop table core_terms"],
    ["sql", "--name", "../../etc/passwd"],
    ["terms", "../../etc/passwd"],
    ["report", "--month", "../../2015-11", "--site", "SITE"],
])
def test_user_input_is_bound_never_run(user_db, args: list[str], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = user_db
    before = table_counts(db)
    args = [str(tmp_path / "p.html") if a == "PLOT" else str(tmp_path / "s") if a == "SITE"
            else a for a in args]
    code, out, err = run_cli(["--db", str(db), *args], capsys)
    print(f"exit {code}; stderr: {err.strip()[:200]!r}")
    assert code in (0, 1), err  # 2 would be an unexpected exception
    assert len(err.strip().splitlines()) <= 1 or code == 0
    assert table_counts(db) == before
    if args[0] == "sql" and "$v" in args[1]:
        assert code == 0 and "x'; drop table core_papers; --" in out
    if "--plot" in args:
        plot = (tmp_path / "p.html").read_text(encoding="utf-8")
        assert code == 0 and "<script>alert(1)</script>" not in plot
    if args[0] == "query" and len(args[1]) > 200:
        assert code == 1 and "at most 200 characters" in err
    if "../../etc/passwd" in args:
        assert code == 1
    assert not (tmp_path / "s").exists()  # a bad month writes no site


def test_a_named_query_cannot_climb_out_of_sql(user_db, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = user_db
    (tmp_path / "outside.sql").write_text("select 'outside sql/' as answer\n")
    climbing = os.path.relpath(tmp_path / "outside", store.sql_dir())
    for name in (climbing, str(tmp_path / "outside")):
        code, out, err = run_cli(["--db", str(db), "sql", "--name", name], capsys)
        assert code == 1 and "outside sql/" not in out, (name, out)
        assert "no query named" in err


def test_a_feed_with_an_id_that_climbs_folders_is_refused(
        user_db, tiny_sample, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, folder = user_db
    before = table_counts(db)
    feed = (folder / "2015-11.xml").read_text(encoding="utf-8").replace(
        "http://arxiv.org/abs/1511.00146v1</id>", "http://arxiv.org/abs/../../../evilv1</id>")
    path = tmp_path / "evil.xml"
    path.write_text(feed, encoding="utf-8")
    code, _, err = run_cli(["--db", str(db), "ingest-feed", str(path), "--pdfs",
                            str(tiny_sample.pdf_dir)], capsys)
    assert code == 1 and "not an arXiv identifier" in err
    assert table_counts(db) == before


def test_tarball_members_cannot_escape(tiny_sample, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "a" / "b" / "c"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)  # relative defaults (data/pdfs) land under tmp_path
    pdf = sorted(tiny_sample.pdf_dir.glob("1511.*.pdf"))[1].read_bytes()
    tar_path = tmp_path / "arXiv_pdf_1511_001.tar"
    with tarfile.open(tar_path, "w") as tar:
        for name in ("../../1511.77777v1.pdf", "/abs/1511.77778v1.pdf", "../../evil.pdf"):
            info = tarfile.TarInfo(name)
            info.size = len(pdf)
            tar.addfile(info, io.BytesIO(pdf))
        link = tarfile.TarInfo("1511.77779v1.pdf")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
        hard = tarfile.TarInfo("1511.77780v1.pdf")
        hard.type, hard.linkname = tarfile.LNKTYPE, "../../1511.77777v1.pdf"
        tar.addfile(hard)
    before = {p for p in tmp_path.rglob("*")}
    db = tmp_path / "db" / "t.duckdb"
    code, out, err = run_cli(["--db", str(db), "add-pdfs", str(tar_path)], capsys)
    assert code == 0, err
    assert "evil.pdf: not an arXiv PDF name" in err
    new = {p for p in tmp_path.rglob("*")} - before
    assert all(p.is_relative_to(db.parent) for p in new), sorted(new)
    for escaped in (work / "../../evil.pdf", work / "../../1511.77777v1.pdf",
                    Path("/abs/1511.77778v1.pdf")):
        assert not escaped.resolve().exists()
    # members are read from the stream by their base name; links are not followed
    assert rows(db, "select paper_id from core_paper_texts order by 1") == [
        ("1511.77777",), ("1511.77778",)]
    assert rows(db, "select count(*) from core_papers") == [(2,)]
