"""Plans to and from plain JSON-ready dicts: the exact model, nothing lost.

This is the one place that knows the on-disk shape of a plan (see
docs/FORMAT.md). The store keeps these dicts in TinyDB; ``acct-tui export
--format json`` writes one, and ``import`` reads one back through
``plan_from_dict``, which validates everything and names the first bad field
by its path (``goals[1].strategies[0].title``).
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any

from acct_tui.model import (
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    SellingTool,
    Stakeholder,
    Strategy,
    Tactic,
    ValidationError,
    Vision,
)

PLAN_FORMAT = "acct-tui-plan"
"""The ``format`` tag of a one-plan JSON export, so import can tell it apart."""

PLAN_FORMAT_VERSION = 1


class PlanDataError(ValueError):
    """Plan data that does not fit the model; the message names the path."""


_CHILD_TYPES: dict[type, dict[str, type]] = {
    Plan: {
        "goals": Goal,
        "stakeholders": Stakeholder,
        "meetings": Meeting,
        "metrics": Metric,
        "tools": SellingTool,
    },
    Goal: {"strategies": Strategy},
    Strategy: {"initiatives": Initiative},
    Initiative: {"tactics": Tactic},
}


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data: dates as YYYY-MM-DD, children as lists."""
    return _to_data(plan)


def _to_data(value: Any) -> Any:
    if is_dataclass(value):
        return {f.name: _to_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_to_data(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_data(v) for k, v in value.items()}
    return value


def plan_from_dict(data: Any) -> Plan:
    """Build a validated Plan from data, or raise PlanDataError naming the path."""
    return _from_data(Plan, data, "plan")


def _from_data(kind: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise PlanDataError(f"{path}: expected an object, found {type(data).__name__}.")
    known = {f.name for f in fields(kind)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise PlanDataError(f"{path}: unknown field {unknown[0]!r}.")
    kwargs: dict[str, Any] = {}
    children = _CHILD_TYPES.get(kind, {})
    for name, value in data.items():
        if name in children:
            kwargs[name] = _children(children[name], value, f"{path}.{name}")
        elif kind is Plan and name == "vision":
            kwargs[name] = _from_data(Vision, value, f"{path}.vision")
        elif kind is Plan and name == "updated":
            kwargs[name] = _timestamp(value, f"{path}.updated")
        elif name in ("analysis_refs",) and isinstance(value, list):
            kwargs[name] = tuple(value)
        else:
            kwargs[name] = value
    try:
        return kind(**kwargs)
    except ValidationError as error:
        raise PlanDataError(f"{path}: {error.message}") from None
    except TypeError as error:  # a required field is missing
        missing = str(error).split(":")[-1].strip()
        raise PlanDataError(f"{path}: missing required field {missing}.") from None


def _children(kind: type, data: Any, path: str) -> tuple:
    if not isinstance(data, list):
        raise PlanDataError(f"{path}: expected a list, found {type(data).__name__}.")
    return tuple(_from_data(kind, item, f"{path}[{i}]") for i, item in enumerate(data))


def _timestamp(value: Any, path: str) -> datetime:
    if not isinstance(value, str):
        raise PlanDataError(f"{path}: expected an ISO timestamp.")
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        raise PlanDataError(f"{path}: {value!r} is not an ISO timestamp.") from None
    if stamp.tzinfo is None:
        raise PlanDataError(f"{path}: the timestamp needs a time zone, e.g. +00:00.")
    return stamp


def export_plan_json(plan: Plan) -> str:
    """One plan as a self-describing JSON document (``acct-tui export --format json``)."""
    document = {
        "format": PLAN_FORMAT,
        "version": PLAN_FORMAT_VERSION,
        "plan": plan_to_dict(plan),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def import_plan_json(text: str) -> Plan:
    """Parse and validate a one-plan JSON document; raise PlanDataError if bad.

    A bare plan object (no ``format`` wrapper) is accepted too, for scripts.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanDataError(f"not valid JSON (line {error.lineno}, column {error.colno}).") from None
    if isinstance(document, dict) and "format" in document:
        if document.get("format") != PLAN_FORMAT:
            raise PlanDataError(f"format is {document.get('format')!r}, expected {PLAN_FORMAT!r}.")
        version = document.get("version")
        if not isinstance(version, int) or version > PLAN_FORMAT_VERSION:
            raise PlanDataError(
                f"format version {version!r} is newer than this acct-tui understands "
                f"({PLAN_FORMAT_VERSION}); upgrade acct-tui."
            )
        document = document.get("plan")
    return plan_from_dict(document)
