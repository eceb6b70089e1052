"""Issue 13's ties and teaching, driven as a user would at 80×24: the link pickers, joint goals,
the coach's findings clearing, the governance help and the first-run tour.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from textual.widgets import SelectionList

from acct_tui.model import Meeting, Plan, SellingTool
from acct_tui.sample import SAMPLE_PLAN_ID
from acct_tui.store import PlanStore
from screens.help import HelpScreen
from screens.tour import STOPS, TourScreen
from screens.wizard import WizardScreen
from test_governance import choose, open_form, open_step, save_form, small_plan, type_into, write_store
from ui_helpers import new_app, screen_text, stored_plans, visible_text, wait_until

SIZE = (80, 24)


def loose_plan() -> Plan:
    """The small plan with a meeting that reviews nothing and a tool nothing uses."""
    return replace(
        small_plan(),
        meetings=(Meeting("Quarterly business review", frequency="quarterly", id="m1"),),
        tools=(SellingTool("ROI calculator", id="x1"),),
    )


async def tick(pilot, field_id: str, *moves: str) -> None:
    """Focus a multi-pick of the open form and press ``moves`` (space ticks, down moves)."""
    pilot.app.screen.query_one(f"#{field_id}", SelectionList).focus()
    await pilot.press(*moves)


async def test_a_meeting_names_the_goals_it_reviews_and_the_people_it_serves(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, loose_plan())
    app = new_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "cadence", "m1")
        assert 'Goal 1 "Grow revenue 10%" is reviewed in no meeting' in screen_text(app)
        await open_form(pilot, "e")
        assert "Reviews goals (space ticks)" in screen_text(app)
        await tick(pilot, "field-goal_ids", "space", "down", "space")
        await tick(pilot, "field-stakeholder_ids", "down", "space")
        await save_form(pilot)
        await wait_until(pilot, lambda: "nothing to flag here" in screen_text(app), "the coach clears")
        assert "reviewed in no meeting" not in screen_text(app)
    [meeting] = stored_plans(db)[0].meetings
    assert (meeting.goal_ids, meeting.stakeholder_ids) == (("g1", "g2"), ("p2",))


async def test_a_selling_tool_names_what_uses_it(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, loose_plan())
    app = new_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "tools", "x1")
        assert 'Selling tool "ROI calculator" is used by no strategy or tactic' in screen_text(app)
        await open_form(pilot, "e")
        await tick(pilot, "field-used_by_ids", "down", "space")  # Strategy 1.1, then Tactic 1.1.1.1
        await save_form(pilot)
        await wait_until(pilot, lambda: "nothing to flag here" in screen_text(app), "the coach clears")
    assert stored_plans(db)[0].tools[0].used_by_ids == ("t1",)


async def test_editing_a_meeting_keeps_links_it_cannot_show(tmp_path: Path) -> None:
    """A merge may leave a link to a removed goal: saving the form does not lose it silently."""
    db = tmp_path / "plans.json"
    plan = loose_plan()
    write_store(db, replace(plan, meetings=(replace(plan.meetings[0], goal_ids=("elsewhere",)),)))
    app = new_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await open_step(pilot, "cadence", "m1")
        await open_form(pilot, "e")
        await tick(pilot, "field-goal_ids", "space")
        await save_form(pilot)
    assert stored_plans(db)[0].meetings[0].goal_ids == ("g1", "elsewhere")


async def test_a_goal_joint_with_the_customer(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, loose_plan())
    app = new_app(db)
    async with app.run_test(size=SIZE) as pilot:
        wizard = await open_step(pilot, "goals", "g2")
        assert "⇄ joint" not in visible_text(app)
        await open_form(pilot, "e")
        await choose(pilot, "field-joint", "yes")
        await type_into(pilot, "field-customer_owner", "Ada Chen")
        await type_into(pilot, "field-commitments", "We report")
        await pilot.press("enter", *"They share")
        await save_form(pilot)
        await wait_until(pilot, lambda: "⇄ joint" in visible_text(app), "the tree marks the joint goal")
        assert isinstance(wizard, WizardScreen)
    goal = stored_plans(db)[0].goals[1]
    assert (goal.joint, goal.customer_owner, goal.commitments) == (True, "Ada Chen", "We report\nThey share")


async def test_help_teaches_account_governance(tmp_path: Path) -> None:
    app = new_app(tmp_path / "plans.json")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help opens")
        text = screen_text(app)
        assert "Account governance is the whole way an account is run" in text
        for part in ("Vision:", "Relationships:", "Account plan:", "Cadence:", "Strategy:", "Reporting:", "Selling tools:"):
            assert part in text
        assert "tied together" in text


# --- the first-run tour --------------------------------------------------------------


def tour_done_on_disk(db: Path) -> bool:
    """What the remembered state (``ui-state.json`` beside the plans) says of the tour."""
    return any(json.loads(path.read_text()).get("tour_done") is True for path in db.parent.rglob("ui-state.json"))


async def test_the_tour_is_offered_on_first_run_walks_the_steps_and_is_not_offered_again(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "New here? The tour (t)" in visible_text(app), "the welcome offers the tour")
        assert "account governance" in visible_text(app).lower()
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TourScreen), "the tour starts")
        wizard = app.screen_stack[-2]
        assert isinstance(wizard, WizardScreen) and wizard.plan_id == SAMPLE_PLAN_ID
        for number, stop in enumerate(STOPS, 1):
            title = f"Tour {number}/{len(STOPS)} · {stop.title}"
            await wait_until(pilot, lambda: title in visible_text(app), title)
            assert wizard.step == stop.step, "each stop opens the real step"
            if stop.node_id:
                pane = wizard.query_one(f"#pane-{stop.step}")
                await wait_until(pilot, lambda: pane.selected_id() == stop.node_id, f"{stop.node_id} selected")
            if number == 2:
                await pilot.press("left")  # back to the first stop, then on again
                await wait_until(pilot, lambda: wizard.step == STOPS[0].step, "back one stop")
                await pilot.press("right")
            await pilot.press("enter" if number % 2 else "right")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "the tour ends in the wizard")
        await wait_until(pilot, lambda: tour_done_on_disk(db), "the tour is remembered as done")
    with PlanStore(db) as store:
        store.get(SAMPLE_PLAN_ID)  # read before removing, as any writer does
        store.delete(SAMPLE_PLAN_ID)  # an empty store again: the welcome shows, without the offer
    again = new_app(db)
    async with again.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "Welcome to acct-tui" in visible_text(again), "the welcome shows")
        assert "New here?" not in visible_text(again) and "Take the tour" not in visible_text(again)


async def test_escape_ends_the_tour_early_and_it_is_not_offered_again(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    app = new_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "Take the tour (t)" in visible_text(app), "the offer")
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(app.screen, TourScreen), "the tour starts")
        await pilot.press("right", "right")
        await wait_until(pilot, lambda: "Tour 3/" in visible_text(app), "third stop")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "the tour ends, the step stays")
        assert app.screen.step == STOPS[2].step
        await wait_until(pilot, lambda: tour_done_on_disk(db), "skipping is remembered too")
    with PlanStore(db) as store:
        store.get(SAMPLE_PLAN_ID)  # read before removing, as any writer does
        store.delete(SAMPLE_PLAN_ID)
    again = new_app(db)
    async with again.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "Welcome to acct-tui" in visible_text(again), "the welcome shows")
        assert "New here?" not in visible_text(again)
        await pilot.press("t")  # the key (and the palette) still start it
        await wait_until(pilot, lambda: isinstance(again.screen, TourScreen), "the tour starts again")


def test_the_review_coach_names_account_governance_and_its_seven_parts() -> None:
    from acct_tui.steps import STEPS
    from screens.coach_panel import coaching_text

    by_key = {step.key: step for step in STEPS}
    review = coaching_text(by_key["review"], []).plain
    assert "Account governance" in review and "tied together" in review
    for part in ("vision", "relationships", "account plan", "cadence", "strategy", "reporting", "selling tools"):
        assert part in review
    assert "Account governance" not in coaching_text(by_key["goals"], []).plain, "said once, where the whole plan is read"
