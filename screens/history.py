"""A plan that stays alive: mark a review held, browse the plan's snapshots, see what changed.

The plan's snapshots are files under the store (``acct_tui.history``). These
screens never read them on the UI thread: listing, loading and diffing run in
thread workers, which first let the edit session write what it has queued
(``session.flush``), so a review marked a moment ago is already in the list.
Snapshots are taken only through ``app.session.snapshot`` (the writer thread
writes them after the plan itself), and the plan changes only through the
edit session, so marking a review and restoring a snapshot are undoable.

    ctrl+r (wizard)   mark a review held: a one-line note, today in ``Plan.reviewed``, a "review" snapshot
    f4 (wizard)       ChangesScreen: what changed since the last review (any snapshot pickable)
    f8 (wizard)       HistoryScreen: every snapshot; enter previews, e exports, r restores, c compares
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

import styles
from acct_tui import clock
from acct_tui.app import AcctApp
from acct_tui.export import export_plan
from acct_tui.files import resolve_path
from acct_tui.history import HistoryError, Snapshot
from acct_tui.markdown import render_plan_markdown, slugify
from acct_tui.model import Plan, ValidationError, check_text
from acct_tui.team import Commit
from acct_tui.text import visible
from screens.dialogs import ConfirmScreen, PromptScreen
from screens.preview import PlanPreview, PreviewScreen
from screens.steps.export import path_problem, shown
from screens.fit_footer import FitFooter

CSS = Path(styles.__file__).parent / "history.tcss"

NOTE_EXAMPLE = "e.g. QBR with Maria: renewal on track"


def when_text(snap: Snapshot) -> str:
    """When a snapshot was taken, in local time, as the lists show it."""
    return snap.taken.astimezone().strftime("%Y-%m-%d %H:%M")


# --- marking a review held ----------------------------------------------------


def note_problem(text: str) -> str:
    """Why a review note can't be kept ("" if it can): the model's one-line text check."""
    try:
        check_text("The note", text)
    except ValidationError as error:
        return str(error)
    return ""


def ask_review_note(app: AcctApp, plan_id: str, done: Callable[[], None]) -> None:
    """Ask for the review's one-line note, then mark the review held; ``done`` runs after.

    An empty note is allowed: a review held matters more than its words.
    Escape marks nothing.
    """

    def marked(note: str | None) -> None:
        if note is None:
            return
        message = mark_review_held(app, plan_id, note)
        done()
        app.notify(message, title="Review held", timeout=8, markup=False)

    prompt = PromptScreen("Review held today — a one-line note:", check=note_problem, placeholder=NOTE_EXAMPLE)
    app.push_screen(prompt, marked)


def mark_review_held(app: AcctApp, plan_id: str, note: str) -> str:
    """Set the plan's ``reviewed`` to today (one undo step) and queue a "review" snapshot; the toast.

    The snapshot is queued after the edit, so it holds the plan with the review marked.
    """
    today = clock.today()
    plan = app.plan(plan_id)
    app.update_plan(replace(plan, reviewed=today), label="Mark review held")
    app.session.snapshot(plan_id, "review", note)
    message = f"Review held on {today.isoformat()} marked; snapshot kept."
    if plan.review is None:
        message += " No next review date yet: set one in step 1, Facts."
    elif plan.review <= today:
        passed = "is today" if plan.review == today else f"({plan.review.isoformat()}) has passed"
        message += f" The next review date {passed}: set the next one in step 1, Facts."
    return message


# --- what changed ---------------------------------------------------------------


NO_SNAPSHOTS = (
    "No snapshots of this plan yet. Press ctrl+r in the wizard after your next review "
    "(exports keep one too): from then on this shows what changed since."
)


def choose_base(snaps: list[Snapshot], since: str | None) -> tuple[Snapshot | None, str]:
    """The snapshot to compare from, and the headline saying which and why.

    ``since`` is a snapshot id; without it, the last review, else the oldest snapshot.
    """
    if since is not None:
        chosen = next((snap for snap in snaps if snap.id == since), None)
        if chosen is not None:
            return chosen, f"Since the {chosen.kind} snapshot of {when_text(chosen)}{_note(chosen)}"
    reviews = [snap for snap in snaps if snap.kind == "review"]
    if reviews:
        return reviews[-1], f"Since the last review, {when_text(reviews[-1])}{_note(reviews[-1])}"
    if snaps:
        oldest = snaps[0]
        return oldest, (
            "No review marked yet — press ctrl+r after your next review; showing changes since "
            f"the oldest snapshot ({when_text(oldest)} {oldest.kind})."
        )
    return None, NO_SNAPSHOTS


def _note(snap: Snapshot) -> str:
    return f": {visible(snap.note)}" if snap.note else ""


def picker_option(snap: Snapshot) -> Option:
    """A snapshot in the picker: when and what kind, its note on a second line."""
    note = f"\n  {visible(snap.note)}" if snap.note else ""
    return Option(Content(f"{when_text(snap)} {snap.kind}{note}"), id=snap.id)


def changes_markdown(before: Plan, after: Plan, since: Snapshot) -> str:
    """What changed from the snapshot ``since`` (``before``) to now, as Markdown for the preview."""
    from acct_tui.diff import diff_markdown, plan_diff

    diff = plan_diff(before, after, clock.today(), before_when=f"{since.kind} {when_text(since)}", after_when="now")
    return diff_markdown(diff, heading_level=2)


class ChangesScreen(Screen[None]):
    """What changed in the plan since a snapshot (the last review, by default).

    | Key(s) | Description |
    | :- | :- |
    | escape | Back. |
    | s | Pick the snapshot to compare from (enter compares). |
    | d | Back to reading the changes. |
    """

    CSS_PATH = CSS
    AUTO_FOCUS = "#changes-doc"
    BINDINGS = [
        Binding("escape", "back", "Back", id="changes.back"),
        Binding("s", "pick", "Since…", tooltip="Pick the snapshot to compare from", id="changes.pick"),
        Binding("d", "read", "Changes", show=False, tooltip="Read the changes", id="changes.read"),
    ]

    app = getters.app(AcctApp)

    def __init__(self, plan_id: str, since: str | None = None) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.since = since
        self.markdown = ""
        """The changes shown, as Markdown."""
        self._snaps: list[Snapshot] = []

    def compose(self) -> ComposeResult:
        yield Static("Reading the plan's history…", id="changes-title", markup=False)
        with Horizontal(id="changes-body"):
            picker = OptionList(id="changes-picker")
            picker.border_title = "Since (s)"
            yield picker
            yield PlanPreview(id="changes-doc")
        yield FitFooter()

    def on_mount(self) -> None:
        self._load(self.app.plan(self.plan_id), self.since)

    @work(thread=True, exclusive=True, group="changes")
    def _load(self, current: Plan, since: str | None) -> None:
        """List the snapshots, load the one to compare from and diff it (off the UI thread)."""
        self.app.session.flush()
        history = self.app.store.history(self.plan_id)
        snaps = history.snapshots()
        base, headline = choose_base(snaps, since)
        try:
            markdown = changes_markdown(history.load(base.id), current, base) if base is not None else ""
        except HistoryError as error:
            markdown, headline = "", str(error)
        self.app.call_from_thread(self._show, snaps, base, headline, markdown)

    def _show(self, snaps: list[Snapshot], base: Snapshot | None, headline: str, markdown: str) -> None:
        self._snaps = list(reversed(snaps))  # newest first
        self.markdown = markdown
        self.query_one("#changes-title", Static).update(visible(headline))
        self.query_one(PlanPreview).show(markdown)
        picker = self.query_one("#changes-picker", OptionList)
        picker.set_options(picker_option(snap) for snap in self._snaps)
        picker.display = bool(snaps)
        if base is not None:
            picker.highlighted = self._snaps.index(base)
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a snapshot: compare from it."""
        event.stop()
        self.since = event.option.id
        self.query_one("#changes-title", Static).update("Comparing…")
        self._load(self.app.plan(self.plan_id), self.since)
        self.query_one(PlanPreview).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """"s" only once there are snapshots to pick from (the footer hides it before)."""
        return bool(self._snaps) if action == "pick" else True

    def action_pick(self) -> None:
        self.query_one("#changes-picker", OptionList).focus()

    def action_read(self) -> None:
        self.query_one(PlanPreview).focus()

    def action_back(self) -> None:
        self.dismiss(None)


# --- browsing the history -------------------------------------------------------


class SnapshotPreviewScreen(PreviewScreen):
    """A snapshot as its exported Markdown, read-only; e exports the snapshot, not the current plan."""

    def __init__(self, markdown_text: str, title: str, export: Callable[[], None]) -> None:
        super().__init__(markdown_text, title)
        self._export = export

    def action_export(self) -> None:
        self.dismiss(None)
        self._export()


class HistoryScreen(Screen[None]):
    """The plan's snapshots, newest first: preview, export, restore, or compare from one.

    | Key(s) | Description |
    | :- | :- |
    | enter | Preview the snapshot (read-only). |
    | e | Export the snapshot as Markdown. |
    | r | Restore it as the current version (asks first; ctrl+z in the wizard undoes). |
    | c | What changed since it. |
    | escape | Back to the wizard. |
    """

    CSS_PATH = CSS
    AUTO_FOCUS = "#history-table"
    BINDINGS = [
        Binding("enter", "preview", "Preview", tooltip="Preview the snapshot (read-only)", id="history.preview"),
        Binding("e", "export", "Export", tooltip="Export the snapshot", id="history.export"),
        Binding("r", "restore", "Restore", tooltip="Restore the snapshot as the current version", id="history.restore"),
        Binding("c", "changes", "Changes", tooltip="What changed since the snapshot", id="history.changes"),
        Binding("escape", "back", "Back", id="history.back"),
    ]

    app = getters.app(AcctApp)

    def __init__(self, plan_id: str) -> None:
        super().__init__()
        self.plan_id = plan_id
        self._snaps: dict[str, Snapshot] = {}

    def compose(self) -> ComposeResult:
        yield Static("Reading the plan's history…", id="history-title", markup=False)
        table: DataTable[Text] = DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("Taken", "Kind", "Health", "Note")
        yield table
        yield Static("", id="history-empty", markup=False)
        yield Static("", id="team-title", markup=False)
        commits: DataTable[Text] = DataTable(id="team-log", cursor_type="row", zebra_stripes=True)
        commits.add_columns("When", "Who", "What")
        yield commits
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#team-title").display = False
        self.query_one("#team-log").display = False
        self._load()
        self._load_commits()

    @work(thread=True, exclusive=True, group="team-log")
    def _load_commits(self) -> None:
        """In a team folder, who changed the plan: its commits from git, read off the UI thread."""
        from acct_tui.team import TeamError, is_team_folder, log

        folder = self.app.store.folder
        if not is_team_folder(folder):
            return
        try:
            commits, problem = log(folder, self.plan_id), ""
        except TeamError as error:
            commits, problem = [], str(error)
        self.app.call_from_thread(self._show_commits, commits, problem)

    def _show_commits(self, commits: list[Commit], problem: str) -> None:
        """The team's commits of this plan, newest first: when, who, the message's first line."""
        count = f"{len(commits)} commit{'' if len(commits) == 1 else 's'}"
        title = f"Who changed what (git) · {count}" if not problem else f"Who changed what (git): {problem}"
        self.query_one("#team-title", Static).update(visible(title))
        table = self.query_one("#team-log", DataTable)
        table.clear()
        for commit in commits:
            first = commit.message.splitlines()[0] if commit.message else ""
            when = commit.when.astimezone().strftime("%Y-%m-%d %H:%M")
            table.add_row(Text(when), Text(visible(commit.author)), Text(visible(first)), key=commit.sha)
        self.query_one("#team-title").display = True
        table.display = bool(commits)

    @work(thread=True, exclusive=True, group="history")
    def _load(self) -> None:
        """List the snapshots off the UI thread, after the session wrote what it queued."""
        self.app.session.flush()
        snaps = self.app.store.history(self.plan_id).snapshots()
        self.app.call_from_thread(self._show, snaps)

    def _show(self, snaps: list[Snapshot]) -> None:
        name = self.app.plan(self.plan_id).name
        count = f"{len(snaps)} snapshot{'' if len(snaps) == 1 else 's'}"
        self.query_one("#history-title", Static).update(visible(f"History of {name} · {count}, newest first · enter previews"))
        self._snaps = {snap.id: snap for snap in snaps}
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for snap in reversed(snaps):
            health = "—" if snap.health is None else f"{snap.health}/100"
            table.add_row(
                Text(when_text(snap)), Text(snap.kind), Text(health), Text(visible(snap.note)), key=snap.id
            )
        empty = self.query_one("#history-empty", Static)
        empty.update("" if snaps else NO_SNAPSHOTS)
        empty.display = not snaps

    def _selected(self) -> Snapshot | None:
        """The snapshot under the cursor (None: the list is empty)."""
        table = self.query_one("#history-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._snaps.get(str(key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_preview()

    # --- preview and export ---

    def action_preview(self) -> None:
        snap = self._selected()
        if snap is not None:
            self._open_preview(snap)

    @work(thread=True, exclusive=True, group="snapshot")
    def _open_preview(self, snap: Snapshot) -> None:
        plan = self._load_plan(snap)
        if plan is not None:
            markdown = render_plan_markdown(plan)
            self.app.call_from_thread(self._push_preview, snap, plan, markdown)

    def _push_preview(self, snap: Snapshot, plan: Plan, markdown: str) -> None:
        title = f"{plan.name} — {snap.kind} snapshot of {when_text(snap)} · read-only"
        self.app.push_screen(SnapshotPreviewScreen(markdown, title, lambda: self._ask_export(snap)))

    def _load_plan(self, snap: Snapshot) -> Plan | None:
        """The snapshot's plan (in a worker thread); None, with the reason toasted, if unreadable."""
        try:
            return self.app.store.history(self.plan_id).load(snap.id)
        except HistoryError as error:
            self.app.call_from_thread(self.notify, visible(str(error)), severity="error", markup=False)
            return None

    def action_export(self) -> None:
        snap = self._selected()
        if snap is not None:
            self._ask_export(snap)

    def _ask_export(self, snap: Snapshot) -> None:
        """Ask where (default: ./<account>-plan-<day>.md), confirm an overwrite, then write."""
        store_path = Path(self.app.store.path)
        default = f"./{slugify(self.app.plan(self.plan_id).name)}-plan-{snap.day.isoformat()}.md"

        def chosen(text: str | None) -> None:
            if text is None:
                return
            path = resolve_path(text)
            if path.exists():

                def replace_it(sure: bool | None) -> None:
                    if sure:
                        self._export(snap, path)

                self.app.push_screen(ConfirmScreen(f"{shown(path)} exists.\nReplace it?", "Replace"), replace_it)
            else:
                self._export(snap, path)

        prompt = PromptScreen(
            f"Export the snapshot of {when_text(snap)} to:",
            default,
            check=lambda text: path_problem(text.strip(), store_path),
        )
        self.app.push_screen(prompt, chosen)

    @work(thread=True, group="snapshot-export")
    def _export(self, snap: Snapshot, path: Path) -> None:
        plan = self._load_plan(snap)
        if plan is None:
            return
        try:
            export_plan(plan, "internal", path)
        except OSError as problem:
            message = visible(f"Could not write {path}: {problem.strerror or problem}")
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        message = f"Exported the snapshot of {when_text(snap)} to {shown(path)}"
        self.app.call_from_thread(self.notify, message, title="Exported", markup=False)

    # --- restore and compare ---

    def action_restore(self) -> None:
        snap = self._selected()
        if snap is None:
            return
        name = self.app.plan(self.plan_id).name
        question = (
            f"Restore the snapshot of {when_text(snap)} ({snap.kind}) as the current version of {name}?\n\n"
            "The current version is kept as a snapshot first, and ctrl+z in the wizard undoes the restore."
        )

        def restore_it(sure: bool | None) -> None:
            if sure:
                self._load_to_restore(snap)

        self.app.push_screen(ConfirmScreen(visible(question), "Restore"), restore_it)

    @work(thread=True, exclusive=True, group="snapshot")
    def _load_to_restore(self, snap: Snapshot) -> None:
        plan = self._load_plan(snap)
        if plan is not None:
            self.app.call_from_thread(self._restore, snap, plan)

    def _restore(self, snap: Snapshot, old: Plan) -> None:
        """Keep the current version as a "restore" snapshot, then make the old one current (undoable)."""
        when = when_text(snap)
        self.app.session.snapshot(self.plan_id, "restore", f"before restoring {when}")
        self.app.update_plan(replace(old, id=self.plan_id), label=f"Restore snapshot of {when}")
        self.app.save_now()
        self.dismiss(None)
        self.app.notify(
            f"Restored the snapshot of {when}; the version before it is kept as a snapshot. ctrl+z undoes.",
            title="Restored",
            markup=False,
        )

    def action_changes(self) -> None:
        snap = self._selected()
        if snap is not None:
            self.app.push_screen(ChangesScreen(self.plan_id, since=snap.id))

    def action_back(self) -> None:
        self.dismiss(None)
