"""The stepper: every step of the wizard, its state, and the current one."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import var
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from acct_tui.steps import STEPS

STATE_MARK = {"empty": ("○", "dim"), "started": ("◐", "yellow"), "complete": ("●", "green")}


def step_label(number: int, title: str, state: str, current: bool) -> Text:
    """One step's line: its state mark, number and title (reversed when it is the open step)."""
    mark, style = STATE_MARK[state]
    label = Text()
    label.append(f"{mark} ", style=style)
    label.append(f"{number:>2} {title}", style="bold reverse" if current else "")
    return label


class Stepper(OptionList):
    """Pick any step (enter); the marks say empty ○, started ◐, complete ●.

    The wizard binds ``states`` and ``current`` (``data_bind``); a line is
    redrawn only when its own state or currency changed, so typing, which
    rarely changes a step's state, never redraws the list.
    """

    states: var[dict[str, str]] = var(dict, init=False)
    """Each step's state by key: "empty", "started" or "complete"."""

    current: var[str] = var("", init=False)
    """The key of the step open in the wizard."""

    def __init__(self, *, id: str | None = None) -> None:
        self._shown = {step.key: step_label(n, step.title, "empty", False) for n, step in enumerate(STEPS, 1)}
        super().__init__(*(Option(label, id=key) for key, label in self._shown.items()), id=id)

    def watch_states(self) -> None:
        self._redraw_changed_lines()

    def watch_current(self) -> None:
        self._redraw_changed_lines()

    def _redraw_changed_lines(self) -> None:
        """Redraw the lines whose state or currency changed (and only those)."""
        for number, step in enumerate(STEPS, start=1):
            label = step_label(number, step.title, self.states.get(step.key, "empty"), step.key == self.current)
            if label != self._shown[step.key]:
                self._shown[step.key] = label
                self.replace_option_prompt(step.key, label)
