"""A plan that stays alive, in the app: mark a review held, see what changed, browse the history.

Each test drives the real app on a real store in tmp_path and checks what
the user sees and what is on disk. Snapshots are written by the session's
writer thread; ``session.flush()`` waits for them (no sleeps).
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, TextArea
from ui_helpers import new_app, notifications, settle_in_step, steady_cursors, visible_text, wait_until

import acct_tui.clock
from acct_tui.edit import update_node
from acct_tui.history import History
from acct_tui.model import Plan
from acct_tui.sample import sample_plan
from acct_tui.store import PlanStore
from screens.dialogs import ConfirmScreen, PromptScreen
from screens.help import keys_table
from screens.history import ChangesScreen, HistoryScreen, SnapshotPreviewScreen
from screens.wizard import WizardScreen

TODAY = date(2026, 11, 23)
NOTE = "QBR with Maria: renewal on track"
GOAL = "g-revenue"
NEW_GOAL = "Grow revenue by 15% with the imaging upsell"


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today is TODAY everywhere the app asks; local time is UTC (the lists show local times)."""
    monkeypatch.setattr(acct_tui.clock, "today", lambda: TODAY)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def stored(tmp_path: Path, plan: Plan | None = None) -> tuple[Path, Plan]:
    """The sample, stored, with no review marked yet."""
    plan = plan or replace(sample_plan(today=TODAY), updated=datetime(2026, 11, 22, 9, 30, tzinfo=UTC))
    plan = replace(plan, reviewed=None)
    db = tmp_path / "plans.json"
    with PlanStore(db) as store:
        store.save(plan)
    return db, plan


async def open_wizard(pilot, plan_id: str, step: str = "facts") -> WizardScreen:
    await pilot.app.push_screen(WizardScreen(plan_id, step))
    await settle_in_step(pilot)
    wizard = pilot.app.screen
    assert isinstance(wizard, WizardScreen)
    return wizard


def snapshots(app, plan_id: str, kinds: tuple[str, ...] = ("review", "export", "restore")):
    """What the plan's history holds on disk, once the session wrote what it queued.

    The day's first save also keeps a "daily" snapshot of the plan as it was
    (``acct_tui.store``); most tests look only at the ones the user asked for.
    """
    assert app.session.flush()
    return [s for s in app.store.history(plan_id).snapshots() if s.kind in kinds]


async def mark_review(pilot, note: str = NOTE) -> None:
    await pilot.press("ctrl+r")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen), "the note dialog opens")
    await pilot.press(*note)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen), "the dialog closes")


def rename_goal(app, plan_id: str, title: str = NEW_GOAL) -> None:
    """The edit a goal form makes (through the app's edit session, as every pane does)."""
    app.update_plan(update_node(app.plan(plan_id), GOAL, title=title))


# --- marking a review held ------------------------------------------------------


async def test_ctrl_r_marks_the_review_held_with_a_note_and_keeps_a_snapshot(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id, "tactics")  # any step
        await mark_review(pilot)
        assert app.plan(plan.id).reviewed == TODAY
        [snap] = snapshots(app, plan.id)
        assert (snap.kind, snap.note) == ("review", NOTE)
        assert app.store.history(plan.id).load(snap.id).reviewed == TODAY  # taken after the edit
        with PlanStore(db, readonly=True) as reader:
            assert reader.get(plan.id).reviewed == TODAY
        assert f"Review held on {TODAY.isoformat()} marked; snapshot kept." in notifications(app)[-1]
        assert "set the next one" not in notifications(app)[-1]  # the next review is ahead
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.plan(plan.id).reviewed is None  # one undo step
        assert "Undid: Mark review held" in notifications(app)


async def test_escape_in_the_note_dialog_marks_nothing(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id, "review")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), "the note dialog opens")
        await pilot.press(*"half a note", "escape")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert app.plan(plan.id).reviewed is None
        assert snapshots(app, plan.id) == []


async def test_a_past_next_review_date_is_pointed_out(tmp_path: Path) -> None:
    base = replace(sample_plan(today=TODAY), review=date(2026, 11, 1))
    db, plan = stored(tmp_path, base)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id)
        await mark_review(pilot, "")  # an empty note is allowed
        assert "The next review date (2026-11-01) has passed: set the next one" in notifications(app)[-1]
        assert [s.note for s in snapshots(app, plan.id)] == [""]


async def test_the_palette_marks_a_review_held(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette opens")
        await pilot.press(*"Mark review held")
        await wait_until(pilot, lambda: "Mark review held" in visible_text(app), "the command is offered")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), "the note dialog opens")
        titles = {command.title for command in app.get_system_commands(app.screen_stack[-2])}
        assert {"Mark review held", "Show changes since the last review"} <= titles
        assert any(title.startswith("History") for title in titles)


def test_help_lists_the_history_keys() -> None:
    from rich.console import Console

    console = Console(width=120, record=True)
    console.print(keys_table())
    text = console.export_text()
    for words in ("Mark review held", "Show changes since the last review", "Restore the snapshot"):
        assert words in text
    assert "ctrl+r" in text and "f4" in text and "f8" in text


# --- what changed ---------------------------------------------------------------


async def test_changes_show_what_changed_since_the_last_review(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    with PlanStore(db) as store:  # an older snapshot, before the review: not the default
        store.take_snapshot(update_node(plan, GOAL, title="An older goal"), "export", "internal → ./plan.md")
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id)
        await mark_review(pilot)
        rename_goal(app, plan.id)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangesScreen), "the changes open")
        await wait_until(pilot, lambda: "Since the last review" in visible_text(app), "the diff is shown")
        await wait_until(pilot, lambda: "imaging upsell" in visible_text(app), "the goal's change is shown")
        assert NOTE[:15] in visible_text(app)  # which review, in the picker
        assert "An older goal" not in app.screen.markdown


async def test_changes_without_snapshots_say_how_to_start(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id)
        await pilot.press("f4")
        await wait_until(pilot, lambda: "No snapshots of this plan yet" in visible_text(app), "the empty state")
        assert "Since…" not in visible_text(app)  # nothing to pick from


async def test_changes_without_a_review_compare_from_the_oldest_snapshot(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    with PlanStore(db) as store:
        store.take_snapshot(plan, "export", "internal → ./plan.md")
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id)
        rename_goal(app, plan.id)
        await pilot.press("f4")
        await wait_until(pilot, lambda: "No review marked yet" in visible_text(app), "the no-review headline")
        await wait_until(pilot, lambda: "imaging upsell" in visible_text(app), "the goal's change is shown")


# --- browsing the history ---------------------------------------------------------


async def open_history(pilot) -> HistoryScreen:
    await pilot.press("f8")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, HistoryScreen), "the history opens")
    screen = pilot.app.screen
    await wait_until(pilot, lambda: "snapshot" in visible_text(pilot.app).splitlines()[0], "the list is read")
    return screen


async def test_history_lists_snapshots_and_previews_one_read_only(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id)
        await mark_review(pilot)
        rename_goal(app, plan.id)
        await open_history(pilot)
        screen_text = visible_text(app)
        assert "2 snapshots" in screen_text and NOTE in screen_text and "review" in screen_text
        assert "daily" in screen_text  # the plan as it was before the day's first save
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SnapshotPreviewScreen), "the preview opens")
        preview = app.screen
        assert not preview.query(Input) and not preview.query(TextArea)  # nothing to type into
        assert "read-only" in visible_text(app)
        assert "imaging upsell" not in preview.markdown_text  # the snapshot, not the current plan
        current = app.plan(plan.id)
        await pilot.press("a", "d", "delete", "ctrl+z", "ctrl+r", "x")  # no key here edits anything
        await pilot.pause()
        assert app.plan(plan.id) is current and app.screen is preview
        await pilot.press("e")  # exports this snapshot, not the current plan through the wizard
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), "export asks where")
        assert "Export the snapshot of" in visible_text(app)
        assert "Grow revenue in the account by 10%" in preview.markdown_text


async def test_restore_replaces_the_plan_and_ctrl_z_brings_the_newer_back(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot, plan.id)
        await mark_review(pilot)
        rename_goal(app, plan.id)
        await open_history(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "restore asks first")
        assert "Restore the snapshot of" in visible_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is wizard, "back in the wizard")
        goal = app.plan(plan.id).goals[0]
        assert goal.title.startswith("Grow revenue in the account")  # the snapshot's version
        assert wizard.plan is app.plan(plan.id)  # the wizard shows it
        kinds = [(s.kind, s.note) for s in snapshots(app, plan.id)]
        assert kinds[0] == ("review", NOTE) and kinds[1][0] == "restore"
        kept = app.store.history(plan.id).load(snapshots(app, plan.id)[1].id)
        assert kept.goals[0].title == NEW_GOAL  # the version before the restore is kept
        with PlanStore(db, readonly=True) as reader:
            assert reader.get(plan.id).goals[0].title.startswith("Grow revenue in the account")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.plan(plan.id).goals[0].title == NEW_GOAL
        assert any(n.startswith("Undid: Restore snapshot of") for n in notifications(app))


async def test_cancelled_restore_changes_nothing(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id)
        await mark_review(pilot)
        rename_goal(app, plan.id)
        await open_history(pilot)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "restore asks first")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert app.plan(plan.id).goals[0].title == NEW_GOAL
        assert [s.kind for s in snapshots(app, plan.id)] == ["review"]


async def test_export_from_history_writes_the_snapshot(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    target = tmp_path / "old-plan.md"
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id)
        await mark_review(pilot)
        rename_goal(app, plan.id)
        await open_history(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, PromptScreen), "export asks where")
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_until(pilot, target.exists, "the file is written")
        text = target.read_text(encoding="utf-8")
        assert "Grow revenue in the account by 10%" in text and "imaging upsell" not in text
        await wait_until(pilot, lambda: any("Exported the snapshot" in n for n in notifications(app)), "toast")


async def test_c_in_history_compares_from_that_snapshot(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id)
        await mark_review(pilot)
        rename_goal(app, plan.id)
        await open_history(pilot)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChangesScreen), "the changes open")
        assert app.screen.since == snapshots(app, plan.id)[0].id
        await wait_until(pilot, lambda: "imaging upsell" in visible_text(app), "the goal's change is shown")


async def test_the_export_step_keeps_an_export_snapshot(tmp_path: Path) -> None:
    db, plan = stored(tmp_path)
    target = tmp_path / "plan.md"
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_wizard(pilot, plan.id, "export")
        wizard.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+e")
        await wait_until(pilot, target.exists, "the export is written")
        [snap] = snapshots(app, plan.id)
        assert snap.kind == "export"
        assert snap.note == f"internal → {target}"


# --- how the new screens look at 80×24 ------------------------------------------------


def snapshot_db(tmp_path: Path) -> tuple[Path, Plan]:
    """The sample with a review kept on 2026-11-01 and an export, then a goal renamed (fixed times)."""
    plan = replace(sample_plan(today=TODAY), updated=datetime(2026, 11, 1, 9, 0, tzinfo=UTC))
    db = tmp_path / "plans.json"
    with PlanStore(db) as store:
        store.save(replace(update_node(plan, GOAL, title=NEW_GOAL), updated=datetime(2026, 11, 22, 9, 30, tzinfo=UTC)))
        history = History(store.folder, plan.id)
        history.take(plan, "review", NOTE, when=datetime(2026, 11, 1, 10, 0, tzinfo=UTC), health=100)
        history.take(
            plan, "export", "internal → ./northwind-health-plan.md", when=datetime(2026, 11, 2, 16, 30, tzinfo=UTC), health=100
        )
    return db, plan


def test_review_note_dialog_snapshot(snap_compare, tmp_path: Path) -> None:
    db, plan = snapshot_db(tmp_path)

    async def ask(pilot) -> None:
        steady_cursors(pilot)
        await open_wizard(pilot, plan.id, "review")
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, PromptScreen), "the note dialog opens")

    assert snap_compare(new_app(db), terminal_size=(80, 24), run_before=ask)


def test_history_screen_snapshot(snap_compare, tmp_path: Path) -> None:
    db, plan = snapshot_db(tmp_path)

    async def show(pilot) -> None:
        steady_cursors(pilot)
        await open_wizard(pilot, plan.id)
        await open_history(pilot)

    assert snap_compare(new_app(db), terminal_size=(80, 24), run_before=show)


def test_changes_screen_snapshot(snap_compare, tmp_path: Path) -> None:
    db, plan = snapshot_db(tmp_path)

    async def show(pilot) -> None:
        steady_cursors(pilot)
        await open_wizard(pilot, plan.id)
        await pilot.press("f4")
        await wait_until(pilot, lambda: "imaging upsell" in visible_text(pilot.app), "the diff is shown")

    assert snap_compare(new_app(db), terminal_size=(80, 24), run_before=show)


async def test_the_history_is_read_after_the_session_wrote_what_it_queued(tmp_path: Path) -> None:
    """A review marked a moment ago is in the list: the screens flush the session before reading."""
    db, plan = stored(tmp_path)
    app = new_app(db)
    events: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot, plan.id)
        flush, history = app.session.flush, app.store.history
        app.session.flush = lambda *a, **k: events.append("flush") or flush(*a, **k)  # type: ignore[method-assign]
        app.store.history = lambda plan_id: events.append("read") or history(plan_id)  # type: ignore[method-assign]
        for key, screen in (("f8", HistoryScreen), ("f4", ChangesScreen)):
            events.clear()
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, screen) and "read" in events, "the history is read")
            assert events.index("flush") < events.index("read")
            await pilot.press("escape")
