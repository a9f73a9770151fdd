"""PDFs you already have: files, folders and arXiv's bulk PDF tarballs.

A paper's id and version come from the file name, as arXiv names them: `1706.03762v5.pdf`,
old style `cs0112017v1.pdf` (tarball members `1706/1706.03762v5.pdf`). Tarballs are read
as streams, one member at a time, never unpacked to disk.
"""

from __future__ import annotations

import re
import tarfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from pipeline.errors import ArxivTrendsError
from pipeline.papers import PdfJob
from pipeline.sources.records import Source

_NEW_NAME = re.compile(r"^(\d{4}\.\d{4,5})v(\d+)\.(?i:pdf)$")
_OLD_NAME = re.compile(r"^([a-z][a-z\-]*)(\d{7})v(\d+)\.(?i:pdf)$")
_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz")

Skip = Callable[[str, str], None]
DEFAULT_MAX_PDF_MB = 100.0  # arXiv PDFs are rarely over 50 MB


def id_from_filename(name: str) -> tuple[str, int] | None:
    """(base id, version) from an arXiv PDF file name, or None if it is not one."""
    base = name.rsplit("/", 1)[-1]
    match = _NEW_NAME.match(base)
    if match:
        return match[1], int(match[2])
    match = _OLD_NAME.match(base)
    if match:
        return f"{match[1]}/{match[2]}", int(match[3])
    return None


def files_source(
    paths: list[Path], on_skip: Skip | None = None, max_pdf_mb: float = DEFAULT_MAX_PDF_MB,
) -> Source:
    """The arXiv-named PDFs in the files, folders and tarballs given (metadata unknown); a
    PDF over `max_pdf_mb` comes back failed, unread."""
    return Source("pdf", jobs=iter_pdf_jobs(paths, on_skip, max_pdf_mb))


def iter_pdf_jobs(
    paths: Iterable[Path], on_skip: Skip | None = None, max_pdf_mb: float = DEFAULT_MAX_PDF_MB,
) -> Iterator[PdfJob]:
    """One job per arXiv-named PDF in the files, folders and tarballs given, lazily."""
    skip = on_skip or (lambda _name, _why: None)
    max_bytes = int(max_pdf_mb * 1_000_000)
    for path in paths:
        if not path.exists():
            raise ArxivTrendsError(f"no such file or folder: {path}")
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf")
            yield from _jobs_from_files(files, skip, max_bytes)
        elif path.name.endswith(_TAR_SUFFIXES):
            yield from _jobs_from_tar(path, skip, max_bytes)
        else:
            yield from _jobs_from_files([path], skip, max_bytes)


def _jobs_from_files(files: list[Path], skip: Skip, max_bytes: int) -> Iterator[PdfJob]:
    for file in files:
        known = id_from_filename(file.name)
        if known is None:
            skip(str(file), "not an arXiv PDF name (like 1706.03762v5.pdf)")
            continue
        size = file.stat().st_size
        yield PdfJob(known[0], str(file), version=known[1],
                     failure=_too_large(size, max_bytes) if size > max_bytes else None)


def _jobs_from_tar(path: Path, skip: Skip, max_bytes: int) -> Iterator[PdfJob]:
    try:
        with tarfile.open(path, mode="r|*") as tar:
            for member in tar:
                if member.isdir():
                    continue
                name = f"{path}:{member.name}"
                if not member.isfile():
                    skip(name, "a link or special file, not a file's bytes")
                    continue
                known = id_from_filename(member.name)
                if known is None:
                    skip(name, "not an arXiv PDF name")
                elif member.size > max_bytes:  # recorded as failed, its bytes never held
                    yield PdfJob(known[0], name, version=known[1],
                                 failure=_too_large(member.size, max_bytes))
                else:
                    data = tar.extractfile(member).read()
                    yield PdfJob(known[0], name, data=data, version=known[1])
    except (tarfile.TarError, OSError, EOFError) as err:
        raise ArxivTrendsError(f"cannot read tarball {path}: {err}") from err


def _too_large(size_bytes: int, max_bytes: int) -> str:
    return (f"{size_bytes / 1e6:,.1f} MB, more than the {max_bytes / 1e6:g} MB a PDF may have "
            "(setting max_pdf_mb)")
