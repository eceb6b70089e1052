"""Helpers for Pilot tests: build the real app on a temp store, read what the user sees."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from acct_tui.app import AcctApp, make_app
from acct_tui.store import PlanStore


class FakeClock:
    """A monotonic clock the test moves by hand (the edit session's autosave timing)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def new_app(db: Path, clock: FakeClock | None = None) -> AcctApp:
    """The real app, as `acct-tui --db db` builds it (with a fake clock if given)."""
    return make_app(db) if clock is None else make_app(db, clock=clock)


async def wait_until(pilot, condition, what: str, timeout: float = 5.0) -> None:
    """Let the app run (its timers too) until ``condition()`` holds; fail after ``timeout``.

    Waits on a condition, not for a fixed time: the autosave timer ticks on
    real time even when the session's clock is fake.
    """
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        await pilot.pause(0.05)


def freeze_cursor_blink() -> None:
    """Inputs and text areas start with a steady cursor, so snapshots are stable."""
    from textual.widgets import Input, TextArea

    Input.cursor_blink._default = False  # type: ignore[attr-defined]
    TextArea.cursor_blink._default = False  # type: ignore[attr-defined]


def screen_text(app: AcctApp) -> str:
    """Every Static/Label text on the current screen, joined: what the user reads."""
    parts = []
    for widget in app.screen.query(Static):
        parts.append(str(widget.render()))
    return "\n".join(parts)


def visible_text(app: AcctApp) -> str:
    """The screen exactly as painted, as plain text lines (what a user can read now)."""
    strips = app.screen._compositor.render_strips()  # private, but the only full view
    return "\n".join(strip.text for strip in strips)


def disk_state(path: Path) -> object:
    """Everything a store holds on disk (a file's bytes, or a folder's files but the lock's pid).

    Tests compare it before and after something that must write nothing.
    """
    if not path.exists():
        return None
    if path.is_file():
        return path.read_bytes()
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file() and p.name != ".lock"}


def stored_plans(db: Path):
    """What is on disk, read the way a second process would."""
    with PlanStore(db, readonly=True) as store:
        return store.plans()


async def settle_in_step(pilot) -> None:
    """Wait (a bounded number of idle turns) until focus is inside the open step's pane.

    A step's pane is built on first visit and takes focus once mounted; a
    test that types before that would type into nothing.
    """
    wizard = pilot.app.screen
    for _ in range(50):
        await pilot.pause()
        pane = wizard.query_one(f"#pane-{wizard.step}")
        focused = pilot.app.focused
        if focused is not None and pane in focused.ancestors:
            return
    raise AssertionError(f"focus never reached the {wizard.step} step")


def recording_driver() -> tuple[type, list[str]]:
    """A driver class that keeps every string the app writes to the terminal, and that list.

    Textual's headless driver throws output away, and the app does not even
    render when the driver says it is headless; this one says it is not, so
    the app paints for real and the test can read the raw bytes. Pass it as
    ``app.driver_class`` and run with ``run_test(headless=False)``.
    """
    from textual.drivers.headless_driver import HeadlessDriver

    written: list[str] = []

    class RecordingDriver(HeadlessDriver):
        @property
        def is_headless(self) -> bool:
            return False

        def write(self, data: str) -> None:
            written.append(data)

    return RecordingDriver, written
