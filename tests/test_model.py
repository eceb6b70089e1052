"""The plan model: it refuses what it can't hold, with a message a user understands."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acct_tui.edit import BadParent, add_node, find, move_node, move_to_parent, remove_node, update_node, walk
from acct_tui.model import (
    LONG_MAX,
    NUMBER_MAX,
    SHORT_MAX,
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    Stakeholder,
    Strategy,
    Tactic,
    ValidationError,
    Vision,
    Whitespace,
    WhitespaceCell,
    parse_date,
)
from acct_tui.plan_index import index
from acct_tui.plan_json import import_plan_json, export_plan_json
from acct_tui.sample import large_plan, sample_plan
from acct_tui.text import visible


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Goal(title="  "), "Goal can't be empty."),
        (lambda: Goal(title="x" * (SHORT_MAX + 1)), "the limit is 300"),
        (lambda: Goal(title="two\nlines"), "must be a single line"),
        (lambda: Tactic(action="Call", status="maybe"), "Status must be one of: open, doing, done, dropped"),
        (lambda: Stakeholder(name="Bo", stance="enemy"), "Stance must be one of"),
        (lambda: Metric(name="NPS", target="lots"), "Target must be a number"),
        (lambda: Metric(name="NPS", target=float("nan")), "finite"),
        (lambda: Vision(statement="x" * (LONG_MAX + 1)), "the limit is 20,000"),
        (lambda: Plan(name="A", start=date(2027, 2, 1), review=date(2027, 1, 1)), "can't be before"),
        (lambda: Plan(name="A", analysis={"gossip": "x"}), "Unknown analysis question"),
        (lambda: Strategy(title="S", analysis_refs=("nope",)), "Analysis reference must be one of"),
    ],
)
def test_invalid_values_are_refused_with_a_clear_message(make, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(")):
        make()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-02-30", "February 2027 has no day 30"),
        ("2027-13-01", "there is no month 13"),
        ("2027-02-3", "write the date as YYYY-MM-DD"),
        ("31/12/2027", "write the date as YYYY-MM-DD"),
        ("2027-2-03", "write the date as YYYY-MM-DD"),
        ("0000-01-01", "out of range; dates run from 1900-01-01 to 2999-12-31"),
    ],
)
def test_impossible_or_half_typed_dates_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_date("Due", text)


def test_dates_parse_and_blank_means_none() -> None:
    assert parse_date("Due", " 2028-02-29 ") == date(2028, 2, 29)
    assert parse_date("Due", "  ") is None


def _chain() -> tuple[Plan, Goal, Strategy, Initiative, Tactic]:
    tactic = Tactic(action="Meet the VP", owner="Dana", due=date(2027, 1, 31))
    initiative = Initiative(title="Tie to CSAT", tactics=(tactic,))
    strategy = Strategy(title="New product", initiatives=(initiative,))
    goal = Goal(title="Grow 10%", strategies=(strategy,))
    return Plan(name="Acme", goals=(goal,)), goal, strategy, initiative, tactic


def test_edits_by_id_anywhere_in_the_tree() -> None:
    plan, goal, strategy, initiative, tactic = _chain()
    plan = add_node(plan, Strategy(title="Expand"), goal.id)
    assert [s.title for s in plan.goals[0].strategies] == ["New product", "Expand"]
    plan = move_node(plan, plan.goals[0].strategies[1].id, -1)
    assert [s.title for s in plan.goals[0].strategies] == ["Expand", "New product"]
    plan = update_node(plan, tactic.id, status="done")
    node, ancestors = find(plan, tactic.id)
    assert node.status == "done" and ancestors[-1].id == initiative.id
    with pytest.raises(ValidationError):
        update_node(plan, tactic.id, action="")


def test_removing_a_node_clears_links_to_it_and_to_its_subtree() -> None:
    plan, goal, strategy, _, tactic = _chain()
    person = Stakeholder(name="Bo", stance="detractor")
    plan = replace(plan, stakeholders=(person,), metrics=(Metric(name="ARR", goal_id=goal.id),))
    plan = update_node(plan, tactic.id, stakeholder_id=person.id)
    assert find(remove_node(plan, person.id), tactic.id)[0].stakeholder_id == ""
    plan = remove_node(plan, strategy.id)
    assert index(plan).mitigator(person.id) is None
    plan = remove_node(plan, goal.id)
    assert plan.metrics[0].goal_id == ""


def test_removing_a_node_clears_lists_of_links_and_the_whitespace_pursuer() -> None:
    plan, goal, strategy, _, _ = _chain()
    other = Goal(title="Keep")
    cells = (WhitespaceCell("North", "Cloud", "open", pursued_by_id=strategy.id),
             WhitespaceCell("North", "Support", "open", pursued_by_id=other.id))
    plan = replace(
        plan,
        goals=(*plan.goals, other),
        meetings=(Meeting(name="QBR", goal_ids=(goal.id, other.id)),),
        whitespace=Whitespace(("North",), ("Cloud", "Support"), cells),
    )
    plan = remove_node(plan, goal.id)
    assert plan.meetings[0].goal_ids == (other.id,)
    assert [cell.pursued_by_id for cell in plan.whitespace.cells] == ["", other.id]


def test_two_children_with_one_id_are_refused() -> None:
    goal = Goal(title="A")
    with pytest.raises(ValidationError, match="same id"):
        Plan(name="Acme", goals=(goal, goal))


def test_the_sample_round_trips_through_json_exactly() -> None:
    plan = sample_plan()
    assert import_plan_json(export_plan_json(plan)) == plan


@settings(max_examples=100, deadline=None)
@given(
    name=st.text(min_size=1, max_size=40).map(visible).filter(lambda t: t.strip() and "\n" not in t),
    answer=st.text(max_size=200).map(visible),
    number=st.floats(min_value=-NUMBER_MAX, max_value=NUMBER_MAX),
)
def test_any_valid_text_and_numbers_round_trip(name: str, answer: str, number: float) -> None:
    plan = Plan(
        name=name,
        analysis={"inside": answer},
        metrics=(Metric(name=name, baseline=number),),
        goals=(Goal(title=name, strategies=(Strategy(title=name, analysis_refs=("inside",)),)),),
    )
    assert import_plan_json(export_plan_json(plan)) == plan


def test_a_hand_edited_file_may_write_short_dates() -> None:
    assert Goal(title="G", due="2027-2-3").due == date(2027, 2, 3)


@settings(max_examples=60, deadline=None)
@given(shape=st.tuples(*[st.integers(1, 3)] * 4), data=st.data())
def test_moving_to_another_parent_keeps_every_node_and_changes_only_the_parent(shape, data) -> None:
    plan = large_plan(*shape)
    before = {node.id: (node, ancestors) for node, ancestors in walk(plan)}
    movable = sorted(i for i, (n, _) in before.items() if isinstance(n, (Strategy, Initiative, Tactic)))
    node_id = data.draw(st.sampled_from(movable))
    node, ancestors = before[node_id]
    parents = sorted(i for i, (n, _) in before.items() if type(n) is type(ancestors[-1]))
    new_parent = data.draw(st.sampled_from(parents))
    after = {n.id: (n, a) for n, a in walk(move_to_parent(plan, node_id, new_parent))}
    assert after.keys() == before.keys()
    moved, new_ancestors = after[node_id]
    assert moved == node  # fields and subtree unchanged
    assert new_ancestors[-1].id == new_parent
    assert [c.id for c in _kids(new_ancestors[-1])][-1] == node_id  # last among its new siblings
    for other, (n, a) in after.items():
        if other != node_id and not any(x.id == node_id for x in a):
            assert [x.id for x in a[1:]] == [x.id for x in before[other][1][1:]]  # nobody else moved


def _kids(parent):
    return next(getattr(parent, name) for name in ("strategies", "initiatives", "tactics") if hasattr(parent, name))


def test_moving_under_the_wrong_kind_of_parent_says_what_fits() -> None:
    plan, goal, strategy, initiative, _ = _chain()
    with pytest.raises(BadParent, match="initiative .* under goal .*: it goes under a strategy"):
        move_to_parent(plan, initiative.id, goal.id)
    with pytest.raises(BadParent, match="it sits at the top of the plan"):
        move_to_parent(plan, goal.id, strategy.id)
