"""The registry's long tail as institutions beside the reviewed file, which wins.

A ROR record becomes an institution matched by its names (display name, labels, aliases:
never acronyms, too ambiguous without review) and its domains. It is left out when its
display name is one word (too close to common words) or is shared by another record ("Ministry
of Health"), or when any of its names is the reviewed file's (the file lists it already); a
shared or one-word alias, and a domain the file or another record holds, is dropped from it.
"""

from __future__ import annotations

from collections import Counter

from pipeline.count.institutions import Institution, _words
from pipeline.sources.ror import RorDump

TYPES = {"education": "academia", "company": "industry", "government": "government",
         "facility": "government"}  # the rest (nonprofit, healthcare, archive, ...): nonprofit


def ror_institutions(dump: RorDump) -> list[Institution]:
    """The dump's records as institutions, each record's parent by name."""
    names = {r.ror_id: r.name for r in dump.records}
    return [Institution(
        r.name, next((TYPES[t] for t in r.types if t in TYPES), "nonprofit"), r.country,
        names.get(r.parent_id, ""), r.aliases, (), r.domains, ()) for r in dump.records]


def merge_ror(curated: list[Institution], ror: list[Institution]) -> list[Institution]:
    """The reviewed institutions, then the registry's that do not collide with them."""
    return _merge(curated, ror)[0]


def count_left_out(curated: list[Institution], ror: list[Institution]) -> dict[str, int]:
    """How many of the registry's institutions `merge_ror` leaves out, by reason: "one-word
    name", "shared name" (with another record), "in the institutions file"."""
    return dict(Counter(_merge(curated, ror)[1]))


def _merge(curated: list[Institution], ror: list[Institution]
           ) -> tuple[list[Institution], list[str]]:
    taken = {_words(n.lower()) for i in curated for n in (i.name, *i.aliases)}
    owned = {d for i in curated for d in i.domains}
    counts = Counter(key for i in ror for key in {_words(n.lower()) for n in (i.name, *i.aliases)})
    domain_counts = Counter(d for i in ror for d in set(i.domains))

    def usable(name: str) -> bool:
        key = _words(name.lower())
        return len(key) > 1 and counts[key] == 1 and key not in taken

    kept, reasons = [], []
    for entry in ror:
        if reason := _why_left_out(entry, taken, counts):
            reasons.append(reason)
            continue
        aliases = tuple(a for a in entry.aliases
                        if usable(a) and _words(a.lower()) != _words(entry.name.lower()))
        domains = tuple(d for d in entry.domains if d not in owned and domain_counts[d] == 1)
        kept.append(Institution(entry.name, entry.type, entry.country, entry.parent, aliases,
                                (), domains, ()))
    names = {i.name for i in kept} | {i.name for i in curated}
    return curated + [i if i.parent in names else Institution(
        i.name, i.type, i.country, "", i.aliases, (), i.domains, ()) for i in kept], reasons


def _why_left_out(entry: Institution, taken: set, counts: Counter) -> str:
    """Why a registry institution is not matched at all ("" when it is)."""
    key = _words(entry.name.lower())
    if key in taken or any(_words(a.lower()) in taken for a in entry.aliases):
        return "in the institutions file"
    if len(key) < 2:
        return "one-word name"
    return "shared name" if counts[key] > 1 else ""
