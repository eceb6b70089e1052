"""``acct-tui serve``: the app in a browser; a second visitor reads, never meets a locked store (issue 14, point 5)."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import aiohttp
import pytest
from textual.widgets import OptionList
from ui_helpers import disk_state, notifications, record_notifications, visible_text, wait_until

from acct_tui.app import AcctApp
from acct_tui.cli import main
from acct_tui.sample import sample_plan
from acct_tui.serve import ReadOnlyApp, visitor_app, visitor_command
from acct_tui.store import PlanStore
from screens.preview import PreviewScreen
from screens.read_only import BROKEN_TITLE, LOCKED_TITLE

REPO = Path(__file__).resolve().parent.parent
DEADLINE = 60.0
"""Seconds a server or an app process may take to answer before the test fails (a loaded CI machine)."""


def sample_store(tmp_path: Path) -> Path:
    db = tmp_path / "store"
    with PlanStore(db) as store:
        store.save(sample_plan())
    return db


# --- a visitor's app ------------------------------------------------------------------


async def test_a_visitor_who_finds_the_store_held_reads_it_and_writes_nothing(tmp_path: Path) -> None:
    db = sample_store(tmp_path)
    with PlanStore(db):  # the first window
        before = disk_state(db)
        app = visitor_app(db)
        assert isinstance(app, ReadOnlyApp)
        record_notifications(app)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: LOCKED_TITLE in visible_text(app), "the reason is shown")
            text = visible_text(app)
            assert "close the other window, then reload this page" in " ".join(text.split())
            assert "Northwind Health · Dana Ruiz · health" in text
            assert isinstance(app.focused, OptionList)
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, PreviewScreen), "the plan is shown")
            await wait_until(pilot, lambda: "Northwind Health — read-only" in visible_text(app), "its title")
            await pilot.press("e")
            await wait_until(pilot, lambda: any("read-only" in n for n in notifications(app)), "export says why not")
            await pilot.press("escape")
            await pilot.press("ctrl+q")
        assert disk_state(db) == before


async def test_a_visitor_who_finds_the_store_free_edits(tmp_path: Path) -> None:
    db = sample_store(tmp_path)
    app = visitor_app(db)
    assert isinstance(app, AcctApp) and not app.store.readonly
    app.store.close()


async def test_a_store_that_cannot_be_opened_is_explained_in_the_page(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"  # an old one-file store, cut short
    db.write_bytes(b'{"_meta": {"1": {"schema": 1}}, "plans": {"1": {"na')
    app = visitor_app(db)
    assert isinstance(app, ReadOnlyApp) and app.store is None
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: BROKEN_TITLE in visible_text(app), "the title says so")
        assert "it ends in the middle of the JSON" in " ".join(visible_text(app).split())


def test_each_visitor_runs_this_python_on_this_store(tmp_path: Path) -> None:
    command = visitor_command(tmp_path / "a store; rm -rf ~")
    assert command.startswith(sys.executable) and "'" in command  # quoted for the shell textual-serve uses


def test_a_visitor_runs_the_installed_acct_tui_not_one_in_the_current_folder(tmp_path: Path) -> None:
    """Served from a checkout of another version, ``-m`` would find the checkout's package first."""
    (tmp_path / "acct_tui").mkdir()
    (tmp_path / "acct_tui" / "__init__.py").write_text("")
    python_and_flags = shlex.split(visitor_command(tmp_path / "store"))[:-3]  # without "-m acct_tui.serve STORE"
    found = subprocess.run(
        [*python_and_flags, "-c", "import acct_tui; print(acct_tui.__file__)"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, check=True,
    )
    assert Path(found.stdout.strip()) == REPO / "acct_tui" / "__init__.py"


# --- the command ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(server: subprocess.Popen[bytes], port: int) -> None:
    """Poll until the server accepts connections; fail at once if it exits, or at the deadline."""
    deadline = time.monotonic() + DEADLINE
    while True:
        if server.poll() is not None:
            raise AssertionError(f"the server exited ({server.returncode}): {server.communicate()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing answered on port {port}") from None
            time.sleep(0.05)  # a poll interval, not a wait for something to happen


_ESCAPES = re.compile(rb"\x1b\[[0-9;?$]*[A-Za-z]|\x1b\][^\x07]*\x07")


async def visit(session: aiohttp.ClientSession, port: int, words: str) -> aiohttp.ClientWebSocketResponse:
    """Open the app's socket as the page does; return once the app has drawn ``words``."""
    socket_ = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30")
    drawn = b""

    async def read() -> None:
        nonlocal drawn
        async for message in socket_:
            if message.type == aiohttp.WSMsgType.BINARY:
                drawn += _ESCAPES.sub(b"", message.data)
                if words.encode() in drawn:
                    return
            elif message.type != aiohttp.WSMsgType.TEXT:
                break
        raise AssertionError(f"the app closed before drawing {words!r}: {drawn[-2000:]!r}")

    await asyncio.wait_for(read(), DEADLINE)
    return socket_


async def two_visitors(port: int) -> None:
    async with aiohttp.ClientSession() as session:
        first = await visit(session, port, "Northwind Health")
        second = await visit(session, port, LOCKED_TITLE)
        await second.close()
        await first.close()


def test_serve_answers_with_the_app_page_and_a_second_visitor_reads(tmp_path: Path) -> None:
    db = sample_store(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "acct_tui", "serve", "--db", str(db), "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_port(server, port)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=DEADLINE) as response:
            page = response.read().decode()
        assert response.status == 200
        assert "acct-tui" in page and "textual.js" in page and f"ws://127.0.0.1:{port}/ws" in page
        asyncio.run(two_visitors(port))
    finally:
        server.terminate()
        out, err = server.communicate(timeout=DEADLINE)
    assert f"serving {db} at http://127.0.0.1:{port}" in out.decode()
    assert b"Traceback" not in out + err


def test_a_port_in_use_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--db", str(tmp_path / "store"), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"acct-tui: can't serve on 127.0.0.1:{port}: ") and err.count("\n") == 1


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_bad_port_is_a_usage_error(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", port]) == 2
    assert "--port" in capsys.readouterr().err
