"""The sample plan teaches the whole method, so it must be complete and tied together."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from acct_tui.coach import check_plan, health_score
from acct_tui.model import ANALYSIS_KEYS, STANCES, Plan
from acct_tui.plan_index import index
from acct_tui.plan_json import export_plan_json, import_plan_json
from acct_tui.sample import SAMPLE_DAY, SAMPLE_PLAN_ID, large_plan, sample_plan

TODAY = SAMPLE_DAY


def tactics(plan: Plan):
    return [
        tactic
        for goal in plan.goals
        for strategy in goal.strategies
        for initiative in strategy.initiatives
        for tactic in initiative.tactics
    ]


def strategies(plan: Plan):
    return [strategy for goal in plan.goals for strategy in goal.strategies]


def all_ids(plan: Plan) -> list[str]:
    nodes = [*plan.goals, *strategies(plan), *tactics(plan)]
    nodes += [i for s in strategies(plan) for i in s.initiatives]
    nodes += [*plan.stakeholders, *plan.meetings, *plan.metrics, *plan.tools]
    return [plan.id, *(node.id for node in nodes)]


def test_sample_round_trips_through_json():
    plan = sample_plan()
    assert import_plan_json(export_plan_json(plan)) == plan


def test_sample_has_fixed_readable_ids():
    plan = sample_plan()
    assert plan.id == SAMPLE_PLAN_ID
    assert sample_plan().goals == plan.goals
    assert plan.goals[0].id == "g-revenue"
    ids = all_ids(plan)
    assert len(ids) == len(set(ids)), "ids must be unique across the plan"


def test_sample_is_built_on_the_worked_example():
    goal = sample_plan().goals[0]
    assert "10%" in goal.title and "revenue" in goal.title.lower()
    strategy = goal.strategies[0]
    assert "new product" in strategy.title
    initiative = strategy.initiatives[0]
    assert "satisfaction" in initiative.title
    actions = [t.action for t in initiative.tactics]
    assert any("product marketing" in a and "quantify" in a for a in actions)
    assert any("VP" in a and "measure" in a for a in actions)


def test_sample_fills_every_part_of_the_method():
    plan = sample_plan()
    assert set(plan.analysis) == set(ANALYSIS_KEYS)
    assert all(answer.strip() for answer in plan.analysis.values())
    assert plan.vision.statement and plan.vision.why
    assert 3 <= len(plan.goals) <= 4
    for goal in plan.goals:
        assert goal.measure and goal.due, goal.id
        assert 2 <= len(goal.strategies) <= 3, goal.id
    for strategy in strategies(plan):
        assert strategy.analysis_refs and strategy.initiatives, strategy.id
        assert all(i.tactics for i in strategy.initiatives), strategy.id
    assert len(plan.stakeholders) >= 6
    assert len(plan.meetings) >= 3 and plan.metrics and plan.tools


def test_sample_links_hold_together():
    plan = sample_plan()
    people = {s.id for s in plan.stakeholders}
    goal_ids = {g.id for g in plan.goals}
    cited = {ref for s in strategies(plan) for ref in s.analysis_refs}
    assert cited == set(ANALYSIS_KEYS), "every analysis answer is used by a strategy"
    named = {t.stakeholder_id for t in tactics(plan) if t.stakeholder_id}
    assert named and named <= people
    detractors = [s for s in plan.stakeholders if s.stance == "detractor"]
    assert detractors and all(index(plan).mitigator(s.id) for s in detractors)
    assert {m.goal_id for m in plan.metrics} == goal_ids, "every goal has a metric"
    stances = {s.stance for s in plan.stakeholders}
    assert len(stances) >= 4 and stances <= set(STANCES)


def test_sample_tactics_have_owners_future_dates_and_mixed_statuses():
    all_tactics = tactics(sample_plan(TODAY))
    assert all(t.owner and t.due and t.due > TODAY for t in all_tactics)
    assert {t.status for t in all_tactics} == {"open", "doing", "done", "dropped"}


def test_coach_finds_nothing_in_the_sample():
    plan = sample_plan(TODAY)
    assert check_plan(plan, TODAY) == []
    assert health_score(plan, TODAY) == 100


def sample_dates(plan: Plan) -> list[date]:
    """Every date in the plan, wherever it is."""
    found = [plan.start, plan.review, *(goal.due for goal in plan.goals)]
    found += [tactic.due for tactic in tactics(plan)]
    found += [person.last_contact for person in plan.stakeholders]
    found += [meeting.next_date for meeting in plan.meetings]
    return [day for day in found if day is not None]


def test_on_its_own_day_the_sample_has_its_dates_as_written():
    plan = sample_plan(SAMPLE_DAY)
    assert (plan.start, plan.review) == (date(2026, 7, 1), date(2027, 1, 15))
    assert plan.vision.statement.startswith("By 2029 ")


def test_without_a_day_the_sample_fits_the_clock(monkeypatch):
    import acct_tui.clock

    monkeypatch.setattr(acct_tui.clock, "today", lambda: date(2500, 6, 1))
    assert sample_plan().goals == sample_plan(date(2500, 6, 1)).goals
    assert check_plan(sample_plan()) == []


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2990, 12, 31)))
def test_the_sample_never_goes_stale(day: date):
    plan = sample_plan(day)
    assert check_plan(plan, today=day) == []
    assert health_score(plan, today=day) == 100
    assert all(t.due > day for t in tactics(plan) if t.due), "every tactic is still ahead"
    assert all(m.next_date >= day for m in plan.meetings if m.next_date), "meetings are ahead"
    assert all(s.last_contact <= day for s in plan.stakeholders if s.last_contact), "contacts are past"
    assert plan.start <= day < plan.review
    assert str(day.year + 3) in plan.vision.statement


@settings(max_examples=50, deadline=None)
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2990, 12, 31)))
def test_the_sample_moves_in_whole_weeks(day: date):
    moved = zip(sample_dates(sample_plan(day)), sample_dates(sample_plan(SAMPLE_DAY)), strict=True)
    shifts = {new - old for new, old in moved}
    assert len(shifts) == 1, "every date moves by the same amount"
    shift = shifts.pop()
    assert shift.days % 7 == 0 and abs(day - SAMPLE_DAY - shift) < timedelta(weeks=1)


def test_large_plan_has_the_requested_shape_and_round_trips():
    plan = large_plan(goals=4, strategies=2, initiatives=3, tactics=5)
    assert len(plan.goals) == 4
    assert all(len(g.strategies) == 2 for g in plan.goals)
    assert len(tactics(plan)) == 4 * 2 * 3 * 5
    assert tactics(plan)[-1].id == "g4s2i3t5"
    ids = all_ids(plan)
    assert len(ids) == len(set(ids))
    assert import_plan_json(export_plan_json(plan)) == plan


def test_default_large_plan_is_the_benchmark_size_and_coach_clean():
    plan = large_plan()
    assert len(tactics(plan)) == 10 * 3 * 3 * 5
    assert check_plan(plan, TODAY) == []


def test_large_plan_of_nothing_is_still_valid():
    assert large_plan(goals=0).goals == ()
    assert len(tactics(large_plan(1, 1, 1, 0))) == 0
