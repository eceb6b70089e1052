"""The review pack: one Markdown page to bring to the next business review.

Where the full export is the plan, the pack is what needs talking about now:
tactics that slipped or are due soon, metrics behind target, people nobody has
spoken to lately, and what the coach still flags. It is internal (it names
stances and gaps), so it is not meant for the customer.

Everything is computed from the plan and ``today``; user text goes through
``escape_inline`` so a title can never change the page's structure.

The pack opens with the executive summary (``acct_tui.summary``: vision,
goals and progress, top risks, asks, health), then what changed since the
last review. Rendering never reads
the plan's history: the caller (``acct-tui export --review``, the Export step)
looks up the last review with ``last_review`` and passes it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from acct_tui import clock, summary
from acct_tui.cadence import is_stale, stale_contact_days
from acct_tui.coach import check_plan, health_score
from acct_tui.diff import diff_markdown, plan_diff
from acct_tui.history import History, HistoryError
from acct_tui.markdown import escape_inline
from acct_tui.model import Metric, Plan, Stakeholder, Tactic
from acct_tui.plan_index import amount, index, is_off_target, is_open, numbering, overdue_tactics, tactics


DUE_SOON_DAYS = 30
"""Tactics due within this many days from today are "due soon"."""


NONE_LINE = "_Nothing here._"

SINCE_TITLE = "Since the last review"


@dataclass(frozen=True)
class LastReview:
    """The plan as it was when a review was last marked held, for "Since the last review"."""

    plan: Plan | None = None
    """That version of the plan; None when there is none to compare with."""
    when: str = ""
    """How the version is named, e.g. "review 2026-10-01"."""
    day: date | None = None
    """The day the review was marked held."""
    problem: str = ""
    """Why there is no version to compare with, when it is not simply "no review yet"."""


def last_review(history: History) -> LastReview:
    """The last review snapshot in ``history`` (a damaged or unreadable one is said, not raised)."""
    try:
        snapshot = history.latest("review")
    except HistoryError as error:
        return LastReview(problem=str(error))
    except OSError as error:
        return LastReview(problem=f"Can't read the plan's history in {history.folder}: {error.strerror or error}")
    if snapshot is None:
        return LastReview()
    when = f"review {snapshot.day.isoformat()}"
    try:
        return LastReview(history.load(snapshot.id), when, snapshot.day)
    except HistoryError as error:
        return LastReview(None, when, snapshot.day, str(error))


def render_review_pack(
    plan: Plan, today: date | None = None, last: LastReview | None = None
) -> str:
    """The review pack for ``plan`` as of ``today`` (default: the current date).

    ``last`` is the plan at its last review (``last_review``); without one the
    "Since the last review" section says no review has been marked yet.
    """
    today = clock.or_today(today)
    sections = [
        _header(plan, today),
        "\n\n".join(summary.summary_lines(summary.summarize(plan, today))),
        _since(plan, last or LastReview(), today),
        _section("Overdue tactics", _tactic_lines(plan, overdue_tactics(plan, today), today)),
        _section(
            f"Tactics due in the next {DUE_SOON_DAYS} days",
            _tactic_lines(plan, due_soon_tactics(plan, today), today),
        ),
        _section("Metrics off target", _metric_lines(plan, metrics_off_target(plan))),
        _section(
            f"Stakeholders not contacted in {stale_contact_days()} days",
            _stakeholder_lines(plan, stakeholders_to_contact(plan, today), today),
        ),
        _section(
            "Coach findings",
            [f"- {escape_inline(finding.message)}" for finding in check_plan(plan, today)],
        ),
    ]
    return "\n\n".join(sections) + "\n"


# --- what goes in the pack: plain selections, reusable by the UI ---


def due_soon_tactics(plan: Plan, today: date, days: int = DUE_SOON_DAYS) -> list[Tactic]:
    """Open tactics due from today to ``days`` days ahead, soonest first."""
    until = today + timedelta(days=days)
    soon = [
        t for t in tactics(plan) if is_open(t) and t.due is not None and today <= t.due <= until
    ]
    return sorted(soon, key=_due)


def _due(tactic: Tactic) -> date:
    """Sort key by due date; callers keep only tactics that have one (none sorts last)."""
    return tactic.due or date.max


def metrics_off_target(plan: Plan) -> list[Metric]:
    """Metrics behind target, in plan order."""
    return [metric for metric in plan.metrics if is_off_target(metric)]


def stakeholders_to_contact(
    plan: Plan, today: date, days: int | None = None
) -> list[Stakeholder]:
    """Stakeholders never contacted, then those last contacted over ``days`` ago, oldest first."""
    stale = [person for person in plan.stakeholders if is_stale(person, today, days)]
    return sorted(stale, key=lambda person: person.last_contact or date.min)


# --- rendering ---


def _since(plan: Plan, last: LastReview, today: date) -> str:
    """What changed from the plan at its last review to now, or why that can't be said."""
    if last.plan is None:
        line = (
            f"_{escape_inline(' '.join(last.problem.split()))}_" if last.problem
            else "_No review has been marked held yet: mark one (ctrl+r in the app) to see what changes after it._"
        )
        return f"## {SINCE_TITLE}\n\n{line}"
    diff = plan_diff(last.plan, plan, today, before_when=last.when, after_when="now")
    title = f"{SINCE_TITLE} ({last.day.isoformat()})" if last.day else SINCE_TITLE
    return diff_markdown(diff, 2, title).rstrip("\n")


def _header(plan: Plan, today: date) -> str:
    facts = [f"Prepared {today.isoformat()}"]
    if plan.owner.strip():
        facts.append(f"account manager {escape_inline(plan.owner)}")
    if plan.review is not None:
        facts.append(f"plan review date {plan.review.isoformat()}")
    facts.append(f"plan health {health_score(plan, today)}/100")
    return f"# Review pack: {escape_inline(plan.name)}\n\n" + "; ".join(facts) + "."


def _section(title: str, lines: Iterable[str]) -> str:
    body = "\n".join(lines) or NONE_LINE
    return f"## {title}\n\n{body}"


def _tactic_lines(plan: Plan, chosen: list[Tactic], today: date) -> list[str]:
    links = index(plan)
    lines = []
    for tactic in chosen:
        details = [f"owner {escape_inline(tactic.owner)}" if tactic.owner.strip() else "no owner"]
        if tactic.due is not None:  # always, for overdue and due-soon tactics
            details.append(f"due {tactic.due.isoformat()} ({_days_from(today, tactic.due)})")
        person = links.stakeholder_of(tactic)
        if person is not None:
            details.append(f"with {escape_inline(person.name)}")
        details.append(tactic.status)
        lines.append(
            f"- {links.labels[tactic.id]}: {escape_inline(tactic.action)} — {', '.join(details)}"
        )
    return lines


def _days_from(today: date, due: date) -> str:
    days = (due - today).days
    if days == 0:
        return "today"
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} late"
    return f"in {days} day{'s' if days != 1 else ''}"


def _metric_lines(plan: Plan, chosen: list[Metric]) -> list[str]:
    labels = numbering(plan)
    goals = {goal.id: goal.title for goal in plan.goals}
    lines = []
    for metric in chosen:
        line = (
            f"- {escape_inline(metric.name)}: {_amount(metric.current, metric.unit)} "
            f"against a target of {_amount(metric.target, metric.unit)}"
        )
        if metric.baseline is not None:
            line += f" (baseline {_amount(metric.baseline, metric.unit)})"
        if metric.goal_id in goals:
            line += f" — {labels[metric.goal_id]}: {escape_inline(goals[metric.goal_id])}"
        lines.append(line)
    return lines


def _amount(value: float | None, unit: str) -> str:
    """``plan_index.amount`` with the unit escaped for Markdown (it is user text)."""
    return amount(value, escape_inline(unit) if unit.strip() else "")


def _stakeholder_lines(plan: Plan, chosen: list[Stakeholder], today: date) -> list[str]:
    lines = []
    for person in chosen:
        who = escape_inline(person.name)
        if person.title.strip():
            who += f", {escape_inline(person.title)}"
        if person.last_contact is None:
            when = "never contacted"
        else:
            days = (today - person.last_contact).days
            when = f"last contact {person.last_contact.isoformat()} ({days} days ago)"
        owner = f"owner {escape_inline(person.owner)}" if person.owner.strip() else "no owner"
        lines.append(f"- {who} — {person.stance}, {person.influence} influence; {when}; {owner}")
    return lines
