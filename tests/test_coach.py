"""The plan coach: each check fires on a plan that trips it and stays quiet otherwise."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Callable

import pytest

from acct_tui import coach
from acct_tui.coach import STEPS, Finding, check_plan, health_score, numbering, nudges
from acct_tui.edit import add_node, find, remove_node, update_node
from acct_tui.model import (
    Whitespace,
    WhitespaceCell,
    ANALYSIS_KEYS,
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
)

TODAY = date(2026, 3, 1)
LATER = TODAY + timedelta(days=45)


def strategy(sid: str, title: str, refs: tuple[str, ...]) -> Strategy:
    """A strategy with one initiative and one open, owned, dated tactic."""
    works_on = "p2" if sid == "s11" else ""  # the detractor Bob
    tactic = Tactic(f"Act on {title}", owner="Dana", due=LATER, stakeholder_id=works_on, id=f"{sid}-t")
    initiative = Initiative(f"Path for {title}", tactics=(tactic,), id=f"{sid}-i")
    return Strategy(title, initiatives=(initiative,), analysis_refs=refs, id=sid)


def complete_plan() -> Plan:
    """A small plan that follows the whole method: the coach has nothing to say."""
    goals = (
        Goal(
            "Grow revenue 10%",
            measure="+10% revenue",
            due=date(2026, 12, 31),
            strategies=(
                strategy("s11", "Introduce the new product", ("inside", "heading", "influencers")),
                strategy("s12", "Expand to a second site", ("influencers",)),
            ),
            id="g1",
        ),
        Goal(
            "Become preferred supplier",
            measure="On the preferred list",
            due=date(2027, 6, 30),
            strategies=(
                strategy("s21", "Out-serve the competition", ("competition",)),
                strategy("s22", "Ride the market shift", ("market",)),
            ),
            id="g2",
        ),
    )
    return Plan(
        "Northwind Health",
        owner="Dana",
        start=TODAY - timedelta(days=200),
        review=TODAY + timedelta(days=30),
        reviewed=TODAY - timedelta(days=60),
        analysis={key: f"Answer about {key}" for key in ANALYSIS_KEYS},
        vision=Vision("Their strategic partner for care software", why="They grow, we grow"),
        goals=goals,
        stakeholders=(
            Stakeholder("Ada", stance="champion", influence="high", last_contact=TODAY - timedelta(days=20), id="p1"),
            Stakeholder("Bob", stance="detractor", id="p2"),
        ),
        meetings=(Meeting("Quarterly business review", frequency="quarterly", goal_ids=("g1", "g2"), id="m1"),),
        metrics=(
            Metric("Revenue", baseline=100, target=110, current=104, goal_id="g1", id="k1"),
            Metric("Preferred status", target=1, current=0, goal_id="g2", id="k2"),
        ),
        tools=(SellingTool("ROI calculator", purpose="Savings for the CFO", used_by_ids=("s11",), id="x1"),),
    )


def codes(plan: Plan, today: date = TODAY) -> list[str]:
    return [finding.code for finding in check_plan(plan, today)]


def only(plan: Plan, code: str, today: date = TODAY) -> Finding:
    """The single finding with ``code``."""
    found = [finding for finding in check_plan(plan, today) if finding.code == code]
    assert len(found) == 1, found
    return found[0]


# --- the complete plan ---


def test_complete_plan_has_no_findings_and_scores_100() -> None:
    plan = complete_plan()
    assert check_plan(plan, TODAY) == []
    assert health_score(plan, TODAY) == 100


def test_empty_plan_scores_zero_with_the_plan_level_findings() -> None:
    plan = Plan("Empty Co")
    assert codes(plan) == ["analysis-unanswered"] * 5 + [
        "no-vision",
        "vision-no-why",
        "no-goals",
        "no-stakeholders",
        "no-cadence",
        "no-selling-tools",
    ]
    assert health_score(plan, TODAY) == 0


# --- one breaker per check: the complete plan, changed so exactly that check trips ---


def _answer(plan: Plan, key: str, text: str) -> Plan:
    return replace(plan, analysis={**plan.analysis, key: text})


def _cite(plan: Plan, strategy_id: str, refs: tuple[str, ...]) -> Plan:
    return update_node(plan, strategy_id, analysis_refs=refs)


def _whitespace(plan: Plan, *pursued_by: str) -> Plan:
    """``plan`` with a one-row whitespace map: an open cell pursued by each id ("" for none)."""
    offerings = tuple(f"Offering {n}" for n in range(len(pursued_by)))
    cells = tuple(WhitespaceCell("Riverside", o, "open", 1000, by) for o, by in zip(offerings, pursued_by))
    return replace(plan, whitespace=Whitespace(("Riverside",), offerings, cells))


BREAKERS: dict[str, tuple[Callable[[Plan], Plan], str, str]] = {
    # code: (break the plan, expected step, expected node id)
    "analysis-unanswered": (lambda p: _answer(p, "market", "  "), "analysis", "market"),
    "analysis-unused": (lambda p: _cite(p, "s22", ("competition",)), "strategies", "market"),
    "no-vision": (lambda p: replace(p, vision=Vision("", why="x")), "vision", ""),
    "vision-no-why": (lambda p: replace(p, vision=Vision("A vision")), "vision", ""),
    "goal-no-measure": (lambda p: update_node(p, "g2", measure=" "), "goals", "g2"),
    "goal-no-due": (lambda p: update_node(p, "g1", due=None), "goals", "g1"),
    "goal-few-strategies": (
        lambda p: _cite(remove_node(p, "s22"), "s21", ("competition", "market")),
        "strategies",
        "g2",
    ),
    "goal-many-strategies": (
        lambda p: add_node(
            add_node(p, strategy("s13", "Third", ("inside",)), "g1"),
            strategy("s14", "Fourth", ("inside",)),
            "g1",
        ),
        "strategies",
        "g1",
    ),
    "strategy-no-analysis": (lambda p: _cite(p, "s12", ()), "strategies", "s12"),
    "strategy-no-initiative": (
        lambda p: update_node(p, "s21", initiatives=()),
        "initiatives",
        "s21",
    ),
    "initiative-no-tactic": (lambda p: update_node(p, "s12-i", tactics=()), "tactics", "s12-i"),
    "tactic-no-owner": (lambda p: update_node(p, "s12-t", owner=""), "tactics", "s12-t"),
    "tactic-no-due": (lambda p: update_node(p, "s12-t", due=None), "tactics", "s12-t"),
    "tactic-overdue": (
        lambda p: update_node(p, "s21-t", due=TODAY - timedelta(days=1)),
        "tactics",
        "s21-t",
    ),
    "detractor-unmitigated": (
        lambda p: update_node(p, "s11-t", stakeholder_id=""),
        "relationships",
        "p2",
    ),
    "no-stakeholders": (lambda p: replace(p, stakeholders=()), "relationships", ""),
    "no-champion": (lambda p: update_node(p, "p1", stance="supporter"), "relationships", ""),
    "no-cadence": (lambda p: replace(p, meetings=()), "cadence", ""),
    "no-selling-tools": (lambda p: replace(p, tools=()), "tools", ""),
    "goal-no-metric": (lambda p: update_node(p, "k2", goal_id=""), "reporting", "g2"),
    "no-goals": (lambda p: replace(p, goals=(), metrics=()), "goals", ""),
    "review-overdue": (lambda p: replace(p, review=TODAY - timedelta(days=1)), "facts", "review"),
    "review-cadence": (lambda p: replace(p, reviewed=TODAY - timedelta(days=106)), "cadence", "m1"),
    "opportunity-unpursued": (lambda p: _whitespace(p, "g1", "g2", ""), "whitespace", "Riverside\nOffering 2"),
    "strategy-no-opportunity": (lambda p: _whitespace(p, "g1", "s21"), "whitespace", "s22"),
    "contact-stale": (lambda p: update_node(p, "p1", last_contact=TODAY - timedelta(days=61)), "relationships", "p1"),
    "decision-maker-uncovered": (lambda p: update_node(p, "p1", role="decision maker"), "relationships", "p1"),
    "champion-no-contact": (lambda p: update_node(p, "p1", last_contact=None), "relationships", "p1"),
    "detractor-has-say": (
        lambda p: update_node(update_node(p, "s11-t", stakeholder_id=""), "p2", goal_ids=("g2", "g1")),
        "relationships",
        "p2",
    ),
    "goal-no-meeting": (lambda p: update_node(p, "m1", goal_ids=("g1",)), "cadence", "g2"),
    "tool-unused": (lambda p: update_node(p, "x1", used_by_ids=()), "tools", "x1"),
}


@pytest.mark.parametrize("code", sorted(BREAKERS))
def test_each_check_trips_on_its_breaker_and_points_at_the_fix(code: str) -> None:
    assert code not in codes(complete_plan())
    breaker, step, node_id = BREAKERS[code]
    finding = only(breaker(complete_plan()), code)
    assert (finding.step, finding.node_id) == (step, node_id)
    assert finding.step in STEPS
    assert finding.message and "\n" not in finding.message


@pytest.mark.parametrize("code", sorted(set(BREAKERS) - {"no-goals"}))
def test_each_check_alone_costs_score(code: str) -> None:
    breaker, _, _ = BREAKERS[code]
    broken = breaker(complete_plan())
    assert set(codes(broken)) == {code}
    assert 50 < health_score(broken, TODAY) < 100


def test_every_check_has_a_breaker() -> None:
    assert set(BREAKERS) == set(coach.CHECKS)


# --- boundaries and judgement calls ---


def test_a_review_marked_on_or_after_the_review_date_clears_it() -> None:
    passed = replace(complete_plan(), review=TODAY - timedelta(days=10))
    assert "review-overdue" in codes(replace(passed, reviewed=TODAY - timedelta(days=11)))
    assert "review-overdue" not in codes(replace(passed, reviewed=TODAY - timedelta(days=10)))
    assert "review-overdue" not in codes(replace(complete_plan(), review=TODAY)), "due today is not past"
    message = only(replace(passed, reviewed=None), "review-overdue").message
    assert "2026-02-19 has passed" in message and "ctrl+r" in message


def test_review_cadence_allows_a_grace_after_the_review_meetings_frequency() -> None:
    plan = complete_plan()  # a quarterly business review: 91 days, and 14 of grace
    assert "review-cadence" not in codes(replace(plan, reviewed=TODAY - timedelta(days=105)))
    assert "No review marked held for 106 days" in only(replace(plan, reviewed=TODAY - timedelta(days=106)), "review-cadence").message


def test_review_cadence_of_a_never_reviewed_plan_counts_from_its_start() -> None:
    never = replace(complete_plan(), reviewed=None)
    assert "since the plan started 200 days ago" in only(never, "review-cadence").message
    assert "review-cadence" not in codes(replace(never, start=TODAY - timedelta(days=100)))
    assert "review-cadence" not in codes(replace(never, start=None)), "no start date: its age is unknown"


def test_no_review_meeting_means_no_review_cadence() -> None:
    plan = replace(complete_plan(), reviewed=None, meetings=(Meeting("Team sync", frequency="weekly", id="m1"),))
    assert "review-cadence" not in codes(plan)
    unknown = replace(plan, meetings=(Meeting("Business review", frequency="when needed", id="m1"),))
    assert "review-cadence" not in codes(unknown)
    monthly = replace(plan, meetings=(Meeting("Monthly review", frequency="", id="m1"),))
    assert "comes every 30 days" in only(monthly, "review-cadence").message


def test_only_key_contacts_go_stale_for_the_coach() -> None:
    old = TODAY - timedelta(days=61)
    plan = replace(
        complete_plan(),
        stakeholders=(
            *complete_plan().stakeholders,
            Stakeholder("Quiet user", role="user", last_contact=old, id="p3"),
            Stakeholder("Boss", role="decision maker", last_contact=old, id="p4"),
            Stakeholder("Never met", role="economic buyer", id="p5"),
            Stakeholder("Recent buyer", role="economic buyer", last_contact=TODAY - timedelta(days=60), id="p6"),
        ),
    )
    stale = [f for f in check_plan(plan, TODAY) if f.code == "contact-stale"]
    assert [f.node_id for f in stale] == ["p4"], "no date recorded is the agenda's to list, not a finding"
    assert stale[0].message == 'Decision maker "Boss": last contact 2025-12-30, 61 days ago — get in touch, then update the date'


def test_goal_with_no_strategy_says_so() -> None:
    plan = replace(complete_plan(), goals=(Goal("Grow revenue 10%", id="gx"),), metrics=())
    messages = [f.message for f in check_plan(plan, TODAY) if f.code == "goal-few-strategies"]
    assert messages == ['Goal 1 "Grow revenue 10%" has no strategy — plan two, sometimes three']


def test_message_names_the_goal_by_number_and_title() -> None:
    plan = _cite(remove_node(complete_plan(), "s22"), "s21", ("competition", "market"))
    assert only(plan, "goal-few-strategies").message == (
        'Goal 2 "Become preferred supplier" has 1 strategy — plan two, sometimes three'
    )


def test_three_strategies_are_fine_four_are_a_soft_finding() -> None:
    three = add_node(complete_plan(), strategy("s13", "Third", ("inside",)), "g1")
    assert codes(three) == []
    four = add_node(three, strategy("s14", "Fourth", ("inside",)), "g1")
    finding = only(four, "goal-many-strategies")
    assert "4 strategies" in finding.message and "focus" in finding.message
    few = _cite(remove_node(complete_plan(), "s22"), "s21", ("competition", "market"))
    # the soft check weighs less than the firm one
    assert health_score(four, TODAY) > health_score(few, TODAY)


def test_tactic_due_today_is_not_overdue() -> None:
    plan = update_node(complete_plan(), "s21-t", due=TODAY)
    assert codes(plan) == []
    assert "tactic-overdue" in codes(plan, TODAY + timedelta(days=1))


@pytest.mark.parametrize("status", ["done", "dropped"])
def test_finished_tactics_are_never_overdue_or_missing_details(status: str) -> None:
    plan = update_node(
        complete_plan(), "s21-t", status=status, owner="", due=TODAY - timedelta(days=9)
    )
    assert codes(plan) == []


def test_doing_tactic_can_be_overdue() -> None:
    plan = update_node(complete_plan(), "s21-t", status="doing", due=date(2026, 2, 1))
    message = only(plan, "tactic-overdue").message
    assert message.startswith('Tactic 2.1.1.1 "Act on Out-serve the competition" is overdue')
    assert "2026-02-01" in message


def test_overdue_uses_the_date_given_not_the_clock() -> None:
    plan = complete_plan()
    assert "tactic-overdue" in codes(plan, LATER + timedelta(days=1))
    assert "tactic-overdue" not in codes(plan, LATER)


def test_unanswered_question_is_not_also_unused() -> None:
    plan = _answer(_cite(complete_plan(), "s22", ("competition",)), "market", "")
    assert codes(plan) == ["analysis-unanswered"]


def test_answer_cited_by_any_one_strategy_counts_as_used() -> None:
    plan = _cite(complete_plan(), "s11", ("inside", "heading", "market"))
    plan = _cite(plan, "s22", ("competition",))
    assert codes(plan) == []


def test_a_detractor_no_tactic_works_on_is_flagged() -> None:
    plan = update_node(complete_plan(), "s11-t", stakeholder_id="")
    finding = only(plan, "detractor-unmitigated")
    assert finding.message.startswith('Detractor "Bob"')
    assert "no tactic works on them" in finding.message


def test_mitigation_by_a_dropped_tactic_is_flagged() -> None:
    plan = update_node(complete_plan(), "s11-t", status="dropped")
    assert codes(plan) == ["detractor-unmitigated"]
    assert "every tactic that works on them is dropped" in only(plan, "detractor-unmitigated").message


def test_a_tactic_that_works_on_a_detractor_mitigates_them() -> None:
    """Issue 9, defect 1: "works on" is the mitigation; no second link to set."""
    plan = update_node(complete_plan(), "s11-t", stakeholder_id="")
    plan = update_node(plan, "s21-t", stakeholder_id="p2")
    assert codes(plan) == []


def test_an_old_mitigation_link_is_moved_onto_a_free_tactic() -> None:
    """Stakeholder(mitigation_tactic_id=...) (old files, old code) becomes the tactic's link."""
    plan = update_node(complete_plan(), "s11-t", stakeholder_id="")

    def with_old_link(base: Plan) -> Plan:
        bob = Stakeholder("Bob", stance="detractor", mitigation_tactic_id="s21-t", id="p2")
        return replace(base, stakeholders=(base.stakeholders[0], bob))

    adopted = with_old_link(plan)
    assert find(adopted, "s21-t")[0].stakeholder_id == "p2" and codes(adopted) == []
    assert "_old_mitigation" not in adopted.stakeholders[1].__dict__  # applied once only
    kept = with_old_link(update_node(plan, "s21-t", stakeholder_id="p1"))
    assert find(kept, "s21-t")[0].stakeholder_id == "p1"  # the tactic's own link wins
    assert codes(kept) == ["detractor-unmitigated"]  # and the coach says so


def test_high_influence_skeptic_needs_mitigation_others_do_not() -> None:
    skeptic = Stakeholder("Cy", stance="skeptic", influence="high", id="p3")
    plan = add_node(complete_plan(), skeptic)
    finding = only(plan, "detractor-unmitigated")
    assert (finding.node_id, finding.message.split(" ")[0]) == ("p3", "High-influence")
    medium = add_node(complete_plan(), Stakeholder("Cy", stance="skeptic", influence="medium"))
    assert codes(medium) == []
    mitigated = update_node(plan, "s12-t", stakeholder_id="p3")
    assert codes(mitigated) == []


def test_no_stakeholders_is_one_finding_not_also_no_champion() -> None:
    plan = replace(complete_plan(), stakeholders=())
    assert codes(plan) == ["no-stakeholders"]


def test_metric_on_another_goal_does_not_cover_this_one() -> None:
    plan = update_node(complete_plan(), "k2", goal_id="g1")
    assert [f.node_id for f in check_plan(plan, TODAY)] == ["g2"]


def test_findings_follow_the_wizard_order() -> None:
    plan = Plan(
        "Half done",
        analysis={"inside": "Reorg"},
        goals=(Goal("Grow", strategies=(Strategy("Only one", id="s1"),), id="g1"),),
    )
    steps = [finding.step for finding in check_plan(plan, TODAY)]
    assert steps == sorted(steps, key=STEPS.index)
    assert codes(plan) == [
        "analysis-unanswered",
        "analysis-unanswered",
        "analysis-unanswered",
        "analysis-unanswered",
        "no-vision",
        "vision-no-why",
        "goal-no-measure",
        "goal-no-due",
        "analysis-unused",
        "goal-few-strategies",
        "strategy-no-analysis",
        "strategy-no-initiative",
        "no-stakeholders",
        "no-cadence",
        "goal-no-metric",
        "no-selling-tools",
    ]
    assert [f.node_id for f in check_plan(plan, TODAY)][:4] == [
        "heading",
        "influencers",
        "market",
        "competition",
    ]
    assert check_plan(plan, TODAY)[8].node_id == "inside"  # answered, cited by no strategy


def test_long_titles_are_shortened_in_messages() -> None:
    plan = update_node(complete_plan(), "g1", title="x" * 300, due=None)
    message = only(plan, "goal-no-due").message
    assert len(message) < 120 and "…" in message


def test_user_text_is_quoted_literally() -> None:
    title = '[bold]# Win | <b> "x"'
    plan = update_node(complete_plan(), "g1", title=title, due=None)
    assert f'"{title}"' in only(plan, "goal-no-due").message


# --- numbering, nudges, score ---


def test_numbering_follows_the_export() -> None:
    labels = numbering(complete_plan())
    assert labels["g1"] == "Goal 1"
    assert labels["s22"] == "Strategy 2.2"
    assert labels["s12-i"] == "Initiative 1.2.1"
    assert labels["s21-t"] == "Tactic 2.1.1.1"
    assert len(labels) == 2 + 4 * 3


def test_nudges_are_the_findings_of_one_step() -> None:
    plan = update_node(update_node(complete_plan(), "g1", due=None), "s12-t", owner="")
    assert nudges(plan, "goals", TODAY) == [
        'Goal 1 "Grow revenue 10%" has no due date — by when?'
    ]
    assert nudges(plan, "tactics", TODAY) == [
        'Tactic 1.2.1.1 "Act on Expand to a second site" has no owner — who will do it?'
    ]
    assert nudges(plan, "vision", TODAY) == []


def test_score_counts_shares_not_raw_findings() -> None:
    """One tactic in four without an owner costs a quarter of one check, not a whole one."""
    one = update_node(complete_plan(), "s12-t", owner="")
    two = update_node(one, "s21-t", owner="")
    assert 100 > health_score(one, TODAY) > health_score(two, TODAY) > 90


def test_one_finding_never_rounds_up_to_100() -> None:
    plan = complete_plan()
    for n in range(40):
        plan = add_node(plan, Tactic(f"Extra {n}", owner="Dana", due=LATER), "s11-i")
    plan = update_node(plan, "s12-t", owner="")
    assert health_score(plan, TODAY) == 99


def test_today_defaults_to_the_clock() -> None:
    plan = update_node(complete_plan(), "s21-t", due=date(2000, 1, 1))
    assert "tactic-overdue" in [f.code for f in check_plan(plan)]
    assert health_score(plan) < 100


def test_the_sample_plans_follow_the_whole_method() -> None:
    from acct_tui.sample import large_plan, sample_plan

    before_any_due_date = date(2026, 12, 1)
    for plan in (sample_plan(), large_plan()):
        assert check_plan(plan, before_any_due_date) == []
        assert health_score(plan, before_any_due_date) == 100


def test_findings_and_health_are_worked_out_once_per_plan_version(monkeypatch) -> None:
    """The stepper, coach, tree ⚠ and catalog all ask about one version: one walk of the checks."""
    from acct_tui.sample import sample_plan

    walks = []
    real = coach._cases
    monkeypatch.setattr(coach, "_cases", lambda plan, today: walks.append(plan) or real(plan, today))
    plan = sample_plan()
    first = check_plan(plan)
    assert health_score(plan) == 100 and check_plan(plan) == first
    assert len(walks) == 1
    edited = update_node(plan, plan.goals[0].id, measure="")
    assert check_plan(edited) != first and len(walks) == 2, "a new version is checked anew"
    check_plan(plan, today=date(2999, 1, 1))
    assert len(walks) == 3, "another day is checked anew"


# --- the parts tied together (issue 13) ---


def test_a_goal_no_meeting_reviews_is_flagged_only_once_there_are_meetings() -> None:
    unreviewed = update_node(complete_plan(), "m1", goal_ids=("g1",))
    assert only(unreviewed, "goal-no-meeting").message == (
        'Goal 2 "Become preferred supplier" is reviewed in no meeting — say which meeting of the cadence tracks it'
    )
    assert codes(replace(complete_plan(), meetings=())) == ["no-cadence"], "an empty cadence is one finding, not one per goal"
    dangling = update_node(complete_plan(), "m1", goal_ids=("g1", "gone"))
    assert only(dangling, "goal-no-meeting").node_id == "g2", "a link to a removed goal reviews nothing"


def test_a_tool_nothing_uses_is_flagged_once_there_are_strategies() -> None:
    unused = update_node(complete_plan(), "x1", used_by_ids=())
    assert only(unused, "tool-unused").message == (
        'Selling tool "ROI calculator" is used by no strategy or tactic — name what uses it, or drop it'
    )
    assert "tool-unused" not in codes(update_node(complete_plan(), "x1", used_by_ids=("s21-t",))), "a tactic counts"
    assert "tool-unused" not in codes(replace(unused, goals=(), metrics=())), "nothing to name yet: no strategies"
    assert "tool-unused" in codes(update_node(complete_plan(), "x1", used_by_ids=("g1",))), "a goal is not a user"
