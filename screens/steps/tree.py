"""Goals, strategies, initiatives and tactics: one tree, four steps.

The whole chain is always in view, so a strategy is added while its goal is
on screen. The step decides what "add" adds: in the Strategies step, a
strategy under the goal the cursor is in, and so on down the chain.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from acct_tui.coach import check_plan
from acct_tui.edit import add_node, find, move_node, remove_node, replace_node
from acct_tui.fields import noun as kind_noun
from acct_tui.kinds import TREE
from acct_tui.model import Goal, Tactic
from acct_tui.plan_index import numbering
from screens.dialogs import ConfirmScreen
from screens.forms import ItemForm
from screens.steps.base import StepPane, list_bindings

# The goal tree's levels, from the registry of kinds (acct_tui.kinds).
LEVELS: dict[str, type] = {kind.step: kind.record for kind in TREE}
PARENT: dict[type, type | None] = {kind.record: None if kind is TREE[0] else kind.parent for kind in TREE}
CHILD_NAMES: dict[type, str] = {kind.parent: kind.collection for kind in TREE[1:]}
CHILD_KIND: dict[type, type] = {kind.parent: kind.record for kind in TREE[1:]}
STATUS_MARK = {"open": "[ ]", "doing": "[~]", "done": "[x]", "dropped": "[-]"}


def node_label(plan_numbers: dict[str, str], node: Any, flagged: set[str]) -> Text:
    """A tree line: number, title as plain text, a few facts, a mark if the coach flags it."""
    label = Text()
    if isinstance(node, Tactic):
        label.append(f"{STATUS_MARK[node.status]} ", style="bold")
        label.append(node.action)
        details = [node.owner or "no owner", node.due.isoformat() if node.due else "no date"]
        label.append(f"  ({' · '.join(details)})", style="dim")
    else:
        label.append(f"{plan_numbers.get(node.id, '')}: ", style="bold")
        label.append(node.title)
        children = _children(node)
        noun = kind_noun(CHILD_KIND[type(node)], len(children))
        label.append(f"  ({len(children)} {noun})", style="dim")
    if node.id in flagged:
        label.append("  ⚠", style="bold yellow")
    label.expand_tabs(4)  # a title may hold a tab; Tree would write it to the terminal as it is
    return label


class PlanTree(Tree[str]):
    """The goal tree; node data is the plan node's id."""


class TreePane(StepPane):
    """Edit one level of the goal tree, with the whole tree in view."""

    BINDINGS = list_bindings("tree")

    def __init__(self, plan_id: str, step_key: str) -> None:
        self.step_key = step_key
        super().__init__(plan_id)
        self.node_kind = LEVELS[step_key]

    def compose(self) -> ComposeResult:
        yield Static("", id=f"breadcrumb-{self.step_key}", classes="breadcrumb", markup=False)
        tree = PlanTree("Vision", id=f"tree-{self.step_key}", classes="plan-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        yield Static(self._help_line(), classes="pane-help", markup=False)

    def _help_line(self) -> str:
        noun = kind_noun(self.node_kind)
        return f"a add {noun} · enter/e edit · d delete · alt+↑/↓ move · space fold · ⚠ the coach flags it"

    def on_mount(self) -> None:
        self.refresh_from_plan()

    @property
    def plan_tree(self) -> PlanTree:
        return self.query_one(PlanTree)

    def refresh_from_plan(self, select: str | None = None) -> None:
        plan = self.plan
        tree = self.plan_tree
        keep = select or self.selected_id()
        numbers = numbering(plan)
        flagged = {f.node_id for f in check_plan(plan) if f.step in LEVELS}
        tree.clear()
        target: TreeNode | None = None
        depth = list(LEVELS.values()).index(self.node_kind)

        def add(parent: TreeNode, node: Any, level: int) -> None:
            nonlocal target
            children = _children(node)
            label = node_label(numbers, node, flagged)
            branch = parent.add(label, data=node.id, expand=level <= depth, allow_expand=bool(children))
            if node.id == keep:
                target = branch
            for child in children:
                add(branch, child, level + 1)

        for goal in plan.goals:
            add(tree.root, goal, 0)
        if not plan.goals:
            hint = "press a to add the first one." if self.node_kind is Goal else "add them in step 4 (Goals)."
            tree.root.add_leaf(Text(f"No goals yet: {hint}", style="italic"))
        if target is not None:
            node = target
            while node.parent is not None:
                node.parent.expand()
                node = node.parent
            self.call_after_refresh(tree.move_cursor, target)
        elif plan.goals:
            self.call_after_refresh(tree.move_cursor_to_line, 0)
        self.call_after_refresh(self._update_breadcrumb)

    def selected_id(self) -> str | None:
        node = self.plan_tree.cursor_node
        return node.data if node is not None else None

    def selected(self) -> tuple[Any, tuple[Any, ...]] | None:
        node_id = self.selected_id()
        if not node_id:
            return None
        try:
            return find(self.plan, node_id)
        except KeyError:
            return None

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        self._update_breadcrumb()

    def _update_breadcrumb(self) -> None:
        found = self.selected()
        numbers = numbering(self.plan)
        if found is None:
            text = ""
        else:
            node, ancestors = found
            chain = [*ancestors[1:], node]
            text = "  ›  ".join(f"{numbers.get(n.id, 'Tactic')}: {n.title}" for n in chain)
        self.query_one(".breadcrumb", Static).update(text)

    def select_node(self, node_id: str) -> None:
        self.refresh_from_plan(select=node_id or None)
        self.plan_tree.focus()

    def focus_first(self) -> None:
        self.plan_tree.focus()

    # --- actions -------------------------------------------------------------

    def _parent_for_add(self) -> Any | None:
        """The node a new item of this step's level goes under (None: top level)."""
        parent_type = PARENT[self.node_kind]
        if parent_type is None:
            return None
        found = self.selected()
        if found is None:
            return None
        node, ancestors = found
        for candidate in (node, *reversed(ancestors)):
            if isinstance(candidate, parent_type):
                return candidate
        # The cursor is above the parent level (e.g. on a goal in the Tactics step):
        # take the first parent below it.
        for child_path in _descend(node):
            if isinstance(child_path, parent_type):
                return child_path
        return None

    def action_add(self) -> None:
        parent_type = PARENT[self.node_kind]
        parent = self._parent_for_add()
        if parent_type is not None and parent is None:
            self.notify(
                f"Add {kind_noun(parent_type, 2)} first (the step before this one): each "
                f"{kind_noun(self.node_kind)} goes under a {kind_noun(parent_type)}.",
                severity="warning",
            )
            return
        context = self._form_context(parent)
        parent_id = parent.id if parent is not None else None

        def apply(record: Any) -> None:
            self.save(add_node(self.plan, record, parent_id))
            self.refresh_from_plan(select=record.id)

        self.app.push_screen(ItemForm(self.node_kind, self.plan, apply, context=context))

    def _form_context(self, parent: Any | None) -> str:
        if parent is None:
            vision = self.plan.vision.statement.strip()
            return f"Serves the vision: {vision}" if vision else ""
        numbers = numbering(self.plan)
        _, ancestors = find(self.plan, parent.id)
        chain = [*ancestors[1:], parent]
        return "\n".join(f"{numbers.get(n.id, '')}: {n.title}" for n in chain)

    def action_edit(self) -> None:
        found = self.selected()
        if found is None:
            return
        node, ancestors = found
        context = self._form_context(ancestors[-1]) if len(ancestors) > 1 else ""

        def apply(record: Any) -> None:
            self.save(replace_node(self.plan, record))
            self.refresh_from_plan(select=record.id)

        self.app.push_screen(ItemForm(type(node), self.plan, apply, record=node, context=context))

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        event.stop()
        if event.node.data:
            self.action_edit()

    def action_delete(self) -> None:
        found = self.selected()
        if found is None:
            return
        node, ancestors = found
        label = numbering(self.plan).get(node.id, type(node).__name__)
        below = sum(1 for _ in _descend(node)) - 1
        extra = f"\nThis also deletes the {below} item(s) under it." if below else ""
        parent = ancestors[-1]
        siblings = [n.id for n in (_children(parent) if len(ancestors) > 1 else parent.goals)]
        at = siblings.index(node.id)
        neighbours = siblings[:at][-1:] + siblings[at + 1 :][:1]
        then_select = neighbours[0] if neighbours else getattr(ancestors[-1], "id", None)

        def delete(sure: bool | None) -> None:
            if sure:
                self.save(remove_node(self.plan, node.id))
                self.refresh_from_plan(select=then_select)

        self.app.push_screen(ConfirmScreen(f"Delete {label}: {node.title}?{extra}", "Delete"), delete)

    def action_move(self, delta: int) -> None:
        node_id = self.selected_id()
        if node_id:
            self.save(move_node(self.plan, node_id, delta))
            self.refresh_from_plan(select=node_id)


def _children(node: Any) -> tuple[Any, ...]:
    """A goal's strategies, a strategy's initiatives, an initiative's tactics; () for a tactic."""
    field_name = CHILD_NAMES.get(type(node))
    return getattr(node, field_name) if field_name else ()


def _descend(node: Any):
    """The node and everything under it, depth first."""
    yield node
    for child in _children(node):
        yield from _descend(child)
