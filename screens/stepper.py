"""The stepper: every step of the wizard, its state, and the current one."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from acct_tui.steps import STEPS

STATE_MARK = {"empty": ("○", "dim"), "started": ("◐", "yellow"), "complete": ("●", "green")}


class Stepper(OptionList):
    """Pick any step (enter); the marks say empty ○, started ◐, complete ●."""

    def show_states(self, states: dict[str, str], current: str) -> None:
        """Redraw the step list with each step's state, marking the current one."""
        highlighted = self.highlighted
        self.clear_options()
        for number, step in enumerate(STEPS, start=1):
            mark, style = STATE_MARK[states[step.key]]
            label = Text()
            label.append(f"{mark} ", style=style)
            label.append(f"{number:>2} {step.title}", style="bold reverse" if step.key == current else "")
            self.add_option(Option(label, id=step.key))
        self.highlighted = highlighted if highlighted is not None else 0
