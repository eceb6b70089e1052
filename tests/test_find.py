"""The command palette finds the plan's content and jumps to it (issue 14, point 4)."""

from __future__ import annotations

from acct_tui.steps import STEP_KEYS

import re
from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.command import CommandPalette
from textual.widgets import DataTable, Tree
from ui_helpers import new_app, settle_in_step, store_with, visible_text, wait_until

from acct_tui.edit import update_node
from acct_tui.model import Meeting, Plan
from acct_tui.plan_search import find, haystack, match_offsets
from acct_tui.sample import large_plan, sample_plan
from screens.wizard import WizardScreen

LUNCH = "Book the CFO lunch"


def lunch_plan() -> tuple[Plan, str]:
    """The sample plan with tactic 2.3.1.2 renamed "Book the CFO lunch"; and that tactic's id."""
    plan = sample_plan()
    tactic = plan.goals[1].strategies[2].initiatives[0].tactics[1]
    return update_node(plan, tactic.id, action=LUNCH), tactic.id


def stored(tmp_path: Path, plan: Plan) -> Path:
    return store_with(tmp_path / "store", plan)


async def open_wizard(pilot) -> WizardScreen:
    """Open the only plan from the accounts (it opens on its first step)."""
    await pilot.press("enter")
    await settle_in_step(pilot)
    wizard = pilot.app.screen
    assert isinstance(wizard, WizardScreen)
    return wizard


async def find_in_palette(pilot, words: str, shown: str) -> None:
    """ctrl+p, type ``words``, wait until ``shown`` is offered, choose the first hit."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette opens")
    await pilot.press(*words)
    await wait_until(pilot, lambda: shown in visible_text(app), f"{shown!r} is offered")
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette closes")


# --- in the app -------------------------------------------------------------------


async def test_the_palette_finds_a_tactic_by_its_words_and_opens_it(tmp_path: Path) -> None:
    plan, tactic_id = lunch_plan()
    app = new_app(stored(tmp_path, plan))
    async with app.run_test(size=(100, 30)) as pilot:
        wizard = await open_wizard(pilot)
        assert wizard.step == "facts"
        await find_in_palette(pilot, "cfo lunch", f"Tactic 2.3.1.2 — {LUNCH}")
        tree = wizard.query_one("#tree-tactics", Tree)
        await wait_until(pilot, lambda: wizard.step == "tactics", "the tactics step opens")
        await wait_until(pilot, lambda: tree.cursor_node is not None and tree.cursor_node.data == tactic_id,
                         "the tactic is under the cursor")
        await wait_until(pilot, lambda: app.focused is tree, "the tree has the focus")
        assert f"Step {STEP_KEYS.index('tactics') + 1} of {len(STEP_KEYS)}: Tactics" in visible_text(app)


async def test_the_palette_finds_a_meeting_and_an_analysis_answer(tmp_path: Path) -> None:
    plan = sample_plan()
    meeting = plan.meetings[1]
    app = new_app(stored(tmp_path, plan))
    async with app.run_test(size=(100, 30)) as pilot:
        wizard = await open_wizard(pilot)
        await find_in_palette(pilot, meeting.name, f"Meeting 2 — {meeting.name}")
        await wait_until(pilot, lambda: wizard.step == "cadence", "the cadence step opens")
        table = wizard.query_one("#pane-cadence DataTable", DataTable)
        await wait_until(pilot, lambda: wizard.query_one("#pane-cadence").selected_id() == meeting.id,
                         "the meeting's row is under the cursor")
        assert app.focused is table
        await find_in_palette(pilot, "Tom Lindqvist (CFO) signs", "Analysis 3 — ")
        await wait_until(pilot, lambda: wizard.step == "analysis", "the analysis step opens")
        await wait_until(pilot, lambda: app.focused is wizard.query_one("#inline-influencers"),
                         "the influencers answer has the focus")


async def test_plan_words_in_the_palette_are_text_not_markup(tmp_path: Path) -> None:
    plan = replace(sample_plan(), meetings=(Meeting(id="m-hostile", name="[bold]Board[/bold] call $accent"),))
    app = new_app(stored(tmp_path, plan))
    async with app.run_test(size=(100, 30)) as pilot:
        wizard = await open_wizard(pilot)
        await find_in_palette(pilot, "board[/bold] call $acc", "Meeting 1 — [bold]Board[/bold] call $accent")
        await wait_until(pilot, lambda: wizard.step == "cadence", "the cadence step opens")


async def test_the_palette_searches_the_newest_version(tmp_path: Path) -> None:
    """An edit made in this session (not yet on disk) is what the palette finds."""
    plan, tactic_id = lunch_plan()
    app = new_app(stored(tmp_path, plan))
    async with app.run_test(size=(100, 30)) as pilot:
        wizard = await open_wizard(pilot)
        app.update_plan(update_node(app.plan(plan.id), tactic_id, action="Walk the wards with the CNO"))
        await find_in_palette(pilot, "walk the wards", "Tactic 2.3.1.2 — Walk the wards with the CNO")
        await wait_until(pilot, lambda: wizard.step == "tactics", "the tactics step opens")


# --- the search itself ------------------------------------------------------------


def test_every_kind_is_found_with_its_number_and_step() -> None:
    plan = sample_plan()
    lines = {entry.line: (entry.step, entry.node_id) for entry in haystack(plan).entries}
    goal = plan.goals[0]
    strategy = goal.strategies[1]
    initiative = strategy.initiatives[0]
    tactic = initiative.tactics[0]
    person = plan.stakeholders[3]
    assert lines[f"Goal 1 — {goal.title}"] == ("goals", goal.id)
    assert lines[f"Strategy 1.2 — {strategy.title}"] == ("strategies", strategy.id)
    assert lines[f"Initiative 1.2.1 — {initiative.title}"] == ("initiatives", initiative.id)
    assert lines[f"Tactic 1.2.1.1 — {tactic.action}"] == ("tactics", tactic.id)
    assert lines[f"Stakeholder 4 — {person.name} ({person.title})"] == ("relationships", person.id)
    assert lines[f"Meeting 1 — {plan.meetings[0].name}"] == ("cadence", plan.meetings[0].id)
    assert lines[f"Metric 2 — {plan.metrics[1].name}"] == ("reporting", plan.metrics[1].id)
    assert lines[f"Selling tool 1 — {plan.tools[0].name}"] == ("tools", plan.tools[0].id)
    answers = [line for line, where in lines.items() if where == ("analysis", "influencers")]
    assert answers and all(line.startswith("Analysis 3 — ") for line in answers)
    assert " ".join(line.removeprefix("Analysis 3 — ") for line in answers) == " ".join(
        plan.answer("influencers").split()
    )


def test_a_query_finds_lines_holding_it_first_then_looser_ones() -> None:
    plan, tactic_id = lunch_plan()
    found = find(plan, "CFO LUNCH")
    assert [entry.node_id for entry in found] == [tactic_id]
    loose = find(plan, "bkcfl")  # B-oo-K the CF-O L-unch
    assert tactic_id in [entry.node_id for entry in loose]
    cfo = find(plan, "cfo")
    holding = [entry for entry in cfo if "cfo" in entry.line.lower()]
    assert cfo[: len(holding)] == holding, "lines holding the query come first"
    assert find(plan, "   ") == [] and find(plan, "") == []


def test_the_haystack_is_built_once_per_plan_version() -> None:
    plan, tactic_id = lunch_plan()
    first = haystack(plan)
    assert haystack(plan) is first
    edited = update_node(plan, tactic_id, action="Something else")
    assert haystack(edited) is not first
    assert not find(edited, "cfo lunch")


def test_a_big_plan_returns_at_most_the_limit() -> None:
    plan = large_plan(4, 5, 10, 10)  # 2,000 tactics
    assert len(find(plan, "follow up", limit=25)) == 25
    assert find(plan, "tactic 4.5.10.10")[0].node_id == "g4s5i10t10"


def test_offsets_of_a_long_line_of_repeated_letters_are_found_in_one_pass() -> None:
    """Textual's matcher tries every combination: this one would not finish."""
    line = "e " * 150
    assert match_offsets("e e e", line) == ([0, 1, 2, 3, 4], True)
    assert match_offsets("eeeee", line) == ([0, 2, 4, 6, 8], False)
    assert match_offsets("eeeeeeeeeeeeeeeeeeeeq", line) == ([], False)


@given(st.text(alphabet="abcAB é-", min_size=1, max_size=6), st.text(alphabet="abcAB é-", max_size=40))
def test_offsets_point_at_the_query_in_order(query: str, line: str) -> None:
    offsets, whole = match_offsets(query, line)
    if offsets:
        assert offsets == sorted(set(offsets))
        assert "".join(line[i] for i in offsets).lower() == query.lower()
        assert whole == (query.lower() in line.lower())
    else:
        assert not re.search(".*".join(map(re.escape, query.lower())), line.lower(), re.DOTALL)
