"""The stepper: every step of the wizard, its state, and the current one."""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.reactive import var
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from acct_tui.steps import STEPS

STATE_MARK = {"empty": ("○", "dim"), "started": ("◐", "yellow"), "complete": ("●", "green")}

MARK_CELLS = 2
"""A line's state mark and the space after it: the cells the current step's emphasis leaves alone."""

CURRENT = Style(bold=True, reverse=True)
"""How the open step's number and title are drawn."""


def numbered(number: int, title: str) -> str:
    """A step's number and title as its line shows them (the part the open step emphasises)."""
    return f"{number:>2} {title}"


def step_label(number: int, title: str, state: str) -> Text:
    """One step's line: its state mark, number and title."""
    mark, style = STATE_MARK[state]
    label = Text()
    label.append(f"{mark} ", style=style)
    label.append(numbered(number, title))
    return label


class Stepper(OptionList):
    """Pick any step (enter); the marks say empty ○, started ◐, complete ●.

    The wizard binds ``states`` and ``current`` (``data_bind``). A line's
    prompt is replaced only when its step's state changes (rare while
    typing). The open step is emphasised as its line is drawn, not in its
    prompt: replacing a prompt makes the list render every option again
    (3 ms, a tenth of a step move), and the open step changes on every move.
    Every step is one line (styles/app.tcss: no wrap, an ellipsis where a
    scrollbar leaves too little room), so line ``y`` shows option ``y``.
    """

    states: var[dict[str, str]] = var(dict, init=False)
    """Each step's state by key: "empty", "started" or "complete"."""

    current: var[str] = var("", init=False)
    """The key of the step open in the wizard."""

    def __init__(self, *, id: str | None = None) -> None:
        self._shown = {step.key: step_label(n, step.title, "empty") for n, step in enumerate(STEPS, 1)}
        super().__init__(*(Option(label, id=key) for key, label in self._shown.items()), id=id)

    def watch_states(self) -> None:
        """Replace the prompts of the steps whose state changed (and only those)."""
        for number, step in enumerate(STEPS, start=1):
            label = step_label(number, step.title, self.states.get(step.key, "empty"))
            if label != self._shown[step.key]:
                self._shown[step.key] = label
                self.replace_option_prompt(step.key, label)

    def watch_current(self) -> None:
        self.refresh()  # the options' renders are kept: only the lines are drawn again

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        if not self.current or index != self.get_option_index(self.current):
            return strip
        padding = self.get_component_styles("option-list--option").padding
        width = strip.cell_length - padding.right
        start = min(width, padding.left + MARK_CELLS)
        end = min(width, start + cell_len(numbered(index + 1, STEPS[index].title)))
        before, emphasised, after = strip.crop(0, start), strip.crop(start, end), strip.crop(end)
        return Strip.join([before, emphasised.apply_style(CURRENT), after])
