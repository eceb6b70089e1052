"""The store's plan-file bytes, encoded again only where an edit changed the plan (acct_tui.record_json)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acct_tui import edit
from acct_tui.model import Plan
from acct_tui.record_json import KEPT_TYPES, RecordEncoder
from acct_tui.sample import sample_plan
from acct_tui.store import PlanStore, encode, plan_file_data, plan_file_shape
from tests.test_diff import edited, plans


def test_an_edit_reencodes_only_the_records_on_its_path() -> None:
    encoder = RecordEncoder()
    plan = sample_plan()
    encoder.encode(plan_file_shape(plan))
    records = sum(1 for node, _ in edit.walk(plan) if isinstance(node, KEPT_TYPES))
    assert encoder.encoded == records  # the first time: every goal, strategy and initiative

    plan = replace(plan, industry="Cold chain logistics")
    assert encoder.encode(plan_file_shape(plan)) == encode(plan_file_data(plan))
    assert encoder.encoded == 0  # nothing in the goal tree changed

    tactic = next(node for node, _ in edit.walk(plan) if node.KIND == "tactic")
    plan = edit.update_node(plan, tactic.id, action="Book the pilot review")
    assert encoder.encode(plan_file_shape(plan)) == encode(plan_file_data(plan))
    assert encoder.encoded == 3  # its initiative, strategy and goal


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_the_bytes_are_the_whole_plans_encoding_through_any_edits(data: st.DataObject) -> None:
    """Whatever the plan and its edits, the bytes are those of encoding it whole."""
    encoder = RecordEncoder()
    plan: Plan = data.draw(plans())
    for round_ in range(3):
        assert encoder.encode(plan_file_shape(plan)) == encode(plan_file_data(plan))
        plan = data.draw(edited(plan, prefix=f"e{round_}-"))


def test_a_save_writes_the_whole_plans_encoding(tmp_path) -> None:
    with PlanStore(tmp_path / "store") as store:
        plan = sample_plan()
        store.save(plan)
        plan = edit.update_node(plan, plan.goals[0].id, title="Grow the cold chain")
        store.save(plan)
        assert store.plan_path(plan.id).read_bytes() == encode(plan_file_data(plan))
