"""Analyse stage: the parameters a named query declares, and text values read as them.

Each file of `sql/` declares its parameters in its header (`-- Parameters: $month (DATE,
first of month), $categories (VARCHAR[])`). A value given on the command line as text is
read as its declared type, so that `--param month=2017-03-15` is refused with a reason
instead of quietly matching nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pipeline.errors import QueryError

_DECLARED = re.compile(r"\$(?P<name>\w+)\s*\((?P<type>[A-Z]+(?:\[\])?)(?P<note>[^)]*)\)")
_TRUE, _FALSE = {"true", "1", "yes", "t"}, {"false", "0", "no", "f"}
_CHOICE = re.compile(r"'([^']+)'")  # `$source (VARCHAR: 'fulltext' or 'abstracts')`


@dataclass(frozen=True)
class Param:
    """One declared parameter: its name, type and note (`first of month`, `or NULL`)."""

    name: str
    type: str
    note: str


def declared_params(sql: str) -> dict[str, Param]:
    """The parameters a query file's header declares, by name."""
    header = " ".join(line.removeprefix("--").strip() for line in sql.splitlines()
                      if line.startswith("--"))
    start = header.find("Parameters:")
    if start < 0:
        return {}
    end = header.find("Columns:", start)
    found = _DECLARED.finditer(header[start: end if end > 0 else None])
    return {m["name"]: Param(m["name"], m["type"], m["note"].lower()) for m in found}


def read_params(name: str, sql: str, raw: dict[str, str]) -> dict[str, Any]:
    """Read text values as the named query's declared parameters; raise `QueryError` for an
    unknown, missing or unreadable one, saying which and why."""
    declared = declared_params(sql)
    unknown = sorted(set(raw) - set(declared))
    if unknown:
        raise QueryError(f"{name} takes no parameter {', '.join(unknown)}; it takes "
                         f"{_listing(declared)}")
    missing = sorted(set(declared) - set(raw))
    if missing:
        raise QueryError(f"{name} needs {', '.join(f'--param {m}=...' for m in missing)} "
                         f"({_listing(declared)})")
    return {key: _read(declared[key], value) for key, value in raw.items()}


def _listing(declared: dict[str, Param]) -> str:
    return ", ".join(f"{p.name} ({p.type})" for p in declared.values()) or "none"


def _read(param: Param, text: str) -> Any:
    """One value as its type, or a `QueryError` that says what was expected."""
    if "null" in param.note and text.strip().lower() in ("", "null", "none"):
        return None
    try:
        return _READERS[param.type](param, text.strip())
    except (KeyError, ValueError) as err:
        raise QueryError(f"--param {param.name}={text!r}: {err}") from None


def _date(param: Param, text: str) -> date:
    try:
        day = datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError("expected a date, YYYY-MM or YYYY-MM-DD") from None
    if "first of month" in param.note and day.day != 1:
        raise ValueError(f"expected a month (its first day): {day:%Y-%m}, not {text}")
    return day


def _boolean(param: Param, text: str) -> bool:
    if text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    raise ValueError("expected true or false")


def _integer(param: Param, text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError("expected a whole number") from None


def _double(param: Param, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValueError("expected a number") from None


def _list(param: Param, text: str) -> list[str]:
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise ValueError("expected one or more values, comma-separated")
    return items


def _text(param: Param, text: str) -> str:
    """Text as it is, or one of the quoted values its note lists."""
    choices = _CHOICE.findall(param.note)
    if choices and text not in choices:
        raise ValueError(f"expected one of {', '.join(choices)}")
    return text


_READERS = {"DATE": _date, "BOOLEAN": _boolean, "INTEGER": _integer, "BIGINT": _integer,
            "DOUBLE": _double, "VARCHAR": _text, "VARCHAR[]": _list}
