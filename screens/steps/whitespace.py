"""The whitespace map step: business units × offerings, edited like a spreadsheet.

Arrows move the cell cursor; enter edits the cell (status, value, what
pursues it) in a small form; space cycles the status; delete clears the
cell. Rows and columns have their own keys (add, rename, delete, move).
Every edit goes through the edit session (ctrl+z undoes it, autosave keeps
it); the sums come from ``acct_tui.whitespace.totals``, the same the export uses.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, OptionList, Select, Static

from acct_tui import whitespace as ws_
from acct_tui.coach import check_plan
from acct_tui.edit import touch
from acct_tui.model import WHITESPACE_STATUSES, Plan, ValidationError, Whitespace, WhitespaceCell
from screens.dialogs import ConfirmScreen, PromptScreen
from screens.forms import fit_dropdown
from screens.steps.base import StepPane
from screens.text_fields import SafeInput
from screens.fit_footer import FitFooter

TOTAL = "\x00total"
"""The key of the totals row and column (no unit or offering can be called that: names hold no NUL)."""

UNIT_COLUMN = "\x00unit"

LABELS: dict[str, tuple[str, str]] = {
    "in use": ("use", "green"),
    "open": ("open", "bold yellow"),
    "competitor": ("comp", "red"),
    "not a fit": ("no fit", "dim"),
}
"""How a status reads in a grid cell (short, so five offerings fit), and its colour."""

HEAD_MAX = 10
"""Widest an offering's column header gets (longer names end in …; the line under the grid shows them whole)."""

UNIT_MAX = 14
"""Widest the unit column gets."""


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cell_text(cell: WhitespaceCell | None, flagged: bool) -> Text:
    """One grid cell: a short status and the value, coloured; · when not assessed; ⚠ when the coach flags it."""
    if cell is None:
        return Text("·", style="dim")
    label, style = LABELS[cell.status]
    text = Text(label, style=style)
    if cell.value is not None:
        text.append(" " + ws_.short_value(cell.value))
    if flagged:
        text.append(" ⚠", style="bold yellow")
    return text


def value_text(value: float | None) -> str:
    """A value as the form shows it to edit: 180,000 or 12.5."""
    if value is None:
        return ""
    return f"{value:,.0f}" if value.is_integer() else f"{value:,}"


class CellForm(ModalScreen[WhitespaceCell | None]):
    """Edit one cell: status, estimated value, and the goal or strategy that pursues it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", key_display="^s/enter", priority=True, id="cell-save"),
        Binding("escape", "cancel", "Cancel", id="cell-cancel"),
    ]

    def __init__(self, plan: Plan, unit: str, offering: str, apply: Callable[[WhitespaceCell], None]) -> None:
        super().__init__()
        self.cell = plan.whitespace.cell(unit, offering) or WhitespaceCell(unit, offering)
        self.pursuers = ws_.pursuers(plan)
        self.apply = apply

    def compose(self) -> ComposeResult:
        cell = self.cell
        options = [(Text(label), pid) for pid, label in self.pursuers.items()]
        linked = cell.pursued_by_id if cell.pursued_by_id in self.pursuers else Select.NULL
        with Vertical(classes="dialog item-form"):
            yield Label(f"{cell.unit} × {cell.offering}", classes="dialog-title", markup=False)
            yield Label("Status", classes="field-label")
            statuses = [(Text(status), status) for status in WHITESPACE_STATUSES]
            yield Select(statuses, value=cell.status, allow_blank=False, id="cell-status", compact=True)
            yield Label("Estimated value (180000, 180k, 1.2M)", classes="field-label")
            yield SafeInput(value_text(cell.value), id="cell-value", compact=True, select_on_focus=True)
            yield Label("", id="cell-value-error", classes="field-error", markup=False)
            yield Label("Pursued by (goal or strategy)", classes="field-label")
            yield Select(options, value=linked, prompt="(none)", id="cell-pursued-by", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#cell-status", Select).focus()
        self._error("")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A dropdown just opened: keep it inside the dialog (as the item form does)."""
        if isinstance(event.widget, OptionList) and isinstance(event.widget.parent, Select):
            dialog = self.query_one(".item-form").region
            fit_dropdown(event.widget.parent, dialog.y + 1, dialog.bottom - 1)

    def _error(self, message: str) -> None:
        error = self.query_one("#cell-value-error", Label)
        error.update(message)
        error.display = bool(message)
        self.query_one("#cell-value").set_class(bool(message), "-invalid-field")

    def on_input_changed(self, event: Input.Changed) -> None:
        try:
            ws_.parse_value(event.value)
        except ValidationError as error:
            self._error(error.message)
        else:
            self._error("")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        try:
            value = ws_.parse_value(self.query_one("#cell-value", Input).value)
        except ValidationError as error:
            self._error(error.message)
            return
        status = self.query_one("#cell-status", Select).value
        pursued = self.query_one("#cell-pursued-by", Select).value
        cell = replace(
            self.cell,
            status=str(status),
            value=value,
            pursued_by_id="" if pursued is Select.NULL else str(pursued),
        )
        self.apply(cell)
        self.dismiss(cell)

    def action_cancel(self) -> None:
        self.dismiss(None)


class WhitespacePane(StepPane):
    """The whitespace map as a grid: units down, offerings across, open totals at the ends."""

    step_key = "whitespace"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit", key_display="enter/e", tooltip="Edit the cell: status, value, pursued by", id="whitespace-edit"),
        Binding("space", "cycle", "Status", tooltip="Next status for the cell (in use → open → competitor → not a fit)", id="whitespace-cycle"),
        Binding("delete,backspace", "clear", "Clear", key_display="del", tooltip="Clear the cell (not assessed)", id="whitespace-clear"),
        Binding("u", "add('unit')", "+Unit", tooltip="Add a business unit (row)", id="whitespace-add-unit"),
        Binding("o", "add('offering')", "+Offering", tooltip="Add an offering (column)", id="whitespace-add-offering"),
        Binding("r", "rename('unit')", "Ren. unit", show=False, tooltip="Rename the business unit (row)", id="whitespace-rename-unit"),
        Binding("R", "rename('offering')", "Ren. offering", show=False, tooltip="Rename the offering (column)", id="whitespace-rename-offering"),
        Binding("x", "remove('unit')", "Del. unit", show=False, tooltip="Delete the business unit (row)", id="whitespace-delete-unit"),
        Binding("X", "remove('offering')", "Del. offering", show=False, tooltip="Delete the offering (column)", id="whitespace-delete-offering"),
        Binding("alt+up,ctrl+up", "move('unit', -1)", "Unit up", key_display="alt+↑", show=False, tooltip="Move the business unit up", id="whitespace-unit-up"),
        Binding("alt+down,ctrl+down", "move('unit', 1)", "Unit down", key_display="alt+↓", show=False, tooltip="Move the business unit down", id="whitespace-unit-down"),
        Binding("less_than_sign", "move('offering', -1)", "Offering left", key_display="<", show=False, tooltip="Move the offering left", id="whitespace-offering-left"),
        Binding("greater_than_sign", "move('offering', 1)", "Offering right", key_display=">", show=False, tooltip="Move the offering right", id="whitespace-offering-right"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(
            "No map yet: u adds one of the customer's business units or sites (a row), "
            "o one of your offerings (a column); then mark each cell.",
            id="whitespace-empty",
            classes="field-hint",
            markup=False,
        )
        yield DataTable(id="whitespace-grid", cursor_type="cell", fixed_columns=1, classes="records")
        yield Static("", id="whitespace-where", classes="records-hidden", markup=False)
        yield Static("", id="whitespace-totals", classes="records-hidden", markup=False)
        yield Static(
            "enter edit · space status · del clear · u/o add unit/offering · r/R rename · x/X delete "
            "· alt+↑↓ </> move",
            classes="pane-help",
            markup=False,
        )

    @property
    def grid(self) -> DataTable:
        return self.query_one("#whitespace-grid", DataTable)

    @property
    def ws(self) -> Whitespace:
        return self.plan.whitespace

    def on_mount(self) -> None:  # StepPane.on_mount runs too (Textual calls each class's handler)
        if self.torn_down:
            return
        self.refresh_from_plan()

    # --- showing the map ----------------------------------------------------------

    def refresh_from_plan(self, select: tuple[str, str] | None = None) -> None:
        """Rebuild the grid from the plan, keeping the cursor on the same cell (or on ``select``)."""
        plan = self.plan
        ws = plan.whitespace
        grid = self.grid
        keep = select or self.current()
        row, column = grid.cursor_row, grid.cursor_column
        flagged = {f.node_id for f in check_plan(plan) if f.code == "opportunity-unpursued"}
        sums = ws_.totals(ws)
        grid.clear(columns=True)
        if ws.units or ws.offerings:
            grid.add_column("Unit", key=UNIT_COLUMN, width=min(UNIT_MAX, max([4, *(len(u) for u in ws.units)])))
            for offering in ws.offerings:
                grid.add_column(Text(_clip(offering, HEAD_MAX)), key=offering, width=self._width(ws, offering, flagged))
            grid.add_column(Text("Open", style="bold"), key=TOTAL)
        for unit in ws.units:
            cells = [cell_text(ws.cell(unit, o), ws_.cell_id(unit, o) in flagged) for o in ws.offerings]
            total = Text(ws_.short_value(sums.by_unit[unit]), style="bold")
            grid.add_row(Text(_clip(unit, UNIT_MAX)), *cells, total, key=unit)
        if ws.units:
            foot = [Text(ws_.short_value(sums.by_offering[o]), style="bold") for o in ws.offerings]
            grid.add_row(Text("Open total", style="bold"), *foot, Text(ws_.short_value(sums.open_value), style="bold reverse"), key=TOTAL)
        if keep is not None and keep[0] in ws.units and keep[1] in ws.offerings:
            row, column = ws.units.index(keep[0]), ws.offerings.index(keep[1]) + 1
        elif select is not None and select[0] in ws.units:  # a new unit: its row, the column where you were
            row = ws.units.index(select[0])
        elif select is not None and select[1] in ws.offerings:
            column = ws.offerings.index(select[1]) + 1
        if grid.row_count and grid.columns:
            grid.move_cursor(row=min(row, grid.row_count - 1), column=max(0, min(column, len(grid.columns) - 1)), animate=False)
        self._show_totals(sums)
        self._show_where()

    @staticmethod
    def _width(ws: Whitespace, offering: str, flagged: set[str]) -> int:
        cells = [cell_text(ws.cell(u, offering), ws_.cell_id(u, offering) in flagged).cell_len for u in ws.units]
        return max([len(_clip(offering, HEAD_MAX)), 4, *cells])

    def _show_totals(self, sums: ws_.Totals) -> None:
        """The line under the grid: every status's count and value (and what the short labels mean)."""
        line = self.query_one("#whitespace-totals", Static)
        empty = not self.ws.units or not self.ws.offerings
        self.query_one("#whitespace-empty").display = empty
        line.display = not empty
        if empty:
            return
        parts = []
        for status in ("open", "in use", "competitor", "not a fit", ws_.NOT_ASSESSED):
            total = sums.by_status[status]
            label, style = LABELS.get(status, (status, "dim"))
            worth = f": {ws_.short_value(total.value)}" if total.value else ""
            parts.append(Text.assemble((label, style), f" {total.count}{worth}"))
        line.update(Text("Totals ", style="bold") + Text(" · ").join(parts))

    def _show_where(self) -> None:
        """The line under the grid: the cell under the cursor in full (headers are cut short)."""
        where = self.query_one("#whitespace-where", Static)
        spot = self.current()
        if spot is None:
            where.update("")
            return
        cell = self.ws.cell(*spot)
        if cell is None:
            said = "not assessed"
        else:
            said = cell.status + (f", {ws_.short_value(cell.value)}" if cell.value is not None else "")
            by = ws_.pursuer(self.plan, cell)
            if by:
                said += f", pursued by {ws_.pursuers(self.plan)[by]}"
            elif cell.status == "open":
                said += ", pursued by nothing yet (enter to link)"
        where.update(Text(f"{spot[0]} × {spot[1]}: {said}"))

    def current(self) -> tuple[str, str] | None:
        """(unit, offering) under the cursor, or None (totals, the unit column, an empty map)."""
        unit, offering = self._row(), self._column()
        return (unit, offering) if unit and offering else None

    def _row(self) -> str:
        grid = self.grid
        if not grid.row_count or not grid.columns:
            return ""
        key = grid.coordinate_to_cell_key(Coordinate(grid.cursor_row, 0)).row_key.value
        return "" if key == TOTAL or key is None else key

    def _column(self) -> str:
        grid = self.grid
        if not grid.columns:
            return ""
        key = grid.ordered_columns[min(grid.cursor_column, len(grid.columns) - 1)].key.value
        return "" if key in (TOTAL, UNIT_COLUMN) or key is None else key

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        self._show_where()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_edit()

    def select_node(self, node_id: str) -> None:
        """The coach's jump: a cell id puts the cursor on that cell."""
        spot = ws_.parse_cell_id(node_id)
        self.refresh_from_plan(select=spot)
        self.grid.focus()

    def focus_first(self) -> None:
        self.grid.focus()

    # --- editing ------------------------------------------------------------------

    def _save_map(self, ws: Whitespace, select: tuple[str, str] | None = None) -> None:
        """One edit of the map, through the edit session (undoable, autosaved)."""
        self.save(touch(replace(self.plan, whitespace=ws)))
        self.refresh_from_plan(select=select)

    def _spot_or_say(self) -> tuple[str, str] | None:
        spot = self.current()
        if spot is None:
            self.notify("Put the cursor on a cell of the map first (the totals are worked out).", severity="warning")
        return spot

    def action_edit(self) -> None:
        spot = self._spot_or_say()
        if spot is None:
            return

        def apply(cell: WhitespaceCell) -> None:
            ws = ws_.set_cell(self.ws, *spot, status=cell.status, value=cell.value, pursued_by_id=cell.pursued_by_id)
            self._save_map(ws, spot)

        self.app.push_screen(CellForm(self.plan, *spot, apply))

    def action_cycle(self) -> None:
        spot = self._spot_or_say()
        if spot is not None:
            self._save_map(ws_.cycle_status(self.ws, *spot), spot)

    def action_clear(self) -> None:
        spot = self.current()
        if spot is not None and self.ws.cell(*spot) is not None:
            self._save_map(ws_.clear_cell(self.ws, *spot), spot)

    def _name_at(self, axis: ws_.Axis) -> str:
        return self._row() if axis == "unit" else self._column()

    def action_add(self, axis: ws_.Axis) -> None:
        after = self._name_at(axis)
        listed = ws_.names(self.ws, axis)
        at = listed.index(after) + 1 if after in listed else len(listed)
        what = "business unit or site (a row)" if axis == "unit" else "offering of yours (a column)"

        def add(name: str | None) -> None:
            if name:
                ws = ws_.add(self.ws, axis, name, at)
                self._save_map(ws, (name, self._column()) if axis == "unit" else (self._row(), name))

        self.app.push_screen(PromptScreen(f"New {what}", check=lambda text: self._problem(axis, text)), add)

    def action_rename(self, axis: ws_.Axis) -> None:
        old = self._name_at(axis)
        if not old:
            self.notify(f"Put the cursor on a {'row' if axis == 'unit' else 'column'} of the map first.", severity="warning")
            return

        def rename(new: str | None) -> None:
            if new and new != old:
                ws = ws_.rename(self.ws, axis, old, new)
                self._save_map(ws, (new, self._column()) if axis == "unit" else (self._row(), new))

        noun = "business unit" if axis == "unit" else "offering"
        check: Callable[[str], str] = lambda text: self._problem(axis, text, old)  # noqa: E731
        self.app.push_screen(PromptScreen(f"Rename the {noun} “{old}”", old, check=check), rename)

    def action_remove(self, axis: ws_.Axis) -> None:
        name = self._name_at(axis)
        if not name:
            self.notify(f"Put the cursor on a {'row' if axis == 'unit' else 'column'} of the map first.", severity="warning")
            return
        cells = sum(1 for c in self.ws.cells if getattr(c, axis) == name)
        noun = "business unit" if axis == "unit" else "offering"
        lose = f" and its {cells} assessed cell{'s' if cells != 1 else ''}" if cells else ""

        def remove(sure: bool | None) -> None:
            if sure:
                self._save_map(ws_.remove(self.ws, axis, name))
                self.grid.focus()

        self.app.push_screen(ConfirmScreen(f"Delete the {noun} “{name}”{lose}? (ctrl+z undoes it)", "Delete"), remove)

    def action_move(self, axis: ws_.Axis, delta: int) -> None:
        name = self._name_at(axis)
        if name:
            moved = ws_.move(self.ws, axis, name, delta)
            self._save_map(moved, (name, self._column()) if axis == "unit" else (self._row(), name))

    def _problem(self, axis: ws_.Axis, text: str, old: str = "") -> str:
        """Why the map can't take ``text`` as a unit or offering name ("" if it can)."""
        try:
            if old:
                ws_.rename(self.ws, axis, old, text)
            else:
                ws_.add(self.ws, axis, text)
        except ValidationError as error:
            return error.message
        return ""

