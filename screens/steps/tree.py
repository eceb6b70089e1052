"""Goals, strategies, initiatives and tactics: one tree, four steps.

The whole chain is always in view, so a strategy is added while its goal is
on screen. The step decides what "add" adds: in the Strategies step, a
strategy under the goal the cursor is in, and so on down the chain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static, Tree
from textual.widgets.option_list import Option
from textual.widgets.tree import NodeID, TreeNode

from acct_tui.coach import check_plan
from acct_tui.edit import (
    BadParent,
    add_node,
    find,
    move_node,
    move_to_parent,
    remove_node,
    replace_node,
    update_node,
    walk,
)
from acct_tui.fields import noun as kind_noun
from acct_tui.kinds import TREE
from acct_tui.model import Goal, Plan, Tactic
from acct_tui.plan_index import numbering
from acct_tui.sharing import INHERITED, describe, hidden, toggled
from screens.dialogs import ConfirmScreen
from screens.forms import ItemForm
from screens.steps.base import StepPane, list_bindings
from screens.fit_footer import FitFooter

# The goal tree's levels, from the registry of kinds (acct_tui.kinds).
LEVELS: dict[str, type] = {kind.step: kind.record for kind in TREE}
PARENT: dict[type, type | None] = {kind.record: None if kind is TREE[0] else kind.parent for kind in TREE}
CHILD_NAMES: dict[type, str] = {kind.parent: kind.collection for kind in TREE[1:]}
CHILD_KIND: dict[type, type] = {kind.parent: kind.record for kind in TREE[1:]}
STATUS_MARK = {"open": "[ ]", "doing": "[~]", "done": "[x]", "dropped": "[-]"}


INTERNAL_MARK = "internal"
"""Among a row's facts when the customer edition leaves the item out by its own
flag. Rows inside an internal item are dimmed instead: the word on every one of
them would leave no room for the titles at 80 columns."""

GAP = "  "
"""Between a row's title and its facts (owner, due, count, ⚠)."""

MIN_TITLE = 10
"""Cells of title a row keeps before its facts start to give way too."""

OPEN_ROWS = 400
"""Rows a tree opens by itself: past them, branches start folded.

A step opens the tree down to its own level. On a plan of 20,000 tactics
that is 24,000 rows, which take seconds to build and which nobody reads in
one go; the first branches open and the rest wait, folded, for space.
Plans the size a person writes (the sample has ~50 rows) open in full.
"""


def row_parts(
    plan_numbers: dict[str, str], node: Any, flagged: AbstractSet[str], marks: Mapping[str, str] | None = None
) -> tuple[Text, Text]:
    """A tree row in two parts: the head (number or status, title as plain text) and its facts.

    The facts (owner and due date, or how many children; "internal" if the
    customer edition leaves it out by its own flag (``marks``: ``sharing.hidden``;
    a row inside an internal item is dimmed); ⚠ if the coach flags it) are kept
    apart so the row can cut the title, not them, to fit.
    """
    head = Text()
    facts = Text()
    if isinstance(node, Tactic):
        head.append(f"{STATUS_MARK[node.status]} ", style="bold")
        head.append(node.action)
        owner = node.owner or "no owner"
        facts.append(f"{owner} · {node.due.isoformat() if node.due else 'no date'}", style="dim")
    else:
        head.append(f"{plan_numbers.get(node.id, '')}: ", style="bold")
        head.append(node.title)
        children = _children(node)
        facts.append(f"{len(children)} {kind_noun(CHILD_KIND[type(node)], len(children))}", style="dim")
    if isinstance(node, Goal) and node.joint:  # a goal agreed with the customer (issue 13)
        facts.append(" ⇄ joint", style="bold cyan")
    mark = (marks or {}).get(node.id)
    if mark == INHERITED:
        head.stylize("dim")
    elif mark:
        facts.append(" · ", style="dim")
        facts.append(INTERNAL_MARK, style="bold magenta")
    if node.id in flagged:
        facts.append(" ⚠", style="bold yellow")
    head.expand_tabs(4)  # a title may hold a tab; Tree would write it to the terminal as it is
    facts.expand_tabs(4)
    return head, facts


def node_label(plan_numbers: dict[str, str], node: Any, flagged: AbstractSet[str]) -> Text:
    """A whole tree line as one text (what the row reads before it is fitted to a width)."""
    head, facts = row_parts(plan_numbers, node, flagged)
    return Text.assemble(head, GAP, facts)


def fit_row(label: Text, split: int, width: int) -> Text:
    """The row in exactly ``width`` cells, facts right-aligned.

    ``label[:split]`` is the head, the rest the facts (after GAP). The title
    loses its end (…) first; the facts give way only below MIN_TITLE cells.
    """
    head, facts = label[:split], label[split + len(GAP) :]
    if width <= 0:
        return label.copy()
    room = width - facts.cell_len - len(GAP)
    if room < min(head.cell_len, MIN_TITLE):
        room = min(head.cell_len, MIN_TITLE, width)
        facts.truncate(max(0, width - room - len(GAP)), overflow="ellipsis")
    if head.cell_len > room:
        head.truncate(max(room, 0), overflow="ellipsis")
    row = head
    row.append(" " * max(0, width - head.cell_len - facts.cell_len))
    row.append_text(facts)
    row.truncate(width)
    return row


def fit_line(text: str, width: int) -> str:
    """One line of plain text cut with … to ``width`` cells (no cut before layout)."""
    if width <= 0:
        return text
    line = Text(text, no_wrap=True)
    line.truncate(width, overflow="ellipsis")
    return line.plain


def flagged_ids(plan: Plan) -> frozenset[str]:
    """Ids of goal-tree nodes the coach flags.

    The four tree panes all refresh after an undo; the coach keeps its
    findings on the (immutable) plan, so asking again costs no second check.
    """
    return frozenset(f.node_id for f in check_plan(plan) if f.step in LEVELS)


TOGGLE = Style.from_meta({"toggle": True})
"""Marks the fold icon as the place a click folds (as Tree's own rows do)."""


class PlanTree(Tree[str]):
    """The goal tree; node data is the plan node's id.

    Each row is fitted to the tree's width as it is drawn: the title is cut
    with … and owner, due date and ⚠ stay right-aligned in view (redrawn on
    resize, since Tree's line cache is keyed by width).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.splits: dict[NodeID, int] = {}
        """Where each row's facts start in its label, by tree node id."""
        self._fitted: dict[NodeID, tuple[Text, int, Text]] = {}
        """Each row's label fitted to a width, by tree node id: (label, width, fitted row)."""

    def add_row(self, parent: TreeNode[str], head: Text, facts: Text, data: str, **where: Any) -> TreeNode[str]:
        """A new row under ``parent`` showing ``head`` and ``facts`` (``where``: Tree's add options)."""
        node = parent.add(Text.assemble(head, GAP, facts), data=data, **where)
        self.splits[node.id] = len(head.plain)
        return node

    def set_row(self, node: TreeNode[str], head: Text, facts: Text) -> None:
        """Show ``head`` and ``facts`` on ``node``'s row."""
        self.splits[node.id] = len(head.plain)
        node.set_label(Text.assemble(head, GAP, facts))

    def forget_row(self, node_id: NodeID) -> None:
        """A row taken down: what was kept for drawing it (where its facts start, its fitted label) goes."""
        self.splits.pop(node_id, None)
        self._fitted.pop(node_id, None)

    def process_label(self, label: str | Text) -> Text:
        """Rows are Text already, one line each (the model refuses line breaks): no markup, no split."""
        return label if isinstance(label, Text) else super().process_label(label)

    def _indent(self, node: TreeNode[str]) -> int:
        """Cells left of the label: guides per level (root hidden) and the fold icon."""
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        return depth * self.guide_depth + (len(self.ICON_NODE) if node.allow_expand else 0)

    def render_label(self, node: TreeNode[str], base_style: Style, style: Style) -> Text:
        """The row fitted to the width, styled; the fitting is kept until the label or width changes.

        Tree draws every visible row again each time the step is shown (its
        line cache is cleared on Resize): fitting them took 0.35 ms a row,
        17 ms for the Tactics step at 100×30.
        """
        width = self.scrollable_content_region.width - self._indent(node)
        label = node.label if isinstance(node.label, Text) else Text(str(node.label))
        fitted = self._fitted.get(node.id)
        if fitted is None or fitted[0] is not label or fitted[1] != width:
            fitted = (label, width, self._fit(node, label, width))
            self._fitted[node.id] = fitted
        row = fitted[2].copy()
        row.stylize(style)
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            return Text.assemble((icon, base_style + TOGGLE), row)
        return row

    def _fit(self, node: TreeNode[str], label: Text, width: int) -> Text:
        """The row as ``width`` shows it (``render_label`` copies it before styling)."""
        split = self.splits.get(node.id)
        if split is not None:
            return fit_row(label, split, width)
        if width > 0 and label.cell_len > width:
            row = Text(fit_line(label.plain, width))
            if row.plain != label.plain:
                return row
        return label

    def get_label_width(self, node: TreeNode[str]) -> int:
        """Just the fold icon: rows are fitted to the width as they are drawn, so none is wider.

        Tree asks this of every row on every rebuild (to size sideways
        scrolling, which a fitted row never needs); it must cost nothing.
        """
        return len(self.ICON_NODE) if node.allow_expand else 0


class ParentPicker(ModalScreen[str | None]):
    """Pick the new parent for an item: numbered titles, enter picks, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog parent-picker"):
            yield Static(self.title_text, markup=False, classes="dialog-title")
            yield OptionList(*(Option(Text(label), id=node_id) for node_id, label in self.choices))
        yield FitFooter()

    def on_mount(self) -> None:
        choices = self.query_one(OptionList)
        choices.highlighted = 0  # enter at once moves it under the first one listed
        choices.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TreePane(StepPane):
    """Edit one level of the goal tree, with the whole tree in view.

    The tree is updated in place: only rows whose node, number or ⚠ changed
    are relabelled, and only added, removed or moved branches are built, so
    the folds the user opened and the cursor stay where they were.

    A folded branch's rows are built when it is first opened (``pending``
    holds the folded rows whose children are not built yet), and the tree
    opens at most ``OPEN_ROWS`` rows by itself: a step move costs the rows
    in view, not the plan's size.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *list_bindings("tree"),
        Binding("x", "toggle_done", "Done", tooltip="Mark the tactic done (or open again)", id="tree-done"),
        Binding("m", "move_to_parent", "Move to…", tooltip="Move the item under another parent", id="tree-move-to"),
        Binding(
            "s", "toggle_share", "Share",
            tooltip="Share the item with the customer, or keep it internal (dimmed: inside an internal item)",
            id="tree-share",
        ),
    ]

    def __init__(self, plan_id: str, step_key: str) -> None:
        self.step_key = step_key
        super().__init__(plan_id)
        self.node_kind = LEVELS[step_key]
        self.drawn: Plan | None = None
        """The plan version the tree shows (plans are immutable: `is` tells a change)."""
        self.rows: dict[str, TreeNode[str]] = {}
        self.facts: dict[str, tuple[Any, str, bool, str]] = {}
        """Per node id: the node, its number, its ⚠ and its sharing mark, as its row shows them."""
        self.folds: dict[str, bool] = {}
        """Folds of branches taken down (moved), for when they are built again."""
        self.numbers: dict[str, str] = {}
        self.flags: frozenset[str] = frozenset()
        self.marks: Mapping[str, str] = {}
        """The items the customer edition leaves out, and why (``sharing.hidden``)."""
        self.rebuilt = 0
        """Rows built or relabelled so far (what an update costs; for measuring)."""
        self.pending: set[str] = set()
        """Ids of folded rows whose children are not built yet (built when opened)."""
        self._tree = PlanTree("Vision", id=f"tree-{step_key}", classes="plan-tree")

    def compose(self) -> ComposeResult:
        yield Static("", id=f"breadcrumb-{self.step_key}", classes="breadcrumb", markup=False)
        tree = self._tree
        tree.show_root = False
        tree.guide_depth = 2
        plan = self.plan
        self._sync(plan)  # before the tree is mounted, where adding a row repaints nothing
        self.drawn = plan
        yield tree
        yield Static(self._help_line(), classes="pane-help", markup=False)

    def _help_line(self) -> str:
        """This step's keys, the ones new to the tree first (a narrow pane cuts the end)."""
        keys = [f"a add {kind_noun(self.node_kind)}", "e edit"]
        if self.node_kind is Tactic:
            keys.append("x done")
        if PARENT[self.node_kind] is not None:
            keys.append("m move to…")
        keys += ["d delete", "alt+↑/↓ order", "space fold", "⚠ the coach flags it"]
        return " · ".join(keys)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """x only where tactics are edited, m only below goals: the footer lists what works here."""
        if action == "toggle_done":
            return self.node_kind is Tactic
        if action == "move_to_parent":
            return PARENT[self.node_kind] is not None
        return True

    def on_mount(self) -> None:
        self.refresh_from_plan()

    def on_resize(self, event: events.Resize) -> None:
        self._update_breadcrumb()

    @property
    def plan_tree(self) -> PlanTree:
        return self._tree

    # --- showing the plan ------------------------------------------------------

    def refresh_from_plan(self, select: str | None = None) -> None:
        """Show the plan's current version; put the cursor on ``select`` (else where it was)."""
        plan = self.plan
        keep = select or self.selected_id()
        if plan is not self.drawn:
            self._sync(plan)
            self.drawn = plan
        tree = self.plan_tree
        if select:
            self._reveal(select)
        target = self.rows.get(keep) if keep else None
        if target is not None:
            if select:
                node = target
                while node.parent is not None:
                    node.parent.expand()
                    node = node.parent
            self.call_after_refresh(self._put_cursor, target)
        elif plan.goals:
            self.call_after_refresh(tree.move_cursor_to_line, 0)
        self.call_after_refresh(self._update_breadcrumb)

    def _put_cursor(self, node: TreeNode[str]) -> None:
        tree = self.plan_tree
        if node.tree is tree and tree.cursor_node is not node and self.rows.get(node.data or "") is node:
            tree.move_cursor(node)

    def _sync(self, plan: Plan) -> None:
        """Bring the tree from the shown plan to ``plan``, touching only what changed."""
        tree = self.plan_tree
        self.numbers = numbering(plan)
        flags = flagged_ids(plan)
        dirty = self._ancestry(flags ^ self.flags)
        self.flags = flags
        self.marks = hidden(plan)  # a mark changes with the item's flag or an ancestor's: its branch is looked into
        self._sync_children(tree.root, plan.goals, 0, dirty)
        if not plan.goals:
            hint = "press a to add the first one." if self.node_kind is Goal else "add them in step 4 (Goals)."
            tree.root.add_leaf(Text(f"No goals yet: {hint}", style="italic"))

    def _ancestry(self, ids: set[str] | frozenset[str]) -> set[str]:
        """``ids`` and every node above them in the tree: the branches to look into."""
        out: set[str] = set()
        for node_id in ids:
            node = self.rows.get(node_id)
            while node is not None and node.data and node.data not in out:
                out.add(node.data)
                node = node.parent
        return out | set(ids)

    def _sync_children(self, parent: TreeNode[str], items: tuple[Any, ...], level: int, dirty: set[str]) -> None:
        """Make ``parent``'s rows show ``items`` in order, then update each one that changed."""
        if [child.data for child in parent.children] != [item.id for item in items]:
            self._reshape(parent, items, level)
        for item in items:
            number = self.numbers.get(item.id, "")
            flag = item.id in self.flags
            mark = self.marks.get(item.id, "")
            shown = self.facts.get(item.id)
            if shown is not None and shown[0] is item and shown[1:] == (number, flag, mark) and item.id not in dirty:
                continue  # same node object, same number: nothing below it changed either
            row = self.rows[item.id]
            self._label(row, item)
            row.allow_expand = bool(_children(item))
            if item.id in self.pending:  # built from the node as it is then, when opened
                if not _children(item):
                    self.pending.discard(item.id)
                continue
            self._sync_children(row, _children(item), level + 1, dirty)

    def _level(self, row: TreeNode[str]) -> int:
        """0 for a goal's row, 1 for a strategy's, and so on."""
        level = -1
        while row.parent is not None:
            level += 1
            row = row.parent
        return level

    def _build_pending(self, row: TreeNode[str]) -> None:
        """Build the children of a folded row that has not shown them yet."""
        node_id = row.data or ""
        if node_id in self.pending and self.rows.get(node_id) is row:
            self.pending.discard(node_id)
            for child in _children(self.facts[node_id][0]):
                self._build(row, child, self._level(row) + 1)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[str]) -> None:
        """A folded branch opened: build its rows now (they were left out until needed)."""
        self._build_pending(event.node)

    def _reveal(self, node_id: str) -> None:
        """Build the rows down to ``node_id`` (the rest of the branches stay as they are)."""
        if node_id in self.rows or self.drawn is None:
            return
        try:
            _, ancestors = find(self.drawn, node_id)
        except KeyError:
            return
        for ancestor in ancestors[1:]:
            row = self.rows.get(ancestor.id)
            if row is not None:
                self._build_pending(row)

    def _reshape(self, parent: TreeNode[str], items: tuple[Any, ...], level: int) -> None:
        """Remove rows that left ``parent``, add the new ones and put them in order.

        A row out of place is taken down and built again (with its folds);
        Tree has no way to move a node.
        """
        wanted = {item.id for item in items}
        for child in list(parent.children):
            if child.data not in wanted:
                self._take_down(child)
        for index, item in enumerate(items):
            children = parent.children
            if index < len(children) and children[index].data == item.id:
                continue
            old = self.rows.get(item.id)
            if old is not None:
                self._take_down(old)
            self._build(parent, item, level, before=index)

    def _take_down(self, row: TreeNode[str]) -> None:
        """Remove a row and its branch, remembering its folds."""
        tree = self.plan_tree

        def forget(node: TreeNode[str]) -> None:
            tree.forget_row(node.id)
            if node.data and self.rows.get(node.data) is node:
                self.folds[node.data] = node.is_expanded
                del self.rows[node.data]
                self.facts.pop(node.data, None)
                self.pending.discard(node.data)
            for child in node.children:
                forget(child)

        forget(row)
        row.remove()

    def _build(self, parent: TreeNode[str], item: Any, level: int, before: int | None = None) -> None:
        """Add a row for ``item`` and its branch: open to this step's level (or as it was), folded rows' later."""
        children = _children(item)
        opens = level <= list(LEVELS.values()).index(self.node_kind) and len(self.rows) + len(children) < OPEN_ROWS
        expand = self.folds.pop(item.id, opens)
        if before is not None and before >= len(parent.children):
            before = None
        head, facts = row_parts(self.numbers, item, self.flags, self.marks)
        row = self.plan_tree.add_row(parent, head, facts, item.id, before=before, expand=expand, allow_expand=bool(children))
        self.rows[item.id] = row
        self._shown_as(item)
        if not expand and children:
            self.pending.add(item.id)
            return
        for child in children:
            self._build(row, child, level + 1)

    def _label(self, row: TreeNode[str], item: Any) -> None:
        """Relabel ``row`` to show ``item`` as it is now."""
        self.plan_tree.set_row(row, *row_parts(self.numbers, item, self.flags, self.marks))
        self._shown_as(item)

    def _shown_as(self, item: Any) -> None:
        """Note what ``item``'s row shows now (to tell later whether it changed)."""
        self.facts[item.id] = (item, self.numbers.get(item.id, ""), item.id in self.flags, self.marks.get(item.id, ""))
        self.rebuilt += 1

    # --- the cursor and the breadcrumb -------------------------------------------

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

    def _chain(self, node_id: str | None) -> list[Any]:
        """The shown nodes from the goal down to ``node_id`` (from the tree; the plan for a row not built)."""
        if node_id and node_id not in self.rows and self.drawn is not None:
            try:
                node, ancestors = find(self.drawn, node_id)
            except KeyError:
                return []
            return [*ancestors[1:], node]
        chain: list[Any] = []
        row = self.rows.get(node_id or "")
        while row is not None and row.data and row.data in self.facts:
            chain.insert(0, self.facts[row.data][0])
            row = row.parent
        return chain

    def _update_breadcrumb(self) -> None:
        """Where a new item lands, first, so a narrow pane cuts the least useful part."""
        crumbs = self.query(".breadcrumb")
        if not crumbs or not self.is_mounted:
            return
        crumb = crumbs.first(Static)
        chain = self._chain(self.selected_id())
        parent_type = PARENT[self.node_kind]
        if parent_type is not None:
            landing = next((i for i, n in enumerate(chain) if isinstance(n, parent_type)), None)
            if landing is None and chain:  # the cursor is above: a new item goes to the first one below
                landing_node: Any = next((n for n in _descend(chain[-1]) if isinstance(n, parent_type)), None)
                chain = self._chain(landing_node.id) if landing_node is not None else []
                landing = len(chain) - 1 if chain else None
            if landing is None:
                text = f"Add {kind_noun(parent_type, 2)} first: each {kind_noun(self.node_kind)} goes under one."
            else:
                text = self._landing_text(chain[: landing + 1], crumb.size.width)
        else:
            text = "  ›  ".join(self._title_of(n) for n in chain)
        crumb.update(fit_line(text, crumb.size.width))

    def _landing_text(self, chain: list[Any], width: int) -> str:
        """ "New tactic → Initiative 1.1.2: title ‹ Strategy 1.1: title ‹ Goal 1: title", shortened to fit."""
        start = f"New {kind_noun(self.node_kind)} → {self._title_of(chain[-1])}"
        above = list(reversed(chain[:-1]))
        full = " ‹ ".join([start, *(self._title_of(n) for n in above)])
        if width <= 0 or len(full) <= width:
            return full
        return " ‹ ".join([start, *(self.numbers.get(n.id, "") for n in above)])

    def _title_of(self, node: Any) -> str:
        return f"{self.numbers.get(node.id, 'Tactic')}: {node.title}"

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
        context = "\n".join(filter(None, [context, describe(self.plan, node)]))  # shared or internal, and why

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

    def action_toggle_done(self) -> None:
        """x: a tactic is done (or, if done already, open again); other statuses via the form."""
        found = self.selected()
        if found is None or not isinstance(found[0], Tactic):
            self.notify("x marks a tactic done: put the cursor on a tactic.", severity="warning")
            return
        tactic = found[0]
        status = "open" if tactic.status == "done" else "done"
        self.save(update_node(self.plan, tactic.id, status=status))
        self.refresh_from_plan(select=tactic.id)

    def action_toggle_share(self) -> None:
        """s: share the item with the customer, or keep it internal (an explicit choice, undoable)."""
        found = self.selected()
        if found is None:
            return
        node = found[0]
        plan = update_node(self.plan, node.id, shared=toggled(self.plan, node))
        self.save(plan)
        self.refresh_from_plan(select=node.id)
        label = self.numbers.get(node.id) or kind_noun(type(node)).capitalize()
        self.notify(f"{label}: {describe(plan, find(plan, node.id)[0])}", markup=False)

    def action_move_to_parent(self) -> None:
        """m: pick another parent for the item; it goes last there, and the cursor follows."""
        found = self.selected()
        if found is None:
            return
        node, ancestors = found
        parent_type = PARENT[type(node)]
        if parent_type is None:
            self.notify("Goals sit at the top of the plan: alt+↑/↓ reorders them.", severity="warning")
            return
        current = ancestors[-1].id
        choices = [(n.id, self._title_of(n)) for n, _ in walk(self.plan) if type(n) is parent_type and n.id != current]
        if not choices:
            self.notify(f"There is no other {kind_noun(parent_type)} to move it to: add one first.", severity="warning")
            return
        title = f"Move {self.numbers.get(node.id, kind_noun(type(node)))}: {node.title} under…"
        self.app.push_screen(ParentPicker(title, choices), self._mover(node.id))

    def _mover(self, node_id: str) -> Callable[[str | None], None]:
        """What to do with the picked parent: move the node there, last."""

        def move(parent_id: str | None) -> None:
            if not parent_id:
                return
            try:
                plan = move_to_parent(self.plan, node_id, parent_id)
            except (BadParent, KeyError) as error:  # the plan changed meanwhile
                self.notify(str(error).strip("'\""), severity="error", markup=False)  # it quotes titles
                return
            self.save(plan)
            self.refresh_from_plan(select=node_id)
            self.notify(f"Moved: now {self.numbers.get(node_id, kind_noun(type(find(plan, node_id)[0])))}.")

        return move


def _children(node: Any) -> tuple[Any, ...]:
    """A goal's strategies, a strategy's initiatives, an initiative's tactics; () for a tactic."""
    field_name = CHILD_NAMES.get(type(node))
    return getattr(node, field_name) if field_name else ()


def _descend(node: Any):
    """The node and everything under it, depth first."""
    yield node
    for child in _children(node):
        yield from _descend(child)
