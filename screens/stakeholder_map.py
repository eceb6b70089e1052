"""The stakeholder map: stance across, influence down."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from acct_tui.model import Plan
from screens.steps.records import stakeholder_map

LEGEND = (
    "Champions and supporters with high influence are your sponsors; "
    "plan a tactic for every detractor (⚠: none mitigates them yet). Esc closes."
)


class StakeholderMapScreen(ModalScreen[None]):
    """Who is for us, who against, and how much each one weighs.

    | key | action |
    |---|---|
    | escape, m, q | close the map |
    """

    BINDINGS = [Binding("escape,m,q", "close", "Close", id="map-close")]

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog map-dialog"):
            if self.plan.stakeholders:
                yield Static(stakeholder_map(self.plan), id="map-grid")
            else:
                yield Static("No stakeholders yet: add them in this step (a), then look at the map again.",
                             id="map-grid", markup=False)
            yield Static(LEGEND, markup=False, classes="field-hint")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
