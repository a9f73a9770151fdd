"""One error class per failure, all under `ArxivTrendsError`, each carrying its data.

Library code raises these; flows record them and go on; the CLI turns them into a
one-line message and a non-zero exit.
"""

from __future__ import annotations

from pathlib import Path


class ArxivTrendsError(Exception):
    """Base class of every error the pipeline raises on purpose."""


class ConfigError(ArxivTrendsError):
    """A setting, flag or argument is invalid."""


class FetchError(ArxivTrendsError):
    """A request to arXiv (or the host standing in for it) failed."""

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        self.url = url
        self.reason = reason
        self.status = status
        where = f"HTTP {status}" if status is not None else "no response"
        super().__init__(f"fetch failed ({where}) for {url}: {reason}")


class FeedError(ArxivTrendsError):
    """A metadata feed could not be parsed."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"bad feed from {source}: {reason}")


class ExtractError(ArxivTrendsError):
    """Text could not be extracted from a PDF."""

    def __init__(self, paper_id: str, path: str, reason: str) -> None:
        self.paper_id = paper_id
        self.path = path
        self.reason = reason
        super().__init__(f"cannot extract {paper_id} from {path}: {reason}")


class QueryError(ArxivTrendsError):
    """An analysis query or ad-hoc SQL failed."""


class SnapshotError(ArxivTrendsError):
    """The snapshot file cannot be opened or read."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot read snapshot {path}: {reason}")
