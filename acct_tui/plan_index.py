"""One index of a plan's cross-cutting facts: numbers, tactics, and who works on whom.

The coach, the Markdown export (both editions), the review pack, the forms and
the tree all need the same answers: "what is tactic 1.2.1.3", "which tactics
are still live", "which tactic mitigates this detractor". Each used to work
them out itself, and they disagreed: the export said "mitigated by" a tactic
the coach knew was dropped. Here each rule is written once.

The link between a tactic and a stakeholder is stored once, on the tactic
(``Tactic.stakeholder_id``, "works on"). A stakeholder is mitigated by the
live tactics that work on them; there is no second link to keep in step.

Plans are immutable, so the index of a plan object is built once and kept on
it (``index(plan)``); every edit makes a new plan, and so a new index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from acct_tui.model import Metric, Plan, Stakeholder, Tactic

T = TypeVar("T")

FINISHED_STATUSES = ("done", "dropped")
"""Tactic statuses that mean "nothing left to do here"."""


def is_open(tactic: Tactic) -> bool:
    """A tactic still to do (not done, not dropped): the coach checks only these."""
    return tactic.status not in FINISHED_STATUSES


def mitigates(tactic: Tactic) -> bool:
    """Whether a tactic counts as mitigating the person it works on.

    The one rule for "a dropped tactic mitigates nobody": the coach, the
    export's "mitigated by", the review pack and the forms all ask here. A
    done tactic still counts (the work was done); a dropped one never does.
    """
    return tactic.status != "dropped"


def lower_is_better(metric: Metric) -> bool:
    """Whether a metric improves by going down (cost, churn, days to close).

    The direction comes from baseline to target: a target below the baseline
    means lower is better. With no baseline or target, or a baseline equal to
    the target, higher is taken to be better. The review pack's "off target"
    and the diff's "better/worse" both ask here.
    """
    return metric.baseline is not None and metric.target is not None and metric.target < metric.baseline


def is_off_target(metric: Metric) -> bool:
    """True if the metric has a current value that has not yet reached its target.

    The direction is ``lower_is_better``'s: a target below the baseline means
    lower is better (cost, churn, days to close). The review pack's "off
    target", the reporting table's ✓ and the executive summary all ask here.
    """
    if metric.current is None or metric.target is None:
        return False
    if lower_is_better(metric):
        return metric.current > metric.target
    return metric.current < metric.target


def progress_share(metric: Metric) -> float | None:
    """How far current has moved from baseline to target: 0 at baseline, 1 at target.

    The formula holds in both directions: when the target is below the
    baseline (lower is better), moving down is progress; a share below 0 is
    movement the wrong way. None when a value is missing or baseline equals
    target, so there is no way to measure. The app's Progress column and the
    exports' progress both come from here.
    """
    if metric.baseline is None or metric.target is None or metric.current is None:
        return None
    if metric.target == metric.baseline:
        return None
    return (metric.current - metric.baseline) / (metric.target - metric.baseline)


def amount(value: float | None, unit: str = "", missing: str = "not set") -> str:
    """A number as people write it (1,250 or 3.5), with its unit; ``missing`` when not set.

    The one way a metric's value is written: the diff, the review pack and
    the executive summary each say the same number the same way.
    """
    if value is None:
        return missing
    text = f"{value:,.0f}" if value.is_integer() else f"{value:,.6f}".rstrip("0").rstrip(".")
    return f"{text} {unit}" if unit.strip() else text


def tactics(plan: Plan) -> Iterator[Tactic]:
    """Every tactic in the plan, in plan order."""
    for goal in plan.goals:
        for strategy in goal.strategies:
            for initiative in strategy.initiatives:
                yield from initiative.tactics


def overdue_tactics(plan: Plan, today: date) -> list[Tactic]:
    """Open tactics whose due date has passed, oldest first."""
    late = [t for t in tactics(plan) if is_open(t) and t.due is not None and t.due < today]
    return sorted(late, key=lambda tactic: tactic.due or date.max)


@dataclass(frozen=True)
class PlanIndex:
    """What the rest of the code asks about one plan, computed once."""

    labels: dict[str, str]
    """Each goal-tree node's label by id: "Goal 1", "Strategy 1.2", "Initiative 1.2.1",
    "Tactic 1.2.1.3" (positions from 1 within the parent)."""
    tactics: tuple[Tactic, ...]
    """Every tactic, in plan order."""
    tactic_by_id: dict[str, Tactic]
    initiative_number: dict[str, str]
    """The number of each tactic's initiative ("1.2.1"), by tactic id."""
    stakeholder_by_id: dict[str, Stakeholder]
    working_on: dict[str, tuple[Tactic, ...]] = field(default_factory=dict)
    """The tactics that work on each stakeholder (any status), by stakeholder id."""

    def stakeholder_of(self, tactic: Tactic) -> Stakeholder | None:
        """The stakeholder a tactic works on, or None (no link, or a link to nobody)."""
        return self.stakeholder_by_id.get(tactic.stakeholder_id)

    def mitigators(self, stakeholder_id: str) -> tuple[Tactic, ...]:
        """The tactics that mitigate a stakeholder: live ones that work on them."""
        return tuple(t for t in self.working_on.get(stakeholder_id, ()) if mitigates(t))

    def mitigator(self, stakeholder_id: str) -> Tactic | None:
        """The first tactic that mitigates a stakeholder (what their form shows), or None."""
        found = self.mitigators(stakeholder_id)
        return found[0] if found else None

    def live_tactics(self) -> tuple[Tactic, ...]:
        """Tactics that can mitigate someone (the choices a stakeholder's form offers)."""
        return tuple(t for t in self.tactics if mitigates(t))


def kept_on(plan: Plan, name: str, build: Callable[[Plan], T]) -> T:
    """``build(plan)``, worked out on first use and kept on the plan as ``name``.

    Plans are immutable, so what is derived from one version stays true of
    it: the index, the sharing marks, the links between parts and the
    palette's haystack are each built once per version. The attribute is not
    a field: eq and repr ignore it.
    """
    cached = plan.__dict__.get(name)
    if cached is None:
        cached = build(plan)
        object.__setattr__(plan, name, cached)
    return cached


def index(plan: Plan) -> PlanIndex:
    """The index of ``plan``, built on first use and kept on the (immutable) plan."""
    return kept_on(plan, "_plan_index", _build)


def numbering(plan: Plan) -> dict[str, str]:
    """Each goal-tree node's label as the export numbers it, by node id."""
    return index(plan).labels


def _build(plan: Plan) -> PlanIndex:
    labels: dict[str, str] = {}
    initiative_number: dict[str, str] = {}
    all_tactics: list[Tactic] = []
    for g, goal in enumerate(plan.goals, 1):
        labels[goal.id] = f"Goal {g}"
        for s, strategy in enumerate(goal.strategies, 1):
            labels[strategy.id] = f"Strategy {g}.{s}"
            for i, initiative in enumerate(strategy.initiatives, 1):
                labels[initiative.id] = f"Initiative {g}.{s}.{i}"
                for t, tactic in enumerate(initiative.tactics, 1):
                    labels[tactic.id] = f"Tactic {g}.{s}.{i}.{t}"
                    initiative_number[tactic.id] = f"{g}.{s}.{i}"
                    all_tactics.append(tactic)
    people = {person.id: person for person in plan.stakeholders}
    working_on: dict[str, list[Tactic]] = {}
    for tactic in all_tactics:
        if tactic.stakeholder_id in people:
            working_on.setdefault(tactic.stakeholder_id, []).append(tactic)
    return PlanIndex(
        labels=labels,
        tactics=tuple(all_tactics),
        tactic_by_id={tactic.id: tactic for tactic in all_tactics},
        initiative_number=initiative_number,
        stakeholder_by_id=people,
        working_on={key: tuple(found) for key, found in working_on.items()},
    )
