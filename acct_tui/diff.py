"""What changed between two versions of a plan, item by item (by id, not by text line).

The API the app, the CLI and the review pack use:

    plan_diff(before, after, today=None) -> PlanDiff
    diff_markdown(diff, heading_level=2) -> str      # GFM, user text escaped
    diff_json(diff) -> dict                          # stable keys, JSON-ready
    apply_diff(before, diff) -> Plan                 # replays the changes

A ``PlanDiff`` holds ``changes`` (one ``ItemChange`` per thing that changed, in
plan order), the health score before → after, and the coach findings fixed and
new. An item moved to another parent or position is one "moved" change, never
a removal plus an addition.

Judgement calls, written down once:

* Items are matched by id *and* kind: the same id holding a goal before and a
  tactic after (two unrelated plans) is one removal and one addition.
* Every added or removed item is its own change, children included, each with
  its own fields, so ``apply_diff`` can rebuild the plan from the changes alone.
* "Moved within its parent" means its order among the siblings that are there
  in both versions changed. An item that only shifted because a sibling before
  it was added, removed or moved is not moved. When siblings swap places, the
  fewest items that explain the new order are the ones moved (the others form
  the longest run that kept its order).
* Both versions are judged by the coach on the same ``today``, so health and
  findings change because the plan changed, not because time passed.
* Findings are the same finding when their code and node are (their messages
  hold counts and titles that change).
* ``updated`` is ignored: it changes on every save.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from acct_tui import clock, coach
from acct_tui.edit import walk
from acct_tui.kinds import BY_TYPE, KINDS
from acct_tui.markdown import NOT_SET, escape_block, escape_inline
from acct_tui.model import (
    ANALYSIS_KEYS,
    CHILD_FIELDS,
    Metric,
    Plan,
    Tactic,
    Vision,
    Whitespace,
    WhitespaceCell,
    question_text,
)
from acct_tui.plan_index import amount, lower_is_better, numbering

CHANGE_KINDS = ("added", "removed", "moved", "edited", "status", "metric")
"""What happened to an item: ``status`` is a tactic's status change, ``metric``
a metric's current value change (``direction`` says better or worse)."""

PLAN_FIELDS: dict[str, str] = {
    "name": "Account name",
    "industry": "Industry",
    "owner": "Owner",
    "start": "Start date",
    "review": "Next review",
    "reviewed": "Last review held",
    **{f"analysis.{key}": question_text(key) for key in ANALYSIS_KEYS},
    "vision.statement": "Vision",
    "vision.why": "Why (vision)",
    "whitespace": "Whitespace map",
    "risks": "Risks",
    "asks": "Asks",
}
"""The plan's own fields a diff compares, with their labels. Analysis answers and
the vision are named ``analysis.<key>`` and ``vision.<field>``; ``updated`` and
``id`` are not compared."""


@dataclass(frozen=True)
class ItemChange:
    """One change to one item (or to a plan-level field, with ``record`` "plan")."""

    what: str
    """One of CHANGE_KINDS."""
    record: str
    """The item's kind ("goal", "strategy", "initiative", "tactic", "stakeholder",
    "meeting", "metric", "tool") or "plan" for the plan's own fields."""
    item_id: str
    title: str
    """The item's title as it is after the change (before, if removed)."""
    label: str = ""
    """Where it sits, e.g. "Initiative 1.2.1" or "Stakeholder 2" (after; before if removed)."""
    field: str = ""
    """For edited/status/metric: the field's name (a model field name, or a
    ``PLAN_FIELDS`` name such as "analysis.market")."""
    before: Any = None
    """The old value as plan data (dates as YYYY-MM-DD, lists for tuples; None when
    not set). Removed: the item's own fields (no children). Moved: the old place,
    ``{"parent": id, "under": label, "position": n}`` (position from 1)."""
    after: Any = None
    """The new value, likewise. Added: the item's own fields. Moved: the new place."""
    direction: str = ""
    """For metric: "better", "worse" or "" (no target to judge by)."""
    field_label: str = ""
    """What the user calls the field ("Owner", "Due date"), for edited/status/metric."""
    before_text: str = ""
    """The old value as a person reads it: names for links, numbers with their unit,
    "—" for nothing; for moved, the old place ('Strategy 1.1 “Title”' or "position 2").
    Plain text: escape it where it is shown."""
    after_text: str = ""
    parent: str = ""
    """Added and moved: the id of the parent it is under after ("" for the plan
    itself); removed: before."""
    index: int = -1
    """Added and moved: its position among its siblings after (from 0); removed: before."""


@dataclass(frozen=True)
class PlanDiff:
    changes: tuple[ItemChange, ...] = ()
    health_before: int = 0
    health_after: int = 0
    findings_fixed: tuple[str, ...] = ()
    """Messages (as they read before) of the coach findings gone after."""
    findings_new: tuple[str, ...] = ()
    """Messages of the coach findings that were not there before."""
    before_when: str = ""
    after_when: str = ""
    """Labels of the two versions, e.g. "review 2026-10-01" and "now"."""
    extra: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.changes or self.findings_fixed or self.findings_new)


# --- the diff ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """An item where one version of the plan holds it."""

    node: Any
    parent: str
    """The parent's id; "" for the plan itself."""
    index: int
    label: str
    under: str
    """The parent as a person names it: 'Strategy 1.1 “Title”', or "" for the plan."""


def plan_diff(
    before: Plan,
    after: Plan,
    today: date | None = None,
    *,
    before_when: str = "",
    after_when: str = "",
) -> PlanDiff:
    """Every change from ``before`` to ``after``: plan fields first, then items in plan order."""
    today = clock.or_today(today)
    old, new = _entries(before), _entries(after)
    same = {i for i in old.keys() & new.keys() if type(old[i].node) is type(new[i].node)}
    moved = _moved(old, new, same)
    changes = list(_plan_field_changes(before, after))
    for item_id, entry in new.items():
        if item_id not in same:
            changes.append(_added(entry))
            continue
        if item_id in moved:
            changes.append(_move(old[item_id], entry))
        changes += _field_changes(before, after, old[item_id], entry)
    changes += [_removed(entry) for item_id, entry in old.items() if item_id not in same]
    fixed, new_findings = _findings(before, after, today)
    return PlanDiff(
        changes=tuple(changes),
        health_before=coach.health_score(before, today),
        health_after=coach.health_score(after, today),
        findings_fixed=fixed,
        findings_new=new_findings,
        before_when=before_when,
        after_when=after_when,
    )


def _entries(plan: Plan) -> dict[str, _Entry]:
    """Every item of the plan by id, in plan order (goal tree first, depth first)."""
    labels = numbering(plan)
    found: dict[str, _Entry] = {}

    def visit(parent: Any, parent_id: str, under: str) -> None:
        for name in CHILD_FIELDS.get(type(parent), ()):
            for index, child in enumerate(getattr(parent, name)):
                label = labels.get(child.id) or f"{BY_TYPE[type(child)].noun.capitalize()} {index + 1}"
                found[child.id] = _Entry(child, parent_id, index, label, under)
                visit(child, child.id, f"{label} “{_title(child)}”")

    visit(plan, "", "")
    return found


def _moved(old: dict[str, _Entry], new: dict[str, _Entry], same: set[str]) -> set[str]:
    """The items moved: to another parent, or out of order among the siblings kept."""
    moved = {i for i in same if old[i].parent != new[i].parent}
    groups: dict[tuple[str, type], list[str]] = {}
    for item_id, entry in new.items():
        if item_id in same and item_id not in moved:
            groups.setdefault((entry.parent, type(entry.node)), []).append(item_id)
    for siblings in groups.values():
        kept = set(_longest_kept_run([old[i].index for i in siblings], siblings))
        moved |= {i for i in siblings if i not in kept}
    return moved


def _longest_kept_run(ranks: list[int], ids: list[str]) -> list[str]:
    """The ids (in new order) of a longest run whose old positions (``ranks``) still increase.

    Patience sorting, O(n log n): a list of hundreds of stakeholders stays quick.
    """
    tails: list[int] = []
    """tails[k]: where the increasing run of length k + 1 with the smallest last rank ends."""
    tail_ranks: list[int] = []
    back = [-1] * len(ranks)
    for j, rank in enumerate(ranks):
        k = bisect_left(tail_ranks, rank)
        back[j] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(j)
            tail_ranks.append(rank)
        else:
            tails[k], tail_ranks[k] = j, rank
    run = []
    end = tails[-1] if tails else -1
    while end != -1:
        run.append(ids[end])
        end = back[end]
    return run[::-1]


def _own_fields(node: Any) -> list[str]:
    """A record's own fields (no children, no id), in declaration order."""
    children = CHILD_FIELDS.get(type(node), ())
    return [f.name for f in fields(node) if f.name not in children and f.name != "id"]


def _data(value: Any) -> Any:
    """A value as plan data, as plan_json writes it: dates as YYYY-MM-DD, tuples as lists."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_data(v) for v in value]
    if isinstance(value, Whitespace | WhitespaceCell):
        return {f.name: _data(getattr(value, f.name)) for f in fields(value)}
    return value


def _record_data(node: Any) -> dict[str, Any]:
    """An item's own fields (and id) as plan data."""
    return {name: _data(getattr(node, name)) for name in ("id", *_own_fields(node))}


def _title(node: Any) -> str:
    return node.name if hasattr(node, "name") else node.title


def _added(entry: _Entry) -> ItemChange:
    node = entry.node
    return ItemChange(
        "added", node.KIND, node.id, _title(node), entry.label,
        after=_record_data(node), parent=entry.parent, index=entry.index,
    )


def _removed(entry: _Entry) -> ItemChange:
    node = entry.node
    return ItemChange(
        "removed", node.KIND, node.id, _title(node), entry.label,
        before=_record_data(node), parent=entry.parent, index=entry.index,
    )


def _move(old: _Entry, new: _Entry) -> ItemChange:
    """One moved item: from its old place to its new one (another parent, or position)."""
    node = new.node
    if old.parent != new.parent:
        before_text, after_text = old.under, new.under
    else:
        before_text, after_text = f"position {old.index + 1}", f"position {new.index + 1}"
    return ItemChange(
        "moved", node.KIND, node.id, _title(node), new.label,
        before={"parent": old.parent, "under": old.under, "position": old.index + 1},
        after={"parent": new.parent, "under": new.under, "position": new.index + 1},
        before_text=before_text, after_text=after_text, parent=new.parent, index=new.index,
    )


def _field_changes(before: Plan, after: Plan, old: _Entry, new: _Entry) -> list[ItemChange]:
    """An item's fields that changed, old → new, each one change."""
    changes = []
    node = new.node
    labels = {spec.name: spec.label for spec in BY_TYPE[type(node)].form}
    for name in _own_fields(node):
        was, now = getattr(old.node, name), getattr(node, name)
        if was == now:
            continue
        what, direction = "edited", ""
        if isinstance(node, Tactic) and name == "status":
            what = "status"
        elif isinstance(node, Metric) and name == "current":
            what, direction = "metric", _direction(node, was, now)
        changes.append(ItemChange(
            what, node.KIND, node.id, _title(node), new.label, name,
            _data(was), _data(now), direction, labels.get(name, name),
            _value_text(before, old.node, name, was), _value_text(after, node, name, now),
        ))
    return changes


def _direction(metric: Metric, was: float | None, now: float | None) -> str:
    """Whether a metric's new current value is better or worse, judged by its target.

    A target below the baseline means lower is better (``plan_index.lower_is_better``);
    no target, or a value newly set or cleared, can't be judged.
    """
    if metric.target is None or was is None or now is None:
        return ""
    rose = now > was
    return "better" if rose != lower_is_better(metric) else "worse"


def _value_text(plan: Plan, node: Any, name: str, value: Any) -> str:
    """A field's value as a person reads it in that version of the plan (plain text)."""
    if value is None or value == "" or value == ():
        return NOT_SET
    if name == "stakeholder_id":
        person = next((p for p in plan.stakeholders if p.id == value), None)
        return person.name if person else f"(gone: {value})"
    if name == "goal_id":
        goal = next((g for g in plan.goals if g.id == value), None)
        return f"{numbering(plan)[goal.id]} “{goal.title}”" if goal else f"(gone: {value})"
    if name == "analysis_refs":
        return "; ".join(question_text(key) for key in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name.endswith("_id") or name.endswith("_ids"):
        links = value if isinstance(value, tuple) else (value,)
        titles = _titles(plan)
        return "; ".join(titles.get(link, f"(gone: {link})") for link in links)
    if isinstance(value, Whitespace):
        return f"{len(value.units)} units × {len(value.offerings)} offerings, {len(value.cells)} cells assessed"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return amount(value, getattr(node, "unit", ""), NOT_SET)
    return str(value)


def _titles(plan: Plan) -> dict[str, str]:
    """Every record's name as a diff line shows a link to it: "Goal 1 “Grow”", "Priya Raman"."""
    labels = numbering(plan)
    return {
        node.id: f"{labels[node.id]} “{_title(node)}”" if node.id in labels else _title(node)
        for node, _ in walk(plan)
    }


def _plan_values(plan: Plan) -> dict[str, Any]:
    """The plan's own compared fields by ``PLAN_FIELDS`` name (None for an absent answer)."""
    values: dict[str, Any] = {name: getattr(plan, name) for name in PLAN_FIELDS if "." not in name}
    for key in ANALYSIS_KEYS:
        values[f"analysis.{key}"] = plan.analysis.get(key)
    values["vision.statement"] = plan.vision.statement
    values["vision.why"] = plan.vision.why
    return values


def _plan_field_changes(before: Plan, after: Plan) -> list[ItemChange]:
    old, new = _plan_values(before), _plan_values(after)
    changes = []
    for name, label in PLAN_FIELDS.items():
        if old[name] == new[name]:
            continue
        changes.append(ItemChange(
            "edited", "plan", after.id, after.name, "", name,
            _data(old[name]), _data(new[name]), "", label,
            _value_text(before, before, name, old[name]), _value_text(after, after, name, new[name]),
        ))
    return changes


def _findings(before: Plan, after: Plan, today: date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The findings fixed (gone after) and new, matched by code and node, not message."""
    old = {(f.code, f.node_id): f for f in coach.check_plan(before, today)}
    new = {(f.code, f.node_id): f for f in coach.check_plan(after, today)}
    fixed = tuple(f.message for key, f in old.items() if key not in new)
    added = tuple(f.message for key, f in new.items() if key not in old)
    return fixed, added


# --- replaying a diff ----------------------------------------------------------------


def apply_diff(before: Plan, diff: PlanDiff) -> Plan:
    """``before`` with every change of ``diff`` made: ``plan_diff(a, b)`` applied to ``a`` gives ``b``.

    (``updated`` stays ``before``'s.) Removed items go, edits are made all at
    once per item (a record is re-validated whole), added items are built from
    their fields, and each group of siblings is ordered again: added and moved
    items at their new positions, the others in their old order around them.
    """
    old = _entries(before)
    records = {item_id: entry.node for item_id, entry in old.items()}
    places = {item_id: (entry.parent, entry.index) for item_id, entry in old.items()}
    placed: dict[str, int] = {}
    edits: dict[str, dict[str, Any]] = {}
    for change in diff.changes:
        if change.what == "removed":
            records.pop(change.item_id, None)
            places.pop(change.item_id, None)
    for change in diff.changes:
        if change.what == "added":
            records[change.item_id] = _RECORDS[change.record](**change.after)
        if change.what in ("added", "moved"):
            places[change.item_id] = (change.parent, change.index)
            placed[change.item_id] = change.index
        elif change.what in ("edited", "status", "metric"):
            edits.setdefault(change.item_id if change.record != "plan" else "", {})[change.field] = change.after
    for item_id, changed in edits.items():
        if item_id:
            records[item_id] = replace(records[item_id], **changed)
    children = _sibling_order(records, places, placed, old)

    def build(record: Any) -> Any:
        names = CHILD_FIELDS.get(type(record), ())
        kinds = [k for k in KINDS if k.parent is type(record)]
        rebuilt = {
            kind.collection: tuple(build(records[i]) for i in children.get((record_id(record), kind.record), []))
            for kind in kinds if kind.collection in names
        }
        return replace(record, **rebuilt)

    def record_id(record: Any) -> str:
        return "" if isinstance(record, Plan) else record.id

    return build(_with_plan_fields(before, edits.get("", {})))


_RECORDS: dict[str, type] = {kind.record.KIND: kind.record for kind in KINDS}  # type: ignore[attr-defined]


def _sibling_order(
    records: dict[str, Any],
    places: dict[str, tuple[str, int]],
    placed: dict[str, int],
    old: dict[str, _Entry],
) -> dict[tuple[str, type], list[str]]:
    """Each group of siblings' ids in their new order, by (parent id, record type).

    Items that stayed keep their old order; added and moved items are put in at
    their new positions, lowest first, so each lands where the diff says.
    """
    staying: dict[tuple[str, type], list[str]] = {}
    arriving: dict[tuple[str, type], list[str]] = {}
    for item_id, (parent, _) in places.items():
        key = (parent, type(records[item_id]))
        (arriving if item_id in placed else staying).setdefault(key, []).append(item_id)
    groups = {key: sorted(ids, key=lambda i: old[i].index) for key, ids in staying.items()}
    for key, ids in arriving.items():
        order = groups.setdefault(key, [])
        for item_id in sorted(ids, key=lambda i: placed[i]):
            order.insert(min(placed[item_id], len(order)), item_id)
    return groups


def _with_plan_fields(plan: Plan, changed: dict[str, Any]) -> Plan:
    """The plan with its own fields set from plan data (analysis answers and vision by name)."""
    if not changed:
        return plan
    analysis = dict(plan.analysis)
    vision = {"statement": plan.vision.statement, "why": plan.vision.why}
    direct: dict[str, Any] = {}
    for name, value in changed.items():
        group, _, key = name.partition(".")
        if group == "analysis":
            if value is None:
                analysis.pop(key, None)
            else:
                analysis[key] = value
        elif group == "vision":
            vision[key] = value
        else:
            direct[name] = value
    return replace(plan, **direct, analysis=analysis, vision=Vision(**vision))


# --- showing a diff ------------------------------------------------------------------

GROUPS: dict[str, str] = {
    "plan": "Facts, analysis and vision",
    "goal": "Goals",
    "strategy": "Strategies",
    "initiative": "Initiatives",
    "tactic": "Tactics",
    "stakeholder": "Relationships",
    "meeting": "Cadence",
    "metric": "Reporting",
    "tool": "Selling tools",
}
"""The sections of a shown diff, in order, by ``ItemChange.record``."""

MULTI_LINE: frozenset[tuple[str, str]] = frozenset(
    {("stakeholder", "notes"), ("tool", "purpose"), ("plan", "vision.statement"), ("plan", "vision.why")}
    | {("plan", f"analysis.{key}") for key in ANALYSIS_KEYS}
)
"""The fields that may hold several lines (the model's multi-line text): their old and
new values are shown on lines of their own, whatever their length, so the shape of the
page never depends on what was typed."""


def diff_markdown(diff: PlanDiff, heading_level: int = 2, title: str | None = None) -> str:
    """The diff as a GFM section: a heading, then one sub-section per kind of item that changed.

    ``title`` replaces the heading's text ("Changes since review 2026-10-01").
    Every piece of user text is escaped (``acct_tui.markdown``): a title can't
    change the page's structure.
    """
    level = max(1, min(heading_level, 5))
    heading = "#" * level + " " + escape_inline(title if title is not None else _default_title(diff))
    if not diff:
        since = f" since {escape_inline(diff.before_when)}" if diff.before_when else ""
        return f"{heading}\n\n_No changes{since}._\n"
    blocks = [heading]
    for record, name in GROUPS.items():
        lines = _group_lines([c for c in diff.changes if c.record == record])
        if lines:
            blocks += ["#" * (level + 1) + " " + name, "\n".join(lines)]
    blocks += ["#" * (level + 1) + " Plan health", *_health_blocks(diff)]
    return "\n\n".join(blocks) + "\n"


def _default_title(diff: PlanDiff) -> str:
    if not diff.before_when:
        return "Changes"
    to = f" to {diff.after_when}" if diff.after_when and diff.after_when != "now" else ""
    return f"Changes since {diff.before_when}{to}"


def _group_lines(changes: list[ItemChange]) -> list[str]:
    """List items: plan fields one each; other items a line naming the item, its changes below."""
    if changes and changes[0].record == "plan":
        return [line for change in changes for line in _change_lines(change, "")]
    items: dict[str, list[ItemChange]] = {}
    for change in changes:
        items.setdefault(change.item_id, []).append(change)
    lines = []
    for item_changes in items.values():
        first = item_changes[0]
        lines.append(f"- {escape_inline(first.label)} “{escape_inline(first.title)}”")
        for change in item_changes:
            lines += _change_lines(change, "  ")
    return lines


def _change_lines(change: ItemChange, indent: str) -> list[str]:
    """One change as list item lines at ``indent``."""
    if change.what == "added":
        return [f"{indent}- Added"]
    if change.what == "removed":
        return [f"{indent}- Removed"]
    if change.what == "moved":
        return [f"{indent}- Moved from {escape_inline(change.before_text)} to {escape_inline(change.after_text)}"]
    label = escape_inline(change.field_label or change.field)
    direction = f" ({change.direction})" if change.direction else ""
    was, now = change.before_text, change.after_text
    if (change.record, change.field) in MULTI_LINE:
        inner = indent + "    "
        return [
            f"{indent}- {label}",
            f"{indent}  - Before: {escape_block(was, inner)}",
            f"{indent}  - After: {escape_block(now, inner)}",
        ]
    return [f"{indent}- {label}: {escape_inline(was)} → {escape_inline(now)}{direction}"]


def _health_blocks(diff: PlanDiff) -> list[str]:
    if diff.health_before == diff.health_after:
        blocks = [f"{diff.health_after}/100, unchanged."]
    else:
        blocks = [f"{diff.health_before} → {diff.health_after}"]
    for name, messages in (("Fixed", diff.findings_fixed), ("New", diff.findings_new)):
        if messages:
            blocks.append(f"**{name}:**")
            blocks.append("\n".join(f"- {escape_inline(message)}" for message in messages))
    return blocks


def diff_json(diff: PlanDiff) -> dict[str, Any]:
    """The diff as JSON-ready data: every key always present, dates as YYYY-MM-DD."""
    return {
        "before": diff.before_when,
        "after": diff.after_when,
        "health": {"before": diff.health_before, "after": diff.health_after},
        "findings": {"fixed": list(diff.findings_fixed), "new": list(diff.findings_new)},
        "changes": [_change_json(change) for change in diff.changes],
    }


def _change_json(change: ItemChange) -> dict[str, Any]:
    return {
        "what": change.what,
        "record": change.record,
        "id": change.item_id,
        "title": change.title,
        "label": change.label,
        "field": change.field,
        "field_label": change.field_label,
        "before": change.before,
        "after": change.after,
        "before_text": change.before_text,
        "after_text": change.after_text,
        "direction": change.direction,
        "parent": change.parent,
        "index": change.index,
    }
