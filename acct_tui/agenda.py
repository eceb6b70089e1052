"""The agenda across every plan: what is overdue, what is coming, who has gone quiet.

Due dates, meetings and review dates are scattered across plans; the
agenda gathers them for the accounts screen and ``acct-tui agenda``:

* open tactics (not done, not dropped) that are overdue or due within ``days``,
  with their owner and their chain ("Goal 1 › Strategy 1.2 › Initiative 1.2.1");
* meetings whose next date is within ``days``, or has passed (never moved on);
* plans whose review date has passed or is within ``days``;
* stakeholders not contacted for more than ``stale_days`` days, or never
  (no last contact recorded: nobody can say when we last spoke, which is
  worse than a date). Key people (decision-makers, economic buyers,
  champions) come first, then the longest silent.

``build_agenda`` is a pure function of the plans and ``today``; the text and
JSON renderers are here, the iCalendar one in ``acct_tui.ics``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterable, Iterator

from acct_tui.cadence import is_key_contact, is_stale, stale_contact_days
from acct_tui.model import Plan
from acct_tui.plan_index import index, is_open

DEFAULT_DAYS = 14
"""How far ahead the agenda looks by default (two weeks)."""

KINDS = ("tactic", "meeting", "review", "contact")

CHAIN_SEPARATOR = " › "


@dataclass(frozen=True)
class AgendaItem:
    """One thing on the agenda, with where it lives so the app can open it.

    Text fields hold user text: show them literally (never as markup).
    """

    kind: str
    """tactic, meeting, review or contact."""
    when: date | None
    """Due date, next meeting date, review date, or last contact (None: never contacted)."""
    title: str
    """The tactic's action, the meeting's name, "Plan review", or the stakeholder's name."""
    plan_id: str
    plan_name: str
    item_id: str
    """The tactic, meeting or stakeholder id; the plan id for a review."""
    step: str
    """The wizard step where it is fixed: tactics, cadence, facts or relationships."""
    owner: str = ""
    """Who acts: the tactic's owner, the relationship owner, the plan owner for a review."""
    chain: str = ""
    """For a tactic: "Goal 1 › Strategy 1.2 › Initiative 1.2.1"."""
    detail: str = ""
    """A tactic's label and status, a meeting's frequency, a contact's job title, role and stance."""
    overdue: bool = False
    """The date has passed (a contact is never "overdue": it is stale)."""
    key: bool = False
    """A contact who is a decision-maker, economic buyer or champion (``cadence.is_key_contact``)."""

    @property
    def node_id(self) -> str:
        """What the wizard selects in ``step``: the item, or the review date field."""
        return "review" if self.kind == "review" else self.item_id

    def to_dict(self) -> dict[str, Any]:
        """Stable keys, ISO dates: the JSON format's item."""
        return {
            "kind": self.kind,
            "date": self.when.isoformat() if self.when else None,
            "title": self.title,
            "overdue": self.overdue,
            "key": self.key,
            "owner": self.owner,
            "chain": self.chain,
            "detail": self.detail,
            "plan": {"id": self.plan_id, "name": self.plan_name},
            "id": self.item_id,
            "step": self.step,
        }


@dataclass(frozen=True)
class Agenda:
    """Everything coming up across the plans on ``today``, looking ``days`` ahead."""

    today: date
    days: int
    stale_days: int
    tactics: tuple[AgendaItem, ...] = ()
    """Overdue and upcoming open tactics, soonest first."""
    meetings: tuple[AgendaItem, ...] = ()
    """Next meetings (and ones whose date passed), soonest first."""
    reviews: tuple[AgendaItem, ...] = ()
    """Plans whose review date has passed or is near, soonest first."""
    contacts: tuple[AgendaItem, ...] = ()
    """Stale contacts: key people first, then the longest silent."""

    @property
    def dated(self) -> tuple[AgendaItem, ...]:
        """Tactics and meetings together, soonest first (ties: plan, then kind)."""
        return tuple(sorted((*self.tactics, *self.meetings), key=_date_order))

    def sections(self) -> list[tuple[str, tuple[AgendaItem, ...]]]:
        """The agenda as the text shows it: Overdue, This week, Later, Reviews, Stale contacts.

        "This week" is today and the six days after it. Empty sections are left out.
        """
        week_end = self.today + timedelta(days=6)
        dated = self.dated
        groups = [
            ("Overdue", tuple(item for item in dated if item.overdue)),
            ("This week", tuple(item for item in dated if not item.overdue and item.when and item.when <= week_end)),
            ("Later", tuple(item for item in dated if item.when and item.when > week_end)),
            ("Reviews", self.reviews),
            ("Stale contacts", self.contacts),
        ]
        return [(title, items) for title, items in groups if items]

    def by_urgency(self) -> tuple[AgendaItem, ...]:
        """One list for a small panel: tactics, meetings and reviews soonest first (so
        everything overdue comes first), then the stale contacts."""
        dated = sorted((*self.tactics, *self.meetings, *self.reviews), key=_date_order)
        return (*dated, *self.contacts)


def build_agenda(
    plans: Iterable[Plan], today: date, days: int = DEFAULT_DAYS, stale_days: int | None = None
) -> Agenda:
    """The agenda of ``plans`` on ``today``: overdue, due within ``days``, stale after ``stale_days``
    (``cadence.stale_contact_days()`` if not given)."""
    stale_days = stale_contact_days() if stale_days is None else stale_days
    if days < 0 or stale_days < 0:
        raise ValueError("days and stale_days can't be negative")
    horizon = today + timedelta(days=days)
    plans = sorted(plans, key=lambda plan: (plan.name.casefold(), plan.id))
    tactics: list[AgendaItem] = []
    meetings: list[AgendaItem] = []
    reviews: list[AgendaItem] = []
    contacts: list[AgendaItem] = []
    for plan in plans:
        tactics += (item for item in _tactic_items(plan, today) if item.when and item.when <= horizon)
        meetings += (item for item in _meeting_items(plan, today) if item.when and item.when <= horizon)
        if plan.review is not None and plan.review <= horizon:
            reviews.append(_review_item(plan, today))
        contacts += _contact_items(plan, today, stale_days)
    return Agenda(
        today=today,
        days=days,
        stale_days=stale_days,
        tactics=tuple(sorted(tactics, key=_date_order)),
        meetings=tuple(sorted(meetings, key=_date_order)),
        reviews=tuple(sorted(reviews, key=_date_order)),
        contacts=tuple(sorted(contacts, key=_contact_order)),
    )


def _date_order(item: AgendaItem) -> tuple[Any, ...]:
    return (item.when or date.max, item.plan_name.casefold(), item.plan_id, KINDS.index(item.kind))


def _contact_order(item: AgendaItem) -> tuple[Any, ...]:
    return (not item.key, item.when or date.min, item.plan_name.casefold(), item.title.casefold())


def _tactic_items(plan: Plan, today: date) -> Iterator[AgendaItem]:
    """Open tactics with a due date (done and dropped ones are finished: never listed)."""
    links = index(plan)
    parents = _tactic_parents(plan)
    for tactic in links.tactics:
        if not is_open(tactic) or tactic.due is None:
            continue
        chain = CHAIN_SEPARATOR.join(links.labels[node_id] for node_id in parents[tactic.id])
        yield AgendaItem(
            kind="tactic",
            when=tactic.due,
            title=tactic.action,
            plan_id=plan.id,
            plan_name=plan.name,
            item_id=tactic.id,
            step="tactics",
            owner=tactic.owner,
            chain=chain,
            detail=f"{links.labels[tactic.id]} · {tactic.status}",
            overdue=tactic.due < today,
        )


def _tactic_parents(plan: Plan) -> dict[str, tuple[str, str, str]]:
    """Each tactic's goal, strategy and initiative ids, by tactic id."""
    return {
        tactic.id: (goal.id, strategy.id, initiative.id)
        for goal in plan.goals
        for strategy in goal.strategies
        for initiative in strategy.initiatives
        for tactic in initiative.tactics
    }


def _meeting_items(plan: Plan, today: date) -> Iterator[AgendaItem]:
    for meeting in plan.meetings:
        if meeting.next_date is None:
            continue
        yield AgendaItem(
            kind="meeting",
            when=meeting.next_date,
            title=meeting.name,
            plan_id=plan.id,
            plan_name=plan.name,
            item_id=meeting.id,
            step="cadence",
            detail=meeting.frequency,
            overdue=meeting.next_date < today,
        )


def _review_item(plan: Plan, today: date) -> AgendaItem:
    assert plan.review is not None
    return AgendaItem(
        kind="review",
        when=plan.review,
        title="Plan review",
        plan_id=plan.id,
        plan_name=plan.name,
        item_id=plan.id,
        step="facts",
        owner=plan.owner,
        overdue=plan.review < today,
    )


def _contact_items(plan: Plan, today: date, stale_days: int) -> Iterator[AgendaItem]:
    for person in plan.stakeholders:
        if not is_stale(person, today, stale_days):
            continue
        about = [part for part in (person.title, person.role, person.stance) if part]
        yield AgendaItem(
            kind="contact",
            when=person.last_contact,
            title=person.name,
            plan_id=plan.id,
            plan_name=plan.name,
            item_id=person.id,
            step="relationships",
            owner=person.owner,
            detail=" · ".join(about),
            key=is_key_contact(person),
        )


# --- renderers ---------------------------------------------------------------


def item_line(item: AgendaItem, today: date) -> str:
    """One item as one line: date, what, plan (and owner); user text as given."""
    when = _when(item, today)
    what = {
        "tactic": f"{item.title}",
        "meeting": f"Meeting: {item.title}",
        "review": "Plan review",
        "contact": f"{item.title}",
    }[item.kind]
    line = f"{when}  {item.plan_name}: {what}"
    if item.owner and item.kind != "review":
        line += f" — {item.owner}"
    return line


def _when(item: AgendaItem, today: date) -> str:
    if item.kind == "contact":
        if item.when is None:
            return "never contacted"
        return f"last {item.when.isoformat()} ({(today - item.when).days} days ago)"
    assert item.when is not None
    return f"{item.when:%a} {item.when.isoformat()}"


def render_text(agenda: Agenda) -> str:
    """A readable terminal listing, grouped by Overdue / This week / Later / Reviews / Stale contacts."""
    lines = [f"Agenda for {agenda.today:%a} {agenda.today.isoformat()}: overdue and the next {agenda.days} days"]
    sections = agenda.sections()
    if not sections:
        lines += ["", "Nothing overdue, nothing due, nobody gone quiet."]
    for title, items in sections:
        heading = title if title != "Stale contacts" else f"Stale contacts (over {agenda.stale_days} days)"
        lines += ["", f"{heading} ({len(items)})"]
        for item in items:
            mark = "⚠ " if item.overdue else "★ " if item.key else "  "
            lines.append(f"{mark}{item_line(item, agenda.today)}")
            detail = _detail_line(item)
            if detail:
                lines.append(f"      {detail}")
    return "\n".join(lines) + "\n"


def _detail_line(item: AgendaItem) -> str:
    if item.kind == "tactic":
        return f"{item.detail} · {item.chain}"
    if item.kind == "review":
        return f"owner: {item.owner}" if item.owner else ""
    return item.detail


def render_json(agenda: Agenda) -> str:
    """The agenda as JSON: stable keys, ISO dates, one list per kind."""
    doc = {
        "today": agenda.today.isoformat(),
        "days": agenda.days,
        "stale_days": agenda.stale_days,
        "tactics": [item.to_dict() for item in agenda.tactics],
        "meetings": [item.to_dict() for item in agenda.meetings],
        "reviews": [item.to_dict() for item in agenda.reviews],
        "stale_contacts": [item.to_dict() for item in agenda.contacts],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
