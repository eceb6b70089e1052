"""Links between the parts of account governance, read both ways (acct_tui.links)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from acct_tui import edit, links
from acct_tui.markdown import render_plan_markdown
from acct_tui.model import Goal, Initiative, Meeting, Metric, Plan, SellingTool, Stakeholder, Strategy, Tactic
from acct_tui.sample import sample_plan

TODAY = date(2026, 11, 22)


def tied_plan() -> Plan:
    """Two goals, two strategies, a tactic, two people; a meeting, a metric and a tool tied to them."""
    tactic = Tactic("Meet the VP", owner="Dana", id="t1")
    first = Goal(
        "Grow revenue",
        strategies=(
            Strategy("New product", initiatives=(Initiative("Pilot", tactics=(tactic,), id="i1"),), id="s1"),
            Strategy("More sites", id="s2"),
        ),
        id="g1",
    )
    second = Goal("Renew", id="g2")
    return Plan(
        "Acme",
        goals=(first, second),
        stakeholders=(Stakeholder("Ada", stance="champion", id="p1"), Stakeholder("Bob", id="p2")),
        meetings=(
            Meeting("QBR", goal_ids=("g2", "g1", "gone"), stakeholder_ids=("p2", "nobody"), id="m1"),
            Meeting("Team sync", id="m2"),
        ),
        metrics=(Metric("Revenue", goal_id="g1", id="k1"), Metric("Loose", id="k2")),
        tools=(
            SellingTool("ROI calculator", used_by_ids=("t1", "s1", "g1"), id="x1"),
            SellingTool("Case study", id="x2"),
        ),
    )


# --- the form's choices ------------------------------------------------------------


def test_choices_are_the_target_kinds_in_plan_order_with_their_labels() -> None:
    plan = tied_plan()
    assert links.choices(plan, (Goal,)) == [("Goal 1: Grow revenue", "g1"), ("Goal 2: Renew", "g2")]
    assert links.choices(plan, (Strategy, Tactic)) == [
        ("Strategy 1.1: New product", "s1"),
        ("Tactic 1.1.1.1: Meet the VP", "t1"),
        ("Strategy 1.2: More sites", "s2"),
    ]
    assert links.choices(plan, (Stakeholder,)) == [("Ada (champion)", "p1"), ("Bob (neutral)", "p2")]


def test_choices_never_offer_the_record_itself() -> None:
    assert [value for _, value in links.choices(tied_plan(), (Stakeholder,), exclude="p1")] == ["p2"]


# --- both ways ---------------------------------------------------------------------


def test_a_meeting_reviews_goals_and_each_goal_knows_its_meetings() -> None:
    plan = tied_plan()
    found = links.ties(plan)
    qbr, sync = plan.meetings
    assert found.reviews(qbr) == ("Goal 1", "Goal 2"), "in plan order, the link to nothing skipped"
    assert found.serves(qbr) == ("Bob",)
    assert found.reviewed_in["g1"] == (qbr,) and found.reviewed_in["g2"] == (qbr,)
    assert found.is_reviewed(plan.goals[0]) and not found.reviews(sync)


def test_a_tool_is_used_by_strategies_and_tactics_only() -> None:
    plan = tied_plan()
    found = links.ties(plan)
    roi, case = plan.tools
    assert found.used_by(roi) == ("Strategy 1.1", "Tactic 1.1.1.1"), "a goal is not a user; plan order"
    assert found.tools_of == {"s1": (roi,), "t1": (roi,)}
    assert found.is_used(roi) and not found.is_used(case)


def test_metrics_belong_to_their_goal() -> None:
    plan = tied_plan()
    assert links.ties(plan).metrics_of == {"g1": (plan.metrics[0],)}


def test_ties_are_worked_out_once_per_plan_version() -> None:
    plan = tied_plan()
    assert links.ties(plan) is links.ties(plan)
    changed = edit.update_node(plan, "m2", goal_ids=("g1",))
    assert links.ties(changed).reviewed_in["g1"] == changed.meetings


def test_removing_a_goal_drops_the_meetings_links_to_it() -> None:
    plan = edit.remove_node(tied_plan(), "g2")
    assert links.ties(plan).reviews(plan.meetings[0]) == ("Goal 1",)


# --- Markdown ------------------------------------------------------------------------


def test_the_export_shows_the_links_from_both_sides() -> None:
    text = render_plan_markdown(tied_plan(), today=TODAY)
    assert "**Reviewed in:** QBR · **Metrics:** Revenue" in text
    assert "### Goal 2: Renew\n\n**Reviewed in:** QBR\n" in text
    assert "| Meeting | Frequency | Attendees | Purpose | Next date | Ties |" in text
    assert "| QBR | — | — | — | — | Reviews: Goal 1, Goal 2 · Serves: Bob |" in text
    assert "| Team sync | — | — | — | — | — |" in text
    assert "#### Strategy 1.1: New product\n\n**Tools:** ROI calculator\n" in text
    assert "**Tools:** ROI calculator (Tactic 1.1.1.1)" in text
    assert "- **ROI calculator**\\\n  *Used by:* Strategy 1.1, Tactic 1.1.1.1\n" in text
    assert "- **Case study**\n" in text


def all_shared(plan):
    """The plan with every item marked shared, so sharing's defaults ("Revenue", "Renew") hide nothing."""
    for node, _ in list(edit.walk(plan)):
        plan = edit.update_node(plan, node.id, shared=True)
    return plan


def test_the_customer_sees_which_goals_a_meeting_reviews_but_not_how_we_sell() -> None:
    text = render_plan_markdown(all_shared(tied_plan()), audience="customer", today=TODAY)
    assert "**Reviewed in:** QBR · **Metrics:** Revenue" in text
    assert "| QBR | — | — | — | — | Reviews: Goal 1, Goal 2 |" in text
    assert "Serves" not in text and "Tools:" not in text and "Used by" not in text


def test_no_ties_no_column() -> None:
    plan = replace(tied_plan(), meetings=(Meeting("Team sync", id="m2"),))
    assert "| Meeting | Frequency | Attendees | Purpose | Next date |\n" in render_plan_markdown(plan, today=TODAY)


def test_a_joint_goal_shows_its_customer_owner_and_commitments_in_both_editions() -> None:
    plan = edit.update_node(
        all_shared(tied_plan()), "g2", joint=True, customer_owner="Ada | CNO", commitments="We: *report*\n# They: share data"
    )
    for audience in ("internal", "customer"):
        text = render_plan_markdown(plan, audience=audience, today=TODAY)
        assert "**Joint goal** — customer owner: Ada \\| CNO" in text
        assert "**Commitments:** We: \\*report\\*\\\n\\# They: share data" in text
    bare = render_plan_markdown(edit.update_node(tied_plan(), "g2", joint=True), today=TODAY)
    assert "### Goal 2: Renew\n\n**Joint goal**\n\n**Reviewed in:** QBR" in bare
    assert "Joint goal" not in render_plan_markdown(tied_plan(), today=TODAY)


def test_user_text_in_links_is_data() -> None:
    plan = edit.update_node(tied_plan(), "m1", name="# Big [QBR](x) <b>")
    assert "**Reviewed in:** \\# Big \\[QBR\\](x) \\<b>" in render_plan_markdown(plan, today=TODAY)


def test_the_sample_shows_its_ties() -> None:
    text = render_plan_markdown(sample_plan(TODAY), today=TODAY)
    assert "**Joint goal** — customer owner: Aisha Bell, Chief Nursing Officer" in text
    assert "Reviews: Goal 1, Goal 2, Goal 3, Goal 4 · Serves: Margaret Okafor, Tom Lindqvist, Graham Pike" in text
    assert "*Used by:* Strategy 2.2, Tactic 2.2.1.1, Strategy 3.2" in text
