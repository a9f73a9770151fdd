"""Shared fixtures: the real corpus (skip if absent, fail in CI), a tiny sample, a fake arXiv."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from pipeline.ops import local
from pipeline.settings import Settings, load_settings
from tests import fake_arxiv

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
REQUIRE_ALL = os.environ.get("ARXIV_TRENDS_REQUIRE_ALL") == "1"

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_HOME", str(ROOT / ".prefect"))
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")


def need(condition: bool, reason: str) -> None:
    """Skip the test when `condition` fails, except in CI where that is an error."""
    if not condition:
        if REQUIRE_ALL:
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus() -> Path:
    need(CORPUS.is_dir(), f"the shared corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def real_pdfs(corpus: Path) -> list[Path]:
    pdfs = sorted((corpus / "pdfs").rglob("*.pdf"))
    assert pdfs, "the shared corpus has no PDFs"
    return pdfs


@pytest.fixture(scope="session")
def pdftotext() -> str:
    path = shutil.which("pdftotext")
    need(path is not None, "poppler's pdftotext is not installed (make test-tools)")
    return path


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    need(path is not None, "Chromium is not installed (make test-tools)")
    return path


def make_settings(tmp: Path, **changes: object) -> Settings:
    """Settings for a test: everything under `tmp`, no config file, no environment."""
    base = {"db_path": tmp / "test.duckdb", "pdf_dir": tmp / "pdfs",
            "site_dir": tmp / "site", "extract_timeout_s": 60, "backoff_s": 0.05,
            "max_backoff_s": 0.2}
    base.update(changes)
    return load_settings(config_path=None, env={}, **base)


def fake_settings(fake: fake_arxiv.FakeArxiv, tmp: Path, **changes: object) -> Settings:
    """Settings for a test against the fake arXiv: no waits between requests."""
    base = {"api_url": fake.api_url, "pdf_url_format": fake.pdf_url_format,
            "request_interval_s": 0}
    base.update(changes)
    return make_settings(tmp, **base)


@pytest.fixture(scope="session")
def tiny_sample(tmp_path_factory: pytest.TempPathFactory) -> sample.SampleInfo:  # noqa: F821
    from pipeline import sample

    out = tmp_path_factory.mktemp("sample")
    return sample.write_sample(out, seed=11, first_month=date(2015, 10, 1),
                               last_month=date(2016, 1, 1), scale=0.3)


@pytest.fixture(scope="session")
def tiny_db(tiny_sample: sample.SampleInfo,  # noqa: F821
            tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = make_settings(tmp_path_factory.mktemp("db"))
    local.ingest_feeds(settings, list(tiny_sample.feed_paths), tiny_sample.pdf_dir, "sample")
    return settings


@pytest.fixture()
def fake(corpus: Path) -> Iterator[fake_arxiv.FakeArxiv]:
    server = fake_arxiv.start(fake_arxiv.FakeArxiv(
        entries=fake_arxiv.recorded_entries(corpus / "arxiv-api" / "recorded-2026"),
        pdf_path=corpus / "pdfs" / "excerpts" / "2305.03393v1-pg9.pdf",
    ))
    yield server
    fake_arxiv.stop(server)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> report_site.Site:  # noqa: F821
    """The demo's edition at half size as a site (tests/report_site.py)."""
    from tests import report_site

    return report_site.build_site(tmp_path_factory.mktemp("site"))
