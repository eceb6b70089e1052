"""The org chart: who reports to whom, drawn as a tree from the stakeholders' "Reports to".

Each line says who the person is, their stance, who on our team covers them
and when we last spoke (``orgchart.describe``); under the tree, the person
under the cursor: whom they influence, who influences them, the goals they
have a say in and the next step. Enter opens the person's form. Nobody is
folded away (no fold markers): the chart is short, and the room goes to the text.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, Tree
from textual.widgets.tree import TreeNode

from acct_tui import orgchart
from acct_tui.model import Plan, Stakeholder
from screens.fit_footer import FitFooter

LEGEND = "↑/↓ move · enter edits the person · esc closes"

STANCE_STYLES = {"champion": "green", "supporter": "green", "detractor": "red", "skeptic": "yellow"}
"""The stance word's colour on a line: friends green, opponents red, the doubtful yellow."""


WIDE = 120
"""From this terminal width on, each line also shows the person's job title (below it, the panel does)."""


def chart_label(line: orgchart.OrgLine, with_title: bool = True) -> Text:
    """A person's line in the tree, as literal text with the stance coloured."""
    person = line.person
    text = Text(orgchart.describe(person, with_title=with_title))
    start = text.plain.find(f" · {person.stance} · ")
    if start >= 0:
        text.stylize(STANCE_STYLES.get(person.stance, ""), start + 3, start + 3 + len(person.stance))
    if line.note:
        text.append(f" {line.note}", style="bold yellow")
    return text


def links_line(plan: Plan, person: Stakeholder) -> str:
    """Whom ``person`` influences, who influences them, the goals they have a say in."""
    influenced_by = [p.name for p in plan.stakeholders if person.id in p.influence_ids]
    influences = orgchart.influence_names(plan, person)
    goals = orgchart.goal_labels(plan, person)
    links = [f"influences → {', '.join(influences)}"] if influences else []
    links += [f"influenced by ← {', '.join(influenced_by)}"] if influenced_by else []
    links += [f"a say in {', '.join(goals)}"] if goals else []
    return " · ".join(links) or "no influence or say in a goal recorded yet"


def person_details(plan: Plan, person: Stakeholder) -> Text:
    """The selected person's title, next step and links (the chart's lines leave them out at 80 columns)."""
    who = f"{person.name} — {person.title}" if person.title.strip() else person.name
    step = f"next step: {person.next_step}" if person.next_step.strip() else "no next step yet"
    return Text(f"{who} · {step}\n{links_line(plan, person)}")


class OrgChartScreen(ModalScreen[None]):
    """The account's people as a tree of reporting lines.

    | key | action |
    |---|---|
    | ↑ ↓ | move between people |
    | enter, e | edit the person under the cursor |
    | escape, c, q | close the chart |
    """

    BINDINGS = [
        Binding("e", "edit", "Edit", key_display="enter/e", tooltip="Edit the person under the cursor", id="org-chart-edit"),
        Binding("escape,c,q", "close", "Close", id="org-chart-close"),
    ]

    def __init__(
        self,
        plan: Callable[[], Plan],
        edit: Callable[[str, Callable[[], None]], None],
        selected: str | None = None,
    ) -> None:
        super().__init__()
        self._plan = plan
        self._edit = edit
        self._selected = selected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog org-chart-dialog"):
            yield Label("Org chart — who reports to whom", classes="dialog-title")
            tree: Tree[str] = Tree("people", id="org-tree")
            tree.show_root = False
            tree.auto_expand = False
            tree.guide_depth = 3
            yield tree
            yield Static("", id="org-details", markup=False)
            yield Static(LEGEND, markup=False, classes="field-hint")
        yield FitFooter()

    def on_mount(self) -> None:
        self.rebuild()
        self.query_one(Tree).focus()

    def rebuild(self) -> None:
        """Draw the tree from the newest plan, keeping the cursor on the same person."""
        plan = self._plan()
        tree: Tree[str] = self.query_one(Tree)
        tree.clear()
        if not plan.stakeholders:
            tree.root.add_leaf(Text("No stakeholders yet: add them in the Relationships step (a)."))
            self._show_details()
            return
        parents: list[TreeNode[str]] = [tree.root]
        chosen: TreeNode[str] | None = None
        for line in orgchart.chart(plan):
            del parents[line.depth + 1 :]
            label = chart_label(line, with_title=self.app.size.width >= WIDE)
            node = parents[-1].add(label, data=line.person.id, expand=True, allow_expand=False)
            parents.append(node)
            if line.person.id == self._selected:
                chosen = node
        self.call_after_refresh(self._put_cursor, chosen or tree.root.children[0])

    def _put_cursor(self, node: TreeNode[str]) -> None:
        """Once the tree has laid out its lines (a node has no line before): the cursor on ``node``."""
        trees = self.query(Tree)
        if not trees:  # closed meanwhile (the app quitting)
            return
        trees.first().move_cursor(node)
        self._show_details()

    def person_under_cursor(self) -> Stakeholder | None:
        node = self.query_one(Tree).cursor_node
        person_id = node.data if node is not None else None
        return next((p for p in self._plan().stakeholders if p.id == person_id), None)

    def _show_details(self) -> None:
        person = self.person_under_cursor()
        details = self.query_one("#org-details", Static)
        details.update(person_details(self._plan(), person) if person else "")
        details.display = person is not None

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        event.stop()
        self._selected = event.node.data
        self._show_details()

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        """Enter on a person opens their form; the chart is redrawn after a save."""
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        person = self.person_under_cursor()
        if person is not None:
            self._edit(person.id, self.rebuild)

    def action_close(self) -> None:
        self.dismiss(None)
