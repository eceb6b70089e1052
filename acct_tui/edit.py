"""Editing a plan by node id: add, replace, remove and reorder, anywhere in the tree.

Plans are immutable, so each operation returns a new Plan (re-validated by
the records themselves). The screens call these and hand the result to the
store; nothing here knows about Textual or the disk.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Iterator

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
    new_id,
    now_utc,
)

Node = Goal | Strategy | Initiative | Tactic | Stakeholder | Meeting | Metric | SellingTool


_COLLECTION_FOR: dict[type, str] = {
    Goal: "goals",
    Strategy: "strategies",
    Initiative: "initiatives",
    Tactic: "tactics",
    Stakeholder: "stakeholders",
    Meeting: "meetings",
    Metric: "metrics",
    SellingTool: "tools",
}

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
    """The plan with the node of the same id swapped for ``node``."""
    return _apply(plan, node.id, lambda items, i: items[:i] + (node,) + items[i + 1 :])


def update_node(plan: Plan, node_id: str, **changes: Any) -> Plan:
    """The plan with some fields of one node changed (validated)."""
    node, _ = find(plan, node_id)
    return replace_node(plan, replace(node, **changes))


def add_node(plan: Plan, node: Node, parent_id: str | None = None, index: int | None = None) -> Plan:
    """Insert ``node`` under ``parent_id`` (None: the plan itself) at ``index`` (default: last)."""
    collection = _COLLECTION_FOR[type(node)]

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
    """Clear cross-links (tactic→stakeholder, stakeholder→tactic, metric→goal) to ``gone``."""
    for node, _ in list(walk(plan)):
        link = {
            Tactic: "stakeholder_id",
            Stakeholder: "mitigation_tactic_id",
            Metric: "goal_id",
        }.get(type(node))
        if link and getattr(node, link) in gone:
            plan = update_node(plan, node.id, **{link: ""})
    return plan
