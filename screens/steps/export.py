"""Export: write the plan (or a customer-safe edition, or a review pack) as Markdown."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Label, Select, Static

from acct_tui.files import write_text_atomic
from acct_tui.markdown import render_plan_markdown, slugify
from acct_tui.model import Plan
from acct_tui.review import render_review_pack
from screens.dialogs import ConfirmScreen
from screens.steps.base import StepPane

EDITIONS = (
    ("Internal plan: everything, for your team and leader", "internal"),
    ("Customer-safe plan: no stances, notes or politics", "customer"),
    ("Review pack: overdue, due soon, off target, to contact", "review"),
)
SUFFIX = {"internal": "plan", "customer": "customer-plan", "review": "review-pack"}


def default_export_path(plan: Plan, edition: str = "internal") -> str:
    """./<account-slug>-plan.md (or -customer-plan.md, -review-pack.md)."""
    return f"./{slugify(plan.name)}-{SUFFIX[edition]}.md"


def render_edition(plan: Plan, edition: str) -> str:
    """The Markdown for one edition of the plan."""
    if edition == "review":
        return render_review_pack(plan)
    return render_plan_markdown(plan, audience=edition)


class ExportPane(StepPane):
    """Choose an edition and a path; confirm before overwriting; copy to the clipboard too."""

    step_key = "export"
    BINDINGS = [Binding("ctrl+e", "export", "Export", id="export-now")]

    def compose(self) -> ComposeResult:
        yield Label("What to export", classes="field-label")
        yield Select(EDITIONS, value="internal", allow_blank=False, id="export-edition")
        yield Label("Save as", classes="field-label")
        yield Input(default_export_path(self.plan), id="export-path")
        yield Label("", id="export-error", classes="field-error", markup=False)
        with Horizontal(classes="dialog-buttons"):
            yield Button("Export (ctrl+e)", variant="primary", id="export-button")
        yield Static(
            "The Markdown is also copied to the clipboard, to paste into an email or a wiki.",
            classes="field-hint",
            markup=False,
        )
        yield Static("", id="export-result", markup=False)

    def on_select_changed(self, event: Select.Changed) -> None:
        path_input = self.query_one("#export-path", Input)
        defaults = {default_export_path(self.plan, edition) for _, edition in EDITIONS}
        if path_input.value in defaults:
            path_input.value = default_export_path(self.plan, str(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-button":
            self.action_export()

    def action_export(self) -> None:
        text = self.query_one("#export-path", Input).value.strip()
        error = self.query_one("#export-error", Label)
        if not text:
            error.update("Type where to save the file, e.g. ./plan.md")
            return
        path = Path(text).expanduser().resolve()
        if path.is_dir():
            error.update(f"{path} is a folder: add a file name, e.g. {path / 'plan.md'}")
            return
        if not path.parent.is_dir():
            error.update(f"The folder {path.parent} does not exist.")
            return
        error.update("")
        if path.exists():
            def overwrite(sure: bool | None) -> None:
                if sure:
                    self._write(path)

            self.app.push_screen(ConfirmScreen(f"{path} exists.\nReplace it?", "Replace"), overwrite)
        else:
            self._write(path)

    def _write(self, path: Path) -> None:
        edition = str(self.query_one("#export-edition", Select).value)
        markdown = render_edition(self.plan, edition)
        try:
            write_text_atomic(path, markdown)
        except OSError as problem:
            message = f"Could not write {path}: {problem.strerror or problem}"
            self.query_one("#export-error", Label).update(message)
            self.notify(message, severity="error", markup=False)
            return
        self.app.copy_to_clipboard(markdown)
        self.query_one("#export-result", Static).update(f"Exported to {path}")
        self.notify(f"Exported to {path}\n(also copied to the clipboard)", title="Exported", markup=False)
