"""The governance steps, the links across the chain and the export editions, driven as a user would.

Each Pilot test opens the real app on a small plan written to a temp store,
works a step with the keyboard, and checks what the screen shows and what is
on disk. Typing is short on purpose: each key press costs about 65 ms.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Select, SelectionList, TextArea

from acct_tui import clock
from acct_tui.edit import find
from acct_tui.model import Goal, Initiative, Metric, Plan, Stakeholder, Strategy, Tactic
from acct_tui.store import PlanStore
from screens.dialogs import ConfirmScreen
from screens.forms import ItemForm
from screens.home import HomeScreen
from screens.stakeholder_map import StakeholderMapScreen
from screens.steps.records import progress_bar, stakeholder_map
from screens.steps.text_steps import influencer_name
from screens.wizard import WizardScreen
from ui_helpers import new_app, notifications, screen_text, stored_plans, type_keys, visible_in, visible_text

PLAN_ID = "acme"


def small_plan() -> Plan:
    """One goal with a full chain, a second goal with nothing, a detractor and a champion."""
    tactic = Tactic("Meet the CFO", owner="Dana", due=date(2030, 1, 31), id="t1")
    strategy = Strategy("New product", initiatives=(Initiative("Tie to CSAT", (tactic,), id="i1"),), id="s1")
    goals = (
        Goal("Grow revenue 10%", measure="+10%", due=date(2030, 12, 31), strategies=(strategy,), id="g1"),
        Goal("Renew for 3 years", measure="signed", due=date(2030, 6, 30), id="g2"),
    )
    people = (
        Stakeholder("Tom Lind", title="CFO", role="economic buyer", influence="high", owner="Dana",
                    stance="detractor", notes="Prefers the rival", id="p1"),
        Stakeholder("Amy Osei", title="VP CX", influence="high", stance="champion", owner="Dana",
                    last_contact=clock.today(), id="p2"),  # covered and in touch: only the detractor is flagged
    )
    return Plan(name="Acme", owner="Dana", goals=goals, stakeholders=people,
                analysis={"inside": "Budgets moved to the CIO"}, id=PLAN_ID)


def write_store(db: Path, plan: Plan) -> None:
    with PlanStore(db) as store:
        store.save(plan)


async def until(pilot, condition, what: str) -> None:
    """Let the app run until ``condition()`` holds (it mounts and moves cursors after a refresh)."""
    for _ in range(50):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def open_step(pilot, step: str, node_id: str = "") -> WizardScreen:
    """Open the plan from the home screen (enter) if needed, then go straight to ``step``."""
    if not isinstance(pilot.app.screen, WizardScreen):
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen), "the wizard opens")
    wizard = pilot.app.screen
    await until(pilot, lambda: wizard.query("#panes"), "the wizard is composed")  # under load it shows first
    wizard.open_step(step, node_id)
    pane = f"#pane-{step}"
    await until(pilot, lambda: wizard.query(pane) and wizard.query_one(pane).is_mounted, f"{step} shows")
    if node_id:
        await until(pilot, lambda: wizard.query_one(pane).selected_id() == node_id, f"{node_id} selected")
    await pilot.pause()
    return wizard


async def open_form(pilot, *keys: str) -> ItemForm:
    """Press the keys that open an item form, and wait until its fields are there."""
    await pilot.press(*keys)
    await until(pilot, lambda: isinstance(pilot.app.screen, ItemForm) and pilot.app.screen.query(".form-fields > *"),
                "the form opens")
    return pilot.app.screen


async def choose(pilot, select_id: str, value) -> None:
    """Pick ``value`` in a Select of the open form with the keyboard, as a user who reads down the list:
    open it, take the first choice, then open it and take the next one until it is ``value``."""
    select = pilot.app.screen.query_one(f"#{select_id}", Select)
    select.focus()
    await pilot.press("enter", "home", "enter")
    for _ in range(select.query_one(OptionList).option_count):
        if select.value == value:
            break
        await pilot.press("enter", "down", "enter")
    assert select.value == value


async def type_into(pilot, field_id: str, text: str) -> None:
    """Focus a field of the open form, clear it, and type ``text``."""
    widget = pilot.app.screen.query_one(f"#{field_id}")
    widget.focus()
    if isinstance(widget, Input):
        widget.value = ""
    await type_keys(pilot, text)


async def save_form(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert not isinstance(pilot.app.screen, ItemForm), screen_text(pilot.app)


def table_column(wizard: WizardScreen, step: str, column: int = 0) -> list[str]:
    """One column of a step's table, as the user reads it, top to bottom."""
    table = wizard.query_one(f"#table-{step}", DataTable)
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


# --- relationships -------------------------------------------------------------


async def test_stakeholder_add_edit_sort_move_delete(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, small_plan())
    app = new_app(db)
    async with app.run_test(size=(120, 50)) as pilot:
        wizard = await open_step(pilot, "relationships")
        assert table_column(wizard, "relationships") == ["Tom Lind ⚠", "Amy Osei"]  # unmitigated detractor

        # Add: every field of the form.
        await open_form(pilot, "a")
        await type_into(pilot, "field-name", "Bo Ng")
        await type_into(pilot, "field-title", "CIO")
        await choose(pilot, "field-role", "decision maker")
        await choose(pilot, "field-influence", "low")
        await choose(pilot, "field-stance", "skeptic")
        await type_into(pilot, "field-owner", "Sam")
        await type_into(pilot, "field-last_contact", "2026-13-01")
        assert "there is no month 13" in screen_text(app)
        await type_into(pilot, "field-last_contact", "2026-10-01")
        await type_into(pilot, "field-notes", "Ex-rival")
        await choose(pilot, "field-mitigation_tactic_id", "t1")
        await save_form(pilot)
        assert table_column(wizard, "relationships") == ["Tom Lind ⚠", "Amy Osei", "Bo Ng"]
        app.session.flush()
        bo = stored_plans(db)[0].stakeholders[2]
        assert (bo.name, bo.title, bo.role, bo.influence, bo.stance, bo.owner) == (
            "Bo Ng", "CIO", "decision maker", "low", "skeptic", "Sam")
        assert (bo.last_contact, bo.notes) == (date(2026, 10, 1), "Ex-rival")
        assert find(stored_plans(db)[0], "t1")[0].stakeholder_id == bo.id  # the one link, on the tactic

        # Edit (enter on the row): the detractor gets a mitigating tactic; the ⚠ goes.
        form = await open_form(pilot, "up", "up", "enter")
        assert form.record.id == "p1"
        await choose(pilot, "field-mitigation_tactic_id", "t1")
        await save_form(pilot)
        assert table_column(wizard, "relationships")[0] == "Tom Lind"
        app.session.flush()
        assert find(stored_plans(db)[0], "t1")[0].stakeholder_id == "p1"  # moved from Bo to Tom

        # Sort by the column under the cursor: stance, champion first; again: reversed; again: own order.
        await pilot.press("right", "o")
        table = wizard.query_one("#table-relationships", DataTable)
        assert str(table.columns["Stance"].label) == "Stance ▲"
        assert table_column(wizard, "relationships") == ["Amy Osei", "Bo Ng", "Tom Lind"]
        await pilot.press("o")
        assert table_column(wizard, "relationships") == ["Tom Lind", "Bo Ng", "Amy Osei"]
        await pilot.press("o")
        assert table_column(wizard, "relationships") == ["Tom Lind", "Amy Osei", "Bo Ng"]

        # Move: the cursor is on Tom Lind; move him down one.
        await pilot.press("alt+down")
        assert table_column(wizard, "relationships") == ["Amy Osei", "Tom Lind", "Bo Ng"]
        app.session.flush()
        assert [s.name for s in stored_plans(db)[0].stakeholders] == ["Amy Osei", "Tom Lind", "Bo Ng"]

        # Delete asks, naming the person; cancel keeps him, yes removes him.
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "it asks first")
        assert "Delete stakeholder “Tom Lind”?" in screen_text(app)
        await pilot.press("escape")
        assert len(table_column(wizard, "relationships")) == 3
        await pilot.press("d", "y")
        await pilot.pause()
        assert table_column(wizard, "relationships") == ["Amy Osei", "Bo Ng"]
        assert table.cursor_row == 1  # the cursor stays where the deleted row was
        app.session.flush()
        assert [s.name for s in stored_plans(db)[0].stakeholders] == ["Amy Osei", "Bo Ng"]


async def test_map_groups_people_by_stance_and_influence(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, small_plan())
    app = new_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_step(pilot, "relationships")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, StakeholderMapScreen)
        lines = visible_text(app).splitlines()
        header = next(line for line in lines if "Champion" in line and "Detractor" in line)
        high = next(line for line in lines if "│ high" in line)
        # Each name sits under its stance, on the high-influence row; the detractor is flagged.
        assert abs(high.index("Amy Osei") - header.index("Champion")) <= 1
        assert abs(high.index("Tom Lind ⚠") - header.index("Detractor")) <= 1
        await pilot.press("escape")
        assert isinstance(app.screen, WizardScreen)


def test_map_puts_each_person_in_one_cell() -> None:
    people = tuple(
        Stakeholder(f"P{i}", influence=level, stance=stance, id=f"p{i}")
        for i, (level, stance) in enumerate([("low", "neutral"), ("medium", "supporter"), ("low", "neutral")])
    )
    grid = stakeholder_map(Plan(name="X", stakeholders=people))
    cells = {(row, column.header): str(list(column.cells)[row]) for column in grid.columns[1:] for row in range(3)}
    assert cells[(2, "Neutral")] == "P0\nP2"  # rows: high, medium, low
    assert cells[(1, "Supporter")] == "P1"
    assert sum(bool(text) for text in cells.values()) == 2


async def test_key_influencer_becomes_a_stakeholder_in_one_key(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, Plan(name="Acme", id=PLAN_ID))
    app = new_app(db)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        wizard = await open_step(pilot, "analysis")
        await pilot.press("ctrl+t")  # not in the influencers answer: explain, add nothing
        await pilot.pause()
        assert "Put the cursor on a name" in visible_text(app)
        area = wizard.query_one("#inline-influencers", TextArea)
        area.focus()
        await pilot.press(*"Ann Lee (CFO); Bo Ng")
        await pilot.press("ctrl+t")  # the name under the cursor
        await pilot.pause()
        assert "Added Bo Ng to Relationships" in visible_text(app)
        await pilot.press("home", "ctrl+t")
        await pilot.pause()
        assert "Added Ann Lee to Relationships" in visible_text(app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Ann Lee is already a stakeholder" in visible_text(app)
        await open_step(pilot, "relationships")
        assert table_column(wizard, "relationships") == ["Bo Ng", "Ann Lee"]
    [plan] = stored_plans(db)
    assert [s.name for s in plan.stakeholders] == ["Bo Ng", "Ann Lee"]
    assert plan.answer("influencers") == "Ann Lee (CFO); Bo Ng"


def test_influencer_name_is_the_clause_under_the_cursor() -> None:
    line = "Ann Lee (CFO) signs; Bo Ng (CIO) prefers the rival, and Dr. Amara Osei"
    assert influencer_name(line, 3) == "Ann Lee"
    assert influencer_name(line, 25) == "Bo Ng"
    assert influencer_name(line, len(line)) == "Dr. Amara Osei"
    assert influencer_name("The CFO signs but the VP shapes every decision", 3) == ""  # not a name


# --- cadence, home screen, selling tools ----------------------------------------


async def test_meetings_and_tools_crud_and_next_meetings_on_home(tmp_path: Path, monkeypatch) -> None:
    import acct_tui.clock

    monkeypatch.setattr(acct_tui.clock, "today", lambda: date(2030, 1, 1))  # the meeting is 4 days ahead
    db = tmp_path / "plans.json"
    write_store(db, small_plan())
    app = new_app(db)
    async with app.run_test(size=(100, 40)) as pilot:
        wizard = await open_step(pilot, "cadence")
        assert "No cadence" in screen_text(app)  # the coach's flag, under the empty table
        await open_form(pilot, "a")
        await type_into(pilot, "field-name", "QBR")
        await type_into(pilot, "field-frequency", "Qtly")
        await type_into(pilot, "field-attendees", "CIO")
        await type_into(pilot, "field-purpose", "Review")
        await type_into(pilot, "field-next_date", "2030-01-20")
        await save_form(pilot)
        await open_form(pilot, "a")
        await type_into(pilot, "field-name", "Sync")
        await type_into(pilot, "field-next_date", "2030-01-05")
        await save_form(pilot)
        assert table_column(wizard, "cadence") == ["QBR", "Sync"]
        assert "No cadence" not in screen_text(app)
        await open_form(pilot, "e")  # edit Sync (the cursor is on the row just added)
        await type_into(pilot, "field-name", "Team")
        await save_form(pilot)
        await pilot.press("up", "d", "y")  # delete QBR
        await pilot.pause()
        assert table_column(wizard, "cadence") == ["Team"]

        await open_step(pilot, "tools")
        await open_form(pilot, "a")
        await type_into(pilot, "field-name", "ROI")
        await type_into(pilot, "field-purpose", "CFO")
        await save_form(pilot)
        await open_form(pilot, "e")
        await type_into(pilot, "field-purpose", "Cost")
        await save_form(pilot)
        assert table_column(wizard, "tools", 1) == ["Cost"]

        await pilot.press("escape")  # home: the agenda across accounts has the next meeting
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "back home")
        agenda = app.screen.query_one("#agenda", OptionList)
        await until(pilot, lambda: "loading" not in str(agenda.border_title), "the agenda is read")
        await pilot.pause()
        assert "Sat 05 Jan  Acme: meeting: Team" in visible_in(app, agenda)

    [plan] = stored_plans(db)
    [meeting] = plan.meetings
    assert (meeting.name, meeting.next_date) == ("Team", date(2030, 1, 5))
    assert [(t.name, t.purpose) for t in plan.tools] == [("ROI", "Cost")]


# --- reporting -----------------------------------------------------------------


def test_progress_bar_follows_the_direction_of_the_target() -> None:
    up = Metric("Revenue", baseline=100, target=200, current=150)
    down = Metric("No-shows", baseline=12, target=8, current=10)  # lower is better
    assert progress_bar(up).plain == "█████░░░░░  50%"
    assert progress_bar(down).plain == "█████░░░░░  50%"
    assert progress_bar(Metric("No-shows", baseline=12, target=8, current=13)).plain.endswith("  0%")
    reached = progress_bar(Metric("No-shows", baseline=12, target=8, current=7))
    assert reached.plain == "██████████ 100% ✓" and "green" in str(reached.style)
    assert progress_bar(Metric("NPS", target=50, current=60)).plain == "✓ on target"
    assert progress_bar(Metric("NPS", target=50, current=40)).plain == "not yet"
    assert progress_bar(Metric("NPS", baseline=1, target=50)).plain == "—"


async def test_metric_with_progress_and_goal_link(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, small_plan())
    app = new_app(db)
    async with app.run_test(size=(160, 40)) as pilot:  # wide enough for every column in full
        wizard = await open_step(pilot, "reporting")
        flags = screen_text(app)
        assert 'Goal 1 "Grow revenue 10%" has no metric' in flags
        assert 'Goal 2 "Renew for 3 years" has no metric' in flags
        await open_form(pilot, "a")
        await type_into(pilot, "field-name", "Churn")
        await type_into(pilot, "field-baseline", "x")
        assert "Baseline must be a number" in screen_text(app)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ItemForm)  # refused: nothing saved
        await type_into(pilot, "field-baseline", "12")
        await type_into(pilot, "field-target", "8")
        await type_into(pilot, "field-current", "10")
        await type_into(pilot, "field-unit", "%")
        await choose(pilot, "field-goal_id", "g2")
        await save_form(pilot)
        table = wizard.query_one("#table-reporting", DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        # ⊘: it measures a renewal goal, internal by default, so it stays out of the customer edition too
        assert row == ["Churn⊘", "█████░░░░░  50%", "12", "8", "10", "%", "Goal 2: Renew for 3 years"]
        flags = screen_text(app)
        assert "Goal 2" not in flags and 'Goal 1 "Grow revenue 10%" has no metric' in flags
    [metric] = stored_plans(db)[0].metrics
    assert (metric.baseline, metric.target, metric.current, metric.unit, metric.goal_id) == (12, 8, 10, "%", "g2")


# --- links across the chain ------------------------------------------------------


async def test_links_set_in_forms_reach_disk_and_export(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "plans.json"
    write_store(db, small_plan())
    app = new_app(db)
    async with app.run_test(size=(120, 50)) as pilot:
        # A strategy cites the analysis answers it responds to.
        await open_step(pilot, "strategies", "s1")
        await open_form(pilot, "e")
        refs = app.screen.query_one("#field-analysis_refs", SelectionList)
        refs.focus()
        await pilot.press("space", "down", "down", "space")  # inside, influencers
        await save_form(pilot)
        # A tactic names the stakeholder it works on.
        await open_step(pilot, "tactics", "t1")
        await open_form(pilot, "e")
        await choose(pilot, "field-stakeholder_id", "p1")
        await save_form(pilot)
        # That is the detractor's mitigation too: their form shows it, nothing to set twice.
        await open_step(pilot, "relationships", "p1")
        form = await open_form(pilot, "e")
        assert form.query_one("#field-mitigation_tactic_id", Select).value == "t1"
        await pilot.press("escape")
        await open_step(pilot, "export")
        await pilot.press("ctrl+e")
        await pilot.pause()

    plan = stored_plans(db)[0]
    strategy = plan.goals[0].strategies[0]
    assert strategy.analysis_refs == ("inside", "influencers")
    assert strategy.initiatives[0].tactics[0].stakeholder_id == "p1"
    text = (tmp_path / "acme-plan.md").read_text()
    assert "**Responds to:** What is happening inside the account? · Who are the key influencers?" in text
    assert " · open · works on Tom Lind" in text
    assert "- **Tom Lind:** mitigated by Meet the CFO (Initiative 1.1.1)" in text


async def _export_internal(pilot) -> None:
    """Export the internal edition from the Export step, and wait for the file."""
    await open_step(pilot, "export")
    await pilot.press("ctrl+e")
    await until(pilot, lambda: Path("acme-plan.md").exists(), "the export is written")


async def test_works_on_a_detractor_is_their_mitigation(tmp_path: Path, monkeypatch) -> None:
    """Issue 9, defect 1: set "works on" once, on the tactic; the coach and export count it."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "plans.json"
    write_store(db, small_plan())
    app = new_app(db)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_step(pilot, "tactics", "t1")
        await open_form(pilot, "e")
        await choose(pilot, "field-stakeholder_id", "p1")
        await save_form(pilot)
        wizard = await open_step(pilot, "relationships")
        assert table_column(wizard, "relationships") == ["Tom Lind", "Amy Osei"]  # no ⚠: mitigated
        assert "Detractor" not in screen_text(app)
        await _export_internal(pilot)
        # The same link, from Tom's side: his form shows it, and "(none)" undoes it for both.
        await open_step(pilot, "relationships", "p1")
        form = await open_form(pilot, "e")
        assert form.query_one("#field-mitigation_tactic_id", Select).value == "t1"
        await choose(pilot, "field-mitigation_tactic_id", Select.NULL)
        await save_form(pilot)
        assert table_column(wizard, "relationships") == ["Tom Lind ⚠", "Amy Osei"]
        app.session.flush()
        assert find(stored_plans(db)[0], "t1")[0].stakeholder_id == ""
    text = (tmp_path / "acme-plan.md").read_text()
    assert "- **Tom Lind:** mitigated by Meet the CFO (Initiative 1.1.1)" in text
    assert "Detractor \"Tom Lind\"" not in text  # Plan health agrees


async def test_a_dropped_tactic_mitigates_nobody_in_the_export(tmp_path: Path, monkeypatch) -> None:
    """Issue 9, defect 2: the export's "mitigated by" follows the coach's rule."""
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "plans.json"
    plan = small_plan()
    dropped = Tactic("Meet the CFO", owner="Dana", status="dropped", id="t1")
    tom = Stakeholder("Tom Lind", stance="detractor", mitigation_tactic_id="t1", id="p1")  # a version 1 link
    goal = plan.goals[0]
    strategy = goal.strategies[0]
    initiative = strategy.initiatives[0]
    tree = replace(goal, strategies=(replace(strategy, initiatives=(replace(initiative, tactics=(dropped,)),)),))
    write_store(db, replace(plan, goals=(tree, plan.goals[1]), stakeholders=(tom, plan.stakeholders[1])))
    app = new_app(db)
    async with app.run_test(size=(120, 50)) as pilot:
        await _export_internal(pilot)
    text = (tmp_path / "acme-plan.md").read_text()
    assert "- **Tom Lind:** *no mitigating tactic yet*" in text
    assert "mitigated by" not in text
    assert "Detractor \"Tom Lind\": every tactic that works on them is dropped" in text


# --- export editions -------------------------------------------------------------


async def test_export_editions_overwrite_and_bad_paths(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "plans.json"
    write_store(db, small_plan())
    app = new_app(db)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        wizard = await open_step(pilot, "export")
        path_input = wizard.query_one("#export-path", Input)
        assert path_input.value == "./acme-plan.md"

        # Customer-safe: the suggested name follows the edition; no stances or notes in the file.
        wizard.query_one("#export-edition", Select).focus()
        await pilot.press("enter", "down", "enter")
        assert path_input.value == "./acme-customer-plan.md"
        await pilot.press("ctrl+e")
        await pilot.pause()
        customer = tmp_path / "acme-customer-plan.md"
        assert f"Written to {customer}" in screen_text(app)
        assert any(str(customer) in message for message in notifications(app))  # the toast names the full path
        assert "Exported" in visible_text(app)
        text = customer.read_text()
        assert "Customer edition" in text and "Tom Lind" in text
        for internal in ("detractor", "champion", "Prefers the rival", "Stance", "Plan health"):
            assert internal not in text

        # Review pack.
        await pilot.press("enter", "down", "enter")
        assert path_input.value == "./acme-review-pack.md"
        path_input.focus()
        await pilot.press("ctrl+e")  # works while typing the path, too
        await pilot.pause()
        assert (tmp_path / "acme-review-pack.md").read_text().startswith("# Review pack: Acme")

        # The file exists now: ask first; cancel leaves it alone, Replace writes it.
        (tmp_path / "acme-review-pack.md").write_text("old")
        await pilot.press("enter")
        await pilot.pause()
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "it asks first")
        assert f"{tmp_path / 'acme-review-pack.md'} exists." in screen_text(app)
        await pilot.press("escape")
        assert (tmp_path / "acme-review-pack.md").read_text() == "old"
        await pilot.press("enter", "y")
        await pilot.pause()
        assert (tmp_path / "acme-review-pack.md").read_text().startswith("# Review pack")

        # A folder that does not exist: said beside the field, nothing written.
        app.clear_notifications()  # the last export's toast would cover the field's line at the bottom right
        path_input.value = "nope/plan.md"
        await pilot.press("enter")
        await pilot.pause()
        error = wizard.query_one("#export-error")
        assert error.display and f"The folder {tmp_path / 'nope'} does not exist" in str(error.render())
        # Visible beside the field, wrapped however long the temp path is (xdist's are longer).
        unwrapped = "".join(visible_in(app, error).split())
        assert "".join(f"The folder {tmp_path / 'nope'} does not exist".split()) in unwrapped
        assert not (tmp_path / "nope").exists()

        # Never over the plan store's own files.
        for own in (db / "catalog.json", db / "plans" / f"{app.plans()[0].id}.json"):
            path_input.value = str(own)
            await pilot.press("enter")
            await pilot.pause()
            assert "belongs to the plan store" in str(error.render())

        # A good path again clears the message.
        path_input.value = "./ok.md"
        await pilot.press("enter")
        await pilot.pause()
        assert not error.display and (tmp_path / "ok.md").exists()
    assert stored_plans(db)[0].name == "Acme"
