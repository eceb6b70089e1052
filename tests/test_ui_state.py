"""Remembered between runs (issue 9, deliver 5): each plan's last step and export, the coach, the theme."""

from __future__ import annotations

import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input, Static
from ui_helpers import new_app, settle_in_step, visible_in, visible_text, wait_until

from acct_tui import ui_state
from acct_tui.app import AcctApp
from acct_tui.model import Plan
from acct_tui.steps import STEP_KEYS
from acct_tui.store import PlanStore
from acct_tui.ui_state import LastExport, UiState
from screens.coach_panel import CoachPanel
from screens.wizard import WizardScreen

PLAN_ID = "acme"


def write_store(db: Path, plan: Plan) -> None:
    with PlanStore(db) as store:
        store.save(plan)


async def open_wizard(pilot) -> WizardScreen:
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen), "the wizard opens")
    await settle_in_step(pilot)
    return pilot.app.screen


def flat_text(app) -> str:
    """The toasts' text as painted, with no white space: a toast wraps a long path anywhere
    (read toast by toast: beside a toast, the accounts screen's agenda box is painted too)."""
    toasts = " ".join(visible_in(app, toast) for toast in app.screen.query("Toast"))
    return "".join(toasts.replace("▌", " ").split())


async def goto(pilot, step: str) -> None:
    pilot.app.screen.open_step(step)
    await settle_in_step(pilot)


async def test_a_restart_reopens_the_last_step_with_coach_theme_and_last_export(tmp_path: Path) -> None:
    db = tmp_path / "store"
    write_store(db, Plan(name="Acme", id=PLAN_ID))
    target = tmp_path / "acme.md"
    app = new_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_wizard(pilot)
        assert wizard.step == "facts"
        await goto(pilot, "export")
        path = wizard.query_one("#export-path", Input)
        path.value = str(target)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: target.exists(), "the plan is exported")
        await goto(pilot, "vision")
        await pilot.press("f2")  # hide the coach
        app.theme = "nord"  # as the palette's "Change theme" does
        await pilot.pause()
    state_file = db / ui_state.FILE_NAME
    assert stat.S_IMODE(state_file.stat().st_mode) == 0o600

    again = new_app(db)
    async with again.run_test(size=(120, 40)) as pilot:
        assert again.theme == "nord"
        wizard = await open_wizard(pilot)
        assert wizard.step == "vision"
        vision = STEP_KEYS.index("vision") + 1
        assert f"Step {vision} of {len(STEP_KEYS)}: Vision" in visible_text(again)
        assert not wizard.query_one(CoachPanel).display
        await goto(pilot, "export")
        shown = str(wizard.query_one("#export-result", Static).render())
        assert shown.startswith("Last exported ") and f"Internal plan to {target}" in shown
        assert "changed since" not in shown
        assert f"● {len(STEP_KEYS)} Export" in visible_text(again)  # the stepper marks it done
        assert wizard.query_one("#export-path", Input).value == str(target), "the next ctrl+e writes there again"


async def test_a_damaged_state_file_gives_the_defaults_and_one_line(tmp_path: Path) -> None:
    db = tmp_path / "store"
    write_store(db, Plan(name="Acme", id=PLAN_ID))
    (db / ui_state.FILE_NAME).write_text('{"version": 1, "steps": {"acme": "nowhere"}}')
    app = new_app(db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        notice = f"{db / ui_state.FILE_NAME} names a step that does not exist ('nowhere')"
        await wait_until(pilot, lambda: "".join(notice.split()) in flat_text(app), "the notice")
        wizard = await open_wizard(pilot)
        assert wizard.step == "facts"


def test_a_read_only_store_writes_no_state(tmp_path: Path) -> None:
    db = tmp_path / "store"
    write_store(db, Plan(name="Acme", id=PLAN_ID))
    with PlanStore(db, readonly=True) as store:
        app = AcctApp(store)
        app.remember(app.ui_state.with_step(PLAN_ID, "vision"))
        app._write_ui_state()
    assert not (db / ui_state.FILE_NAME).exists()


def test_the_state_file_is_never_read_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.json"
    real.write_bytes(ui_state.encode(UiState(coach_shown=False)))
    link = tmp_path / ui_state.FILE_NAME
    os.symlink(real, link)
    state, notice = ui_state.load(link)
    assert state == UiState() and "can't be read" in notice


def test_bad_files_give_defaults_and_a_notice_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / ui_state.FILE_NAME
    for content in (b"", b"[]", b'{"version": 2}', b'{"version": 1, "coach_shown": "no"}', b"\xff",
                    b'{"version": 1, "exports": {"a": {"path": "x", "edition": "internal", "when": "today"}}}'):
        path.write_bytes(content)
        state, notice = ui_state.load(path)
        assert state == UiState(), content
        assert notice.startswith(str(path)) and "\n" not in notice, notice
    os.mkfifo(tmp_path / "fifo")
    assert "not a regular file" in ui_state.load(tmp_path / "fifo")[1]
    assert ui_state.load(tmp_path / "none.json") == (UiState(), "")


_times = st.datetimes(timezones=st.just(UTC), min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1))
_ids = st.from_regex(r"[A-Za-z0-9_-]{1,12}", fullmatch=True)


@given(
    coach=st.booleans(),
    theme=st.text(max_size=20),
    steps=st.dictionaries(_ids, st.sampled_from(STEP_KEYS), max_size=4),
    exports=st.dictionaries(
        _ids, st.builds(LastExport, st.text(max_size=30), st.sampled_from(["internal", "customer"]), _times, _times),
        max_size=3,
    ),
)
def test_what_is_written_reads_back_the_same(coach, theme, steps, exports) -> None:
    state = UiState(coach, theme, steps, exports)
    assert ui_state.decode(ui_state.encode(state)) == state


def test_deleted_plans_are_forgotten_and_exports_count_only_for_their_version() -> None:
    when = datetime(2027, 1, 1, tzinfo=UTC)
    state = UiState().with_step("a", "goals").with_step("b", "tools")
    state = state.with_export("a", LastExport("/x.md", "internal", when, when))
    assert state.exported("a", when) and not state.exported("a", when + timedelta(seconds=1))
    kept = state.keeping(["a"])
    assert kept.step("a") == "goals" and kept.step("b") == "facts" and "a" in kept.exports


async def test_the_export_step_says_when_the_plan_changed_since_its_last_export(tmp_path: Path) -> None:
    db = tmp_path / "store"
    write_store(db, Plan(name="Acme", id=PLAN_ID))
    target = tmp_path / "acme.md"
    app = new_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_wizard(pilot)
        await goto(pilot, "export")
        wizard.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: target.exists(), "the plan is exported")
        await goto(pilot, "facts")
        await pilot.press("end", "X")  # the name changes: the export is out of date
        await goto(pilot, "export")
        shown = str(wizard.query_one("#export-result", Static).render())
        assert shown.startswith("Last exported ") and "The plan has changed since" in shown


def test_the_tour_being_done_is_remembered_and_a_bad_value_is_refused() -> None:
    assert ui_state.decode(ui_state.encode(UiState(tour_done=True))).tour_done is True
    assert ui_state.decode(b'{"version": 1}').tour_done is False, "an older file: the tour was never taken"
    with pytest.raises(ui_state.BadState, match="tour_done"):
        ui_state.decode(b'{"version": 1, "tour_done": "yes"}')
