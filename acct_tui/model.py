"""The account plan: a tree of immutable, always-valid records.

Every record is a frozen dataclass that validates itself in ``__post_init__``,
so a ``Plan`` that exists is a valid plan: there is no way to hold one with an
empty goal title or an impossible date. Editing makes a new record
(``dataclasses.replace`` re-runs the checks); ``acct_tui.edit`` does that for
nodes deep in the tree by id.

Children are tuples whose position is the node's order. Ids are short random
strings, stable for the life of the node, so links across the chain (a tactic
naming a stakeholder, a strategy citing an analysis answer) survive reordering.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import InitVar, dataclass, field, fields, replace
from datetime import date, datetime, time, timezone
from typing import Any, ClassVar

from acct_tui.text import text_problem

SHORT_MAX = 300
"""Longest one-line field (titles, names, owners), in characters."""

LONG_MAX = 20_000
"""Longest free-text field (answers, vision, notes), in characters."""

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2999, 12, 31)
"""The dates a plan may hold. Wide enough for any plan, narrow enough that a
date, or the ``updated`` time shifted into any time zone, can never overflow
Python's datetime (years 1-9999), which took down every command once."""

TIME_MIN = datetime.combine(DATE_MIN, time.min, timezone.utc)
TIME_MAX = datetime.combine(DATE_MAX, time.max, timezone.utc)

LINKS_MAX = 500
"""Most links one record may hold in a list of links (meetings to goals, ...)."""

NUMBER_MAX = 1e15
"""Largest metric value either side of zero: exact in a float, far beyond any real count."""

ANALYSIS_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("inside", "What is happening inside the account?"),
    ("heading", "Where is the account heading?"),
    ("influencers", "Who are the key influencers?"),
    ("market", "How is the market evolving?"),
    ("competition", "How is the competition evolving?"),
)
"""The five analysis questions: a stable key and the question as asked."""

ANALYSIS_KEYS = tuple(key for key, _ in ANALYSIS_QUESTIONS)

TACTIC_STATUSES = ("open", "doing", "done", "dropped")
INFLUENCE_LEVELS = ("high", "medium", "low")
STANCES = ("champion", "supporter", "neutral", "skeptic", "detractor")
WHITESPACE_STATUSES = ("in use", "open", "competitor", "not a fit")
"""A whitespace cell: they buy it from us, an open opportunity, a competitor has it, or not a fit."""
WHITESPACE_MAX = 40
"""Most business units (rows) or offerings (columns) a whitespace map holds."""

DECISION_ROLES = (
    "decision maker",
    "economic buyer",
    "technical buyer",
    "user",
    "coach",
    "influencer",
    "gatekeeper",
    "other",
)

_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class ValidationError(ValueError):
    """A value the plan refuses, with the field it belongs to and why.

    ``field`` is the user-facing field name; ``str(error)`` is one sentence
    that can be shown beside the field or printed by the CLI.
    """

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


def new_id() -> str:
    """A fresh node id: 10 url-safe characters, unique enough for one plan."""
    return secrets.token_urlsafe(8)[:10].replace("-", "x").replace("_", "y")


def now_utc() -> datetime:
    """The current time, UTC, to the second (what ``updated`` records)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


# --- field checks: pure functions the forms reuse to validate as you type ---


def check_text(
    label: str, value: Any, *, required: bool = False, multiline: bool = False
) -> str:
    """Return ``value`` if it is acceptable text for the field, else raise.

    One-line fields refuse line breaks so that a title is always one line in
    lists, trees and the exported headings. No field may hold a character a
    terminal would act on (``acct_tui.text``): plans come from other people.
    """
    if not isinstance(value, str):
        raise ValidationError(label, f"{label} must be text.")
    limit = LONG_MAX if multiline else SHORT_MAX
    if not multiline and ("\n" in value or "\r" in value):
        raise ValidationError(label, f"{label} must be a single line.")
    problem = text_problem(label, value)  # before "empty": Python's strip() eats some controls (NEL)
    if problem:
        raise ValidationError(label, problem)
    if required and not value.strip():
        raise ValidationError(label, f"{label} can't be empty.")
    if len(value) > limit:
        raise ValidationError(
            label, f"{label} is {len(value):,} characters; the limit is {limit:,}."
        )
    return value


def check_choice(label: str, value: Any, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise naming them."""
    if value not in choices:
        raise ValidationError(
            label, f"{label} must be one of: {', '.join(choices)} (got {value!r})."
        )
    return value


def parse_date(label: str, text: str, *, strict: bool = True) -> date | None:
    """Parse a date written YYYY-MM-DD; empty text means "no date".

    Raises a ValidationError that says what was wrong, so "2026-02-30" gets
    "February 2026 has no day 30"-style help rather than a bare "invalid".
    Typing is ``strict`` (two-digit month and day), so a half-typed
    "2027-02-3" is never taken, and autosaved, as the 3rd; a file edited by
    hand may write "2027-2-3".
    """
    text = text.strip()
    if not text:
        return None
    digits = r"(\d{4})-(\d{2})-(\d{2})" if strict else r"(\d{4})-(\d{1,2})-(\d{1,2})"
    match = re.fullmatch(digits, text)
    if not match:
        raise ValidationError(label, f"{label}: write the date as YYYY-MM-DD, e.g. 2027-03-31.")
    year, month, day = (int(part) for part in match.groups())
    if not DATE_MIN.year <= year <= DATE_MAX.year:
        raise _date_out_of_range(label, text)
    if not 1 <= month <= 12:
        raise ValidationError(label, f"{label}: there is no month {month}.")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            label, f"{label}: {date(year, month, 1):%B %Y} has no day {day}."
        ) from None


def check_date(label: str, value: Any) -> date | None:
    """Accept a ``date`` (not a datetime) in range, ``None``, or a YYYY-MM-DD string."""
    if value is None:
        return None
    if isinstance(value, str):
        return parse_date(label, value, strict=False)
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError(label, f"{label} must be a date (YYYY-MM-DD).")
    if not DATE_MIN <= value <= DATE_MAX:
        raise _date_out_of_range(label, value.isoformat())
    return value


def _date_out_of_range(label: str, shown: str) -> ValidationError:
    return ValidationError(
        label, f"{label}: {shown} is out of range; dates run from {DATE_MIN} to {DATE_MAX}."
    )


def check_timestamp(label: str, value: Any) -> datetime:
    """A time with a time zone, in range, returned in UTC; ISO 8601 text is parsed.

    Normalising to UTC means a stored time can always be shown in any local
    zone: "0001-01-01T00:00:00+14:00" was accepted once, and every later
    ``astimezone()`` of it raised OverflowError.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(
                label, f"{label}: write the time as ISO 8601 with a time zone, e.g. 2026-01-20T09:30:00+00:00."
            ) from None
    if not isinstance(value, datetime):
        raise ValidationError(label, f"{label} must be a time with a time zone.")
    if value.utcoffset() is None:
        raise ValidationError(label, f"{label} must be a time with a time zone, e.g. +00:00.")
    try:
        utc = value.astimezone(timezone.utc)
    except OverflowError:
        utc = None
    if utc is None or not TIME_MIN <= utc <= TIME_MAX:
        raise ValidationError(
            label,
            f"{label}: {value.isoformat()} is out of range; times run from {DATE_MIN} to {DATE_MAX} (UTC).",
        )
    return utc


def check_id(value: Any) -> str:
    """Ids are short, url-safe strings; anything else is a corrupt record."""
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise ValidationError("id", f"Not a valid id: {value!r}.")
    return value


def check_flag(label: str, value: Any, *, unset: bool = False) -> bool | None:
    """A yes/no field: True or False, or None when ``unset`` allows "not decided"."""
    if value is None and unset:
        return None
    if not isinstance(value, bool):
        raise ValidationError(label, f"{label} must be true or false{' or null' if unset else ''}.")
    return value


def check_links(label: str, value: Any, *, not_to: str = "") -> tuple[str, ...]:
    """A list of ids (links to other records), deduplicated, in order; never ``not_to`` (itself).

    A link to an id the plan does not hold is kept (a merge or a delete may
    leave one): readers skip it and the coach can say so.
    """
    if isinstance(value, str) or not isinstance(value, (tuple, list)):
        raise ValidationError(label, f"{label} must be a list of ids.")
    if len(value) > LINKS_MAX:
        raise ValidationError(label, f"{label} has {len(value):,} links; the limit is {LINKS_MAX:,}.")
    links = tuple(dict.fromkeys(check_id(link) for link in value))
    if not_to and not_to in links:
        raise ValidationError(label, f"{label} can't link an item to itself.")
    return links


def _check_children(label: str, value: Any, kind: type) -> tuple:
    """Children must be a tuple of ``kind`` with no repeated id."""
    if isinstance(value, list):
        value = tuple(value)
    if not isinstance(value, tuple) or not all(isinstance(v, kind) for v in value):
        raise ValidationError(label, f"{label} must be a list of {kind.__name__}.")
    ids = [child.id for child in value]
    if len(set(ids)) != len(ids):
        raise ValidationError(label, f"{label} has two entries with the same id.")
    return value


def _set(obj: object, name: str, value: Any) -> None:
    """Store a normalised value on a frozen dataclass during validation."""
    object.__setattr__(obj, name, value)


# --- the records ---


@dataclass(frozen=True)
class Tactic:
    """A very specific step, with an owner and a date, that drives an initiative."""

    KIND: ClassVar[str] = "tactic"
    action: str
    owner: str = ""
    due: date | None = None
    status: str = "open"
    stakeholder_id: str = ""
    """The stakeholder this tactic works on, if any (a link, by id). The one link
    between tactics and people: while the tactic is not dropped, it also
    mitigates that stakeholder (``acct_tui.plan_index``)."""
    shared: bool | None = None
    """Shared with the customer: True or False as the user set it, None for
    the default by kind and content (``acct_tui.sharing``)."""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        check_id(self.id)
        _set(self, "shared", check_flag("Shared with the customer", self.shared, unset=True))
        check_text("Tactic", self.action, required=True)
        check_text("Owner", self.owner)
        _set(self, "due", check_date("Due date", self.due))
        check_choice("Status", self.status, TACTIC_STATUSES)
        if self.stakeholder_id:
            check_id(self.stakeholder_id)

    @property
    def title(self) -> str:
        return self.action


@dataclass(frozen=True)
class Initiative:
    """A clear path forward for a strategy; tactics drive it."""

    KIND: ClassVar[str] = "initiative"
    title: str
    tactics: tuple[Tactic, ...] = ()
    shared: bool | None = None
    """Shared with the customer: True or False as the user set it, None for
    the default by kind and content (``acct_tui.sharing``)."""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        check_id(self.id)
        _set(self, "shared", check_flag("Shared with the customer", self.shared, unset=True))
        check_text("Initiative", self.title, required=True)
        _set(self, "tactics", _check_children("Tactics", self.tactics, Tactic))

    @property
    def children(self) -> tuple[Tactic, ...]:
        return self.tactics


@dataclass(frozen=True)
class Strategy:
    """The approach that turns one goal into reality (plan two or three per goal)."""

    KIND: ClassVar[str] = "strategy"
    title: str
    initiatives: tuple[Initiative, ...] = ()
    analysis_refs: tuple[str, ...] = ()
    """Keys of the analysis answers this strategy responds to."""
    shared: bool | None = None
    """Shared with the customer: True or False as the user set it, None for
    the default by kind and content (``acct_tui.sharing``)."""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        check_id(self.id)
        _set(self, "shared", check_flag("Shared with the customer", self.shared, unset=True))
        check_text("Strategy", self.title, required=True)
        _set(self, "initiatives", _check_children("Initiatives", self.initiatives, Initiative))
        if isinstance(self.analysis_refs, str) or not isinstance(self.analysis_refs, (tuple, list)):
            raise ValidationError(
                "Analysis references", "Analysis references must be a list of analysis keys."
            )
        refs = tuple(self.analysis_refs)
        for ref in refs:
            check_choice("Analysis reference", ref, ANALYSIS_KEYS)
        _set(self, "analysis_refs", tuple(dict.fromkeys(refs)))

    @property
    def children(self) -> tuple[Initiative, ...]:
        return self.initiatives


@dataclass(frozen=True)
class Goal:
    """A specific objective for the account: measurable and dated."""

    KIND: ClassVar[str] = "goal"
    title: str
    measure: str = ""
    """How success is measured, with the target (e.g. "+10% revenue")."""
    due: date | None = None
    strategies: tuple[Strategy, ...] = ()
    joint: bool = False
    """A joint goal, agreed with the customer (it leads the customer edition)."""
    customer_owner: str = ""
    """Who on the customer's side owns a joint goal."""
    commitments: str = ""
    """What each side commits to for a joint goal."""
    shared: bool | None = None
    """Shared with the customer: True or False as the user set it, None for
    the default by kind and content (``acct_tui.sharing``)."""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        check_id(self.id)
        _set(self, "shared", check_flag("Shared with the customer", self.shared, unset=True))
        _set(self, "joint", check_flag("Joint goal", self.joint))
        check_text("Customer owner", self.customer_owner)
        check_text("Commitments", self.commitments, multiline=True)
        check_text("Goal", self.title, required=True)
        check_text("Measure", self.measure)
        _set(self, "due", check_date("Due date", self.due))
        _set(self, "strategies", _check_children("Strategies", self.strategies, Strategy))

    @property
    def children(self) -> tuple[Strategy, ...]:
        return self.strategies


@dataclass(frozen=True)
class Stakeholder:
    """A person who matters in the account, and how the relationship stands."""

    KIND: ClassVar[str] = "stakeholder"
    name: str
    title: str = ""
    role: str = "other"
    influence: str = "medium"
    stance: str = "neutral"
    owner: str = ""
    """Who on our side manages this relationship."""
    last_contact: date | None = None
    notes: str = ""
    mitigation_tactic_id: InitVar[str] = ""
    """Not stored: the old second link, "the tactic that mitigates them". Files
    of format version 1 and older code still give it; the plan they are put
    into moves it onto the tactic's own link (see ``Plan``), so the link is
    kept in one place. A stakeholder is mitigated by the live tactics that
    work on them (``acct_tui.plan_index``)."""
    reports_to_id: str = ""
    """The stakeholder this person reports to (a link, by id): the org chart."""
    next_step: str = ""
    """The next step with this person."""
    influence_ids: tuple[str, ...] = ()
    """The stakeholders this person influences (links, by id)."""
    goal_ids: tuple[str, ...] = ()
    """The goals whose decisions this person has a say in (links, by id)."""
    shared: bool | None = None
    """Shared with the customer: True or False as the user set it, None for
    the default by kind and content (``acct_tui.sharing``)."""
    id: str = field(default_factory=new_id)

    def __post_init__(self, mitigation_tactic_id: str) -> None:
        check_id(self.id)
        _set(self, "shared", check_flag("Shared with the customer", self.shared, unset=True))
        if self.reports_to_id:
            check_id(self.reports_to_id)
            if self.reports_to_id == self.id:
                raise ValidationError("Reports to", "A person can't report to themselves.")
        check_text("Next step", self.next_step)
        _set(self, "influence_ids", check_links("Influences", self.influence_ids, not_to=self.id))
        _set(self, "goal_ids", check_links("Has a say in goals", self.goal_ids))
        check_text("Name", self.name, required=True)
        check_text("Job title", self.title)
        check_choice("Role", self.role, DECISION_ROLES)
        check_choice("Influence", self.influence, INFLUENCE_LEVELS)
        check_choice("Stance", self.stance, STANCES)
        check_text("Relationship owner", self.owner)
        _set(self, "last_contact", check_date("Last contact", self.last_contact))
        check_text("Notes", self.notes, multiline=True)
        if mitigation_tactic_id:
            _set(self, "_old_mitigation", check_id(mitigation_tactic_id))


@dataclass(frozen=True)
class Meeting:
    """A recurring meeting or event in the account's cadence."""

    KIND: ClassVar[str] = "meeting"
    name: str
    frequency: str = ""
    attendees: str = ""
    purpose: str = ""
    next_date: date | None = None
    goal_ids: tuple[str, ...] = ()
    """The goals this meeting reviews (links, by id)."""
    stakeholder_ids: tuple[str, ...] = ()
    """The stakeholders this meeting serves (links, by id)."""
    shared: bool | None = None
    """Shared with the customer: True or False as the user set it, None for
    the default by kind and content (``acct_tui.sharing``)."""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        check_id(self.id)
        _set(self, "shared", check_flag("Shared with the customer", self.shared, unset=True))
        _set(self, "goal_ids", check_links("Reviews goals", self.goal_ids))
        _set(self, "stakeholder_ids", check_links("Serves stakeholders", self.stakeholder_ids))
        check_text("Meeting", self.name, required=True)
        check_text("Frequency", self.frequency)
        check_text("Attendees", self.attendees)
        check_text("Purpose", self.purpose)
        _set(self, "next_date", check_date("Next date", self.next_date))


@dataclass(frozen=True)
class Metric:
    """A number that shows progress, optionally tied to one goal."""

    KIND: ClassVar[str] = "metric"
    name: str
    baseline: float | None = None
    target: float | None = None
    current: float | None = None
    unit: str = ""
    goal_id: str = ""
    shared: bool | None = None
    """Shared with the customer: True or False as the user set it, None for
    the default by kind and content (``acct_tui.sharing``)."""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        check_id(self.id)
        _set(self, "shared", check_flag("Shared with the customer", self.shared, unset=True))
        check_text("Metric", self.name, required=True)
        for label in ("baseline", "target", "current"):
            _set(self, label, check_number(label.capitalize(), getattr(self, label)))
        check_text("Unit", self.unit)
        if self.goal_id:
            check_id(self.goal_id)


@dataclass(frozen=True)
class SellingTool:
    """Something that helps sell more efficiently in this account."""

    KIND: ClassVar[str] = "tool"
    name: str
    purpose: str = ""
    used_by_ids: tuple[str, ...] = ()
    """The strategies or tactics that use this tool (links, by id)."""
    shared: bool | None = None
    """Shared with the customer: True or False as the user set it, None for
    the default by kind and content (``acct_tui.sharing``)."""
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        check_id(self.id)
        _set(self, "shared", check_flag("Shared with the customer", self.shared, unset=True))
        _set(self, "used_by_ids", check_links("Used by", self.used_by_ids))
        check_text("Tool", self.name, required=True)
        check_text("Purpose", self.purpose, multiline=True)


def check_number(label: str, value: Any) -> float | None:
    """Accept a finite int/float within ±NUMBER_MAX, a numeric string, or None/"" for "not set".

    Huge integers are compared before ``float()`` sees them, which would
    raise OverflowError for one of 400 digits.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = float(value.strip().replace(",", ""))
        except ValueError:
            raise ValidationError(label, f"{label} must be a number, e.g. 12.5.") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(label, f"{label} must be a number.")
    if value != value:
        raise ValidationError(label, f"{label} must be a finite number.")
    if not -NUMBER_MAX <= value <= NUMBER_MAX:
        raise ValidationError(
            label, f"{label} must be between {-NUMBER_MAX:,.0f} and {NUMBER_MAX:,.0f}."
        )
    return float(value)


@dataclass(frozen=True)
class Vision:
    """Where the account should be in a few years, and why."""

    statement: str = ""
    why: str = ""

    def __post_init__(self) -> None:
        check_text("Vision", self.statement, multiline=True)
        check_text("Why", self.why, multiline=True)

@dataclass(frozen=True)
class WhitespaceCell:
    """One cell of the whitespace map: a business unit × one of our offerings."""

    unit: str
    offering: str
    status: str = "open"
    """One of WHITESPACE_STATUSES."""
    value: float | None = None
    """Estimated value of the cell (in the plan's currency, as the user writes it)."""
    pursued_by_id: str = ""
    """The goal or strategy that pursues an open opportunity (a link, by id)."""

    def __post_init__(self) -> None:
        check_text("Business unit", self.unit, required=True)
        check_text("Offering", self.offering, required=True)
        check_choice("Status", self.status, WHITESPACE_STATUSES)
        _set(self, "value", check_number("Value", self.value))
        if self.pursued_by_id:
            check_id(self.pursued_by_id)


@dataclass(frozen=True)
class Whitespace:
    """The whitespace map: the customer's business units (rows) × our offerings (columns).

    Cells name their row and column by text; a cell for a unit or offering
    the map does not list is refused, so renaming one renames its cells
    (``acct_tui.whitespace``). An empty cell is "not assessed yet".
    """

    units: tuple[str, ...] = ()
    offerings: tuple[str, ...] = ()
    cells: tuple[WhitespaceCell, ...] = ()

    def __post_init__(self) -> None:
        _set(self, "units", _check_names("Business units", self.units, "Business unit"))
        _set(self, "offerings", _check_names("Offerings", self.offerings, "Offering"))
        cells = _as_tuple("Whitespace cells", self.cells)
        seen: set[tuple[str, str]] = set()
        clean = []
        for index, cell in enumerate(cells):
            if isinstance(cell, dict):
                try:
                    cell = WhitespaceCell(**cell)
                except TypeError:
                    raise ValidationError(
                        "Whitespace cells", f"Whitespace cell {index + 1} has unknown or missing fields."
                    ) from None
            if not isinstance(cell, WhitespaceCell):
                raise ValidationError("Whitespace cells", f"Whitespace cell {index + 1} must be an object.")
            if cell.unit not in self.units or cell.offering not in self.offerings:
                raise ValidationError(
                    "Whitespace cells",
                    f"Whitespace cell {index + 1} is for {cell.unit!r} × {cell.offering!r}, "
                    "which the map's units and offerings don't list.",
                )
            if (cell.unit, cell.offering) in seen:
                raise ValidationError(
                    "Whitespace cells", f"The whitespace map has two cells for {cell.unit!r} × {cell.offering!r}."
                )
            seen.add((cell.unit, cell.offering))
            clean.append(cell)
        _set(self, "cells", tuple(clean))

    @classmethod
    def coerce(cls, value: Any) -> Whitespace:
        """A Whitespace from itself or from plan data (a dict, as JSON and diffs give it)."""
        if isinstance(value, Whitespace):
            return value
        if not isinstance(value, dict):
            raise ValidationError("Whitespace map", "Whitespace map must be an object.")
        unknown = sorted(set(value) - {"units", "offerings", "cells"})
        if unknown:
            raise ValidationError("Whitespace map", f"Whitespace map: unknown field {unknown[0]!r}.")
        return cls(**value)

    def cell(self, unit: str, offering: str) -> WhitespaceCell | None:
        """The cell at ``unit`` × ``offering``, or None when not assessed yet."""
        return next((c for c in self.cells if c.unit == unit and c.offering == offering), None)


def _as_tuple(label: str, value: Any) -> tuple:
    if isinstance(value, list):
        value = tuple(value)
    if not isinstance(value, tuple):
        raise ValidationError(label, f"{label} must be a list.")
    return value


def _check_names(label: str, value: Any, noun: str) -> tuple[str, ...]:
    """Row or column names: one-line text, not empty, unique (ignoring case), at most WHITESPACE_MAX."""
    names = _as_tuple(label, value)
    if len(names) > WHITESPACE_MAX:
        raise ValidationError(label, f"{label}: {len(names)} listed; the limit is {WHITESPACE_MAX}.")
    seen: set[str] = set()
    for name in names:
        check_text(noun, name, required=True)
        if name.strip().casefold() in seen:
            raise ValidationError(label, f"{label}: {name!r} is listed twice.")
        seen.add(name.strip().casefold())
    return names


@dataclass(frozen=True)
class Plan:
    """One account's whole plan: facts, analysis, vision, the goal tree and governance."""

    name: str
    """The account's name, e.g. "Northwind Health"."""
    industry: str = ""
    owner: str = ""
    """The account manager who owns the plan."""
    start: date | None = None
    review: date | None = None
    """When the plan is next reviewed."""
    reviewed: date | None = None
    """The day a review of the plan was last marked held (``acct_tui.history``
    keeps the snapshot taken then, with its note)."""
    analysis: dict[str, str] = field(default_factory=dict)
    vision: Vision = field(default_factory=Vision)
    goals: tuple[Goal, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    metrics: tuple[Metric, ...] = ()
    tools: tuple[SellingTool, ...] = ()
    whitespace: Whitespace = field(default_factory=Whitespace)
    """The whitespace map (units × offerings), between the analysis and the vision."""
    risks: str = ""
    """Risks the account manager names for leadership (the executive summary adds
    the ones the plan shows: detractors, overdue tactics, metrics off target)."""
    asks: str = ""
    """Resources or help needed from leadership (the executive summary's asks)."""
    updated: datetime = field(default_factory=now_utc)
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        check_id(self.id)
        check_text("Account name", self.name, required=True)
        check_text("Industry", self.industry)
        check_text("Owner", self.owner)
        _set(self, "start", check_date("Start date", self.start))
        _set(self, "review", check_date("Review date", self.review))
        if self.start and self.review and self.review < self.start:
            raise ValidationError("Review date", "Review date can't be before the start date.")
        _set(self, "reviewed", check_date("Last review held", self.reviewed))
        _set(self, "analysis", _check_analysis(self.analysis))
        if not isinstance(self.vision, Vision):
            raise ValidationError("Vision", "Vision must be a Vision record.")
        _set(self, "goals", _check_children("Goals", self.goals, Goal))
        _set(self, "stakeholders", _check_children("Stakeholders", self.stakeholders, Stakeholder))
        _set(self, "meetings", _check_children("Meetings", self.meetings, Meeting))
        _set(self, "metrics", _check_children("Metrics", self.metrics, Metric))
        _set(self, "tools", _check_children("Selling tools", self.tools, SellingTool))
        _set(self, "whitespace", Whitespace.coerce(self.whitespace))
        check_text("Risks", self.risks, multiline=True)
        check_text("Asks", self.asks, multiline=True)
        _adopt_old_mitigation_links(self)
        _check_unique_ids(self)
        _set(self, "updated", check_timestamp("Updated", self.updated))

    @property
    def children(self) -> tuple[Goal, ...]:
        return self.goals

    def answer(self, key: str) -> str:
        """The answer to analysis question ``key`` ("" if unanswered)."""
        return self.analysis.get(key, "")


def _check_analysis(value: Any) -> dict[str, str]:
    """Analysis answers keyed by question; unknown keys are refused."""
    if not isinstance(value, dict):
        raise ValidationError("Analysis", "Analysis must map questions to answers.")
    clean: dict[str, str] = {}
    for key in ANALYSIS_KEYS:
        if key in value:
            clean[key] = check_text(question_text(key), value[key], multiline=True)
    unknown = set(value) - set(ANALYSIS_KEYS)
    if unknown:
        raise ValidationError(
            "Analysis", f"Unknown analysis question: {sorted(map(str, unknown))[0]!r}."
        )
    return clean


def _adopt_old_mitigation_links(plan: Plan) -> None:
    """Move old "mitigated by" links (``Stakeholder(mitigation_tactic_id=...)``) onto the tactics.

    A named tactic that works on nobody yet now works on that stakeholder. One
    that already works on someone else (or that a second stakeholder named too)
    keeps the link it has: a tactic works on one person. The link that could
    not move is not lost silently: a line in that stakeholder's notes says
    which tactic mitigated them, and the coach flags the detractor, so the user
    sees and decides. A link to a tactic that does not exist is dropped, as it
    was never valid. The stakeholders are kept without the old link, so it is
    applied once.
    """
    asked = [(person.id, old) for person in plan.stakeholders if (old := person.__dict__.get("_old_mitigation"))]
    if not asked:
        return
    by_id = {t.id: t for g in plan.goals for s in g.strategies for i in s.initiatives for t in i.tactics}
    wanted: dict[str, str] = {}
    unmoved: dict[str, str] = {}
    for person_id, tactic_id in asked:
        tactic = by_id.get(tactic_id)
        if tactic is None:
            continue
        if tactic.stakeholder_id == person_id:
            continue  # the tactic already works on them: the same link, stated twice
        if tactic.stakeholder_id or tactic_id in wanted:
            unmoved[person_id] = tactic.action
        else:
            wanted[tactic_id] = person_id

    def adopt(tactic: Tactic) -> Tactic:
        if tactic.id in wanted:
            return replace(tactic, stakeholder_id=wanted[tactic.id])
        return tactic

    def without_old_link(person: Stakeholder) -> Stakeholder:
        if person.id not in unmoved:
            return replace(person)
        line = f"Mitigated by the tactic “{unmoved[person.id]}” (an older acct-tui link; that tactic works on someone else now)."
        notes = f"{person.notes.rstrip()}\n{line}" if person.notes.strip() else line
        return replace(person, notes=notes[:LONG_MAX])

    goals = tuple(
        replace(goal, strategies=tuple(
            replace(strategy, initiatives=tuple(
                replace(initiative, tactics=tuple(adopt(t) for t in initiative.tactics))
                for initiative in strategy.initiatives
            ))
            for strategy in goal.strategies
        ))
        for goal in plan.goals
    )
    _set(plan, "goals", goals)
    _set(plan, "stakeholders", tuple(
        without_old_link(person) if "_old_mitigation" in person.__dict__ else person
        for person in plan.stakeholders
    ))


_ids_checked: tuple[tuple[Any, ...], ...] = ()
"""The child tuples of the last plan whose ids were checked (held, so their ids stay theirs)."""


def _check_unique_ids(plan: Plan) -> None:
    """One id names one record in the whole plan, whatever its kind.

    Editing finds a record by id alone: with a tactic id in two branches,
    deleting the second deleted the first, and a stakeholder sharing a goal's
    id opened the goal in the stakeholder form.

    Records are immutable, so a plan holding the very same child tuples as the
    last plan checked holds the same ids: a keystroke in a field (a new plan
    with the same goals) skips the walk, which costs 30 ms at 20,000 tactics.
    """
    global _ids_checked
    children = (plan.goals, plan.stakeholders, plan.meetings, plan.metrics, plan.tools)
    if len(children) == len(_ids_checked) and all(a is b for a, b in zip(children, _ids_checked)):
        return
    seen: dict[str, str] = {}
    for node_id, path in _id_paths(plan, ""):
        if node_id in seen:
            raise ValidationError(
                "Id",
                f"The id {node_id!r} is used twice: by {seen[node_id]} and by {path}; "
                "ids must be unique across the plan.",
            )
        seen[node_id] = path
    _ids_checked = children


def _id_paths(parent: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every record's id below ``parent`` with its path, e.g. ``goals[0].strategies[1]``."""
    for name in CHILD_FIELDS.get(type(parent), ()):
        for index, child in enumerate(getattr(parent, name)):
            where = f"{path}{name}[{index}]"
            yield child.id, where
            yield from _id_paths(child, where + ".")


def question_text(key: str) -> str:
    """The wording of analysis question ``key``."""
    return dict(ANALYSIS_QUESTIONS)[key]


CHILD_FIELDS: dict[type, tuple[str, ...]] = {
    Plan: ("goals", "stakeholders", "meetings", "metrics", "tools"),
    Goal: ("strategies",),
    Strategy: ("initiatives",),
    Initiative: ("tactics",),
}
"""Which tuple fields of each record hold child records."""

NODE_TYPES: tuple[type, ...] = (Goal, Strategy, Initiative, Tactic)
"""The goal tree, top down: each level's children are the next type."""


def field_names(record: type) -> list[str]:
    """Field names of a record type, in declaration order."""
    return [f.name for f in fields(record)]
