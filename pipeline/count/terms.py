"""Count stage: which curated terms each paper's text mentions.

The terms live in a reviewed data file (`terms.toml`, see its header for the matching
rules); this module compiles them once and finds them in normalised text.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path

from pipeline.count.names import is_name
from pipeline.errors import ConfigError
from pipeline.extract.zones import Zones

_BROKEN = re.compile(r"(?<![\w-])([A-Za-z][\w]*)-\n([A-Za-z]\w*)")
FAMILIES = ("framework", "convnet", "model", "optimizer", "researcher", "dataset")


@dataclass(frozen=True)
class Term:
    """One curated term and how to find it."""

    term: str
    family: str
    label: str
    released_month: date
    regex: re.Pattern[str]
    is_case_sensitive: bool
    exclude: re.Pattern[str] | None = None  # text blanked out before matching
    is_also_a_name: bool = False  # "Adam": where it is part of a person's name, it is not
    aliases: tuple[str, ...] = ()  # the spellings, lower case
    needles: tuple[str, ...] = ()  # every match holds one of these, lower-cased (a quick test)


def default_terms_path() -> Path:
    """Path of the terms file that ships with the package."""
    return Path(str(resources.files("pipeline.count") / "terms.toml"))


def load_terms(path: Path | None = None) -> list[Term]:
    """Read and compile the curated terms file."""
    path = path or default_terms_path()
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8"))["terms"]
    except (OSError, tomllib.TOMLDecodeError, KeyError) as err:
        raise ConfigError(f"cannot read terms file {path}: {err}") from err
    terms = [_compile_term(entry, path) for entry in entries]
    names = [t.term for t in terms]
    if len(set(names)) != len(names):
        raise ConfigError(f"duplicate term names in {path}")
    return terms


def load_terms_version(path: Path | None = None) -> str:
    """The terms file's `version` (the date it was last reviewed)."""
    path = path or default_terms_path()
    try:
        return str(tomllib.loads(path.read_text(encoding="utf-8")).get("version", "unknown"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read terms file {path}: {err}") from err


def _compile_term(entry: dict, path: Path) -> Term:
    try:
        family = entry["family"]
        if family not in FAMILIES:
            raise ConfigError(f"{path}: term {entry['term']!r} has unknown family {family!r}")
        if "pattern" in entry:
            regex, case_sensitive = re.compile(entry["pattern"]), True
            needles = entry.get("needles", [entry["term"]])
        else:
            plural = entry.get("plural", False)
            regex, case_sensitive = _alias_regex(entry["aliases"], plural), False
            needles = [alias.split()[0] for alias in entry["aliases"]]
        released = datetime.strptime(entry["released"], "%Y-%m").date()
        return Term(entry["term"], family, entry["label"], released, regex, case_sensitive,
                    _exclusions(entry), bool(entry.get("is_also_a_name", False)),
                    tuple(a.lower() for a in entry.get("aliases", ())),
                    tuple(sorted({n.lower() for n in needles})))
    except (KeyError, ValueError, re.error) as err:
        raise ConfigError(f"{path}: bad term entry {entry!r}: {err}") from err


def _exclusions(entry: dict) -> re.Pattern[str] | None:
    """What is blanked before matching: `exclude` phrases, an `exclude_pattern` regex."""
    parts = []
    if entry.get("exclude"):
        parts.append(_alias_regex(entry["exclude"], False).pattern)
    if entry.get("exclude_pattern"):
        parts.append(entry["exclude_pattern"])
    return re.compile("|".join(f"(?:{part})" for part in parts), re.I) if parts else None


def _alias_regex(aliases: list[str], plural: bool) -> re.Pattern[str]:
    # words of a phrase may be split across one line break, never across paragraphs
    gap = r"(?:[ \t]*\n[ \t]*|[ \t]+)"
    words = "|".join(gap.join(map(re.escape, a.lower().split())) for a in aliases)
    suffix = "s?" if plural else ""
    return re.compile(rf"(?<![a-z0-9])(?:{words}){suffix}(?![a-z])")


def find_terms(text: str, terms: list[Term], authors: Sequence[str] = ()) -> set[str]:
    """Names of the terms that `text` (already normalised) mentions at least once.

    Args:
        authors: the paper's authors (from its metadata), to tell names from terms.
    """
    text = rejoin_aliases(text, terms)
    lowered = text.lower()
    return {t.term for t in terms
            if _may_mention(t, lowered) and _has_mention(t, text, lowered, authors)}


def _may_mention(term: Term, lowered: str) -> bool:
    """Whether the text holds one of the term's needles: False means no match is possible."""
    return not term.needles or any(needle in lowered for needle in term.needles)


def rejoin_aliases(text: str, terms: list[Term]) -> str:
    """Join a word broken at a line end whose two halves spell a term ("Py-\nTorch")."""
    if "-\n" not in text:
        return text
    words = _alias_words(tuple(terms))
    return _BROKEN.sub(lambda m: m[1] + m[2] if (m[1] + m[2]).lower() in words else m[0], text)


@cache
def _alias_words(terms: tuple[Term, ...]) -> frozenset[str]:
    return frozenset(alias for term in terms for alias in term.aliases if " " not in alias)


def _has_mention(term: Term, text: str, lowered: str, authors: Sequence[str]) -> bool:
    matches = term.regex.finditer(_target(term, text, lowered))
    if not term.is_also_a_name:
        return next(matches, None) is not None
    return any(not is_name(text, m.start(), m.end(), authors) for m in matches)


def _target(term: Term, text: str, lowered: str) -> str:
    """The text a term is matched on: original case or lower case, exclusions blanked."""
    target = text if term.is_case_sensitive else lowered
    return term.exclude.sub(" ", target) if term.exclude else target


ZONE_NAMES = ("header", "body", "references")


def count_term_zones(
    text: str, terms: list[Term], zones: Zones, authors: Sequence[str] = (),
) -> dict[str, tuple[int, ...]]:
    """Terms mentioned anywhere in `text`, each with its number of mentions per zone.

    The counts are (header, body, references); a phrase cut by a zone boundary counts
    anywhere only. A term that is also a name counts where its word is not one (`names`):
    in the references, the reference list's "Surname, First name," is a name too.
    """
    found = find_terms(text, terms, authors)
    parts = {zone: rejoin_aliases(part, terms) for zone, part in zones.split(text).items()}
    by_term = {t.term: t for t in terms}
    counted = {
        name: tuple(_count(by_term[name], parts[zone], authors, zone == "references")
                    for zone in ZONE_NAMES)
        for name in sorted(found)
    }
    return {name: counts for name, counts in counted.items()
            if any(counts) or not by_term[name].is_also_a_name}


def _count(term: Term, text: str, authors: Sequence[str], is_references: bool) -> int:
    matches = term.regex.finditer(_target(term, text, text.lower()))
    if not term.is_also_a_name:
        return sum(1 for _ in matches)
    return sum(1 for m in matches
               if not is_name(text, m.start(), m.end(), authors, is_references))
