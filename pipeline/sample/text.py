"""The text of one sample paper: title, abstract, body sections and references.

Filler prose never names a curated term; the planned mentions are written in deliberately,
in body sentences (with the label's usual casing) or only in the bibliography, so the set of
terms a paper mentions is known exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pipeline.count import Term
from pipeline.sample import words
from pipeline.sample.cites import (
    NAMING_REFS,
    PLAIN_REFS,
    RESEARCHER_REFS,
    RESEARCHERS,
    Ref,
    format_ref,
    is_available,
    short_cite,
)
from pipeline.sample.plan import PaperPlan

_LABELS = {
    "tensorflow": ("TensorFlow", "TensorFlow", "TensorFlow", "Tensorflow"),
    "torch": ("Torch", "Torch7"),
    "dl4j": ("Deeplearning4j", "DL4J"),
    "vggnet": ("VGG-16", "VGG-19", "VGGNet", "VGG"),
    "resnet": ("ResNet", "ResNet-50", "ResNet-101", "ResNets"),
    "googlenet": ("GoogLeNet",),
    "sgd": ("SGD", "SGD", "stochastic gradient descent"),
    "adagrad": ("Adagrad", "AdaGrad"),
    "adadelta": ("Adadelta", "AdaDelta"),
    "rmsprop": ("RMSProp", "RMSprop"),
    "momentum": ("momentum",),
}
# Templates never put a capitalised word right after {x}: "Adam Coates" is a person.
_MENTIONS = {
    "framework": (
        "We implemented our model in {x}{c}.",
        "All experiments were run with {x}{c} on a single GPU.",
        "Our implementation is based on the {x} library{c}.",
        "The code, written in {x}{c}, will be released with the paper.",
    ),
    "convnet": (
        "Features are extracted with {x}{c} pretrained on a large labelled image set.",
        "Compared to {x}{c}, our network has fewer parameters and is faster at test time.",
        "The backbone follows the {x} architecture{c}.",
        "We also report results with {x}{c} as the base network.",
    ),
    "optimizer": (
        "The parameters are optimised with {x}{c} using a learning rate of {lr}.",
        "Training uses {x}{c} with mini-batches of {batch} examples.",
        "We found {x}{c} to converge faster than the alternatives we tried.",
        "For {x}{c} we keep the default hyperparameters.",
    ),
    "momentum": (
        "We use a {x} coefficient of 0.9{c}.",
        "Heavy-ball {x}{c} is applied to all layers.",
        "Without {x}{c} the training loss plateaus early.",
    ),
    "researcher": (
        "{x}{c} showed that deep networks can be trained one layer at a time.",
        "Our approach is inspired by the work of {x}{c}.",
        "As argued by {x}{c}, learned representations transfer well across tasks.",
    ),
}
_SGD_WITH_MOMENTUM = (
    "All networks are trained with {sgd}{c1} with a {momentum}{c2} of 0.9 and a weight decay "
    "of 0.0005."
)
_SMALL_WORDS = {"a", "an", "the", "of", "for", "with", "via", "on", "and", "to", "in", "from"}


@dataclass(frozen=True)
class Document:
    """The text of one sample paper, ready to lay out."""

    title: str
    authors: tuple[str, ...]
    affiliation: str
    abstract: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    references: tuple[str, ...]
    cited_terms: frozenset[str] = frozenset()  # curated terms named by cited titles only


@dataclass(frozen=True)
class _Entry:
    text: str
    term: str | None
    ref: Ref


def compose_document(plan: PaperPlan, terms: dict[str, Term], rng: random.Random) -> Document:
    """Write the text of the paper that `plan` describes; `terms` are the curated terms by name."""
    slots = _topic(rng)
    entries = _references(plan, terms, rng)
    filler = [n for n, entry in enumerate(entries, 1) if entry.term is None]
    mentions = _mention_sentences(plan, terms, entries, rng)
    scale = 1.3 if plan.is_long else 1.0

    def prose(pool: tuple[str, ...], budget: int, extra: list[str]) -> tuple[str, ...]:
        sentences = _sentences(pool, round(budget * scale), slots, filler, rng)
        return _paragraphs(sentences, extra, rng)

    parts = [("Introduction", words.INTRO, 90, mentions["researcher"]),
             ("Related Work", words.RELATED, 90, []), ("Method", words.METHOD, 70, []),
             ("Experiments", words.EXPERIMENTS, 70, mentions["other"]),
             ("Analysis", words.ANALYSIS, 90, []), ("Conclusion", words.CONCLUSION, 35, [])]
    if not plan.is_long:
        parts = [part for part in parts if part[0] not in ("Related Work", "Analysis")]
    sections = tuple((f"{n} {title}", prose(pool, budget, extra))
                     for n, (title, pool, budget, extra) in enumerate(parts, 1))
    abstract = " ".join(_fill(s, slots, [], rng) for s in words.ABSTRACT if rng.random() < 0.75)
    cited = frozenset(n for e in entries for n in e.ref.names) if entries else frozenset()
    return Document(_title(slots, rng), plan.authors, rng.choice(words.AFFILIATIONS),
                    abstract, sections, tuple(e.text for e in entries), cited)


def _topic(rng: random.Random) -> dict[str, str]:
    task, task2 = rng.sample(words.TASKS, 2)
    dataset, dataset2 = rng.sample(words.DATASETS, 2)
    field, field2 = rng.sample(words.FIELDS, 2)
    return {
        "task": task, "task2": task2, "dataset": dataset, "dataset2": dataset2,
        "field": field, "field2": field2, "model": rng.choice(words.MODELS),
        "technique": rng.choice(words.TECHNIQUES), "adj": rng.choice(words.ADJECTIVES),
        "prop": rng.choice(words.PROPERTIES), "metric": rng.choice(words.METRICS),
        "unit": rng.choice(words.UNITS), "requirement": rng.choice(words.REQUIREMENTS),
        "verb": rng.choice(words.TITLE_WORDS), "hidden": str(rng.choice((128, 256, 512))),
        "gain": f"{rng.uniform(0.3, 4.5):.1f}", "hours": str(rng.randint(2, 40)),
        "overhead": str(rng.randint(3, 30)),
    }


def _title(slots: dict[str, str], rng: random.Random) -> str:
    raw = rng.choice(words.TITLES).format(**slots)
    out = [w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:]
           for i, w in enumerate(raw.split(" "))]
    return " ".join(out)


def _fill(template: str, slots: dict[str, str], cites: list[int], rng: random.Random) -> str:
    cite = f" [{rng.choice(cites)}]" if cites and rng.random() < 0.6 else ""
    return template.format(cite=cite, **slots)


def _sentences(pool: tuple[str, ...], budget: int, slots: dict[str, str], cites: list[int],
               rng: random.Random) -> list[str]:
    """Distinct sentences from `pool`, in random order, until about `budget` words."""
    out: list[str] = []
    for template in rng.sample(pool, len(pool)):
        if budget <= 0:
            break
        out.append(_fill(template, slots, cites, rng))
        budget -= out[-1].count(" ") + 1
    return out


def _paragraphs(sentences: list[str], extra: list[str], rng: random.Random) -> tuple[str, ...]:
    for sentence in extra:
        sentences.insert(rng.randint(1, len(sentences)), sentence)
    paragraphs, start = [], 0
    while start < len(sentences):
        size = rng.randint(3, 6)
        paragraphs.append(" ".join(sentences[start : start + size]))
        start += size
    return tuple(paragraphs)


def _references(plan: PaperPlan, terms: dict[str, Term], rng: random.Random) -> list[_Entry]:
    """Bibliography entries in alphabetical order, each with the term it is cited for."""
    year = plan.published.year
    wanted = _researchers(plan)
    chosen: dict[Ref, str | None] = {}
    for name in plan.terms:
        ref = _term_ref(name, terms[name].family, name in plan.ref_terms, year, rng)
        if ref is not None:
            chosen.setdefault(ref, name)
    target = rng.randint(9, 14) if plan.is_long else rng.randint(5, 8)
    for _ in range(max(2, target - len(chosen))):
        chosen.setdefault(_filler_ref(year, rng), None)
    entries = [_Entry(format_ref(ref, wanted, year), name, ref) for ref, name in chosen.items()]
    return sorted(entries, key=lambda e: e.text)


def _researchers(plan: PaperPlan) -> set[str]:
    return {t for t in plan.terms if t in RESEARCHERS.values()}


def _term_ref(name: str, family: str, refs_only: bool, year: int,
              rng: random.Random) -> Ref | None:
    if family == "researcher":
        pool = RESEARCHER_REFS.get(name, ())
    elif refs_only:
        pool = NAMING_REFS.get(name, ())
    elif rng.random() < 0.7:
        pool = NAMING_REFS.get(name, ()) + PLAIN_REFS.get(name, ())
    else:
        return None
    available = [ref for ref in pool if is_available(ref, year)]
    return rng.choice(available) if available else None


def _filler_ref(year: int, rng: random.Random) -> Ref:
    authors = []
    for _ in range(rng.choices((1, 2, 3, 4), (0.2, 0.35, 0.3, 0.15))[0]):
        if rng.random() < 0.03:
            authors.append(f"Adam\xa0{rng.choice(words.ADAM_SURNAMES)}")
        else:
            authors.append(f"{rng.choice(words.FIRST_NAMES)[0]}. {rng.choice(words.SURNAMES)}")
    title = _title(_topic(rng), rng)
    if rng.random() < 0.5:
        title = title[:1] + title[1:].lower()
    return Ref(tuple(dict.fromkeys(authors)), title, rng.choice(words.VENUES),
               rng.randint(year - 8, year))


def _mention_sentences(plan: PaperPlan, terms: dict[str, Term], entries: list[_Entry],
                       rng: random.Random) -> dict[str, list[str]]:
    """Body sentences naming each body term, split into researchers and the rest."""
    cited = {e.term: (n, e.ref) for n, e in enumerate(entries, 1) if e.term is not None}
    out: dict[str, list[str]] = {"researcher": [], "other": []}
    body = sorted(plan.body_terms)
    if {"sgd", "momentum"} <= plan.body_terms and rng.random() < 0.7:
        out["other"].append(_SGD_WITH_MOMENTUM.format(
            sgd=_label(terms["sgd"], rng), momentum="momentum",
            c1=_mark(cited.get("sgd")), c2=_mark(cited.get("momentum"))))
        body = [t for t in body if t not in ("sgd", "momentum")]
    for name in body:
        term = terms[name]
        if term.family == "researcher":
            x, key = short_cite(cited[name][1], _researchers(plan)), "researcher"
        else:
            x, key = _label(term, rng), "other"
        template = rng.choice(_MENTIONS.get(name) or _MENTIONS[term.family])
        out[key].append(template.format(
            x=x, c=_mark(cited.get(name)), lr=rng.choice(("0.001", "0.01", "0.0003", "0.1")),
            batch=rng.choice((32, 64, 128, 256))))
    return out


def _label(term: Term, rng: random.Random) -> str:
    return rng.choice(_LABELS.get(term.term, (term.label,)))


def _mark(cited: tuple[int, Ref] | None) -> str:
    return f" [{cited[0]}]" if cited else ""
