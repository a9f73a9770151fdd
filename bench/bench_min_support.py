"""Measure which minimum support makes the hot and not-hot lists reproducible.

`pipeline.analyse.hot.DEFAULT_MIN_PAPERS` is the fewest papers in the deciding peak month (the
recent peak for hot, the before peak for not hot). A ratio list without it is led by rare
terms (a few papers in one month and none before is an infinite ratio by chance); a high
one hides real risers. Split-half reliability measures the trade: every period's papers are
split at random into halves A and B (fixed seeds), each half is counted and stored like an
ingest (`count_document_frequencies`, `save_month_ngrams(min_df=2)`, a fresh DuckDB from
`store.connect`), and the halves' lists (`load_hot_terms`, unmerged) at the same
`min_papers` k are compared: a list that is signal, not noise, comes out the same twice.

Real data (title + "\n\n" + abstract from `../shared/corpus/metadata/`, v1 date):
- `cvcl`: the cs.CV/cs.CL listings, one period per v1 month 2025-03..2026-06 (119 to 692
  papers, about 270); the one paper of 2021-02 is left out. Hot = 2025-07..2026-06 against
  2025-03..2025-06, as in production.
- `ne`: cs.NE by v1 year, 2008-2019 (122 to 1,460 papers; its months hold 25-160, too few
  to halve). Year Y is stored as month Y-01, i.e. periods 12 months apart, so the SQL's
  12-month window holds 2019 alone and "before" is 2008-2018, as in `bench_ngrams.py`.
  Consecutive months (period i -> i months apart) would put all 12 years inside the window
  and leave no month before it, which `load_hot_terms` rejects.
Figures per k (means over splits, both halves): top-N overlap |A & B| / N; kappa, the
overlap above chance, (shared - expected) / (most possible - expected) with "expected" for
lists drawn at random from each half's eligible terms, so that it does not rise merely
because a high k shrinks the pool towards the list itself; Spearman of the shared terms'
list positions (ratio, ties broken by share as the SQL orders them), over the splits with
3 or more shared terms; eligible terms and their median ratio; the listed terms' median
|z_score|, and shares whose 95% ratio interval excludes 1 and whose ratio is infinite (hot)
or zero (not hot). k is on half-size data; the same terms hold about 2k papers in the full
data (`full_k`). k = 1 lists as k = 2: rows under min_df = 2 are not stored.
Transfer: a count's relative error is about 1/sqrt(k) whatever the month's size, and
min_df is a count too, so a threshold on the deciding month's count means the same noise
in a 130-paper half month and a 15,000-paper month; a share threshold would not (1% is 1
paper there and 150 here). So the plateau's k carries over as a count, not as `full_k`.
The recommendation follows the hot lists, where small counts are the failure (infinite
ratios of terms with a few papers); the not-hot figures are printed for reading.
Run: `PYTHONPATH=. python bench/bench_min_support.py [--splits 20]` (about 2 minutes).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import polars as pl

from pipeline import store
from pipeline.analyse.hot import DEFAULT_MIN_PAPERS, load_hot_terms
from pipeline.count import ngrams

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
MIN_PAPERS = (1, 2, 3, 5, 8, 10, 15, 20, 30, 50)
TOPS = (20, 50)
KINDS = {"hot": False, "not_hot": True}
ALL_ROWS = 10**9  # a limit that returns every eligible term
# Plateau: the smallest k whose kappa is within this of the best kappa over k ...
PLATEAU_SLACK = 0.05
# ... among the k that leave at least this many eligible terms per listed one (beyond,
# the "list" is most of the pool and agreement says little about the ranking).
MIN_POOL_PER_LISTED = 4
# A list whose best kappa stays under this is noise at every k: it has no plateau.
MIN_KAPPA = 0.1


def _papers(name: str) -> pl.DataFrame:
    """Real titles and abstracts (paper_id, v1 date, text) from the shared metadata."""
    frame = pl.read_ndjson(CORPUS / "metadata" / name, infer_schema_length=None)
    created = pl.col("versions").list.first().struct.field("created")
    return frame.select(
        paper_id="id", v1=created.str.strptime(pl.Datetime, "%a, %d %b %Y %H:%M:%S GMT").dt.date(),
        text=pl.concat_str(["title", "abstract"], separator="\n\n"))


def _datasets() -> dict[str, pl.DataFrame]:
    """Each history as paper_id, month (the period's stored month), text."""
    cvcl = (_papers("cs.CV-cs.CL-listings-2025-2026.jsonl")
            .with_columns(month=pl.col("v1").dt.truncate("1mo"))
            .filter(pl.col("month") >= date(2025, 3, 1)))
    ne = (_papers("cs.NE-1998-2019.jsonl").filter(pl.col("v1").dt.year().is_between(2008, 2019))
          .with_columns(month=pl.date(pl.col("v1").dt.year(), 1, 1)))
    return {name: frame.select("paper_id", "month", "text") for name, frame in
            (("cvcl", cvcl), ("ne", ne))}


def _save_history(frame: pl.DataFrame, path: Path) -> duckdb.DuckDBPyConnection:
    """Count and store every period of `frame` into a fresh database, as an ingest would."""
    con = store.connect(path)
    sizes = dict(frame.group_by("month").len().iter_rows())
    counts = ngrams.count_document_frequencies(frame)
    for (month,), part in counts.partition_by("month", as_dict=True).items():
        store.save_month_ngrams(con, month, part, sizes[month], min_df=2)
    return con


def _halves(frame: pl.DataFrame, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A random half of every period's papers, and the rest."""
    draw = np.random.default_rng(seed).random(frame.height)
    ranked = frame.with_columns(draw=pl.Series(draw)).with_columns(
        is_a=pl.col("draw").rank("ordinal").over("month") <= pl.len().over("month") // 2)
    return (ranked.filter("is_a").drop("draw", "is_a"),
            ranked.filter(~pl.col("is_a")).drop("draw", "is_a"))


def _spearman(first: list[str], second: list[str]) -> float | None:
    """Spearman correlation of the shared terms' positions in two lists (None: under 3)."""
    shared = set(first) & set(second)
    if len(shared) < 3:
        return None
    a = np.argsort(np.argsort([first.index(t) for t in shared]))
    b = np.argsort(np.argsort([second.index(t) for t in shared]))
    return float(np.corrcoef(a, b)[0, 1])


def _is_decided(rows: pl.DataFrame, is_not_hot: bool) -> pl.Series:
    """Whether each row's 95% ratio interval lies wholly on its side of 1."""
    return rows["ratio_high_95"] < 1 if is_not_hot else rows["ratio_low_95"] > 1


def _kappa(first: list[str], second: list[str], pools: tuple[set, set]) -> float | None:
    """Agreement above chance: (shared - expected) / (most possible - expected).

    Expected: each half draws its list at random from its own eligible terms. None when
    there is less than one term of room above chance (the lists are most of the pools).
    """
    common = len(pools[0] & pools[1])
    expected = common * len(first) * len(second) / (len(pools[0]) * len(pools[1]) or 1)
    most = min(len(first), len(second), common)
    if most - expected < 1:
        return None
    return (len(set(first) & set(second)) - expected) / (most - expected)


def _score_pair(a: pl.DataFrame, b: pl.DataFrame, is_not_hot: bool) -> dict[str, float]:
    """Agreement of two halves' full eligible lists, and the listed terms' evidence."""
    pools = (set(a["term"]), set(b["term"]))
    figures = {"eligible": (a.height + b.height) / 2,
               "median_ratio_eligible": float(pl.concat([a, b])["ratio"].median() or 0.0)}
    extreme = 0.0 if is_not_hot else float("inf")
    for top in TOPS:
        first, second = a["term"].head(top).to_list(), b["term"].head(top).to_list()
        listed = pl.concat([a.head(top), b.head(top)])
        figures |= {
            f"top{top}_overlap": len(set(first) & set(second)) / top,
            f"top{top}_median_abs_z": float(listed["z_score"].abs().median() or 0.0),
            f"top{top}_decided": float(_is_decided(listed, is_not_hot).mean() or 0.0),
            f"top{top}_extreme_ratio": float((listed["ratio"] == extreme).mean() or 0.0)}
        for figure, value in ((f"top{top}_kappa", _kappa(first, second, pools)),
                              (f"top{top}_spearman", _spearman(first, second))):
            if value is not None:
                figures[figure] = value
    return figures


def _measure(name: str, frame: pl.DataFrame, splits: int, tmp: Path) -> dict:
    """Per (kind, k): each figure's values over the splits."""
    last = frame["month"].max()
    results: dict[tuple[str, int], dict[str, list[float]]] = {}
    for seed in range(splits):
        cons = [_save_history(half, tmp / f"{name}-{seed}-{side}.duckdb")
                for side, half in zip("ab", _halves(frame, seed))]
        for kind, is_not_hot in KINDS.items():
            for k in MIN_PAPERS:
                a, b = (load_hot_terms(con, last, is_not_hot=is_not_hot, limit=ALL_ROWS,
                                       min_papers=k, is_merged=False) for con in cons)
                for figure, value in _score_pair(a, b, is_not_hot).items():
                    results.setdefault((kind, k), {}).setdefault(figure, []).append(value)
        for con in cons:
            con.close()
    return results


def _mean(figures: dict[str, list[float]], figure: str, *, is_partial: bool = False
          ) -> float | None:
    """The figure's mean over the splits; None unless every split (or, partial, one) had it."""
    values = figures.get(figure, [])
    if not values or (len(values) < len(figures["eligible"]) and not is_partial):
        return None
    return statistics.mean(values)


def _plateau(results: dict, kind: str, top: int) -> tuple[int | None, dict[int, float]]:
    """The smallest k within PLATEAU_SLACK of the best kappa (None: no k beats noise).

    Only k leaving MIN_POOL_PER_LISTED * top eligible terms compete.
    """
    kappa = {k: value for k in MIN_PAPERS
             if (value := _mean(results[kind, k], f"top{top}_kappa")) is not None
             and statistics.mean(results[kind, k]["eligible"]) >= MIN_POOL_PER_LISTED * top}
    if not kappa or max(kappa.values()) < MIN_KAPPA:
        return None, kappa
    best = max(kappa.values())
    return min(k for k, value in kappa.items() if value >= best - PLATEAU_SLACK), kappa


def _print_results(name: str, results: dict) -> None:
    """Print each (kind, k)'s figures, averaged over the splits."""
    for (kind, k), figures in results.items():
        prefix = f"{name}_{kind}_k{k}"
        print(f"{prefix}_full_k: {2 * k}")
        print(f"{prefix}_eligible: {statistics.mean(figures['eligible']):,.0f}"
              f" (median ratio {statistics.mean(figures['median_ratio_eligible']):.2f})")
        for top in TOPS:
            kappa = _mean(figures, f"top{top}_kappa")
            rho = _mean(figures, f"top{top}_spearman", is_partial=True)
            n_rho = len(figures.get(f"top{top}_spearman", []))
            kappa_text = "n/a"
            if kappa is not None:
                se = statistics.pstdev(figures[f"top{top}_kappa"]) / len(figures["eligible"])**0.5
                kappa_text = f"{kappa:.2f} (se {se:.2f})"
            print(f"{prefix}_top{top}: overlap {_mean(figures, f'top{top}_overlap'):.2f},"
                  f" kappa {kappa_text},"
                  f" spearman {'n/a' if rho is None else f'{rho:.2f}'} ({n_rho} splits),"
                  f" median_abs_z {_mean(figures, f'top{top}_median_abs_z'):.2f},"
                  f" ci_excludes_1 {_mean(figures, f'top{top}_decided'):.2f},"
                  f" {'zero' if kind == 'not_hot' else 'infinite'}_ratio"
                  f" {_mean(figures, f'top{top}_extreme_ratio'):.2f}")


def _print_plateaus(name: str, results: dict, deciding_papers: dict[str, float]
                    ) -> dict[tuple[str, int], int | None]:
    """Print and return each list's plateau k; deciding_papers: half-period size by kind."""
    plateaus = {}
    for kind in KINDS:
        for top in TOPS:
            k, kappa = _plateau(results, kind, top)
            plateaus[kind, top] = k
            curve = ", ".join(f"{key}={value:.2f}" for key, value in kappa.items())
            where = ("none, noise at every k" if k is None else
                     f"{k} (full_k {2 * k}; {100 * k / deciding_papers[kind]:.1f}% of a median"
                     f" {deciding_papers[kind]:.0f}-paper deciding half period)")
            print(f"{name}_{kind}_top{top}_plateau_k: {where}; kappa by k: {curve}")
    return plateaus


def _print_full_lists(name: str, frame: pl.DataFrame, ks: tuple[int, ...], tmp: Path) -> None:
    """The full data's first ten terms at each k as "term (ratio; recent/before papers)"."""
    con = _save_history(frame, tmp / f"{name}-full.duckdb")
    for kind, is_not_hot in KINDS.items():
        for k in ks:
            rows = load_hot_terms(con, frame["month"].max(), is_not_hot=is_not_hot, limit=10,
                                  min_papers=k, is_merged=False)
            shown = [f"{t} ({r:.2g}; {p}/{q})" for t, r, p, q in rows.select(
                "term", "ratio", "n_papers_recent", "n_papers_before").iter_rows()]
            print(f"{name}_full_{kind}_k{k}_first_10: {', '.join(shown)}")
    con.close()


def _deciding_papers(frame: pl.DataFrame) -> dict[str, float]:
    """Median half-period size of the window holding each list's deciding peak."""
    sizes = frame.group_by("month").len()
    last = frame["month"].max()
    start = date(last.year - 1, last.month, 1)  # the 12-month window is the months > start
    recent = sizes.filter(pl.col("month") > start)["len"]
    before = sizes.filter(pl.col("month") <= start)["len"]
    return {"hot": float(recent.median()) / 2, "not_hot": float(before.median()) / 2}


def main() -> None:
    """Split every history, compare the halves' lists at each k, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=20)
    args = parser.parse_args()
    print(f"splits: {args.splits}")
    print("ne_period_mapping: year Y stored as month Y-01 (periods 12 months apart, so the"
          " 12-month recent window is 2019 alone; consecutive months would leave no before)")
    hot_plateaus = []
    with tempfile.TemporaryDirectory(prefix="bench-min-support-") as tmp:
        for name, frame in _datasets().items():
            sizes = frame.group_by("month").len().sort("month")["len"].to_list()
            print(f"{name}_papers_per_period: {', '.join(map(str, sizes))}")
            results = _measure(name, frame, args.splits, Path(tmp))
            _print_results(name, results)
            plateaus = _print_plateaus(name, results, _deciding_papers(frame))
            hot_plateaus += [k for (kind, _), k in plateaus.items() if kind == "hot" and k]
            _print_full_lists(name, frame, (2, 5, 10, DEFAULT_MIN_PAPERS, 40), Path(tmp))
    print(f"plateau_rule: smallest k whose mean kappa is within {PLATEAU_SLACK} of the best,"
          f" over k leaving >= {MIN_POOL_PER_LISTED} x N eligible terms;"
          f" none if best < {MIN_KAPPA}")
    for k in MIN_PAPERS:
        print(f"relative_error_of_count_{k}: {1 / k ** 0.5:.2f}")
    recommended = max(hot_plateaus)
    print(f"share_of_15000_paper_month_at_recommended: {100 * recommended / 15_000:.3f}%")
    print(f"recommended_min_papers: {recommended} (the largest hot-list plateau k over both"
          " histories and N; a count's noise, 1/sqrt(k), does not depend on the month's size)")


if __name__ == "__main__":
    main()
