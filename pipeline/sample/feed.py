"""The sample corpus's metadata, as the arXiv API would answer a month's query.

Each month's feed has exactly the shape of a real `/api/query` response (namespaces, header,
opensearch counts, per-entry links and categories), so the fetch stage reads the sample
through the same code path as real responses. The XML is written by hand, not with an XML
library, so the bytes are stable and laid out like arXiv's own.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import date, datetime
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from pipeline.sample.plan import CATEGORIES, PaperPlan
from pipeline.sample.text import Document

_PAGE_SIZE = 2000
_SCHEME = "http://arxiv.org/schemas/atom"
_HEADER = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
)


def month_query(month: date, last_day: int) -> str:
    """The arXiv search query that selects the ML papers submitted in `month`."""
    cats = " OR ".join(f"cat:{c}" for c in CATEGORIES)
    span = f"{month:%Y%m}010000 TO {month:%Y%m}{last_day:02d}2359"
    return f"({cats}) AND submittedDate:[{span}]"


def render_feed(query: str, papers: Sequence[tuple[PaperPlan, Document]],
                updated: datetime) -> bytes:
    """Build the Atom response listing `papers` for `query`, with a fixed `updated` stamp."""
    digest = base64.b64encode(hashlib.sha1(query.encode()).digest()).decode().rstrip("=")
    href = (f"https://arxiv.org/api/query?search_query={quote(query, safe=':()[]')}"
            f"&start=0&max_results={_PAGE_SIZE}&id_list=")
    parts = [
        _HEADER,
        f"  <id>https://arxiv.org/api/{digest}</id>\n",
        "  <title>"
        + escape(f"arXiv Query: search_query={query}&id_list=&start=0&max_results={_PAGE_SIZE}")
        + "</title>\n",
        f"  <updated>{_stamp(updated)}</updated>\n",
        f'  <link href={quoteattr(href)} type="application/atom+xml"/>\n',
        f"  <opensearch:itemsPerPage>{_PAGE_SIZE}</opensearch:itemsPerPage>\n",
        f"  <opensearch:totalResults>{len(papers)}</opensearch:totalResults>\n",
        "  <opensearch:startIndex>0</opensearch:startIndex>\n",
    ]
    parts += [_entry(plan, doc) for plan, doc in papers]
    parts.append("</feed>\n")
    return "".join(parts).encode("utf-8")


def _entry(plan: PaperPlan, doc: Document) -> str:
    versioned = f"{plan.base_id}v{plan.version}"
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{versioned}</id>",
        f"    <title>{escape(doc.title)}</title>",
        f"    <updated>{_stamp(plan.updated)}</updated>",
        f'    <link href="https://arxiv.org/abs/{versioned}" rel="alternate" type="text/html"/>',
        f'    <link href="https://arxiv.org/pdf/{versioned}" rel="related" '
        'type="application/pdf" title="pdf"/>',
        f"    <summary>{escape(doc.abstract)}</summary>",
    ]
    lines += [f'    <category term="{c}" scheme="{_SCHEME}"/>' for c in plan.categories]
    lines += [
        f"    <published>{_stamp(plan.published)}</published>",
        f'    <arxiv:primary_category term="{plan.primary}"/>',
    ]
    for name in plan.authors:
        lines += ["    <author>", f"      <name>{escape(name)}</name>", "    </author>"]
    lines.append("  </entry>\n")
    return "\n".join(lines)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
