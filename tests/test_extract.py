"""Extract on real arXiv PDFs, checked against an independent extractor (poppler)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pipeline.count.terms import find_terms, load_terms
from pipeline.errors import ExtractError
from pipeline.extract import extract_many, extract_pdf_text, normalize_text


@pytest.fixture(scope="module")
def extracted(real_pdfs: list[Path]) -> dict[str, str | None]:
    jobs = [(p.name, p) for p in real_pdfs]
    return {r.paper_id: r.text for r in extract_many(jobs, workers=2, timeout_s=120)}


def test_every_real_pdf_gives_text(extracted: dict[str, str | None]) -> None:
    assert extracted, "no PDFs were extracted"
    for name, text in extracted.items():
        assert text is not None, name
        assert len(text) > 2000, name
        assert "(cid:" not in text, name


def test_terms_agree_with_pdftotext(
    real_pdfs: list[Path], extracted: dict[str, str | None], pdftotext: str
) -> None:
    terms = load_terms()
    differing = {}
    for pdf in real_pdfs:
        poppler = subprocess.run([pdftotext, "-enc", "UTF-8", str(pdf), "-"],
                                 capture_output=True, text=True, check=True).stdout
        ours = find_terms(extracted[pdf.name] or "", terms)
        theirs = find_terms(normalize_text(poppler), terms)
        if ours != theirs:
            differing[pdf.name] = (sorted(ours - theirs), sorted(theirs - ours))
    assert differing == {}


def test_known_terms_of_famous_papers(extracted: dict[str, str | None]) -> None:
    terms = load_terms()
    assert {"adam", "adagrad", "rmsprop", "sgd"} <= find_terms(extracted["1412.6980v9.pdf"], terms)
    resnet = find_terms(extracted["1512.03385v1.pdf"], terms)
    assert {"resnet", "vggnet", "googlenet", "caffe"} <= resnet
    assert "pytorch" in find_terms(extracted["2010.11929v2.pdf"], terms)


def test_normalize_folds_ligatures_and_rejoins_hyphens() -> None:
    assert normalize_text("classi\ufb01cation of \ufb02ows") == "classification of flows"
    assert normalize_text("mo-\nmentum and Tensor-\nFlow") == "momentum and Tensor-\nFlow"


@pytest.mark.parametrize("content", [b"", b"<html><body>withdrawn</body></html>",
                                     b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog"])
def test_bad_pdf_is_an_extract_error(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    with pytest.raises(ExtractError) as caught:
        extract_pdf_text(bad, "0000.00000")
    assert caught.value.paper_id == "0000.00000"


def test_one_bad_pdf_does_not_stop_the_others(tmp_path: Path, real_pdfs: list[Path]) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"<html>not a pdf</html>")
    good = next(p for p in real_pdfs if p.name == "2305.03393v1-pg9.pdf")
    results = {r.paper_id: r for r in extract_many([("bad", bad), ("good", good)], workers=2)}
    assert results["bad"].text is None and "PDF" in results["bad"].error
    assert results["good"].text and results["good"].error is None


def test_zones_of_the_real_papers(real_pdfs: list[Path], extracted: dict[str, str | None]) -> None:
    from pipeline.extract.zones import find_zones

    full = [p.name for p in real_pdfs if p.parent.name == "pdfs"]
    zones = {name: find_zones(extracted[name]) for name in full}
    assert len(full) == 26
    assert [n for n, z in zones.items() if z.header_end == 0] == []
    # the one physics paper (revtex) lists its references without a heading
    assert [n for n, z in zones.items() if z.references_start is None] == ["1111.2011v2.pdf"]
    resnet = zones["1512.03385v1.pdf"].split(extracted["1512.03385v1.pdf"])
    assert "Kaiming He" in resnet["header"] and "Abstract" not in resnet["header"]
    assert resnet["references"].lstrip().startswith("[1] Y. Bengio")


def test_quality_flags(real_pdfs: list[Path]) -> None:
    from pipeline.extract.pdf_text import assess_quality, extract_job
    from pipeline.papers import PdfJob

    by_name = {p.name: p for p in real_pdfs}
    assert extract_job(PdfJob("a", str(by_name["1512.03385v1.pdf"]))).quality == "ok"
    damaged = extract_job(PdfJob("b", str(by_name["1412.6980v9_corrupt-header.pdf"])))
    assert damaged.quality == "ok"  # recovered: as much text as poppler finds
    assert assess_quality("(cid:3)(cid:4)(cid:5) x", "x") == "garbled"
    assert assess_quality("", "wordswithoutanyspacesatallforaverylongwhile " * 3) == "garbled"
    assert assess_quality("", "a short note") == "short"
