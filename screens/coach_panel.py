"""The coaching panel: what the step is for, an example, the mistake to avoid, live nudges."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from acct_tui.steps import Step


def coaching_text(step: Step, nudges: list[str]) -> Text:
    """The panel's text: what the plan still lacks here first (it changes), then the lesson."""
    text = Text()
    if nudges:
        text.append("Still to do here\n", style="bold yellow")
        for nudge in nudges[:8]:
            text.append(f"• {nudge}\n")
        if len(nudges) > 8:
            text.append(f"… and {len(nudges) - 8} more (see Review).\n", style="dim")
        text.append("\n")
    text.append("What it's for\n", style="bold")
    text.append(step.purpose + "\n\n")
    text.append("Example\n", style="bold")
    text.append(step.example + "\n\n", style="italic")
    text.append("Avoid\n", style="bold")
    text.append(step.mistake + "\n")
    if not nudges:
        text.append("\n✓ Nothing to flag in this step.\n", style="green")
    return text


class CoachPanel(VerticalScroll):
    """The coach beside (or, on a narrow terminal, below) the step."""

    def compose(self):
        yield Static("", id="coach-text")

    def show(self, step: Step, nudges: list[str]) -> None:
        self.border_title = f"Coach · {step.title}" + (f" · {len(nudges)} to do" if nudges else " · ✓")
        self.border_subtitle = "F2 hide · F1 keys"
        self.query_one("#coach-text", Static).update(coaching_text(step, nudges))
