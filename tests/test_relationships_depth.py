"""Relationships in depth, driven as a user would at 80x24: reporting lines, coverage, the org chart, the coach."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select, Tree
from textual.widgets._select import SelectOverlay

import acct_tui.clock
from acct_tui import coach
from acct_tui.edit import update_node
from acct_tui.model import Plan
from acct_tui.sample import sample_plan
from acct_tui.store import PlanStore
from screens.forms import ItemForm
from screens.org_chart import OrgChartScreen
from screens.stakeholder_map import StakeholderMapScreen, neighbour
from screens.wizard import WizardScreen
from tests.ui_helpers import (
    new_app,
    settle_in_step,
    steady_cursors,
    steady_screen,
    stored_plans,
    type_keys,
    visible_text,
    wait_until,
)

TODAY = date(2026, 11, 23)
SMALL = (80, 24)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(acct_tui.clock, "today", lambda: TODAY)


def troubled_sample() -> Plan:
    """The sample with three relationship problems: an uncovered decision maker, a champion never
    contacted, and the detractor CIO unmitigated with a say in the revenue goal."""
    plan = sample_plan(TODAY)
    plan = update_node(plan, "sh-coo", owner="")
    plan = update_node(plan, "sh-vp-px", last_contact=None)
    plan = update_node(plan, "t-ehr-integration", stakeholder_id="")
    return update_node(plan, "sh-cio", goal_ids=("g-revenue",))


def store(db: Path, plan: Plan) -> Path:
    with PlanStore(db) as plans:
        plans.save(plan)
    return db


async def open_relationships(pilot) -> WizardScreen:
    await pilot.app.push_screen(WizardScreen(pilot.app.plans()[0].id, "relationships"))
    await settle_in_step(pilot)
    return pilot.app.screen


def coach_text(app) -> str:
    """What the coach says in this step (F2 shows it at 80 columns), lines joined."""
    return " ".join(str(app.screen.query_one("#coach-text").render()).split())


def hint(app) -> str:
    """The folded coach's one line at the foot of the step, as painted."""
    return next(line for line in visible_text(app).splitlines() if "F2 coach" in line)


async def edit_row(pilot, wizard: WizardScreen, row: int) -> ItemForm:
    table = wizard.query_one("#table-relationships", DataTable)
    table.focus()
    table.move_cursor(row=row, column=0)
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ItemForm), "the form opened")
    return pilot.app.screen


async def pick(pilot, form: ItemForm, field: str, starts: str) -> None:
    """Open a dropdown with enter and walk down to the option that starts with ``starts``, as a user does."""
    select = form.query_one(f"#field-{field}", Select)
    select.focus()
    await pilot.press("enter")
    overlay = select.query_one(SelectOverlay)
    await wait_until(pilot, lambda: overlay.has_focus, "the dropdown opened")
    for _ in range(overlay.option_count):
        highlighted = overlay.get_option_at_index(overlay.highlighted or 0)
        if str(highlighted.prompt).startswith(starts):
            break
        await pilot.press("down")
    await pilot.press("enter")
    await wait_until(pilot, lambda: not overlay.has_focus, "the dropdown closed")


async def type_into(pilot, form: ItemForm, field: str, text: str) -> None:
    box = form.query_one(f"#field-{field}", Input)
    box.focus()
    box.value = ""
    await type_keys(pilot, text)


async def save(pilot) -> None:
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen), "the form saved")
    await pilot.pause()


async def test_reporting_lines_coverage_and_the_coach_clearing_one_by_one(tmp_path: Path) -> None:
    db = store(tmp_path / "plans.json", troubled_sample())
    app = new_app(db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_relationships(pilot)
        assert "3 to do" in hint(app)
        said = coach_text(app)
        assert 'Decision maker "Margaret Okafor": nobody on our team covers them' in said
        assert 'Champion "Daniel Reyes": no contact recorded' in said
        assert 'Detractor "Graham Pike" has a say in Goal 1 "Grow revenue in the account' in said

        form = await edit_row(pilot, wizard, 1)  # Daniel Reyes: reports to the COO; and we spoke today
        await pick(pilot, form, "reports_to_id", "Margaret Okafor")
        await type_into(pilot, form, "last_contact", "2026-11-23")
        await save(pilot)
        assert "2 to do" in hint(app)
        assert 'Champion "Daniel Reyes"' not in coach_text(app)

        form = await edit_row(pilot, wizard, 2)  # Aisha Bell reports to the COO too
        await pick(pilot, form, "reports_to_id", "Margaret Okafor")
        await save(pilot)

        form = await edit_row(pilot, wizard, 0)  # the COO: covered by the account manager
        await type_into(pilot, form, "owner", "Dana Ruiz")
        await save(pilot)
        assert "1 to do" in hint(app)
        assert 'Decision maker "Margaret Okafor"' not in coach_text(app)
        assert "↳ covered by Dana Ruiz · reports to nobody listed" in visible_text(app)

        form = await edit_row(pilot, wizard, 4)  # the CIO: tie the integration workshop to him
        await pick(pilot, form, "mitigation_tactic_id", "Tactic 1.2.1.2")
        await save(pilot)
        assert "✓ nothing to flag here" in hint(app)

        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, OrgChartScreen), "the org chart opened")
        await pilot.pause()
        lines = visible_text(app).splitlines()
        boss = next(line for line in lines if "Margaret Okafor · supporter" in line)
        assert "covered by Dana Ruiz · contacted 2026-11-10" in boss
        daniel = next(line for line in lines if "Daniel Reyes · champion" in line)
        aisha = next(line for line in lines if "Aisha Bell · supporter" in line)
        assert daniel.index("Daniel") > boss.index("Margaret")  # one level in, under the COO
        assert aisha.index("Aisha") == daniel.index("Daniel")
        assert lines.index(daniel) == lines.index(boss) + 1 and lines.index(aisha) == lines.index(boss) + 2
        await pilot.press("escape")

    stored = stored_plans(db)[0]
    people = {p.id: p for p in stored.stakeholders}
    assert people["sh-vp-px"].reports_to_id == "sh-coo" and people["sh-cno"].reports_to_id == "sh-coo"
    assert people["sh-coo"].owner == "Dana Ruiz"
    assert people["sh-vp-px"].last_contact == TODAY
    assert coach.check_plan(stored, TODAY) == []


async def test_the_form_refuses_a_reporting_loop_and_says_why(tmp_path: Path) -> None:
    plan = update_node(sample_plan(TODAY), "sh-vp-px", reports_to_id="sh-coo")
    db = store(tmp_path / "plans.json", plan)
    app = new_app(db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_relationships(pilot)
        form = await edit_row(pilot, wizard, 0)  # the COO, to report to her own report
        await pick(pilot, form, "reports_to_id", "Daniel Reyes")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error-reports_to_id").render())
        assert error == "That would make a reporting loop: Daniel Reyes already reports to this person."
    assert {p.id: p.reports_to_id for p in stored_plans(db)[0].stakeholders}["sh-coo"] == ""


async def test_influences_and_say_in_goals_are_ticked_in_the_form(tmp_path: Path) -> None:
    db = store(tmp_path / "plans.json", sample_plan(TODAY))
    app = new_app(db)
    async with app.run_test(size=(100, 40)) as pilot:
        wizard = await open_relationships(pilot)
        form = await edit_row(pilot, wizard, 1)  # Daniel Reyes
        people = form.query_one("#field-influence_ids")
        people.focus()
        await pilot.press("down", "space")  # the second person listed (himself left out): Aisha Bell
        goals = form.query_one("#field-goal_ids")
        goals.focus()
        await pilot.press("space")  # Goal 1
        await type_into(pilot, form, "next_step", "Send the peer benchmark")
        await save(pilot)
    daniel = {p.id: p for p in stored_plans(db)[0].stakeholders}["sh-vp-px"]
    assert daniel.influence_ids == ("sh-cno",)
    assert daniel.goal_ids == ("g-revenue",)
    assert daniel.next_step == "Send the peer benchmark"


async def test_the_org_chart_walks_by_keyboard_and_enter_opens_the_person(tmp_path: Path) -> None:
    plan = update_node(sample_plan(TODAY), "sh-vp-px", reports_to_id="sh-coo", influence_ids=("sh-cno",))
    db = store(tmp_path / "plans.json", plan)
    app = new_app(db)
    async with app.run_test(size=SMALL) as pilot:
        await open_relationships(pilot)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, OrgChartScreen), "the org chart opened")
        chart = app.screen
        await wait_until(pilot, lambda: chart.query_one(Tree).cursor_node is not None, "the cursor is placed")
        await pilot.press("down")  # Margaret → Daniel (her report)
        await pilot.pause()
        assert "influences → Aisha Bell" in visible_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm), "the person's form opened")
        form = app.screen
        assert isinstance(form, ItemForm) and form.query_one("#field-name", Input).value == "Daniel Reyes"
        await type_into(pilot, form, "next_step", "Benchmark call")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is chart, "back on the chart")
        await pilot.pause()
        assert "next step: Benchmark call" in visible_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "the chart closed")


async def test_the_map_walks_by_arrows_and_enter_opens_the_person(tmp_path: Path) -> None:
    db = store(tmp_path / "plans.json", sample_plan(TODAY))
    app = new_app(db)
    async with app.run_test(size=SMALL) as pilot:
        await open_relationships(pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, StakeholderMapScreen), "the map opened")
        assert "Margaret Okafor · supporter" in visible_text(app)  # the person under the table's cursor
        await pilot.press("left")  # champions, same row: Daniel Reyes
        assert "Daniel Reyes · champion" in visible_text(app)
        await pilot.press("down")  # nobody else in the cell: the champion below, Jorge Almeida
        assert "Jorge Almeida · champion" in visible_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm), "the person's form opened")
        assert app.screen.query_one("#field-name", Input).value == "Jorge Almeida"


def test_map_arrows_go_to_the_nearest_person_that_way_and_stop_at_the_edge() -> None:
    plan = sample_plan(TODAY)
    assert neighbour(plan, "sh-coo", 0, 1) == "sh-cno"  # same cell, next line
    assert neighbour(plan, "sh-cno", 0, 1) == "sh-access"  # the medium row: Jorge and Lena are as near; left first
    assert neighbour(plan, "sh-coo", 1, 0) == "sh-procurement"  # nearest column to the right holding anyone
    assert neighbour(plan, "sh-cio", 1, 0) == "sh-cio"  # the detractors are the last column
    assert neighbour(plan, "sh-vp-px", -1, 0) == "sh-vp-px"


async def test_enter_on_a_people_finding_in_review_opens_that_person(tmp_path: Path) -> None:
    db = store(tmp_path / "plans.json", update_node(sample_plan(TODAY), "sh-coo", owner=""))
    app = new_app(db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_relationships(pilot)
        wizard.open_step("review")
        await settle_in_step(pilot)
        assert '⚠ Decision maker "Margaret Okafor"' in visible_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: wizard.step == "relationships", "the relationships step opened")
        await settle_in_step(pilot)
        table = wizard.query_one("#table-relationships", DataTable)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == "sh-coo"
        assert "⚠ not covered by our team" in visible_text(app)


# --- snapshots (reviewed): the org chart and the map, at 80x24 and 160x50 ---

CHART_SIZES = {"80x24": (80, 24), "160x50": (160, 50)}


def charted_sample() -> Plan:
    """The sample with reporting lines, influence and a say in a goal, as a user would set them."""
    plan = sample_plan(TODAY)
    for person, manager in (("sh-vp-px", "sh-coo"), ("sh-cno", "sh-coo"), ("sh-procurement", "sh-cfo"),
                            ("sh-access", "sh-vp-px"), ("sh-cfo", "sh-coo")):
        plan = update_node(plan, person, reports_to_id=manager)
    plan = update_node(plan, "sh-vp-px", influence_ids=("sh-cno", "sh-access"), next_step="Send the peer benchmark")
    return update_node(plan, "sh-cio", goal_ids=("g-revenue",))


@pytest.mark.parametrize("size", list(CHART_SIZES))
@pytest.mark.parametrize("key", ["c", "m"])
def test_org_chart_and_map_snapshots(snap_compare, tmp_path: Path, key: str, size: str) -> None:
    """c: the org chart with Daniel Reyes (two reports, two influences) selected; m: the map, on him too."""
    from dataclasses import replace
    from datetime import UTC, datetime

    db = store(tmp_path / "plans.json", replace(charted_sample(), updated=datetime(2026, 11, 22, 9, 30, tzinfo=UTC)))

    async def open_view(pilot) -> None:
        steady_cursors(pilot)
        wizard = await open_relationships(pilot)
        wizard.query_one("#table-relationships", DataTable).move_cursor(row=1)
        await pilot.press(key)
        await wait_until(pilot, lambda: not isinstance(pilot.app.screen, WizardScreen), "the view opened")
        await steady_screen(pilot)

    assert snap_compare(new_app(db), terminal_size=CHART_SIZES[size], run_before=open_view)


async def test_the_org_chart_is_in_the_palette_and_the_help(tmp_path: Path) -> None:
    from rich.console import Console

    from screens.help import keys_table

    db = store(tmp_path / "plans.json", sample_plan(TODAY))
    app = new_app(db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_relationships(pilot)
        commands = {command.title: command for command in app.get_system_commands(wizard)}
        assert "Org chart: who reports to whom" in commands
        await commands["Org chart: who reports to whom"].callback()
        await wait_until(pilot, lambda: isinstance(app.screen, OrgChartScreen), "the palette opened the chart")
        await wait_until(pilot, lambda: "Daniel Reyes · champion" in visible_text(app), "the chart is drawn")
    console = Console(width=100, record=True, file=open("/dev/null", "w"))
    console.print(keys_table())
    text = console.export_text()
    assert "Org chart (c in Relationships; ↑ ↓ move)" in text
    assert "Org chart: who reports to whom" in text and "Edit the person under the cursor" in text
