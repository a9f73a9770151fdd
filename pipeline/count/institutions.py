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

Names are words of other things too, so some places do not count: the paper's title (the
zone's first lines, after running heads such as "Published as a conference paper at ...":
"OpenAI Gym", "Google Research Football"), e-mail addresses and URLs (read as domains, not
words: "github.com/google-research"), and a footnote's clauses about funding, support, grants
or thanks ("This research was funded by a gift from Google"). A one-word name
("Meta", "OpenAI", "Mila") is also a word of titles, products and people's names: it counts
with its domain on the page or a company word after it, never glued by a hyphen to the next
word ("Meta-Learning") nor followed by the rest of a person's name ("Mila Nikolova1"); a
company's one-word name must stand between separators on its line ("1Twitter", "Amsterdam,
OpenAI", "intern at Google.").
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
# what follows a one-word name that is part of a longer word or of a person's name
_GLUED = re.compile(r"[-‐–][^\W_]")  # "Meta-Learning", "Caltech-101"
_PERSON_REST = re.compile(r"[ \t]+(?:[A-Z]\.|[A-Z][^\W\d_]+(?:\d|[ \t]*[*∗†‡§¶⇤]))")
# a company's one-word name stands between these on its line (marks and numbers aside)
_SEPARATED_BEFORE = re.compile(r"(?:^|[,;&(/]|\b(?:at|with)|(?<![\d.])\d{1,2})[\s\d*∗†‡§¶⇤]*$",
                               re.IGNORECASE)
_SEPARATED_AFTER = re.compile(r"\s*(?:$|[,;&()/.\d*∗†‡§¶⇤])")
# the lines above the title: running heads, the venue, the arXiv stamp
_RUNNING_HEAD = re.compile(
    r"(?:published|accepted|under review|preprint|to appear|appears? in|(?:in )?proceedings|"
    r"journal of|arxiv|technical report|\d{4} ieee|ieee transactions)\b", re.IGNORECASE)
# a title line that ends so, or a next line that starts in lower case, carries the title on
_TITLE_GOES_ON = re.compile(
    r"(?:[:\-‐–—]|\b(?:a|an|and|as|at|by|for|from|in|into|of|on|or|the|to|towards|via|vs|"
    r"versus|with|without|using|through|beyond))$", re.IGNORECASE)
MAX_TITLE_LINES = 4
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w\-]+(?:\.[\w\-]+)*\.(?:com|org|net|io|ai)/\S*",
                  re.IGNORECASE)
# a funding clause: from its clause's start (the sentence's or a comma) to its sentence's end
_FUNDING = re.compile(r"\b(?:[Ff]und(?:ed|ing|s)?|[Ss]upport(?:ed|s|ing)?|[Aa]cknowledg\w*|"
                      r"[Ss]ponsor\w*|[Tt]hank\w*|[Ff]inanc\w*|grants?|[Aa]wards?|gifts?|"
                      r"[Ff]ellowships?|[Ss]cholarships?|[Dd]onat\w*)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\d*∗†‡§¶⇤])|(?<=;)\s*")


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
        domains = self._email_institutions(page_one)
        found = [*self._named(_masked(zone[_title_end(zone):]), "affiliation", domains),
                 *(hit for line in _affiliation_footnotes(page_one[header_end:])
                   for hit in self._named(line, "footnote", domains)),
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
        """A one-word name is also a word of titles, products and people's names: it counts
        with its e-mail domain on the page or a company word after it ("Amazon Research"),
        never glued to the next word ("Meta-Learning") nor before the rest of a person's
        name ("Mila Nikolova1", "Mila R. Smith"); a company's ("OpenAI Gym", "Twitter
        sentiment") only between separators on its line ("1Twitter", "Amsterdam, OpenAI",
        "(Meta)", "intern at Google.", "Equal contribution 1DeepMind, London")."""
        start, end = spans[i]
        line_end = text.find("\n", end)
        after = text[end:len(text) if line_end < 0 else line_end]
        next_words = [text[a:b].lower() for a, b in spans[i + 1:i + 3] if b <= end + len(after)]
        if name in domains or _COMPANY_WORDS.intersection(next_words):
            return True
        if _GLUED.match(after) or _PERSON_REST.match(after):
            return False
        if self.by_name[name].type != "industry":
            return True
        before = text[text.rfind("\n", 0, start) + 1:start]
        return bool(_SEPARATED_BEFORE.search(before) and _SEPARATED_AFTER.match(after))

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


def _title_end(zone: str) -> int:
    """Where the title ends in the title zone: after the running heads and the lines without
    letters above it, its first line and the lines that carry it on (the line before ends in a
    colon, a dash or a small word, or the line starts in lower case), at most four."""
    offset, title = 0, []
    for line in zone.splitlines(keepends=True):
        words = line.strip()
        if not title and (not any(c.isalpha() for c in words) or _RUNNING_HEAD.match(words)):
            offset += len(line)
            continue
        if title and not (words and len(title) < MAX_TITLE_LINES and (
                _TITLE_GOES_ON.search(title[-1]) or words[0].islower())):
            break
        title.append(words)
        offset += len(line)
    return offset


def _affiliation_footnotes(text: str) -> list[str]:
    """Page 1's footnote lines that speak of an affiliation, without their funding clauses,
    addresses and URLs."""
    footnotes = []
    for line in text.splitlines():
        if _FOOTNOTE_START.match(line):
            kept = _without_funding(line)
            if _AFFILIATION_CUE.search(kept):
                footnotes.append(_masked(kept))
    return footnotes


def _without_funding(line: str) -> str:
    """The line without its clauses about funding, support, grants or thanks: each from its
    clause's start (its sentence's start or the comma before) to its sentence's end."""
    kept = []
    for sentence in _SENTENCE_END.split(line):
        funding = _FUNDING.search(sentence)
        if funding is not None:
            sentence = sentence[:sentence.rfind(",", 0, funding.start()) + 1]
        kept.append(sentence)
    return " ".join(kept)


def _masked(text: str) -> str:
    """The text with its e-mail addresses and URLs blanked (offsets and lines kept): they are
    read as domains, not as words."""
    for pattern in (_EMAIL, _URL):
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
    return text


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text))
