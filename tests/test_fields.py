"""Typing, pasting and picking names in the wizard's own fields, driven as a user would (issue 9)."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, TextArea
from ui_helpers import new_app, settle_in_step, stored_plans, visible_text, wait_until

from acct_tui.model import Plan
from acct_tui.store import PlanStore
from screens.dialogs import ConfirmScreen
from screens.home import HomeScreen
from screens.steps.text_steps import influencer_name
from screens.text_fields import one_line
from screens.wizard import WizardScreen

PLAN_ID = "acme"


def write_store(db: Path, plan: Plan) -> None:
    with PlanStore(db) as store:
        store.save(plan)


async def open_wizard(pilot, step: str = "facts") -> WizardScreen:
    """From the accounts list into the only plan (enter), then straight to ``step``."""
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen), "the wizard opens")
    wizard = pilot.app.screen
    if wizard.step != step:
        wizard.open_step(step)
    await settle_in_step(pilot)
    return wizard


# --- defect 4: a one-line field does not select its text on focus ----------------


async def test_tabbing_into_a_field_then_typing_appends(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, Plan(name="Acme", industry="Health", id=PLAN_ID))
    app = new_app(db)
    async with app.run_test(size=(100, 40)) as pilot:
        wizard = await open_wizard(pilot)
        assert app.focused is wizard.query_one("#inline-name", Input)
        await pilot.press("X")  # the first field, focused by the step itself
        await pilot.press("tab", "c", "a", "r", "e")  # into the next field
        await pilot.press("shift+tab", "Y")  # and back
        await pilot.pause()
        assert wizard.query_one("#inline-name", Input).value == "AcmeXY"
        assert wizard.query_one("#inline-industry", Input).value == "Healthcare"
    [plan] = stored_plans(db)
    assert (plan.name, plan.industry) == ("AcmeXY", "Healthcare")


# --- defect 5: a paste of several lines into a one-line field keeps them all ----


async def test_multi_line_paste_into_one_line_field_joins_the_lines(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, Plan(name="Acme", industry="Health", id=PLAN_ID))
    app = new_app(db)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        wizard = await open_wizard(pilot)
        wizard.query_one("#inline-industry", Input).focus()
        await pilot.pause()
        app.post_message(events.Paste(" care\r\nand\n\n  life sciences\n"))
        await wait_until(pilot, lambda: "Pasted 3 lines as one" in visible_text(app), "the paste is explained")
        assert wizard.query_one("#inline-industry", Input).value == "Healthcare and life sciences"
        app.post_message(events.Paste("!\n"))  # one line and a line end: pasted as it is, no word
        await wait_until(pilot, lambda: wizard.query_one("#inline-industry", Input).value.endswith("!"), "pasted")
        assert visible_text(app).count("Pasted") == 1
    [plan] = stored_plans(db)
    assert plan.industry == "Healthcare and life sciences!"


def test_one_line_keeps_one_line_as_it_is_and_joins_several() -> None:
    assert one_line("  as typed  ") == ("  as typed  ", 1)
    assert one_line("\nfirst\n") == ("first", 1)
    assert one_line("a\r\n b \rc") == ("a b c", 3)
    assert one_line("keep\x1b[31m\nit") == ("keep\x1b[31m it", 2)  # the field's check still refuses ESC


# --- defect 3: ctrl+t picks the name in the sentence under the cursor ------------


async def test_ctrl_t_adds_the_name_of_the_sentence_under_the_cursor(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, Plan(name="Acme", id=PLAN_ID))
    app = new_app(db)
    answer = "Priya Raman (CIO) decides on platforms. Marcus Lee (VP Sales) owns budgets."
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        wizard = await open_wizard(pilot, "analysis")
        area = wizard.query_one("#inline-influencers", TextArea)
        area.focus()
        area.insert(answer)
        area.cursor_location = (0, answer.index("Lee"))
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: "Added Marcus Lee" in visible_text(app), "Marcus Lee is added")
        assert "Priya Raman is already" not in visible_text(app)
    [plan] = stored_plans(db)
    assert [s.name for s in plan.stakeholders] == ["Marcus Lee"]


def test_influencer_name_splits_sentences_but_not_titles_or_initials() -> None:
    text = "Priya Raman (CIO) decides. Dr. Amara Osei (VP) shapes it! J. R. Ewing (CFO) signs. Acme Inc. buys"
    assert influencer_name(text, 2) == "Priya Raman"
    assert influencer_name(text, text.index("Osei")) == "Dr. Amara Osei"
    assert influencer_name(text, text.index("Dr.") + 1) == "Dr. Amara Osei"
    assert influencer_name(text, text.index("R.")) == "J. R. Ewing"
    assert influencer_name(text, text.index("buys")) == "Acme Inc. buys"
    line = "Priya Raman (CIO) decides. Marcus Lee (VP) owns."
    assert influencer_name(line, len(line)) == "Marcus Lee"  # just after the last full stop


# --- defect 6: escape to the accounts asks before dropping refused text ----------


async def test_escape_asks_before_leaving_refused_text_like_quit(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, Plan(name="Acme", id=PLAN_ID))
    app = new_app(db)
    async with app.run_test(size=(100, 40)) as pilot:
        wizard = await open_wizard(pilot)
        wizard.query_one("#inline-start", Input).focus()
        await pilot.press(*"2027-13-01")  # no month 13: refused, not saved
        await wait_until(pilot, lambda: wizard.invalid_fields() == ["Start date"], "the date is refused")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "escape asks")
        assert "Start date" in app.screen.question
        assert "Go back to the accounts anyway" in app.screen.question
        await pilot.press("n")  # stay: the text is still there to fix
        await wait_until(pilot, lambda: app.screen is wizard, "back in the wizard")
        assert wizard.query_one("#inline-start", Input).value == "2027-13-01"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "escape asks again")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "back at the accounts")
    [plan] = stored_plans(db)
    assert plan.start is None


async def test_escape_with_nothing_refused_goes_straight_back(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, Plan(name="Acme", id=PLAN_ID))
    app = new_app(db)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_wizard(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "back at the accounts")
