"""The `arxiv-trends` command: a thin front end over the library."""

from pipeline.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
