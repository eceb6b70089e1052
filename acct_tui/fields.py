"""How typed text becomes a record: the forms' parsing and checking.

What each form asks for is in the registry of kinds (``acct_tui.kinds``):
one table of field specs per record kind drives every add/edit form in the
wizard, so the forms, their validation-as-you-type and the model's own rules
come from one place: a field is checked by building the record with the
model's own validators, never by a second copy of the rules.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import replace
from datetime import date
from typing import Any

from acct_tui.edit import choose_mitigation
from acct_tui.kinds import KINDS, FieldSpec, noun
from acct_tui.model import (
    Plan,
    ValidationError,
    check_number,
    check_text,
    parse_date,
)
from acct_tui.plan_index import index

__all__ = ["FORMS", "FieldSpec", "check_form", "field_text", "noun", "parse_field"]


FORMS: dict[type, tuple[FieldSpec, ...]] = {kind.record: kind.form for kind in KINDS}
"""Each kind's form fields, from the registry (``acct_tui.kinds``)."""


def parse_field(spec: FieldSpec, text: Any) -> Any:
    """Turn what was typed into the field's value, or raise ValidationError.

    Text fields are checked with the model's own rules, so a message shown
    beside a field is exactly the one the model would give on save. A
    multi-pick ("refs", "links") holds the ticked ids, not text.
    """
    if spec.kind == "date":
        return parse_date(spec.label, text)
    if spec.kind == "number":
        return check_number(spec.label, text)
    if spec.kind in ("choice", "ref"):
        return text
    if spec.kind == "flag":
        return text == "yes"
    if spec.kind in ("refs", "links"):
        return tuple(text)  # the ticked ids; the model checks them
    return check_text(spec.label, text, required=spec.required, multiline=spec.kind == "long")


def field_text(record: Any, spec: FieldSpec, plan: Plan | None = None) -> str:
    """A record's field as the text a form shows for editing.

    A link kept on the other record needs the ``plan``: a stakeholder's
    "Mitigating tactic" is the first live tactic that works on them.
    """
    if not spec.stored:
        found = index(plan).mitigator(record.id) if plan is not None else None
        return found.id if found else ""
    value = getattr(record, spec.name)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
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


def check_form(kind: type, texts: dict[str, Any], base: Any = None) -> tuple[Any, dict[str, str]]:
    """Parse every field; return (record or None, {field name: message})."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    links: dict[str, str] = {}
    for spec in FORMS[kind]:
        if spec.name not in texts:
            continue
        if not spec.stored:
            links[spec.name] = texts[spec.name]
            continue
        try:
            values[spec.name] = parse_field(spec, texts[spec.name])
        except ValidationError as error:
            errors[spec.name] = error.message
    if errors:
        return None, errors
    try:
        record = build_record(kind, values, base)
    except ValidationError as error:
        name = next((s.name for s in FORMS[kind] if s.label == error.field), FORMS[kind][0].name)
        return None, {name: error.message}
    if "mitigation_tactic_id" in links:
        record = choose_mitigation(record, links["mitigation_tactic_id"])
    return record, {}


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
