"""Relationships, cadence, reporting and selling tools: a sortable table each.

The relationships step also has a map: people grouped by stance and
influence, so the politics of the account are visible at a glance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.widgets import DataTable, Static

from acct_tui.coach import Finding, check_plan
from acct_tui.fields import noun as kind_noun
from acct_tui.edit import add_node, find, move_node, remove_node, replace_node, update_node
from acct_tui.kinds import LISTS
from acct_tui.model import INFLUENCE_LEVELS, STANCES, Meeting, Metric, Plan, SellingTool, Stakeholder
from acct_tui.plan_index import is_off_target, numbering, progress_share
from acct_tui.sharing import INTERNAL, describe, hidden, toggled
from screens.dialogs import ConfirmScreen
from screens.forms import ItemForm
from screens.steps.base import StepPane, list_bindings


@dataclass(frozen=True)
class Column:
    """One table column: what a cell shows, and (if not its text) what it sorts by."""

    label: str
    cell: Callable[[Plan, Any], Any]
    sort: Callable[[Plan, Any], Any] | None = None
    """A sort key; None sorts by the cell's text, ignoring case."""


INTERNAL_MARK = "⊘"
"""Ends the first cell of a record the customer edition leaves out (dim when it goes with
an internal goal). One cell, not the word, and no space before it: at 80 columns the
names must stay whole ("Renewal term signed⊘")."""


def _date(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _missing_last(value: Any) -> tuple[bool, Any]:
    """A sort key that puts unset values (None) after every set one."""
    return (value is None, value if value is not None else 0)


def progress_bar(metric: Metric, width: int = 10) -> Text:
    """The Progress cell: a bar and a percentage, green with ✓ once the target is reached.

    The share and whether the target is reached come from ``plan_index``, as
    the review pack's and the exports' do, so the table and the documents never disagree.
    """
    if metric.current is None or metric.target is None:
        return Text("—", style="dim")
    reached = not is_off_target(metric)
    share = progress_share(metric)
    if share is None:  # no baseline to measure from: just say where it stands
        return Text("✓ on target", style="green") if reached else Text("not yet")
    shown = max(0.0, min(1.0, share))
    filled = round(shown * width)
    bar = "█" * filled + "░" * (width - filled)
    return Text(f"{bar} {shown:4.0%}" + (" ✓" if reached else ""), style="green" if reached else "")


def _goal_label(plan: Plan, goal_id: str) -> str:
    """'Goal 2: Renew for three years', or — when the metric measures no goal."""
    goal = next((g for g in plan.goals if g.id == goal_id), None) if goal_id else None
    if goal is None:
        return "—"
    title = goal.title if len(goal.title) <= 24 else goal.title[:23] + "…"
    return f"{numbering(plan)[goal.id]}: {title}"


def _manager_name(plan: Plan, person: Stakeholder) -> str:
    """Whom ``person`` reports to, by name ("" for nobody, or someone no longer listed)."""
    return next((p.name for p in plan.stakeholders if p.id == person.reports_to_id), "")


def person_line(plan: Plan, person: Stakeholder) -> Text:
    """The selected person's place under the table: covered by, reports to, next step.

    The table keeps its key columns at 80 columns, so these ride on one line
    for the person under the cursor (the row says who) instead of squeezing
    the names.
    """
    manager = _manager_name(plan, person)
    parts = [f"covered by {person.owner}" if person.owner.strip() else "⚠ not covered by our team"]
    parts.append(f"reports to {manager}" if manager else "reports to nobody listed")
    if person.next_step.strip():
        parts.append(f"next: {person.next_step}")
    return Text("↳ " + " · ".join(parts), style="dim")


def _goal_position(plan: Plan, goal_id: str) -> int | None:
    ids = [goal.id for goal in plan.goals]
    return ids.index(goal_id) if goal_id in ids else None


COLUMNS: dict[type, tuple[Column, ...]] = {
    Stakeholder: (
        Column("Name", lambda p, s: s.name),
        Column("Stance", lambda p, s: s.stance, lambda p, s: STANCES.index(s.stance)),
        Column("Influence", lambda p, s: s.influence, lambda p, s: INFLUENCE_LEVELS.index(s.influence)),
        Column("Role", lambda p, s: s.role),
        Column("Title", lambda p, s: s.title),
        Column("Coverage", lambda p, s: s.owner),
        Column("Reports to", lambda p, s: _manager_name(p, s)),
        Column("Last contact", lambda p, s: _date(s.last_contact), lambda p, s: _missing_last(s.last_contact)),
        Column("Next step", lambda p, s: s.next_step),
    ),
    Meeting: (
        Column("Meeting", lambda p, m: m.name),
        Column("Frequency", lambda p, m: m.frequency),
        Column("Attendees", lambda p, m: m.attendees),
        Column("Next", lambda p, m: _date(m.next_date), lambda p, m: _missing_last(m.next_date)),
        Column("Purpose", lambda p, m: m.purpose),
    ),
    Metric: (
        Column("Metric", lambda p, m: m.name),
        Column("Progress", lambda p, m: progress_bar(m), lambda p, m: _missing_last(progress_share(m))),
        Column("Baseline", lambda p, m: _number(m.baseline), lambda p, m: _missing_last(m.baseline)),
        Column("Target", lambda p, m: _number(m.target), lambda p, m: _missing_last(m.target)),
        Column("Current", lambda p, m: _number(m.current), lambda p, m: _missing_last(m.current)),
        Column("Unit", lambda p, m: m.unit),
        Column("Goal", lambda p, m: _goal_label(p, m.goal_id), lambda p, m: _missing_last(_goal_position(p, m.goal_id))),
    ),
    SellingTool: (
        Column("Tool", lambda p, t: t.name),
        Column("What it's for", lambda p, t: t.purpose),
    ),
}

RECORD_STEPS: dict[str, tuple[type, str]] = {kind.step: (kind.record, kind.collection) for kind in LISTS}
"""Each table step's kind and the plan's collection, from the registry (acct_tui.kinds)."""

FLAGS_SHOWN = 3
"""Step-wide findings listed under a table; the rest are in the coach panel."""

KEY_COLUMNS: dict[type, tuple[str, ...]] = {
    Stakeholder: ("Name", "Stance", "Influence", "Role"),
    Meeting: ("Meeting", "Frequency", "Next"),
    Metric: ("Metric", "Progress", "Target", "Current"),
    SellingTool: ("Tool", "What it's for"),
}
"""The columns a narrow table keeps first (by label); others follow while they fit."""

CELL_CAP = 30
"""No column is wider than this: longer text ends in … (e edits it in full)."""

MIN_CELL = 8
"""A column squeezed narrower than this (or its header) is left out instead."""

GUTTER = 2
"""Cells around each column (DataTable's padding); also the vertical scrollbar's width."""


def _cell(value: Any) -> Text:
    """User text as a literal cell (never markup)."""
    return value if isinstance(value, Text) else Text(str(value or "—"))


def _clip(text: Text, width: int) -> Text:
    """``text`` cut to ``width`` cells, ending in … when cut."""
    if text.cell_len <= width:
        return text
    clipped = text.copy()
    clipped.truncate(width, overflow="ellipsis")
    return clipped


def _clip_before(text: Text, end: Text, width: int) -> Text:
    """``text`` cut to leave room for ``end`` (the marks), then ``end``: the marks stay in view."""
    return Text.assemble(_clip(text, max(1, width - end.cell_len)), end) if end else _clip(text, width)


def _squeeze(widths: dict[str, int], floors: dict[str, int], room: int) -> bool:
    """Narrow the widest columns, never below their floor, until they fit ``room``; False if they can't."""
    while sum(widths.values()) + GUTTER * len(widths) > room:
        shrinkable = [label for label in widths if widths[label] > floors[label]]
        if not shrinkable:
            return False
        widths[max(shrinkable, key=lambda label: widths[label])] -= 1
    return True


def fit_columns(labels: list[str], natural: dict[str, int], key: tuple[str, ...], room: int) -> dict[str, int]:
    """Which columns to show in ``room`` cells, and how wide, in table order.

    The key columns come first (squeezed if need be, ending in …); the rest
    follow in table order while each fits at least MIN_CELL wide; room left
    over lets long text past CELL_CAP. Nothing is cut mid-column or scrolled
    half out of view, at any width.
    """
    floors = {label: max(MIN_CELL, len(label)) for label in labels}
    widths = {label: min(natural[label], CELL_CAP) for label in labels}
    chosen = {label: widths[label] for label in labels if label in key} or {labels[0]: widths[labels[0]]}
    _squeeze(chosen, floors, room)
    for label in labels:
        if label in chosen:
            continue
        left = room - sum(chosen.values()) - GUTTER * (len(chosen) + 1)
        if left >= min(widths[label], floors[label]):
            chosen[label] = min(widths[label], left)
    left = room - sum(chosen.values()) - GUTTER * len(chosen)
    for label in labels:  # room to spare: cut text gets it back, first column first
        if label in chosen and left > 0:
            grow = min(left, natural[label] - chosen[label])
            chosen[label] += max(0, grow)
            left -= max(0, grow)
    return {label: chosen[label] for label in labels if label in chosen}


def _sort_key(plan: Plan, column: Column) -> Callable[[Any], Any]:
    sort = column.sort
    if sort is not None:
        return lambda item: sort(plan, item)
    return lambda item: str(column.cell(plan, item)).casefold()


class RecordsPane(StepPane):
    """A table of one kind of record, with add, edit, delete, reorder and sort.

    ``o`` sorts by the column under the cursor: ascending, then descending,
    then back to the user's own order (the order the export uses).
    """

    BINDINGS = [
        *list_bindings("records"),
        Binding("o", "sort", "Sort", tooltip="Sort by the column under the cursor", id="records-sort"),
        Binding("s", "toggle_share", "Share", tooltip="Share the item with the customer, or keep it internal", id="records-share"),
    ]

    def __init__(self, plan_id: str, step_key: str) -> None:
        self.step_key = step_key
        super().__init__(plan_id)
        self.kind, self.collection = RECORD_STEPS[step_key]
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._laid_out_for = Size(0, 0)
        """The table size the columns were last fitted to."""

    def compose(self) -> ComposeResult:
        yield DataTable(
            id=f"table-{self.step_key}", cursor_type="cell", zebra_stripes=True, classes="records", fixed_columns=1
        )
        yield Static("", id=f"flags-{self.step_key}", classes="records-flags", markup=False)
        yield Static("", classes="records-hidden", markup=False)
        noun = kind_noun(self.kind)
        extra = " · m map · c org chart" if self.kind is Stakeholder else ""
        yield Static(
            f"a add {noun} · enter/e edit · s share ({INTERNAL_MARK} internal) · d delete · alt+↑/↓ move · o sort by column{extra}",
            classes="pane-help",
            markup=False,
        )

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        if self.torn_down:
            return
        self.refresh_from_plan()

    def on_resize(self, event: events.Resize) -> None:
        """A new width (terminal, or the coach shown or hidden) picks the columns afresh."""
        if self.table.size != self._laid_out_for:
            self.refresh_from_plan()

    def items(self) -> tuple[Any, ...]:
        return getattr(self.plan, self.collection)

    def refresh_from_plan(self, select: str | None = None) -> None:
        """Rebuild the table from the plan, keeping the cursor on the same record."""
        plan = self.plan
        table = self.table
        keep = select or self.selected_id()
        row, column = table.cursor_row, table.cursor_column
        items = self._sorted(plan, list(self.items()))
        findings = check_plan(plan)
        flagged = {finding.node_id for finding in findings}
        marks = hidden(plan)
        specs = COLUMNS[self.kind]
        rows = {item.id: self._cells(plan, item, item.id in flagged, marks.get(item.id, "")) for item in items}
        ends = {item_id: cells.pop() for item_id, cells in rows.items()}
        widths = self._fit(rows, ends)
        table.clear(columns=True)
        for label, width in widths.items():
            table.add_column(self._header(label), key=label, width=width)
        shown = [index for index, spec in enumerate(specs) if spec.label in widths]
        for item_id, cells in rows.items():
            first = _clip_before(cells[0], ends[item_id], widths[specs[0].label])
            table.add_row(first, *[_clip(cells[i], widths[specs[i].label]) for i in shown[1:]], key=item_id)
        table.scroll_to(x=0, animate=False, immediate=True)  # nothing is left scrolled half out of view
        ids = list(rows)
        if ids:  # the same record, or the row where a deleted one was
            row = ids.index(keep) if keep in ids else min(row, len(ids) - 1)
            table.move_cursor(row=row, column=min(column, len(widths) - 1), animate=False)
        self._show_flags(findings, set(ids))
        self._show_hidden([spec.label for spec in specs if spec.label not in widths])

    def _cells(self, plan: Plan, item: Any, flagged: bool, mark: str = "") -> list[Text]:
        """One row's cells, every column, and last what ends the first one: ⊘
        when the customer edition leaves the record out, ⚠ when the coach flags it."""
        cells = [_cell(spec.cell(plan, item)) for spec in COLUMNS[self.kind]]
        end = Text()
        if mark:
            end.append(INTERNAL_MARK, "bold magenta" if mark == INTERNAL else "dim magenta")
        if flagged:
            end.append(" ⚠", "bold yellow")
        return [*cells, end]

    def _fit(self, rows: dict[str, list[Text]], ends: dict[str, Text]) -> dict[str, int]:
        """The columns that fit the table's width now (all of them before it has a size)."""
        labels = [spec.label for spec in COLUMNS[self.kind]]
        natural = {label: len(self._header(label)) for label in labels}
        for cells in rows.values():
            for label, cell in zip(labels, cells):
                natural[label] = max(natural[label], cell.cell_len)
        for item_id, end in ends.items():
            natural[labels[0]] = max(natural[labels[0]], rows[item_id][0].cell_len + end.cell_len)
        size = self._laid_out_for = self.table.size
        scrollbar = GUTTER if len(rows) > size.height - 1 else 0  # rows below the header's line
        room = size.width - scrollbar if size.width else 10_000
        return fit_columns(labels, natural, KEY_COLUMNS.get(self.kind, ()), room)

    def _show_hidden(self, labels: list[str]) -> None:
        """Say which columns this width leaves out, and where to see them."""
        line = self.query_one(".records-hidden", Static)
        line.update(Text(f"e shows all · hidden here: {', '.join(labels)}", style="dim") if labels else "")
        line.display = bool(labels)

    def _sorted(self, plan: Plan, items: list[Any]) -> list[Any]:
        if self.sort_column is None:
            return items
        column = next(spec for spec in COLUMNS[self.kind] if spec.label == self.sort_column)
        return sorted(items, key=_sort_key(plan, column), reverse=self.sort_reverse)

    def _header(self, label: str) -> str:
        if label != self.sort_column:
            return label
        return f"{label} {'▼' if self.sort_reverse else '▲'}"

    def _show_flags(self, findings: list[Finding], row_ids: set[str]) -> None:
        """Under the table: what the coach flags in this step that is not one row (⚠ marks those)."""
        lines = [f"⚠ {f.message}" for f in findings if f.step == self.step_key and f.node_id not in row_ids]
        if len(lines) > FLAGS_SHOWN:
            lines[FLAGS_SHOWN:] = [f"… and {len(lines) - FLAGS_SHOWN} more in the coach panel (F2)"]
        flags = self.query_one(".records-flags", Static)
        flags.update(Text("\n".join(lines), style="yellow"))
        flags.display = bool(lines)

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

        self.app.push_screen(ItemForm(self.kind, self.plan, apply, record=record, context=describe(self.plan, record)))

    def action_delete(self) -> None:
        node_id = self.selected_id()
        if node_id is None:
            return
        record, _ = find(self.plan, node_id)
        noun = kind_noun(self.kind)
        name = getattr(record, "name", "")  # every table's record (person, meeting, metric, tool) has a name

        def delete(sure: bool | None) -> None:
            if sure:
                self.save(remove_node(self.plan, node_id))
                self.refresh_from_plan()
                self.table.focus()

        self.app.push_screen(ConfirmScreen(f"Delete {noun} “{name}”?", "Delete"), delete)

    def action_move(self, delta: int) -> None:
        node_id = self.selected_id()
        if node_id is None:
            return
        if self.sort_column:
            self.sort_column = None
            self.notify("Back to your own order (sorting is off) so you can move items.")
        self.save(move_node(self.plan, node_id, delta))
        self.refresh_from_plan(select=node_id)

    def action_toggle_share(self) -> None:
        """s: share the record with the customer, or keep it internal (an explicit choice, undoable)."""
        node_id = self.selected_id()
        if node_id is None:
            return
        record, _ = find(self.plan, node_id)
        plan = update_node(self.plan, node_id, shared=toggled(self.plan, record))
        self.save(plan)
        self.refresh_from_plan(select=node_id)
        name = getattr(record, "name", "")  # every table's record (person, meeting, metric, tool) has a name
        self.notify(f"{name}: {describe(plan, find(plan, node_id)[0])}", markup=False)

    def action_sort(self) -> None:
        """Sort by the column under the cursor: ascending, descending, then your own order."""
        table = self.table
        shown = [column.key.value for column in table.ordered_columns]
        column = shown[table.cursor_column] if table.row_count and shown else COLUMNS[self.kind][0].label
        if column != self.sort_column:
            self.sort_column, self.sort_reverse = column, False
        elif not self.sort_reverse:
            self.sort_reverse = True
        else:
            self.sort_column, self.sort_reverse = None, False
        self.refresh_from_plan()
        if self.sort_column is None:
            self.notify("Your own order again.")
        else:
            direction = "descending" if self.sort_reverse else "ascending"
            self.notify(f"Sorted by {column}, {direction} (o again to change).", markup=False)


class RelationshipsPane(RecordsPane):
    """Stakeholders, with a map of the politics (m) and the org chart (c).

    When the width leaves columns out, the line under the table tells where
    the person under the cursor sits: whom they report to, who covers them,
    the next step.
    """

    BINDINGS = [
        Binding("m", "map", "Map", id="relationships-map"),
        Binding("c", "org_chart", "Org chart", tooltip="Org chart: who reports to whom", id="relationships-org-chart"),
    ]

    def __init__(self, plan_id: str) -> None:
        super().__init__(plan_id, "relationships")
        self._hidden: list[str] = []
        """The columns this width leaves out (the base class would list them)."""

    def _show_hidden(self, labels: list[str]) -> None:
        """The line under the table: the person under the cursor when columns are left out."""
        self._hidden = labels
        self._show_person()

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._show_person()

    def _show_person(self) -> None:
        """Where the person under the cursor sits (reports to, covered by), in place of the
        list of columns left out: at 80 columns those are what the table can't show."""
        node_id = self.selected_id()
        person = next((p for p in self.plan.stakeholders if p.id == node_id), None)
        if person is None or not self._hidden:
            super()._show_hidden(self._hidden)
            return
        line = self.query_one(".records-hidden", Static)
        line.update(person_line(self.plan, person))
        line.display = True

    def action_org_chart(self) -> None:
        from screens.org_chart import OrgChartScreen

        self.app.push_screen(OrgChartScreen(lambda: self.plan, self.edit_person, self.selected_id()))

    def edit_person(self, person_id: str, done: Callable[[], None]) -> None:
        """Open ``person_id``'s form from the map or the org chart; ``done`` redraws them after a save."""
        record, _ = find(self.plan, person_id)

        def apply(updated: Any) -> None:
            self.save(replace_node(self.plan, updated))
            self.refresh_from_plan(select=updated.id)
            done()

        self.app.push_screen(ItemForm(Stakeholder, self.plan, apply, record=record))

    def action_map(self) -> None:
        from screens.stakeholder_map import StakeholderMapScreen

        self.app.push_screen(StakeholderMapScreen(lambda: self.plan, self.edit_person, self.selected_id()))


def stakeholder_map(plan: Plan, selected: str = "") -> Table:
    """People in a grid: stance across, influence down; the politics at a glance.

    A person the coach flags (a detractor no live tactic mitigates) gets ⚠;
    the ``selected`` person (the map's cursor) is shown reversed.
    """
    flagged = {finding.node_id for finding in check_plan(plan) if finding.step == "relationships"}
    table = Table(title="Stakeholder map", expand=True, show_lines=True)
    table.add_column("", style="bold", no_wrap=True)
    for stance in STANCES:
        table.add_column(stance.capitalize(), ratio=1, min_width=9)
    for level in INFLUENCE_LEVELS:
        row: list[Text] = [Text(level)]
        for stance in STANCES:
            people = [s for s in plan.stakeholders if s.influence == level and s.stance == stance]
            names = [
                Text(p.name, style="reverse bold" if p.id == selected else "")
                + (Text(" ⚠", "bold yellow") if p.id in flagged else Text())
                for p in people
            ]
            row.append(Text("\n").join(names))
        table.add_row(*row)
    return table
