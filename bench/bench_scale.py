"""Benchmark the whole store at scale: disk per paper, one more month, the read copy, opening,
the hot list, a term query and the report's reads, on a store written the way ingests write.

Ten years of the six categories are about 700,000 papers. The store is generated here by
the real write path, `ingest.write_source` (each month in one transaction, curated terms
and n-grams counted as the texts pass, the texts stored as every ingest stores them), a
month at a time, then the read copy published (`store.publish_read_copy`) as every writing
command does. Each paper's text is as long as the shared real papers' texts are on average
(`../shared/corpus/pdfs/`, extracted once and cached as `bench_ngrams.py` does) and made of
real abstracts of the shared metadata (`../shared/corpus/metadata/`) drawn at random: so
no two papers share a text (the 26 real texts repeated would let a compressor store each
once) and the vocabulary is real. `zstd_each_text_alone` compresses each real and each
generated text alone, to show they compress alike.
Phases, each in a fresh process (times are wall seconds):
- `build`: `--months` months of `--papers` papers (store written month by month), then
  the read copy;
- sizes: the database file, its read copy, the texts' folder (absent before the texts moved
  out of the database), per paper and projected to 700,000 papers;
- `publish`: one more month of `--new-papers` papers, the write and the read copy apart;
- `open`: `store.connect_reading` and one count;
- `hot`: `hot.load_hot_terms(con, last month, limit=50, is_merged=False)`;
- `term`: `phrases.load_phrase_series(con, ["resnet"])`, a counted n-gram's series;
- `phrase`: the same for "stochastic gradient descent": three words are not counted, so
  the texts of every month are read (here the texts' cost shows);
- `hot_institutions`: `analyse.load_hot_institutions(con, last month)`, hot and not hot
  (each paper's title page is stored as matched to 0 to 4 entries of the real institutions
  list, drawn with Zipf weights, as the institutions step stores its matches);
- `hot_institutions_full`: the same on a copy of the database whose papers, their texts'
  rows and institutions are repeated (new ids) to about 700,000 papers;
- `report_data`: `report.load_edition_data(con, last month)`, all the report's reads;
- `report_site`: the same, then the edition's pages rendered and written
  (`report.write_site_edition`).
Before and after a change: run it with `--code DIR`, a checkout of the other version (its
`pipeline/` is imported), side by side with this one, on the same machine.
Run: `python bench/bench_scale.py [--months 24] [--papers 1000] [--new-papers 1000]
[--code DIR] [--keep DIR]`. `tests/test_bench_scale.py` runs it at a tiny size.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FULL_PAPERS = 700_000  # ten years of the six categories
FIRST_MONTH = date(2015, 1, 1)
PHRASE = "stochastic gradient descent"  # three words: not counted, found by reading texts


def _months(n_months: int) -> list[date]:
    return [date(FIRST_MONTH.year + (FIRST_MONTH.month - 1 + k) // 12,
                 (FIRST_MONTH.month - 1 + k) % 12 + 1, 1) for k in range(n_months)]


def _abstracts() -> list[str]:
    """The real abstracts of the shared metadata (`../shared/corpus/metadata/`)."""
    abstracts = []
    for path in sorted((CORPUS / "metadata").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            abstract = " ".join(json.loads(line).get("abstract", "").split())
            if abstract:
                abstracts.append(abstract)
    if not abstracts:
        sys.exit(f"no metadata in {CORPUS / 'metadata'}")
    return abstracts


def paper_text(abstracts: list[str], i: int, n_chars: int) -> str:
    """Paper i's text: real abstracts drawn at random (seeded by i) up to `n_chars`, a
    paragraph each, with the real papers' page breaks every 4,000 characters."""
    pick = random.Random(i)
    parts, size = [], 0
    while size < n_chars:
        parts.append(abstracts[pick.randrange(len(abstracts))])
        size += len(parts[-1]) + 2
        if size // 4000 > (size - len(parts[-1]) - 2) // 4000:
            parts.append("\f")
    return "\n\n".join(parts)


def _mean_real_chars() -> int:
    import bench_ngrams

    texts = bench_ngrams._corpus_texts()
    return round(sum(map(len, texts)) / len(texts))


def _write_months(db: str, months: list[date], n_papers: int, first_index: int) -> dict:
    """Write each month through `ingest.write_source`; return the seconds and text bytes."""
    from pipeline import store
    from pipeline.count.terms import count_term_zones, load_terms
    from pipeline.extract.zones import find_zones
    from pipeline.ops import ingest
    from pipeline.papers import Paper
    from pipeline.settings import load_settings
    from pipeline.sources import PaperBatch, Source

    abstracts, n_chars = _abstracts(), _mean_real_chars()
    terms = load_terms()
    # the curated terms' mentions (counted by the PDF workers, not the store) of 26 texts,
    # taken in turn: 17 ms a text would make this bench measure them
    mentions = [count_term_zones(text, terms, find_zones(text))
                for text in (paper_text(abstracts, i, n_chars) for i in range(26))]
    settings = load_settings(config_path=None, env={}, db_path=Path(db))
    con = store.connect(settings.db_path, memory_mb=settings.write_memory_mb)
    store.save_terms(con, terms)
    start, n_bytes, index = time.perf_counter(), 0, first_index
    for month in months:
        published = datetime(month.year, month.month, 15)
        papers = [Paper(f"{month:%y%m}.{i:05d}", 1, f"Paper {i}", ("A. Author",), "cs.LG",
                        ("cs.LG",), published, published) for i in range(n_papers)]

        def reads(papers=papers, index=index):
            nonlocal n_bytes
            for i, paper in enumerate(papers):
                text = paper_text(abstracts, index + i, n_chars)
                n_bytes += len(text.encode())
                zones = find_zones(text)
                yield ingest.ReadPaper(paper.paper_id,
                                       store.PaperText(text, 1, "ok", zones),
                                       mentions[(index + i) % len(mentions)], None)

        source = Source("bench", batches=[PaperBatch.of(papers, "bench")],
                        replaces_months=True)
        ingest.write_source(con, settings, source, reads(), lambda _: None, "bench-scale")
        with store.transaction(con):
            _write_institutions(con, [p.paper_id for p in papers], month)
        index += n_papers
    con.close()
    return {"s": time.perf_counter() - start, "text_bytes": n_bytes}


def _write_institutions(con, paper_ids: list[str], month: date) -> None:
    """Each paper's title page matched to 0 to 4 of the real institutions list's entries,
    drawn at random with Zipf weights (a few large labs, a long tail), as the institutions
    step stores them."""
    from pipeline import store
    from pipeline.count.institutions import load_institutions

    version, entries = load_institutions()
    pick = random.Random(month.toordinal())
    weights = [1 / rank ** 1.1 for rank in range(1, len(entries) + 1)]
    found = {}
    for paper_id in paper_ids:
        k = pick.choices((0, 1, 2, 3, 4), (15, 40, 25, 15, 5))[0]
        chosen = {e.name: e for e in pick.choices(entries, weights, k=k)}
        found[paper_id] = [store.PaperInstitution(e.name, e.type, e.country, e.name,
                                                  "affiliation") for e in chosen.values()]
    pages = [store.TitlePage(paper_id, 1, "", 0) for paper_id in paper_ids]
    store.write_institutions(con, pages, found, version)


def _replicate(db: str, full: str) -> dict:
    """Copy the store's database to `full` with its papers, their texts' rows and their
    institutions repeated (new ids) until they are about 700,000 papers
    (`bench/replicate_papers.sql`): the institutions' reads at full size."""
    import duckdb
    import polars as pl

    shutil.copyfile(db, full)
    con = duckdb.connect(full)
    con.register("wanted", pl.DataFrame({"n_papers": [FULL_PAPERS]}))
    [(n_papers,)] = con.execute(Path(__file__).with_name("replicate_papers.sql")
                                .read_text(encoding="utf-8")).fetchall()
    con.close()
    return {"n_papers": n_papers}


def _publish(db: str) -> dict:
    from pipeline import store

    start = time.perf_counter()
    store.publish_read_copy(Path(db))
    return {"s": time.perf_counter() - start}


def _query(db: str, kind: str) -> dict:
    from pipeline import analyse, report, store
    from pipeline.analyse import hot, phrases

    start = time.perf_counter()
    con, _ = store.connect_reading(Path(db))
    [(n_papers,)] = con.execute("select count(*) from core_papers").fetchall()
    opened = time.perf_counter() - start
    [(last,)] = con.execute("select max(month) from core_ngram_months").fetchall()
    calls = {
        "open": lambda: None,
        "hot": lambda: hot.load_hot_terms(con, last, limit=50, is_merged=False),
        "term": lambda: phrases.load_phrase_series(con, ["resnet"]),
        "phrase": lambda: phrases.load_phrase_series(con, [PHRASE]),
        "hot_institutions": lambda: [analyse.load_hot_institutions(con, last, is_not_hot=is_not)
                                     for is_not in (False, True)],
        "report_data": lambda: report.load_edition_data(con, last),
        "report_site": lambda: report.write_site_edition(report.load_edition_data(con, last),
                                                         Path(db).parent / "site"),
    }
    start = time.perf_counter()
    result = calls[kind]()
    figures = {"s": time.perf_counter() - start, "open_s": opened, "n_papers": n_papers}
    if kind == "hot":
        figures["what"] = f"{result.height} terms"
    elif kind == "hot_institutions":
        figures["what"] = f"{result[0].height} hot, {result[1].height} not hot"
    elif kind in ("term", "phrase"):
        figures["what"] = f"{result.height} months"
    return figures


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) \
        if folder.is_dir() else 0


def _zstd_ratios() -> tuple[float, float]:
    """Raw bytes over zstd (level 3) bytes, each text compressed alone: the real papers'
    texts, and 26 generated ones."""
    import bench_ngrams
    import pyarrow as pa

    codec = pa.Codec("zstd", compression_level=3)

    def ratio(texts: list[bytes]) -> float:
        return sum(map(len, texts)) / sum(len(codec.compress(t, asbytes=True)) for t in texts)

    real = [t.encode() for t in bench_ngrams._corpus_texts()]
    abstracts, n_chars = _abstracts(), _mean_real_chars()
    made = [paper_text(abstracts, i, n_chars).encode() for i in range(len(real))]
    return ratio(real), ratio(made)


def _in_child(code: Path, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": f"{code}{os.pathsep}{ROOT / 'bench'}",
           "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, __file__, "--child", *args], env=env,
                          capture_output=True, text=True, cwd=code)
    if done.returncode:
        sys.exit(f"child {args[0]} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _child(args: list[str]) -> None:
    mode, db, *rest = args
    if mode == "write":
        months = [date.fromisoformat(m) for m in rest[0].split(",")]
        figures = _write_months(db, months, int(rest[1]), int(rest[2]))
    elif mode == "publish":
        figures = _publish(db)
    elif mode == "replicate":
        figures = _replicate(db, rest[0])
    else:
        figures = _query(db, mode)
    print(json.dumps(figures))


def run(months: int, papers: int, new_papers: int, code: Path, folder: Path) -> dict:
    """Build the store in `folder` with the code of `code`, measure; print and return."""
    db = folder / "scale.duckdb"
    all_months = _months(months + 1)
    label = "this checkout" if code == ROOT else str(code)
    print(f"bench_scale: {months} months x {papers:,} papers, one more month of "
          f"{new_papers:,}; code: {label}")
    if not db.exists():
        built = _in_child(code, "write", str(db), ",".join(m.isoformat() for m in
                                                          all_months[:-1]), str(papers), "0")
        copy = _in_child(code, "publish", str(db))
        print(f"build_s: {built['s']:.1f} ({months * papers / built['s']:.0f} papers/s); "
              f"read_copy_s: {copy['s']:.2f}")
    n_base = months * papers
    text_mb = _mean_real_chars() / 1e6  # a paper's text, in MB (ASCII: a byte a character)
    _print_sizes("base", _sizes(db), n_base, text_mb * n_base)
    one = _in_child(code, "write", str(db), all_months[-1].isoformat(), str(new_papers),
                    str(n_base))
    copy = _in_child(code, "publish", str(db))
    n_all = n_base + new_papers
    after = _sizes(db)
    print(f"publish_month_s: write {one['s']:.1f}, read copy {copy['s']:.2f} "
          f"(copied {after['read_copy'] / 1e6:.0f} MB)")
    _print_sizes("with_month", after, n_all, text_mb * n_all)
    figures = {"publish_write_s": one["s"], "publish_copy_s": copy["s"], **{
        f"{k}_bytes": v for k, v in after.items()}}
    for kind in ("open", "hot", "hot_institutions", "term", "phrase", "report_data",
                 "report_site"):
        got = _in_child(code, kind, str(db))
        what = f" ({got['what']})" if "what" in got else ""
        print(f"{kind}_s: {got['open_s'] if kind == 'open' else got['s']:.2f}{what}")
        figures[f"{kind}_s"] = got["open_s"] if kind == "open" else got["s"]
    full = folder / "full.duckdb"
    copied = _in_child(code, "replicate", str(db), str(full))
    got = _in_child(code, "hot_institutions", str(full))
    print(f"hot_institutions_full_s: {got['s']:.2f} ({got['what']}; the papers and their "
          f"institutions repeated to {copied['n_papers']:,})")
    full.unlink()
    figures["hot_institutions_full_s"] = got["s"]
    return figures


def _sizes(db: Path) -> dict:
    from pipeline.store.readcopy import read_copy_path

    texts = db.with_name(f"{db.stem}.texts")
    return {"db": db.stat().st_size, "read_copy": read_copy_path(db).stat().st_size
            if read_copy_path(db).exists() else 0, "texts": _folder_bytes(texts)}


def _print_sizes(name: str, sizes: dict, n_papers: int, text_mb: float) -> None:
    per = {k: v / n_papers / 1e3 for k, v in sizes.items()}
    total = sum(v for k, v in sizes.items())
    print(f"{name}_disk: {total / 1e6:.0f} MB for {n_papers:,} papers ({text_mb:.0f} MB of "
          f"raw text): database {sizes['db'] / 1e6:.0f} MB, read copy "
          f"{sizes['read_copy'] / 1e6:.0f} MB, texts folder {sizes['texts'] / 1e6:.0f} MB")
    print(f"{name}_kb_per_paper: database {per['db']:.1f}, read copy {per['read_copy']:.1f}, "
          f"texts {per['texts']:.1f}; raw text {text_mb * 1e3 / n_papers:.1f}")
    print(f"{name}_projected_700k_gb: database {per['db'] * FULL_PAPERS / 1e6:.1f}, read copy "
          f"{per['read_copy'] * FULL_PAPERS / 1e6:.1f} (copied after every write), texts "
          f"{per['texts'] * FULL_PAPERS / 1e6:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--papers", type=int, default=1000, help="papers a month")
    parser.add_argument("--new-papers", type=int, default=1000, help="of the month added")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout to measure")
    parser.add_argument("--keep", type=Path, help="keep the store here (reused if there)")
    parser.add_argument("--child", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return
    real, made = _zstd_ratios()
    print(f"zstd_each_text_alone: real papers {real:.2f}x, generated {made:.2f}x (raw / zstd "
          "level 3, each text compressed alone)")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        run(args.months, args.papers, args.new_papers, args.code.resolve(), folder)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
