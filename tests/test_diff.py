"""What changed between two versions of a plan: by id, field by field, moves as moves.

Examples on the sample plan first (one behaviour each), then properties over
generated plans: diff(a, a) is empty, applying diff(a, b) to a gives b, and an
item moved to another parent is one "moved" change.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acct_tui import edit
from acct_tui.diff import ItemChange, PlanDiff, apply_diff, diff_json, diff_markdown, plan_diff
from acct_tui.kinds import kind_of
from acct_tui.model import (
    ANALYSIS_KEYS,
    TACTIC_STATUSES,
    WHITESPACE_STATUSES,
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    SellingTool,
    Stakeholder,
    Strategy,
    Tactic,
    Vision,
    Whitespace,
    WhitespaceCell,
)
from acct_tui.sample import sample_plan

TODAY = date(2026, 11, 23)


@pytest.fixture
def plan() -> Plan:
    return sample_plan(TODAY)


def changes_of(before: Plan, after: Plan) -> list[ItemChange]:
    return list(plan_diff(before, after, TODAY).changes)


def brief(changes: list[ItemChange]) -> list[tuple[str, str, str]]:
    """(what, item id, field) of each change: what most tests compare."""
    return [(c.what, c.item_id, c.field) for c in changes]


def same_plan(a: Plan, b: Plan) -> bool:
    return replace(a, updated=b.updated) == b


# --- one behaviour each, on the sample ---------------------------------------------


def test_a_plan_against_itself_has_no_changes(plan):
    diff = plan_diff(plan, plan, TODAY)
    assert not diff and diff.changes == () and diff.health_before == diff.health_after


def test_updated_alone_is_no_change(plan):
    assert not plan_diff(plan, edit.touch(replace(plan, updated=plan.updated.replace(year=2020))), TODAY)


def test_an_edited_field_is_old_to_new(plan):
    after = edit.update_node(plan, "t-quantify", owner="Sam")
    [change] = changes_of(plan, after)
    assert (change.what, change.record, change.field, change.field_label) == ("edited", "tactic", "owner", "Owner")
    assert (change.before, change.after) == ("Priya Shah", "Sam")
    assert change.label == "Tactic 1.1.1.1"


def test_a_tactic_status_change_is_status(plan):
    after = edit.update_node(plan, "t-quantify", status="done")
    assert brief(changes_of(plan, after)) == [("status", "t-quantify", "status")]


def test_dates_are_plan_data(plan):
    after = edit.update_node(plan, "g-revenue", due=date(2030, 1, 2))
    [change] = changes_of(plan, after)
    assert change.after == "2030-01-02" and change.after_text == "2030-01-02"


def test_a_link_reads_as_the_name(plan):
    after = edit.update_node(plan, "t-quantify", stakeholder_id="sh-cfo")
    [change] = changes_of(plan, after)
    cfo = next(p for p in plan.stakeholders if p.id == "sh-cfo")
    assert (change.before_text, change.after_text) == ("—", cfo.name)


@pytest.mark.parametrize(
    ("baseline", "target", "current", "direction"),
    [
        (2400, 2640, 2500, "better"),  # higher is better: up
        (2400, 2640, 5, "worse"),
        (12, 8, 10, "better"),  # target below baseline: lower is better
        (12, 8, 11, "worse"),
        (None, 8, 11, "better"),  # no baseline: higher is better
        (12, None, 11, ""),  # no target: can't judge
    ],
)
def test_a_metric_value_has_a_direction(plan, baseline, target, current, direction):
    before = edit.update_node(plan, "metric-arr", baseline=baseline, target=target, current=10.5)
    after = edit.update_node(before, "metric-arr", current=current)
    [change] = changes_of(before, after)
    assert (change.what, change.field, change.direction) == ("metric", "current", direction)


def test_a_metric_newly_set_has_no_direction(plan):
    before = edit.update_node(plan, "metric-arr", current=None)
    [change] = changes_of(before, plan)
    assert (change.what, change.direction, change.before_text) == ("metric", "", "—")
    assert change.after_text == "2,460 k USD"


def test_plan_fields_analysis_and_vision(plan):
    analysis = {k: v for k, v in plan.analysis.items() if k != "market"}
    after = replace(plan, owner="Sam", analysis=analysis, vision=replace(plan.vision, why="Because."))
    assert brief(changes_of(plan, after)) == [
        ("edited", plan.id, "owner"),
        ("edited", plan.id, "analysis.market"),
        ("edited", plan.id, "vision.why"),
    ]
    assert changes_of(plan, after)[1].after is None


def test_added_and_removed_items_each_with_their_fields(plan):
    after = edit.add_node(plan, SellingTool("Demo", "Show it", id="x-demo"))
    after = edit.remove_node(after, "i-engage-pilot")
    changes = changes_of(plan, after)
    assert brief(changes) == [
        ("added", "x-demo", ""),
        ("removed", "i-engage-pilot", ""),
        ("removed", "t-pilot-scope", ""),
        ("removed", "t-pilot-build", ""),
    ]
    assert changes[0].after == {"id": "x-demo", "name": "Demo", "purpose": "Show it", "used_by_ids": [], "shared": None}
    assert changes[1].label == "Initiative 1.1.2" and changes[1].parent == "s-new-product"


def test_moving_to_another_parent_is_one_move(plan):
    after = edit.move_to_parent(plan, "i-csat-value", "s-expand-sites")
    [change] = changes_of(plan, after)
    assert (change.what, change.item_id, change.label) == ("moved", "i-csat-value", "Initiative 1.2.2")
    assert change.before_text.startswith("Strategy 1.1 “Introduce")
    assert change.after_text.startswith("Strategy 1.2 “Extend")
    assert change.before["parent"] == "s-new-product" and change.after["parent"] == "s-expand-sites"


def test_moving_up_among_siblings_is_a_move(plan):
    after = edit.move_node(plan, "g-no-shows", -2)
    [change] = changes_of(plan, after)
    assert (change.what, change.item_id) == ("moved", "g-no-shows")
    assert (change.before_text, change.after_text) == ("position 3", "position 1")


def test_a_sibling_shifted_by_an_addition_or_removal_did_not_move(plan):
    after = edit.add_node(plan, Goal("First things first", id="g-new"), index=0)
    after = edit.remove_node(after, "s-exec-sponsor")  # every later goal, strategy and sibling shifts
    whats = {c.what for c in changes_of(plan, after)}
    assert whats == {"added", "removed"}


def test_a_swap_moves_one_of_the_two(plan):
    after = edit.move_node(plan, "t-quantify", 1)
    assert [c.what for c in changes_of(plan, after)] == ["moved"]


def test_findings_are_matched_by_code_and_node_not_message(plan):
    """Adding a strategy to a goal with one changes the count in its message, not the finding."""
    lonely = edit.remove_node(edit.remove_node(plan, "s-beat-bundle"), "s-early-renewal")
    lonelier = edit.update_node(lonely, "g-renewal", title="Renew for three years, please")
    diff = plan_diff(lonely, lonelier, TODAY)
    assert diff.findings_fixed == diff.findings_new == ()
    fixed = plan_diff(lonely, plan, TODAY)
    assert any("has 1 strategy" in message for message in fixed.findings_fixed)
    assert fixed.health_after > fixed.health_before


def test_the_same_id_on_another_kind_is_removed_and_added():
    before = Plan("A", goals=(Goal("G", id="x1"),), id="p")
    after = Plan("A", tools=(SellingTool("T", id="x1"),), id="p")
    diff = plan_diff(before, after, TODAY)
    assert brief(list(diff.changes)) == [("added", "x1", ""), ("removed", "x1", "")]
    assert apply_diff(before, diff) == replace(after, updated=before.updated)


def test_apply_replays_the_sample_story(plan):
    after = edit.update_node(plan, "g-revenue", title="Grow revenue by 12%")
    after = edit.move_to_parent(after, "i-csat-value", "s-expand-sites")
    after = edit.update_node(after, "t-quantify", status="done")
    after = edit.update_node(after, "t-vp-csat", status="done")
    after = edit.update_node(after, "metric-arr", current=2550)
    after = edit.move_node(after, "sh-cfo", -3)
    diff = plan_diff(plan, after, TODAY)
    assert same_plan(apply_diff(plan, diff), after)


# --- showing it ---------------------------------------------------------------------


def test_markdown_of_no_changes_says_since_when(plan):
    diff = plan_diff(plan, plan, TODAY, before_when="review 2026-10-01", after_when="now")
    assert diff_markdown(diff) == "## Changes since review 2026-10-01\n\n_No changes since review 2026-10-01._\n"


def test_markdown_groups_by_kind_and_says_each_change(plan):
    after = edit.update_node(plan, "g-revenue", title="Grow revenue by 12%")
    after = edit.move_to_parent(after, "i-csat-value", "s-expand-sites")
    after = edit.update_node(after, "t-quantify", status="done", owner="Sam")
    after = edit.update_node(after, "metric-arr", current=2550)
    after = edit.add_node(after, Stakeholder("Ola Nordmann", id="sh-new"))
    text = diff_markdown(plan_diff(plan, after, TODAY, before_when="review 2026-10-01"), heading_level=3)
    assert text.startswith("### Changes since review 2026-10-01\n")
    sections = [line for line in text.splitlines() if line.startswith("#### ")]
    assert sections == ["#### Goals", "#### Initiatives", "#### Tactics", "#### Relationships",
                        "#### Reporting", "#### Plan health"]
    assert "  - Goal: Grow revenue in the account by 10% this fiscal year → Grow revenue by 12%" in text
    assert "  - Moved from Strategy 1.1 “Introduce" in text
    assert "  - Status: doing → done" in text and "  - Owner: Priya Shah → Sam" in text
    assert "  - Current: 2,460 k USD → 2,550 k USD (better)" in text
    assert f"- Stakeholder {len(plan.stakeholders) + 1} “Ola Nordmann”\n  - Added\n" in text


def test_markdown_escapes_user_text():
    before = Plan("A", goals=(Goal("# Title", id="g1"),), id="p")
    after = Plan("A", goals=(Goal("*bold* [x](y)", id="g1"),), id="p")
    text = diff_markdown(plan_diff(before, after, TODAY))
    assert r"\# Title → \*bold\* \[x\](y)" in text


def test_long_text_shows_before_and_after_on_their_own_lines(plan):
    after = replace(plan, vision=replace(plan.vision, statement="Line one\nLine two"))
    text = diff_markdown(plan_diff(plan, after, TODAY))
    assert "### Facts, analysis and vision\n\n- Vision\n  - Before: " in text and "  - After: Line one\\\n    Line two" in text


def test_markdown_shows_health_and_findings(plan):
    worse = edit.update_node(plan, "t-quantify", owner="")
    text = diff_markdown(plan_diff(plan, worse, TODAY))
    diff = plan_diff(plan, worse, TODAY)
    assert f"{diff.health_before} → {diff.health_after}" in text
    assert "**New:**\n\n- " in text and "**Fixed:**" not in text


def test_json_has_stable_keys_and_iso_dates(plan):
    after = edit.update_node(plan, "g-revenue", due=date(2030, 1, 2))
    data = diff_json(plan_diff(plan, after, TODAY, before_when="review 2026-10-01", after_when="now"))
    assert list(data) == ["before", "after", "health", "findings", "changes"]
    [change] = data["changes"]
    assert change["before"] == plan.goals[0].due.isoformat() and change["after"] == "2030-01-02"
    assert set(change) == set(diff_json(PlanDiff((ItemChange("added", "goal", "g", "G"),)))["changes"][0])


def test_metric_and_strategy_refs_are_data(plan):
    after = edit.update_node(plan, "s-new-product", analysis_refs=("market",))
    after = edit.update_node(after, "metric-arr", goal_id="g-renewal")
    changes = changes_of(plan, after)
    assert changes[0].after == ["market"] and changes[0].after_text == "How is the market evolving?"
    assert changes[1].after_text.startswith("Goal 2 “")
    assert same_plan(apply_diff(plan, plan_diff(plan, after, TODAY)), after)


# --- properties over generated plans --------------------------------------------------

POOL = tuple(f"n{i}" for i in range(64))
"""Ids every generated plan draws from, so two plans share ids (and even reuse one for another kind)."""

WORDS = st.sampled_from(["", "a", "b", "Dana", "Sam", "x\ny"])
ONE_LINE = st.sampled_from(["a", "b", "c"])
DATES = st.sampled_from([None, date(2026, 1, 1), date(2027, 6, 30)])
NUMBERS = st.sampled_from([None, 0.0, 1.5, 10.0, -2.0])
SHARED = st.sampled_from([None, True, False])
ids_of = st.permutations(POOL).map(iter)

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """A small plan with every kind of item, drawn ids and linked fields."""
    ids = draw(ids_of)
    few = st.integers(0, 2)
    people = tuple(
        Stakeholder(draw(ONE_LINE), draw(ONE_LINE), owner=draw(WORDS.filter(lambda w: "\n" not in w)),
                    last_contact=draw(DATES), notes=draw(WORDS), stance=draw(st.sampled_from(["neutral", "detractor"])),
                    shared=draw(SHARED), id=next(ids))
        for _ in range(draw(few))
    )
    if len(people) == 2:  # the format version 3 links between people
        people = (people[0], replace(people[1], reports_to_id=draw(st.sampled_from(["", people[0].id])),
                                     influence_ids=draw(st.sampled_from([(), (people[0].id,)]))))
    link = st.sampled_from(["", *(p.id for p in people)])

    def tactic() -> Tactic:
        return Tactic(draw(ONE_LINE), draw(st.sampled_from(["", "Dana"])), draw(DATES),
                      draw(st.sampled_from(TACTIC_STATUSES)), draw(link), shared=draw(SHARED), id=next(ids))

    def initiative() -> Initiative:
        return Initiative(draw(ONE_LINE), tuple(tactic() for _ in range(draw(few))), id=next(ids))

    def strategy() -> Strategy:
        refs = tuple(draw(st.lists(st.sampled_from(ANALYSIS_KEYS), max_size=2, unique=True)))
        return Strategy(draw(ONE_LINE), tuple(initiative() for _ in range(draw(few))), refs, id=next(ids))

    goals = tuple(
        Goal(draw(ONE_LINE), draw(st.sampled_from(["", "+10%"])), draw(DATES),
             tuple(strategy() for _ in range(draw(few))), joint=draw(st.booleans()),
             commitments=draw(WORDS), id=next(ids))
        for _ in range(draw(few))
    )
    goal_link = st.sampled_from(["", *(g.id for g in goals)])
    return Plan(
        name=draw(ONE_LINE),
        owner=draw(st.sampled_from(["", "Dana"])),
        start=draw(st.sampled_from([None, date(2026, 1, 1)])),
        review=draw(st.sampled_from([None, date(2026, 6, 1)])),
        reviewed=draw(DATES),
        analysis=draw(st.dictionaries(st.sampled_from(ANALYSIS_KEYS), WORDS, max_size=3)),
        vision=Vision(draw(WORDS), draw(WORDS)),
        goals=goals,
        stakeholders=people,
        meetings=tuple(
            Meeting(draw(ONE_LINE), next_date=draw(DATES), goal_ids=tuple(g for g in draw(st.lists(goal_link, max_size=2)) if g),
                    id=next(ids))
            for _ in range(draw(few))
        ),
        metrics=tuple(
            Metric(draw(ONE_LINE), draw(NUMBERS), draw(NUMBERS), draw(NUMBERS), draw(st.sampled_from(["", "%"])),
                   draw(goal_link), id=next(ids))
            for _ in range(draw(few))
        ),
        tools=tuple(SellingTool(draw(ONE_LINE), draw(WORDS), id=next(ids)) for _ in range(draw(few))),
        whitespace=draw(whitespaces(goal_link)),
        asks=draw(WORDS),
        id="p",
    )


@st.composite
def whitespaces(draw: st.DrawFn, pursuer: st.SearchStrategy[str]) -> Whitespace:
    """A small whitespace map: some of its cells assessed."""
    units = tuple(draw(st.lists(st.sampled_from(["North", "South", "Labs"]), max_size=2, unique=True)))
    offerings = tuple(draw(st.lists(st.sampled_from(["Cloud", "Support"]), max_size=2, unique=True)))
    cells = tuple(
        WhitespaceCell(unit, offering, draw(st.sampled_from(WHITESPACE_STATUSES)), draw(NUMBERS), draw(pursuer))
        for unit in units for offering in offerings if draw(st.booleans())
    )
    return Whitespace(units, offerings, cells)


def tree_nodes(plan: Plan) -> list:
    return [node for node, _ in edit.walk(plan)]


@st.composite
def edited(draw: st.DrawFn, plan: Plan, prefix: str = "new") -> Plan:
    """``plan`` after a few of the edits a user makes: add, remove, edit, reorder, move elsewhere.

    New items get the ids ``<prefix>0``, ``<prefix>1``...: two edits of one plan
    (a merge's two sides) use two prefixes, as two machines draw unrelated ids.
    """
    fresh = iter(f"{prefix}{i}" for i in range(100))
    for _ in range(draw(st.integers(1, 6))):
        nodes = tree_nodes(plan)
        op = draw(st.sampled_from(["add", "remove", "edit", "reorder", "reparent", "plan"]))
        if op == "add":
            parents = [n for n in nodes if isinstance(n, (Goal, Strategy, Initiative))]
            parent = draw(st.sampled_from([None, *parents]))
            child = {None: Goal("new", id=next(fresh)), Goal: Strategy("new", id=next(fresh)),
                     Strategy: Initiative("new", id=next(fresh)), Initiative: Tactic("new", id=next(fresh))}
            node = child[None if parent is None else type(parent)]
            plan = edit.add_node(plan, node, None if parent is None else parent.id, draw(st.integers(0, 3)))
        elif not nodes:
            continue
        elif op == "remove":
            plan = edit.remove_node(plan, draw(st.sampled_from(nodes)).id)
        elif op == "edit":
            node = draw(st.sampled_from(nodes))
            field = "name" if hasattr(node, "name") else "action" if isinstance(node, Tactic) else "title"
            plan = edit.update_node(plan, node.id, **{field: draw(ONE_LINE) + "!"})
        elif op == "reorder":
            plan = edit.move_node(plan, draw(st.sampled_from(nodes)).id, draw(st.sampled_from([-2, -1, 1, 2])))
        elif op == "reparent":
            node = draw(st.sampled_from(nodes))
            parents = [n for n in nodes if type(n) is kind_of(type(node)).parent]
            if parents:
                plan = edit.move_to_parent(plan, node.id, draw(st.sampled_from(parents)).id)
        else:
            plan = replace(plan, owner=draw(ONE_LINE), vision=Vision(draw(WORDS)))
    return plan


@PROPERTY
@given(plans())
def test_a_plan_has_no_changes_from_itself(plan):
    diff = plan_diff(plan, plan, TODAY)
    assert not diff and diff.changes == ()
    assert diff_markdown(diff).count("\n") == 3


@PROPERTY
@given(plans(), plans())
def test_the_diff_of_two_plans_explains_every_difference(a, b):
    assert same_plan(apply_diff(a, plan_diff(a, b, TODAY)), b)


@PROPERTY
@given(st.data())
def test_the_diff_of_an_edited_plan_explains_every_difference(data):
    a = data.draw(plans())
    b = data.draw(edited(a))
    diff = plan_diff(a, b, TODAY)
    assert same_plan(apply_diff(a, diff), b)
    assert bool(diff) == (replace(a, updated=b.updated) != b)


@PROPERTY
@given(st.data())
def test_an_item_moved_to_another_parent_is_one_move_and_nothing_else(data):
    a = data.draw(plans())
    nodes = [n for n in tree_nodes(a) if not isinstance(n, Goal)]
    node = data.draw(st.sampled_from(nodes)) if nodes else None
    if node is None:
        return
    _, ancestors = edit.find(a, node.id)
    parents = [n for n in tree_nodes(a) if type(n) is type(ancestors[-1]) and n is not ancestors[-1]]
    if not parents:
        return
    b = edit.move_to_parent(a, node.id, data.draw(st.sampled_from(parents)).id)
    assert brief(changes_of(a, b)) == [("moved", node.id, "")]


@PROPERTY
@given(st.data())
def test_adding_and_removing_items_moves_nothing(data):
    a = data.draw(plans())
    b = a
    for number in range(data.draw(st.integers(1, 4))):
        nodes = tree_nodes(b)
        if nodes and data.draw(st.booleans()):
            b = edit.remove_node(b, data.draw(st.sampled_from(nodes)).id)
        else:
            b = edit.add_node(b, SellingTool("t", id=f"new{number}"), index=data.draw(st.integers(0, 3)))
            b = edit.add_node(b, Goal("g", id=f"goal{number}"), index=data.draw(st.integers(0, 3)))
    assert "moved" not in {c.what for c in changes_of(a, b)}


@PROPERTY
@given(st.lists(st.integers(0, 1000), min_size=1, max_size=8, unique=True), st.randoms())
def test_a_reordering_moves_the_fewest_items(titles, rnd):
    """Shuffled siblings: the items that kept their order (the longest such run) stay put."""
    tools = tuple(SellingTool(str(t), id=f"x{t}") for t in titles)
    shuffled = list(tools)
    rnd.shuffle(shuffled)
    a, b = Plan("A", tools=tools, id="p"), Plan("A", tools=tuple(shuffled), id="p")
    moved = [c for c in changes_of(a, b) if c.what == "moved"]
    ranks = [tools.index(t) for t in shuffled]
    longest = max(
        (length for length in range(len(ranks), 0, -1)
         for combo in itertools.combinations(ranks, length) if list(combo) == sorted(combo)),
        default=0,
    )
    assert len(moved) == len(ranks) - longest
    assert same_plan(apply_diff(a, plan_diff(a, b, TODAY)), b)
