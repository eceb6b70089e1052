"""Export: write the plan (or a customer-safe edition, or a review pack) as Markdown, Word or PDF."""

from __future__ import annotations

import os
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from acct_tui.clipboard import osc52_verdict, terminal_support, tmux_option
from acct_tui.documents import FORMATS, DocumentError
from acct_tui.export import SUFFIX, default_file_name, export_plan
from acct_tui.files import resolve_path
from acct_tui.model import SHORT_MAX, Plan, now_utc
from acct_tui.review import LastReview, last_review
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
FILE_FORMATS = (
    ("Markdown: for email, a wiki, git", "md"),
    ("Word (.docx): needs pandoc", "docx"),
    ("PDF: needs pandoc", "pdf"),
)


def default_export_path(plan: Plan, edition: str = "internal", file_format: str = "md", folder: str = "") -> str:
    """./<account-slug>-plan.md (or -customer-plan.docx, -review-pack.pdf, ...), in ``folder`` if given
    (the settings' ``export_folder``, shown as the user wrote it: ``~`` is expanded on export)."""
    name = default_file_name(plan, edition, file_format)
    return f"{folder.rstrip('/')}/{name}" if folder else f"./{name}"


def format_of(path: str) -> str:
    """The file format a path's suffix names (Markdown unless .docx or .pdf)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else "md"


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
    """Choose an edition, a format and a path; confirm before overwriting; write.

    Markdown is also sent to the terminal's clipboard, but only when it is
    small enough and the terminal is likely to take it (``acct_tui.clipboard``);
    otherwise the step says where the file is and ctrl+o sends its path. Word
    and PDF are made by pandoc in a thread, so the app stays live meanwhile.

    | key | action |
    |---|---|
    | ctrl+e, enter in the path | export |
    | ctrl+o | send the written file's path to the terminal's clipboard (when its content wasn't) |
    """

    step_key = "export"
    BINDINGS = [
        # priority: ctrl+e would otherwise move the cursor to the end of the path field
        Binding("ctrl+e", "export", "Export", priority=True, id="export-now"),
        Binding("ctrl+o", "copy_path", "Copy path", id="export-copy-path"),
    ]

    def __init__(self, plan_id: str) -> None:
        super().__init__(plan_id)
        self._default_path = ""
        """The path we filled in ourselves; it follows the edition, the format and the account name."""
        self._path_to_copy: Path | None = None
        """The file just written, when its content was not sent to the clipboard: ctrl+o sends this."""
        self._tmux_clipboard: str | None = None
        """tmux's set-clipboard option (read once, in a thread), when we run inside tmux."""

    def compose(self) -> ComposeResult:
        last = self.app.ui_state.exports.get(self.plan_id)
        edition = last.edition if last is not None and last.edition in SUFFIX else self.app.settings.export_edition
        file_format = format_of(last.path) if last is not None else "md"
        self._default_path = default_export_path(self.plan, edition, file_format, self.app.settings.export_folder)
        path = last.path if last is not None else self._default_path  # where it went last time, after a restart too
        with VerticalScroll():
            yield Label("What to export", classes="field-label")
            yield Select(EDITIONS, value=edition, allow_blank=False, id="export-edition", compact=True)
            yield Label("Format", classes="field-label")
            yield Select(FILE_FORMATS, value=file_format, allow_blank=False, id="export-format", compact=True)
            yield Label("Save as", classes="field-label")
            yield SafeInput(path, id="export-path", compact=True)
            yield Static("", id="export-error", classes="field-error", markup=False)  # wraps
            yield Static(
                "Markdown also goes to the terminal's clipboard when the terminal takes it.",
                classes="field-hint",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (ctrl+e)", variant="primary", id="export-button")
            yield Static(self._last_export(), id="export-result", markup=False)

    def on_mount(self) -> None:
        if os.environ.get("TMUX"):
            self._read_tmux_option()

    @work(thread=True, exclusive=True, group="export-tmux")
    def _read_tmux_option(self) -> None:
        """Ask tmux whether it passes clipboard requests on (a subprocess: never on the UI thread)."""
        option = tmux_option(os.environ)
        self.app.call_from_thread(setattr, self, "_tmux_clipboard", option)

    @property
    def edition(self) -> str:
        return str(self.query_one("#export-edition", Select).value)

    @property
    def file_format(self) -> str:
        return str(self.query_one("#export-format", Select).value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+o is offered only once a file was written and its content not copied."""
        if action == "copy_path":
            return self._path_to_copy is not None
        return True

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
        """Keep the suggested path in step with the edition, format and name, unless the user typed one.

        A typed path ending in another format's suffix (.md, .docx, .pdf)
        takes the chosen one's, so a PDF is never written as notes.md.
        """
        path_input = self.query_one("#export-path", Input)
        if path_input.value == self._default_path:
            self._default_path = default_export_path(
                self.plan, self.edition, self.file_format, self.app.settings.export_folder
            )
            path_input.value = self._default_path
            return
        typed = path_input.value
        stem, dot, suffix = typed.rpartition(".")
        if dot and "/" not in suffix and suffix.lower() in ("md", *FORMATS) and suffix.lower() != self.file_format:
            path_input.value = f"{stem}.{self.file_format}"

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
        """Markdown at once; Word and PDF in a thread (pandoc takes a second or more)."""
        edition, file_format, plan = self.edition, self.file_format, self.plan
        self._path_to_copy = None  # ctrl+o offered the last file; this one isn't written yet
        self.refresh_bindings()
        last = last_review(self.app.store.history(self.plan_id)) if edition == "review" else None
        if file_format == "md":
            try:
                markdown = export_plan(plan, edition, path, last=last)
            except OSError as problem:
                self._failed(f"Could not write {path}: {problem.strerror or problem}")
                return
            self._exported(path, edition, plan, markdown)
        else:
            self.query_one("#export-result", Static).update(f"Making the {FORMATS[file_format]} file…")
            self._make_document(path, edition, file_format, plan, last)

    @work(thread=True, exclusive=True, group="export-document")
    def _make_document(self, path: Path, edition: str, file_format: str, plan: Plan, last: LastReview | None) -> None:
        """Write a Word or PDF file off the UI thread; report back on it."""
        try:
            export_plan(plan, edition, path, last=last, document=file_format)
        except DocumentError as problem:
            self.app.call_from_thread(self._failed, str(problem))
        except OSError as problem:
            self.app.call_from_thread(self._failed, f"Could not write {path}: {problem.strerror or problem}")
        else:
            self.app.call_from_thread(self._exported, path, edition, plan, None)

    def _failed(self, message: str) -> None:
        message = visible(message)
        self.show_error(message)
        self.notify(message, severity="error", markup=False)

    def _exported(self, path: Path, edition: str, plan: Plan, markdown: str | None) -> None:
        """The file is written: say where, and what (if anything) went to the clipboard.

        ``markdown``: the text written, to send to the clipboard; None for Word and PDF.
        """
        sent, clipboard = self._send_to_clipboard(markdown) if markdown is not None else (False, "")
        self._path_to_copy = None if sent else path
        self.refresh_bindings()
        export = LastExport(str(path), edition, now_utc(), plan.updated)
        self.app.remember(self.app.ui_state.with_export(self.plan_id, export))
        self.post_message(PlanEdited(self.plan_id))  # the stepper marks Export done
        offer = "" if sent else "ctrl+o sends the file's path to the terminal's clipboard."
        said = f"Written to {shown(path)}\n" + " ".join(part for part in (clipboard, offer) if part)
        self.query_one("#export-result", Static).update(said)
        self.notify(said, title="Exported", markup=False)
        self.app.session.snapshot(self.plan_id, "export", export_note(edition, path))

    def _send_to_clipboard(self, markdown: str) -> tuple[bool, str]:
        """Send the Markdown with OSC 52 if it is likely to arrive: (sent, what to tell the user)."""
        verdict = osc52_verdict(markdown, os.environ, self._tmux_clipboard)
        if not verdict.likely:
            return False, f"Not sent to the clipboard: {verdict.reason}."
        self.app.copy_to_clipboard(markdown)
        return True, "The Markdown was sent to the terminal's clipboard."

    def action_copy_path(self) -> None:
        """Send the written file's path to the terminal's clipboard, saying if it may not arrive."""
        if self._path_to_copy is None:
            return
        self.app.copy_to_clipboard(str(self._path_to_copy))
        support = terminal_support(os.environ, self._tmux_clipboard)
        doubt = "" if support.likely else f" It may not arrive: {support.reason}."
        self.notify(f"Sent {shown(self._path_to_copy)} to the terminal's clipboard.{doubt}", markup=False)


def export_note(edition: str, path: Path) -> str:
    """The export snapshot's note: the edition and where it went (one line of plain text)."""
    return f"{edition} → {shown(path)}"[:SHORT_MAX]
