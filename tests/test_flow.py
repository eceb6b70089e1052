"""State flows through the wizard: the plan and the coach's findings are reactives, computed once.

No test here times anything: each counts the work done (checks of the plan,
stepper lines redrawn, panes redrawn) for what the user did.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Input
from ui_helpers import FakeClock, new_app, settle_in_step, store_with, wait_until

import screens.wizard as wizard_module
from acct_tui import model
from acct_tui.app import QuitGuard
from acct_tui.model import Plan, Stakeholder, ValidationError, Vision
from acct_tui.sample import sample_plan
from acct_tui.steps import STEPS
from screens.forms import ItemForm
from screens.stepper import Stepper
from screens.steps import base
from screens.steps.base import StepPane
from screens.steps.tree import TreePane
from screens.wizard import WizardScreen


def stored(tmp_path: Path, plan: Plan) -> Path:
    return store_with(tmp_path / "plans.json", plan)


async def open_wizard(pilot, plan_id: str, step: str = "facts") -> WizardScreen:
    await pilot.app.push_screen(WizardScreen(plan_id, step))
    await settle_in_step(pilot)
    wizard = pilot.app.screen
    assert isinstance(wizard, WizardScreen)
    return wizard


@pytest.fixture
def checks(monkeypatch) -> list[Plan]:
    """Every plan the coach checked for the wizard, in order."""
    checked: list[Plan] = []
    real = base.check_plan

    def counting(plan: Plan, today=None):
        checked.append(plan)
        return real(plan, today)

    monkeypatch.setattr(base, "check_plan", counting)
    return checked


async def test_typing_checks_the_plan_once_after_the_pause_and_never_before(tmp_path, monkeypatch, checks) -> None:
    plan = sample_plan()
    app = new_app(stored(tmp_path, plan))
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_wizard(pilot, plan.id)
        assert len(checks) == 1  # opening: one check of the version shown
        monkeypatch.setattr(wizard_module, "PROGRESS_DELAY", 3600)  # the user never pauses
        wizard.query_one("#inline-industry", Input).focus()
        await pilot.press("end", *" and care")
        await pilot.pause()
        assert app.plan(plan.id).industry.endswith(" and care")  # every key reached the plan
        assert wizard.plan is app.plan(plan.id)  # the wizard holds the newest version
        assert len(checks) == 1  # ... and the coach has not run for any key
        monkeypatch.setattr(wizard_module, "PROGRESS_DELAY", 0.01)  # the last key, then a pause
        await pilot.press("s")
        await wait_until(pilot, lambda: len(checks) == 2, "the coach checks once typing pauses")
        assert checks[-1] is app.plan(plan.id)
        for _ in range(5):
            await pilot.pause()
        assert len(checks) == 2  # once per version, not once per key
        await pilot.press("alt+right")
        await settle_in_step(pilot)
        await pilot.press("alt+left")
        await settle_in_step(pilot)
        assert len(checks) == 2  # moving between steps checks nothing new


async def test_the_coach_and_panes_follow_the_checked_version(tmp_path, monkeypatch) -> None:
    plan = sample_plan()
    plan = replace(plan, vision=Vision("", plan.vision.why))
    app = new_app(stored(tmp_path, plan))
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_wizard(pilot, plan.id, "whitespace")  # the step before the vision
        await pilot.press("alt+right")
        await settle_in_step(pilot)
        progress = wizard.progress
        assert progress is not None and [f.code for f in progress.findings] == ["no-vision"]
        assert all(pane.progress is progress for pane in wizard.query(StepPane))
        assert "1 to do" in str(wizard.query_one("#coach").border_title)
        monkeypatch.setattr(wizard_module, "PROGRESS_DELAY", 0.01)
        await pilot.press(*"Their partner")
        await wait_until(pilot, lambda: wizard.progress.plan is app.plan(plan.id), "the newest version checked")
        assert wizard.progress.findings == ()
        assert all(pane.progress is wizard.progress for pane in wizard.query(StepPane))
        assert "✓" in str(wizard.query_one("#coach").border_title)
        assert "100/100" in str(wizard.query_one(Stepper).border_subtitle)


async def test_the_stepper_redraws_only_the_lines_that_change(tmp_path, monkeypatch) -> None:
    plan = Plan(name="Northwind Health")
    app = new_app(stored(tmp_path, plan))
    redrawn: list[str] = []
    real = Stepper.replace_option_prompt

    def counting(self, option_id, prompt):
        redrawn.append(option_id)
        return real(self, option_id, prompt)

    monkeypatch.setattr(Stepper, "replace_option_prompt", counting)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_wizard(pilot, plan.id)
        stepper = wizard.query_one(Stepper)
        assert "○" in str(stepper.get_option("facts").prompt)
        monkeypatch.setattr(wizard_module, "PROGRESS_DELAY", 0.01)
        wizard.query_one("#inline-industry", Input).focus()
        redrawn.clear()
        await pilot.press("H")
        await wait_until(pilot, lambda: "facts" in redrawn, "the facts line shows it started")
        await pilot.pause()
        assert stepper.render_line(0).text.strip("│ ").startswith(("●  1 Account facts", "◐  1 Account facts"))
        redrawn.clear()
        await pilot.press(*"ealthcare")
        await wait_until(pilot, lambda: wizard.progress.plan is app.plan(plan.id), "the last version checked")
        assert redrawn == []  # no step changed state: not one line redrawn while typing
        assert emphasised(stepper, 0) == " 1 Account facts" and emphasised(stepper, 1) == ""
        await pilot.press("alt+right")
        await settle_in_step(pilot)
        assert redrawn == []  # the open step is drawn emphasised: no prompt is replaced (every option rendered again)
        assert emphasised(stepper, 0) == "" and emphasised(stepper, 1) == " 2 Analysis"


async def test_a_short_terminal_scrolls_the_stepper_and_the_open_step_stays_marked(tmp_path) -> None:
    """At 80×18 the steps need a scrollbar: titles end in … (one line each, never wrapped) and
    the open step's line is the emphasised one wherever the list is scrolled (a wrapped title once
    put the mark on the wrong line, and a long one past the line's end stopped the app)."""
    plan = sample_plan()
    app = new_app(stored(tmp_path, plan))
    async with app.run_test(size=(80, 18)) as pilot:
        wizard = await open_wizard(pilot, plan.id)
        stepper = wizard.query_one(Stepper)
        for number, step in enumerate(STEPS, start=1):
            if number > 1:
                await pilot.press("alt+right")
                await settle_in_step(pilot)
            assert wizard.step == step.key
            line = number - 1 - stepper.scroll_offset.y
            assert 0 <= line < stepper.scrollable_content_region.height, f"step {number}'s line is in view"
            marked = emphasised(stepper, line).strip()
            assert marked.startswith(f"{number} ") and (step.title.startswith(marked[len(f"{number} "):].rstrip("…"))), marked
            others = [emphasised(stepper, y) for y in range(stepper.scrollable_content_region.height) if y != line]
            assert not any(others), f"only step {number} is marked"
        assert stepper.virtual_size.height == len(STEPS), "one line a step"


def emphasised(stepper: Stepper, y: int) -> str:
    """The text drawn bold and reversed on the stepper's line ``y``: the open step's number and title."""
    return "".join(seg.text for seg in stepper.render_line(y) if seg.style and seg.style.reverse and seg.style.bold)


async def test_a_step_revisited_with_no_edit_between_is_not_redrawn(tmp_path, monkeypatch) -> None:
    plan = sample_plan()
    app = new_app(stored(tmp_path, plan))
    redraws: list[str] = []
    real = TreePane.refresh_from_plan

    def counting(self, select=None):
        if self.step_key == "goals":  # not Strategies, built ahead whenever the machine is slow enough
            redraws.append(self.step_key)
        return real(self, select)

    monkeypatch.setattr(TreePane, "refresh_from_plan", counting)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_wizard(pilot, plan.id, "goals")
        wizard.open_step("facts")
        await settle_in_step(pilot)
        redraws.clear()
        wizard.open_step("goals")
        await settle_in_step(pilot)
        assert redraws == []  # nothing changed since the goals were drawn
        wizard.open_step("facts")
        await settle_in_step(pilot)
        wizard.query_one("#inline-industry", Input).focus()
        await pilot.press("end", "!")
        wizard.open_step("goals")
        await settle_in_step(pilot)
        assert redraws == ["goals"]  # the plan changed: the tree shows the new version


async def test_undo_shows_the_undone_version_in_every_pane(tmp_path) -> None:
    plan = sample_plan()
    app = new_app(stored(tmp_path, plan))
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_wizard(pilot, plan.id)
        field = wizard.query_one("#inline-industry", Input)
        field.focus()
        await pilot.press("end", *"!!")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert field.value == plan.industry
        assert wizard.plan is app.plan(plan.id) and wizard.plan.industry == plan.industry


def test_the_wizard_and_the_item_form_are_asked_before_quitting() -> None:
    """Quitting finds them through the typed protocol (``isinstance``), not by attribute name."""
    assert issubclass(WizardScreen, QuitGuard)
    assert issubclass(ItemForm, QuitGuard)


def test_a_plan_with_the_same_records_skips_the_id_walk(monkeypatch) -> None:
    plan = sample_plan()
    walked: list[object] = []
    real = model._id_paths

    def counting(parent, path):
        walked.append(parent)
        return real(parent, path)

    monkeypatch.setattr(model, "_id_paths", counting)
    edited = replace(plan, industry="Healthcare and care")
    walked.clear()
    replace(edited, owner="Sam")
    assert walked == []  # the same records: their ids were checked already
    twin = Stakeholder(name="Greg Moss", id=plan.goals[0].id)  # a goal's id
    with pytest.raises(ValidationError, match="used twice"):
        replace(edited, stakeholders=plan.stakeholders + (twin,))  # new records are checked as ever
    with pytest.raises(ValidationError, match="used twice"):
        replace(edited, stakeholders=plan.stakeholders + (twin,))  # ... every time (a refusal is not remembered)


async def test_a_keystroke_lays_out_only_the_field_typed_in(tmp_path, monkeypatch) -> None:
    """Each layout costs a whole-screen render: on a big plan typing must not pay for others."""
    plan = sample_plan()
    app = new_app(stored(tmp_path, plan), clock=FakeClock())  # no autosave: saving stays as it is
    laid_out: list[str] = []
    real = Widget.refresh

    def recording(self, *args, **kwargs):
        if kwargs.get("layout"):
            laid_out.append(f"{type(self).__name__}#{self.id}")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Widget, "refresh", recording)
    monkeypatch.setattr(wizard_module, "PROGRESS_DELAY", 3600)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_wizard(pilot, plan.id)
        wizard.query_one("#inline-industry", Input).focus()
        await pilot.press("end", "!")  # the first key: the title says "saving…"
        await wait_until(pilot, lambda: "saving" in wizard.step_line, "the title says so")
        await pilot.pause()
        laid_out.clear()
        await pilot.press(*"more")
        await pilot.pause()
        assert app.plan(plan.id).industry.endswith("!more")
        assert {name for name in laid_out if name != "SafeInput#inline-industry"} == set()
