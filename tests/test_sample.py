"""Tests of the embedded sample corpus generator, on tiny corpora written to tmp_path."""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from arxiv import _feed

from pipeline.count.terms import find_terms, load_terms
from pipeline.errors import ConfigError
from pipeline.extract.pdf_text import extract_pdf_text, normalize_text
from pipeline.papers import month_range, split_arxiv_id
from pipeline.sample.corpus import SampleInfo, write_sample

FIRST, LAST, SCALE = date(2016, 11, 1), date(2017, 2, 1), 0.15
SIX = {"cs.LG", "cs.CV", "cs.CL", "cs.AI", "cs.NE", "stat.ML"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleInfo:
    out = tmp_path_factory.mktemp("sample")
    return write_sample(out, first_month=FIRST, last_month=LAST, scale=SCALE)


@pytest.fixture(scope="module")
def truth(sample: SampleInfo) -> dict[str, list[str]]:
    return json.loads((sample.out_dir / "truth.json").read_text(encoding="utf-8"))["papers"]


@pytest.fixture(scope="module")
def texts(sample: SampleInfo) -> dict[str, str]:
    """Extract every PDF once: base id -> normalised text."""
    return {
        split_arxiv_id(path.stem)[0]: extract_pdf_text(path)
        for path in sorted(sample.pdf_dir.glob("*.pdf"))
    }


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_same_arguments_give_identical_bytes(sample: SampleInfo, tmp_path: Path) -> None:
    again = write_sample(tmp_path / "a", first_month=FIRST, last_month=LAST, scale=SCALE)
    assert _files(again.out_dir) == _files(sample.out_dir)


def test_rerun_overwrites_and_drops_stale_files(sample: SampleInfo, tmp_path: Path) -> None:
    out = tmp_path / "b"
    write_sample(out, first_month=date(2015, 1, 1), last_month=date(2015, 2, 1), scale=0.1)
    info = write_sample(out, first_month=FIRST, last_month=LAST, scale=SCALE)
    assert _files(out) == _files(sample.out_dir)
    assert info.n_papers == len(list(out.glob("pdfs/*.pdf")))


def test_info_describes_what_was_written(sample: SampleInfo, truth: dict[str, list[str]]) -> None:
    months = month_range(FIRST, LAST)
    assert [p.name for p in sample.feed_paths] == [f"{m:%Y-%m}.xml" for m in months]
    assert (sample.first_month, sample.last_month) == (FIRST, LAST)
    assert sample.n_papers == len(truth) == len(list(sample.pdf_dir.glob("*.pdf")))
    assert sample.n_papers >= len(months)


def test_feeds_parse_with_the_arxiv_client(sample: SampleInfo, truth: dict[str, list[str]]) -> None:
    seen = []
    for path in sample.feed_paths:
        parsed = _feed.parse(path.read_bytes())
        assert not parsed.malformed
        assert parsed.header.total_results == len(parsed.results) >= 1
        assert parsed.header.start_index == 0
        for result in parsed.results:
            short = result.get_short_id()
            base, version = split_arxiv_id(short)
            assert re.fullmatch(r"\d{4}\.\d{5}", base)
            assert f"{result.published:%Y-%m}" == path.stem == f"20{base[:2]}-{base[2:4]}"
            assert result.updated >= result.published
            assert result.primary_category == result.categories[0]
            assert result.primary_category in SIX
            assert set(result.categories) <= SIX | {"math.OC", "cs.IR"}
            assert result.pdf_url == f"https://arxiv.org/pdf/{short}"
            assert result.authors and result.title and result.summary
            assert (sample.pdf_dir / f"{base}v{version}.pdf").is_file()
            seen.append(base)
    assert sorted(seen) == sorted(truth) and len(set(seen)) == len(seen)


def test_ids_are_four_digit_before_2015(tmp_path: Path) -> None:
    info = write_sample(tmp_path, first_month=date(2014, 12, 1), last_month=date(2015, 1, 1),
                        scale=0.1)
    ids = json.loads((tmp_path / "truth.json").read_text())["papers"]
    assert info.n_papers == len(ids) >= 2
    assert all(re.fullmatch(r"1412\.\d{4}|1501\.\d{5}", pid) for pid in ids)


def test_pipeline_finds_exactly_the_true_terms(
    truth: dict[str, list[str]], texts: dict[str, str]
) -> None:
    terms = load_terms()
    assert texts.keys() == truth.keys()
    for pid, text in texts.items():
        assert sorted(find_terms(text, terms)) == truth[pid], pid
    mentioned = {name for names in truth.values() for name in names}
    assert len(mentioned) >= 8  # the check above is not vacuous


def test_pdfminer_reads_every_pdf_without_warnings(
    sample: SampleInfo, caplog: pytest.LogCaptureFixture
) -> None:
    from pdfminer.high_level import extract_text

    with caplog.at_level(logging.WARNING, logger="pdfminer"):
        raw = [extract_text(str(p)) for p in sorted(sample.pdf_dir.glob("*.pdf"))]
    assert not caplog.records
    assert all("References" in text for text in raw)
    joined = "".join(raw)
    for ligature in "\ufb01\ufb02":
        assert ligature in joined
    assert re.search(r"[a-z]-\n[a-z]", joined), "some word is hyphenated at a line end"


def test_adam_as_first_name_is_not_the_optimizer(
    truth: dict[str, list[str]], texts: dict[str, str]
) -> None:
    people_only = [
        pid for pid, text in texts.items()
        if re.search(r"Adam\s+[A-Z][a-z]", text) and "adam" not in truth[pid]
    ]
    assert people_only


def test_nothing_is_mentioned_before_its_release(tmp_path: Path) -> None:
    write_sample(tmp_path, scale=0.25)
    papers = json.loads((tmp_path / "truth.json").read_text())["papers"]
    released = {t.term: t.released_month for t in load_terms()}
    for pid, names in papers.items():
        month = date(2000 + int(pid[:2]), int(pid[2:4]), 1)
        assert all(released[name] <= month for name in names), pid
    in_2017 = [names for pid, names in papers.items() if pid.startswith("17")]
    in_2015 = [names for pid, names in papers.items() if pid.startswith("15")]
    assert not any("tensorflow" in names for pid, names in papers.items() if pid < "1511")
    assert _share("adam", in_2017) > _share("adam", in_2015) > 0


def _share(term: str, papers: list[list[str]]) -> float:
    return sum(term in names for names in papers) / len(papers)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext missing")
def test_poppler_finds_the_same_terms(sample: SampleInfo, truth: dict[str, list[str]]) -> None:
    terms = load_terms()
    for path in sorted(sample.pdf_dir.glob("*.pdf"))[:10]:
        run = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        assert run.stderr == b""
        text = normalize_text(run.stdout.decode("utf-8"))
        assert sorted(find_terms(text, terms)) == truth[split_arxiv_id(path.stem)[0]]


@pytest.mark.parametrize(
    "kwargs",
    [{"scale": 0}, {"first_month": date(2017, 2, 1), "last_month": date(2017, 1, 1)}],
)
def test_bad_arguments_are_refused(tmp_path: Path, kwargs: dict) -> None:
    with pytest.raises(ConfigError):
        write_sample(tmp_path, **kwargs)
