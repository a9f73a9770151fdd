"""One frozen `Settings`, built from defaults, an optional TOML file, the environment and
flags, in that order. Nothing is read at import time.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError

ML_CATEGORIES = ("cs.AI", "cs.LG", "cs.CV", "cs.CL", "cs.NE", "stat.ML")
ENV_PREFIX = "ARXIV_TRENDS_"
DEFAULT_CONFIG = Path("arxiv-trends.toml")
PDF_SOURCES = ("arxiv", "bucket")  # arXiv's PDF host; the public dataset bucket, then arXiv


@dataclass(frozen=True)
class Settings:
    """Everything a run may be told; see the README for each field."""

    db_path: Path = Path("data/arxiv-trends.duckdb")
    pdf_dir: Path = Path("data/pdfs")
    site_dir: Path = Path("reports/site")
    categories: tuple[str, ...] = ML_CATEGORIES
    api_url: str = "https://export.arxiv.org/api/query"
    pdf_url_format: str = "https://export.arxiv.org/pdf/{paper_id}v{version}"
    contact: str = ""
    request_interval_s: float = 3.0
    http_timeout_s: float = 60.0
    page_size: int = 1000
    window_max_results: int = 1000
    settled_after_days: int = 4
    max_attempts: int = 5
    backoff_s: float = 5.0
    max_backoff_s: float = 300.0
    keep_pdfs: bool = False
    pdf_source: str = "arxiv"  # where the monthly job gets PDFs: arxiv, or bucket then arxiv
    bucket_url: str = "https://storage.googleapis.com"  # the public arXiv dataset bucket's host
    bucket_name: str = "arxiv-dataset"
    bucket_downloads: int = 8  # PDFs downloaded from the bucket at once
    bucket_timeout_s: float = 120.0  # the most one object's download may take
    max_pdf_mb: float = 100.0  # a larger PDF (file, tarball member) is a failure, unread
    extract_workers: int = 2
    extract_timeout_s: int = 120
    extract_memory_mb: int = 2048
    dask_scheduler: str = ""
    ngram_min_df: int = 2
    write_memory_mb: int = 1024  # DuckDB's share of a whole-month write (tests/reliability)
    hot_min_papers: int = 15  # support of the hot lists (bench/bench_min_support.py)
    min_coverage_pct: float = 90.0  # a month with fewer of its texts read is provisional
    lock_wait_s: float = 600.0  # a writer waits this long for another process's hold
    terms_path: Path | None = None
    institutions_path: Path | None = None  # the institutions file (default: the shipped one)
    fold_deepmind: bool = True  # DeepMind counts as Google, as the original analysis did

    def __post_init__(self) -> None:
        if self.pdf_source not in PDF_SOURCES:
            raise ConfigError(f"setting pdf_source: use one of {', '.join(PDF_SOURCES)}, not "
                              f"{self.pdf_source!r}")
        if self.bucket_downloads < 1:
            raise ConfigError("setting bucket_downloads: at least 1")


def load_settings(
    config_path: Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build settings: defaults < TOML file < ARXIV_TRENDS_* variables < overrides."""
    values: dict[str, Any] = {}
    path = config_path or (DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None)
    if path is not None:
        values.update(_read_toml(path))
    env = os.environ if env is None else env
    for f in fields(Settings):
        key = ENV_PREFIX + f.name.upper()
        if key in env:
            values[f.name] = env[key]
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**{name: _coerce(name, value) for name, value in values.items()})


def describe_settings(
    config_path: Path | None = None, env: Mapping[str, str] | None = None, **overrides: Any,
) -> list[tuple[str, Any, str]]:
    """List each setting's effective value and where it came from (default, file, env, flag)."""
    settings = load_settings(config_path, env, **overrides)
    path = config_path or (DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None)
    from_file = _read_toml(path) if path is not None else {}
    env = os.environ if env is None else env
    rows = []
    for f in fields(Settings):
        origin = "default"
        if f.name in from_file:
            origin = f"file {path}"
        if ENV_PREFIX + f.name.upper() in env:
            origin = f"env {ENV_PREFIX + f.name.upper()}"
        if overrides.get(f.name) is not None:
            origin = "flag"
        rows.append((f.name, getattr(settings, f.name), origin))
    return rows


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"cannot read config file {path}: {err}") from err
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown settings {', '.join(unknown)}")
    return data


def _coerce(name: str, value: Any) -> Any:
    default = next(f.default for f in fields(Settings) if f.name == name)
    try:
        if name == "categories":
            items = value.split(",") if isinstance(value, str) else value
            return tuple(c.strip() for c in items if c.strip())
        if name.endswith("_path") or name.endswith("_dir"):
            return Path(value)
        if isinstance(default, bool):
            return str(value).lower() in ("1", "true", "yes")
        if isinstance(default, (int, float)):
            return type(default)(value)
        return str(value)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"setting {name}: cannot use {value!r} ({err})") from err


def with_changes(settings: Settings, **changes: Any) -> Settings:
    """A copy of `settings` with some fields replaced."""
    return dataclasses.replace(settings, **changes)


def parse_categories(text: str) -> tuple[str, ...]:
    """Read `cs.LG,stat.ML` as a tuple of categories (at least one)."""
    categories = tuple(c.strip() for c in text.split(",") if c.strip())
    if not categories:
        raise ConfigError(f"--categories must name at least one category, got {text!r}")
    return categories
