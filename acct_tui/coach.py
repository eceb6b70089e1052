"""The plan coach: what the plan still lacks, as findings a user can act on.

STUB: the full check list (issue 4) is being written; the interface is fixed:
``check_plan(plan, today)`` returns findings in plan order, each naming the
wizard step and the node to jump to; ``health_score(plan, today)`` is 0-100.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from acct_tui.model import ANALYSIS_QUESTIONS, Plan


@dataclass(frozen=True)
class Finding:
    """One thing the coach flags: a stable code, one line of reason, where to fix it."""

    code: str
    """Stable check name, e.g. "analysis-unanswered"."""
    message: str
    """One line, in the user's words, e.g. "Goal 2 has 1 strategy: plan two, sometimes three"."""
    step: str
    """Wizard step key to open: facts, analysis, vision, goals, strategies, initiatives,
    tactics, relationships, cadence, reporting, tools."""
    node_id: str = ""
    """The node to select in that step, if any."""


def check_plan(plan: Plan, today: date | None = None) -> list[Finding]:
    """Every finding for ``plan``, in the order of the plan."""
    findings = [
        Finding("analysis-unanswered", f"Analysis: answer “{question}”", "analysis", key)
        for key, question in ANALYSIS_QUESTIONS
        if not plan.answer(key).strip()
    ]
    if not plan.vision.statement.strip():
        findings.append(Finding("no-vision", "Write a vision for the account", "vision"))
    if not plan.goals:
        findings.append(Finding("no-goals", "Add at least one goal", "goals"))
    return findings


def health_score(plan: Plan, today: date | None = None) -> int:
    """0-100: the share of coach checks the plan passes."""
    total = len(ANALYSIS_QUESTIONS) + 2
    return round(100 * max(0, total - len(check_plan(plan, today))) / total)
