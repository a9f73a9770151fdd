"""The served deployment runs on a real Prefect server: deploy, trigger by name, see it finish.

`prefect server start` and `python -m flows.serve` run as child processes on loopback; the
deployment ingests one month of the tiny sample from its saved feeds and PDFs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, need

pytestmark = pytest.mark.slow

ATOM_ENTRY = "{http://www.w3.org/2005/Atom}entry"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _child(cmd: list[str], log: Path, env: dict[str, str]) -> Iterator[subprocess.Popen]:
    """Run `cmd` in its own process group; kill the whole group on exit (uvicorn orphans)."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            yield proc
        finally:
            for sig, wait_s in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, sig)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(wait_s)
                    break


def _wait(what: str, probe, proc: subprocess.Popen, log: Path, timeout_s: float):
    """Call `probe` until it returns a value; fail with the child's log if it dies or stalls."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what}: process exited {proc.returncode}\n{log.read_text()}")
        with contextlib.suppress(Exception):
            if (value := probe()) is not None:
                return value
        time.sleep(1)
    pytest.fail(f"{what}: not ready after {timeout_s} s\n{log.read_text()}")


def test_served_deployment_runs_on_the_sample(tiny_sample, tmp_path: Path) -> None:
    prefect = Path(sys.executable).parent / "prefect"
    need(prefect.is_file(), f"the prefect script is not next to {sys.executable}")
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    scratch = tmp_path / "serve"
    scratch.mkdir()
    db, site = scratch / "serve.duckdb", scratch / "site"
    feeds_dir = tiny_sample.feed_paths[0].parent
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(scratch / "prefect-home"),
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    server_env = {**env, "PREFECT_SERVER_UI_ENABLED": "false",
                  "PREFECT_SERVER_DATABASE_CONNECTION_URL":
                      f"sqlite+aiosqlite:///{scratch / 'prefect.db'}"}
    server_log, serve_log = scratch / "server.log", scratch / "serve.log"

    with contextlib.ExitStack() as stack:
        server = stack.enter_context(_child(
            [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            server_log, server_env))
        _wait("prefect server", lambda: urllib.request.urlopen(
            f"{api_url}/health", timeout=5).status == 200 or None, server, server_log, 120)

        serve = stack.enter_context(_child(
            [sys.executable, "-m", "flows.serve", "--name", "monthly", "--db", str(db),
             "--site", str(site), "--pdf-dir", str(tiny_sample.pdf_dir),
             "--feeds-dir", str(feeds_dir)],
            serve_log, {**env, "PREFECT_API_URL": api_url}))

        stack.enter_context(temporary_settings(updates={PREFECT_API_URL: api_url}))
        with get_client(sync_client=True) as client:
            deployment = _wait("deployment", lambda: client.read_deployment_by_name(
                "monthly-ingest/monthly"), serve, serve_log, 120)
        assert [s.schedule.cron for s in deployment.schedules] == ["0 6 2 * *"]
        assert [s.active for s in deployment.schedules] == [True]
        assert deployment.parameters["feeds_dir"] == str(feeds_dir)

        run = run_deployment("monthly-ingest/monthly", parameters={"month": "2015-11"},
                             timeout=240)
        assert run.state is not None and run.state.is_completed(), (
            f"flow run ended {run.state}\n{serve_log.read_text()}")

        # The run's subprocess may still hold DuckDB's file lock for a moment after it ends.
        con = _wait("read-only DuckDB", lambda: duckdb.connect(str(db), read_only=True),
                    serve, serve_log, 30)

    feed = feeds_dir / "2015-11.xml"
    n_entries = len(ET.parse(feed).getroot().findall(ATOM_ENTRY))
    assert n_entries > 0
    try:
        papers = con.execute(
            "select strftime(month, '%Y-%m'), count(*) from core_papers group by all"
        ).fetchall()
        n_with_text = con.execute(
            "select count(distinct p.paper_id) from core_papers p "
            "join core_paper_texts t using (paper_id) where t.n_chars > 0"
        ).fetchall()[0][0]
        runs = con.execute(
            "select status from ingest_runs where month = date '2015-11-01'").fetchall()
    finally:
        con.close()
    assert papers == [("2015-11", n_entries)]
    assert n_with_text == n_entries
    assert runs == [("complete",)]
    assert (site / "2015-11" / "index.html").is_file()
