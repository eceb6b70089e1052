"""The executive summary: the plan on one screen for a sales leader.

A leader reading an account plan asks five things first: where is this going
(the vision, in one line), how are the goals doing (each with the metrics
that measure it and their progress), what could go wrong (the top risks),
what do you need from me (the asks), and is the plan itself in shape (the
coach's health). ``summarize`` answers them as data; ``summary_lines`` writes
them as Markdown for the internal edition and the review pack.

The risks are the user's own (``Plan.risks``, in their words) and the ones
the plan shows: detractors nobody works on, tactics past their due date, and
metrics moving the wrong way or still short of target after their goal's due date.
Every rule comes from where the rest of the app keeps it (``plan_index``,
``coach``), so the summary can't disagree with the review pack or the coach.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from acct_tui import clock, coach
from acct_tui.model import Metric, Plan
from acct_tui.plan_index import amount, index, is_off_target, overdue_tactics, progress_share

TOP_RISKS = 6
"""Risks the summary lists from the plan's own data; the rest are counted."""

NO_PROGRESS = "—"
"""Progress of a metric with no current value or no target (what the app's table shows)."""


@dataclass(frozen=True)
class MetricProgress:
    """One metric of a goal and how far along it is."""

    name: str
    progress: str
    """The progress as the Reporting step's table says it: "25%", "100% ✓", "not yet", "—"."""


@dataclass(frozen=True)
class GoalProgress:
    """One goal, its due date, and the metrics that measure it."""

    label: str
    """"Goal 1" (the export's numbering)."""
    title: str
    due: date | None
    measure: str
    """The goal's own measure, shown when no metric measures it."""
    metrics: tuple[MetricProgress, ...]


@dataclass(frozen=True)
class Risk:
    """A risk the plan's data shows: about whom or what, and why (both may hold user text)."""

    subject: str
    detail: str


@dataclass(frozen=True)
class Summary:
    """What the executive summary says, as plain data (user text unescaped)."""

    vision: str
    goals: tuple[GoalProgress, ...]
    risks: tuple[Risk, ...]
    """Every risk the data shows, most pressing kind first (detractors, late tactics, metrics)."""
    own_risks: str
    """The user's own risks (``Plan.risks``)."""
    asks: str
    """What the user asks of leadership (``Plan.asks``)."""
    health: int
    findings: int
    """How many things the coach flags."""


def progress_words(metric: Metric) -> str:
    """A metric's progress in the words of the Reporting step's Progress column, without the bar.

    "25%" of the way from baseline to target (shown between 0% and 100%,
    with ✓ once reached); "✓ on target" or "not yet" with no baseline to
    measure from; "—" with no current value or no target.
    """
    if metric.current is None or metric.target is None:
        return NO_PROGRESS
    reached = not is_off_target(metric)
    share = progress_share(metric)
    if share is None:
        return "✓ on target" if reached else "not yet"
    shown = max(0.0, min(1.0, share))
    return f"{shown:.0%}" + (" ✓" if reached else "")


def summarize(plan: Plan, today: date | None = None) -> Summary:
    """The executive summary of ``plan`` as of ``today`` (default: today's date)."""
    today = clock.or_today(today)
    labels = index(plan).labels
    goals = tuple(
        GoalProgress(
            labels[goal.id],
            goal.title,
            goal.due,
            goal.measure,
            tuple(MetricProgress(m.name, progress_words(m)) for m in plan.metrics if m.goal_id == goal.id),
        )
        for goal in plan.goals
    )
    risks = (*_detractor_risks(plan), *_late_tactic_risks(plan, today), *_metric_risks(plan, today))
    return Summary(
        vision=plan.vision.statement,
        goals=goals,
        risks=tuple(risks),
        own_risks=plan.risks,
        asks=plan.asks,
        health=coach.health_score(plan, today),
        findings=len(coach.check_plan(plan, today)),
    )


def _detractor_risks(plan: Plan) -> list[Risk]:
    """People the coach wants mitigated whom no live tactic works on."""
    links = index(plan)
    return [
        Risk(person.name, f"{person.stance}, {person.influence} influence, and no tactic works on them")
        for person in plan.stakeholders
        if coach.needs_mitigation(person) and links.mitigator(person.id) is None
    ]


def _late_tactic_risks(plan: Plan, today: date) -> list[Risk]:
    labels = index(plan).labels
    risks = []
    for tactic in overdue_tactics(plan, today):
        late = (today - (tactic.due or today)).days
        owner = f"owner {tactic.owner}" if tactic.owner.strip() else "no owner"
        risks.append(Risk(f"{labels[tactic.id]}: {tactic.action}", f"{late} day{'s' * (late != 1)} late, {owner}"))
    return risks


def _metric_risks(plan: Plan, today: date) -> list[Risk]:
    """Metrics moving the wrong way, or short of target once their goal's due date has passed.

    A metric merely on its way (below target, goal still running) is not a
    risk: the goals table shows its progress, and the review pack lists it.
    """
    goals = {goal.id: goal for goal in plan.goals}
    risks = []
    for metric in plan.metrics:
        if not is_off_target(metric):
            continue
        share = progress_share(metric)
        goal = goals.get(metric.goal_id)
        now = amount(metric.current, metric.unit)
        if share is not None and share < 0:
            why = f"moving the wrong way: {now} against a baseline of {amount(metric.baseline, metric.unit)}"
            risks.append(Risk(metric.name, why))
        elif goal is not None and goal.due is not None and goal.due < today:
            why = f"{now} against a target of {amount(metric.target, metric.unit)}; its goal was due {goal.due.isoformat()}"
            risks.append(Risk(metric.name, why))
    return risks


def summary_lines(summary: Summary, *, heading: str = "##") -> list[str]:
    """The summary as Markdown blocks (a heading, paragraphs, a table, lists), in order.

    ``heading`` is the summary's heading level ("##"); its parts are one
    level below, so the summary never goes below H3 from H2. Join the blocks
    with blank lines. User text is escaped here (``markdown.escape_inline`` /
    ``escape_block``): it can't change the structure.
    """
    from acct_tui.markdown import NOT_SET, escape_block, escape_inline  # markdown imports this module

    sub = heading + "#"
    blocks = [f"{heading} Executive summary"]
    vision = escape_inline(summary.vision) if summary.vision.strip() else "*No vision statement yet*"
    blocks.append(f"**Vision:** {vision}")
    if summary.goals:
        rows = ["| Goal | Due | Measured by | Progress |", "| --- | --- | --- | --- |"]
        for goal in summary.goals:
            due = goal.due.isoformat() if goal.due else NOT_SET
            if goal.metrics:
                measured = "; ".join(escape_inline(m.name) for m in goal.metrics)
                progress = "; ".join(m.progress for m in goal.metrics)
            else:
                measured = escape_inline(goal.measure) if goal.measure.strip() else NOT_SET
                progress = "no metric yet"
            rows.append(f"| {goal.label}: {escape_inline(goal.title)} | {due} | {measured} | {progress} |")
        blocks.append("\n".join(rows))
    else:
        blocks.append("*No goals yet*")
    flags = "the coach has nothing to flag" if not summary.findings else (
        f"the coach flags {summary.findings} thing{'s' * (summary.findings != 1)}"
    )
    blocks.append(f"**Health:** {summary.health}/100 — {flags}")
    blocks += [f"{sub} Top risks", *_risk_blocks(summary)]
    blocks += [f"{sub} Asks", escape_block(summary.asks) if summary.asks.strip() else "*No asks yet*"]
    return blocks


def _risk_blocks(summary: Summary) -> list[str]:
    """The user's own risks (a paragraph), then the plan's (a list, the first ``TOP_RISKS``)."""
    from acct_tui.markdown import escape_block, escape_inline

    blocks = []
    if summary.own_risks.strip():
        blocks.append(escape_block(summary.own_risks))
    shown = summary.risks[:TOP_RISKS]
    items = [f"- **{escape_inline(r.subject)}:** {escape_inline(r.detail)}" for r in shown]
    more = len(summary.risks) - len(shown)
    if more:
        items.append(f"- *and {more} more*")
    if items:
        blocks.append("\n".join(items))
    if not blocks:
        blocks.append("*No risks named, and none the plan shows*")
    return blocks
