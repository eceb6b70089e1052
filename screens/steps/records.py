"""Relationships, cadence, reporting and selling tools: a sortable table each.

The relationships step also has a map: people grouped by stance and
influence, so the politics of the account are visible at a glance.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from acct_tui.coach import check_plan, numbering
from acct_tui.edit import add_node, find, move_node, remove_node, replace_node
from acct_tui.model import INFLUENCE_LEVELS, STANCES, Meeting, Metric, Plan, SellingTool, Stakeholder
from screens.dialogs import ConfirmScreen
from screens.forms import ItemForm
from screens.steps.base import StepPane

Column = tuple[str, Callable[[Plan, Any], Any]]


def _date(value) -> str:
    return value.isoformat() if value else "—"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def progress_bar(metric: Metric, width: int = 10) -> Text:
    """How far current has moved from baseline to target, as a bar and a percentage."""
    if metric.baseline is None or metric.target is None or metric.current is None or metric.target == metric.baseline:
        return Text("—", style="dim")
    share = (metric.current - metric.baseline) / (metric.target - metric.baseline)
    share = max(0.0, min(1.0, share))
    filled = round(share * width)
    return Text("█" * filled + "░" * (width - filled) + f" {share:4.0%}", style="green" if share >= 1 else "")


def _goal_name(plan: Plan, goal_id: str) -> str:
    return numbering(plan).get(goal_id, "—") if goal_id else "—"


COLUMNS: dict[type, tuple[Column, ...]] = {
    Stakeholder: (
        ("Name", lambda p, s: s.name),
        ("Title", lambda p, s: s.title),
        ("Role", lambda p, s: s.role),
        ("Influence", lambda p, s: s.influence),
        ("Stance", lambda p, s: s.stance),
        ("Owner", lambda p, s: s.owner),
        ("Last contact", lambda p, s: _date(s.last_contact)),
    ),
    Meeting: (
        ("Meeting", lambda p, m: m.name),
        ("Frequency", lambda p, m: m.frequency),
        ("Attendees", lambda p, m: m.attendees),
        ("Next", lambda p, m: _date(m.next_date)),
        ("Purpose", lambda p, m: m.purpose),
    ),
    Metric: (
        ("Metric", lambda p, m: m.name),
        ("Baseline", lambda p, m: _number(m.baseline)),
        ("Target", lambda p, m: _number(m.target)),
        ("Current", lambda p, m: _number(m.current)),
        ("Unit", lambda p, m: m.unit),
        ("Progress", lambda p, m: progress_bar(m)),
        ("Goal", lambda p, m: _goal_name(p, m.goal_id)),
    ),
    SellingTool: (
        ("Tool", lambda p, t: t.name),
        ("What it's for", lambda p, t: t.purpose),
    ),
}

RECORD_STEPS: dict[str, tuple[type, str]] = {
    "relationships": (Stakeholder, "stakeholders"),
    "cadence": (Meeting, "meetings"),
    "reporting": (Metric, "metrics"),
    "tools": (SellingTool, "tools"),
}

SORT_KEYS: dict[str, Callable[[Any], Any]] = {
    "Influence": lambda s: INFLUENCE_LEVELS.index(s.influence),
    "Stance": lambda s: STANCES.index(s.stance),
}


def _cell(value: Any) -> Text:
    """User text as a literal cell (never markup)."""
    return value if isinstance(value, Text) else Text(str(value or "—"))


class RecordsPane(StepPane):
    """A table of one kind of record, with add, edit, delete, reorder and sort."""

    BINDINGS = [
        Binding("a,insert", "add", "Add", id="records-add"),
        Binding("e", "edit", "Edit", id="records-edit"),
        Binding("d,delete", "delete", "Delete", id="records-delete"),
        Binding("shift+up,alt+up", "move(-1)", "Move up", id="records-move-up"),
        Binding("shift+down,alt+down", "move(1)", "Move down", id="records-move-down"),
        Binding("o", "sort", "Sort by column", id="records-sort"),
    ]

    def __init__(self, plan_id: str, step_key: str) -> None:
        self.step_key = step_key
        super().__init__(plan_id)
        self.kind, self.collection = RECORD_STEPS[step_key]
        self.sort_column: str | None = None

    def compose(self) -> ComposeResult:
        yield DataTable(id=f"table-{self.step_key}", cursor_type="row", zebra_stripes=True, classes="records")
        noun = self.kind.__name__.lower()
        extra = " · m map" if self.kind is Stakeholder else ""
        yield Static(
            f"a add {noun} · enter/e edit · d delete · shift+↑/↓ move · o sort (column under cursor){extra}",
            classes="pane-help",
            markup=False,
        )

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        self.table.cursor_type = "cell"
        for label, _ in COLUMNS[self.kind]:
            self.table.add_column(label, key=label)
        self.refresh_from_plan()

    def items(self) -> tuple[Any, ...]:
        return getattr(self.plan, self.collection)

    def refresh_from_plan(self, select: str | None = None) -> None:
        plan = self.plan
        table = self.table
        keep = select or self.selected_id()
        column = table.cursor_column
        items = list(self.items())
        if self.sort_column:
            getter = dict(COLUMNS[self.kind])[self.sort_column]
            key = SORT_KEYS.get(self.sort_column)
            items.sort(key=key or (lambda item: str(getter(plan, item)).casefold()))
        flagged = {finding.node_id for finding in check_plan(plan)}
        table.clear()
        for item in items:
            cells = [_cell(getter(plan, item)) for _, getter in COLUMNS[self.kind]]
            if item.id in flagged:
                cells[0] = Text.assemble(cells[0], (" ⚠", "bold yellow"))
            table.add_row(*cells, key=item.id)
        ids = [item.id for item in items]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), column=column)

    def selected_id(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def select_node(self, node_id: str) -> None:
        self.refresh_from_plan(select=node_id or None)
        self.table.focus()

    def focus_first(self) -> None:
        self.table.focus()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_edit()

    def action_add(self) -> None:
        def apply(record: Any) -> None:
            self.save(add_node(self.plan, record))
            self.refresh_from_plan(select=record.id)

        self.app.push_screen(ItemForm(self.kind, self.plan, apply))

    def action_edit(self) -> None:
        node_id = self.selected_id()
        if node_id is None:
            return
        record, _ = find(self.plan, node_id)

        def apply(updated: Any) -> None:
            self.save(replace_node(self.plan, updated))
            self.refresh_from_plan(select=updated.id)

        self.app.push_screen(ItemForm(self.kind, self.plan, apply, record=record))

    def action_delete(self) -> None:
        node_id = self.selected_id()
        if node_id is None:
            return
        record, _ = find(self.plan, node_id)
        name = getattr(record, "name")

        def delete(sure: bool | None) -> None:
            if sure:
                self.save(remove_node(self.plan, node_id))
                self.refresh_from_plan()

        self.app.push_screen(ConfirmScreen(f"Delete {self.kind.__name__.lower()} {name}?", "Delete"), delete)

    def action_move(self, delta: int) -> None:
        if self.sort_column:
            self.sort_column = None
            self.notify("Back to your own order (sorting is off) so you can move items.")
        node_id = self.selected_id()
        if node_id:
            self.save(move_node(self.plan, node_id, delta))
            self.refresh_from_plan(select=node_id)

    def action_sort(self) -> None:
        labels = [label for label, _ in COLUMNS[self.kind]]
        column = labels[self.table.cursor_column] if self.table.row_count else labels[0]
        self.sort_column = None if self.sort_column == column else column
        self.refresh_from_plan()
        self.notify(f"Sorted by {column}." if self.sort_column else "Your own order again.")


class RelationshipsPane(RecordsPane):
    """Stakeholders, with a map of the politics (m)."""

    BINDINGS = [Binding("m", "map", "Map", id="relationships-map")]

    def __init__(self, plan_id: str) -> None:
        super().__init__(plan_id, "relationships")

    def action_map(self) -> None:
        from screens.stakeholder_map import StakeholderMapScreen

        self.app.push_screen(StakeholderMapScreen(self.plan))


def stakeholder_map(plan: Plan) -> Table:
    """People in a grid: stance across, influence down; the politics at a glance."""
    table = Table(title="Stakeholder map", expand=True, show_lines=True)
    table.add_column("Influence", style="bold", no_wrap=True)
    for stance in STANCES:
        table.add_column(stance.capitalize(), ratio=1)
    for level in INFLUENCE_LEVELS:
        row: list[Text] = [Text(level)]
        for stance in STANCES:
            people = [s for s in plan.stakeholders if s.influence == level and s.stance == stance]
            row.append(Text("\n").join(Text(p.name) for p in people) if people else Text(""))
        table.add_row(*row)
    return table
