"""One source for each plan rule: the plan index, the registry of kinds, the export, the clock."""

from __future__ import annotations

import json
import typing
from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from acct_tui import clock, export
from acct_tui.coach import check_plan
from acct_tui.edit import (
    add_node,
    choose_mitigation,
    find,
    replace_node,
    set_mitigation,
    update_node,
)
from acct_tui.fields import check_form
from acct_tui.kinds import KINDS, LISTS, TREE, child_kind, kind_of
from acct_tui.markdown import render_plan_markdown
from acct_tui.model import (
    CHILD_FIELDS,
    Goal,
    Initiative,
    Plan,
    Stakeholder,
    Strategy,
    Tactic,
)
from acct_tui.plan_index import index, mitigates
from acct_tui.plan_json import (
    PLAN_FORMAT_VERSION,
    export_plan_json,
    import_plan_json,
    plan_to_dict,
)
from acct_tui.review import render_review_pack


def plan_with(*tactics: Tactic, people: tuple[Stakeholder, ...] = ()) -> Plan:
    initiative = Initiative("Path", tactics=tactics, id="i1")
    goal = Goal("Grow", strategies=(Strategy("Way", initiatives=(initiative,), id="s1"),), id="g1")
    return Plan("Acme", goals=(goal,), stakeholders=people)


TOM = Stakeholder("Tom", stance="detractor", id="p1")
AMY = Stakeholder("Amy", stance="champion", id="p2")


def linked(tactic_id: str, plan: Plan) -> str:
    return find(plan, tactic_id)[0].stakeholder_id


# --- the plan index ----------------------------------------------------------------


def test_the_index_is_built_once_per_plan_and_anew_for_each_edit() -> None:
    plan = plan_with(Tactic("Call", id="t1"))
    assert index(plan) is index(plan)
    edited = update_node(plan, "t1", action="Call again")
    assert index(edited) is not index(plan)
    assert index(edited).tactic_by_id["t1"].action == "Call again"
    assert index(plan).labels == {"g1": "Goal 1", "s1": "Strategy 1.1", "i1": "Initiative 1.1.1", "t1": "Tactic 1.1.1.1"}


@pytest.mark.parametrize(("status", "counts"), [("open", True), ("doing", True), ("done", True), ("dropped", False)])
def test_a_dropped_tactic_mitigates_nobody(status: str, counts: bool) -> None:
    plan = plan_with(Tactic("Win Tom over", status=status, stakeholder_id="p1", id="t1"), people=(TOM,))
    assert mitigates(find(plan, "t1")[0]) is counts
    assert (index(plan).mitigator("p1") is not None) is counts
    assert ("detractor-unmitigated" in {f.code for f in check_plan(plan)}) is not counts
    assert ("mitigated by Win Tom over" in render_plan_markdown(plan)) is counts
    assert ("mitigated by" in render_plan_markdown(plan, audience="customer")) is False


def test_a_tactic_working_on_two_people_is_not_possible_but_two_tactics_on_one_are() -> None:
    plan = plan_with(
        Tactic("Lunch", stakeholder_id="p1", id="t1"), Tactic("Demo", stakeholder_id="p1", id="t2"), people=(TOM,)
    )
    assert [t.id for t in index(plan).mitigators("p1")] == ["t1", "t2"]
    assert "mitigated by Lunch (Initiative 1.1.1); Demo (Initiative 1.1.1)" in render_plan_markdown(plan)


# --- editing the link from the stakeholder's side ------------------------------------


def test_choosing_another_mitigation_moves_the_shown_link() -> None:
    plan = plan_with(
        Tactic("Lunch", stakeholder_id="p1", id="t1"), Tactic("Demo", stakeholder_id="p2", id="t2"), people=(TOM, AMY)
    )
    moved = set_mitigation(plan, "p1", "t2")
    assert (linked("t1", moved), linked("t2", moved)) == ("", "p1")
    assert set_mitigation(plan, "p1", "t1") is plan  # the one shown: nothing to do
    none = set_mitigation(plan, "p1", "")
    assert (linked("t1", none), linked("t2", none)) == ("", "p2")


def test_the_chosen_mitigation_is_the_one_the_form_shows_afterwards() -> None:
    """Two tactics already work on Tom; choosing a third must make the third the one shown."""
    plan = plan_with(
        Tactic("Lunch", stakeholder_id="p1", id="t1"),
        Tactic("Demo", stakeholder_id="p1", id="t2"),
        Tactic("Workshop", id="t3"),
        people=(TOM,),
    )
    chosen = set_mitigation(plan, "p1", "t3")
    assert index(chosen).mitigator("p1").id == "t3"
    assert [linked(t, chosen) for t in ("t1", "t2", "t3")] == ["", "", "p1"]


def test_none_unlinks_every_live_tactic_but_keeps_a_dropped_ones_history() -> None:
    plan = plan_with(
        Tactic("Lunch", stakeholder_id="p1", id="t1"),
        Tactic("Demo", stakeholder_id="p1", id="t2"),
        Tactic("Gift", status="dropped", stakeholder_id="p1", id="t3"),
        people=(TOM,),
    )
    none = set_mitigation(plan, "p1", "")
    assert [linked(t, none) for t in ("t1", "t2", "t3")] == ["", "", "p1"]


def test_a_stakeholder_form_choice_is_applied_in_the_same_edit_and_not_kept() -> None:
    plan = plan_with(Tactic("Lunch", id="t1"), people=(TOM,))
    record, errors = check_form(Stakeholder, {"name": "Tom T.", "mitigation_tactic_id": "t1"}, base=TOM)
    assert errors == {}
    saved = replace_node(plan, record)
    assert linked("t1", saved) == "p1" and saved.stakeholders[0].name == "Tom T."
    assert "_mitigation_choice" not in saved.stakeholders[0].__dict__  # the plan keeps a plain record
    again = replace_node(update_node(saved, "t1", stakeholder_id=""), saved.stakeholders[0])
    assert linked("t1", again) == ""  # a later save of the record does not re-apply an old choice
    new = add_node(plan, choose_mitigation(Stakeholder("Bo", id="p9"), "t1"))
    assert linked("t1", new) == "p9"


def test_the_mitigation_choices_are_live_tactics_saying_whom_they_work_on() -> None:
    from screens.forms import ref_options

    spec = next(s for s in kind_of(Stakeholder).form if s.name == "mitigation_tactic_id")
    plan = plan_with(
        Tactic("Lunch", stakeholder_id="p2", id="t1"),
        Tactic("Gift", status="dropped", id="t2"),
        Tactic("Demo", stakeholder_id="p1", id="t3"),
        people=(TOM, AMY),
    )
    options = [(str(label), value) for label, value in ref_options(plan, Stakeholder, spec, "p1")]
    assert options == [("Tactic 1.1.1.1: Lunch (works on Amy)", "t1"), ("Tactic 1.1.1.3: Demo", "t3")]


# --- old files -------------------------------------------------------------------------


def test_a_version_1_file_loads_with_its_mitigation_on_the_tactic_and_saves_without_it() -> None:
    data = plan_to_dict(plan_with(Tactic("Lunch", id="t1"), people=(TOM,)))
    data["stakeholders"][0]["mitigation_tactic_id"] = "t1"
    plan = import_plan_json(json.dumps({"format": "acct-tui-plan", "version": 1, "plan": data}))
    assert linked("t1", plan) == "p1" and index(plan).mitigator("p1") is not None
    document = json.loads(export_plan_json(plan))
    assert document["version"] == PLAN_FORMAT_VERSION == 3
    assert "mitigation_tactic_id" not in document["plan"]["stakeholders"][0]


def test_a_version_1_link_to_a_tactic_working_on_someone_else_leaves_the_tactic_alone() -> None:
    data = plan_to_dict(plan_with(Tactic("Lunch", stakeholder_id="p2", id="t1"), people=(TOM, AMY)))
    data["stakeholders"][0]["mitigation_tactic_id"] = "t1"
    plan = import_plan_json(json.dumps(data))
    assert linked("t1", plan) == "p2"
    assert [f.node_id for f in check_plan(plan) if f.code == "detractor-unmitigated"] == ["p1"]
    tom = next(p for p in plan.stakeholders if p.id == "p1")
    assert "Mitigated by the tactic “Lunch”" in tom.notes, "the link that could not move is kept in words"


def test_a_version_1_link_the_tactic_already_states_adds_nothing() -> None:
    data = plan_to_dict(plan_with(Tactic("Lunch", stakeholder_id="p1", id="t1"), people=(TOM,)))
    data["stakeholders"][0]["mitigation_tactic_id"] = "t1"
    plan = import_plan_json(json.dumps(data))
    assert linked("t1", plan) == "p1" and plan.stakeholders[0].notes == ""


def test_two_version_1_people_on_one_tactic_keep_both_links_one_in_words() -> None:
    bob = Stakeholder("Bob", stance="detractor", notes="Hard to reach.", id="p3")
    data = plan_to_dict(plan_with(Tactic("Lunch", id="t1"), people=(TOM, bob)))
    data["stakeholders"][0]["mitigation_tactic_id"] = "t1"
    data["stakeholders"][1]["mitigation_tactic_id"] = "t1"
    plan = import_plan_json(json.dumps(data))
    assert linked("t1", plan) == "p1"
    bob_now = next(p for p in plan.stakeholders if p.id == "p3")
    assert bob_now.notes.startswith("Hard to reach.\n") and "Mitigated by the tactic “Lunch”" in bob_now.notes


# --- the registry of kinds ---------------------------------------------------------------


def test_every_child_collection_of_the_model_has_one_kind() -> None:
    held = {(parent, name) for parent, names in CHILD_FIELDS.items() for name in names}
    assert {(kind.parent, kind.collection) for kind in KINDS} == held
    for kind in KINDS:
        hint = typing.get_type_hints(kind.parent)[kind.collection]
        assert typing.get_args(hint)[0] is kind.record


def test_every_form_field_is_a_field_of_its_record_or_a_link_kept_elsewhere() -> None:
    for kind in KINDS:
        names = {f.name for f in fields(kind.record)}
        for spec in kind.form:
            assert (spec.name in names) is spec.stored, (kind.noun, spec.name)


def test_the_tree_and_the_tables_come_from_the_registry() -> None:
    from screens.steps.records import RECORD_STEPS
    from screens.steps.tree import CHILD_KIND, CHILD_NAMES, LEVELS, PARENT

    assert list(LEVELS) == ["goals", "strategies", "initiatives", "tactics"]
    assert PARENT == {Goal: None, Strategy: Goal, Initiative: Strategy, Tactic: Initiative}
    assert CHILD_NAMES == {Goal: "strategies", Strategy: "initiatives", Initiative: "tactics"}
    assert CHILD_KIND == {Goal: Strategy, Strategy: Initiative, Initiative: Tactic}
    assert RECORD_STEPS["relationships"] == (Stakeholder, "stakeholders")
    assert [k.step for k in LISTS] == ["relationships", "cadence", "reporting", "tools"]
    assert [k.record for k in TREE] == [Goal, Strategy, Initiative, Tactic]
    assert child_kind(Tactic) is None and child_kind(Goal) is kind_of(Strategy)
    assert kind_of(Initiative).article_noun == "an initiative"


# --- one export, one clock ---------------------------------------------------------------


@pytest.mark.parametrize("edition", export.EDITIONS)
def test_export_writes_the_edition_it_returns(tmp_path: Path, edition: str) -> None:
    plan = plan_with(Tactic("Lunch", due=date(2020, 1, 1), id="t1"))
    path = tmp_path / "out.md"
    text = export.export_plan(plan, edition, path, today=date(2026, 1, 1))
    assert path.read_text() == text == export.render(plan, edition, today=date(2026, 1, 1))
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_cli_options_name_the_same_editions() -> None:
    assert export.edition_for("json", "internal", False) == "json"
    assert export.edition_for("md", "internal", True) == "review"
    assert export.edition_for("md", "customer", False) == "customer"
    with pytest.raises(ValueError, match="Edition must be one of"):
        export.render(plan_with(), "html")


def test_fixing_today_in_the_clock_fixes_it_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = plan_with(Tactic("Lunch", owner="Dana", due=date(2030, 6, 1), id="t1"))
    assert "tactic-overdue" not in {f.code for f in check_plan(plan)}
    monkeypatch.setattr(clock, "today", lambda: date(2031, 1, 1))
    assert "tactic-overdue" in {f.code for f in check_plan(plan)}
    assert "is overdue (due 2030-06-01)" in render_plan_markdown(plan)
    assert "Prepared 2031-01-01" in render_review_pack(plan)
    assert "Prepared 2031-01-01" in export.render(plan, "review")


def test_the_coach_orders_findings_by_the_wizards_step_list() -> None:
    from acct_tui.coach import STEPS
    from acct_tui.steps import STEP_KEYS

    assert STEPS is STEP_KEYS
