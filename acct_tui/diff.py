"""What changed between two versions of a plan, item by item (by id, not by text line).

The API the app, the CLI and the review pack use:

    plan_diff(before, after, today=None) -> PlanDiff
    diff_markdown(diff, heading_level=2) -> str      # GFM, user text escaped
    diff_json(diff) -> dict                          # stable keys, JSON-ready

A ``PlanDiff`` holds ``changes`` (one ``ItemChange`` per thing that changed, in
plan order), the health score before → after, and the coach findings fixed and
new. An item moved to another parent or position is one "moved" change, never
a removal plus an addition.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from acct_tui.model import Plan

CHANGE_KINDS = ("added", "removed", "moved", "edited", "status", "metric")
"""What happened to an item: ``status`` is a tactic's status change, ``metric``
a metric's current value change (``direction`` says better or worse)."""


@dataclass(frozen=True)
class ItemChange:
    """One change to one item (or to a plan-level field, with ``record`` "plan")."""

    what: str
    """One of CHANGE_KINDS."""
    record: str
    """The item's kind ("goal", "strategy", "initiative", "tactic", "stakeholder",
    "meeting", "metric", "tool") or "plan" for the plan's own fields."""
    item_id: str
    title: str
    """The item's title as it is after the change (before, if removed)."""
    label: str = ""
    """Where it sits, e.g. "Initiative 1.2.1" (after; before if removed)."""
    field: str = ""
    """For edited/status/metric: the field's name (a model field name)."""
    before: Any = None
    """The old value as plan data (dates as YYYY-MM-DD), or for moved: the old place."""
    after: Any = None
    direction: str = ""
    """For metric: "better", "worse" or "" (no target to judge by)."""


@dataclass(frozen=True)
class PlanDiff:
    changes: tuple[ItemChange, ...] = ()
    health_before: int = 0
    health_after: int = 0
    findings_fixed: tuple[str, ...] = ()
    findings_new: tuple[str, ...] = ()
    before_when: str = ""
    after_when: str = ""
    """Labels of the two versions, e.g. "review 2026-10-01" and "now"."""
    extra: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.changes or self.findings_fixed or self.findings_new)


def plan_diff(before: Plan, after: Plan, today: date | None = None) -> PlanDiff:
    """Every change from ``before`` to ``after`` (skeleton: being written)."""
    raise NotImplementedError


def diff_markdown(diff: PlanDiff, heading_level: int = 2) -> str:
    """The diff as a GFM section (skeleton: being written)."""
    raise NotImplementedError


def diff_json(diff: PlanDiff) -> dict[str, Any]:
    """The diff as JSON-ready data (skeleton: being written)."""
    raise NotImplementedError
