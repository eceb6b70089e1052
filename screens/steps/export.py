"""Export: write the plan (or a customer-safe edition, or a review pack) as Markdown."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from acct_tui.export import export_plan
from acct_tui.files import resolve_path
from acct_tui.markdown import slugify
from acct_tui.model import SHORT_MAX, Plan, now_utc
from acct_tui.review import last_review
from acct_tui.store import is_own_file
from acct_tui.text import text_problem, visible
from acct_tui.ui_state import LastExport
from screens.dialogs import ConfirmScreen
from screens.messages import PlanEdited
from screens.steps.base import StepPane
from screens.text_fields import SafeInput

EDITIONS = (
    ("Internal plan: everything, for your team and leader", "internal"),
    ("Customer-safe plan: no stances, notes or politics", "customer"),
    ("Review pack: overdue, due soon, off target, to contact", "review"),
)
SUFFIX = {"internal": "plan", "customer": "customer-plan", "review": "review-pack"}


def default_export_path(plan: Plan, edition: str = "internal", folder: str = "") -> str:
    """./<account-slug>-plan.md (or -customer-plan.md, -review-pack.md), in ``folder`` if given
    (the settings' ``export_folder``, shown as the user wrote it: ``~`` is expanded on export)."""
    name = f"{slugify(plan.name)}-{SUFFIX[edition]}.md"
    return f"{folder.rstrip('/')}/{name}" if folder else f"./{name}"


def shown(path: Path) -> str:
    """A path as the messages show it: the typed name is clean, but a folder or a
    symlink's target it resolves through may hold a control character."""
    return visible(str(path))


def last_export_text(export: LastExport, current: bool) -> str:
    """The last export, as the step shows it (remembered between runs)."""
    edition = {value: label.split(":")[0] for label, value in EDITIONS}.get(export.edition, export.edition)
    when = export.when.astimezone().strftime("%Y-%m-%d %H:%M")
    changed = "" if current else "\nThe plan has changed since: export again to share the newest."
    return f"Last exported {when}: {visible(edition)} to {shown(Path(export.path))}{changed}"


def path_problem(text: str, store_path: Path) -> str:
    """Why the typed export path can't be written, or "" if it can be tried.

    Shared by the Export step and the History screen's snapshot export.
    """
    if not text:
        return "Type where to save the file, e.g. ./plan.md"
    unsafe = text_problem("The file name", text)
    if unsafe:  # it would reach the terminal in every message that names the file
        return unsafe
    try:
        path = resolve_path(text)
    except ValueError as error:
        return f"Can't write there: {error}."
    if path.is_dir():
        return f"{path} is a folder: add a file name, e.g. {path / 'plan.md'}"
    if not path.parent.is_dir():
        return f"The folder {path.parent} does not exist: create it first, or pick another."
    if is_own_file(store_path, path):
        return f"{path} belongs to the plan store: choose another file name."
    return ""


class ExportPane(StepPane):
    """Choose an edition and a path; confirm before overwriting; copy to the clipboard too.

    | key | action |
    |---|---|
    | ctrl+e, enter in the path | export |
    """

    step_key = "export"
    BINDINGS = [
        # priority: ctrl+e would otherwise move the cursor to the end of the path field
        Binding("ctrl+e", "export", "Export", priority=True, id="export-now"),
    ]

    def __init__(self, plan_id: str) -> None:
        super().__init__(plan_id)
        self._default_path = ""
        """The path we filled in ourselves; it follows the edition and the account name."""

    def compose(self) -> ComposeResult:
        last = self.app.ui_state.exports.get(self.plan_id)
        edition = last.edition if last is not None and last.edition in SUFFIX else self.app.settings.export_edition
        self._default_path = default_export_path(self.plan, edition, self.app.settings.export_folder)
        path = last.path if last is not None else self._default_path  # where it went last time, after a restart too
        with VerticalScroll():
            yield Label("What to export", classes="field-label")
            yield Select(EDITIONS, value=edition, allow_blank=False, id="export-edition", compact=True)
            yield Label("Save as", classes="field-label")
            yield SafeInput(path, id="export-path", compact=True)
            yield Static("", id="export-error", classes="field-error", markup=False)  # wraps
            yield Static(
                "The Markdown is also copied to the clipboard, to paste into an email or a wiki.",
                classes="field-hint",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (ctrl+e)", variant="primary", id="export-button")
            yield Static(self._last_export(), id="export-result", markup=False)

    @property
    def edition(self) -> str:
        return str(self.query_one("#export-edition", Select).value)

    def _last_export(self) -> str:
        """The remembered last export of this plan, and whether the plan changed since ("" if none)."""
        last = self.app.ui_state.exports.get(self.plan_id)
        return last_export_text(last, last.version == self.plan.updated) if last else ""

    def refresh_from_plan(self) -> None:
        self._follow_default()
        self.query_one("#export-result", Static).update(self._last_export())

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._follow_default()

    def _follow_default(self) -> None:
        """Keep the suggested path in step with the edition and name, unless the user typed one."""
        path_input = self.query_one("#export-path", Input)
        if path_input.value == self._default_path:
            self._default_path = default_export_path(self.plan, self.edition, self.app.settings.export_folder)
            path_input.value = self._default_path

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-button":
            self.action_export()

    def show_error(self, message: str) -> None:
        """A problem with the path, beside the field (empty: none)."""
        error = self.query_one("#export-error", Static)
        error.update(visible(message))  # it may name a file whose name holds an ESC
        error.display = bool(message)
        self.query_one("#export-path", Input).set_class(bool(message), "-invalid-field")
        if message:
            self.query_one("#export-result", Static).update("")

    def action_export(self) -> None:
        """Export once the path field has taken every key typed before ctrl+e.

        ctrl+e is a priority binding, so it runs before keys still queued for
        the field (a fast typist, a paste); queueing the export behind them
        makes it read the path the user sees.
        """
        self.query_one("#export-path", Input).call_later(self._export)

    def _export(self) -> None:
        """Check the path, confirm an overwrite, then write."""
        text = self.query_one("#export-path", Input).value.strip()
        problem = path_problem(text, Path(self.app.store.path))
        if problem:
            self.show_error(problem)
            return
        self.show_error("")
        path = resolve_path(text)
        if path.exists():
            def overwrite(sure: bool | None) -> None:
                if sure:
                    self._write(path)

            self.app.push_screen(ConfirmScreen(f"{shown(path)} exists.\nReplace it?", "Replace"), overwrite)
        else:
            self._write(path)

    def _write(self, path: Path) -> None:
        try:
            last = last_review(self.app.store.history(self.plan_id)) if self.edition == "review" else None
            markdown = export_plan(self.plan, self.edition, path, last=last)
        except OSError as problem:
            message = visible(f"Could not write {path}: {problem.strerror or problem}")
            self.show_error(message)
            self.notify(message, severity="error", markup=False)
            return
        self.app.copy_to_clipboard(markdown)
        export = LastExport(str(path), self.edition, now_utc(), self.plan.updated)
        self.app.remember(self.app.ui_state.with_export(self.plan_id, export))
        self.post_message(PlanEdited(self.plan_id))  # the stepper marks Export done
        self.query_one("#export-result", Static).update(f"Exported to {shown(path)}")
        self.notify(f"Exported to {shown(path)}\n(also copied to the clipboard)", title="Exported", markup=False)
        self.app.session.snapshot(self.plan_id, "export", export_note(self.edition, path))


def export_note(edition: str, path: Path) -> str:
    """The export snapshot's note: the edition and where it went (one line of plain text)."""
    return f"{edition} → {shown(path)}"[:SHORT_MAX]
