"""Speed a person feels: step moves, typing, the coach's work, the preview's first screen.

Run by hand (not in CI), from the repository root::

    .venv/bin/python bench/bench_ui.py [--quick] [--only TEXT] [--json PATH]

It drives the real app headless under ``App.run_test`` at 80x24, only through
what a user does and sees: it opens the plan from the accounts screen with
``o``, moves between steps with ``alt+right``/``alt+left``, types
into the Facts step's Industry field and presses ``f5``; it reads the
frames the app sends to the terminal (every frame is rendered to escape
codes, as a terminal run would be). Plans are one-plan stores built by
bench/bench_store.py's generator: 1 ("tiny"), 48, 450, 2,000 and 20,000
tactics. Each figure is a median or p95 (nearest rank) over several
samples, and each ratio is against a baseline measured in the same run.
The full run takes about 15 minutes on 2 cores; ``--quick`` (tiny, 450 and
20,000 tactics, fewer samples) about 5.

Measures (what the baseline is):

- step move, first visit / revisit: from posting the key until the first
  frame that shows "Step N of" for the new step with the focus inside its
  pane. One pass forward through every step (first visits), then back and
  forward again (revisits), waiting 0.4 s between moves; and, in another
  app run, first visits after 1.5 s on each step (a user reading it: the
  wizard builds the next pane after a second of quiet). Baseline: a bare
  Textual app that switches a ContentSwitcher between panes of five
  Inputs (mounting a pane on its first visit), timed the same way.
- key-to-repaint: bench_store's typing (bursts of keys at 12.5 keys/s into
  Industry, each key timed from when it was due to the frame that paints
  it), with 1.5 s pauses between bursts; baseline: a bare Textual Input.
- coach work while typing: the coach's walk over a plan
  (``acct_tui.coach._assessment`` when its per-version cache misses) is
  wrapped to count and time it. Per burst: runs while the keys arrive, runs
  in all (the pause after included), runs on a plan version that was
  already walked, and the seconds spent in it.
- preview first screen: from pushing ``PreviewScreen(markdown)`` in a bare
  app until a frame shows the document's first heading; baseline (the
  floor): the same screen given only the first screen's worth of the
  document (its first 24 lines, cut at a blank line), interleaved with it.
  "via f5": the same in the app, from the key (the Markdown export of the
  plan included); its baseline is the same floor.

Targets (issue 9): step move p95 ≤ 150 ms on a first visit and ≤ 50 ms on a
revisit, key-to-repaint p95 ≤ 50 ms, no coach run while keys arrive and
none on a version already checked, preview first screen ≤ 1.2× its floor.

Latest figures: see the README's benchmark section.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import sys
import tempfile
import time
import weakref
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_store
from bench_preview import first_heading
from bench_store import (
    FrameWatch,
    Row,
    StoreSpec,
    build_store,
    key_sequence,
    median,
    percentile,
    plan_id,
    show,
    show_target,
    type_burst,
    type_into_bare,
)
from textual import events
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Input, Static

import acct_tui.coach
from acct_tui import ui_state
from acct_tui.app import AcctApp, make_app
from acct_tui.markdown import render_plan_markdown
from acct_tui.store import PlanStore
from screens.preview import PreviewScreen

SCREEN = (80, 24)
AcctApp.collect_when_quiet = True
"""As in a terminal: Pilot runs the app headless, where it leaves Python's collections alone."""

SHAPES = {
    1: (1, 1, 1, 1),
    48: (4, 2, 2, 3),
    450: (10, 3, 3, 5),
    2_000: (10, 4, 10, 5),
    20_000: (20, 10, 20, 5),
}
"""Tactics in the plan -> (goals, strategies per goal, initiatives per strategy, tactics each)."""

SETTLE = 0.4
"""Seconds between two step moves: past the wizard's quiet-time timers."""
READING = 1.5
"""Seconds on a step before moving on, for first visits after reading it (the wizard builds the
next step's pane after a second of quiet; SETTLE is shorter than that)."""
TYPING_PAUSE = 1.5
"""Seconds after a typing burst, for the coach work a pause brings."""
WAIT_LIMIT = 120.0
"""Seconds after which a step or a screen that never shows stops the bench."""


@dataclass(frozen=True)
class Settings:
    """How much to run: the full run, or ``--quick``."""

    tactics: tuple[int, ...]
    step_runs: int
    """Apps started per plan for step moves (each: 12 first visits, 24 revisits)."""
    bursts: int
    keys_per_burst: int
    preview_runs: int
    preview_tactics: tuple[int, ...]


FULL = Settings((1, 48, 450, 2_000, 20_000), 3, 3, 50, 9, (450, 20_000))
QUICK = Settings((1, 450, 20_000), 1, 2, 30, 5, (450,))


def label(tactics: int) -> str:
    return "tiny (1 tactic)" if tactics == 1 else f"{tactics:,} tactics"


# --- frames -------------------------------------------------------------------


def frame_text(screen: Screen) -> str:
    """What the terminal shows now, as plain text lines."""
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


class TooSlow(Exception):
    """The app did not show what was expected within WAIT_LIMIT: that part of the plan is skipped."""


class Frames:
    """Notes when a frame the app sends to a terminal first satisfies a condition.

    Wraps ``app._display`` (called for every frame, headless too) and renders
    each frame to escape codes as a terminal run would; when ``render`` is
    False, something else (bench_store's FrameWatch) already does.
    """

    def __init__(self, app: App[Any], render: bool = True) -> None:
        self.app = app
        self._condition: Callable[[Screen], bool] | None = None
        self._seen: asyncio.Future[float] | None = None
        show_frame = app._display

        def display(screen: Screen, update: Any) -> None:
            show_frame(screen, update)
            if update is None:
                return
            if render:
                update.render_segments(app.console)
            if self._condition is not None and self._seen is not None and self._condition(screen):
                self._seen.set_result(time.perf_counter())
                self._condition = None

        app._display = display  # type: ignore[method-assign,assignment]

    async def time_until(self, condition: Callable[[Screen], bool], action: Callable[[], Any]) -> float:
        """Seconds from ``action()`` until a frame satisfies ``condition``."""
        self._seen = asyncio.get_running_loop().create_future()
        self._condition = condition
        start = time.perf_counter()
        action()
        try:
            seen = await asyncio.wait_for(self._seen, WAIT_LIMIT)
        except TimeoutError:
            raise TooSlow(f"no frame showed what was expected in {WAIT_LIMIT:.0f} s") from None
        return seen - start


def press(app: App[Any], key: str) -> Callable[[], object]:
    """An action that posts ``key`` as a terminal would deliver it."""
    return lambda: app.post_message(events.Key(key, None))


async def settle(pilot: Any, seconds: float = SETTLE) -> None:
    await pilot.pause()
    await asyncio.sleep(seconds)
    await pilot.pause()


def focus_in(screen: Screen, selector: str) -> bool:
    """True when the focused widget is inside the widget ``selector`` (``#id``) names.

    Checked on every frame while a move is timed, so it walks up from the
    focus: a query walked every widget of every pane built so far, inside the
    frame being timed (4 ms a check under cProfile, all panes built).
    """
    focused = screen.focused
    return focused is not None and any(node.id == selector.removeprefix("#") for node in focused.ancestors_with_self)


async def wait_for(pilot: Any, condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while not condition():
        if time.monotonic() > deadline:
            raise TooSlow(f"timed out ({WAIT_LIMIT:.0f} s) waiting until {what}")
        await pilot.pause(0.01)


STEP_LINE = re.compile(r"Step (\d+) of (\d+)")
"""The wizard's step line, as the user reads it."""


async def open_plan(app: App[Any], pilot: Any) -> tuple[Screen, int]:
    """Open the store's one plan from the accounts screen (``o``) and go to its first step.

    Returns the wizard and how many steps it has (as its step line says).
    """
    home = app.screen
    await pilot.press("o")
    await wait_for(pilot, lambda: app.screen is not home and hasattr(app.screen, "step"), "the plan opened")
    wizard = app.screen
    for _ in range(50):  # the plan may reopen at the step it was left on
        await settle(pilot, 0.1)
        line = STEP_LINE.search(frame_text(wizard))
        if line and line[1] == "1":
            break
        await pilot.press("alt+left")
    else:
        raise SystemExit("bench: the wizard never showed 'Step 1 of N' (has its step line changed?)")
    await wait_for(pilot, lambda: focus_in(wizard, f"#pane-{wizard.step}"), "the first step had the focus")  # type: ignore[attr-defined]
    return wizard, int(line[2])


# --- step moves ---------------------------------------------------------------


def arrived(wizard: Screen, before: str, number: int) -> Callable[[Screen], bool]:
    """A frame shows a step other than ``before``, numbered ``number``, with the focus in its pane."""

    def condition(screen: Screen) -> bool:
        step = getattr(wizard, "step", before)
        return (
            screen is wizard
            and step != before
            and focus_in(wizard, f"#pane-{step}")
            and f"Step {number} of" in frame_text(screen)
        )

    return condition


async def step_moves(folder: Path, coach: CoachCounter, reading: float = SETTLE,
                     ) -> tuple[list[float], list[float], list[list[CoachRun]]]:
    """(first visits, revisits): seconds per step move, one app run; and the coach runs of each move.

    ``reading``: seconds on each step before a first visit of the next.
    """
    ui_state.state_path(folder).unlink(missing_ok=True)  # else the plan reopens at the last step, and going
    app = make_app(folder)  # back from there to step 1 builds every pane: the "first visits" were revisits
    frames = Frames(app)
    first: list[float] = []
    again: list[float] = []
    runs: list[list[CoachRun]] = []
    try:
        async with app.run_test(size=SCREEN) as pilot:
            wizard, steps = await open_plan(app, pilot)
            moves = [(number, "alt+right") for number in range(2, steps + 1)]  # first visits
            moves += [(number, "alt+left") for number in range(steps - 1, 0, -1)]
            moves += [(number, "alt+right") for number in range(2, steps + 1)]
            await settle(pilot, reading)
            for count, (number, key) in enumerate(moves):
                began = time.perf_counter()
                seconds = await frames.time_until(arrived(wizard, wizard.step, number), press(app, key))  # type: ignore[attr-defined]
                (first if count < steps - 1 else again).append(seconds)
                await settle(pilot, reading if count < steps - 2 else SETTLE)
                runs.append(coach.between(began, time.perf_counter()))
    finally:
        app.store.close()
    return first, again, runs


class BarePane(Static):
    """A pane of the bare app: a title and five Inputs (mounted on the first visit)."""

    def compose(self) -> ComposeResult:
        for number in range(5):
            yield Input(f"Field {number}", compact=True)

    def on_mount(self) -> None:
        self.query(Input).first().focus()


class BareStepsApp(App[None]):
    """The baseline for a step move: a ContentSwitcher of simple panes, one key away."""

    STEPS = 13
    BINDINGS: ClassVar = [("alt+right", "move(1)"), ("alt+left", "move(-1)")]

    def __init__(self) -> None:
        super().__init__()
        self.step = 1

    def compose(self) -> ComposeResult:
        yield Static("Step 1 of 13", id="title")
        yield ContentSwitcher(BarePane(id="pane-1"), initial="pane-1", id="panes")

    def action_move(self, by: int) -> None:
        self.step = max(1, min(self.STEPS, self.step + by))
        switcher = self.query_one(ContentSwitcher)
        pane_id = f"pane-{self.step}"
        if not switcher.query(f"#{pane_id}"):
            switcher.mount(BarePane(id=pane_id))
        else:
            self.call_after_refresh(lambda: switcher.query_one(f"#{pane_id}").query(Input).first().focus())
        switcher.current = pane_id
        self.query_one("#title", Static).update(f"Step {self.step} of {self.STEPS}")


async def bare_step_moves() -> tuple[list[float], list[float]]:
    """The same moves in the bare app: 12 first visits, 24 revisits."""
    app = BareStepsApp()
    frames = Frames(app)
    first: list[float] = []
    again: list[float] = []
    async with app.run_test(size=SCREEN) as pilot:
        await settle(pilot)

        def shows(number: int) -> Callable[[Screen], bool]:
            return lambda screen: focus_in(screen, f"#pane-{number}") and f"Step {number} of" in frame_text(screen)

        for number in range(2, app.STEPS + 1):
            await settle(pilot)
            first.append(await frames.time_until(shows(number), press(app, "alt+right")))
        for number in [*range(app.STEPS - 1, 0, -1), *range(2, app.STEPS + 1)]:
            await settle(pilot)
            key = "alt+left" if len(again) < app.STEPS - 1 else "alt+right"
            again.append(await frames.time_until(shows(number), press(app, key)))
    return first, again


# --- typing and the coach -----------------------------------------------------


@dataclass
class CoachRun:
    at: float
    seconds: float
    repeat: bool
    """The plan version it checked had been checked before."""


class CoachCounter:
    """Counts and times every walk the coach makes over a plan, wherever it is asked from.

    The coach keeps its answer on the (immutable) plan, so asking again about
    a version costs nothing: only a walk (a miss in that cache) counts as a
    run. A run on a version walked before is a repeat.
    """

    def __init__(self) -> None:
        self.runs: list[CoachRun] = []
        self._walked: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()
        original = acct_tui.coach._assessment

        def counted(plan: Any, today: Any) -> Any:
            cached = plan.__dict__.get("_assessment")
            if cached is not None and cached[0] == (today, acct_tui.coach.stale_contact_days()):  # the coach's key
                return original(plan, today)
            repeat = self._walked.get(id(plan)) is plan
            self._walked[id(plan)] = plan  # weakly: the bench must not keep every plan it saw alive
            start = time.perf_counter()
            try:
                return original(plan, today)
            finally:
                self.runs.append(CoachRun(start, time.perf_counter() - start, repeat))

        acct_tui.coach._assessment = counted

    def between(self, start: float, end: float) -> list[CoachRun]:
        return [run for run in self.runs if start <= run.at < end]


@dataclass
class Burst:
    during: int
    """Coach runs while the burst's keys arrived (until the last one showed)."""
    total: int
    """Coach runs from the first key until the end of the pause after the burst."""
    repeats: int
    seconds: float


async def typing(folder: Path, settings: Settings, coach: CoachCounter) -> tuple[list[float], list[Burst]]:
    """Key-to-repaint of every key typed into Industry, and the coach's work per burst."""
    app = make_app(folder)
    watch = FrameWatch(app)
    bursts: list[Burst] = []
    try:
        async with app.run_test(size=SCREEN) as pilot:
            wizard, _ = await open_plan(app, pilot)
            field: Widget = wizard.query_one("#inline-industry")
            field.focus()
            await pilot.pause()
            field.action_end()  # type: ignore[attr-defined]
            await settle(pilot, 1.0)
            base = field.value  # type: ignore[attr-defined]
            for burst in range(settings.bursts):
                if app.focused is not field:
                    raise SystemExit(f"bench: {app.focused} has the focus, not the Industry field")
                letters, tails = key_sequence(settings.keys_per_burst, base, seed=burst)
                began = time.perf_counter()
                base += letters[: await type_burst(watch, field, letters, tails)]
                typed = time.perf_counter()
                await asyncio.sleep(TYPING_PAUSE)
                runs = coach.between(began, time.perf_counter())
                bursts.append(Burst(
                    sum(run.at < typed for run in runs), len(runs), sum(run.repeat for run in runs),
                    sum(run.seconds for run in runs),
                ))
            if field.value != base:  # type: ignore[attr-defined]
                raise SystemExit(f"bench: typed {base[-20:]!r} but the field holds {field.value[-20:]!r}")  # type: ignore[attr-defined]
    finally:
        app.store.close()
    return watch.latencies, bursts


# --- the preview --------------------------------------------------------------


def first_screen_of(markdown_text: str, lines: int = SCREEN[1]) -> str:
    """The document's first ``lines`` lines, cut at the next blank line: the floor's document."""
    kept = markdown_text.splitlines(keepends=True)
    end = lines
    while end < len(kept) and kept[end].strip():
        end += 1
    return "".join(kept[:end])


class BarePreviewApp(App[None]):
    """An empty app the preview screen is pushed onto."""

    def compose(self) -> ComposeResult:
        return iter(())


async def preview_first_screen(markdown_text: str) -> float:
    """Seconds from pushing the preview until a frame shows the document's first heading."""
    app = BarePreviewApp()
    frames = Frames(app)
    heading = first_heading(markdown_text)
    async with app.run_test(size=SCREEN) as pilot:
        await pilot.pause()

        def shows(screen: Screen) -> bool:
            return isinstance(screen, PreviewScreen) and heading in frame_text(screen)

        return await frames.time_until(shows, lambda: app.push_screen(PreviewScreen(markdown_text, "Bench — preview")))


async def preview_via_f5(folder: Path, runs: int, heading: str) -> list[float]:
    """Seconds from f5 in the wizard until the preview shows ``heading`` (the plan's first)."""
    app = make_app(folder)
    frames = Frames(app)
    seconds: list[float] = []
    try:
        async with app.run_test(size=SCREEN) as pilot:
            wizard, _ = await open_plan(app, pilot)

            def shows(screen: Screen) -> bool:
                return isinstance(screen, PreviewScreen) and heading in frame_text(screen)

            for _ in range(runs):
                await settle(pilot)
                seconds.append(await frames.time_until(shows, press(app, "f5")))
                await settle(pilot, 0.2)
                await pilot.press("escape")
                await wait_for(pilot, lambda: app.screen is wizard, "the preview closed")
    finally:
        app.store.close()
    return seconds


# --- the table ----------------------------------------------------------------


def shown(value: float | None, unit: str) -> str:
    if unit == "runs" and value is not None:
        return f"{value:g}"
    return show(value, unit)


def table_lines(rows: list[Row]) -> list[str]:
    """bench_store's table, with counts shown as counts."""
    header = ("measure", "plan", "value", "baseline", "ratio", "target", "met?", "n")
    cells = [header] + [
        (
            row.measure,
            row.store,
            shown(row.value, row.unit),
            shown(row.baseline, row.unit) + (f" ({row.baseline_name})" if row.baseline_name else ""),
            f"{row.ratio:.2f}×" if row.ratio is not None else "",
            (show_target(row.target, row.unit) if row.unit != "runs" else f"≤ {row.target.split('<=')[1]}")
            if row.target else "",
            {True: "yes", False: "NO", None: ""}[row.met],
            str(row.runs),
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    lines = []
    for number, line in enumerate(cells):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return lines


def latency_rows(measure: str, plan: str, values: list[float], bases: list[float], base_name: str,
                 target_p95: str) -> list[Row]:
    """Median and p95 of ``values``, each against the same figure of ``bases``."""
    return [
        Row(f"{measure} p50", plan, median(values), "s", median(bases), base_name, runs=len(values)),
        Row(f"{measure} p95", plan, percentile(values, 0.95), "s", percentile(bases, 0.95), base_name,
            target_p95, runs=len(values)),
    ]


# --- one plan -----------------------------------------------------------------


PARTS = ("steps", "typing", "preview")


def measure_plan(tactics: int, folder: Path, settings: Settings, coach: CoachCounter,
                 bare: dict[str, list[float]], rows: list[Row], parts: tuple[str, ...] = PARTS) -> None:
    plan = label(tactics)

    def note(text: str) -> None:
        print(f"  {plan}: {text}", file=sys.stderr, flush=True)

    measures = {
        "steps": lambda: step_rows(folder, settings, coach, bare, plan, rows),
        "typing": lambda: typing_rows(folder, settings, coach, bare, plan, rows),
        "preview": lambda: preview_rows(folder, settings, plan, rows),
    }
    for part in parts:
        if part == "preview" and tactics not in settings.preview_tactics:
            continue
        note(part)
        try:
            measures[part]()
        except TooSlow as slow:
            note(f"{part} skipped: {slow}")
            rows.append(Row(f"{part}: not measured", plan, WAIT_LIMIT, "s", baseline_name=f"over {WAIT_LIMIT:.0f} s"))
    print("\n".join(table_lines([row for row in rows if row.store == plan])), file=sys.stderr, flush=True)


def step_rows(folder: Path, settings: Settings, coach: CoachCounter, bare: dict[str, list[float]], plan: str,
              rows: list[Row]) -> None:
    """Step moves (first visits and revisits) and the coach's runs they cause."""
    first: list[float] = []
    again: list[float] = []
    move_runs: list[list[CoachRun]] = []
    for _ in range(settings.step_runs):
        visits, revisits, runs = asyncio.run(step_moves(folder, coach))
        first += visits
        again += revisits
        move_runs += runs
    rows += latency_rows("step move, first visit", plan, first, bare["first"], "bare ContentSwitcher", "value<=0.15")
    rows += latency_rows("step move, revisit", plan, again, bare["again"], "bare ContentSwitcher", "value<=0.05")
    read: list[float] = []
    for _ in range(settings.step_runs):
        read += asyncio.run(step_moves(folder, coach, reading=READING))[0]
    rows += latency_rows(f"step move, first visit after {READING:g} s on the step before", plan, read, bare["first"],
                         "bare ContentSwitcher", "value<=0.15")
    rows.append(Row("coach runs per step move", plan, median([len(r) for r in move_runs]), "runs",
                    runs=len(move_runs)))
    rows.append(Row("coach runs on a version already checked, step moves", plan,
                    sum(run.repeat for r in move_runs for run in r), "runs", target="value<=0", runs=len(move_runs)))


def typing_rows(folder: Path, settings: Settings, coach: CoachCounter, bare: dict[str, list[float]], plan: str,
                rows: list[Row]) -> None:
    """Key-to-repaint in Industry and the coach's work per burst."""
    keys, bursts = asyncio.run(typing(folder, settings, coach))
    rows += latency_rows("key-to-repaint", plan, keys, bare["keys"], "bare Textual Input", "value<=0.05")
    n = len(bursts)
    per = f"per {settings.keys_per_burst}-key burst"
    rows.append(Row(f"coach runs while keys arrive, {per}", plan, median([b.during for b in bursts]), "runs",
                    target="value<=0", runs=n))
    rows.append(Row(f"coach runs {per} + 1.5 s pause", plan, median([b.total for b in bursts]), "runs", runs=n))
    rows.append(Row("coach runs on a version already checked, typing", plan, sum(b.repeats for b in bursts), "runs",
                    target="value<=0", runs=n))
    rows.append(Row(f"coach time {per} + pause", plan, median([b.seconds for b in bursts]), "s", runs=n))


def preview_rows(folder: Path, settings: Settings, plan: str, rows: list[Row]) -> None:
    """Preview first screen vs its floor (interleaved), and via f5 in the app."""
    with PlanStore(folder, readonly=True) as store:
        markdown_text = render_plan_markdown(store.get(plan_id(1)))
    floor_text = first_screen_of(markdown_text)
    values, floors = [], []
    for _ in range(settings.preview_runs):
        floors.append(asyncio.run(preview_first_screen(floor_text)))
        values.append(asyncio.run(preview_first_screen(markdown_text)))
    base = "first screen's text only"
    rows.append(Row("preview first screen p50", plan, median(values), "s", median(floors), base, "ratio<=1.2",
                    len(values)))
    rows.append(Row("preview first screen p95", plan, percentile(values, 0.95), "s",
                    percentile(floors, 0.95), base, runs=len(values)))
    via_f5 = asyncio.run(preview_via_f5(folder, settings.preview_runs, first_heading(markdown_text)))
    rows.append(Row("preview first screen via f5 p50", plan, median(via_f5), "s", median(floors), base,
                    runs=len(via_f5)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer plans and samples (a few minutes)")
    parser.add_argument("--only", metavar="TEXT", default="", help="only the plans whose label holds TEXT")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to PATH")
    parser.add_argument("--parts", default=",".join(PARTS), help=f"which measures, of {','.join(PARTS)}")
    args = parser.parse_args()
    parts = tuple(args.parts.split(","))
    settings = QUICK if args.quick else FULL
    load_before = os.getloadavg()
    began = time.monotonic()
    coach = CoachCounter()
    print("baselines: a bare ContentSwitcher and a bare Input", file=sys.stderr, flush=True)
    bare: dict[str, list[float]] = {"first": [], "again": []}
    for _ in range(settings.step_runs if "steps" in parts else 0):
        visits, revisits = asyncio.run(bare_step_moves())
        bare["first"] += visits
        bare["again"] += revisits
    if "typing" in parts:
        typing_settings = replace(bench_store.QUICK, bursts=settings.bursts, keys_per_burst=settings.keys_per_burst)
        bare["keys"] = asyncio.run(type_into_bare(typing_settings))
    rows: list[Row] = []
    work = Path(tempfile.mkdtemp(prefix="acct-tui-bench-ui-"))
    try:
        for tactics in settings.tactics:
            if args.only not in label(tactics):
                continue
            folder = work / f"plan-{tactics}"
            print(f"building {label(tactics)} in {folder}", file=sys.stderr, flush=True)
            build_store(StoreSpec("single", 1, SHAPES[tactics]), folder)
            measure_plan(tactics, folder, settings, coach, bare, rows, parts)
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    order = list(dict.fromkeys(row.measure for row in rows))
    rows.sort(key=lambda row: order.index(row.measure))
    load_after = os.getloadavg()
    header = bench_store.report(f"UI bench{' --quick' if args.quick else ''}", load_before, load_after, began, rows, table_lines)
    if args.json:
        args.json.write_text(json.dumps(
            {"header": header, "quick": args.quick, "settings": asdict(settings),
             "rows": [{**asdict(row), "ratio": row.ratio} for row in rows]},
            indent=2,
        ) + "\n")


if __name__ == "__main__":
    main()
