"""Three-way merges of a plan, by item id and field: what git's merge driver runs.

Two people edit the same plan file on two machines; git finds the version
both started from (``base``) and asks us to merge ``mine`` and ``theirs``.
A line merge would cut records in half and leave ``<<<<<<<`` markers in
JSON; here every item is matched by id and every field is merged on its own:

* a field changed on one side only takes that side's value;
* a field changed on both sides to different values is a ``Conflict``: the
  merged plan holds MINE's value and the conflict records all three, so
  nothing is lost and the file is always a valid plan;
* an item added on either side is kept (added on both sides with one id:
  its fields are merged as above, with no base);
* an item deleted on one side goes, unless the other side changed it (its
  fields or its parent): then it is kept and a conflict (field "") says so;
  an item kept that way keeps its parents too;
* an item moved to two different parents stays where MINE put it (a
  conflict, field "parent", values the parent ids; "" for the plan);
* sibling order: the side that reordered a list wins (mine if both did);
  items the other side added land after the item they followed there;
* analysis answers and the vision merge per key; ``updated`` is the later.

The conflicts go to ``plans/<plan id>.conflicts.json`` beside the plan file
(``save_conflicts``); the app shows them and ``resolve`` applies a choice.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from acct_tui import edit
from acct_tui.diff import PLAN_FIELDS, _data, _Entry, _entries, _own_fields, _plan_values, _title, _with_plan_fields
from acct_tui.files import atomic_write
from acct_tui.kinds import BY_TYPE, KINDS
from acct_tui.model import CHILD_FIELDS, Plan, ValidationError
from acct_tui.safe_json import JSONInputError, load_json
from acct_tui.store import BadFile, encode, plan_file_data, read_plan_content

CONFLICTS_SCHEMA = 1
"""The version of the conflicts file's format (docs/FORMAT.md)."""

_MISSING: Any = object()
"""A value no version holds (the base of an item added on both sides)."""


@dataclass(frozen=True)
class Conflict:
    """One field changed differently on both sides (or one structural clash)."""

    record: str
    """The item's kind ("goal", "tactic", ... as in ``acct_tui.kinds``) or "plan"."""
    item_id: str
    """The item's id (the plan's id for "plan")."""
    field: str
    """A model field name, a ``diff.PLAN_FIELDS`` name ("analysis.market"),
    "" for an item edited on one side and deleted on the other, or "parent"
    for an item moved to two different parents."""
    label: str
    """For people: 'Tactic 1.2.1.1 “Call Maria” — Owner'."""
    base: Any
    mine: Any
    theirs: Any
    """Values as plan data (dates YYYY-MM-DD, lists for tuples, None for not set).
    For field "": the item's own fields, None on the side that deleted it
    (base None when it was added on both sides). For "parent": parent ids."""


@dataclass(frozen=True)
class MergeResult:
    plan: Plan
    """The merged plan; where there is a conflict it holds MINE's value."""
    conflicts: tuple[Conflict, ...]


class MergeError(ValueError):
    """Versions that can't be merged (two different plans); ``str()`` is one sentence."""


class ConflictFileError(ValueError):
    """A conflicts file that can't be read; ``str()`` is one line naming the file."""


# --- merging ----------------------------------------------------------------------


@dataclass
class _Item:
    """An item as the merged plan will hold it."""

    kind: type
    values: dict[str, Any]
    parent: str


def merge_plans(base: Plan | None, mine: Plan, theirs: Plan) -> MergeResult:
    """Merge ``mine`` and ``theirs``, both edited from ``base`` (None: added on both sides).

    Raises MergeError when mine and theirs are different plans, or use one id
    for two kinds of item (ids are random, so only a hand-made file does that).
    """
    if mine.id != theirs.id:
        raise MergeError(f"the two versions hold different plans ({mine.id} and {theirs.id})")
    old = _entries(base) if base is not None else {}
    ours, other = _entries(mine), _entries(theirs)
    _check_kinds(ours, other)
    old = {i: e for i, e in old.items() if all(type(v[i].node) is type(e.node) for v in (ours, other) if i in v)}
    conflicts: list[Conflict] = []
    items = _merge_items(old, ours, other, conflicts)
    _keep_parents(items, old, ours, other, conflicts)
    plan = _merge_plan_fields(base, mine, theirs, conflicts)
    merged = _build(plan, items, _orders(items, old, ours, other))
    return MergeResult(merged, tuple(_labelled(merged, conflicts)))


def _check_kinds(ours: dict[str, _Entry], other: dict[str, _Entry]) -> None:
    for item_id in ours.keys() & other.keys():
        a, b = type(ours[item_id].node), type(other[item_id].node)
        if a is not b:
            raise MergeError(f"the id {item_id} names {BY_TYPE[a].article_noun} on one side "
                             f"and {BY_TYPE[b].article_noun} on the other")


def _pick(base: Any, mine: Any, theirs: Any) -> tuple[Any, bool]:
    """The merged value of one field, and whether the two sides conflict (then mine)."""
    if mine == theirs or theirs == base:
        return mine, False
    if mine == base:
        return theirs, False
    return mine, True


def _values(entry: _Entry | None) -> dict[str, Any]:
    if entry is None:
        return {}
    return {name: getattr(entry.node, name) for name in _own_fields(entry.node)}


def _changed(old: _Entry, new: _Entry) -> bool:
    """Whether one side changed an item: its fields or its parent (not only its position)."""
    return old.parent != new.parent or _values(old) != _values(new)


def _merge_items(
    old: dict[str, _Entry], ours: dict[str, _Entry], other: dict[str, _Entry], conflicts: list[Conflict]
) -> dict[str, _Item]:
    """Every item the merged plan keeps, with its merged fields and parent."""
    items: dict[str, _Item] = {}
    for item_id in dict.fromkeys([*ours, *other, *old]):
        b, m, t = old.get(item_id), ours.get(item_id), other.get(item_id)
        if m is not None and t is not None:
            items[item_id] = _merge_item(b, m, t, conflicts)
        elif m is not None or t is not None:
            kept = m or t
            assert kept is not None
            if b is not None and not _changed(b, kept):
                continue  # deleted on one side, untouched on the other
            items[item_id] = _Item(type(kept.node), _values(kept), kept.parent)
            if b is not None:
                conflicts.append(_structural(b, m, t))
    return items


def _merge_item(b: _Entry | None, m: _Entry, t: _Entry, conflicts: list[Conflict]) -> _Item:
    node = m.node
    base_values, mine_values, their_values = _values(b), _values(m), _values(t)
    values = {}
    for name in _own_fields(node):
        was = base_values.get(name, _MISSING)
        values[name], clash = _pick(was, mine_values[name], their_values[name])
        if clash:
            conflicts.append(_conflict(node, name, was, mine_values[name], their_values[name]))
    parent, clash = _pick(b.parent if b else _MISSING, m.parent, t.parent)
    if clash:
        conflicts.append(Conflict(node.KIND, node.id, "parent", "", b.parent if b else None, m.parent, t.parent))
    return _Item(type(node), values, parent)


def _conflict(node: Any, name: str, base: Any, mine: Any, theirs: Any) -> Conflict:
    shown = None if base is _MISSING else _data(base)
    return Conflict(node.KIND, node.id, name, "", shown, _data(mine), _data(theirs))


def _record(entry: _Entry | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {name: _data(value) for name, value in _values(entry).items()}


def _structural(b: _Entry | None, m: _Entry | None, t: _Entry | None) -> Conflict:
    """An item kept because one side changed it (or a child of it) while the other deleted it."""
    node = (m or t or b).node  # type: ignore[union-attr]
    return Conflict(node.KIND, node.id, "", "", _record(b), _record(m), _record(t))


def _keep_parents(
    items: dict[str, _Item],
    old: dict[str, _Entry],
    ours: dict[str, _Entry],
    other: dict[str, _Entry],
    conflicts: list[Conflict],
) -> None:
    """Bring back the parents one side deleted of items the merge keeps (each a conflict)."""
    missing = [item.parent for item in items.values() if item.parent and item.parent not in items]
    while missing:
        parent_id = missing.pop()
        if parent_id in items:
            continue
        b, m, t = old.get(parent_id), ours.get(parent_id), other.get(parent_id)
        kept = m or t or b
        assert kept is not None
        items[parent_id] = _Item(type(kept.node), _values(kept), kept.parent)
        conflicts.append(_structural(b, m, t))
        if kept.parent and kept.parent not in items:
            missing.append(kept.parent)


def _groups(entries: dict[str, _Entry]) -> dict[tuple[str, type], list[str]]:
    groups: dict[tuple[str, type], list[str]] = {}
    for item_id, entry in entries.items():
        groups.setdefault((entry.parent, type(entry.node)), []).append(item_id)
    return groups


def _orders(
    items: dict[str, _Item], old: dict[str, _Entry], ours: dict[str, _Entry], other: dict[str, _Entry]
) -> dict[tuple[str, type], list[str]]:
    """Each group of siblings' ids in merged order, by (parent id, record type)."""
    members: dict[tuple[str, type], set[str]] = {}
    for item_id, item in items.items():
        members.setdefault((item.parent, item.kind), set()).add(item_id)
    was, mine, theirs = _groups(old), _groups(ours), _groups(other)
    return {
        key: _order(ids, was.get(key, []), mine.get(key, []), theirs.get(key, []))
        for key, ids in members.items()
    }


def _order(members: set[str], base: list[str], mine: list[str], theirs: list[str]) -> list[str]:
    """One group's order: the side that reordered it (mine if both), the other's additions fitted in."""
    in_mine, in_base = set(mine), set(base)
    mine_reordered = [i for i in mine if i in in_base] != [i for i in base if i in in_mine]
    skeleton, others = (mine, theirs) if mine_reordered else (theirs, mine)
    order = [i for i in skeleton if i in members]
    for source in (others, base, sorted(members)):
        for position, item_id in enumerate(source):
            if item_id in members and item_id not in order:
                before = next((p for p in reversed(source[:position]) if p in order), None)
                order.insert(0 if before is None else order.index(before) + 1, item_id)
    return order


def _merge_plan_fields(base: Plan | None, mine: Plan, theirs: Plan, conflicts: list[Conflict]) -> Plan:
    """Mine with the plan's own fields merged (analysis and vision per key); ``updated`` the later.

    Fields each valid alone may not be valid together (theirs moved the
    review before mine's new start): then theirs's values are conflicts too.
    """
    old = _plan_values(base) if base is not None else {}
    ours, other = _plan_values(mine), _plan_values(theirs)
    taken: dict[str, Any] = {}
    for name in PLAN_FIELDS:
        was = old.get(name, _MISSING)
        value, clash = _pick(was, ours[name], other[name])
        if clash:
            conflicts.append(_plan_conflict(mine, name, was, ours[name], other[name]))
        elif value != ours[name]:
            taken[name] = value
    updated = max(mine.updated, theirs.updated)
    try:
        return replace(_with_plan_fields(mine, taken), updated=updated)
    except ValidationError:
        conflicts += [_plan_conflict(mine, name, old.get(name, _MISSING), ours[name], other[name]) for name in taken]
        return replace(mine, updated=updated)


def _plan_conflict(plan: Plan, name: str, base: Any, mine: Any, theirs: Any) -> Conflict:
    shown = None if base is _MISSING else _data(base)
    return Conflict("plan", plan.id, name, "", shown, _data(mine), _data(theirs))


def _build(plan: Plan, items: dict[str, _Item], orders: dict[tuple[str, type], list[str]]) -> Plan:
    """The plan with its items rebuilt from the merged records, in merged order."""

    def children(parent_id: str, parent_type: type) -> dict[str, Any]:
        return {
            kind.collection: tuple(record(i) for i in orders.get((parent_id, kind.record), []))
            for kind in KINDS if kind.parent is parent_type and kind.collection in CHILD_FIELDS[parent_type]
        }

    def record(item_id: str) -> Any:
        item = items[item_id]
        return item.kind(**item.values, **children(item_id, item.kind), id=item_id)

    return replace(plan, **children("", Plan))


def _labelled(plan: Plan, conflicts: list[Conflict]) -> list[Conflict]:
    """The conflicts in plan order (plan fields first), each with its label for people."""
    where = _entries(plan)
    place = {item_id: n for n, item_id in enumerate(where)}
    names = list(PLAN_FIELDS)

    def rank(c: Conflict) -> tuple[int, int]:
        if c.record == "plan":
            return (0, names.index(c.field))
        return (1, place.get(c.item_id, len(place)))

    return [replace(c, label=_label(c, where.get(c.item_id))) for c in sorted(conflicts, key=rank)]


def _label(conflict: Conflict, entry: _Entry | None) -> str:
    if conflict.record == "plan":
        return f"Plan — {PLAN_FIELDS[conflict.field]}"
    if entry is None:
        return f"{conflict.record.capitalize()} {conflict.item_id}"
    item = f"{entry.label} “{_title(entry.node)}”"
    if conflict.field == "":
        return f"{item} — changed on one side, deleted on the other"
    if conflict.field == "parent":
        return f"{item} — moved to two places"
    labels = {spec.name: spec.label for spec in BY_TYPE[type(entry.node)].form}
    return f"{item} — {labels.get(conflict.field, conflict.field)}"


# --- resolving ----------------------------------------------------------------------


def resolve(plan: Plan, conflict: Conflict, value: Any) -> Plan:
    """The plan with the conflicted field set to ``value`` (mine, theirs or typed), as plan data.

    Field "": None deletes the item (and its children), anything else keeps it.
    Field "parent": the item moves under that parent ("" leaves a goal at the top).
    Raises ValidationError for a value the field refuses, ``edit.NodeNotFound``
    for an item no longer in the plan.
    """
    if conflict.record == "plan":
        return _with_plan_fields(plan, {conflict.field: value})
    if conflict.field == "":
        return plan if value is not None else edit.remove_node(plan, conflict.item_id)
    if conflict.field == "parent":
        node, ancestors = edit.find(plan, conflict.item_id)
        now = ancestors[-1].id if ancestors and not isinstance(ancestors[-1], Plan) else ""
        return plan if not value or value == now else edit.move_to_parent(plan, conflict.item_id, value)
    node, _ = edit.find(plan, conflict.item_id)
    if conflict.field not in {f.name for f in fields(node)}:
        raise ValidationError(conflict.field, f"{conflict.label or conflict.item_id}: no field {conflict.field!r}.")
    return edit.update_node(plan, conflict.item_id, **{conflict.field: value})


# --- git's merge driver ------------------------------------------------------------


def merge_files(base: Path, mine: Path, theirs: Path, path: str | None = None) -> tuple[Conflict, ...]:
    """Merge three versions of a plan file, as git's merge driver (``%O %A %B %P``).

    The merged plan goes into ``mine`` in the store's exact bytes; its
    conflicts (if any) are added to the conflicts file beside ``path`` (the
    plan file's path in the repository, relative to the current folder; without
    it, ``plans/``). An empty or missing ``base`` means the file was added on
    both sides. MergeError says, in one line, which input is not a plan file;
    then nothing is written.
    """
    old = _read_version(base, "base", missing_ok=True)
    ours = _read_version(mine, "mine")
    other = _read_version(theirs, "theirs")
    assert ours is not None and other is not None
    result = merge_plans(old, ours, other)
    store_folder = Path(path).parent.parent if path else Path(".")
    if result.conflicts:
        keep = {(c.record, c.item_id, c.field): c for c in _pending(store_folder, ours.id)}
        keep.update({(c.record, c.item_id, c.field): c for c in result.conflicts})
        try:
            save_conflicts(store_folder, ours.id, keep.values())
        except OSError as error:
            where = conflicts_path(store_folder, ours.id)
            raise MergeError(f"can't write the conflicts file {where}: {error.strerror or error}") from None
    atomic_write(mine, encode(plan_file_data(result.plan)))
    return result.conflicts


def _read_version(path: Path, which: str, missing_ok: bool = False) -> Plan | None:
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return None
        raise MergeError(f"can't read {which} ({path}): there is no such file") from None
    except OSError as error:
        raise MergeError(f"can't read {which} ({path}): {error.strerror or error}") from None
    if missing_ok and not content:
        return None
    try:
        return read_plan_content(content)[0]
    except BadFile as error:
        raise MergeError(f"{which} ({path}) is not a plan file: {error}") from None


def _pending(store_folder: Path, plan_id: str) -> list[Conflict]:
    """Conflicts still waiting from an earlier merge (kept; a bad file counts as none)."""
    try:
        return load_conflicts(store_folder, plan_id)
    except ConflictFileError:
        return []


# --- the conflicts file ---------------------------------------------------------------


def conflicts_path(store_folder: Path, plan_id: str) -> Path:
    """Where a plan's unresolved conflicts are kept: beside its file in ``plans/``."""
    return Path(store_folder) / "plans" / f"{plan_id}.conflicts.json"


def save_conflicts(store_folder: Path, plan_id: str, conflicts: Iterable[Conflict]) -> None:
    """Write the plan's conflicts (0600, atomically); none removes the file."""
    import json

    path = conflicts_path(store_folder, plan_id)
    found = list(conflicts)
    if not found:
        path.unlink(missing_ok=True)
        return
    data = {
        "schema": CONFLICTS_SCHEMA,
        "plan": plan_id,
        "conflicts": [{f.name: getattr(c, f.name) for f in fields(c)} for c in found],
    }
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write(path, text.encode("utf-8", "backslashreplace"))


def load_conflicts(store_folder: Path, plan_id: str) -> list[Conflict]:
    """The plan's unresolved conflicts ([] when there is no file); ConflictFileError names a bad one."""
    path = conflicts_path(store_folder, plan_id)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return []
    except OSError as error:
        raise ConflictFileError(f"Can't read the conflicts file {path}: {error.strerror or error}.") from None
    try:
        with os.fdopen(fd, "rb") as file:
            content = file.read()
    except OSError as error:
        raise ConflictFileError(f"Can't read the conflicts file {path}: {error.strerror or error}.") from None
    try:
        return _parse_conflicts(load_json(content), plan_id)
    except (JSONInputError, ValueError) as error:
        raise ConflictFileError(f"Can't read the conflicts file {path}: {error}.") from None


_KEYS = tuple(f.name for f in fields(Conflict))


def _parse_conflicts(data: Any, plan_id: str) -> list[Conflict]:
    if not isinstance(data, dict) or data.get("schema") != CONFLICTS_SCHEMA or not isinstance(data.get("conflicts"), list):
        raise ValueError(f'it must be an object with "schema": {CONFLICTS_SCHEMA} and a "conflicts" list')
    if data.get("plan") != plan_id:
        raise ValueError(f"it is for the plan {data.get('plan')!r}, not {plan_id}")
    found = []
    for number, entry in enumerate(data["conflicts"], 1):
        if not isinstance(entry, dict) or set(entry) != set(_KEYS):
            raise ValueError(f"conflict {number} must have exactly the keys {', '.join(_KEYS)}")
        if not all(isinstance(entry[k], str) for k in ("record", "item_id", "field", "label")):
            raise ValueError(f"conflict {number}: record, item_id, field and label must be text")
        found.append(Conflict(**entry))
    return found
