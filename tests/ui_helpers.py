"""Helpers for Pilot tests: build the real app on a temp store, read what the user sees."""

from __future__ import annotations

import html
import re
import unicodedata
import weakref
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import App
from textual.keys import key_to_character
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from acct_tui.app import AcctApp, make_app
from acct_tui.model import Plan
from acct_tui.store import PlanStore

_NOTIFIED: weakref.WeakKeyDictionary[App[Any], list[str]] = weakref.WeakKeyDictionary()
"""Every message each app made by ``new_app`` has notified, oldest first."""


class FakeClock:
    """A monotonic clock the test moves by hand (the edit session's autosave timing)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def new_app(db: Path, clock: FakeClock | None = None) -> AcctApp:
    """The real app, as `acct-tui --db db` builds it (with a fake clock if given).

    Its toasts are recorded for ``notifications(app)``. Python's collections
    are left alone, as under Pilot's headless driver, also for tests that run
    it on a recording driver (it then counts as a terminal): the collector's
    first full collection and its thresholds cost those tests a seventh of
    their CPU time, and tests/test_collector.py turns it on where it is tested.
    """
    app = make_app(db) if clock is None else make_app(db, clock=clock)
    app.collect_when_quiet = False
    record_notifications(app)
    return app


def record_notifications(app: App[Any]) -> None:
    """Keep every message ``app.notify`` is given, for ``notifications(app)``.

    Textual keeps shown toasts only in a private list (and drops them when
    they time out), so the app's public ``notify`` is wrapped on this one
    instance: widgets' ``notify`` calls it too, and the class is untouched.
    """
    shown = _NOTIFIED.setdefault(app, [])
    notify = app.notify

    def recording_notify(message: str, **options: Any) -> None:
        shown.append(str(message))
        notify(message, **options)

    app.notify = recording_notify  # type: ignore[method-assign]


def notifications(app: App[Any]) -> list[str]:
    """Every message the app has notified (toasted) so far, oldest first."""
    return list(_NOTIFIED[app])


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


_RENAMED = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at", "hyphen_minus": "minus",
            "plus_sign": "plus", "low_line": "underscore"}


def key_name(char: str) -> str:
    """The key Textual names for typing ``char`` ("a", "full_stop", "slash"), as ``Pilot.press`` does."""
    if char.isalnum():
        return char
    try:
        name = unicodedata.name(char).lower().replace("-", "_").replace(" ", "_")
    except ValueError:  # a control character: its own name, as Pilot types it
        return "tab" if char == "\t" else char
    return _RENAMED.get(name, name)


async def type_keys(pilot, text: str) -> None:
    """Type ``text`` as a fast typist does: every key sent at once, then wait until the app is idle.

    The app handles the keys in order, one by one, as it would from a
    terminal. ``pilot.press(*text)`` instead waits for the app to go idle
    after each key: over 40 ms a key, mostly sleeping, which was a large
    part of the suite's time.
    """
    app = pilot.app
    for char in text:
        key = events.Key(key_name(char), char)
        key.set_sender(app)
        app.post_message(key)
    await pilot.pause()


async def send_keys(pilot, *keys: str) -> None:
    """Press named keys ("space", "right", "down") as a fast user does: all sent at once, in order,
    then wait until the app is idle (``type_keys`` for keys that type no text)."""
    app = pilot.app
    for name in keys:
        key = events.Key(name, key_to_character(name))
        key.set_sender(app)
        app.post_message(key)
    await pilot.pause()


def steady_cursors(pilot) -> None:
    """From now on every input and text area the app focuses shows a steady cursor: stable snapshots.

    Public API only, and nothing outside this app changes: the app watches each
    screen's ``focused`` reactive (``App.watch``; every screen shown later is
    reached through ``App.screen_change_signal``) and turns ``cursor_blink``
    off on the widget as focus lands, synchronously, before the widget handles
    its Focus event. A blink timer only runs while its widget has focus, so it
    never toggles the cursor (setting the reactive once the screen was up let
    it run first, and text areas' snapshots then flaked).
    Call it first in ``run_before``.
    """
    app = pilot.app

    def steady(widget: Widget | None) -> None:
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False

    def watch_focus(screen: Screen[Any]) -> None:
        app.watch(screen, "focused", steady)  # init: the widget focused now, too

    for screen in app.screen_stack:
        watch_focus(screen)
    app.screen_change_signal.subscribe(app, watch_focus, immediate=True)


def screen_text(app: AcctApp) -> str:
    """Every Static/Label text on the current screen, joined: what the user reads."""
    parts = []
    for widget in app.screen.query(Static):
        parts.append(str(widget.render()))
    return "\n".join(parts)


_SVG_TEXT = re.compile(
    r'<text class="([^"]*)" x="([^"]*)" y="[^"]*" textLength="([^"]*)" clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>'
)
"""One run of text in Rich's SVG export: style class, x, width, row and the (HTML-escaped) text."""


def painted_runs(app: App[Any]) -> list[tuple[int, int, str, str]]:
    """The screen as painted, as (row, cell, text, style rule) runs in reading order.

    Read from ``App.export_screenshot`` (the public way to see the composed
    screen, overlays and all); the style rule is the run's CSS in that SVG,
    e.g. ``fill: #e0e0e0;font-weight: bold``.
    """
    svg = app.export_screenshot()
    rules = dict(re.findall(r"\.(terminal-[\w-]+) \{ ([^}]*) \}", svg))
    runs = []
    for style, x, length, row, escaped in _SVG_TEXT.findall(svg):
        text = html.unescape(escaped).replace("\xa0", " ")
        if text == "\n":
            continue  # each line's end
        cell = round(float(x) / (float(length) / len(text)))
        runs.append((int(row), cell, text, rules.get(style, "").strip()))
    return sorted(runs)


def visible_text(app: App[Any]) -> str:
    """The screen exactly as painted, as plain text lines (what a user can read now)."""
    width, height = app.size
    lines = [""] * height
    for row, cell, text, _ in painted_runs(app):
        lines[row] += " " * (cell - cell_len(lines[row])) + text
    return "\n".join(line + " " * (width - cell_len(line)) for line in lines)


def visible_in(app: App[Any], widget: Widget) -> str:
    """What the user can read of ``widget`` now: its part of the painted screen, rows joined by spaces."""
    x, y, width, height = widget.region
    rows = visible_text(app).splitlines()[y : y + height]
    return " ".join(row[x : x + width].strip() for row in rows)


def disk_state(path: Path) -> object:
    """Everything a store holds on disk (a file's bytes, or a folder's files but the lock's pid).

    Tests compare it before and after something that must write nothing.
    """
    if not path.exists():
        return None
    if path.is_file():
        return path.read_bytes()
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file() and p.name != ".lock"}


def store_with(db: Path, *plans: Plan) -> Path:
    """A store at ``db`` holding ``plans``, saved the app's way; ``db``."""
    with PlanStore(db) as store:
        for plan in plans:
            store.save(plan)
    return db


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


async def steady_screen(pilot, frames: int = 8) -> None:
    """Wait (bounded) until the screen's text is the same over ``frames`` idle turns.

    A text area's scrollbar can appear a frame after its text was wrapped,
    and the text is then wrapped again one cell narrower: a snapshot taken
    between the two differs by where a line breaks. Three idle turns were
    not always enough in a fresh clone under load (the Analysis step's first
    answer, session 6); each turn costs about 20 ms.
    """
    same, last, changed = 0, visible_text(pilot.app), ""
    for _ in range(100):
        await pilot.pause()
        now, stale = visible_text(pilot.app), stale_wraps(pilot.app)
        same = same + 1 if now == last and not stale else 0
        if same >= frames:
            return
        if now != last:
            changed = now
        last = now
    raise AssertionError(f"the screen never settled; text areas wrapped for another width: {stale}; "
                         f"the last change:\n{changed}\nthe screen now:\n{now}")


def stale_wraps(app: App[Any]) -> list[str]:
    """Ids of text areas on screen still wrapped for another width (their resize not handled yet).

    A text area wraps its text when it handles its Resize; until then it
    can be laid out at its new width while still holding lines wrapped for
    none, and a snapshot taken then shows them cut at the right edge
    (seen once in a loaded suite: the Risks step at 80×24).
    """
    stale = []
    for area in app.screen.query(TextArea):
        width = area.wrap_width
        if area.soft_wrap and width > 0 and area.display:
            document = area.wrapped_document  # a section may keep the space it broke at: one cell of slack
            if any(cell_len(section) > width + 1 for line in range(area.document.line_count)
                   for section in document.get_sections(line)):
                stale.append(area.id or type(area).__name__)
    return stale


async def open_plan_at(pilot, step: str):
    """Open the highlighted plan from the accounts (enter), then go to ``step``; the wizard.

    Waits until focus is in each step's pane, so keys go where a user's would.
    """
    from screens.wizard import WizardScreen

    await pilot.press("enter")
    await settle_in_step(pilot)
    wizard = pilot.app.screen
    assert isinstance(wizard, WizardScreen)
    wizard.open_step(step)
    await settle_in_step(pilot)
    return wizard


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
