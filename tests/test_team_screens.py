"""The app in a team folder (issue 11): sync (ctrl+g), the conflict view, who changed what.

Driven like a user on real stores in tmp_path. Sync runs the real ``git``
through ``acct_tui.team`` against a bare repository in tmp_path (two clones,
two "reps"); nothing reaches beyond this machine. Each repository gets its
own user.name/email in its config, never the global one.
"""

from __future__ import annotations

import asyncio
import subprocess
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input
from ui_helpers import new_app, notifications, screen_text, settle_in_step, steady_cursors, visible_text, wait_until

from acct_tui import team
from acct_tui.merge import Conflict, load_conflicts, save_conflicts
from acct_tui.model import Plan
from acct_tui.store import PlanStore
from screens.conflicts import ConflictScreen
from screens.external_change import ExternalChangeScreen
from screens.history import HistoryScreen
from screens.wizard import WizardScreen

ROOT = Path(__file__).resolve().parent.parent

PLAN_ID = "northwind01"
PLAN = Plan(name="Northwind Health", industry="Healthcare", owner="Dana", id=PLAN_ID)


@pytest.fixture(autouse=True)
def git_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git sees only this test's config, and its merge driver runs this checkout's acct_tui.

    The driver is ``python -m acct_tui merge-driver``, run by git in the team
    folder: without PYTHONPATH it would import whatever acct_tui the venv has
    installed, not the code under test.
    """
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(name, raising=False)


def git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, check=True, capture_output=True, text=True, stdin=subprocess.DEVNULL
    ).stdout


def as_rep(folder: Path, name: str) -> None:
    """This clone's commits are by ``name`` (repo config, never global)."""
    git(folder, "config", "user.name", name)
    git(folder, "config", "user.email", f"{name.lower()}@example.com")


def team_of_two(tmp_path: Path) -> tuple[Path, Path]:
    """A bare remote and two team folders on it, both holding PLAN: (mine, theirs)."""
    remote = tmp_path / "remote.git"
    remote.mkdir()
    git(remote, "init", "--bare", "-q")
    mine = tmp_path / "mine"
    with PlanStore(mine) as store:
        store.save(PLAN)
    git(mine, "init", "-q")
    as_rep(mine, "Ana")
    team.init(mine)
    git(mine, "remote", "add", "origin", str(remote))
    assert team.sync(mine).pushed
    theirs = tmp_path / "theirs"
    team.clone(str(remote), theirs)
    as_rep(theirs, "Ben")
    return mine, theirs


def edit_and_sync(folder: Path, **changes: object) -> None:
    """Another rep changes the plan in their folder and syncs."""
    with PlanStore(folder) as store:
        store.save(replace(store.get(PLAN_ID), **changes))
    assert team.sync(folder).pushed


def on_disk(folder: Path) -> Plan:
    with PlanStore(folder, readonly=True) as store:
        return store.get(PLAN_ID)


async def open_plan(pilot) -> WizardScreen:
    await pilot.press("o")
    await settle_in_step(pilot)
    assert isinstance(pilot.app.screen, WizardScreen)
    return pilot.app.screen


async def synced(pilot, before: int) -> str:
    """Wait until the sync's result toast came (after ``before`` toasts); its text."""
    app = pilot.app
    await wait_until(pilot, lambda: not any(w.group == "sync" and not w.is_finished for w in app.workers), "sync ends")
    await pilot.pause()
    return "\n".join(notifications(app)[before:])


# --- sync --------------------------------------------------------------------------


async def test_sync_merges_their_edit_into_the_open_plan_and_mine_goes_to_them(tmp_path: Path) -> None:
    mine, theirs = team_of_two(tmp_path)
    with PlanStore(theirs) as store:
        store.save(Plan(name="Beta Foods", id="beta01"))  # theirs: a new plan
    edit_and_sync(theirs, owner="Ben Ortiz")  # and another field of the same plan
    app = new_app(mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        field = app.screen.query_one("#inline-industry", Input)
        field.focus()
        await pilot.press("end", *" IT")  # mine: typed, not yet saved: the sync saves it first
        before = len(notifications(app))
        await pilot.press("ctrl+g")
        told = await synced(pilot, before)
        assert "Syncing with the team…" in told, told
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen) and app.screen.plan.owner == "Ben Ortiz", "the merged plan shows")
        await settle_in_step(pilot)
        assert app.screen.query_one("#inline-owner", Input).value == "Ben Ortiz"
        assert app.screen.query_one("#inline-industry", Input).value == "Healthcare IT"
        app.screen.query_one("#inline-industry", Input).focus()
        await pilot.press("end", *" too")  # saving goes on, on the merged file (no StoreChanged)
        assert await asyncio.to_thread(app.session.flush)
        assert not isinstance(app.screen, ExternalChangeScreen)
        assert [entry.name for entry in app.catalog()] == ["Beta Foods", "Northwind Health"]
    assert (on_disk(mine).industry, on_disk(mine).owner) == ("Healthcare IT too", "Ben Ortiz")
    team.sync(theirs)
    assert (on_disk(theirs).industry, on_disk(theirs).owner) == ("Healthcare IT", "Ben Ortiz")


async def test_typing_goes_on_while_git_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine, _ = team_of_two(tmp_path)
    gate = threading.Event()
    real_sync = team.sync

    def held_sync(folder: Path, **options: object) -> team.SyncResult:
        gate.wait(timeout=30)  # git "takes seconds": until the test has typed
        return real_sync(folder, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(team, "sync", held_sync)
    app = new_app(mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        field = app.screen.query_one("#inline-industry", Input)
        field.focus()
        await pilot.press("ctrl+g")
        await pilot.press("end", *" IT")
        assert field.value == "Healthcare IT"
        gate.set()
        await synced(pilot, 0)
        assert app.screen.query_one("#inline-industry", Input).value == "Healthcare IT"


async def test_both_changed_one_field_the_sync_shows_the_conflict_and_keep_theirs_settles_it(tmp_path: Path) -> None:
    mine, theirs = team_of_two(tmp_path)
    edit_and_sync(theirs, industry="Health care")
    app = new_app(mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        app.screen.query_one("#inline-industry", Input).focus()
        await pilot.press("end", *" IT")
        await pilot.press("ctrl+g")
        await synced(pilot, 0)
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen), "the conflict view shows")
        await pilot.pause()
        text = visible_text(app)
        assert "Healthcare IT" in text and "Health care" in text and "<<<<<<<" not in text
        assert on_disk(mine).industry == "Healthcare IT"  # the merge kept mine in the plan file
        await pilot.press("t")
        await settled_on_disk(pilot, 0)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)
        assert app.screen.query_one("#inline-industry", Input).value == "Health care"
    assert on_disk(mine).industry == "Health care"


async def test_typed_while_git_brought_their_changes_asks_and_overwrites_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, theirs = team_of_two(tmp_path)
    edit_and_sync(theirs, owner="Ben Ortiz")
    gate = threading.Event()
    real_sync = team.sync

    def held_sync(folder: Path, **options: object) -> team.SyncResult:
        gate.wait(timeout=30)
        return real_sync(folder, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(team, "sync", held_sync)
    app = new_app(mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        app.screen.query_one("#inline-industry", Input).focus()
        await pilot.press("ctrl+g")
        await pilot.press("end", *" IT")  # after the sync's save: still only in memory
        gate.set()
        await synced(pilot, 0)
        await wait_until(pilot, lambda: isinstance(app.screen, ExternalChangeScreen), "the app asks")
        assert on_disk(mine).owner == "Ben Ortiz"  # git's merge is on disk, not overwritten
        await pilot.press("k")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "the plan reopens")
        assert await asyncio.to_thread(app.session.flush)
    with PlanStore(mine, readonly=True) as store:
        plans = {plan.name: plan for plan in store.plans()}
    assert plans["Northwind Health"].owner == "Ben Ortiz"
    assert plans["Northwind Health (my copy)"].industry == "Healthcare IT"


async def test_sync_outside_a_team_folder_says_how_to_make_one(tmp_path: Path) -> None:
    db = tmp_path / "plans"
    with PlanStore(db) as store:
        store.save(PLAN)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Sync with the team" not in [c.title for c in app.get_system_commands(app.screen)]
        await pilot.press("ctrl+g")
        await pilot.pause()
        (said,) = notifications(app)
        assert said.startswith("This folder is not shared with a team") and "acct-tui team init PATH" in said


async def test_the_palette_offers_sync_in_a_team_folder(tmp_path: Path) -> None:
    mine, _ = team_of_two(tmp_path)
    app = new_app(mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Sync with the team" in [c.title for c in app.get_system_commands(app.screen)]
        await open_plan(pilot)
        assert "Sync with the team" in [c.title for c in app.get_system_commands(app.screen)]


async def test_a_broken_repository_is_one_clear_toast_and_nothing_is_lost(tmp_path: Path) -> None:
    db = tmp_path / "plans"
    with PlanStore(db) as store:
        store.save(PLAN)
    (db / ".git").mkdir()  # looks like a team folder; git says it is not a repository
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        app.screen.query_one("#inline-industry", Input).focus()
        await pilot.press("end", *" IT")
        await pilot.press("ctrl+g")
        told = await synced(pilot, 0)
        assert "Not synced:" in told and "Traceback" not in told
        assert app.screen.query_one("#inline-industry", Input).value == "Healthcare IT"
    assert on_disk(db).industry == "Healthcare IT"


# --- the conflict view -------------------------------------------------------------------


def two_conflicts() -> list[Conflict]:
    return [
        Conflict("plan", PLAN_ID, "industry", "Industry", "Healthcare", "Healthcare IT", "Health care"),
        Conflict("plan", PLAN_ID, "owner", "Owner", "Dana", "Ana Lopez", "Ben Ortiz"),
    ]


@pytest.fixture
def conflicted(tmp_path: Path) -> Path:
    """A team folder (a git repository of plans) where a merge left two conflicts; the plan holds mine."""
    folder = tmp_path / "team"
    with PlanStore(folder) as store:
        store.save(replace(PLAN, industry="Healthcare IT", owner="Ana Lopez"))
    git(folder, "init", "-q")
    save_conflicts(folder, PLAN_ID, two_conflicts())
    return folder


async def open_conflicts(pilot) -> ConflictScreen:
    await pilot.press("o")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConflictScreen), "the conflicts show")
    await pilot.pause()
    return pilot.app.screen


async def settled_on_disk(pilot, count: int) -> None:
    """Wait until the plan is saved and the conflicts file holds ``count`` conflicts."""
    app = pilot.app
    assert await asyncio.to_thread(app.session.flush)
    folder = app.store.folder
    await wait_until(pilot, lambda: len(load_conflicts(folder, PLAN_ID)) == count, f"{count} conflicts on disk")


async def test_the_accounts_list_marks_a_plan_with_conflicts(conflicted: Path) -> None:
    app = new_app(conflicted)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "⚠ 2 conflicts" in visible_text(app), "the mark shows")


async def test_opening_the_plan_shows_both_sides_and_keep_theirs_saves_theirs(conflicted: Path) -> None:
    app = new_app(conflicted)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_conflicts(pilot)
        text = visible_text(app)
        for shown in ("Northwind Health · 2 conflicts", "Industry", "Owner", "Healthcare IT", "Health care"):
            assert shown in text
        await pilot.press("t")  # the first conflict: Industry
        await settled_on_disk(pilot, 1)
        assert on_disk(conflicted).industry == "Health care"
        assert [c.field for c in screen.remaining] == ["owner"]
        await pilot.press("m")  # Owner: mine
        await settled_on_disk(pilot, 0)
        assert not (conflicted / "plans" / f"{PLAN_ID}.conflicts.json").exists()
        assert any("All conflicts settled" in note for note in notifications(app))
    assert (on_disk(conflicted).industry, on_disk(conflicted).owner) == ("Health care", "Ana Lopez")


async def test_undo_puts_the_value_and_the_conflict_back(conflicted: Path) -> None:
    app = new_app(conflicted)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_conflicts(pilot)
        await pilot.press("t")
        await settled_on_disk(pilot, 1)
        await pilot.press("ctrl+z")
        await settled_on_disk(pilot, 2)
        assert [c.field for c in screen.remaining] == ["industry", "owner"]
        assert "Health care" in visible_text(app)
    assert on_disk(conflicted).industry == "Healthcare IT"


async def test_edit_starts_from_mine_and_saves_what_was_typed(conflicted: Path) -> None:
    app = new_app(conflicted)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_conflicts(pilot)
        await pilot.press("enter")  # as "e"
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert field.value == "Healthcare IT"
        await pilot.press("end", *" and care", "enter")
        await settled_on_disk(pilot, 1)
        assert isinstance(app.screen, ConflictScreen)
    assert on_disk(conflicted).industry == "Healthcare IT and care"
    assert [c.field for c in load_conflicts(conflicted, PLAN_ID)] == ["owner"]


async def test_user_text_in_a_conflict_is_not_markup(tmp_path: Path) -> None:
    folder = tmp_path / "team"
    with PlanStore(folder) as store:
        store.save(replace(PLAN, industry="[b]bold[/b]"))
    git(folder, "init", "-q")
    save_conflicts(folder, PLAN_ID, [Conflict("plan", PLAN_ID, "industry", "Industry [x]", "a", "[b]bold[/b]", "[red]x")])
    app = new_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_conflicts(pilot)
        text = visible_text(app)
        assert "[b]bold[/b]" in text and "[red]x" in text and "Industry [x]" in text


def test_the_conflict_view_at_80x24(snap_compare, conflicted: Path) -> None:
    async def open_it(pilot) -> None:
        steady_cursors(pilot)
        await open_conflicts(pilot)

    assert snap_compare(new_app(conflicted), terminal_size=(80, 24), run_before=open_it)


# --- who changed what -------------------------------------------------------------------


async def test_history_lists_the_team_commits_of_the_plan(tmp_path: Path) -> None:
    mine, theirs = team_of_two(tmp_path)
    edit_and_sync(theirs, owner="Ben Ortiz")
    team.sync(mine)
    app = new_app(mine)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "history opens")
        table = app.screen.query_one("#team-log", DataTable)
        await wait_until(pilot, lambda: table.row_count >= 2, "the commits show")
        authors = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
        assert authors[0] == "Ben" and "Ana" in authors
        assert "Who changed what" in screen_text(app)


async def test_history_outside_a_team_folder_has_no_commit_list(tmp_path: Path) -> None:
    db = tmp_path / "plans"
    with PlanStore(db) as store:
        store.save(PLAN)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_plan(pilot)
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen), "history opens")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.screen.query_one("#team-log").display


async def test_long_text_is_wrapped_and_edited_on_several_lines(tmp_path: Path) -> None:
    from acct_tui.model import Vision
    from screens.conflicts import TextPromptScreen
    from screens.text_fields import SafeTextArea

    mine = "Be the partner Northwind calls first\nfor every clinical system it buys, in every region"
    folder = tmp_path / "team"
    with PlanStore(folder) as store:
        store.save(replace(PLAN, vision=Vision(statement=mine)))
    git(folder, "init", "-q")
    conflict = Conflict("plan", PLAN_ID, "vision.statement", "Vision", "", mine, "Their short vision")
    save_conflicts(folder, PLAN_ID, [conflict])
    app = new_app(folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_conflicts(pilot)
        assert "every region" in visible_text(app)  # wrapped in its column, not cut off
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPromptScreen), "the editor opens")
        area = app.screen.query_one(SafeTextArea)
        assert area.text == mine
        area.move_cursor(area.document.end)
        await pilot.press(*" too", "ctrl+s")
        await settled_on_disk(pilot, 0)
    assert on_disk(folder).vision.statement == mine + " too"


async def test_a_sync_that_brings_nothing_still_shows_the_conflicts_waiting(conflicted: Path) -> None:
    as_rep(conflicted, "Ana")
    app = new_app(conflicted)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+g")
        told = await synced(pilot, 0)
        assert "no remote" in told
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen), "the conflicts show")
