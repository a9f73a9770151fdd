"""Report stage: the published site, one folder per monthly edition and text source.

`load_edition_data` reads everything an edition shows through the `sql/` queries,
`render_edition` builds its pages as strings, `write_edition` writes them. The site is
static: copy `reports/site/` to any web host, or open it from disk (`file://`). plotly.js
is written once, to `assets/`, and shared by every page of every edition.

    reports/site/index.html            the list of editions (links to the latest first)
    reports/site/assets/               plotly.min.js, site.css, shares.js, site.js
    reports/site/editions.js           the editions there (each page links its other source)
    reports/site/2017-03/index.html    front page of the March 2017 edition
    reports/site/2017-03/2017-03.parquet  every share series the edition draws (export.py)
    reports/site/2017-03/*.html        a page per family, hot and not hot, institutions,
                                       explorer, method
    reports/site/2017-03-abstracts/    the same edition counted in titles + abstracts

Every number of an edition is counted in one text source (full text, or titles + abstracts);
each page names it and links to the other source's edition of the month when the site has it.
"""

from __future__ import annotations

import json
import re
import shutil
from importlib import resources
from pathlib import Path

from plotly.offline import get_plotlyjs

from pipeline.report import export
from pipeline.report.data import EditionData, edition_label, load_edition_data, sort_editions
from pipeline.report.pages import render_pages, site_environment

__all__ = ["EditionData", "list_editions", "load_edition_data", "render_edition",
           "write_edition"]

_EDITION_NAME = re.compile(r"^\d{4}-\d{2}(-abstracts)?$")
_ASSETS = ("site.css", "shares.js", "site.js")


def list_editions(site_dir: Path) -> list[str]:
    """List the editions already in the site (`YYYY-MM`, `YYYY-MM-abstracts`), newest
    first."""
    if not site_dir.is_dir():
        return []
    return sort_editions(p.name for p in site_dir.iterdir()
                         if _EDITION_NAME.match(p.name) and (p / "index.html").is_file())


def render_edition(data: EditionData, editions: list[str]) -> dict[str, str | bytes]:
    """Build the edition's files (name -> content): its pages and scripts, and its data as
    Parquet (`2017-03.parquet`); `editions` are the others to link to."""
    return {**render_pages(data, editions),
            export.data_file(data.edition_name): export.parquet_bytes(data)}


def write_site_edition(data: EditionData, site_dir: Path) -> Path:
    """Render the edition and write it into the site, linked to the editions there; return
    its front page."""
    pages = render_edition(data, list_editions(site_dir))
    return write_edition(pages, site_dir, data.edition_name)


def write_edition(pages: dict[str, str | bytes], site_dir: Path, month_name: str) -> Path:
    """Write one edition (replacing it whole), the shared assets and the site's index.

    Returns the edition's front page.
    """
    if not _EDITION_NAME.match(month_name):
        raise ValueError(f"an edition is named YYYY-MM or YYYY-MM-abstracts, not {month_name!r}")
    site_dir.mkdir(parents=True, exist_ok=True)
    _write_assets(site_dir / "assets")
    partial = site_dir / f".{month_name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    for name, content in pages.items():
        if isinstance(content, bytes):
            (partial / name).write_bytes(content)
        else:
            (partial / name).write_text(content, encoding="utf-8")
    target = site_dir / month_name
    old = site_dir / f".{month_name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    partial.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    _write_index(site_dir)
    return target / "index.html"


def _write_assets(assets: Path) -> None:
    assets.mkdir(parents=True, exist_ok=True)
    plotly_js = get_plotlyjs()
    target = assets / "plotly.min.js"
    if not target.exists() or target.stat().st_size != len(plotly_js.encode("utf-8")):
        _write_atomically(target, plotly_js)
    for name in _ASSETS:
        text = (resources.files("pipeline.report") / "templates" / "site" / name).read_text("utf-8")
        _write_atomically(assets / name, text)


def _write_index(site_dir: Path) -> None:
    template = site_environment().get_template("editions.html.j2")
    editions = list_editions(site_dir)
    html = template.render(editions=[(name, edition_label(name)) for name in editions])
    _write_atomically(site_dir / "index.html", html)
    # the list every page reads to link the same month's edition in the other source
    _write_atomically(site_dir / "editions.js",
                      f"window.ARXIV_TRENDS_EDITIONS = {json.dumps(editions)};\n")


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
