"""The stakeholder map: stance across, influence down; arrows walk between the people."""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from acct_tui import orgchart
from acct_tui.model import INFLUENCE_LEVELS, STANCES, Plan, Stakeholder
from screens.org_chart import WIDE, links_line
from screens.steps.records import stakeholder_map
from screens.fit_footer import FitFooter

LEGEND = (
    "High-influence champions and supporters are your sponsors; ⚠ the coach flags someone. "
    "Arrows move · enter edits · esc closes."
)

Place = tuple[int, int, int]
"""Where a person sits on the map: (influence row, stance column, line in the cell)."""


def places(plan: Plan) -> dict[str, Place]:
    """Every person's place on the map, as ``stakeholder_map`` draws it."""
    found: dict[str, Place] = {}
    for row, level in enumerate(INFLUENCE_LEVELS):
        for column, stance in enumerate(STANCES):
            people = [p for p in plan.stakeholders if p.influence == level and p.stance == stance]
            found.update({p.id: (row, column, line) for line, p in enumerate(people)})
    return found


def neighbour(plan: Plan, current: str, dx: int, dy: int) -> str:
    """The person an arrow key moves to from ``current`` (itself when there is nobody that way).

    Left and right go to the nearest stance column that way holding anyone,
    preferring the same influence row; up and down go to the next person in
    the cell, then to the nearest row that way, preferring the same column.
    Ties go in reading order.
    """
    spots = places(plan)
    if current not in spots:
        return next(iter(spots), current)
    row, column, line = spots[current]

    def after(place: Place) -> bool:
        if dx:
            return (place[1] - column) * dx > 0
        if place[0] == row and place[1] == column:
            return (place[2] - line) * dy > 0
        return (place[0] - row) * dy > 0

    def distance(place: Place) -> tuple[int, int, int, int]:
        """Nearest first; on a tie the upper row, the left column, the cell's first line (reading order)."""
        if dx:
            return (abs(place[1] - column), abs(place[0] - row), place[0], place[2])
        return (abs(place[0] - row), abs(place[1] - column), place[1], place[2] * dy)

    ahead = [(distance(place), person_id) for person_id, place in spots.items() if after(place)]
    return min(ahead)[1] if ahead else current


class StakeholderMapScreen(ModalScreen[None]):
    """Who is for us, who against, and how much each one weighs.

    | key | action |
    |---|---|
    | ← → ↑ ↓ | move between people |
    | enter, e | edit the person under the cursor |
    | escape, m, q | close the map |
    """

    BINDINGS = [
        Binding("left", "walk(-1, 0)", "Left", tooltip="The nearest person to the left", show=False, priority=True,
                id="map-left"),
        Binding("right", "walk(1, 0)", "Right", tooltip="The nearest person to the right", show=False, priority=True,
                id="map-right"),
        Binding("up", "walk(0, -1)", "Up", tooltip="The person above", show=False, priority=True, id="map-up"),
        Binding("down", "walk(0, 1)", "Down", tooltip="The person below", show=False, priority=True, id="map-down"),
        Binding("enter,e", "edit", "Edit", tooltip="Edit the person under the cursor", priority=True, id="map-edit"),
        Binding("escape,m,q", "close", "Close", id="map-close"),
    ]

    def __init__(
        self,
        plan: Callable[[], Plan],
        edit: Callable[[str, Callable[[], None]], None] | None = None,
        selected: str | None = None,
    ) -> None:
        super().__init__()
        self._plan = plan
        self._edit = edit
        self.selected = selected or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog map-dialog"):
            with VerticalScroll(id="map-scroll", can_focus=False):
                yield Static("", id="map-grid")
            yield Static("", id="map-person", markup=False)
            yield Static(LEGEND, markup=False, classes="field-hint")
        yield FitFooter()

    def on_mount(self) -> None:
        self.redraw()

    def person(self) -> Stakeholder | None:
        return next((p for p in self._plan().stakeholders if p.id == self.selected), None)

    def redraw(self) -> None:
        """The grid with the selected person highlighted, and their line under it."""
        plan = self._plan()
        grid = self.query_one("#map-grid", Static)
        if not plan.stakeholders:
            grid.update(Text("No stakeholders yet: add them in this step (a), then look at the map again."))
            self.query_one("#map-person", Static).update("")
            return
        if self.person() is None:
            self.selected = plan.stakeholders[0].id
        grid.update(stakeholder_map(plan, self.selected))
        person = self.person()
        assert person is not None
        wide = self.app.size.width >= WIDE
        line = orgchart.describe(person, with_title=wide)
        if person.next_step.strip():
            line += f" · next: {person.next_step}"
        self.query_one("#map-person", Static).update(Text(f"{line}\n{links_line(plan, person)}"))

    def action_walk(self, dx: int, dy: int) -> None:
        self.selected = neighbour(self._plan(), self.selected, dx, dy)
        self.redraw()

    def action_edit(self) -> None:
        if self._edit is not None and self.person() is not None:
            self._edit(self.selected, self.redraw)

    def action_close(self) -> None:
        self.dismiss(None)
