"""Count stage: which curated terms each paper's text mentions.

The terms live in a reviewed data file (`terms.toml`, see its header for the matching
rules); this module compiles them once and finds them in normalised text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from pipeline.errors import ConfigError
from pipeline.extract.zones import Zones

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
        else:
            plural = entry.get("plural", False)
            regex, case_sensitive = _alias_regex(entry["aliases"], plural), False
        released = datetime.strptime(entry["released"], "%Y-%m").date()
        exclude = entry.get("exclude")
        excluded = re.compile(_alias_regex(exclude, False).pattern, re.I) if exclude else None
        return Term(entry["term"], family, entry["label"], released, regex, case_sensitive,
                    excluded)
    except (KeyError, ValueError, re.error) as err:
        raise ConfigError(f"{path}: bad term entry {entry!r}: {err}") from err


def _alias_regex(aliases: list[str], plural: bool) -> re.Pattern[str]:
    # words of a phrase may be split across one line break, never across paragraphs
    gap = r"(?:[ \t]*\n[ \t]*|[ \t]+)"
    words = "|".join(gap.join(map(re.escape, a.lower().split())) for a in aliases)
    suffix = "s?" if plural else ""
    return re.compile(rf"(?<![a-z0-9])(?:{words}){suffix}(?![a-z])")


def find_terms(text: str, terms: list[Term]) -> set[str]:
    """Names of the terms that `text` (already normalised) mentions at least once."""
    lowered = text.lower()
    return {t.term for t in terms if t.regex.search(_target(t, text, lowered))}


def _target(term: Term, text: str, lowered: str) -> str:
    """The text a term is matched on: original case or lower case, exclusions blanked."""
    target = text if term.is_case_sensitive else lowered
    return term.exclude.sub(" ", target) if term.exclude else target


ZONE_NAMES = ("header", "body", "references")


def count_term_zones(text: str, terms: list[Term], zones: Zones) -> dict[str, tuple[int, ...]]:
    """Terms mentioned anywhere in `text`, each with its number of mentions per zone.

    The counts are (header, body, references); a phrase cut by a zone boundary counts
    anywhere only.
    """
    found = find_terms(text, terms)
    parts = zones.split(text)
    by_term = {t.term: t for t in terms}
    return {
        name: tuple(_count(by_term[name], parts[zone]) for zone in ZONE_NAMES)
        for name in sorted(found)
    }


def _count(term: Term, text: str) -> int:
    return sum(1 for _ in term.regex.finditer(_target(term, text, text.lower())))
