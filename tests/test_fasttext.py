"""The lean extractor on real arXiv PDFs, checked against an independent one (poppler)."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import pytest

from pipeline.count.terms import find_terms, load_terms
from pipeline.extract._fasttext import extract_lean_bytes, extract_lean_text
from pipeline.extract.pdf_text import normalize_text
from pipeline.sample.pdf import TextLine, render_pdf, text_width

WORD = re.compile(r"[a-z][a-z0-9]+")


@pytest.fixture(scope="module")
def lean(real_pdfs: list[Path]) -> dict[str, str]:
    """Raw lean text of every real PDF, by file name."""
    return {p.name: extract_lean_text(str(p)) for p in real_pdfs}


@pytest.fixture(scope="module")
def poppler(real_pdfs: list[Path], pdftotext: str) -> dict[str, str]:
    """Normalised pdftotext text of every real PDF, by file name."""
    return {p.name: normalize_text(subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(p), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8", "replace")) for p in real_pdfs}


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def test_terms_agree_with_pdftotext_on_every_real_pdf(
    lean: dict[str, str], poppler: dict[str, str]
) -> None:
    # no exception, not even for the damaged download: pdfminer's layout analysis glues its
    # words together (its fonts lost their widths), while TJ kerns still give word breaks
    terms = load_terms()
    differing = {}
    for name, text in lean.items():
        ours, theirs = find_terms(normalize_text(text), terms), find_terms(poppler[name], terms)
        if ours != theirs:
            differing[name] = (sorted(ours - theirs), sorted(theirs - ours))
    assert differing == {}


def test_unigram_sets_agree_with_pdftotext(lean: dict[str, str], poppler: dict[str, str]) -> None:
    both = either = 0
    for name, text in lean.items():
        ours, theirs = words(normalize_text(text)), words(poppler[name])
        both += len(ours & theirs)
        either += len(ours | theirs)
    assert both / either >= 0.98


def test_unknown_glyphs_never_sit_inside_words(lean: dict[str, str]) -> None:
    intact = {name: text for name, text in lean.items() if "corrupt" not in name}
    for name, text in intact.items():
        assert "(cid:" not in normalize_text(text), name
        # pdfminer writes a glyph it cannot map as (cid:N); inside a word it would split it
        assert not re.search(r"[A-Za-z]\(cid:\d+\)[A-Za-z]", text), name


def test_one_form_feed_per_page(lean: dict[str, str], corpus: Path) -> None:
    with (corpus / "pdfs" / "index.csv").open(newline="") as handle:
        pages = {Path(row["file"]).name: int(row["pages"]) for row in csv.DictReader(handle)}
    assert {name: text.count("\f") for name, text in lean.items()} == pages


@pytest.mark.parametrize(("paper", "sentence"), [
    ("1412.6980v9.pdf", "We introduce Adam, an algorithm for first-order gradient-based "
                        "optimization of stochastic objective functions"),
    # two columns, a hyphen at a line end and fi ligatures
    ("1512.03385v1.pdf", "Instead of hoping each few stacked layers directly fit a desired "
                         "underlying mapping, we explicitly let these layers fit a residual"),
    # a table page whose producer spaces words with character spacing (Tc), not kerns
    ("1903.10676_page-excerpt.pdf", "because we are performing relation classification "
                                    "given gold entities"),
    # accents TeX draws over a letter (caron, acute) become one accented letter
    ("1111.2011v2.pdf", "Zlatko Tešanović"),
])
def test_sentences_of_real_papers_keep_their_word_breaks(
    lean: dict[str, str], paper: str, sentence: str
) -> None:
    assert sentence in " ".join(normalize_text(lean[paper]).split())


def test_gaps_on_a_generated_page_decide_word_breaks(tmp_path: Path) -> None:
    size = 10.0  # points, so one em is 10 points
    left_end = 72 + text_width("left", "R", size)
    glued_end = 72 + text_width("glued", "R", size)
    page = [
        TextLine(72, 700, "R", size, "left"),
        TextLine(left_end + 0.3 * size, 700, "R", size, "right"),  # 0.3 em: a word break
        TextLine(72, 686, "R", size, "glued"),
        TextLine(glued_end + 0.05 * size, 686, "R", size, "together"),  # 0.05 em: a kern
        TextLine(72, 672, "R", size, "the classi-"),
        TextLine(72, 660, "R", size, "fication of flows"),
    ]
    pdf = tmp_path / "gaps.pdf"
    pdf.write_bytes(render_pdf([page, [TextLine(72, 700, "B", 12, "Second page")]]))
    text = extract_lean_text(str(pdf))
    assert text == ("left right\ngluedtogether\nthe classi-\n\ufb01cation of \ufb02ows\f"
                    "Second page\f")
    assert normalize_text(text).splitlines()[2] == "the classification of flows"
    assert extract_lean_text(str(pdf), max_pages=1).count("\f") == 1
    assert extract_lean_bytes(pdf.read_bytes()) == text


def pdf_with_pages(contents: list[bytes]) -> bytes:
    """A PDF whose pages have the given raw content streams, in Helvetica as /F1."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(contents)))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(contents)),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i))
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % xref)


def test_content_stream_syntax_is_read_in_full(tmp_path: Path) -> None:
    page = (
        b"BT /F1 10 Tf 72 700 Td [(Hello)-333(world)]TJ ET\n"  # -333/1000 em: a space
        b"BT /F1 10 Tf 72 685 Td [(Ker)-20(ning) 40 (s)]TJ ET\n"  # kerns: no space
        b"BI /W 4 /H 1 /BPC 8 /CS /G ID \x00(\xff)Tj ]\nEI\n"  # binary inline image data
        b"0 0 m 100 100 l S 10 10 50 50 re f q 1 0 0 1 5 5 cm Q\n"  # paths are skipped
        b"BT /F1 10 Tf 72 670 Td (f\\(x\\) = \\101\\102 (nested \\(escaped\\)) pair) Tj ET\n"
        b"BT /F1 10 Tf 72 655 Td [<48656c6c6f> -400 <7468657265>]TJ 0 -15 Td (next) Tj ET\n"
        b"BT /F1 10 Tf 12 TL 72 620 Td (one) Tj T* (two) Tj (three) ' ET\n"
    )
    pdf = tmp_path / "syntax.pdf"
    pdf.write_bytes(pdf_with_pages([page, b"BT /F1 10 Tf 72 700 Td (end) Tj ET"]))
    assert extract_lean_text(str(pdf)) == (
        "Hello world\nKernings\nf(x) = AB (nested (escaped)) pair\nHello there\nnext\n"
        "one\ntwo\nthree\fend\f"
    )
