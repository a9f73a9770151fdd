"""arXiv API responses (Atom feeds), live or saved: checked whole, then parsed with the
`arxiv` client's own parser into `Paper`s."""

from __future__ import annotations

import arxiv
from arxiv import _feed  # the client's parser: it keeps totalResults, which Client hides
from lxml import etree

from pipeline.errors import FeedError
from pipeline.papers import Paper, split_arxiv_id

_ERROR_ID = "/api/errors"
_ATOM = "http://www.w3.org/2005/Atom"
_TOTAL = "{http://a9.com/-/spec/opensearch/1.1/}totalResults"
_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class MalformedFeedError(FeedError):
    """The body is not a whole Atom feed (truncated, garbage, an HTML page)."""


def parse_page(content: bytes, source: str) -> tuple[int, list[Paper]]:
    """The totalResults an API page announces, and its papers."""
    feed = _parse(content, source)
    return feed.header.total_results, [paper_from_result(r) for r in feed.results]


def parse_feed(content: bytes, source: str) -> list[Paper]:
    """Papers in an arXiv API Atom response (bytes), as the client would parse them."""
    return [paper_from_result(r) for r in _parse(content, source).results]


def paper_from_result(result: arxiv.Result) -> Paper:
    """Turn the client's `Result` into a `Paper`."""
    paper_id, version = split_arxiv_id(result.entry_id)
    return Paper(
        paper_id=paper_id,
        version=version or 1,
        title=result.title,
        authors=tuple(a.name for a in result.authors),
        primary_category=result.primary_category,
        categories=tuple(result.categories),
        published_at=result.published.replace(tzinfo=None),
        updated_at=result.updated.replace(tzinfo=None),
        pdf_url=result.pdf_url,
        abstract=" ".join(result.summary.split()),
    )


def _parse(content: bytes, source: str) -> _feed.ParsedFeed:
    """Check the body is a whole Atom feed (and not an API error), then parse it."""
    try:
        root = etree.fromstring(content, parser=_STRICT)
    except etree.XMLSyntaxError as err:
        raise MalformedFeedError(source, f"malformed XML ({err})") from err
    if root is None or root.tag != f"{{{_ATOM}}}feed" or root.find(_TOTAL) is None:
        raise MalformedFeedError(source, "not an arXiv API feed (no totalResults)")
    message = _error_message(root)
    if message:
        raise FeedError(source, f"arXiv API error: {message}")
    return _feed.parse(content)


def _error_message(root: etree._Element | None) -> str | None:
    """The summary of an arXiv API error entry, if the feed holds one."""
    for entry in root.iterfind(f"{{{_ATOM}}}entry") if root is not None else ():
        if _ERROR_ID in (entry.findtext(f"{{{_ATOM}}}id") or ""):
            summary = entry.findtext(f"{{{_ATOM}}}summary") or ""
            return summary.strip() or "unspecified error"
    return None


def error_in_body(content: bytes) -> str | None:
    try:
        return _error_message(etree.fromstring(content, parser=_STRICT))
    except etree.XMLSyntaxError:
        return None
