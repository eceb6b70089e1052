"""The app and a store file changed on disk under it (issue 7): it asks, never overwrites.

Driven like a user: a plan is open and edited, then its file is really
replaced on disk (the backup restored with a copy, as a user would with `cp`),
and the next edit's save must stop and ask.
"""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import replace
from pathlib import Path

from textual.widgets import Input

from acct_tui.store import PlanStore
from screens.external_change import ExternalChangeScreen
from screens.wizard import WizardScreen
from screens.forms import ItemForm
from ui_helpers import new_app, screen_text, settle_in_step, stored_plans, visible_text, wait_until

PLAN_ID = "northwind01"


def two_sessions_old(db: Path) -> Path:
    """A store with one plan, saved in an earlier session (so this session makes a backup); its file."""
    from acct_tui.model import Plan

    with PlanStore(db) as store:
        store.save(Plan(name="Northwind Health", industry="Healthcare", id=PLAN_ID))
        return store.plan_path(PLAN_ID)


def backup_of(plan_file: Path) -> Path:
    return plan_file.with_name(plan_file.name + ".bak")


async def edit_industry(pilot, text: str) -> None:
    """Type into the open plan's Industry field, then let the save run (and the app see how it went)."""
    field = pilot.app.screen.query_one("#inline-industry", Input)
    field.focus()
    await pilot.pause()
    await pilot.press("end", *text)
    await asyncio.to_thread(pilot.app.session.flush)
    await wait_until(pilot, lambda: pilot.app.save_status == pilot.app.session.status(), "the app shows the save")
    await pilot.pause()


async def choose(pilot, key: str) -> WizardScreen:
    """Answer the dialog; wait (a bounded number of idle turns) for the plan to reopen fresh."""
    old = [screen for screen in pilot.app.screen_stack if isinstance(screen, WizardScreen)]
    await pilot.press(key)
    for _ in range(50):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, WizardScreen) and screen not in old:
            await settle_in_step(pilot)
            return screen
    raise AssertionError("the plan was not reopened")


async def open_and_edit_then_restore_backup(pilot, db: Path, plan_file: Path) -> bytes:
    """Open the plan, edit and save, restore the backup under the app, edit again: the app asks."""
    await pilot.press("o")
    await settle_in_step(pilot)
    await edit_industry(pilot, " IT")
    assert stored_plans(db)[0].industry == "Healthcare IT"
    shutil.copyfile(backup_of(plan_file), plan_file)  # `cp <id>.json.bak <id>.json`: same file, old bytes
    theirs = plan_file.read_bytes()
    await edit_industry(pilot, " and more")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExternalChangeScreen), "the app asks")
    assert plan_file.read_bytes() == theirs
    text = screen_text(pilot.app)
    assert str(db) in text and "Unsaved here: Northwind Health" in text
    painted = visible_text(pilot.app)  # at 80x24 the choices must be on screen, not cut off
    assert "Reload theirs (r)" in painted and "Keep mine as a copy (k)" in painted
    pilot.app.save_now()  # autosave keeps firing: it must not retry over their file
    assert await asyncio.to_thread(pilot.app.session.flush) is False
    assert plan_file.read_bytes() == theirs
    assert sum(isinstance(s, ExternalChangeScreen) for s in pilot.app.screen_stack) == 1  # asked once
    return theirs


async def test_reload_theirs_drops_my_edits_and_shows_their_file(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    plan_file = two_sessions_old(db)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        theirs = await open_and_edit_then_restore_backup(pilot, db, plan_file)
        await choose(pilot, "r")
        assert app.screen.query_one("#inline-industry", Input).value == "Healthcare"
        assert not app.has_unsaved and not app.save_error
        assert "· saved" in screen_text(app)
        assert plan_file.read_bytes() == theirs
        await edit_industry(pilot, " again")  # saving works again, on their file
    assert [p.industry for p in stored_plans(db)] == ["Healthcare again"]


async def test_keep_mine_saves_my_version_as_a_copy_beside_theirs(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    plan_file = two_sessions_old(db)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_and_edit_then_restore_backup(pilot, db, plan_file)
        wizard = await choose(pilot, "k")
        copy = wizard.plan
        assert copy.name == "Northwind Health (my copy)"
        assert app.screen.query_one("#inline-industry", Input).value == "Healthcare IT and more"
        assert not app.has_unsaved
    theirs, mine = stored_plans(db)
    assert (theirs.name, theirs.industry) == ("Northwind Health", "Healthcare")
    assert mine == replace(theirs, name=mine.name, industry=mine.industry, id=mine.id, updated=mine.updated)
    assert mine.id != theirs.id and mine.industry == "Healthcare IT and more"


async def test_a_loose_store_is_made_private_and_the_app_says_so_once(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "plans.json"
    plan_file = two_sessions_old(db)
    plan_file.chmod(0o644)
    shown: list[tuple[str, dict]] = []
    app = new_app(db)
    real_notify = app.notify

    def spy(message: str, **options) -> None:
        shown.append((message, options))
        real_notify(message, **options)

    monkeypatch.setattr(app, "notify", spy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (note,) = [(message, options) for message, options in shown if "private" in message]
        message, options = note
        assert str(plan_file) in message and "0644" in message and options.get("markup") is False
        app.show_notices()  # again: nothing new to say
        await pilot.pause()
        assert len([message for message, _ in shown if "private" in message]) == 1


def test_a_copy_gets_a_fresh_id_and_a_name_no_other_account_has() -> None:
    from acct_tui.edit import copy_of
    from acct_tui.model import SHORT_MAX, Plan

    plan = Plan(name="Northwind Health")
    first = copy_of(plan, {"northwind health"})
    assert (first.name, first.id != plan.id) == ("Northwind Health (my copy)", True)
    taken = {"northwind health", "northwind health (my copy)"}
    assert copy_of(plan, taken).name == "Northwind Health (my copy 2)"
    long = copy_of(Plan(name="x" * SHORT_MAX), set())
    assert len(long.name) == SHORT_MAX and long.name.endswith(" (my copy)")


async def test_keep_mine_keeps_what_an_open_form_holds(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    plan_file = two_sessions_old(db)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await settle_in_step(pilot)
        app.screen.open_step("goals")
        await settle_in_step(pilot)
        plan_id = app.screen.plan_id
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ItemForm)
        await pilot.press(*"Win Q3")
        app.update_plan(replace(app.plan(plan_id), industry="Healthcare IT"))  # an edit still to save
        await asyncio.to_thread(app.session.flush)  # its first save writes the backup
        app.update_plan(replace(app.plan(plan_id), industry="Healthcare IT too"))
        shutil.copyfile(backup_of(plan_file), plan_file)
        app.save_now()
        await wait_until(pilot, lambda: isinstance(app.screen, ExternalChangeScreen), "the app asks")
        wizard = await choose(pilot, "k")
        assert wizard.plan.name == "Northwind Health (my copy)"
    theirs, mine = stored_plans(db)
    assert theirs.goals == () and [goal.title for goal in mine.goals] == ["Win Q3"]
    assert mine.industry == "Healthcare IT too"


async def test_a_damaged_file_left_by_them_is_not_loaded_and_the_app_asks_again(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    plan_file = two_sessions_old(db)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await settle_in_step(pilot)
        await edit_industry(pilot, " IT")
        plan_file.write_bytes(b"{")
        await edit_industry(pilot, " and more")
        await wait_until(pilot, lambda: isinstance(app.screen, ExternalChangeScreen), "the app asks")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ExternalChangeScreen)  # asked again: nothing could be loaded
        assert app.has_unsaved and plan_file.read_bytes() == b"{"
        shutil.copyfile(backup_of(plan_file), plan_file)  # they repair it
        wizard = await choose(pilot, "k")
        assert wizard.plan.industry == "Healthcare IT and more"
    assert [plan.name for plan in stored_plans(db)] == ["Northwind Health", "Northwind Health (my copy)"]
