"""Shared fixtures. Keep this small: put fixtures used by one file in that file."""

from __future__ import annotations

import functools
import gc
import importlib
import inspect
import os
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from textual.app import App
from textual.widget import Widget
from textual.widgets import Input, TextArea


settings.register_profile("suite", deadline=None)
settings.register_profile("thorough", deadline=None, max_examples=1000)
settings.load_profile("suite")
"""Hypothesis profiles. ``suite`` (the default) runs each property's own example count, or
Hypothesis's 100 where it names none, with no deadline: a test's speed under load is not what
it checks. ``pytest --hypothesis-profile=thorough`` runs 1,000 examples of every property that
names no count of its own (the whole-plan Markdown and import properties), for a deep run."""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` runs two workers per core: a Pilot test spends about a third of its
    time waiting (for the app to go idle, for a timer), and a second worker on the core
    uses that time. Measured on 2 cores: 5 min 5 s with 2 workers, 3 min 41 s with 4,
    every test passing."""
    return 2 * len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2 * (os.cpu_count() or 1)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Collect cycles less often while the tests run: a speed setting, nothing else changes.

    Every Pilot test leaves a whole app (thousands of widgets, styles and
    messages) behind, and the default thresholds made Python walk the
    ever-growing old generation again and again: about a fifth of a Pilot
    test's CPU time went to full collections. What was imported and collected
    so far lives until the end (``gc.freeze``), and young objects are
    collected in bigger batches (20,000: 6% less CPU for the suite than 5,000,
    and a worker stays under 200 MB); cycles are still all collected, and no
    test counts on when (none uses weakrefs or ``__del__`` timing;
    ``gc.collect()`` still collects everything at once).
    """
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave what the tests left behind to the operating system as the process ends.

    Runs before pytest's own end-of-session cleanup, which collects five
    times in full to find exceptions raised by finalizers. By then a worker
    holds hundreds of dead apps (collections are rare, see above), and that
    cleanup took 4 to 7 s per worker, all of it in the run's tail. Frozen,
    they are left alone: an exception in a finalizer is still reported
    where a test's own collections run it, only not at the very end.
    """
    gc.freeze()


@pytest.fixture(autouse=True)
def _isolated_store(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point $ACCT_TUI_DB at a temp file, and the config folder at a temp one, so no test can
    touch the user's real plans or settings (the app writes the settings file on a theme change)."""
    folder = tmp_path_factory.mktemp("default-store")
    monkeypatch.setenv("ACCT_TUI_DB", str(folder / "plans.json"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A plan store path that does not exist yet, in a fresh temp folder."""
    return tmp_path / "store" / "plans.json"


@functools.cache
def _watched_classes() -> list[type]:
    """Our apps, screens and widgets, and the Textual classes tests are tempted to tune."""
    import acct_tui.app
    import screens

    modules = [acct_tui.app]
    for info in pkgutil.walk_packages(screens.__path__, "screens."):
        modules.append(importlib.import_module(info.name))
    ours = [
        cls
        for module in modules
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if cls.__module__ == module.__name__ and issubclass(cls, (Widget, App))
    ]
    return [*ours, App, Widget, Input, TextArea]


def _public_attributes(cls: type) -> dict[str, object]:
    # Textual caches private names (bindings, CSS type names) in class dicts as it runs.
    return {name: value for name, value in vars(cls).items() if not name.startswith("_")}


@pytest.fixture(autouse=True)
def _no_pane_built_ahead_in_snapshots(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """SVG snapshots show a step as it first settles, whenever the picture is taken.

    After a moment of quiet the wizard mounts the next step's pane, hidden
    (``screens.wizard.PREFETCH_AFTER_MOVE``, ``PREFETCH_DELAY``); that layout pass makes text areas
    wrap again, so a snapshot taken later on a loaded machine caught a line
    broken one word earlier. Other tests keep the real delay.
    """
    if "snap_compare" in request.fixturenames:
        monkeypatch.setattr("screens.wizard.PREFETCH_DELAY", 24 * 3600.0)
        monkeypatch.setattr("screens.wizard.PREFETCH_AFTER_MOVE", 24 * 3600.0)


@pytest.fixture(autouse=True)
def _class_defaults_unchanged(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves a class attribute changed: later tests in the same worker
    would run against different defaults, and pass or fail by the order xdist picks.
    Use ``monkeypatch.setattr`` (undone after the test), or set the instance."""
    classes = _watched_classes()
    before = {cls: _public_attributes(cls) for cls in classes}
    yield
    after = {cls: _public_attributes(cls) for cls in classes}  # once per class: this runs around every test
    changed = [
        f"{cls.__qualname__}.{name}"
        for cls in classes
        for name in before[cls].keys() | after[cls].keys()
        if before[cls].get(name) is not after[cls].get(name)
    ]
    assert not changed, f"{request.node.name} left class defaults changed: {', '.join(changed)}"


@pytest.fixture(autouse=True, scope="session")
def _cursors_still_blink() -> Iterator[None]:
    """A test once made every later input's cursor steady (a reactive's default changed in
    place, which the check above cannot see). Checked once, after all of a worker's tests:
    a widget made outside an app is kept out of the tests themselves."""
    yield
    assert (Input().cursor_blink, TextArea().cursor_blink) == (True, True), "a test changed cursor_blink's default"
