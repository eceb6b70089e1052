"""Undo and redo (ctrl+z / ctrl+y), driven as a user would: typing, tree and table edits, a deleted plan."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import DataTable, Input, Tree

from acct_tui.sample import SAMPLE_PLAN_ID, sample_plan
from acct_tui.store import PlanStore
from screens.dialogs import ConfirmScreen
from screens.forms import ItemForm
from screens.help import keys_table
from screens.home import HomeScreen
from screens.wizard import WizardScreen
from ui_helpers import new_app, notifications, settle_in_step, stored_plans


def sample_store(db: Path) -> Path:
    with PlanStore(db) as store:
        store.save(sample_plan())
    return db


async def open_sample(pilot, step: str = "facts") -> WizardScreen:
    await pilot.press("enter")
    await settle_in_step(pilot)
    wizard = pilot.app.screen
    assert isinstance(wizard, WizardScreen)
    if step != "facts":
        wizard.open_step(step)
        await settle_in_step(pilot)
    return wizard


def toasts(app) -> list[str]:
    return notifications(app)


async def on_disk(pilot, db: Path):
    """The plans as a second process would read them, once everything typed is written."""
    assert await asyncio.to_thread(pilot.app.session.flush)
    return stored_plans(db)


async def test_typing_in_a_field_is_undone_as_one_step_and_redone(tmp_path: Path) -> None:
    db = sample_store(tmp_path / "plans.json")
    app = new_app(db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        wizard = await open_sample(pilot)
        field = wizard.query_one("#inline-industry", Input)
        original = field.value
        field.focus()
        await pilot.press("end", *" & care")
        assert field.value == original + " & care"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert field.value == original, "the whole word typed is one undo step"
        assert "Undid: change the industry" in toasts(app)
        assert (await on_disk(pilot, db))[0].industry == original
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert field.value == original + " & care"
        assert "Redid: change the industry" in toasts(app)
        assert (await on_disk(pilot, db))[0].industry == original + " & care"


async def test_deleting_a_strategy_with_its_children_is_undone(tmp_path: Path) -> None:
    db = sample_store(tmp_path / "plans.json")
    strategy = sample_plan().goals[0].strategies[0]
    app = new_app(db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        wizard = await open_sample(pilot, "strategies")
        tree = wizard.query_one("#tree-strategies", Tree)
        line = next(n for n in range(tree.last_line + 1) if tree.get_node_at_line(n).data == strategy.id)
        tree.cursor_line = line
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert strategy.id not in [s.id for s in app.plan(SAMPLE_PLAN_ID).goals[0].strategies]
        await pilot.press("ctrl+z")
        await pilot.pause()
        restored = app.plan(SAMPLE_PLAN_ID).goals[0].strategies[0]
        assert restored == strategy, "back where it was, with its initiatives and tactics"
        assert any(t.startswith("Undid: delete strategy") and "item(s) under it" in t for t in toasts(app))
        assert any(tree.get_node_at_line(n).data == strategy.id for n in range(tree.last_line + 1))
        assert (await on_disk(pilot, db))[0].goals[0].strategies[0] == strategy


async def test_adding_a_stakeholder_is_undone_in_the_table(tmp_path: Path) -> None:
    db = sample_store(tmp_path / "plans.json")
    app = new_app(db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        wizard = await open_sample(pilot, "relationships")
        table = wizard.query_one("#table-relationships", DataTable)
        rows = table.row_count
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ItemForm)
        form.query_one("#field-name", Input).focus()
        await pilot.press(*"Bo Ng", "ctrl+s")
        await pilot.pause()
        assert table.row_count == rows + 1
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert table.row_count == rows
        assert "Undid: add stakeholder “Bo Ng”" in toasts(app)


async def test_the_wizard_never_undoes_its_own_plan_away(tmp_path: Path) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("n", *"Acme", "enter")
        await settle_in_step(pilot)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert "Nothing to undo." in toasts(app)
        assert app.plan(app.screen.plan_id).name == "Acme"


async def test_a_deleted_plan_comes_back_with_ctrl_z_on_the_accounts_screen(tmp_path: Path) -> None:
    db = sample_store(tmp_path / "plans.json")
    app = new_app(db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "ctrl+z brings it back" in str(app.screen.question)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert await on_disk(pilot, db) == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        table = app.screen.query_one("#accounts", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "Northwind Health"
        assert "Undid: delete the plan for Northwind Health" in toasts(app)
        (plan,) = await on_disk(pilot, db)
        assert plan.goals == sample_plan().goals
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert table.row_count == 0 or not table.display
        assert await on_disk(pilot, db) == []


async def test_undo_and_redo_are_in_help_and_the_palette(tmp_path: Path) -> None:
    db = sample_store(tmp_path / "plans.json")
    app = new_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_sample(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Undo", "Redo"} <= set(titles)
    from rich.console import Console

    console = Console(width=100, record=True)
    console.print(keys_table())
    text = console.export_text()
    assert "ctrl+z" in text and "Undo" in text and "ctrl+y" in text and "Redo" in text
