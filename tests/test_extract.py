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


# Where each real paper's references end, read by hand: the words that follow them (an
# appendix, supplementary material, the authors' biographies), or None when the references
# run to the end of the text.
REFERENCES_END_BY_HAND = {
    "1411.3715v1.pdf": "APPENDIX\nA. MFCCs", "1412.6980v9.pdf": "10 APPENDIX\n10.1 CONVERGENCE",
    "1512.03385v1.pdf": "A. Object Detection Baselines",
    "1605.06065v1.pdf": "Supplementary Information\n6.1.",
    "1605.09507v3.pdf": "Yoonchang Han was born in Seoul",
    "1802.05365v2.pdf": "A Supplemental Material to accompany",
    "1902.00751v2.pdf": "Supplementary Material for\nParameter-Efficient",
    "2010.11929v2.pdf": "APPENDIX\nA MULTIHEAD SELF-ATTENTION",
    "2203.00130v1.pdf": "Paper Plain: Making Medical Research Papers",  # a page's running head
    "2203.12667v3.pdf": "A Dataset Details", "2210.02997v2.pdf": "A Proof of Proposition 11",
    "2306.03589v2.pdf": "A Outline of the appendix",
    "2501.12948_DeepSeek_R1_nostamp.pdf": "Appendix\nA. Contributions and Acknowledgments",
}


def test_appendices_after_the_references_are_body(
        real_pdfs: list[Path], extracted: dict[str, str | None]) -> None:
    from pipeline.count import count_term_zones, load_terms
    from pipeline.extract.zones import find_zones

    full = [p.name for p in real_pdfs if p.parent.name == "pdfs"]
    found = {}
    for name in full:
        text, zones = extracted[name], find_zones(extracted[name])
        if zones.references_end is not None:
            found[name] = text[zones.references_end:]
    assert set(found) == set(REFERENCES_END_BY_HAND)
    for name, words in REFERENCES_END_BY_HAND.items():
        assert found[name].startswith(words), (name, found[name][:60])
    # ELMo names Adam once in its references and three times in its appendix
    elmo = extracted["1802.05365v2.pdf"]
    assert count_term_zones(elmo, load_terms(), find_zones(elmo))["adam"] == (0, 3, 1)


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
