"""The wizard, driven as a new account manager would: keys only, from an empty store to a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea, Tree

from acct_tui.model import ANALYSIS_KEYS
from screens.dialogs import ConfirmScreen, PromptScreen
from screens.forms import ItemForm
from screens.home import HomeScreen
from screens.stepper import Stepper
from screens.wizard import WizardScreen
from acct_tui.sample import sample_plan
from acct_tui.steps import STEPS, step_index
from acct_tui.store import PlanStore
from screens.help import keys_table
from ui_helpers import (
    FakeClock,
    new_app,
    send_keys,
    screen_text,
    settle_in_step,
    store_with,
    stored_plans,
    type_keys,
    visible_text,
    wait_until,
)


def sample_store(tmp_path: Path) -> Path:
    """A store holding the sample plan."""
    return store_with(tmp_path / "plans.json", sample_plan())


def step_line(key: str) -> str:
    """The line above a step: "Step 4 of 14: Vision" (counted, so a new step moves no test)."""
    return f"Step {step_index(key) + 1} of {len(STEPS)}: {STEPS[step_index(key)].title}"


async def type_text(pilot, text: str) -> None:
    """Type like a user: one key per character (sent at once, handled in order)."""
    await type_keys(pilot, text)


async def fill_form(pilot, **fields: str) -> None:
    """Fill the open item form's one-line fields by name, then save with ctrl+s."""
    form = pilot.app.screen
    assert isinstance(form, ItemForm)
    for name, text in fields.items():
        form.query_one(f"#field-{name}").focus()
        await pilot.pause()
        await type_text(pilot, text)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def start_plan(pilot, name: str = "Northwind Health") -> WizardScreen:
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PromptScreen)
    await type_text(pilot, name)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, WizardScreen)
    return pilot.app.screen


async def next_step(pilot) -> None:
    await pilot.press("alt+right")
    await settle_in_step(pilot)


async def goto_step(pilot, key: str) -> None:
    pilot.app.screen.open_step(key)
    await settle_in_step(pilot)


async def test_empty_store_welcomes_and_explains(tmp_path: Path) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(80, 24)):
        text = screen_text(app)
        assert "Welcome to acct-tui" in text
        assert "five questions" in text
        assert not app.screen.query_one(DataTable).display


async def test_whole_plan_from_empty_store_to_exported_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=(100, 40)) as pilot:
        wizard = await start_plan(pilot)
        assert step_line("facts") in screen_text(app)

        # Facts: the first field is the name; tab to the others.
        await pilot.press("tab")
        await type_text(pilot, "Healthcare")
        await pilot.press("tab")
        await type_text(pilot, "Dana Ruiz")
        await pilot.press("tab")
        await type_text(pilot, "2027-01-01")
        await pilot.press("tab")
        await type_text(pilot, "2027-02-30")
        assert "February 2027 has no day 30" in screen_text(app)
        for _ in range(2):
            await pilot.press("backspace")
        await type_text(pilot, "28")
        await pilot.pause()
        assert "has no day" not in screen_text(app)

        # Analysis: five answers.
        await next_step(pilot)
        assert step_line("analysis") in screen_text(app)
        for key in ANALYSIS_KEYS:
            wizard.query_one(f"#inline-{key}", TextArea).focus()
            await type_text(pilot, f"A-{key[:2]}")
        await next_step(pilot)
        assert step_line("whitespace") in screen_text(app)  # optional: straight on to the vision
        await next_step(pilot)
        assert step_line("vision") in screen_text(app)
        await type_text(pilot, "Partner")
        await pilot.press("tab")
        await type_text(pilot, "Scores fell")

        # Goals.
        await next_step(pilot)
        await pilot.press("a")
        await fill_form(pilot, title="Grow revenue 10%", measure="+10%", due="2027-12-31")
        assert "Goal 1: Grow revenue 10%" in str(wizard.query_one("#tree-goals", Tree).root.children[0].label)

        # Strategies: the goal is shown while adding them.
        await next_step(pilot)
        wizard.query_one("#tree-strategies", Tree).focus()
        await pilot.press("a")
        assert "Goal 1: Grow revenue 10%" in screen_text(app)
        await fill_form(pilot, title="New product")
        assert "Goal 1" in screen_text(app)  # the coach nudges: one strategy only
        assert "plan two, sometimes three" in screen_text(app)
        await pilot.press("a")
        await fill_form(pilot, title="Expand")

        # Initiatives and tactics go under the strategy / initiative the cursor is in.
        await next_step(pilot)
        tree = wizard.query_one("#tree-initiatives", Tree)
        tree.focus()
        await pilot.press("down")  # from Goal 1 to Strategy 1.1
        await pilot.press("a")
        await fill_form(pilot, title="Tie to CSAT")
        await next_step(pilot)
        tree = wizard.query_one("#tree-tactics", Tree)
        tree.focus()
        await pilot.pause()
        await pilot.press("a")
        assert isinstance(app.screen, ItemForm)
        await fill_form(pilot, action="Meet the VP", owner="Dana", due="2027-01-31")

        # Skip to export and write the file.
        for _ in range(7):
            await next_step(pilot)
        assert step_line("export") in screen_text(app)
        await pilot.press("ctrl+e")
        await pilot.pause()

    exported = tmp_path / "northwind-health-plan.md"
    text = exported.read_text()
    assert "Grow revenue 10%" in text
    assert "Meet the VP" in text
    assert "A-in" in text
    [plan] = stored_plans(db)
    assert plan.industry == "Healthcare" and plan.review.isoformat() == "2027-02-28"
    assert plan.vision.statement == "Partner"
    goal = plan.goals[0]
    assert [s.title for s in goal.strategies] == ["New product", "Expand"]
    tactic = goal.strategies[0].initiatives[0].tactics[0]
    assert (tactic.action, tactic.owner, tactic.due.isoformat()) == ("Meet the VP", "Dana", "2027-01-31")


async def test_quit_right_after_typing_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_plan(pilot)
        await pilot.press("tab")
        await type_text(pilot, "Retail")
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not app.is_running  # ctrl+c quit; the save below is the quit's, not the test's
        assert stored_plans(db)[0].industry == "Retail"


async def test_autosave_writes_after_a_pause_without_quitting(tmp_path: Path) -> None:
    """The app's timer ticks the session: once the quiet pause has passed, the text is on disk."""
    db = tmp_path / "plans.json"
    clock = FakeClock()
    app = new_app(db, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_plan(pilot)
        await wait_until(pilot, lambda: not app.has_unsaved, "the new plan is saved")
        await pilot.press("tab")
        await type_text(pilot, "Retail")
        assert app.has_unsaved
        await pilot.pause()
        assert "· saving…" in screen_text(app)
        assert stored_plans(db)[0].industry == ""  # the clock has not moved: no pause yet
        clock.advance(0.8)
        await wait_until(pilot, lambda: stored_plans(db)[0].industry == "Retail", "the timer saves")
        await wait_until(pilot, lambda: "· saved" in screen_text(app), "the title says saved")


async def test_a_failed_save_is_shown_and_the_text_stays(tmp_path: Path, monkeypatch) -> None:
    from acct_tui.store import StoreError

    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_plan(pilot)

        def full_disk(plan):
            raise StoreError(f"can't write {db}: No space left on device")

        monkeypatch.setattr(app.store, "save", full_disk)
        await pilot.press("tab")
        await type_text(pilot, "Retail")
        app.session.flush()
        await wait_until(pilot, lambda: "NOT SAVED" in screen_text(app), "the title says not saved")
        assert app.screen.query_one("#inline-industry", Input).value == "Retail"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "No space left on device" in screen_text(app)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen)


async def test_invalid_field_is_never_saved_and_quit_asks(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_plan(pilot)
        for _ in range(3):
            await pilot.press("tab")
        await type_text(pilot, "2027-13-01")
        assert "there is no month 13" in screen_text(app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Start date" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
    assert stored_plans(db)[0].start is None


NASTY = "[bold]x[/bold] [/ \x1b[31m <b> 🚀 שלום"


async def test_user_text_shows_literally_everywhere(tmp_path: Path) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await start_plan(pilot, NASTY)
        assert "[bold]x[/bold] [/" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert "[bold]x[/bold] [/" in str(table.get_row_at(0)[0])
        await pilot.press("enter")
        await pilot.pause()
        wizard = app.screen
        await goto_step(pilot, "goals")
        await pilot.press("a")
        form = app.screen
        form.query_one("#field-title", Input).insert_text_at_cursor("x" * 250)
        await fill_form(pilot, title="[red]Win[/ ")
        label = str(wizard.query_one("#tree-goals", Tree).root.children[0].label)
        assert "[red]Win[/ " in label
        assert "x" * 250 in label


async def test_delete_asks_naming_the_account(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete the plan for Northwind Health?" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(stored_plans(db)) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert stored_plans(db) == []


async def test_coach_finding_jumps_to_its_fix(tmp_path: Path) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(100, 40)) as pilot:
        wizard = await start_plan(pilot)
        await goto_step(pilot, "review")
        findings = wizard.query_one("#findings")
        findings.focus()
        await pilot.press("enter")  # first finding: an unanswered analysis question
        await pilot.pause()
        assert wizard.step == "analysis"
        assert app.focused is wizard.query_one("#inline-inside", TextArea)


@pytest.mark.parametrize("key", ["f1", "question_mark"])
async def test_help_lists_keys_by_screen(tmp_path: Path, key: str) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.press(key)
        await pilot.pause()
        assert "Accounts (home)" in visible_text(app)
    from rich.console import Console

    console = Console(width=100, record=True, file=open("/dev/null", "w"))
    console.print(keys_table())
    text = console.export_text()
    for where in ("Accounts (home)", "Wizard, any step", "Add / edit form", "Preview"):
        assert where in text
    assert "alt+→" in text and "Next step" in text


async def test_quit_with_a_form_open_keeps_what_was_typed(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_plan(pilot)
        await goto_step(pilot, "goals")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ItemForm)
        await type_text(pilot, "Win Q3")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert [goal.title for goal in stored_plans(db)[0].goals] == ["Win Q3"]


async def test_opening_a_plan_and_quitting_in_one_batch_of_keys_closes_cleanly(tmp_path: Path) -> None:
    """enter then ctrl+q before the wizard is built (keys arriving together): no crash in its
    on_mount or in Textual's Header, and the app ends normally."""
    db = sample_store(tmp_path)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send_keys(pilot, "enter", "ctrl+q")
    assert app.return_code == 0
    assert [plan.name for plan in stored_plans(db)] == [sample_plan().name]


@pytest.mark.parametrize("keys", [("f1", "escape"), ("n", "escape")])
async def test_leaving_the_wizard_before_it_is_built_changes_nothing(tmp_path: Path, keys: tuple[str, ...]) -> None:
    """enter, then keys that leave the wizard before it was built (a help screen closed, the
    accounts again), all in one batch: no crash, and the app goes on."""
    app = new_app(sample_store(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send_keys(pilot, "enter", *keys)
        await wait_until(pilot, lambda: app.screen.is_mounted and not app.screen.query("LoadingIndicator"), "settled")
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_the_app_closing_as_a_plan_opens_closes_cleanly(tmp_path: Path, monkeypatch) -> None:
    """A signal (or the terminal closing) ends the app as the wizard is being built: its mount
    finds its children gone and must not crash."""
    compose = WizardScreen.compose

    def closing_compose(self):
        self.app.exit()  # what SIGTERM does, at the worst moment
        yield from compose(self)

    monkeypatch.setattr(WizardScreen, "compose", closing_compose)
    app = new_app(sample_store(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
    assert app.return_code == 0


async def test_escape_in_a_changed_form_asks_before_discarding(tmp_path: Path) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_plan(pilot)
        await goto_step(pilot, "goals")
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Win")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, ItemForm)
        assert app.screen.query_one("#field-title", Input).value == "Win"


async def test_preview_opens_jumps_and_leads_to_export(tmp_path: Path) -> None:
    from screens.preview import PlanPreview, PreviewScreen

    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s", "enter")
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert "Northwind Health" in visible_text(app)
        await pilot.press("j", "down", "enter")  # the second section: Vision
        await pilot.pause()
        preview = app.screen.query_one(PlanPreview)
        assert preview.scroll_y > 0
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, WizardScreen) and app.screen.step == "export"


async def test_quit_with_an_invalid_form_asks_first(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_plan(pilot)
        await goto_step(pilot, "goals")
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Win")
        app.screen.query_one("#field-due", Input).focus()
        await type_text(pilot, "2027-13-45")
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "the goal form" in screen_text(app)
        await pilot.press("escape")  # stay and fix it
        await pilot.pause()
        assert isinstance(app.screen, ItemForm)
        assert app.screen.query_one("#field-title", Input).value == "Win"


async def test_half_typed_date_is_not_saved_and_the_title_says_so(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await start_plan(pilot)
        wizard.query_one("#inline-review", Input).focus()
        await type_text(pilot, "2027-02-3")
        await pilot.pause()
        assert "write the date as YYYY-MM-DD" in screen_text(app)
        assert "Review date not saved" in screen_text(app)
        await type_text(pilot, "1")
        await pilot.pause()
        assert "February 2027 has no day 31" in screen_text(app)
    assert stored_plans(db)[0].review is None


async def test_editing_facts_updates_last_updated(tmp_path: Path) -> None:
    from dataclasses import replace
    from datetime import datetime, timezone

    db = tmp_path / "plans.json"
    long_ago = datetime(2020, 1, 1, tzinfo=timezone.utc)
    with PlanStore(db) as store:
        store.save(replace(sample_plan(), updated=long_ago))
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle_in_step(pilot)
        await pilot.press("tab")
        await type_text(pilot, "!")
        assert app.plans()[0].updated > long_ago
    assert stored_plans(db)[0].updated > long_ago


async def test_ctrl_pgdn_and_pgup_go_through_every_step_whatever_has_the_focus(tmp_path: Path) -> None:
    """F1 promises ctrl+PgDn/PgUp for the next and previous step. Tables, trees and scrolling panes
    bind them to scroll sideways: the wizard's keys come first (a table on Relationships once kept
    ctrl+PgDn, and the user stayed on the step)."""
    app = new_app(sample_store(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await settle_in_step(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen) and wizard.step == STEPS[0].key
        assert wizard.query_one(Stepper).virtual_size.height == len(STEPS), "one line a step, narrow too (the stepper counts on it)"
        walk = [("ctrl+pagedown", step.key) for step in STEPS[1:]] + [("ctrl+pageup", step.key) for step in STEPS[-2::-1]]
        for key, step in walk:
            focused = type(app.focused).__name__
            await pilot.press(key)
            await wait_until(pilot, lambda: wizard.step == step, f"{key} with the focus on a {focused} opens {step}")
            await settle_in_step(pilot)
        assert step_line(STEPS[0].key) in visible_text(app)


async def test_command_palette_offers_the_screens_actions(tmp_path: Path) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "enter")
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Next step", "Coach", "Preview", "Accounts"} <= set(titles)
        assert "Cut selected text" not in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Preview")
        await pilot.pause()
        assert "Preview" in visible_text(app)


async def test_deleting_a_goal_asks_then_keeps_the_cursor_nearby(tmp_path: Path) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("s", "enter")
        await pilot.pause()
        await goto_step(pilot, "goals")
        tree = app.screen.query_one("#tree-goals", Tree)
        goal_lines = [line for line in range(tree.last_line + 1) if str(tree.get_node_at_line(line).label).startswith("Goal")]
        tree.cursor_line = goal_lines[2]  # Goal 3
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "This also deletes the" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        await pilot.pause()
        assert [g.title[:4] for g in app.plans()[0].goals] == ["Grow", "Rene", "Make"]
        assert str(tree.cursor_node.label).startswith("Goal 2")


async def test_a_second_account_with_the_same_name_is_refused(tmp_path: Path) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "northwind health")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert "There is already an account called northwind health." in screen_text(app)


async def test_a_slow_background_save_never_lands_over_a_newer_one(tmp_path: Path, monkeypatch) -> None:
    """The autosave thread waits on the disk while the user changes step: newest wins."""
    import asyncio
    import threading
    from dataclasses import replace

    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_plan(pilot)
        plan = app.plans()[0]
        real_save = app.store.save
        release = threading.Event()
        writing = threading.Event()

        def slow_save(version):
            if version.industry == "v1":
                writing.set()
                release.wait(5)
            real_save(version)

        monkeypatch.setattr(app.store, "save", slow_save)
        app.update_plan(replace(plan, industry="v1"))
        app.session.flush()
        assert await asyncio.to_thread(writing.wait, 5)  # the thread is inside the v1 write
        app.update_plan(replace(plan, industry="v2"))  # the UI thread is not blocked
        release.set()
        assert await asyncio.to_thread(app.session.flush)  # waits for the v1 write, then writes v2
        assert app.plan(plan.id).industry == "v2"
    assert stored_plans(db)[0].industry == "v2"


async def test_a_terminal_signal_keeps_an_open_form(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_plan(pilot)
        await goto_step(pilot, "goals")
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Win")
        app._on_signal()  # what SIGTERM / SIGHUP (terminal closed) run
        await pilot.pause()
    assert [goal.title for goal in stored_plans(db)[0].goals] == ["Win"]


async def test_undoing_a_bad_edit_clears_its_warning(tmp_path: Path) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await start_plan(pilot)
        wizard.query_one("#inline-review", Input).focus()
        await type_text(pilot, "2027-05-30")
        await type_text(pilot, "X")
        await pilot.pause()
        assert "Review date not saved" in screen_text(app)
        await pilot.press("backspace")
        await pilot.pause()
        assert "not saved" not in screen_text(app)
        assert "write the date as" not in screen_text(app)


async def test_palette_goes_to_any_step(tmp_path: Path) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "enter")
        await settle_in_step(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        tactics = step_index("tactics") + 1
        assert f"Go to step {tactics}: Tactics" in titles
        await pilot.press("ctrl+p")
        await type_text(pilot, f"step {tactics}")
        await pilot.press("enter")
        await settle_in_step(pilot)
        assert app.screen.step == "tactics"


async def test_a_big_plan_is_checked_off_the_ui_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above BIG_PLAN tactics the coach's check (a fifth of a second at 20,000) runs in a thread:
    a key typed after a pause never waits on it, and the coach still follows the newest version."""
    import threading
    from dataclasses import replace

    from acct_tui.sample import large_plan
    from screens.steps.base import BIG_PLAN, Progress, tactic_count

    plan = replace(large_plan(10, 4, 10, 6), name="Big account")
    assert tactic_count(plan) > BIG_PLAN
    db = tmp_path / "plans.json"
    with PlanStore(db) as store:
        store.save(plan)
    checked_on: list[str] = []
    of = Progress.of.__func__

    def recording_of(cls, checked):
        checked_on.append(threading.current_thread().name)
        return of(cls, checked)

    app = new_app(db)
    async with app.run_test() as pilot:
        await app.push_screen(WizardScreen(plan.id))
        await settle_in_step(pilot)
        wizard = app.screen
        assert isinstance(wizard, WizardScreen) and wizard.progress is not None
        monkeypatch.setattr(Progress, "of", classmethod(recording_of))
        assert app.focused is wizard.query_one("#inline-name", Input)
        await pilot.press("end", "s")
        await wait_until(pilot, lambda: wizard.progress is not None and wizard.progress.plan.name == "Big accounts",
                         "the coach has checked the new version")
        assert checked_on and "MainThread" not in checked_on
        assert wizard.progress.plan is app.plan(plan.id)
