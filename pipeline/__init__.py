"""arxiv-trends: month-by-month trends in the full text of arXiv machine-learning papers."""

__version__ = "0.1.0"
