"""The whitespace step at 80×24, driven from the keyboard as a new user would, and its snapshots."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.widgets import OptionList, Select
from ui_helpers import (
    new_app,
    send_keys,
    type_keys,
    open_plan_at,
    settle_in_step,
    steady_cursors,
    steady_screen,
    stored_plans,
    visible_text,
    wait_until,
)

import acct_tui.clock
from acct_tui import whitespace as ws_
from acct_tui.model import Plan, Whitespace
from acct_tui.sample import sample_plan
from acct_tui.store import PlanStore
from screens.dialogs import ConfirmScreen, PromptScreen
from screens.help import keys_table
from screens.steps.whitespace import CellForm, WhitespacePane
from screens.wizard import WizardScreen

TODAY = date(2026, 11, 22)
UNITS = ("Riverside", "Lakeside", "Harbor View", "St. Mary's")
OFFERINGS = ("Scheduling", "Engage", "Reminders", "Analytics", "Telehealth")
SPACES = ((1, 2, 3, 4, 1), (2, 2, 1, 3, 4), (1, 3, 4, 2, 1), (4, 1, 2, 3, 3))
"""Presses of space per cell: 1 in use, 2 open, 3 competitor, 4 not a fit."""


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(acct_tui.clock, "today", lambda: TODAY)


def store_with(db: Path, plan: Plan) -> Path:
    with PlanStore(db) as store:
        store.save(replace(plan, updated=datetime(2026, 11, 22, 9, 30, tzinfo=UTC)))
    return db


def sample_db(tmp_path: Path, ws: Whitespace | None = None) -> Path:
    plan = sample_plan(today=TODAY)
    return store_with(tmp_path / "plans.json", plan if ws is None else replace(plan, whitespace=ws))


def pane(app) -> WhitespacePane:
    return app.screen.query_one(WhitespacePane)


def on_disk(db: Path) -> Whitespace:
    [plan] = stored_plans(db)
    return plan.whitespace


async def prompt(pilot, key: str, text: str) -> None:
    """Press ``key`` (add or rename), type ``text`` over what the prompt holds, and enter it."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen), "the prompt")
    await pilot.press("ctrl+u")
    await type_keys(pilot, text)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen), "back in the map")


async def edit_cell(pilot, value: str, pursuer: str | None = None) -> None:
    """enter on the cell, type its value; pick what pursues it; save with ctrl+s."""
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CellForm), "the cell form")
    form = pilot.app.screen
    await pilot.press("tab")
    await type_keys(pilot, value)
    if pursuer is not None:
        picker = form.query_one("#cell-pursued-by", Select)
        wanted = 1 + list(form.pursuers).index(pursuer)  # after "(none)"
        await pilot.press("tab", "enter")  # open the dropdown
        await wait_until(pilot, lambda: picker.expanded, "the dropdown")
        while picker.query_one(OptionList).highlighted != wanted:  # moved with the arrow keys
            await pilot.press("down")
        await pilot.press("enter")
        assert picker.value == pursuer
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen), "back in the map")


def findings(app, code: str) -> list[str]:
    wizard = app.screen
    assert isinstance(wizard, WizardScreen)
    wizard.check_now()
    return [f.node_id for f in wizard.progress.findings if f.code == code]


async def test_a_new_user_fills_a_4x5_map_links_an_opportunity_and_the_coach_clears(tmp_path: Path) -> None:
    db = sample_db(tmp_path)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan_at(pilot, "whitespace")
        assert "No map yet: u adds one of the customer's business units" in visible_text(app)
        for unit in UNITS:
            await prompt(pilot, "u", unit)
        for offering in OFFERINGS:
            await prompt(pilot, "o", offering)
        grid = pane(app).grid
        assert (grid.row_count, len(grid.columns)) == (4 + 1, 1 + 5 + 1)  # a totals row and column
        await pilot.press("up", "up", "up", *["left"] * 4)  # from the last cell added to Riverside × Scheduling
        assert pane(app).current() == ("Riverside", "Scheduling")
        walk: list[str] = []  # each row left to right, spaces setting each cell's status
        for r, presses in enumerate(SPACES):
            for c, times in enumerate(presses):
                walk += ["space"] * times + (["right"] if c < 4 else [])
            walk += ["down", *["left"] * 4] if r < 3 else []
        await send_keys(pilot, *walk)
        await pilot.press("up", "up", *["left"] * 4)  # Lakeside × Scheduling: open
        await edit_cell(pilot, "180k")
        await pilot.press("right")  # Lakeside × Engage: open
        await edit_cell(pilot, "95,000")
        await pilot.press("up", "left")  # Riverside × Scheduling: in use
        await edit_cell(pilot, "1.2M")

        await wait_until(pilot, lambda: on_disk(db).cell("Lakeside", "Engage").value == 95_000, "the map saved")
        ws = on_disk(db)
        assert ws.units == UNITS and ws.offerings == OFFERINGS and len(ws.cells) == 20
        assert [c.status for c in ws.cells[:5]] == ["in use", "open", "competitor", "not a fit", "in use"]
        assert ws.cell("Lakeside", "Scheduling").value == 180_000
        screen = visible_text(app)
        assert "Open total" in screen and "275k" in screen  # the open value, Lakeside's row and the grand total
        assert "open 5: 275k" in screen and "use 6: 1.2M" in screen  # the totals by status
        assert "Riverside × Scheduling: in use, 1.2M" in screen

        lakeside = ws_.cell_id("Lakeside", "Scheduling")
        assert lakeside in findings(app, "opportunity-unpursued")
        assert len(findings(app, "strategy-no-opportunity")) == 9
        await pilot.press("down")
        await edit_cell(pilot, "180k", pursuer="s-expand-sites")
        assert "180k, pursued by Strategy" in visible_text(app) and "1.2: Extend scheduling from three" in visible_text(app)
        assert lakeside not in findings(app, "opportunity-unpursued")
        assert "s-expand-sites" not in findings(app, "strategy-no-opportunity")
        await wait_until(pilot, lambda: on_disk(db).cell("Lakeside", "Scheduling").pursued_by_id == "s-expand-sites", "saved")

        await pilot.press("ctrl+z")  # the link undoes as one edit
        assert lakeside in findings(app, "opportunity-unpursued")
        await pilot.press("ctrl+y")
        assert lakeside not in findings(app, "opportunity-unpursued")


async def test_delete_clears_a_cell_and_rows_and_columns_are_renamed_and_deleted(tmp_path: Path) -> None:
    ws = ws_.set_cell(Whitespace(UNITS, OFFERINGS), "Riverside", "Engage", status="open", value=10)
    db = sample_db(tmp_path, ws)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan_at(pilot, "whitespace")
        await pilot.press("right", "right")
        assert pane(app).current() == ("Riverside", "Engage")
        await pilot.press("delete")
        assert pane(app).plan.whitespace.cell("Riverside", "Engage") is None
        await pilot.press("ctrl+z")
        assert pane(app).plan.whitespace.cell("Riverside", "Engage") is not None
        await prompt(pilot, "r", "Riverside Hospital")
        await prompt(pilot, "R", "Brightline Engage")
        assert pane(app).plan.whitespace.cell("Riverside Hospital", "Brightline Engage").value == 10
        assert "Riverside Hospital × Brightline Engage: open, 10" in visible_text(app)
        await pilot.press("X")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "asked first")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "back")
        assert pane(app).plan.whitespace.offerings == ("Scheduling", "Reminders", "Analytics", "Telehealth")
        await pilot.press("x", "y")
        await wait_until(pilot, lambda: pane(app).plan.whitespace.units == UNITS[1:], "the row deleted")
        await pilot.press("alt+down")
        assert pane(app).plan.whitespace.units == ("Harbor View", "Lakeside", "St. Mary's")


async def test_a_name_the_map_has_already_is_refused_in_the_prompt(tmp_path: Path) -> None:
    app = new_app(sample_db(tmp_path, Whitespace(UNITS, OFFERINGS)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan_at(pilot, "whitespace")
        await pilot.press("u", *"lakeside", "enter")
        assert isinstance(app.screen, PromptScreen)
        assert "'lakeside' is listed twice" in visible_text(app)
        await pilot.press("escape")
        assert pane(app).plan.whitespace.units == UNITS


async def test_the_coach_jumps_to_the_cell_it_flags(tmp_path: Path) -> None:
    ws = ws_.set_cell(Whitespace(UNITS, OFFERINGS), "Harbor View", "Analytics", status="open", value=40_000)
    app = new_app(sample_db(tmp_path, ws))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "review")
        wizard.open_step("whitespace", ws_.cell_id("Harbor View", "Analytics"))
        await settle_in_step(pilot)
        await wait_until(pilot, lambda: pane(app).current() == ("Harbor View", "Analytics"), "the flagged cell")
        assert "Harbor View × Analytics: open, 40k, pursued by" in visible_text(app)
        assert "⚠" in visible_text(app)


async def test_the_preview_shows_the_map(tmp_path: Path) -> None:
    ws = ws_.set_cell(Whitespace(UNITS, OFFERINGS), "Lakeside", "Scheduling", status="open", value=180_000)
    app = new_app(sample_db(tmp_path, ws))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan_at(pilot, "whitespace")
        await pilot.press("f5")
        await wait_until(pilot, lambda: "Whitespace map" in visible_text(app), "the preview's jump list")
        await pilot.press("j")
        jump = app.screen.query_one("#preview-jump", OptionList)
        while "Whitespace map" not in str(jump.get_option_at_index(jump.highlighted or 0).prompt):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Lakeside" in visible_text(app), "the map's table")
        screen = visible_text(app)
        assert "open 180k" in screen and "Open opportunities" in screen, screen


def test_help_lists_the_maps_keys() -> None:
    from rich.console import Console

    console = Console(width=120, record=True)
    console.print(keys_table())
    text = console.export_text()
    for what in ("Whitespace map", "Add a business unit (row)", "Rename the offering (column)", "Clear the cell"):
        assert what in text
    ids = [b.id for b in WhitespacePane.BINDINGS]
    assert all(ids) and len(set(ids)) == len(ids)


# --- snapshots ------------------------------------------------------------------------------


def filled_map() -> Whitespace:
    ws = Whitespace(UNITS, OFFERINGS)
    for r, presses in enumerate(SPACES):
        for c, times in enumerate(presses):
            status = ("in use", "open", "competitor", "not a fit")[times - 1]
            ws = ws_.set_cell(ws, UNITS[r], OFFERINGS[c], status=status, value=float((r + 1) * (c + 2) * 25_000))
    return ws_.set_cell(ws, "Lakeside", "Scheduling", pursued_by_id="s-expand-sites")


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_snapshot_of_the_filled_map(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    db = sample_db(tmp_path, filled_map())

    async def open_map(pilot) -> None:
        steady_cursors(pilot)
        plan_id = pilot.app.plans()[0].id
        await pilot.app.push_screen(WizardScreen(plan_id, "whitespace", ws_.cell_id("Lakeside", "Engage")))
        await settle_in_step(pilot)
        await wait_until(pilot, lambda: pane(pilot.app).current() == ("Lakeside", "Engage"), "the cell")
        await steady_screen(pilot)

    assert snap_compare(new_app(db), terminal_size=size, run_before=open_map)


def test_snapshot_of_the_cell_form(snap_compare, tmp_path: Path) -> None:
    db = sample_db(tmp_path, filled_map())

    async def open_form(pilot) -> None:
        steady_cursors(pilot)
        plan_id = pilot.app.plans()[0].id
        await pilot.app.push_screen(WizardScreen(plan_id, "whitespace", ws_.cell_id("Lakeside", "Scheduling")))
        await settle_in_step(pilot)
        await wait_until(pilot, lambda: pane(pilot.app).current() == ("Lakeside", "Scheduling"), "the cell")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, CellForm), "the form")
        await steady_screen(pilot)

    assert snap_compare(new_app(db), terminal_size=(80, 24), run_before=open_form)

