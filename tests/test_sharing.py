"""Shared or internal, per item: the defaults, the customer view, and the leak proofs."""

from __future__ import annotations

import asyncio
import typing
from dataclasses import fields, replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import DataTable, OptionList, Tree
from ui_helpers import (
    new_app,
    notifications,
    open_plan_at,
    screen_text,
    settle_in_step,
    store_with,
    stored_plans,
    visible_text,
    wait_until,
)

from acct_tui import edit
from acct_tui.markdown import CUSTOMER_NOTE, INTERNAL_ANALYSIS_KEYS, escape_inline, render_plan_markdown
from acct_tui.model import (
    ANALYSIS_KEYS,
    DECISION_ROLES,
    INFLUENCE_LEVELS,
    STANCES,
    TACTIC_STATUSES,
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    SellingTool,
    Stakeholder,
    Strategy,
    Tactic,
    Whitespace,
    WhitespaceCell,
)
from acct_tui.sample import SAMPLE_DAY, sample_plan
from acct_tui.sharing import (
    COMMERCIAL_TERMS,
    COMPETITIVE_TERMS,
    INHERITED,
    INTERNAL,
    OWN_MEETING_TERMS,
    Terms,
    customer_view,
    hidden,
    is_shared,
    why_internal,
)
from acct_tui.edit import find
from screens.help import keys_table
from screens.forms import ItemForm
from screens.preview import PreviewScreen
from screens.steps.records import INTERNAL_MARK
from screens.wizard import WizardScreen

TODAY = SAMPLE_DAY


def customer(plan: Plan) -> str:
    return render_plan_markdown(plan, audience="customer", today=TODAY)


# --- the defaults ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "shared"),
    [
        (Goal("Grow revenue in the account by 10%"), False),
        (Goal("Win the renewal", "ARR from $2.4M to $2.64M"), False),
        (Goal("Renew for three years"), False),
        (Goal("Raise our wallet share"), False),
        (Goal("Grow their online sales", joint=True), True),  # agreed with the customer
        (Goal("Cut patient no-shows", "12% to 8%"), True),
        (Goal("Adopt renewable energy at every site"), True),  # whole words: "renew" is not "renewable"
        (Strategy("Displace the EHR vendor's module"), False),
        (Strategy("Show why the bundle costs more", analysis_refs=("competition",)), False),
        (Strategy("Show the value", analysis_refs=("inside", "market")), True),
        (Initiative("Build a total-cost comparison"), False),
        (Tactic("Get deal-desk approval for a price lock"), False),
        (Tactic("Send the TCO model to the CFO"), False),
        (Tactic("Offer a 10% discount"), False),
        (Tactic("Brief them on the competitor's roadmap"), False),
        (Tactic("Train the nurses"), True),
        (Metric("Annual recurring revenue"), False),
        (Metric("Pipeline coverage"), False),
        (Metric("No-show rate"), True),
        (Meeting("Account team sync"), False),
        (Meeting("Internal deal review"), False),
        (Meeting("Quarterly business review", purpose="Value report, roadmap, renewal"), True),
        (SellingTool("Competitive battlecard"), False),
        (SellingTool("Price list", "List prices"), False),
        (SellingTool("ROI calculator", "Puts value in numbers"), True),
        (Stakeholder("Tom Lindqvist", "VP Sales", stance="detractor", notes="Hates our pricing"), True),
    ],
)
def test_default_by_kind_and_content(record: object, shared: bool) -> None:
    assert is_shared(record) is shared
    assert bool(why_internal(record)) is not shared


def test_an_explicit_flag_overrides_the_default() -> None:
    assert is_shared(Goal("Grow revenue", shared=True))
    assert not is_shared(Goal("Cut no-shows", shared=False))
    assert why_internal(Goal("Grow revenue", shared=True)) == "it mentions “revenue”"


TERMS = COMMERCIAL_TERMS + COMPETITIVE_TERMS + OWN_MEETING_TERMS
MENTIONS = Terms(TERMS)
PIECES = st.sampled_from(
    [*TERMS, *(t.upper() for t in TERMS), " ", "-", "_", ".", "non", "s", "2", "\u0130", "\u0131", "\u017f",
     "\u212a", "PR\u0130CING", "\u0131nternal", "\u017fales", "\u212aPI", "\u00df", "\u0307", "é", "\n"]
)


@given(st.lists(PIECES, max_size=8).map("".join))
def test_the_word_check_before_the_pattern_finds_what_the_pattern_finds(text: str) -> None:
    """The set lookup that skips most searches never skips a mention (any case, hyphens, the four
    non-ASCII letters an any-case ASCII pattern matches)."""
    found, by_pattern = MENTIONS.search(text), MENTIONS.pattern.search(text)
    assert (found and found.span()) == (by_pattern and by_pattern.span())


@pytest.mark.parametrize("word", ["PR\u0130CING", "pr\u0131cing", "\u017fales", "boo\u212aings"])
def test_a_mention_spelt_with_a_letter_an_ascii_pattern_also_matches_is_found(word: str) -> None:
    """Python's any-case patterns match İ and ı for i, ſ for s, and the Kelvin sign for k."""
    assert why_internal(Tactic(f"Send the {word} sheet")) == f"it mentions “{word}”"


# --- the view ----------------------------------------------------------------------


def linked_plan() -> Plan:
    """A plan with an internal goal, a shared one and a joint one, and a link of every kind."""
    tactics = (
        Tactic("Meet the VP", stakeholder_id="p-secret", id="t-shared"),
        Tactic("Present the price", id="t-price"),
    )
    shared_goal = Goal(
        "Cut no-shows",
        strategies=(Strategy("Reminders", (Initiative("Turn on SMS", tactics, id="i1"),), id="s1"),),
        id="g-shared",
    )
    internal_goal = Goal(
        "Grow revenue 10%",
        strategies=(Strategy("Upsell analytics", (Initiative("Pitch", (Tactic("Call", shared=True, id="t-in"),), id="i2"),), shared=True, id="s2"),),
        id="g-revenue",
    )
    joint_goal = Goal("Open two clinics", joint=True, id="g-joint")
    return Plan(
        name="Acme",
        goals=(internal_goal, shared_goal, joint_goal),
        stakeholders=(
            Stakeholder("Secret Person", shared=False, id="p-secret"),
            Stakeholder(
                "Open Person", reports_to_id="p-secret", influence_ids=("p-secret",),
                goal_ids=("g-revenue", "g-shared"), id="p-open",
            ),
        ),
        meetings=(
            Meeting("QBR", goal_ids=("g-revenue", "g-shared"), stakeholder_ids=("p-secret", "p-open"), id="m-qbr"),
            Meeting("Account team sync", id="m-team"),
        ),
        metrics=(
            Metric("Revenue", goal_id="g-revenue", id="k-revenue"),
            Metric("Sites live", goal_id="g-revenue", id="k-sites"),
            Metric("Clinics open", goal_id="g-revenue", shared=True, id="k-clinics"),
            Metric("No-show rate", goal_id="g-shared", id="k-noshow"),
        ),
        tools=(SellingTool("ROI calculator", used_by_ids=("s2", "t-price", "t-shared"), id="x-roi"),),
        whitespace=Whitespace(
            ("North", "South"),
            ("Scheduling",),
            (
                WhitespaceCell("North", "Scheduling", pursued_by_id="g-revenue"),
                WhitespaceCell("South", "Scheduling", pursued_by_id="g-shared"),
            ),
        ),
    )


def ids(plan: Plan) -> list[str]:
    return [node.id for node, _ in edit.walk(plan)]


def test_hidden_marks_own_flags_and_inherited_ones() -> None:
    assert hidden(linked_plan()) == {
        "g-revenue": INTERNAL,
        "s2": INHERITED,  # shared by its own flag, but inside an internal goal
        "i2": INHERITED,
        "t-in": INHERITED,
        "t-price": INTERNAL,
        "p-secret": INTERNAL,
        "m-team": INTERNAL,
        "k-revenue": INTERNAL,
        "k-sites": INHERITED,  # no choice of its own: it goes with the goal it measures
    }


def test_the_view_holds_only_shared_items_joint_goals_first() -> None:
    view = customer_view(linked_plan())
    assert ids(view) == [
        "g-joint", "g-shared", "s1", "i1", "t-shared", "p-open", "m-qbr", "k-clinics", "k-noshow", "x-roi",
    ]


def test_the_view_holds_no_link_to_an_item_left_out() -> None:
    view = customer_view(linked_plan())
    nodes = {node.id: node for node, _ in edit.walk(view)}
    assert nodes["t-shared"].stakeholder_id == ""
    assert nodes["p-open"].reports_to_id == ""
    assert nodes["p-open"].influence_ids == ()
    assert nodes["p-open"].goal_ids == ("g-shared",)
    assert nodes["m-qbr"].goal_ids == ("g-shared",)
    assert nodes["m-qbr"].stakeholder_ids == ("p-open",)
    assert nodes["k-clinics"].goal_id == ""  # shared by its own choice; its goal is not
    assert nodes["k-noshow"].goal_id == "g-shared"
    assert nodes["x-roi"].used_by_ids == ("t-shared",)
    assert [cell.pursued_by_id for cell in view.whitespace.cells] == ["", "g-shared"]
    for node in nodes.values():  # and generally: every link leads inside the view
        for spec in fields(node):
            value = getattr(node, spec.name)
            if spec.name.endswith("_id") and value:
                assert value in nodes, (node.id, spec.name)
            if spec.name.endswith("_ids"):
                assert set(value) <= set(nodes), (node.id, spec.name)


def test_a_plan_with_nothing_internal_is_kept_as_it_is() -> None:
    plan = Plan(name="Acme", goals=(Goal("Cut no-shows", id="g1"), Goal("Co-host a summit", joint=True, id="g2")))
    assert ids(customer_view(plan)) == ["g2", "g1"]
    assert customer_view(replace(plan, goals=plan.goals[:1])) == replace(plan, goals=plan.goals[:1])


def test_the_customer_edition_says_so_at_the_top_and_holds_only_shared_items() -> None:
    text = customer(linked_plan())
    assert text.split("\n\n")[1] == f"*Customer edition — prepared to share with the account. {CUSTOMER_NOTE}*"
    assert text.index("Goal 1: Open two clinics") < text.index("Goal 2: Cut no-shows")
    for left_out in ("Grow revenue", "Upsell", "Present the price", "Secret Person", "Account team sync", "Sites live"):
        assert left_out not in text
        assert left_out in render_plan_markdown(linked_plan(), today=TODAY)  # the team sees it all


# --- the sample, field by field -----------------------------------------------------


def own_texts(record: object) -> list[str]:
    """The text ``record`` holds itself (not its children's, not its links)."""
    texts = []
    for spec in fields(record):  # type: ignore[arg-type]
        value = getattr(record, spec.name)
        if isinstance(value, str) and value.strip() and spec.name != "id" and not spec.name.endswith("_id"):
            texts += [line for line in value.splitlines() if line.strip()]
    return texts


def test_the_samples_customer_edition_shows_no_internal_item() -> None:
    """Every text of every item left out is absent from the customer bytes, unless a shared item says it too."""
    plan = sample_plan(TODAY)
    text = customer(plan)
    gone = hidden(plan)
    shown_nodes = [node for node, _ in edit.walk(plan) if node.id not in gone]
    said_elsewhere = " ".join(
        [plan.name, plan.owner, plan.industry, plan.vision.statement, plan.vision.why]
        + [answer for key, answer in plan.analysis.items() if key not in INTERNAL_ANALYSIS_KEYS]
        + [t for node in shown_nodes for t in own_texts(node)]
    )
    checked = 0
    for node, _ in edit.walk(plan):
        if node.id not in gone:
            continue
        assert not is_shared(node) or gone[node.id] == INHERITED
        for value in own_texts(node):
            if value in said_elsewhere:  # "Dana Ruiz" owns the plan too; "open" is every open tactic's status
                continue
            assert value not in text and escape_inline(value) not in text, (node.id, value)
            checked += 1
    assert checked > 30, "the sample should have internal items to check"
    for title in ("Grow revenue", "Renew the enterprise agreement", "price lock", "total-cost", "Account team sync",
                  "Annual recurring revenue"):
        assert title not in text


# --- the property: whatever an unshared item holds, the customer sees the same bytes ---

LINE = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=24)
TITLE = LINE.filter(str.strip)
LINES = st.lists(LINE, max_size=3).map("\n".join)
DAY = st.none() | st.dates(date(2000, 1, 1), date(2099, 12, 31))
NUMBER = st.none() | st.floats(-1e9, 1e9, allow_nan=False)
FLAG = st.sampled_from([None, True, False])


def links(pool: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(pool), max_size=3, unique=True).map(tuple) if pool else st.just(())


def records(plan: Plan, kind: type, record_id: str) -> st.SearchStrategy:
    """Any ``kind`` record with ``record_id`` and shared=False: text, dates, choices, links, children."""
    people = [p.id for p in plan.stakeholders if p.id != record_id]
    goals = [g.id for g in plan.goals]
    users = [n.id for n, _ in edit.walk(plan) if isinstance(n, (Strategy, Tactic))]
    tactic = st.builds(
        Tactic, action=TITLE, owner=LINE, due=DAY, status=st.sampled_from(TACTIC_STATUSES),
        stakeholder_id=st.sampled_from(["", *people]), shared=FLAG,
    )
    initiative = st.builds(Initiative, title=TITLE, tactics=st.lists(tactic, max_size=3).map(tuple), shared=FLAG)
    strategy = st.builds(
        Strategy, title=TITLE, initiatives=st.lists(initiative, max_size=2).map(tuple),
        analysis_refs=links(list(ANALYSIS_KEYS)), shared=FLAG,
    )
    kinds = {
        Tactic: tactic,
        Initiative: initiative,
        Strategy: strategy,
        Goal: st.builds(
            Goal, title=TITLE, measure=LINE, due=DAY, strategies=st.lists(strategy, max_size=2).map(tuple),
            joint=st.booleans(), customer_owner=LINE, commitments=LINES,
        ),
        Stakeholder: st.builds(
            Stakeholder, name=TITLE, title=LINE, role=st.sampled_from(DECISION_ROLES),
            influence=st.sampled_from(INFLUENCE_LEVELS), stance=st.sampled_from(STANCES), owner=LINE,
            last_contact=DAY, notes=LINES, reports_to_id=st.sampled_from(["", *people]), next_step=LINE,
            influence_ids=links(people), goal_ids=links(goals),
        ),
        Meeting: st.builds(
            Meeting, name=TITLE, frequency=LINE, attendees=LINE, purpose=LINE, next_date=DAY,
            goal_ids=links(goals), stakeholder_ids=links(people),
        ),
        Metric: st.builds(
            Metric, name=TITLE, baseline=NUMBER, target=NUMBER, current=NUMBER, unit=LINE,
            goal_id=st.sampled_from(["", *goals]),
        ),
        SellingTool: st.builds(SellingTool, name=TITLE, purpose=LINES, used_by_ids=links(users)),
    }
    return kinds[kind].map(lambda record: replace(record, id=record_id, shared=False))


KINDS = (Goal, Strategy, Initiative, Tactic, Stakeholder, Meeting, Metric, SellingTool)


def test_the_property_covers_every_field_of_every_kind() -> None:
    """A new field on a record must be drawn above (st.builds leaves it at its default otherwise)."""
    drawn = {
        Tactic: {"action", "owner", "due", "status", "stakeholder_id"},
        Initiative: {"title", "tactics"},
        Strategy: {"title", "initiatives", "analysis_refs"},
        Goal: {"title", "measure", "due", "strategies", "joint", "customer_owner", "commitments"},
        Stakeholder: {
            "name", "title", "role", "influence", "stance", "owner", "last_contact", "notes", "reports_to_id",
            "next_step", "influence_ids", "goal_ids",
        },
        Meeting: {"name", "frequency", "attendees", "purpose", "next_date", "goal_ids", "stakeholder_ids"},
        Metric: {"name", "baseline", "target", "current", "unit", "goal_id"},
        SellingTool: {"name", "purpose", "used_by_ids"},
    }
    for kind in KINDS:
        assert {f.name for f in fields(kind)} - {"id", "shared"} == drawn[kind], kind.__name__
        assert "shared" in typing.get_type_hints(kind)


@settings(deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), kind=st.sampled_from(KINDS))
def test_whatever_an_unshared_item_holds_the_customer_edition_is_the_same(data: st.DataObject, kind: type) -> None:
    plan = sample_plan(TODAY)
    targets = [node for node, _ in edit.walk(plan) if isinstance(node, kind)]
    target = data.draw(st.sampled_from(targets), label="item")
    before = replace(edit.update_node(plan, target.id, shared=False), updated=plan.updated)
    record = data.draw(records(plan, kind, target.id), label="what it holds")
    after = replace(edit.replace_node(before, record), updated=plan.updated)
    assert customer(after) == customer(before)


# --- from the keyboard ----------------------------------------------------------------


def row_of(tree: Tree, node_id: str):
    return next(tree.get_node_at_line(n) for n in range(tree.last_line + 1) if tree.get_node_at_line(n).data == node_id)


async def put_cursor(pilot, tree: Tree, node_id: str) -> None:
    tree.move_cursor(row_of(tree, node_id))
    await pilot.pause()
    assert tree.cursor_node.data == node_id


def dimmed(row) -> bool:
    """Whether a tree row's title is dimmed (it sits inside an internal item)."""
    return any(span.style == "dim" and span.start == 0 for span in row.label.spans)


async def customer_preview(pilot) -> str:
    """F5, then c: the customer edition as the preview holds it and as its jump list shows it; then back."""
    await pilot.press("f5")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PreviewScreen), "the preview opens")
    preview = pilot.app.screen
    await pilot.press("c")
    await wait_until(pilot, lambda: "(customer edition)" in visible_text(pilot.app), "the customer edition shows")
    jump = preview.query_one(OptionList)
    await wait_until(pilot, lambda: jump.option_count > 0, "the jump list fills")
    sections = [str(jump.get_option_at_index(i).prompt) for i in range(jump.option_count)]
    text = preview.markdown_text + "\n" + "\n".join(sections)
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen), "back in the wizard")
    return text


async def test_a_new_user_marks_a_goal_internal_and_sees_it_leave_the_customer_preview(tmp_path: Path) -> None:
    plan = sample_plan(TODAY)
    goal = next(g for g in plan.goals if g.id == "g-no-shows")
    assert is_shared(goal)
    db = store_with(tmp_path / "plans.json", plan)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "goals")
        tree = wizard.query_one("#tree-goals", Tree)
        await put_cursor(pilot, tree, goal.id)
        assert goal.title in await customer_preview(pilot)

        await pilot.press("s")
        await wait_until(pilot, lambda: find(app.plan(plan.id), goal.id)[0].shared is False, "the goal is internal")
        assert "internal" in str(row_of(tree, goal.id).label)
        assert any("Goal 3: Internal, left out of the customer edition (as you set it)." in n for n in notifications(app))
        assert goal.title not in await customer_preview(pilot)
        assert await asyncio.to_thread(app.session.flush)
        assert find(stored_plans(db)[0], goal.id)[0].shared is False  # on disk too

        await put_cursor(pilot, tree, goal.id)
        await pilot.press("s")
        await wait_until(pilot, lambda: find(app.plan(plan.id), goal.id)[0].shared is True, "the goal is shared")
        assert "internal" not in str(row_of(tree, goal.id).label)
        assert goal.title in await customer_preview(pilot)


async def test_sharing_an_internal_goal_shows_it_and_undo_takes_it_back(tmp_path: Path) -> None:
    plan = sample_plan(TODAY)
    goal = plan.goals[0]  # "Grow revenue …": internal by default
    child = goal.strategies[0]
    assert hidden(plan)[goal.id] == INTERNAL and hidden(plan)[child.id] == INHERITED
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "goals")
        tree = wizard.query_one("#tree-goals", Tree)
        assert "internal" in str(row_of(tree, goal.id).label)
        assert dimmed(row_of(tree, child.id)), "a strategy inside it is dimmed"
        await put_cursor(pilot, tree, goal.id)
        await pilot.press("s")  # the default (internal) becomes an explicit "shared"
        await wait_until(pilot, lambda: find(app.plan(plan.id), goal.id)[0].shared is True, "the goal is shared")
        assert "internal" not in str(row_of(tree, goal.id).label)
        assert not dimmed(row_of(tree, child.id)), "its strategies come along"
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: find(app.plan(plan.id), goal.id)[0].shared is None, "undone")
        await wait_until(pilot, lambda: "internal" in str(row_of(tree, goal.id).label), "the mark is back")


async def test_s_in_a_table_marks_a_metric_internal_with_a_mark_in_its_row(tmp_path: Path) -> None:
    plan = sample_plan(TODAY)
    metric = next(m for m in plan.metrics if m.name == "Patient no-show rate")
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "reporting")
        table = wizard.query_one("#table-reporting", DataTable)
        table.move_cursor(row=table.get_row_index(metric.id), column=0)
        await pilot.pause()

        def first_cell(record_id: str) -> str:
            return table.get_row(record_id)[0].plain

        assert not first_cell(metric.id).endswith(INTERNAL_MARK)
        assert f"Renewal term signed{INTERNAL_MARK}" in visible_text(app)  # internal by default, name whole
        await pilot.press("s")
        await wait_until(pilot, lambda: find(app.plan(plan.id), metric.id)[0].shared is False, "the metric is internal")
        await wait_until(pilot, lambda: first_cell(metric.id).endswith(INTERNAL_MARK), "the row's mark")
        assert first_cell(metric.id).startswith("Patient no-show")  # the name gives way, not the mark
        assert metric.name not in customer(app.plan(plan.id))
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: not first_cell(metric.id).endswith(INTERNAL_MARK), "undone")
        assert find(app.plan(plan.id), metric.id)[0].shared is None


async def test_the_form_says_whether_the_item_is_shared_and_saving_keeps_the_flag(tmp_path: Path) -> None:
    plan = sample_plan(TODAY)
    goal = plan.goals[0]
    plan = edit.update_node(plan, goal.id, shared=False)
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "goals")
        await put_cursor(pilot, wizard.query_one("#tree-goals", Tree), goal.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm), "the form opens")
        assert "Internal, left out of the customer edition (as you set it)." in screen_text(app)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "saved")
        assert find(app.plan(plan.id), goal.id)[0].shared is False
        wizard.open_step("cadence")
        await settle_in_step(pilot)
        await pilot.press("e")  # the first meeting, the account team's own: internal by default
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm), "the form opens")
        assert "Internal, left out of the customer edition (by default: it mentions “Account team”)." in screen_text(app)


async def test_the_share_command_is_in_the_palette_and_the_keys_help(tmp_path: Path) -> None:
    from rich.console import Console

    app = new_app(store_with(tmp_path / "plans.json", sample_plan(TODAY)))
    async with app.run_test(size=(80, 24)) as pilot:
        for step in ("goals", "cadence"):
            await open_plan_at(pilot, step) if step == "goals" else pilot.app.screen.open_step(step)
            await settle_in_step(pilot)
            titles = {command.title for command in app.get_system_commands(app.screen)}
            assert any(title.startswith("Share the item with the customer") for title in titles), step
    console = Console(width=160, record=True)
    console.print(keys_table())
    assert console.export_text().count("Share the item with the customer, or keep it internal") == 2
