"""Abstract-level counts: a series of their own for papers with no full text."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import duckdb

from pipeline.ops import recount, snapshot
from tests.conftest import make_settings

SGD = re.compile(r"(?<![a-z0-9])(?:sgd|stochastic\s+gradient\s+descent)(?![a-z])")


def test_snapshot_papers_get_an_abstract_series(corpus: Path, tmp_path: Path) -> None:
    path = corpus / "metadata" / "cs.NE-1998-2019.jsonl"
    settings = make_settings(tmp_path)
    snapshot.import_snapshot(settings, path)
    summary = recount.count_abstracts(settings)

    con = duckdb.connect(str(settings.db_path))
    ids = {r[0] for r in con.execute("select paper_id from core_papers").fetchall()}
    assert summary.n_papers == len(ids)
    sources = dict(con.execute("select text_source, count(*) from out_paper_text_source"
                               " group by all").fetchall())
    assert sources == {"abstract": len(ids)}
    found = con.execute("select paper_id from core_abstract_terms where term = 'sgd'").fetchall()

    expected = set()
    for line in path.read_text().splitlines():
        record = json.loads(line)
        text = f"{record['title']}\n\n{record['abstract']}".lower()
        if SGD.search(" ".join(text.split())):
            expected.add(record["id"])
    assert expected and {r[0] for r in found} <= ids
    assert len(found) == len(expected)

    one = sorted(ids)[0]  # once its PDF is read, a paper leaves the abstract series
    con.execute("insert into core_paper_texts values (?, 1, 4, 'short', 0, null, 'text', null)",
                [one])
    month_counts = Counter(m for m, in con.execute(
        "select month from out_paper_text_source where text_source = 'abstract'").fetchall())
    series = dict(con.execute("select month, n_papers from out_abstract_term_share_by_month"
                              " where term = 'sgd'").fetchall())
    assert series == dict(month_counts)
    assert con.execute("select text_source from out_paper_text_source where paper_id = ?",
                       [one]).fetchall() == [("full_text",)]
    con.close()
