"""Count stage, institutions: which institutions a paper's title page names, each once.

Read from page 1 only: the title zone (the text above the abstract, where authors and
affiliations are), page 1's footnotes that speak of an affiliation ("Work done while at
Google Brain", "Equal contribution; 1 University of X") and its e-mail addresses
(`{kahe, jiansun}@microsoft.com`: the domain names the institution, a subdomain too).

The institutions are a reviewed file (`institutions.toml`): canonical name, aliases (whole
words, any case), acronyms (exact case, and only with evidence: the institution's e-mail
domain on the page or one of its context words in the zone, since "MIT" or "UW" alone is
ambiguous), domains, type, country and parent. Every alias and acronym is matched in one
pass over the zone's words: at each word, the longest alias starting there (a dictionary of
word sequences, so punctuation and line breaks inside a name do not matter). A sub-unit
folds into its parent (Google Brain -> Google; DeepMind into Google unless `fold_deepmind` is
off), and each institution counts once per paper, with the strongest evidence found
(affiliation, then footnote, then e-mail).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import ConfigError

TYPES = ("industry", "academia", "government", "nonprofit")
WHERE_RANK = {"affiliation": 0, "footnote": 1, "email": 2}  # strongest evidence first
DEEPMIND = "DeepMind"
CONTEXT_CHARS = 300  # how near an acronym its context word must be
# runs of letters, and runs of digits: "A&M" and "Carnegie-Mellon" are two words, and an
# affiliation's number glued to its name ("2New York University") is a word of its own
_WORD = re.compile(r"[^\W\d_]+|\d+")
_EMAIL = re.compile(r"[\w.+\-]*(?:\{[^{}@]{1,400}\})?\s?@\s?([a-z0-9\-]+(?:\.[a-z0-9\-]+)+)",
                    re.IGNORECASE)
_FOOTNOTE_START = re.compile(r"^\s*(?:[*∗†‡§¶#⇤⇧♦♠♣♥]|\d{1,2}(?=\s*[A-Z])|[¹²³⁴⁵⁶⁷⁸⁹])")
# words that make a footnote about an affiliation, not about a product or an acknowledgement
_AFFILIATION_CUE = re.compile(
    r"work (?:was )?done|while (?:at|with|interning)|intern|affiliat|now (?:at|with)|"
    r"currently (?:at|with)|(?:is|are) with|department|dept\.|university|universit[éy]|"
    r"institut|school of|college|laborator|lab\b|research|@|inc\b|ltd\b|corporation|"
    r"correspond", re.IGNORECASE)


# words that make a company's one-word name an affiliation when they follow it on its line
_COMPANY_WORDS = {"inc", "research", "ai", "labs", "lab", "corporation", "corp", "llc", "ltd",
                  "limited", "technologies", "company", "co", "gmbh", "brain", "cloud"}


def default_institutions_path() -> Path:
    """The reviewed institutions file shipped with the project."""
    return Path(__file__).with_name("institutions.toml")


@dataclass(frozen=True)
class Institution:
    """One entry of the institutions file."""

    name: str
    type: str
    country: str
    parent: str
    aliases: tuple[str, ...]
    acronyms: tuple[str, ...]
    domains: tuple[str, ...]
    context: tuple[str, ...]


@dataclass(frozen=True)
class Found:
    """An institution on a paper's title page: its name folded to the top, its type, the
    text that matched and where (affiliation, footnote or email)."""

    institution: str
    type: str
    evidence: str
    where: str


def load_institutions(path: Path | None = None) -> tuple[str, list[Institution]]:
    """The file's version and its institutions, checked (unique names, known parents and
    types, each domain and alias under one institution)."""
    path = path or default_institutions_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read institutions file {path}: {err}") from err
    entries = [Institution(
        e["name"], e["type"], e.get("country", ""), e.get("parent", ""),
        tuple(e.get("aliases", [])), tuple(e.get("acronyms", [])),
        tuple(d.lower() for d in e.get("domains", [])), tuple(e.get("context", [])),
    ) for e in data.get("institution", [])]
    _check(path, entries)
    return str(data.get("version", "")), entries


def _check(path: Path, entries: list[Institution]) -> None:
    names = [e.name for e in entries]
    problems = [f"{n} listed twice" for n in sorted({n for n in names if names.count(n) > 1})]
    known = set(names)
    problems += [f"{e.name}: unknown type {e.type!r}" for e in entries if e.type not in TYPES]
    problems += [f"{e.name}: unknown parent {e.parent!r}" for e in entries
                 if e.parent and e.parent not in known]
    for kind, key in (("domain", lambda e: e.domains),
                      ("alias", lambda e: [a.lower() for a in (e.name, *e.aliases)])):
        owner: dict[str, str] = {}
        for entry in entries:
            for value in set(key(entry)):
                if owner.setdefault(value, entry.name) != entry.name:
                    problems.append(f"{kind} {value!r} under {owner[value]} and {entry.name}")
    if problems:
        raise ConfigError(f"institutions file {path}: {'; '.join(problems[:5])}")


class InstitutionMatcher:
    """Finds the institutions of the file on papers' title pages."""

    def __init__(self, institutions: list[Institution], fold_deepmind: bool = True) -> None:
        self.by_name = {i.name: i for i in institutions}
        self.fold_deepmind = fold_deepmind
        self.by_words = {_words(a.lower()): i.name
                         for i in institutions for a in (i.name, *i.aliases) if _words(a)}
        self.by_acronym = {a: i.name for i in institutions for a in i.acronyms}
        self.by_domain = {d: i.name for i in institutions for d in i.domains}
        self.max_words = max(map(len, self.by_words), default=1)

    def find(self, text: str, header_end: int) -> list[Found]:
        """The institutions of one paper, each once, strongest evidence first."""
        page_one = text.split("\f", 1)[0]
        zone = page_one[:header_end]
        footnotes = [line for line in page_one[header_end:].splitlines()
                     if _FOOTNOTE_START.match(line) and _AFFILIATION_CUE.search(line)]
        domains = self._email_institutions(page_one)
        found = [*self._named(zone, "affiliation", domains),
                 *(hit for line in footnotes for hit in self._named(line, "footnote", domains)),
                 *(Found(name, "", evidence, "email") for name, evidence in domains.items())]
        best: dict[str, Found] = {}
        for hit in found:
            top = self.fold(hit.institution)
            hit = Found(top, self.by_name[top].type, hit.evidence, hit.where)
            if top not in best or WHERE_RANK[hit.where] < WHERE_RANK[best[top].where]:
                best[top] = hit
        return sorted(best.values(), key=lambda f: (WHERE_RANK[f.where], f.institution))

    def fold(self, name: str) -> str:
        """The institution a sub-unit counts as: its topmost parent (DeepMind stays itself
        when `fold_deepmind` is off)."""
        seen = {name}
        while (parent := self.by_name[name].parent) and parent not in seen:
            if name == DEEPMIND and not self.fold_deepmind:
                break
            seen.add(parent)
            name = parent
        return name

    def _named(self, text: str, where: str, domains: dict[str, str]) -> list[Found]:
        """Every alias (longest first at each word) and every acronym with its evidence."""
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        words = [text[a:b] for a, b in spans]
        lowered = [w.lower() for w in words]
        hits, i = [], 0
        while i < len(words):
            for n in range(min(self.max_words, len(words) - i), 0, -1):
                name = self.by_words.get(tuple(lowered[i:i + n]))
                if name is not None and (n > 1 or self._is_named_alone(
                        name, text, spans, i, domains)):
                    hits.append(Found(name, "", _squeeze(text[spans[i][0]:spans[i + n - 1][1]]),
                                      where))
                    i += n
                    break
            else:
                name = self.by_acronym.get(words[i])
                if name is not None and self._is_backed(name, text, spans[i], domains):
                    hits.append(Found(name, "", words[i], where))
                i += 1
        return hits

    def _is_named_alone(self, name: str, text: str, spans: list[tuple[int, int]], i: int,
                        domains: dict[str, str]) -> bool:
        """A company's one-word name ("Twitter", "Amazon", "Meta") is also a word of titles
        ("Twitter sentiment", "Meta-Learning"): it counts with its e-mail domain on the page,
        a company word after it on its line ("Twitter, Inc.", "Amazon Research"), or alone
        on its line."""
        if self.by_name[name].type != "industry" or name in domains:
            return True
        line_end = text.find("\n", spans[i][1])
        line_end = len(text) if line_end < 0 else line_end
        line_start = text.rfind("\n", 0, spans[i][0]) + 1
        after = [text[a:b].lower() for a, b in spans[i + 1:i + 3] if b <= line_end]
        before = [text[a:b] for a, b in spans[:i] if a >= line_start and not text[a].isdigit()]
        return bool(_COMPANY_WORDS.intersection(after)) or not (before or after)

    def _is_backed(self, name: str, text: str, span: tuple[int, int],
                   domains: dict[str, str]) -> bool:
        """An acronym counts with its institution's e-mail domain on the page, or one of its
        context words near it."""
        near = text[max(0, span[0] - CONTEXT_CHARS):span[1] + CONTEXT_CHARS]
        return name in domains or any(word in near for word in self.by_name[name].context)

    def _email_institutions(self, page: str) -> dict[str, str]:
        """Institution -> the first address naming it (its domain, or a parent domain)."""
        found: dict[str, str] = {}
        for match in _EMAIL.finditer(page):
            labels = match.group(1).lower().rstrip(".").split(".")
            for start in range(len(labels) - 1):
                name = self.by_domain.get(".".join(labels[start:]))
                if name is not None:
                    found.setdefault(name, _squeeze(match.group(0)))
                    break
        return found


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))
