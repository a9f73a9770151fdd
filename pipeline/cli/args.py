"""Arguments checked where they come in: whole numbers within bounds, and a parser whose
errors are one line (`error: ...`), like every other failure of the command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import NoReturn


class OneLineParser(argparse.ArgumentParser):
    """An argument parser that reports a bad argument in one line on stderr (exit 2)."""

    def error(self, message: str) -> NoReturn:
        print(f"error: {self.prog}: {message} (--help shows the arguments)", file=sys.stderr)
        sys.exit(2)


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argument type: a whole number from `low` to `high`."""

    def read(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low:,} to {high:,}, got {text}")
        return value

    read.__name__ = "whole number"
    return read
