"""What each paper of the sample corpus is: id, dates, categories, authors, and which terms
it mentions, where.

The mention rates follow the real history of the field (TensorFlow from late 2015, Adam's
rise to about a quarter of papers, Theano's fade), so that the sample's trends look like the
ones the pipeline exists to show; nothing is mentioned before its `released` month.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pipeline.count import Term
from pipeline.sample.cites import NAMING_REFS, is_available
from pipeline.sample.words import ADAM_SURNAMES, FIRST_NAMES, SURNAMES

CATEGORIES = {"cs.LG": 0.30, "cs.CV": 0.25, "cs.CL": 0.15, "cs.AI": 0.15, "stat.ML": 0.10,
              "cs.NE": 0.05}
_OTHER_CATEGORIES = ("math.OC", "cs.IR")

# Share of papers mentioning each term, at a few months; linear in between, flat outside.
_CURVES: dict[str, tuple[tuple[str, float], ...]] = {
    "tensorflow": (("2015-11", 0.004), ("2016-06", 0.05), ("2017-03", 0.09), ("2017-12", 0.12)),
    "caffe": (("2013-12", 0.003), ("2014-12", 0.04), ("2016-06", 0.08), ("2017-12", 0.05)),
    "theano": (("2012-01", 0.015), ("2014-01", 0.03), ("2015-06", 0.06), ("2016-06", 0.06),
               ("2017-12", 0.03)),
    "torch": (("2012-01", 0.02), ("2015-06", 0.04), ("2017-12", 0.03)),
    "keras": (("2015-03", 0.002), ("2016-06", 0.02), ("2017-12", 0.03)),
    "matconvnet": (("2014-12", 0.002), ("2016-06", 0.012), ("2017-12", 0.008)),
    "lasagne": (("2015-08", 0.002), ("2016-06", 0.01), ("2017-12", 0.005)),
    "chainer": (("2015-06", 0.001), ("2017-12", 0.008)),
    "mxnet": (("2015-10", 0.001), ("2017-12", 0.012)),
    "cntk": (("2016-01", 0.001), ("2017-12", 0.006)),
    "pytorch": (("2017-01", 0.003), ("2017-12", 0.04)),
    "dl4j": (("2014-01", 0.001), ("2017-12", 0.004)),
    "alexnet": (("2012-09", 0.002), ("2013-06", 0.02), ("2015-06", 0.05), ("2017-12", 0.04)),
    "vggnet": (("2014-09", 0.003), ("2015-06", 0.04), ("2017-12", 0.07)),
    "googlenet": (("2014-09", 0.003), ("2015-06", 0.03), ("2017-12", 0.03)),
    "resnet": (("2015-12", 0.003), ("2016-06", 0.03), ("2017-12", 0.08)),
    "sgd": (("2012-01", 0.14), ("2017-12", 0.16)),
    "momentum": (("2012-01", 0.08), ("2017-12", 0.08)),
    "adagrad": (("2012-01", 0.02), ("2014-06", 0.035), ("2017-12", 0.03)),
    "adadelta": (("2012-12", 0.002), ("2014-01", 0.02), ("2017-12", 0.02)),
    "rmsprop": (("2012-02", 0.002), ("2013-06", 0.02), ("2015-06", 0.04), ("2017-12", 0.05)),
    "adam": (("2014-12", 0.005), ("2015-06", 0.06), ("2016-06", 0.15), ("2017-12", 0.23)),
    "hinton": (("2012-01", 0.10), ("2017-12", 0.14)),
    "lecun": (("2012-01", 0.06), ("2017-12", 0.10)),
    "bengio": (("2012-01", 0.09), ("2017-12", 0.15)),
    "schmidhuber": (("2012-01", 0.05), ("2017-12", 0.07)),
}
_VISION_TERMS = {"caffe", "matconvnet", "alexnet", "vggnet", "googlenet", "resnet"}
_VISION_FACTOR = {"cs.CV": 2.0, "cs.CL": 0.3}
_REFS_ONLY_RATE = {"researcher": 0.65, "default": 0.3}
_ADAM_AUTHOR_RATE = 0.04


@dataclass(frozen=True)
class PaperPlan:
    """One sample paper before its text is written."""

    base_id: str
    version: int
    published: datetime
    updated: datetime
    primary: str
    categories: tuple[str, ...]
    authors: tuple[str, ...]
    body_terms: frozenset[str]
    ref_terms: frozenset[str]
    is_long: bool

    @property
    def terms(self) -> list[str]:
        """Every term the paper's text mentions, sorted."""
        return sorted(self.body_terms | self.ref_terms)


def papers_in_month(month: date, rng: random.Random, scale: float) -> int:
    """How many papers a month has: about 15 in 2012-01 growing to about 60 in 2017-12."""
    months = (month.year - 2012) * 12 + month.month - 1
    expected = 15 * 4 ** (months / 71) * (1 + rng.gauss(0, 0.06))
    return max(1, round(expected * scale))


def plan_month(month: date, rng: random.Random, terms: list[Term], scale: float) -> list[PaperPlan]:
    """Plan every paper submitted (v1) in `month`, in id order."""
    count = papers_in_month(month, rng, scale)
    numbers = sorted(rng.sample(range(1, 9000 if month.year < 2015 else 12000), count))
    offsets = sorted(rng.randrange(_seconds_in_month(month)) for _ in range(count))
    start = datetime(month.year, month.month, 1, tzinfo=UTC)
    plans = []
    for number, offset in zip(numbers, offsets, strict=True):
        width = 4 if month.year < 2015 else 5
        base_id = f"{month:%y%m}.{number:0{width}d}"
        plans.append(_plan_paper(base_id, start + timedelta(seconds=offset), rng, terms))
    return plans


def _seconds_in_month(month: date) -> int:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (following - month).days * 86400


def _plan_paper(base_id: str, published: datetime, rng: random.Random,
                terms: list[Term]) -> PaperPlan:
    version = rng.choices((1, 2, 3), (0.6, 0.28, 0.12))[0]
    days = 0.0 if version == 1 else rng.uniform(1, 60 * version)
    updated = published + timedelta(seconds=round(days * 86400))
    primary = rng.choices(list(CATEGORIES), list(CATEGORIES.values()))[0]
    body, refs = _plan_mentions(published.date().replace(day=1), primary, rng, terms)
    return PaperPlan(base_id, version, published, updated, primary,
                     _categories(primary, rng), _authors(rng), body, refs,
                     is_long=rng.random() < 0.25)


def _categories(primary: str, rng: random.Random) -> tuple[str, ...]:
    others = [c for c in CATEGORIES if c != primary]
    cross = rng.sample(others, rng.choices((0, 1, 2), (0.45, 0.4, 0.15))[0])
    if rng.random() < 0.05:
        cross.append(rng.choice(_OTHER_CATEGORIES))
    return (primary, *cross)


def _authors(rng: random.Random) -> tuple[str, ...]:
    names: list[str] = []
    for _ in range(rng.choices((1, 2, 3, 4, 5, 6), (0.1, 0.25, 0.27, 0.2, 0.1, 0.08))[0]):
        if rng.random() < _ADAM_AUTHOR_RATE:
            name = f"Adam {rng.choice(ADAM_SURNAMES)}"
        else:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        if name not in names:
            names.append(name)
    return tuple(names)


def _plan_mentions(month: date, primary: str, rng: random.Random,
                   terms: list[Term]) -> tuple[frozenset[str], frozenset[str]]:
    body, refs = set(), set()
    for term in terms:
        if term.term not in _CURVES:  # terms added later leave the sample as it was
            continue
        if rng.random() >= mention_probability(term, month, primary):
            continue
        rate = _REFS_ONLY_RATE.get(term.family, _REFS_ONLY_RATE["default"])
        if _can_be_named_in_refs(term, month.year) and rng.random() < rate:
            refs.add(term.term)
        else:
            body.add(term.term)
    return frozenset(body), frozenset(refs)


def _can_be_named_in_refs(term: Term, year: int) -> bool:
    if term.family == "researcher":
        return True
    return any(is_available(ref, year) for ref in NAMING_REFS.get(term.term, ()))


def mention_probability(term: Term, month: date, primary: str = "cs.LG") -> float:
    """Chance that a paper of `month` in category `primary` mentions `term`."""
    if month < term.released_month or term.term not in _CURVES:
        return 0.0
    share = _interpolate(_CURVES[term.term], month)
    if term.term in _VISION_TERMS:
        share *= _VISION_FACTOR.get(primary, 0.8)
    return min(1.0, share)


def _interpolate(points: tuple[tuple[str, float], ...], month: date) -> float:
    at = month.year * 12 + month.month - 1
    keys = [(int(m[:4]) * 12 + int(m[5:]) - 1, share) for m, share in points]
    if at <= keys[0][0]:
        return keys[0][1]
    for (m0, s0), (m1, s1) in zip(keys, keys[1:], strict=False):
        if at <= m1:
            return s0 + (s1 - s0) * (at - m0) / (m1 - m0)
    return keys[-1][1]

