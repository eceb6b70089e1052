"""Editing a plan by node id: add, replace, remove and reorder, anywhere in the tree.

Plans are immutable, so each operation returns a new Plan (re-validated by
the records themselves). The screens call these and hand the result to the
store; nothing here knows about Textual or the disk.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any, Callable, Iterator

from acct_tui import plan_index
from acct_tui.kinds import kind_of, noun
from acct_tui.model import (
    CHILD_FIELDS,
    SHORT_MAX,
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    SellingTool,
    Stakeholder,
    Strategy,
    Tactic,
    Whitespace,
    new_id,
    now_utc,
)

Node = Goal | Strategy | Initiative | Tactic | Stakeholder | Meeting | Metric | SellingTool


Items = tuple[Any, ...]


class NodeNotFound(KeyError):
    """No node with that id in the plan (it may have been deleted)."""


def touch(plan: Plan) -> Plan:
    """The plan with ``updated`` set to now."""
    return replace(plan, updated=now_utc())


def copy_of(plan: Plan, taken: set[str]) -> Plan:
    """The plan as a new account: a fresh id and a name like "Northwind Health (my copy)".

    ``taken`` holds the other accounts' names, casefolded; the copy's name is
    not among them ("(my copy 2)", ...) and fits the name's length limit.
    Record ids inside stay: they only need to be unique within one plan.
    """
    for number in range(1, len(taken) + 2):
        suffix = " (my copy)" if number == 1 else f" (my copy {number})"
        name = plan.name[: SHORT_MAX - len(suffix)].rstrip() + suffix
        if name.casefold() not in taken:
            break
    return replace(plan, id=new_id(), name=name)


def walk(plan: Plan) -> Iterator[tuple[Node, tuple[Any, ...]]]:
    """Every node with its ancestors (plan first), depth first, in order."""

    def visit(parent: Any, ancestors: tuple[Any, ...]) -> Iterator[tuple[Node, tuple[Any, ...]]]:
        for name in CHILD_FIELDS.get(type(parent), ()):
            for child in getattr(parent, name):
                yield child, ancestors
                yield from visit(child, ancestors + (child,))

    yield from visit(plan, (plan,))


def find(plan: Plan, node_id: str) -> tuple[Node, tuple[Any, ...]]:
    """The node with ``node_id`` and its ancestors; raise NodeNotFound."""
    for node, ancestors in walk(plan):
        if node.id == node_id:
            return node, ancestors
    raise NodeNotFound(node_id)


def _rewrite(parent: Any, node_id: str, change: Callable[[Items, int], Items]) -> Any:
    """Rebuild ``parent`` with ``change`` applied to the tuple that holds ``node_id``.

    Returns None when the node is not below ``parent``.
    """
    for name in CHILD_FIELDS.get(type(parent), ()):
        items = getattr(parent, name)
        for index, child in enumerate(items):
            if child.id == node_id:
                return replace(parent, **{name: change(items, index)})
            rebuilt = _rewrite(child, node_id, change)
            if rebuilt is not None:
                return replace(parent, **{name: items[:index] + (rebuilt,) + items[index + 1 :]})
    return None


def _apply(plan: Plan, node_id: str, change: Callable[[Items, int], Items]) -> Plan:
    result = _rewrite(plan, node_id, change)
    if result is None:
        raise NodeNotFound(node_id)
    return touch(result)


def replace_node(plan: Plan, node: Node) -> Plan:
    """The plan with the node of the same id swapped for ``node`` (and its mitigation choice applied)."""
    node, choice = _without_choice(node)
    swapped = _apply(plan, node.id, lambda items, i: items[:i] + (node,) + items[i + 1 :])
    return _apply_choice(swapped, node.id, choice)


_CHOICE = "_mitigation_choice"
"""Where a stakeholder record carries its form's "Mitigating tactic" choice (not a field)."""


def choose_mitigation(person: Stakeholder, tactic_id: str) -> Stakeholder:
    """``person``, carrying the choice made in their form's "Mitigating tactic" field ("" for none).

    The link lives on the tactics (``Tactic.stakeholder_id``), so a stakeholder
    can't hold it; the choice rides along until ``add_node`` or
    ``replace_node`` puts the record into the plan and calls ``set_mitigation``
    in the same edit (one undo step). The screens need not know.
    """
    carrier = replace(person)
    object.__setattr__(carrier, _CHOICE, tactic_id)
    return carrier


def _without_choice(node: Node) -> tuple[Node, str | None]:
    """The node as the plan keeps it (a plain record), and the choice it carried, if any."""
    choice = node.__dict__.get(_CHOICE)
    return (node, None) if choice is None else (replace(node), choice)


def _apply_choice(plan: Plan, stakeholder_id: str, choice: str | None) -> Plan:
    return plan if choice is None else set_mitigation(plan, stakeholder_id, choice)


def set_mitigation(plan: Plan, stakeholder_id: str, tactic_id: str) -> Plan:
    """Make ``tactic_id`` the tactic that mitigates a stakeholder, from the stakeholder's side.

    The stakeholder's form shows one tactic: the first live one that works on
    them (``PlanIndex.mitigator``). Choosing another makes every other live
    tactic stop working on them and the chosen one start (it leaves whoever it
    worked on), so the form then shows the choice; choosing none ("") makes
    every live tactic stop working on them. Choosing the tactic already shown
    changes nothing.
    """
    links = plan_index.index(plan)
    shown = links.mitigator(stakeholder_id)
    if tactic_id == (shown.id if shown else ""):
        return plan
    stop = [tactic for tactic in links.mitigators(stakeholder_id) if tactic.id != tactic_id]
    for tactic in stop:
        plan = update_node(plan, tactic.id, stakeholder_id="")
    if tactic_id:
        plan = update_node(plan, tactic_id, stakeholder_id=stakeholder_id)
    return plan


def update_node(plan: Plan, node_id: str, **changes: Any) -> Plan:
    """The plan with some fields of one node changed (validated)."""
    node, _ = find(plan, node_id)
    return replace_node(plan, replace(node, **changes))


def add_node(plan: Plan, node: Node, parent_id: str | None = None, index: int | None = None) -> Plan:
    """Insert ``node`` under ``parent_id`` (None: the plan itself) at ``index`` (default: last).

    A stakeholder that carries a form's mitigation choice (``choose_mitigation``)
    has it applied to the tactics in the same edit.
    """
    node, choice = _without_choice(node)
    return _apply_choice(_add_node(plan, node, parent_id, index), node.id, choice)


def _add_node(plan: Plan, node: Node, parent_id: str | None, index: int | None) -> Plan:
    collection = kind_of(type(node)).collection

    def insert(parent: Any) -> Any:
        items = getattr(parent, collection)
        at = len(items) if index is None else max(0, min(index, len(items)))
        return replace(parent, **{collection: items[:at] + (node,) + items[at:]})

    if parent_id is None:
        return touch(insert(plan))
    parent, _ = find(plan, parent_id)
    return replace_node(plan, insert(parent))


def remove_node(plan: Plan, node_id: str) -> Plan:
    """The plan without the node (and its subtree); links to removed nodes are cleared."""
    node, _ = find(plan, node_id)
    gone = {node.id} | {child.id for child, ancestors in walk(plan) if node in ancestors}
    plan = _apply(plan, node_id, lambda items, i: items[:i] + items[i + 1 :])
    return _drop_links(plan, gone)


def move_node(plan: Plan, node_id: str, delta: int) -> Plan:
    """Move a node ``delta`` places among its siblings (clamped at the ends)."""

    def shift(items: Items, i: int) -> Items:
        target = max(0, min(len(items) - 1, i + delta))
        rest = items[:i] + items[i + 1 :]
        return rest[:target] + (items[i],) + rest[target:]

    return _apply(plan, node_id, shift)


def _drop_links(plan: Plan, gone: set[str]) -> Plan:
    """Clear every cross-link to ``gone``: single links (``*_id``), lists of links
    (``*_ids``) and the whitespace map's "pursued by"."""

    def keep(link: str) -> bool:
        return link not in gone

    for node, _ in list(walk(plan)):
        changes = link_changes(node, keep)
        if changes:
            plan = update_node(plan, node.id, **changes)
    whitespace = whitespace_linking_only(plan.whitespace, keep)
    return plan if whitespace is plan.whitespace else replace(plan, whitespace=whitespace)


def link_changes(node: Any, keep: Callable[[str], bool]) -> dict[str, Any]:
    """The fields of ``node`` (``*_id``, ``*_ids``) holding a link ``keep`` refuses, with that link removed.

    The one walk over a record's links: removing items (links to them go) and
    the customer edition (links only to what it shows stay) both use it.
    """
    changes: dict[str, Any] = {}
    for spec in fields(node):
        value = getattr(node, spec.name)
        if spec.name.endswith("_id") and value and not keep(value):
            changes[spec.name] = ""
        elif spec.name.endswith("_ids") and not all(keep(link) for link in value):
            changes[spec.name] = tuple(link for link in value if keep(link))
    return changes


def whitespace_linking_only(whitespace: Whitespace, keep: Callable[[str], bool]) -> Whitespace:
    """The whitespace map with each cell's "pursued by" cleared where ``keep`` refuses it
    (the same map, unchanged, when every link is kept)."""
    cells = whitespace.cells
    if all(not cell.pursued_by_id or keep(cell.pursued_by_id) for cell in cells):
        return whitespace
    kept = tuple(
        cell if not cell.pursued_by_id or keep(cell.pursued_by_id) else replace(cell, pursued_by_id="")
        for cell in cells
    )
    return replace(whitespace, cells=kept)


def describe_change(before: Plan | None, after: Plan | None) -> str:
    """What changed between two versions of a plan, in a few words for an undo toast.

    "delete strategy “Introduce the new product” and 3 items under it",
    "add tactic “Meet the VP”", "edit goal “Grow revenue”", "change the vision".
    """
    if before is None:
        return f"add the plan for {after.name}" if after is not None else "nothing"
    if after is None:
        return f"delete the plan for {before.name}"
    old = {node.id: (node, ancestors) for node, ancestors in walk(before)}
    new = {node.id: (node, ancestors) for node, ancestors in walk(after)}
    gone = [node_id for node_id in old if node_id not in new]
    if gone:
        below = f" and {len(gone) - 1} item(s) under it" if len(gone) > 1 else ""
        return f"delete {_named(old[gone[0]][0])}{below}"
    added = [node_id for node_id in new if node_id not in old]
    if added:
        return f"add {_named(new[added[0]][0])}"
    for node_id, (node, _) in new.items():
        if _own_fields(node) != _own_fields(old[node_id][0]):
            return f"edit {_named(node)}"
    for node_id, (node, ancestors) in new.items():
        if _place(node_id, ancestors) != _place(node_id, old[node_id][1]):
            return f"move {_named(node)}"
    for name, label in _PLAN_FIELDS.items():
        if getattr(before, name) != getattr(after, name):
            return f"change the {label}"
    return "change the plan"


_PLAN_FIELDS = {
    "name": "account name",
    "industry": "industry",
    "owner": "plan owner",
    "start": "start date",
    "review": "review date",
    "reviewed": "last review held",
    "analysis": "analysis",
    "vision": "vision",
    "risks": "risks",
    "asks": "asks",
}


def _named(node: Node) -> str:
    title = getattr(node, "title", "") if not isinstance(node, Stakeholder) else node.name
    title = title or getattr(node, "name", "")
    short = title if len(title) <= 40 else title[:39] + "…"
    return f"{noun(type(node))} “{short}”"


def _own_fields(node: Node) -> tuple[Any, ...]:
    """A node's values without its children (a child's change is the child's)."""
    children = CHILD_FIELDS.get(type(node), ())
    return tuple(getattr(node, f.name) for f in fields(node) if f.name not in children)


def _place(node_id: str, ancestors: tuple[Any, ...]) -> tuple[str, int]:
    """Which parent holds the node, and where among its siblings."""
    parent = ancestors[-1]
    for name in CHILD_FIELDS.get(type(parent), ()):
        ids = [child.id for child in getattr(parent, name)]
        if node_id in ids:
            return getattr(parent, "id", ""), ids.index(node_id)
    return "", -1


class BadParent(ValueError):
    """The node can't go under that parent (wrong kind, or the node itself)."""


def move_to_parent(plan: Plan, node_id: str, new_parent_id: str) -> Plan:
    """The plan with the node (and its subtree) moved under ``new_parent_id``, last.

    Only the parent changes: every id, field and cross-link stays as it was.
    Raise NodeNotFound for an unknown id and BadParent when the new parent
    can't hold that kind of node (an initiative goes under a strategy only).
    """
    node, _ = find(plan, node_id)
    parent, ancestors = find(plan, new_parent_id)
    kind = kind_of(type(node))
    if type(parent) is not kind.parent:
        where = f"it goes under a {noun(kind.parent)}" if kind.parent is not Plan else "it sits at the top of the plan"
        raise BadParent(f"Can't move {_named(node)} under {_named(parent)}: {where}.")
    plan = _apply(plan, node_id, lambda items, i: items[:i] + items[i + 1 :])
    return add_node(plan, node, new_parent_id)
