"""Review: what the coach still flags (enter jumps to the fix), and the plan as it will read."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from acct_tui.coach import check_plan, health_score
from acct_tui.markdown import render_plan_markdown
from screens.messages import JumpTo
from screens.preview import PlanPreview
from screens.steps.base import StepPane


class ReviewPane(StepPane):
    """The coach's findings and a live preview of the exported plan."""

    step_key = "review"
    BINDINGS = [
        Binding("f5,p", "screen.preview", "Full preview", id="review-preview"),
        # the wizard's history keys, listed here too so the footer shows them first on this step
        Binding("ctrl+r", "screen.mark_review", "Review held", tooltip="Mark review held", id="review-mark"),
        Binding("f4", "screen.changes", "Changes", tooltip="Show changes since the last review", id="review-changes"),
        Binding("f8", "screen.history", "History", tooltip="History: preview, export or restore snapshots", id="review-history"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", id="review-score", markup=False)
        yield OptionList(id="findings")
        yield PlanPreview(id="review-preview")

    def on_mount(self) -> None:
        self.refresh_from_plan()

    def refresh_from_plan(self) -> None:
        plan = self.plan
        findings = check_plan(plan)
        score = health_score(plan)
        summary = (
            f"Plan health {score}/100 · {len(findings)} {'thing' if len(findings) == 1 else 'things'} to fix"
            " — enter on one jumps to the place to fix it"
            if findings
            else f"Plan health {score}/100 · the coach has nothing left to flag. Export it (next step)."
        )
        self.query_one("#review-score", Static).update(summary)
        options = self.query_one("#findings", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(
            Option(Text(f"⚠ {finding.message}"), id=f"{index}") for index, finding in enumerate(findings)
        )
        options.display = bool(findings)
        if findings:
            options.highlighted = min(highlighted or 0, len(findings) - 1)
        self._findings = findings
        self.query_one(PlanPreview).show(render_plan_markdown(plan))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        finding = self._findings[int(event.option.id or 0)]
        self.post_message(JumpTo(finding.step, finding.node_id))
