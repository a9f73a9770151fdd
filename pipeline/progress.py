"""Progress bars for long loops: one redrawn line on a terminal, nothing anywhere else.

Logs, cron mail and CI output stay clean: a bar draws only when its stream is a terminal.
Log lines said while a bar is drawn go through `ProgressBar.wrap`, which clears the bar's
line first and draws it again after, so the two never share a line.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

Say = Callable[[str], None]
_CLEAR_LINE = "\r\x1b[K"


class ProgressBar:
    """A one-line bar: label, done/total, percentage, rate and ETA, redrawn in place.

    Args:
        total: how many items the loop holds, or None when unknown (no percentage, no ETA).
        stream: where to draw (default: `sys.stderr` as it is when the bar is made).
        min_interval_s: the least time between two redraws.
    """

    def __init__(
        self, label: str, total: int | None = None, stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic, min_interval_s: float = 0.1,
    ) -> None:
        self.label = label
        self.total = total
        self.done = 0
        self._stream = stream if stream is not None else sys.stderr
        self._clock = clock
        self._min_interval_s = min_interval_s
        self._started = clock()
        self._last_drawn: float | None = None
        self.is_drawing = _is_terminal(self._stream)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def update(self, n: int = 1) -> None:
        """Count `n` more items done; redraw unless the last redraw was too recent."""
        self.done += n
        if not self.is_drawing:
            return
        now = self._clock()
        is_due = self._last_drawn is None or now - self._last_drawn >= self._min_interval_s
        if is_due or self.done == self.total:
            self._draw(now)

    def close(self) -> None:
        """Draw the final state and end the line (on a terminal, if anything was drawn)."""
        if self.is_drawing and self._last_drawn is not None:
            self._draw(self._clock())
            self._stream.write("\n")
            self._stream.flush()
        self.is_drawing = False

    def wrap(self, say: Say) -> Say:
        """`say`, clearing the bar's line before each message and drawing it again after."""
        def say_under_bar(message: str) -> None:
            if not (self.is_drawing and self._last_drawn is not None):
                say(message)
                return
            self._stream.write(_CLEAR_LINE)
            self._stream.flush()
            say(message)
            self._draw(self._clock())
        return say_under_bar

    def unless_drawing(self, say: Say) -> Say:
        """`say` for running counts the bar shows itself: silent while the bar draws."""
        return (lambda _: None) if self.is_drawing else say

    def _render(self, now: float) -> str:
        """The bar's line at `now`: `extracting 2017-03  340/1,200  28%  11.3/s  ETA 1m16s`."""
        elapsed = now - self._started
        rate = self.done / elapsed if elapsed > 0 else None
        parts = [self.label]
        if self.total is None:
            parts.append(f"{self.done:,}")
        else:
            percent = 100 * self.done // self.total if self.total else 100
            parts += [f"{self.done:,}/{self.total:,}", f"{percent}%"]
        if rate is not None:
            parts.append(f"{rate:,.1f}/s")
        if rate and self.total is not None and self.done < self.total:
            parts.append(f"ETA {format_duration((self.total - self.done) / rate)}")
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        self._stream.write(f"\r{self._render(now)}\x1b[K")
        self._stream.flush()
        self._last_drawn = now


def format_duration(seconds: float) -> str:
    """A short duration: `42s`, `1m16s`, `2h05m`."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m{whole % 60:02d}s"
    return f"{whole // 3600}h{whole % 3600 // 60:02d}m"


def _is_terminal(stream: TextIO) -> bool:
    if os.environ.get("TERM") == "dumb":  # Emacs shells and the like: no cursor movement
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False
