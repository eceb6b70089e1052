"""SVG snapshots of issue 13's ties and teaching views: the tour's card and the meeting form's pickers.

Same rules as tests/test_snapshots.py (whose fixtures these use): the sample
plan stored before the app starts, "today" fixed, the cursor steady. Update
with --snapshot-update, then look at every changed SVG before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_snapshots import sample_db  # noqa: F401 (a fixture)
from ui_helpers import new_app, settle_in_step, steady_cursors, steady_screen, wait_until

from screens.forms import ItemForm
from screens.tour import TourScreen
from screens.wizard import WizardScreen

SIZES = {"80x24": (80, 24), "160x50": (160, 50)}


@pytest.mark.parametrize("size", list(SIZES))
def test_tour_at_the_joint_goal(snap_compare, sample_db: Path, size: str) -> None:  # noqa: F811
    """The tour's third stop: the goals step under the card, the joint goal marked ⇄."""

    async def third_stop(pilot) -> None:
        steady_cursors(pilot)
        await pilot.press("t")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, TourScreen), "the tour starts")
        await pilot.press("right", "right")
        await wait_until(pilot, lambda: pilot.app.screen_stack[-2].step == "goals", "the goals stop")
        await steady_screen(pilot)

    assert snap_compare(new_app(sample_db), terminal_size=SIZES[size], run_before=third_stop)


@pytest.mark.parametrize("size", list(SIZES))
def test_meeting_form_with_its_links(snap_compare, sample_db: Path, size: str) -> None:  # noqa: F811
    """The QBR's form scrolled to its pickers: the goals it reviews, the people it serves."""

    async def meeting_form(pilot) -> None:
        steady_cursors(pilot)
        plan_id = pilot.app.plans()[0].id
        await pilot.app.push_screen(WizardScreen(plan_id, "cadence", "meet-qbr"))
        await settle_in_step(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ItemForm), "the form opens")
        pilot.app.screen.query_one("#field-goal_ids").focus()
        await steady_screen(pilot)

    assert snap_compare(new_app(sample_db), terminal_size=SIZES[size], run_before=meeting_form)
