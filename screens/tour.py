"""The first-run tour: ten stops over the sample plan, each the real step, with a word on its part.

Account governance has seven parts and its strength is that they are tied
together; a new user learns that fastest by seeing a finished plan. The tour
opens the sample plan in the wizard and lays a card over its foot: each stop
opens a real step (and selects the item it talks about) and says, in one or
two sentences, which part of the method it is and how it ties to the others.

Keyboard only: enter or → goes on, ← goes back, escape ends it. Walking it to
the end or ending it early both count as done: the home screen never offers it
again (``UiState.tour_done``); the command palette on the accounts screen
still starts it ("Take the tour").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from acct_tui import governance
from screens.fit_footer import FitFooter


@dataclass(frozen=True)
class Stop:
    """One stop of the tour: the step it opens, what to select there, and what to say."""

    step: str
    title: str
    text: str
    node_id: str = ""


STOPS: tuple[Stop, ...] = (
    Stop(
        "analysis",
        "Account governance",
        f"{governance.DEFINITION} Seven parts — vision, relationships, account plan, cadence, strategy, "
        "reporting, selling tools — tied together. It starts with five questions about the account.",
    ),
    Stop("vision", "Vision", "Where you want to take the account, and why. Everything else flows from it."),
    Stop(
        "goals",
        "Account plan: goals",
        "Measurable, dated goals that serve the vision. ⇄ marks a joint goal, agreed with the customer: "
        "their owner and each side's commitments are on it.",
        "g-no-shows",
    ),
    Stop(
        "strategies",
        "Strategy",
        "The approach to each goal: two per goal, sometimes three. Each cites the analysis it responds to.",
        "s-new-product",
    ),
    Stop(
        "tactics",
        "Account plan: tactics",
        "Specific steps with an owner and a date. Tactics drive initiatives, which support strategies, "
        "which reach goals.",
        "t-vp-csat",
    ),
    Stop(
        "relationships",
        "Relationships",
        "Who matters and how you manage them: champions, supporters, detractors. A detractor has a "
        "tactic working on them.",
    ),
    Stop(
        "cadence",
        "Cadence",
        "The meetings that track the effort. Each names the goals it reviews: a goal no meeting reviews "
        "drifts.",
        "meet-qbr",
    ),
    Stop("reporting", "Reporting", "The metrics that show progress, each belonging to the goal it measures."),
    Stop(
        "tools",
        "Selling tools",
        "What helps sell more efficiently, each used by the strategies or tactics that need it.",
        "tool-roi",
    ),
    Stop(
        "review",
        "Tied together",
        "The coach checks the parts are tied: goals reviewed and measured, tools used, detractors worked on. "
        "This plan scores 100. Your turn: n on the accounts screen starts yours.",
    ),
)
"""The stops, in the wizard's order."""


class TourScreen(ModalScreen[bool]):
    """The tour's card over the wizard; dismisses with True when walked to the end, False when ended early."""

    DEFAULT_CSS = """
    TourScreen { background: transparent; align: center bottom; }
    TourScreen #tour-card {
        width: 100%; max-width: 100; height: auto; margin: 0 0 1 0;
        border: round $accent; background: $surface; padding: 0 1;
    }
    TourScreen #tour-title { text-style: bold; }
    TourScreen #tour-keys { color: $text-muted; }
    """

    BINDINGS = [
        Binding("enter,right", "next", "Next", key_display="enter/→", id="tour-next"),
        Binding("left", "back", "Back", key_display="←", id="tour-back"),
        Binding("escape", "end", "End the tour", id="tour-end"),
    ]

    def __init__(self, open_stop: Callable[[str, str], None]) -> None:
        """``open_stop(step, node_id)`` shows a step of the wizard underneath (``WizardScreen.open_step``)."""
        super().__init__()
        self.open_stop = open_stop
        self.at = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="tour-card"):
            yield Static("", id="tour-title", markup=False)
            yield Static("", id="tour-text", markup=False)
            yield Static("", id="tour-keys", markup=False)
        yield FitFooter()

    def on_mount(self) -> None:
        self.show_stop()

    def show_stop(self) -> None:
        """Open this stop's step underneath and say what it is."""
        stop = STOPS[self.at]
        self.open_stop(stop.step, stop.node_id)
        self.query_one("#tour-title", Static).update(f"Tour {self.at + 1}/{len(STOPS)} · {stop.title}")
        self.query_one("#tour-text", Static).update(stop.text)
        last = self.at == len(STOPS) - 1
        keys = f"enter/→ {'finish' if last else 'next'} · ← back · esc end the tour"
        self.query_one("#tour-keys", Static).update(keys)

    def action_next(self) -> None:
        if self.at == len(STOPS) - 1:
            self.dismiss(True)
            return
        self.at += 1
        self.show_stop()

    def action_back(self) -> None:
        if self.at > 0:
            self.at -= 1
            self.show_stop()

    def action_end(self) -> None:
        self.dismiss(False)
