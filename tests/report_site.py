"""The report site the browser tests open: the demo's edition at half size, plus one paper
whose title is HTML, built from a real database (the `site` fixture, once a session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pipeline import report, store
from pipeline.extract import Zones
from pipeline.ops import demo
from pipeline.store.frames import PaperText
from tests.conftest import ROOT, make_settings

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "build" / "test-output" / "screenshots"
HOSTILE_TITLE = "<script>window.pwned = 1</script><img src=x onerror='window.pwned = 2'>"


@dataclass(frozen=True)
class Site:
    site_dir: Path
    edition: Path
    month: date
    db_path: Path


def build_site(tmp: Path) -> Site:
    """The demo at half size, plus one paper whose title is HTML, reported as a site."""
    settings = make_settings(tmp)
    demo.run_demo(settings, tmp / "sample", tmp / "unused-site", scale=0.5)
    con = store.connect(settings.db_path)
    month = con.execute("select max(month) from core_papers").fetchall()[0][0]
    con.execute("insert into core_papers (paper_id, version, title, categories,"
                " primary_category, published_at, month, source) values ('1712.99999', 1, ?,"
                " ['cs.LG'], 'cs.LG', ?, ?, 'sample')",
                [HOSTILE_TITLE, datetime(month.year, month.month, 28), month])
    text = "A paper whose title is HTML. We use TensorFlow."  # its text in a real file
    name = store.save_text_file(store.texts_folder(con), month,
                                {"1712.99999": PaperText(text, 1, "ok", Zones(0, None))})
    con.execute("insert into core_paper_texts values ('1712.99999', 1, ?, 'ok', 0, null,"
                " null, ?)", [len(text), name])
    con.execute("insert into core_paper_terms values ('1712.99999', 'tensorflow', 0, 1, 0)")
    data = report.load_edition_data(con)
    con.close()
    site_dir = tmp / "site"
    report.write_edition(report.render_edition(data, ["2017-06"]), site_dir, "2017-11")
    edition = report.write_edition(report.render_edition(data, report.list_editions(site_dir)),
                                   site_dir, f"{data.month:%Y-%m}").parent
    return Site(site_dir, edition, data.month, settings.db_path)
