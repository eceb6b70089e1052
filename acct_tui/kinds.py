"""The registry of record kinds: one entry per kind of item a plan holds.

Where each kind lives in the plan (its parent and the collection that holds
it), what the user calls it, which wizard step edits it and what its form
asks for used to be written out in six places (edit, JSON, forms, tree,
tables, model). Everything now asks here. The structure itself (which
fields of a record hold children) is the model's ``CHILD_FIELDS``: the
parent and collection of each kind are read from it, not written again.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass

from acct_tui.model import (
    CHILD_FIELDS,
    DECISION_ROLES,
    INFLUENCE_LEVELS,
    STANCES,
    TACTIC_STATUSES,
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    SellingTool,
    Stakeholder,
    Strategy,
    Tactic,
)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form: the record attribute, its label and how it is typed."""

    name: str
    label: str
    kind: str = "text"
    """text | long | date | number | choice | ref (a link: choices come from the plan)
    | flag (yes or no) | refs (a multi-pick of analysis answers) | links (a multi-pick of records: ``targets``)."""
    required: bool = False
    placeholder: str = ""
    choices: tuple[str, ...] = ()
    stored: bool = True
    """False for a link kept on the other record: the stakeholder's "Mitigating
    tactic" is the tactic's own "Works on stakeholder" seen from the other side."""
    targets: tuple[type, ...] = ()
    """For a "links" field: the kinds of record it may link to (``acct_tui.links.choices``)."""


_FORMS: dict[type, tuple[FieldSpec, ...]] = {
    Goal: (
        FieldSpec("title", "Goal", required=True, placeholder="e.g. Grow revenue in the account by 10% this fiscal year"),
        FieldSpec("measure", "Measure / target", placeholder="e.g. +10% account revenue vs. last year"),
        FieldSpec("due", "Due date", "date", placeholder="YYYY-MM-DD"),
        FieldSpec("joint", "Joint with the customer", "flag"),
        FieldSpec("customer_owner", "Customer owner", placeholder="Who owns it on the customer's side"),
        FieldSpec("commitments", "Commitments", "long", placeholder="What each side commits to"),
    ),
    Strategy: (
        FieldSpec("title", "Strategy", required=True, placeholder="e.g. Introduce our new product into the account"),
        FieldSpec("analysis_refs", "Responds to analysis (space ticks an answer)", "refs"),
    ),
    Initiative: (
        FieldSpec(
            "title",
            "Initiative",
            required=True,
            placeholder="e.g. Tie the product to their goal of raising their customers' satisfaction",
        ),
    ),
    Tactic: (
        FieldSpec("action", "Tactic", required=True, placeholder="e.g. Meet the VP to learn how they measure satisfaction"),
        FieldSpec("owner", "Owner", placeholder="Who does it"),
        FieldSpec("due", "Due date", "date", placeholder="YYYY-MM-DD"),
        FieldSpec("status", "Status", "choice", choices=TACTIC_STATUSES),
        FieldSpec("stakeholder_id", "Works on stakeholder", "ref"),
    ),
    Stakeholder: (
        FieldSpec("name", "Name", required=True, placeholder="e.g. Dr. Amara Osei"),
        FieldSpec("title", "Job title", placeholder="e.g. VP Patient Experience"),
        FieldSpec("role", "Role in the decision", "choice", choices=DECISION_ROLES),
        FieldSpec("influence", "Influence", "choice", choices=INFLUENCE_LEVELS),
        FieldSpec("stance", "Stance", "choice", choices=STANCES),
        FieldSpec("reports_to_id", "Reports to", "ref"),
        FieldSpec("owner", "Covered by (our team)", placeholder="Who on our side covers them"),
        FieldSpec("last_contact", "Last contact", "date", placeholder="YYYY-MM-DD"),
        FieldSpec("next_step", "Next step", placeholder="e.g. Send the peer benchmark before the QBR"),
        FieldSpec("influence_ids", "Influences", "links", targets=(Stakeholder,)),
        FieldSpec("goal_ids", "Has a say in goals", "links", targets=(Goal,)),
        FieldSpec("notes", "Notes", "long"),
        FieldSpec("mitigation_tactic_id", "Mitigating tactic", "ref", stored=False),
    ),
    Meeting: (
        FieldSpec("name", "Meeting", required=True, placeholder="e.g. Quarterly business review"),
        FieldSpec("frequency", "Frequency", placeholder="e.g. Quarterly"),
        FieldSpec("attendees", "Attendees", placeholder="e.g. CIO, VP Patient Experience, Dana"),
        FieldSpec("purpose", "Purpose", placeholder="e.g. Review goals and metrics with the sponsors"),
        FieldSpec("next_date", "Next date", "date", placeholder="YYYY-MM-DD"),
        FieldSpec("goal_ids", "Reviews goals", "links", targets=(Goal,)),
        FieldSpec("stakeholder_ids", "Serves stakeholders", "links", targets=(Stakeholder,)),
    ),
    Metric: (
        FieldSpec("name", "Metric", required=True, placeholder="e.g. Account revenue"),
        FieldSpec("baseline", "Baseline", "number", placeholder="e.g. 2.0"),
        FieldSpec("target", "Target", "number", placeholder="e.g. 2.2"),
        FieldSpec("current", "Current", "number", placeholder="e.g. 2.05"),
        FieldSpec("unit", "Unit", placeholder="e.g. M EUR"),
        FieldSpec("goal_id", "Measures goal", "ref"),
    ),
    SellingTool: (
        FieldSpec("name", "Tool", required=True, placeholder="e.g. ROI calculator"),
        FieldSpec("purpose", "What it's for", placeholder="e.g. Quantify savings for the CFO"),
        FieldSpec("used_by_ids", "Used by", "links", targets=(Strategy, Tactic)),
    ),
}



@dataclass(frozen=True)
class Kind:
    """One kind of record: where it lives, what it is called, where it is edited."""

    record: type
    parent: type
    """The record type that holds it (``Plan`` for goals and the governance lists)."""
    collection: str
    """The parent's field that holds it, e.g. "strategies"."""
    noun: str
    """What the user calls one, e.g. "selling tool"."""
    plural: str
    step: str
    """The wizard step that edits it."""
    form: tuple[FieldSpec, ...]
    """What its add/edit form asks for, in order."""

    @property
    def article_noun(self) -> str:
        """ "a goal", "an initiative": for messages about a whole record."""
        return ("an " if self.noun[0] in "aeiou" else "a ") + self.noun


_WORDS: dict[type, tuple[str, str, str]] = {
    Goal: ("goal", "goals", "goals"),
    Strategy: ("strategy", "strategies", "strategies"),
    Initiative: ("initiative", "initiatives", "initiatives"),
    Tactic: ("tactic", "tactics", "tactics"),
    Stakeholder: ("stakeholder", "stakeholders", "relationships"),
    Meeting: ("meeting", "meetings", "cadence"),
    Metric: ("metric", "metrics", "reporting"),
    SellingTool: ("selling tool", "selling tools", "tools"),
}
"""Each kind's noun, plural and wizard step; the order is the plan's (tree first)."""


def _where(record: type) -> tuple[type, str]:
    """The parent type and collection that hold ``record``, read from the model."""
    for parent, names in CHILD_FIELDS.items():
        hints = typing.get_type_hints(parent)
        for name in names:
            if typing.get_args(hints[name])[0] is record:
                return parent, name
    raise KeyError(record)


KINDS: tuple[Kind, ...] = tuple(
    Kind(record, *_where(record), noun, plural, step, _FORMS[record])
    for record, (noun, plural, step) in _WORDS.items()
)
"""Every kind, goal tree first (top down), then the plan's governance lists."""

BY_TYPE: dict[type, Kind] = {kind.record: kind for kind in KINDS}
BY_STEP: dict[str, Kind] = {kind.step: kind for kind in KINDS}

TREE: tuple[Kind, ...] = tuple(k for k in KINDS if k.record in (Goal, Strategy, Initiative, Tactic))
"""The goal tree's kinds, top down: goals, strategies, initiatives, tactics."""

LISTS: tuple[Kind, ...] = tuple(k for k in KINDS if k.parent is Plan and k not in TREE)
"""The plan's governance lists: stakeholders, meetings, metrics, selling tools."""


def kind_of(record: type) -> Kind:
    """The registry entry of a record type (KeyError for one that is not an item)."""
    return BY_TYPE[record]


def child_kind(record: type) -> Kind | None:
    """The kind a goal-tree record holds (a goal's strategies...), None for a tactic."""
    return next((k for k in TREE if k.parent is record), None)


def noun(record: type, count: int = 1) -> str:
    """The user's word for a kind: "selling tool", or "strategies" when count != 1."""
    kind = BY_TYPE[record]
    return kind.noun if count == 1 else kind.plural
