"""Progress bars: what a terminal sees, that nothing else sees anything, and a real ingest."""

from __future__ import annotations

import io
import re
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline import store
from pipeline.ops import harvest, local, recount
from pipeline.progress import ProgressBar, format_duration
from tests.conftest import fake_settings, make_settings


class FakeTty(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def a_capable_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")


def frames(drawn: str) -> list[str]:
    """The lines drawn with `\\r`, without the clear-to-end-of-line code."""
    return [part.replace("\x1b[K", "") for part in drawn.split("\r")[1:]]


def test_a_terminal_sees_counts_percentage_rate_and_eta() -> None:
    stream, clock = FakeTty(), Clock()
    bar = ProgressBar("extracting 2017-03", 1200, stream, clock)
    clock.now = 30.0
    bar.update(340)
    # 340 in 30 s is 11.33/s; 860 more take 860 / 11.33 = 75.9 s; 340/1200 is 28.3 %.
    assert frames(stream.getvalue()) == ["extracting 2017-03  340/1,200  28%  11.3/s  ETA 1m16s"]
    assert "\n" not in stream.getvalue()


def test_redraws_are_at_most_ten_a_second_and_the_last_one_always_drawn() -> None:
    stream, clock = FakeTty(), Clock()
    bar = ProgressBar("fetching", 4, stream, clock)
    for now in (0.5, 0.55, 0.65, 0.7):  # drawn at 0.5; 0.55 too soon; 0.65 due; 0.7 last
        clock.now = now
        bar.update()
    assert [f.split("  ")[1] for f in frames(stream.getvalue())] == ["1/4", "3/4", "4/4"]


def test_close_draws_the_final_line_and_ends_it() -> None:
    stream, clock = FakeTty(), Clock()
    with ProgressBar("counting", 10, stream, clock) as bar:
        clock.now = 4.0
        bar.update(10)
    drawn = stream.getvalue()
    assert drawn.endswith("\n") and drawn.count("\n") == 1
    assert frames(drawn)[-1] == "counting  10/10  100%  2.5/s\n"  # no ETA once done


def test_an_unknown_total_shows_count_and_rate_only() -> None:
    stream, clock = FakeTty(), Clock()
    bar = ProgressBar("extracting PDFs", None, stream, clock)
    clock.now = 2.0
    bar.update(5)
    assert frames(stream.getvalue()) == ["extracting PDFs  5  2.5/s"]


def test_nothing_is_written_when_not_on_a_terminal() -> None:
    stream, clock = io.StringIO(), Clock()
    said: list[str] = []
    with ProgressBar("extracting", 3, stream, clock) as bar:
        for _ in range(3):
            clock.now += 1
            bar.update()
        bar.wrap(said.append)("2017-03: 3 papers listed")
        bar.unless_drawing(said.append)("3/3 read")
    assert stream.getvalue() == ""
    assert said == ["2017-03: 3 papers listed", "3/3 read"]


def test_a_dumb_terminal_gets_no_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "dumb")  # no cursor movement: `\r` and `\x1b[K` would show
    stream = FakeTty()
    with ProgressBar("extracting", 3, stream, Clock()) as bar:
        bar.update(3)
    assert stream.getvalue() == ""


def test_a_bar_never_updated_writes_nothing() -> None:
    stream = FakeTty()
    with ProgressBar("fetching", 0, stream, Clock()):
        pass
    assert stream.getvalue() == ""


def test_log_lines_clear_the_bar_and_the_bar_comes_back() -> None:
    stream, clock = FakeTty(), Clock()
    bar = ProgressBar("listing 2017-03", 31, stream, clock)
    clock.now = 1.0
    bar.update()
    bar.wrap(lambda message: stream.write(message + "\n"))("2017-03: 01 00:00-23:59 40 papers")
    bar.unless_drawing(lambda message: stream.write(message + "\n"))("1/31 windows")
    line = "listing 2017-03  1/31  3%  1.0/s  ETA 30s"
    assert stream.getvalue() == (f"\r{line}\x1b[K" "\r\x1b[K" "2017-03: 01 00:00-23:59 40 papers\n"
                                 f"\r{line}\x1b[K")


def test_durations() -> None:
    assert [format_duration(s) for s in (0, 42.4, 76, 3599, 7500)] == [
        "0s", "42s", "1m16s", "59m59s", "2h05m"]


def stderr_say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)  # as the CLI says it


def test_an_ingest_off_a_terminal_draws_no_bar_and_logs_each_month(
    tiny_sample, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    settings = make_settings(tmp_path)
    local.ingest_feeds(settings, list(tiny_sample.feed_paths), tiny_sample.pdf_dir, "sample",
                        stderr_say)
    out, err = capfd.readouterr()
    assert "\r" not in out + err and "\x1b" not in out + err
    for feed in tiny_sample.feed_paths:  # feeds/YYYY-MM.xml, every PDF present and readable
        n_papers = feed.read_text(encoding="utf-8").count("<entry>")
        assert f"{feed.stem}: {n_papers} papers listed, {n_papers} read, 0 failed\n" in err


def test_on_a_terminal_ingest_and_recount_draw_bars_that_end_their_lines(
    tiny_sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = FakeTty()
    monkeypatch.setattr(sys, "stderr", terminal)
    settings = make_settings(tmp_path)
    local.ingest_feeds(settings, list(tiny_sample.feed_paths), tiny_sample.pdf_dir, "sample",
                        stderr_say)
    recount.recount_terms(settings, progress=stderr_say)
    n = tiny_sample.n_papers
    lines = [frames(line)[-1] if "\r" in line else line
             for line in terminal.getvalue().split("\n")]
    assert re.fullmatch(rf"extracting PDFs  {n}/{n}  100%  [\d.,]+/s", lines[0])
    last_month = f"{tiny_sample.last_month:%Y-%m}"
    assert any(re.fullmatch(rf"counting {last_month}  {n}/{n}  100%  [\d.,]+/s", line)
               for line in lines)
    assert not any(line.startswith("extracted ") for line in lines)  # the bar shows those
    assert f"{last_month}: " in terminal.getvalue()


def test_the_windows_bar_counts_every_window_asked_halves_included(
    fake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = FakeTty()
    monkeypatch.setattr(sys, "stderr", terminal)
    settings = fake_settings(fake, tmp_path, page_size=2, window_max_results=3)
    con = store.connect(settings.db_path)
    try:
        harvest.harvest_month(con, settings, date(2017, 3, 1), say=stderr_say)
        n_asked, n_split = con.execute("select count(*), count(*) filter (status = 'split')"
                                       " from raw_query_windows").fetchall()[0]
    finally:
        con.close()
    assert n_split > 0  # busy days were halved, so the total grew as the month went
    lines = [(frames(line) or [""])[-1] for line in terminal.getvalue().split("\n")]
    at = next(i for i, line in enumerate(lines) if line.startswith("listing "))
    assert re.fullmatch(rf"listing 2017-03  {n_asked}/{n_asked}  100%  [\d.,]+/s", lines[at])
    assert all(line.startswith("2017-03: ") for line in lines[:at])
    assert lines[at + 1].startswith("abstracts of 1 month(s) counted (2017-03 to 2017-03)")
