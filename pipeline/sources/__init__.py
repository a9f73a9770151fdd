"""Sources: where papers come from. Each yields plain values (paper metadata records, PDF
jobs) as a `Source`, and never touches the database; `pipeline.ops.ingest` takes any of them
through extract, count and store.

- `arxiv_api`: the arXiv API's listing of a month, in windows of submission time;
- `arxiv_pdfs`: the PDFs of listed papers, downloaded politely (`polite`);
- `bucket`: the same PDFs from the public arXiv dataset bucket, many at once;
- `feeds`: saved API responses (`atom`) with a folder of PDFs; the sample corpus too;
- `pdf_files`: PDF files, folders and arXiv's bulk PDF tarballs;
- `snapshot`: the public arXiv metadata snapshot (JSON lines; a file or a URL).
"""

from pipeline.sources.arxiv_api import listing_source
from pipeline.sources.arxiv_pdfs import download_source
from pipeline.sources.bucket import bucket_source
from pipeline.sources.feeds import feeds_source
from pipeline.sources.pdf_files import files_source
from pipeline.sources.records import ListingWindow, PaperBatch, Source
from pipeline.sources.snapshot import snapshot_source

__all__ = ["ListingWindow", "PaperBatch", "Source", "bucket_source", "download_source",
           "feeds_source", "files_source", "listing_source", "snapshot_source"]
