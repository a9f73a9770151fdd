"""Print or export tables the same way for every command: text, CSV, JSON or Parquet."""

from __future__ import annotations

import io
import json
import math
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

import polars as pl

from pipeline.errors import ArxivTrendsError

FORMATS = ("table", "csv", "json", "parquet")
_SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".parquet": "parquet", ".txt": "table"}


def print_progress(message: str) -> None:
    """Say what a long command is doing, on stderr (stdout keeps its answer)."""
    print(message, file=sys.stderr, flush=True)


def choose_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for, else the one the output file's suffix names, else `table`."""
    if fmt is None:
        fmt = _SUFFIX_FORMATS.get(out.suffix.lower(), "table") if out else "table"
    if fmt == "parquet" and out is None:
        raise ArxivTrendsError("--format parquet writes a file: give --out PATH.parquet")
    return fmt


def write_frame_file(frame: pl.DataFrame, fmt: str, path: Path) -> Path:
    """Write `frame` to `path` in `fmt` (Parquet keeps the column types); return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        frame.write_parquet(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as out:
            write_frame(frame, fmt, out)
    return path


def write_frame(frame: pl.DataFrame, fmt: str, out: TextIO) -> None:
    """Write `frame` to `out` as `table`, `csv` or `json` (a list of objects)."""
    if fmt == "csv":
        out.write(_to_csv(frame))
    elif fmt == "json":  # strict JSON: an infinite or undefined number is null
        rows = [{key: _finite(value) for key, value in row.items()} for row in frame.to_dicts()]
        out.write(json.dumps(rows, default=_json_default, ensure_ascii=False, indent=1,
                             allow_nan=False))
        out.write("\n")
    else:
        out.write(_to_text_table(frame))


def _to_csv(frame: pl.DataFrame) -> str:
    flat = frame.with_columns(
        pl.col(c).cast(pl.List(pl.String)).list.join(";")
        for c, dtype in frame.schema.items() if isinstance(dtype, pl.List)
    )
    buffer = io.StringIO()
    flat.write_csv(buffer)
    return buffer.getvalue()


def _finite(value: object) -> object:
    """A float that is infinite or not a number as None (JSON has neither)."""
    return None if isinstance(value, float) and not math.isfinite(value) else value


def _json_default(value: object) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):  # small values keep 3 significant digits: 0.046, not 0.05
        return f"{value:.2f}" if abs(value) >= 1 or value == 0 else f"{value:.3g}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _to_text_table(frame: pl.DataFrame) -> str:
    header = frame.columns
    rows = [[_cell(v) for v in row] for row in frame.iter_rows()]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    numeric = [dtype.is_numeric() for dtype in frame.dtypes]

    def line(cells: list[str]) -> str:
        parts = [c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric)]
        return "  ".join(parts).rstrip() + "\n"

    text = line(header) + line(["-" * w for w in widths])
    return text + "".join(line(r) for r in rows)
