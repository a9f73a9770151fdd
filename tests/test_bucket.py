"""PDFs from the public arXiv dataset bucket: real PDFs served by a loopback bucket in Google
Cloud Storage's listing format, with every fault a download can meet, then read by the real
pipeline and compared with the same PDFs added from disk."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from pipeline.ops import backfill, local, snapshot
from pipeline.papers import Paper
from pipeline.settings import Settings, with_changes
from pipeline.sources import bucket
from tests import fake_bucket
from tests.conftest import make_settings

FAULTS = {"1412.6980": "wrong_hash", "1512.03385": "drop", "1603.07236": "slow",
          "1605.06065": "html", "1605.09507": "missing", "1609.09430": "composite",
          "1612.05489": "composite_wrong_hash"}
# a dropped connection is retried, and a composite object is checked by its CRC32C: they arrive
FAILING = set(FAULTS) - {"1512.03385", "1609.09430"}
UNLISTED = "1608.03417"  # in the metadata, not in the bucket (yet)


def shared_papers(corpus: Path) -> list[tuple[str, int, str, Path]]:
    """The shared real ML PDFs: id, version, primary category, file (one per id)."""
    rows, seen = [], set()
    for row in csv.DictReader((corpus / "pdfs" / "index.csv").open(encoding="utf-8")):
        if row["primary_category"].startswith(("cs.", "stat.")) and row["arxiv_id"] not in seen:
            seen.add(row["arxiv_id"])
            rows.append((row["arxiv_id"], int(row["version"][1:]), row["primary_category"],
                         corpus / "pdfs" / row["file"]))
    return rows


def as_paper(paper_id: str, version: int, category: str) -> Paper:
    at = datetime(2000 + int(paper_id[:2]), int(paper_id[2:4]), 15)
    return Paper(paper_id, version, f"Paper {paper_id}", ("A. Author",), category, (category,),
                 at, at)


@pytest.fixture()
def served(corpus: Path) -> Iterator[tuple[fake_bucket.FakeBucket, list]]:
    papers = shared_papers(corpus)[:12]
    objects = {bucket.object_name(pid, v): path.read_bytes() for pid, v, _, path in papers
               if pid != UNLISTED}
    objects["arxiv/hep-th/pdf/9201/9201001v1.pdf"] = papers[0][3].read_bytes()  # old style
    fake = fake_bucket.start(fake_bucket.FakeBucket(objects, {
        bucket.object_name(pid, v): FAULTS[pid] for pid, v, _, _ in papers if pid in FAULTS}))
    yield fake, papers
    fake_bucket.stop(fake)


def bucket_settings(tmp_path: Path, fake: fake_bucket.FakeBucket, **changes: object) -> Settings:
    return make_settings(tmp_path, bucket_url=fake.url, max_attempts=2, backoff_s=0.01,
                         max_backoff_s=0.05, bucket_timeout_s=1.0, **changes)


def test_object_names_follow_the_bucket_layout() -> None:
    assert bucket.object_name("1706.03762", 5) == "arxiv/arxiv/pdf/1706/1706.03762v5.pdf"
    assert bucket.object_name("0906.5594", 2) == "arxiv/arxiv/pdf/0906/0906.5594v2.pdf"
    assert bucket.object_name("hep-th/9201001", 1) == "arxiv/hep-th/pdf/9201/9201001v1.pdf"
    assert bucket.object_name("math.AG/0309136", 1) == "arxiv/math/pdf/0309/0309136v1.pdf"


def test_listing_pages_through_every_object(served, tmp_path: Path) -> None:
    fake, _ = served
    settings = bucket_settings(tmp_path, fake)
    listed = bucket.fetch_listing(bucket.open_session(), settings, "arxiv/arxiv/pdf/16",
                                  page_size=2)
    expected = sorted(n for n in fake.objects if n.startswith("arxiv/arxiv/pdf/16"))
    assert sorted(listed) == expected and len(expected) > 4
    assert sum(p.endswith("/o") for p in fake.requests) == -(-len(expected) // 2)
    one = listed[expected[0]]
    assert one.size_bytes == len(fake.objects[one.name])


def test_downloads_check_every_object_and_say_why_one_failed(served, tmp_path: Path) -> None:
    fake, shared = served
    settings = bucket_settings(tmp_path, fake)
    papers = [as_paper(pid, v, cat) for pid, v, cat, _ in shared]
    plan = bucket.plan_downloads(papers, bucket.open_session(), settings)
    assert [p.paper_id for p in plan.missing] == [UNLISTED]
    jobs = {job.paper_id: job for job in bucket.bucket_source(papers, plan, settings).jobs}
    assert set(jobs) == {p.paper_id for p in papers} - {UNLISTED}
    reasons = {pid: job.failure for pid, job in jobs.items() if job.failure}
    assert set(reasons) == FAILING
    assert "MD5 differs from the listing" in reasons["1412.6980"]
    assert "CRC32C differs from the listing" in reasons["1612.05489"]
    assert "slower than 1 s" in reasons["1603.07236"]
    assert "not a PDF (text/html)" in reasons["1605.06065"]
    assert "refused" in reasons["1605.09507"] and "404" in reasons["1605.09507"]
    files = {pid: path for pid, v, _, path in shared}
    for pid, job in jobs.items():
        if not job.failure:  # the very bytes of the real PDF
            assert hashlib.md5(Path(job.name).read_bytes()).digest() == hashlib.md5(
                files[pid].read_bytes()).digest(), pid


def test_a_rerun_fetches_nothing_already_on_disk(served, tmp_path: Path) -> None:
    fake, shared = served
    settings = bucket_settings(tmp_path, fake, keep_pdfs=True)
    papers = [as_paper(pid, v, cat) for pid, v, cat, _ in shared if pid not in FAILING]
    plan = bucket.plan_downloads(papers, bucket.open_session(), settings)
    assert all(not job.failure for job in bucket.bucket_source(papers, plan, settings).jobs)
    fetched = [p for p in fake.requests if "/pdf/" in p]
    list(bucket.bucket_source(papers, plan, settings).jobs)  # as after a kill: files there
    assert [p for p in fake.requests if "/pdf/" in p] == fetched


def test_a_bucket_backfill_reads_what_a_local_add_reads(served, corpus: Path,
                                                         tmp_path: Path) -> None:
    """The snapshot's metadata for the shared papers, their PDFs from the bucket: the same
    texts and terms as the same PDFs added from disk; the bucket's faults are recorded as
    failures and the papers it lacks stay unread."""
    fake, shared = served
    lines = tmp_path / "snapshot.jsonl"
    lines.write_text("".join(json.dumps({
        "id": pid, "title": f"Paper {pid}", "abstract": "An abstract.", "authors": "A. Author",
        "categories": cat, "versions": [{"version": f"v{n}", "created": datetime(
            2000 + int(pid[:2]), int(pid[2:4]), 15).strftime("%a, %d %b %Y 00:00:00 GMT")}
            for n in range(1, v + 1)], "authors_parsed": [["Author", "A.", ""]],
    }) + "\n" for pid, v, cat, _ in shared), encoding="utf-8")
    from_bucket = bucket_settings(tmp_path / "b", fake, categories=tuple(
        sorted({cat for _, _, cat, _ in shared})))
    snapshot.import_snapshot(from_bucket, lines)
    result = backfill.backfill(from_bucket, date(2012, 1, 1), date(2017, 12, 1), "bucket")
    assert result.done and not set(result.done) & set(result.skipped)

    from_disk = with_changes(from_bucket, db_path=tmp_path / "disk.duckdb")
    snapshot.import_snapshot(from_disk, lines)
    good = [path for pid, _, _, path in shared if pid not in FAILING and pid != UNLISTED
            and pid[:2] in {"12", "13", "14", "15", "16", "17"}]
    local.add_pdfs(from_disk, good)

    def terms(settings: Settings) -> set[tuple]:
        con = duckdb.connect(str(settings.db_path), read_only=True)
        try:
            return set(con.execute("select paper_id, term, n_header, n_body, n_references"
                                   " from core_paper_terms").fetchall())
        finally:
            con.close()

    assert terms(from_bucket) == terms(from_disk) and terms(from_disk)
    con = duckdb.connect(str(from_bucket.db_path), read_only=True)
    failed = {pid for pid, in con.execute("select paper_id from core_extract_failures")
              .fetchall()}
    unread = {pid for pid, in con.execute(
        "select paper_id from core_papers where paper_id not in (select paper_id from"
        " core_paper_texts)").fetchall()}
    con.close()
    in_range = {pid for pid, *_ in shared if pid[:2] in {"12", "13", "14", "15", "16", "17"}}
    assert failed == FAILING & in_range
    assert UNLISTED in unread and failed <= unread


@pytest.mark.parametrize("gzipped", [False, True])
def test_the_snapshot_streams_from_a_url(corpus: Path, tmp_path: Path, gzipped: bool) -> None:
    """The bucket's copy of the snapshot, streamed (plain or gzip): the same papers as the
    file; a download that breaks off is a clear error and publishes nothing."""
    import gzip

    path = corpus / "metadata" / "cs.NE-1998-2019.jsonl"
    body = path.read_bytes()
    name = "metadata-v5/arxiv-metadata-oai.json"
    fake = fake_bucket.start(fake_bucket.FakeBucket({
        name: gzip.compress(body) if gzipped else body, "broken.json": body},
        {"broken.json": "cut"}))
    try:
        url = f"{fake.url}/{fake_bucket.BUCKET}/{name}"
        from_url, from_file = make_settings(tmp_path / "url"), make_settings(tmp_path / "file")
        summary = snapshot.import_snapshot(from_url, url)
        snapshot.import_snapshot(from_file, path)
        broken = make_settings(tmp_path / "broken")
        with pytest.raises(Exception, match="cannot read snapshot .*broken.json"):
            snapshot.import_snapshot(broken, f"{fake.url}/{fake_bucket.BUCKET}/broken.json")
    finally:
        fake_bucket.stop(fake)

    def papers(settings: Settings) -> list[tuple]:
        con = duckdb.connect(str(settings.db_path), read_only=True)
        try:
            return con.execute("select paper_id, version, month, title from core_papers"
                               " order by paper_id").fetchall()
        finally:
            con.close()

    assert summary.n_imported == 7_210 and papers(from_url) == papers(from_file)
    assert papers(broken) == []


def test_the_monthly_job_takes_the_bucket_first_then_arxiv(fake, tmp_path: Path) -> None:
    """`pdf_source = bucket`: the month's papers the bucket holds come from it, many at once;
    the rest from arXiv, politely; every paper is read once."""
    from pipeline.ops import monthly
    from tests.conftest import fake_settings

    month = date(2017, 3, 1)
    settings = fake_settings(fake, tmp_path, page_size=50, categories=("cs.AI", "cs.LG",
                                                                        "stat.ML", "cs.SE"))
    monthly.fetch_metadata(settings, month)
    con = duckdb.connect(str(settings.db_path), read_only=True)
    listed = con.execute("select paper_id, version from core_papers where month = ? and"
                         " list_has_any(categories, ['cs.AI', 'cs.LG', 'stat.ML', 'cs.SE'])"
                         " order by paper_id", [month]).fetchall()
    con.close()
    held = listed[::2]  # the bucket holds every other one
    served = fake_bucket.start(fake_bucket.FakeBucket(
        {bucket.object_name(pid, v): fake.pdf_path.read_bytes() for pid, v in held}))
    try:
        result = monthly.ingest_month(with_changes(settings, pdf_source="bucket",
                                                   bucket_url=served.url), month,
                                      is_published=False)
    finally:
        fake_bucket.stop(served)
    from_bucket = [p for p in served.requests if "/pdf/" in p]
    from_arxiv = [r for r in fake.requests if r.path.startswith("/pdf/")]
    assert len(from_bucket) == len(held) and len(from_arxiv) == len(listed) - len(held)
    assert result.status.is_complete and result.read.n_with_text == len(listed)
