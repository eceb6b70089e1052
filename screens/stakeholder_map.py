"""The stakeholder map: stance across, influence down."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from acct_tui.model import Plan
from screens.steps.records import stakeholder_map


class StakeholderMapScreen(ModalScreen[None]):
    """Who is for us, who against, and how much each one weighs."""

    BINDINGS = [Binding("escape,m,q", "close", "Close", id="map-close")]

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog map-dialog"):
            yield Static(stakeholder_map(self.plan))
            yield Static("Champions and supporters with high influence are your sponsors; "
                         "plan a tactic for every detractor.", markup=False, classes="field-hint")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
