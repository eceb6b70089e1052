"""Review: what the coach still flags (enter jumps to the fix), and the plan as it will read."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from acct_tui.coach import check_plan, health_score
from acct_tui.markdown import render_plan_markdown
from acct_tui.model import Plan
from screens.messages import JumpTo
from screens.preview import PlanPreview
from screens.steps.base import BIG_PLAN, StepPane, tactic_count

PREVIEW_LINES = 400
"""Lines of the document the step's preview shows; f5 shows the whole plan.

A 20,000-tactic plan reads as 33,000 lines, which take seconds to parse
and render on the UI thread; nobody reviews them in a side pane.
"""

def preview_head(markdown_text: str, lines: int = PREVIEW_LINES) -> str:
    """The document's first ``lines`` lines (cut at the next blank line), and a line saying f5 shows the rest."""
    kept = markdown_text.splitlines(keepends=True)
    if len(kept) <= lines:
        return markdown_text
    end = lines
    while end < len(kept) and kept[end].strip():
        end += 1
    rest = len(kept) - end
    if not rest:
        return markdown_text
    return "".join(kept[:end]) + f"\n*… and {rest:,} more lines: f5 shows the whole plan.*\n"


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
        if self.torn_down:
            return
        self.refresh_from_plan()

    def focus_first(self) -> None:
        """The findings, or with none to show, the preview (so the keys scroll it)."""
        findings = self.query_one("#findings", OptionList)
        (findings if findings.display else self.query_one(PlanPreview)).focus(scroll_visible=False)

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
        if tactic_count(plan) > BIG_PLAN:
            self._write_preview(plan)
        else:
            self._show_text(preview_head(render_plan_markdown(plan)))

    def _show_text(self, text: str) -> None:
        """Show the document; hidden (built ahead), render it after this refresh at the width it will have."""
        self.query_one(PlanPreview).show(text)
        if not self.display:
            self.call_after_refresh(self._prepare_while_hidden)

    def _prepare_while_hidden(self) -> None:
        """Not on a move to this step: the wizard shows the pane right after refreshing it."""
        switcher = self.parent
        if self.display or not self.is_attached or not isinstance(switcher, Widget):
            return  # shown meanwhile: the preview renders itself at its width
        preview = self.query_one(PlanPreview)
        styles = preview.styles  # the switcher is laid out; this pane is not
        width = switcher.content_region.width - self.styles.gutter.width - styles.gutter.width
        preview.prepare(width - styles.scrollbar_size_vertical)

    @work(thread=True, exclusive=True, group="review-preview")
    def _write_preview(self, plan: Plan) -> None:
        """Write a big plan's document off the UI thread; show it unless a newer version came meanwhile."""
        text = preview_head(render_plan_markdown(plan))
        if not get_current_worker().is_cancelled:  # the wizard closed meanwhile
            self.app.call_from_thread(self._show_preview, plan, text)

    def _show_preview(self, plan: Plan, text: str) -> None:
        if plan is self.plan:
            self._show_text(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        finding = self._findings[int(event.option.id or 0)]
        self.post_message(JumpTo(finding.step, finding.node_id))
