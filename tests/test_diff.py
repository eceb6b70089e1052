"""What changed between two versions of a plan: by id, field by field, moves as moves.

Examples on the sample plan first (one behaviour each), then properties over
generated plans: diff(a, a) is empty, applying diff(a, b) to a gives b, and an
item moved to another parent is one "moved" change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from acct_tui import edit
from acct_tui.diff import ItemChange, PlanDiff, apply_diff, diff_json, diff_markdown, plan_diff
from acct_tui.model import Goal, Metric, Plan, SellingTool, Stakeholder, Strategy
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
    assert changes[0].after == {"id": "x-demo", "name": "Demo", "purpose": "Show it"}
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
    after = edit.remove_node(after, "mt-qbr") if any(m.id == "mt-qbr" for m in plan.meetings) else after
    text = diff_markdown(plan_diff(plan, after, TODAY, before_when="review 2026-10-01"), heading_level=3)
    assert text.startswith("### Changes since review 2026-10-01\n")
    sections = [line for line in text.splitlines() if line.startswith("#### ")]
    assert sections == ["#### Goals", "#### Initiatives", "#### Tactics", "#### Relationships",
                        "#### Reporting", "#### Plan health"]
    assert "  - Goal: Grow revenue in the account by 10% this fiscal year → Grow revenue by 12%" in text
    assert "  - Moved from Strategy 1.1 “Introduce" in text
    assert "  - Status: doing → done" in text and "  - Owner: Priya Shah → Sam" in text
    assert "  - Current: 2,460 k USD → 2,550 k USD (better)" in text
    assert "- Stakeholder 9 “Ola Nordmann”\n  - Added" in text or "“Ola Nordmann”\n  - Added" in text


def test_markdown_escapes_user_text():
    before = Plan("A", goals=(Goal("# Title", id="g1"),), id="p")
    after = Plan("A", goals=(Goal("*bold* [x](y)", id="g1"),), id="p")
    text = diff_markdown(plan_diff(before, after, TODAY))
    assert r"\# Title → \*bold\* \[x\](y)" in text


def test_long_text_shows_before_and_after_on_their_own_lines(plan):
    after = replace(plan, vision=replace(plan.vision, statement="Line one\nLine two"))
    text = diff_markdown(plan_diff(plan, after, TODAY))
    assert "- Vision:\n  - Before: " in text and "  - After: Line one\\\n    Line two" in text


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


def test_strategy_and_metric_records_are_known():
    assert Strategy.KIND == "strategy" and Metric.KIND == "metric"
