"""The Research Organization Registry's dump (ROR, CC0, https://ror.org): the long tail of
institutions, read from the zip the user downloaded (published on Zenodo, about monthly).

A dump is one JSON array of records; since 2024 in schema v2 (`names` typed ror_display,
label, alias, acronym; `types` in lower case; `domains`; `locations`), before that v1
(`name`, `aliases`, `acronyms`, `labels`, `country`). A zip holding both is read in v2. Only
active records are kept, as plain values.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.errors import ArxivTrendsError


class RorError(ArxivTrendsError):
    """A ROR dump that cannot be read."""


@dataclass(frozen=True)
class RorRecord:
    """One active organisation of the registry."""

    ror_id: str
    name: str
    types: tuple[str, ...]  # lower case: education, company, government, facility, ...
    country: str
    aliases: tuple[str, ...]  # labels and aliases; never acronyms
    domains: tuple[str, ...]  # its domains, and its websites' hosts without www.
    parent_id: str
    status: str  # always "active": the dump's inactive and withdrawn ones are left out


@dataclass(frozen=True)
class RorDump:
    """A dump's release (`v1.55-2024-10-31`) and its active records."""

    release: str
    records: list[RorRecord]


def read_ror_dump(path: Path) -> RorDump:
    """Read a ROR dump zip; raise `RorError` saying why it cannot be read."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as err:
        raise RorError(f"{path} is not a ROR dump (a zip of JSON): {err}") from err
    with archive:
        names = sorted(n for n in archive.namelist() if n.endswith(".json"))
        if not names:
            raise RorError(f"{path} holds no JSON file: not a ROR dump")
        member = next((n for n in names if "schema_v2" in n), names[0])
        try:
            with archive.open(member) as handle:
                raw = json.load(handle)
        except (ValueError, OSError, zipfile.BadZipFile) as err:
            raise RorError(f"{path}: {member} is not valid JSON: {err}") from err
    if not isinstance(raw, list) or any(not isinstance(r, dict) or "id" not in r
                                        for r in raw[:100]):
        raise RorError(f"{path}: {member} is not a list of ROR records")
    return RorDump(_release(path, member), _active_records(path, member, raw))


def _active_records(path: Path, member: str, raw: list[dict]) -> list[RorRecord]:
    records = []
    for item in raw:
        try:
            if str(item.get("status") or "active").lower() == "active":
                records.append(_record(item))
        except (AttributeError, KeyError, IndexError, TypeError) as err:
            which = item.get("id") if isinstance(item, dict) else item
            raise RorError(f"{path}: {member}: record {which!r} is malformed "
                           f"({type(err).__name__}: {err})") from err
    return records


def _record(raw: dict) -> RorRecord:
    if "names" in raw:  # schema v2
        names = raw.get("names") or []
        display = next((n["value"] for n in names if "ror_display" in n.get("types", [])),
                       names[0]["value"] if names else "")
        aliases = [n["value"] for n in names
                   if {"label", "alias"} & set(n.get("types", [])) and n["value"] != display]
        locations = raw.get("locations") or [{}]
        country = (locations[0].get("geonames_details") or {}).get("country_code", "")
        links = [link.get("value", "") for link in raw.get("links") or []
                 if link.get("type") == "website"]
        domains = list(raw.get("domains") or [])
    else:  # schema v1
        display = raw.get("name", "")
        aliases = [*raw.get("aliases", []), *(lb["label"] for lb in raw.get("labels", []))]
        country = (raw.get("country") or {}).get("country_code", "")
        links, domains = list(raw.get("links") or []), []
    parent = next((r.get("id", "") for r in raw.get("relationships") or []
                   if r.get("type", "").lower() == "parent"), "")
    hosts = [_host(link) for link in links]
    return RorRecord(
        raw["id"], display.strip(), tuple(t.lower() for t in raw.get("types") or []),
        country or "", tuple(dict.fromkeys(a.strip() for a in aliases if a.strip())),
        tuple(dict.fromkeys(d.lower() for d in [*domains, *hosts] if d)), parent,
        str(raw.get("status") or "active").lower())


def _host(url: str) -> str:
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.")


def _release(path: Path, member: str) -> str:
    """`v1.55-2024-10-31` from `v1.55-2024-10-31-ror-data.zip`, else the file's name."""
    for name in (path.name, Path(member).name):
        match = re.match(r"(v[\d.]+-\d{4}-\d{2}-\d{2})", name)
        if match:
            return match.group(1)
    return path.stem
