"""What each form asks for, and how typed text becomes a record.

One table of field specs per record kind drives every add/edit form in the
wizard, so the forms, their validation-as-you-type and the model's own rules
come from one place: a field is checked by building the record with the
model's own validators, never by a second copy of the rules.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from acct_tui.model import (
    DECISION_ROLES,
    INFLUENCE_LEVELS,
    STANCES,
    TACTIC_STATUSES,
    Goal,
    Initiative,
    Meeting,
    Metric,
    SellingTool,
    Stakeholder,
    Strategy,
    Tactic,
    ValidationError,
    check_number,
    check_text,
    parse_date,
)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form: the record attribute, its label and how it is typed."""

    name: str
    label: str
    kind: str = "text"
    """text | long | date | number | choice | ref (a link: choices come from the plan)."""
    required: bool = False
    placeholder: str = ""
    choices: tuple[str, ...] = ()


FORMS: dict[type, tuple[FieldSpec, ...]] = {
    Goal: (
        FieldSpec("title", "Goal", required=True, placeholder="e.g. Grow revenue in the account by 10% this fiscal year"),
        FieldSpec("measure", "Measure / target", placeholder="e.g. +10% account revenue vs. last year"),
        FieldSpec("due", "Due date", "date", placeholder="YYYY-MM-DD"),
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
        FieldSpec("owner", "Relationship owner", placeholder="Who on our side"),
        FieldSpec("last_contact", "Last contact", "date", placeholder="YYYY-MM-DD"),
        FieldSpec("notes", "Notes", "long"),
        FieldSpec("mitigation_tactic_id", "Mitigating tactic", "ref"),
    ),
    Meeting: (
        FieldSpec("name", "Meeting", required=True, placeholder="e.g. Quarterly business review"),
        FieldSpec("frequency", "Frequency", placeholder="e.g. Quarterly"),
        FieldSpec("attendees", "Attendees", placeholder="e.g. CIO, VP Patient Experience, Dana"),
        FieldSpec("purpose", "Purpose", placeholder="e.g. Review goals and metrics with the sponsors"),
        FieldSpec("next_date", "Next date", "date", placeholder="YYYY-MM-DD"),
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
    ),
}


NOUNS: dict[type, tuple[str, str]] = {
    Goal: ("goal", "goals"),
    Strategy: ("strategy", "strategies"),
    Initiative: ("initiative", "initiatives"),
    Tactic: ("tactic", "tactics"),
    Stakeholder: ("stakeholder", "stakeholders"),
    Meeting: ("meeting", "meetings"),
    Metric: ("metric", "metrics"),
    SellingTool: ("selling tool", "selling tools"),
}
"""What the user calls each kind of item, singular and plural."""


def noun(kind: type, count: int = 1) -> str:
    """The user's word for ``kind``: "selling tool", or "strategies" when count != 1."""
    singular, plural = NOUNS[kind]
    return singular if count == 1 else plural


def parse_field(spec: FieldSpec, text: str) -> Any:
    """Turn what was typed into the field's value, or raise ValidationError.

    Text fields are checked with the model's own rules, so a message shown
    beside a field is exactly the one the model would give on save.
    """
    if spec.kind == "date":
        return parse_date(spec.label, text)
    if spec.kind == "number":
        return check_number(spec.label, text)
    if spec.kind in ("choice", "ref", "refs"):
        return text
    return check_text(spec.label, text, required=spec.required, multiline=spec.kind == "long")


def field_text(record: Any, spec: FieldSpec) -> str:
    """A record's field as the text a form shows for editing."""
    value = getattr(record, spec.name)
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    return value


def build_record(kind: type, values: dict[str, Any], base: Any = None) -> Any:
    """A new record of ``kind`` from parsed form values (keeping ``base``'s id and children)."""
    if base is not None:
        return replace(base, **values)
    return kind(**values)


def check_form(kind: type, texts: dict[str, str], base: Any = None) -> tuple[Any, dict[str, str]]:
    """Parse every field; return (record or None, {field name: message})."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for spec in FORMS[kind]:
        if spec.name not in texts:
            continue
        try:
            values[spec.name] = parse_field(spec, texts[spec.name])
        except ValidationError as error:
            errors[spec.name] = error.message
    if errors:
        return None, errors
    try:
        return build_record(kind, values, base), {}
    except ValidationError as error:
        name = next((s.name for s in FORMS[kind] if s.label == error.field), FORMS[kind][0].name)
        return None, {name: error.message}


def account_name_problem(text: str, taken: AbstractSet[str] = frozenset()) -> str:
    """The message for an account name the plan would refuse, or "".

    ``taken`` holds the other accounts' names, casefolded: two accounts with one
    name could not be told apart on the command line (``acct-tui export NAME``).
    """
    try:
        check_text("Account name", text.strip(), required=True)
    except ValidationError as error:
        return error.message
    if text.strip().casefold() in taken:
        return f"There is already an account called {text.strip()}."
    return ""
