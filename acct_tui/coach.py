"""The plan coach: what the plan still lacks, as findings a user can act on.

The method only works when its parts are tied together (analysis → vision →
goals → strategies → initiatives → tactics, with people, cadence and metrics
around them), so the checks look at the links as much as at the fields.

Each check looks at a set of "cases" (every goal, every tactic, the vision…)
and each case either passes or yields one ``Finding``. ``check_plan`` returns
the findings; ``health_score`` turns the pass rate into 0-100. Both are pure
functions of the plan and ``today``, so the UI, the export and the review pack
agree and tests are deterministic.

Judgement calls, so they are written down once:

* A tactic that is done or dropped is finished: it is never flagged for a
  missing owner or date, and never overdue.
* "Needs a mitigating tactic": every detractor, and a skeptic of high
  influence (a powerful skeptic can block a deal as surely as a detractor).
  A tactic that works on them mitigates them unless it is dropped
  (``plan_index.mitigates``, the one place that rule lives).
* "No champion" is only said once there are stakeholders; an empty list gets
  the one "no stakeholders" finding instead of two.
* A review is "marked held" on ``Plan.reviewed``. The review date passing
  with no review marked on or after it is one finding; the plan's review
  cadence is that of its review meeting (name says review, QBR or EBR;
  ``acct_tui.cadence``), and going longer than that (plus a grace of
  ``REVIEW_GRACE_DAYS``) without a review marked is another. A plan never
  reviewed is judged from its start date; without one its age is unknown and
  nothing is said.
* Stale contacts: only key people (decision-makers, economic buyers,
  champions) whose recorded last contact is over ``cadence.stale_contact_days()`` old.
  A person with no date recorded is not flagged (a fresh plan would light up
  at once); the agenda and the review pack list them as "never contacted".
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from acct_tui import clock, whitespace
from acct_tui.cadence import (
    KEY_ROLES,
    REVIEW_GRACE_DAYS,
    is_key_contact,
    is_stale,
    review_cadence,
    stale_contact_days,
)
from acct_tui.links import ties
from acct_tui.model import (
    ANALYSIS_QUESTIONS,
    Goal,
    Initiative,
    Plan,
    Stakeholder,
    Strategy,
    Tactic,
)
from acct_tui.plan_index import (
    FINISHED_STATUSES,
    PlanIndex,
    index,
    is_open,
    numbering,
    tactics,
)
from acct_tui.steps import STEP_KEYS

__all__ = [  # numbering, is_open and tactics live in plan_index; kept importable from here
    "CHECKS",
    "FINISHED_STATUSES",
    "Finding",
    "check_plan",
    "health_score",
    "is_open",
    "needs_mitigation",
    "nudges",
    "numbering",
    "quote",
    "tactics",
]

STEPS = STEP_KEYS
"""The wizard's step keys, in order (from ``acct_tui.steps``): findings point at
the first eleven, and are sorted by this order."""

CHECKS: dict[str, str] = {
    "review-overdue": "the review date has not passed without a review marked held",
    "analysis-unanswered": "every analysis question answered",
    "analysis-unused": "every analysis answer used by a strategy",
    "opportunity-unpursued": "every open opportunity in the whitespace map pursued by a goal or strategy",
    "strategy-no-opportunity": "every strategy has an open opportunity behind it (once the whitespace map has one)",
    "no-vision": "a vision statement",
    "vision-no-why": "the vision says why",
    "no-goals": "at least one goal",
    "goal-no-measure": "every goal measurable",
    "goal-no-due": "every goal dated",
    "goal-few-strategies": "at least two strategies per goal",
    "goal-many-strategies": "at most three strategies per goal (soft)",
    "strategy-no-analysis": "every strategy cites the analysis",
    "strategy-no-initiative": "every strategy has an initiative",
    "initiative-no-tactic": "every initiative has a tactic",
    "tactic-no-owner": "every open tactic has an owner",
    "tactic-no-due": "every open tactic has a due date",
    "tactic-overdue": "no open tactic is overdue",
    "no-stakeholders": "the stakeholders are listed",
    "no-champion": "a champion among them",
    "detractor-unmitigated": (
        "every detractor (and high-influence skeptic) has a mitigating tactic"
    ),
    "contact-stale": "every decision-maker and champion contacted within the stale-contact days (60 unless set)",
    "decision-maker-uncovered": "every decision maker and economic buyer covered by someone on our team",
    "champion-no-contact": "every champion has a last contact recorded",
    "detractor-has-say": "no unmitigated detractor (or high-influence skeptic) has a say in a goal's decision",
    "no-cadence": "a cadence of meetings",
    "review-cadence": "a review marked held as often as the review meeting's cadence says",
    "goal-no-metric": "every goal has a metric",
    "no-selling-tools": "at least one selling tool",
    "goal-no-meeting": "every goal reviewed in a meeting of the cadence",
    "tool-unused": "every selling tool used by a strategy or tactic",
}
"""Every finding code, with what passing it means (for help text and docs)."""

SOFT_WEIGHT = 0.5
"""Weight in the score of advice that is a matter of taste (too many strategies)."""

_WEIGHTS: dict[str, float] = {"goal-many-strategies": SOFT_WEIGHT}

_NAME_MAX = 60
"""Longest user title quoted in a message before it is shortened with an ellipsis."""


@dataclass(frozen=True)
class Finding:
    """One thing the coach flags: a stable code, one line of reason, where to fix it."""

    code: str
    """Stable check name, e.g. "analysis-unanswered"."""
    message: str
    """One line, in the user's words, e.g. 'Goal 2 "Grow revenue" has 1 strategy — plan two,
    sometimes three'. Plain text that contains user text: show it literally."""
    step: str
    """Wizard step key to open: facts, analysis, vision, goals, strategies, initiatives,
    tactics, relationships, cadence, reporting, tools."""
    node_id: str = ""
    """The node to select in that step (an analysis question key for analysis findings)."""


@dataclass(frozen=True)
class _Case:
    """One check applied to one thing: passed, or the finding that says why not."""

    code: str
    finding: Finding | None


def _case(ok: bool, code: str, message: str, step: str, node_id: str = "") -> _Case:
    return _Case(code, None if ok else Finding(code, message, step, node_id))


# --- public API ---


def check_plan(plan: Plan, today: date | None = None) -> list[Finding]:
    """Every finding for ``plan``, in the order of the wizard and, within a step, of the plan."""
    return list(_assessment(plan, clock.or_today(today))[0])


def health_score(plan: Plan, today: date | None = None) -> int:
    """0-100: how much of the method the plan follows.

    For each check (each code) that applies to the plan, take the share of
    its cases that pass — 3 of 4 tactics with an owner gives 0.75 for
    "tactic-no-owner". The score is the weighted mean of those shares, every
    check weighing 1 except matters of taste (more than three strategies),
    which weigh ``SOFT_WEIGHT``. So one sloppy corner of a large plan costs
    only its share, and a plan of one goal is not judged by a plan of ten.

    Checks with no cases don't apply (no tactics → no tactic checks). An
    empty plan still has the plan-level checks (analysis, vision, goals,
    stakeholders, cadence), fails them all and scores 0. The score is
    rounded down, so 100 means there is nothing left to flag.
    """
    return _assessment(plan, clock.or_today(today))[1]


def _assessment(plan: Plan, today: date) -> tuple[tuple[Finding, ...], int]:
    """The findings and the health of ``plan`` on ``today``, worked out once per plan version.

    Plans are immutable, so the answer is kept on the plan object (as the
    plan index is): the stepper, the coach, the tree's ⚠ and the catalog all
    ask about the same version, and on a big plan each walk costs a fifth of
    a second.
    """
    key = (today, stale_contact_days())  # the settings may change what is stale
    cached = plan.__dict__.get("_assessment")
    if cached is not None and cached[0] == key:
        return cached[1]
    passed: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    found: list[Finding] = []
    for case in _cases(plan, today):
        total[case.code] += 1
        passed[case.code] += case.finding is None
        if case.finding is not None:
            found.append(case.finding)
    health = 0
    if total:
        weight = {code: _WEIGHTS.get(code, 1.0) for code in total}
        score = sum(weight[code] * passed[code] / total[code] for code in total)
        health = math.floor(100 * score / sum(weight.values()) + 1e-9)
    findings = tuple(sorted(found, key=lambda finding: STEPS.index(finding.step)))
    object.__setattr__(plan, "_assessment", (key, (findings, health)))  # not a field: eq and repr ignore it
    return findings, health


def nudges(
    plan: Plan, step: str, today: date | None = None, findings: list[Finding] | None = None
) -> list[str]:
    """The coach's live messages for one wizard step (for the coaching panel).

    Pass ``findings`` when ``check_plan`` has just run, to not run it twice.
    """
    if findings is None:
        findings = check_plan(plan, today)
    return [finding.message for finding in findings if finding.step == step]


def quote(text: str) -> str:
    """A user title inside a message: in double quotes, shortened if long."""
    text = " ".join(text.split())
    if len(text) > _NAME_MAX:
        text = text[: _NAME_MAX - 1].rstrip() + "…"
    return f'"{text}"'


def needs_mitigation(person: Stakeholder) -> bool:
    """Detractors, and high-influence skeptics, should have a mitigating tactic."""
    return person.stance == "detractor" or (
        person.stance == "skeptic" and person.influence == "high"
    )


# --- the checks, in wizard order ---


def _cases(plan: Plan, today: date) -> Iterator[_Case]:
    labels = numbering(plan)
    yield from _review_date_cases(plan, today)
    yield from _analysis_cases(plan)
    yield from _whitespace_cases(plan, labels)
    yield from _vision_cases(plan)
    yield _case(
        bool(plan.goals), "no-goals", "Add at least one goal — measurable and dated", "goals"
    )
    for goal in plan.goals:
        yield from _goal_cases(goal, labels)
    for goal in plan.goals:
        yield from _strategy_count_cases(goal, labels)
        for strategy in goal.strategies:
            yield from _strategy_cases(strategy, labels)
    strategies = [strategy for goal in plan.goals for strategy in goal.strategies]
    for strategy in strategies:
        yield _initiative_count_case(strategy, labels)
    for initiative in (i for strategy in strategies for i in strategy.initiatives):
        yield _tactic_count_case(initiative, labels)
        for tactic in initiative.tactics:
            yield from _tactic_cases(tactic, labels, today)
    yield from _relationship_cases(plan, today)
    yield from _relationship_depth_cases(plan, labels)
    yield _case(
        bool(plan.meetings),
        "no-cadence",
        "No cadence — add the regular meetings that track the plan "
        "(team sync, executive check-in, quarterly business review)",
        "cadence",
    )
    yield from _review_cadence_cases(plan, today)
    yield from _metric_cases(plan, labels)
    yield _case(
        bool(plan.tools),
        "no-selling-tools",
        "No selling tools — name what helps you sell here (ROI calculator, case study, demo…)",
        "tools",
    )
    yield from _tie_cases(plan, labels)


def _analysis_cases(plan: Plan) -> Iterator[_Case]:
    cited = {ref for goal in plan.goals for s in goal.strategies for ref in s.analysis_refs}
    for key, question in ANALYSIS_QUESTIONS:
        answered = bool(plan.answer(key).strip())
        yield _case(
            answered,
            "analysis-unanswered",
            f'Analysis: answer "{question}"',
            "analysis",
            key,
        )
        if answered:
            yield _case(
                key in cited,
                "analysis-unused",
                f'Your answer to "{question}" is used by no strategy — cite it or act on it',
                "strategies",
                key,
            )


def _vision_cases(plan: Plan) -> Iterator[_Case]:
    yield _case(
        bool(plan.vision.statement.strip()),
        "no-vision",
        "Write a vision: where should the account be in a few years?",
        "vision",
    )
    yield _case(
        bool(plan.vision.why.strip()),
        "vision-no-why",
        'The vision has no "why" — say why the account should get there',
        "vision",
    )


def _goal_cases(goal: Goal, labels: dict[str, str]) -> Iterator[_Case]:
    name = f"{labels[goal.id]} {quote(goal.title)}"
    yield _case(
        bool(goal.measure.strip()),
        "goal-no-measure",
        f"{name} has no measure — how will you know it is reached?",
        "goals",
        goal.id,
    )
    yield _case(
        goal.due is not None,
        "goal-no-due",
        f"{name} has no due date — by when?",
        "goals",
        goal.id,
    )


def _strategy_count_cases(goal: Goal, labels: dict[str, str]) -> Iterator[_Case]:
    name = f"{labels[goal.id]} {quote(goal.title)}"
    count = len(goal.strategies)
    has = "no strategy" if count == 0 else f"{count} strateg{'y' if count == 1 else 'ies'}"
    yield _case(
        count >= 2,
        "goal-few-strategies",
        f"{name} has {has} — plan two, sometimes three",
        "strategies",
        goal.id,
    )
    yield _case(
        count <= 3,
        "goal-many-strategies",
        f"{name} has {has} — focus on the best two or three",
        "strategies",
        goal.id,
    )


def _strategy_cases(strategy: Strategy, labels: dict[str, str]) -> Iterator[_Case]:
    name = f"{labels[strategy.id]} {quote(strategy.title)}"
    yield _case(
        bool(strategy.analysis_refs),
        "strategy-no-analysis",
        f"{name} cites no analysis answer — which finding does it respond to?",
        "strategies",
        strategy.id,
    )


def _initiative_count_case(strategy: Strategy, labels: dict[str, str]) -> _Case:
    return _case(
        bool(strategy.initiatives),
        "strategy-no-initiative",
        f"{labels[strategy.id]} {quote(strategy.title)} has no initiative — "
        "give it a clear path forward",
        "initiatives",
        strategy.id,
    )


def _tactic_count_case(initiative: Initiative, labels: dict[str, str]) -> _Case:
    return _case(
        bool(initiative.tactics),
        "initiative-no-tactic",
        f"{labels[initiative.id]} {quote(initiative.title)} has no tactic — "
        "add a specific step with an owner and a date",
        "tactics",
        initiative.id,
    )


def _tactic_cases(tactic: Tactic, labels: dict[str, str], today: date) -> Iterator[_Case]:
    if not is_open(tactic):
        return
    name = f"{labels[tactic.id]} {quote(tactic.action)}"
    yield _case(
        bool(tactic.owner.strip()),
        "tactic-no-owner",
        f"{name} has no owner — who will do it?",
        "tactics",
        tactic.id,
    )
    yield _case(
        tactic.due is not None,
        "tactic-no-due",
        f"{name} has no due date — by when?",
        "tactics",
        tactic.id,
    )
    if tactic.due is not None:
        yield _case(
            tactic.due >= today,
            "tactic-overdue",
            f"{name} is overdue (due {tactic.due.isoformat()}) — do it, re-date it or drop it",
            "tactics",
            tactic.id,
        )


def _relationship_cases(plan: Plan, today: date) -> Iterator[_Case]:
    yield _case(
        bool(plan.stakeholders),
        "no-stakeholders",
        "No stakeholders — add who matters: sponsors, supporters, neutrals and detractors",
        "relationships",
    )
    if plan.stakeholders:
        yield _case(
            any(person.stance == "champion" for person in plan.stakeholders),
            "no-champion",
            "No champion among the stakeholders — who will sell for you inside the account?",
            "relationships",
        )
    links = index(plan)
    for person in plan.stakeholders:
        if needs_mitigation(person) and not _say_in_goals(plan, person):  # else detractor-has-say names the goal
            yield _mitigation_case(person, links)
    for person in plan.stakeholders:
        if is_key_contact(person) and person.last_contact is not None:
            yield _contact_case(person, today)


def _contact_case(person: Stakeholder, today: date) -> _Case:
    """A key person last contacted too long ago (one with no date recorded is the agenda's to list)."""
    assert person.last_contact is not None
    who = "Champion" if person.stance == "champion" else person.role.capitalize()
    days = (today - person.last_contact).days
    return _case(
        not is_stale(person, today),
        "contact-stale",
        f"{who} {quote(person.name)}: last contact {person.last_contact.isoformat()}, {days} days ago — "
        "get in touch, then update the date",
        "relationships",
        person.id,
    )


def _review_date_cases(plan: Plan, today: date) -> Iterator[_Case]:
    """The review date passed with no review marked held on or after it."""
    if plan.review is None:
        return
    held = plan.reviewed is not None and plan.reviewed >= plan.review
    yield _case(
        plan.review >= today or held,
        "review-overdue",
        f"The review date {plan.review.isoformat()} has passed with no review marked held — "
        "mark it held (ctrl+r, or Mark review held) or move the date",
        "facts",
        "review",
    )


def _review_cadence_cases(plan: Plan, today: date) -> Iterator[_Case]:
    """No review marked held for longer than the review meeting's cadence (plus grace) says."""
    cadence = review_cadence(plan)
    since = plan.reviewed or plan.start
    if cadence is None or since is None:
        return
    meeting, every = cadence
    days = (today - since).days
    if plan.reviewed is not None:
        last = f"No review marked held for {days} days"
    else:
        last = f"No review marked held since the plan started {days} days ago"
    yield _case(
        days <= every + REVIEW_GRACE_DAYS,
        "review-cadence",
        f"{last}, but the {quote(meeting.name)} comes every {every} days — "
        "mark the review held (ctrl+r) when it takes place",
        "cadence",
        meeting.id,
    )


def _mitigation_case(person: Stakeholder, links: PlanIndex) -> _Case:
    who = "Detractor" if person.stance == "detractor" else "High-influence skeptic"
    if links.working_on.get(person.id):
        why = "every tactic that works on them is dropped — tie them to a live one"
    else:
        why = "no tactic works on them — tie one to them"
    return _case(
        links.mitigator(person.id) is not None,
        "detractor-unmitigated",
        f"{who} {quote(person.name)}: {why}",
        "relationships",
        person.id,
    )


def _metric_cases(plan: Plan, labels: dict[str, str]) -> Iterator[_Case]:
    measured = {metric.goal_id for metric in plan.metrics if metric.goal_id}
    for goal in plan.goals:
        yield _case(
            goal.id in measured,
            "goal-no-metric",
            f"{labels[goal.id]} {quote(goal.title)} has no metric — add one in Reporting "
            "to show progress",
            "reporting",
            goal.id,
        )


# --- the whitespace map (issue 13): opportunities and the strategies behind them ---


def _whitespace_cases(plan: Plan, labels: dict[str, str]) -> Iterator[_Case]:
    """Open cells nobody pursues; strategies with no open cell behind them.

    Only a map with an open opportunity is judged: an empty map (or one with
    nothing open) says nothing about the strategies. A cell pursued by a goal
    backs that goal's strategies too; a link to a goal or strategy that is
    gone counts as not pursued (``whitespace.pursuer``).
    """
    cells = list(whitespace.open_cells(plan.whitespace))
    if not cells:
        return
    for cell in cells:
        yield _opportunity_case(plan, cell)
    backed = {whitespace.pursuer(plan, cell) for cell in cells}
    for goal in plan.goals:
        for strategy in goal.strategies:
            yield _case(
                strategy.id in backed or goal.id in backed,
                "strategy-no-opportunity",
                f"{labels[strategy.id]} {quote(strategy.title)} has no open opportunity behind it — "
                "link a whitespace cell to it (or to its goal)",
                "whitespace",
                strategy.id,
            )


def _opportunity_case(plan: Plan, cell: whitespace.WhitespaceCell) -> _Case:
    worth = f" ({whitespace.short_value(cell.value)})" if cell.value is not None else ""
    if cell.pursued_by_id:
        why = "the goal or strategy it was linked to is gone — link another"
    else:
        why = "no goal or strategy pursues it — enter on the cell to link one"
    return _case(
        bool(whitespace.pursuer(plan, cell)),
        "opportunity-unpursued",
        f"Open opportunity {quote(cell.unit)} × {quote(cell.offering)}{worth}: {why}",
        "whitespace",
        whitespace.cell_id(cell.unit, cell.offering),
    )


# --- relationships in depth (issue 13): coverage, champions' contact, detractors with a say ---
#
# * A decision maker or economic buyer (``cadence.KEY_ROLES``) nobody on our
#   team covers ("Covered by", the ``owner`` field) is a finding.
# * A champion with no last contact recorded is a finding: the dated case
#   (older than ``stale_contact_days()``) is "contact-stale"'s, so no champion is
#   flagged twice. Champions are few, so a fresh plan does not light up.
# * A detractor (or high-influence skeptic) with a say in a goal's decision
#   (``goal_ids``) who is not mitigated is "detractor-has-say", naming the
#   goals, in place of the plain "detractor-unmitigated" (one finding a person).


def _say_in_goals(plan: Plan, person: Stakeholder) -> list[Goal]:
    """The plan's goals whose decision ``person`` has a say in, in plan order (missing links skipped)."""
    return [goal for goal in plan.goals if goal.id in person.goal_ids]


def _relationship_depth_cases(plan: Plan, labels: dict[str, str]) -> Iterator[_Case]:
    for person in plan.stakeholders:
        if person.role in KEY_ROLES:
            yield _case(
                bool(person.owner.strip()),
                "decision-maker-uncovered",
                f"{person.role.capitalize()} {quote(person.name)}: nobody on our team covers them — "
                "set Covered by (our team)",
                "relationships",
                person.id,
            )
    for person in plan.stakeholders:
        if person.stance == "champion":
            yield _case(
                person.last_contact is not None,
                "champion-no-contact",
                f"Champion {quote(person.name)}: no contact recorded — speak at least every "
                f"{stale_contact_days()} days, then set Last contact",
                "relationships",
                person.id,
            )
    links = index(plan)
    for person in plan.stakeholders:
        goals = _say_in_goals(plan, person)
        if needs_mitigation(person) and goals:
            who = "Detractor" if person.stance == "detractor" else "High-influence skeptic"
            named = " and ".join(f"{labels[goal.id]} {quote(goal.title)}" for goal in goals)
            yield _case(
                links.mitigator(person.id) is not None,
                "detractor-has-say",
                f"{who} {quote(person.name)} has a say in {named} and nothing mitigates them — "
                "tie a tactic to them before the decision",
                "relationships",
                person.id,
            )


# --- the parts tied together (issue 13) ---
#
# Account governance is seven parts (vision, relationships, account plans,
# cadence, strategy, reporting, selling tools), and its strength is that they
# are tied together: a goal nobody reviews drifts, a tool nobody uses is shelf
# ware. Judgement calls:
# * "No meeting reviews this goal" is only said once there are meetings: an
#   empty cadence gets the one "no cadence" finding, not one per goal too (the
#   fix is the same: add the meetings, then say what each reviews).
# * "Nothing uses this tool" is only said once there are strategies: with none,
#   there is nothing to name yet, and the goal tree's own findings come first.


def _tie_cases(plan: Plan, labels: dict[str, str]) -> Iterator[_Case]:
    found = ties(plan)
    if plan.meetings:
        for goal in plan.goals:
            yield _case(
                found.is_reviewed(goal),
                "goal-no-meeting",
                f"{labels[goal.id]} {quote(goal.title)} is reviewed in no meeting — "
                "say which meeting of the cadence tracks it",
                "cadence",
                goal.id,
            )
    if any(goal.strategies for goal in plan.goals):
        for tool in plan.tools:
            yield _case(
                found.is_used(tool),
                "tool-unused",
                f"Selling tool {quote(tool.name)} is used by no strategy or tactic — "
                "name what uses it, or drop it",
                "tools",
                tool.id,
            )
