"""Plans to and from plain JSON-ready dicts: the exact model, nothing lost.

This is the one place that knows the on-disk shape of a plan (see
docs/FORMAT.md). The store keeps these dicts in TinyDB; ``acct-tui export
--format json`` writes one, and ``import`` reads one back through
``plan_from_dict``, which validates everything and names the first bad field
by its path (``goals[1].strategies[0].title``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, get_type_hints

from acct_tui.kinds import KINDS, kind_of
from acct_tui.model import (
    ANALYSIS_KEYS,
    Plan,
    Stakeholder,
    ValidationError,
    Vision,
)
from acct_tui.safe_json import JSONInputError, load_json

PLAN_FORMAT = "acct-tui-plan"
"""The ``format`` tag of a one-plan JSON export, so import can tell it apart."""

PLAN_FORMAT_VERSION = 3
"""2: a tactic's "works on" is the one tactic-stakeholder link; version 1's
``stakeholders[].mitigation_tactic_id`` is read and moved onto the tactic.
3: sharing flags, joint goals, reporting lines and influence, links between
the governance parts, the whitespace map, risks and asks (all optional, so
every version 2 file reads as it was)."""

OLD_FIELDS: dict[type, frozenset[str]] = {Stakeholder: frozenset({"mitigation_tactic_id"})}
"""Fields older versions wrote that are still read, never written: the model
takes them (``Stakeholder(mitigation_tactic_id=...)``) and moves them onto the
tactics, so a version 1 file or store loads with its links in one place."""


class PlanDataError(ValueError):
    """Plan data that does not fit the model; the message names the path."""


_CHILD_TYPES: dict[type, dict[str, type]] = {}
"""Which record type each child list holds, by parent type (from the registry of kinds)."""
for _kind in KINDS:
    _CHILD_TYPES.setdefault(_kind.parent, {})[_kind.collection] = _kind.record


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data: dates as YYYY-MM-DD, children as lists."""
    return to_data(plan)


def to_data(value: Any, swap: Callable[[Any], Any] | None = None) -> Any:
    """``value`` (a record, or lists and dicts of them) as JSON-ready data.

    ``swap(item)`` may stand in for any item inside ``value``: when it
    returns something other than None, that is written in the item's place
    (``record_json`` puts a mark where a record's kept text goes).
    """
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _inner(getattr(value, f.name), swap) for f in fields(value)}
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_inner(v, swap) for v in value]
    if isinstance(value, dict):
        return {k: _inner(v, swap) for k, v in value.items()}
    return value


def _inner(value: Any, swap: Callable[[Any], Any] | None) -> Any:
    if swap is not None:
        swapped = swap(value)
        if swapped is not None:
            return swapped
    return to_data(value, swap)


def plan_from_dict(data: Any) -> Plan:
    """Build a validated Plan from data, or raise PlanDataError naming the path."""
    return _from_data(Plan, data, "plan")


def _from_data(kind: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        noun = f" ({_NOUNS[kind]})" if kind in _NOUNS else ""
        raise PlanDataError(f"{path}: expected an object{noun}, found {_found(data)}.")
    known = {f.name for f in fields(kind)} | OLD_FIELDS.get(kind, frozenset())
    unknown = sorted(set(data) - known)
    if unknown:
        raise PlanDataError(f"{path}: unknown field {unknown[0]!r}.")
    kwargs: dict[str, Any] = {}
    children = _CHILD_TYPES.get(kind, {})
    for name, value in data.items():
        _check_type(kind, name, value, f"{path}.{name}")
        if name in children:
            kwargs[name] = tuple(
                _from_data(children[name], item, f"{path}.{name}[{i}]") for i, item in enumerate(value)
            )
        elif kind is Plan and name == "vision":
            kwargs[name] = _from_data(Vision, value, f"{path}.vision")
        else:
            kwargs[name] = value
    try:
        return kind(**kwargs)
    except ValidationError as error:
        raise PlanDataError(f"{path}: {error.message}") from None
    except TypeError as error:  # a required field is missing
        missing = str(error).split(":")[-1].strip()
        raise PlanDataError(f"{path}: missing required field {missing}.") from None


# --- what JSON type each field holds ------------------------------------------

_NOUNS: dict[type, str] = {Plan: "a plan", **{kind.record: kind.article_noun for kind in KINDS}}


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_date(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


def _is_list(value: Any) -> bool:
    return isinstance(value, list)


def _is_object(value: Any) -> bool:
    return isinstance(value, dict)


def _is_flag(value: Any) -> bool:
    return isinstance(value, bool)


def _is_flag_or_null(value: Any) -> bool:
    return value is None or isinstance(value, bool)


_BY_HINT: dict[Any, tuple[Callable[[Any], bool], str]] = {
    str: (_is_text, "text"),
    date | None: (_is_date, "a date (YYYY-MM-DD) or null"),
    float | None: (_is_number, "a number or null"),
    datetime: (_is_text, "an ISO 8601 time with a time zone"),
    bool: (_is_flag, "true or false"),
    bool | None: (_is_flag_or_null, "true, false or null"),
}


def expected_type(kind: type, name: str) -> tuple[Callable[[Any], bool], str]:
    """How to check field ``name`` of ``kind`` in JSON, and how to say what it should be.

    KeyError for a field of a type nobody has described yet (a test asks for
    every field of every record, so a new field can't slip past unchecked).
    """
    if name == "id" or name.endswith("_id"):
        return _is_text, "an id (text)"
    if name in _CHILD_TYPES.get(kind, {}):
        return _is_list, f"a list of {kind_of(_CHILD_TYPES[kind][name]).plural}"
    if name == "analysis_refs":
        return _is_list, "a list of analysis keys"
    if name.endswith("_ids"):
        return _is_list, "a list of ids"
    if name in ("analysis", "vision", "whitespace"):
        return _is_object, "an object"
    return _BY_HINT[_hints(kind)[name]]


@cache
def _hints(kind: type) -> dict[str, Any]:
    return get_type_hints(kind)


def _check_type(kind: type, name: str, value: Any, path: str) -> None:
    """Refuse a value of the wrong JSON type, naming the field path and the type expected."""
    check, expected = expected_type(kind, name)
    if not check(value):
        raise PlanDataError(f"{path}: expected {expected}, found {_found(value)}.")
    if name == "analysis_refs":
        for i, ref in enumerate(value):
            if not isinstance(ref, str):
                keys = ", ".join(ANALYSIS_KEYS)
                raise PlanDataError(f"{path}[{i}]: expected an analysis key ({keys}), found {_found(ref)}.")
    if name.endswith("_ids"):
        for i, link in enumerate(value):
            if not isinstance(link, str):
                raise PlanDataError(f"{path}[{i}]: expected an id (text), found {_found(link)}.")
    if name == "analysis":
        for key in ANALYSIS_KEYS:
            if key in value and not isinstance(value[key], str):
                raise PlanDataError(f"{path}.{key}: expected text, found {_found(value[key])}.")


def _found(value: Any) -> str:
    """What a JSON value is, in words: "a number", "text", "null", "true"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def export_plan_json(plan: Plan) -> str:
    """One plan as a self-describing JSON document (``acct-tui export --format json``)."""
    document = {
        "format": PLAN_FORMAT,
        "version": PLAN_FORMAT_VERSION,
        "plan": plan_to_dict(plan),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def import_plan_json(content: str | bytes) -> Plan:
    """Parse and validate a one-plan JSON document; raise PlanDataError if bad.

    A bare plan object (no ``format`` wrapper) is accepted too, for scripts.
    """
    try:
        document = load_json(content)
    except JSONInputError as error:
        raise PlanDataError(f"{error}.") from None
    if isinstance(document, dict) and "format" in document:
        if document.get("format") != PLAN_FORMAT:
            shown = json.dumps(document.get("format"))[:60]
            raise PlanDataError(f"format is {shown}, expected {json.dumps(PLAN_FORMAT)}.")
        version = document.get("version")
        if type(version) is not int or version < 1:
            raise PlanDataError(
                f"version must be a positive whole number, found {json.dumps(version)[:40]}."
            )
        if version > PLAN_FORMAT_VERSION:
            raise PlanDataError(
                f"format version {version} is newer than this acct-tui understands "
                f"({PLAN_FORMAT_VERSION}); upgrade acct-tui."
            )
        document = document.get("plan")
    return plan_from_dict(document)
