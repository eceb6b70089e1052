"""SVG snapshots of every screen at 80×24: how it looks, reviewed before accepting.

The sample plan is stored before the app starts (no toast), the coach's
"today" is fixed and the cursor does not blink, so the pictures are stable.
To update after a deliberate change: pytest tests/test_snapshots.py
--snapshot-update, then look at every changed SVG before committing.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

import acct_tui.coach
from acct_tui.sample import sample_plan
from acct_tui.steps import STEP_KEYS
from acct_tui.store import PlanStore
from screens.wizard import WizardScreen
from ui_helpers import new_app, settle_in_step, steady_cursors

TODAY = date(2026, 11, 22)


@pytest.fixture
def sample_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(acct_tui.coach, "_today", lambda today: today or TODAY)
    steady_cursors(monkeypatch)
    db = tmp_path / "plans.json"
    with PlanStore(db) as store:
        store.save(replace(sample_plan(TODAY), updated=datetime(2026, 11, 22, 9, 30, tzinfo=timezone.utc)))
    return db


def test_home_empty(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    steady_cursors(monkeypatch)
    assert snap_compare(new_app(tmp_path / "plans.json"), terminal_size=(80, 24))


@pytest.mark.parametrize("step", STEP_KEYS)
def test_wizard_step(snap_compare, sample_db: Path, step: str) -> None:
    async def open_step(pilot) -> None:
        plan_id = pilot.app.plans()[0].id
        await pilot.app.push_screen(WizardScreen(plan_id, step))
        await settle_in_step(pilot)

    assert snap_compare(new_app(sample_db), terminal_size=(80, 24), run_before=open_step)


def test_goal_form(snap_compare, sample_db: Path) -> None:
    async def add_goal(pilot) -> None:
        plan_id = pilot.app.plans()[0].id
        await pilot.app.push_screen(WizardScreen(plan_id, "strategies"))
        await settle_in_step(pilot)
        await pilot.press("a")
        await pilot.pause()

    assert snap_compare(new_app(sample_db), terminal_size=(80, 24), run_before=add_goal)


def test_wizard_wide(snap_compare, sample_db: Path) -> None:
    async def open_tactics(pilot) -> None:
        plan_id = pilot.app.plans()[0].id
        await pilot.app.push_screen(WizardScreen(plan_id, "tactics"))
        await settle_in_step(pilot)

    assert snap_compare(new_app(sample_db), terminal_size=(160, 50), run_before=open_tactics)
