"""SVG snapshots of every screen: how it looks, reviewed before accepting.

Every wizard step is pictured at 80×24 (the smallest terminal we promise),
120×40 and 200×50, on the sample plan. The plan is stored before the app
starts (no toast), "today" is fixed everywhere the app asks for it and the
cursor does not blink, so the pictures change only when the screens do.
To update after a deliberate change, one run re-makes them all:
pytest tests/test_snapshots.py --snapshot-update, then look at every
changed SVG before committing.
"""

from __future__ import annotations

import inspect
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from ui_helpers import new_app, settle_in_step, steady_cursors, steady_screen, wait_until

import acct_tui.clock
from acct_tui.model import Plan
from acct_tui.sample import sample_plan
from acct_tui.steps import STEP_KEYS
from acct_tui.store import PlanStore
from screens.wizard import WizardScreen

TODAY = date(2026, 11, 22)

SIZES = {"80x24": (80, 24), "120x40": (120, 40), "200x50": (200, 50)}
"""The smallest terminal we promise, a common laptop one, and a wide one."""


def fix_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every place the app reads the date sees TODAY (the coach, review pack, export, home)."""
    monkeypatch.setattr(acct_tui.clock, "today", lambda: TODAY)


def fixed_sample():
    """The sample plan as of TODAY (its dates may be relative to the day it is made)."""
    if "today" in inspect.signature(sample_plan).parameters:
        return sample_plan(today=TODAY)  # type: ignore[call-arg]
    return sample_plan()


@pytest.fixture
def sample_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    fix_today(monkeypatch)
    db = tmp_path / "plans.json"
    with PlanStore(db) as store:
        store.save(replace(fixed_sample(), updated=datetime(2026, 11, 22, 9, 30, tzinfo=UTC)))
    return db


def test_home_empty(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(new_app(tmp_path / "plans.json"), terminal_size=(80, 24), run_before=steady_cursors)


def test_home_with_the_agenda(snap_compare, sample_db: Path) -> None:
    """At 80×24 the accounts and, under them, the agenda: an overdue tactic (⚠) first."""
    from datetime import timedelta

    from acct_tui.model import Goal, Initiative, Strategy, Tactic

    late = Tactic("Send the renewal quote", owner="Sam Patel", due=TODAY - timedelta(days=2), id="t-late")
    chain = Goal("Renew", strategies=(Strategy("Early", initiatives=(Initiative("Quote", tactics=(late,)),)),))
    with PlanStore(sample_db) as store:
        store.save(Plan("Contoso Clinics", owner="Dana Ruiz", goals=(chain,), id="contoso",
                        updated=datetime(2026, 11, 21, 16, 0, tzinfo=UTC)))

    async def agenda_read(pilot) -> None:
        await wait_until(pilot, lambda: "loading" not in str(pilot.app.screen.query_one("#agenda").border_title), "read")
        await pilot.pause()

    assert snap_compare(new_app(sample_db), terminal_size=(80, 24), run_before=agenda_read)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("step", STEP_KEYS)
def test_wizard_step(snap_compare, sample_db: Path, step: str, size: str) -> None:
    async def open_step(pilot) -> None:
        steady_cursors(pilot)
        plan_id = pilot.app.plans()[0].id
        await pilot.app.push_screen(WizardScreen(plan_id, step))
        await settle_in_step(pilot)
        await steady_screen(pilot)

    assert snap_compare(new_app(sample_db), terminal_size=SIZES[size], run_before=open_step)


def test_narrow_coach_opened(snap_compare, sample_db: Path) -> None:
    """At 80×24 F2 shows the coach in the step's place."""

    async def open_coach(pilot) -> None:
        steady_cursors(pilot)
        plan_id = pilot.app.plans()[0].id
        await pilot.app.push_screen(WizardScreen(plan_id, "relationships"))
        await settle_in_step(pilot)
        await pilot.press("f2")
        await pilot.pause()

    assert snap_compare(new_app(sample_db), terminal_size=(80, 24), run_before=open_coach)


def test_goal_form(snap_compare, sample_db: Path) -> None:
    async def add_goal(pilot) -> None:
        steady_cursors(pilot)
        plan_id = pilot.app.plans()[0].id
        await pilot.app.push_screen(WizardScreen(plan_id, "strategies"))
        await settle_in_step(pilot)
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(new_app(sample_db), terminal_size=(80, 24), run_before=add_goal)


def test_dropdown_in_a_form(snap_compare, sample_db: Path) -> None:
    """A dropdown near a dialog's foot opens upward, inside the dialog."""

    async def open_dropdown(pilot) -> None:
        steady_cursors(pilot)
        plan_id = pilot.app.plans()[0].id
        await pilot.app.push_screen(WizardScreen(plan_id, "relationships"))
        await settle_in_step(pilot)
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#field-mitigation_tactic_id").focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(new_app(sample_db), terminal_size=(80, 24), run_before=open_dropdown)
