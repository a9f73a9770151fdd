"""Sources: where papers come from. Each yields plain values (paper metadata records, PDF
jobs) and never touches the database.

- `arxiv_api`: the arXiv API, a month in windows of submission time, and PDF downloads,
  polite by construction (`polite`);
- `pdf_files`: PDF files, folders and arXiv's bulk PDF tarballs;
- `snapshot`: the public arXiv metadata snapshot (JSON lines);
- saved API responses (Atom feeds), read by `arxiv_api.parse_feed`; the sample corpus
  (`pipeline.sample`) is written as such feeds and PDFs.
"""
