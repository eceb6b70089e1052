"""The coaching panel: what the step is for, an example, the mistake to avoid, live nudges.

On a wide terminal the panel sits beside the step. Below the wizard's
narrow width it would eat the step's room, so it shrinks to a one-line
hint (CoachHint) and F2 opens it in full in the step's place.
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from acct_tui import governance
from acct_tui.steps import Step

NUDGES_SHOWN = 8
"""Nudges listed in the panel; the rest are counted (all are in Review)."""

_EMPHASIS = re.compile(r"\*\*(?P<bold>[^*\n]+)\*\*|\*(?P<italic>[^*\n]+)\*")


def emphasis(source: str, style: str = "") -> Text:
    """Our own step texts' Markdown emphasis (*x*, **x**) as styled text, markers gone.

    Only for the lesson texts in acct_tui.steps, which we write; nudges carry
    user text and stay literal.
    """
    text = Text(style=style)
    position = 0
    for match in _EMPHASIS.finditer(source):
        text.append(source[position : match.start()])
        if match.group("bold") is not None:
            text.append(match.group("bold"), style="bold")
        else:
            text.append(match.group("italic"), style="italic")
        position = match.end()
    text.append(source[position:])
    return text


def coaching_text(step: Step, nudges: list[str]) -> Text:
    """The panel's text: what the plan still lacks here first (it changes), then the lesson."""
    text = Text()
    if nudges:
        text.append("Still to do here\n", style="bold yellow")
        for nudge in nudges[:NUDGES_SHOWN]:
            text.append(f"• {nudge}\n")
        if len(nudges) > NUDGES_SHOWN:
            text.append(f"… and {len(nudges) - NUDGES_SHOWN} more (see Review).\n", style="dim")
        text.append("\n")
    text.append("What it's for\n", style="bold")
    text.append_text(emphasis(step.purpose + "\n\n"))
    text.append("Example\n", style="bold")
    text.append_text(emphasis(step.example + "\n\n", style="italic"))
    text.append("Avoid\n", style="bold")
    text.append_text(emphasis(step.mistake + "\n"))
    if step.key == "review":  # the whole plan: the method's point, that its parts are tied together
        text.append("\nAccount governance\n", style="bold")
        text.append(f"{governance.DEFINITION} {governance.PARTS_LINE} {governance.WHY}\n")
    if not nudges:
        text.append("\n✓ Nothing to flag in this step.\n", style="green")
    return text


def hint_text(nudges: list[str]) -> Text:
    """The collapsed coach in one line: how much is left here, the first thing, the key."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("F2 coach · F1 keys", style="bold")
    if nudges:
        text.append(f" · {len(nudges)} to do: ", style="yellow")
        text.append(nudges[0])
    else:
        text.append(" · ✓ nothing to flag here", style="green")
    return text


class CoachHint(Static):
    """The coach folded to one line, on a terminal too narrow for the panel beside the step."""

    def show(self, nudges: list[str]) -> None:
        self.update(hint_text(nudges))


class CoachPanel(VerticalScroll):
    """The coach beside the step (or, on a narrow terminal opened with F2, in its place)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "screen.close_coach", "Back to the step", show=False, id="coach-close")
    ]

    def compose(self):
        yield Static("", id="coach-text")

    def show(self, step: Step, nudges: list[str]) -> None:
        self.border_title = f"Coach · {step.title}" + (f" · {len(nudges)} to do" if nudges else " · ✓")
        self.border_subtitle = "F2 close · F1 keys"
        self.query_one("#coach-text", Static).update(coaching_text(step, nudges))
