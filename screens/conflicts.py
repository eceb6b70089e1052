"""Same field changed by two people: each conflict side by side, and the user picks.

After a team sync (``acct_tui.team``) merged two edits of one plan, the plan
file holds MY value at each conflict and the conflicts file
(``acct_tui.merge``) holds both sides. This screen lists the conflicts; the
one under the cursor is shown as base | mine | theirs, wrapped. Every choice
goes through the edit session (``app.update_plan``: undoable, saved like
typing), and the conflicts file is rewritten with what remains, in a thread
(one writer at a time, newest list last).

    m   keep mine        t   keep theirs        e   edit (prefilled with mine)
    ctrl+z  undo the last choice (the conflict comes back)      escape  back
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from functools import partial
from typing import Any, Callable

from pathlib import Path

import styles
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from acct_tui.app import AcctApp
from acct_tui.merge import Conflict, load_conflicts, resolve, save_conflicts
from acct_tui.model import Plan
from acct_tui.text import visible
from screens.dialogs import PromptScreen
from screens.text_fields import SafeTextArea
from screens.fit_footer import FitFooter

CSS = Path(styles.__file__).parent / "conflicts.tcss"

EMPTY = "(empty)"


def side_text(conflict: Conflict, side: str) -> str:
    """One side of a conflict as the user reads it; an item one side deleted says so."""
    value = getattr(conflict, side)
    if conflict.field == "" and value is None:
        return "(deleted)" if side != "base" else "(not there)"
    return value_text(value)


def value_text(value: Any) -> str:
    """A value as the user reads it (plan data: text, a date, a list, an item's fields, None)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, dict):
        return "\n".join(f"{key}: {value_text(part)}" for key, part in value.items() if part not in (None, "", [], ())) or EMPTY
    if isinstance(value, (list, tuple)):
        return "\n".join(f"• {value_text(part)}" for part in value) or EMPTY
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return visible(str(value))


def conflict_count_text(count: int) -> str:
    """What the accounts list adds to a plan's name: "⚠ 2 conflicts"."""
    return f"⚠ {count} conflict{'' if count == 1 else 's'}"


def resolve_problem(plan: Plan, conflict: Conflict, value: object) -> str:
    """Why ``value`` can't settle the conflict ("" if it can): the plan's own check, by field."""
    try:
        resolve(plan, conflict, value)
    except (ValueError, TypeError, LookupError) as error:  # ValidationError, NodeNotFound
        return visible(str(error))
    return ""


class TextPromptScreen(ModalScreen[str | None]):
    """Edit several lines of text (ctrl+s keeps it, escape cancels); checked on keep."""

    CSS_PATH = CSS
    BINDINGS = [
        Binding("ctrl+s", "ok", "Keep", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, value: str, *, check: Callable[[str], str]) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            yield SafeTextArea(self.value, id="prompt-text")
            yield Label("", id="prompt-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep (ctrl+s)", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#prompt-error", Label).display = False
        self.query_one(SafeTextArea).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_ok() if event.button.id == "ok" else self.dismiss(None)

    def action_ok(self) -> None:
        text = self.query_one(SafeTextArea).text
        problem = self.check(text)
        if problem:
            error = self.query_one("#prompt-error", Label)
            error.update(problem)
            error.display = True
            return
        self.dismiss(text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConflictScreen(Screen[None]):
    """The plan's conflicts: pick one, see base | mine | theirs, keep mine, theirs or an edit.

    | Key(s) | Description |
    | :- | :- |
    | m | Keep mine. |
    | t | Keep theirs. |
    | e, enter | Edit: a prompt prefilled with mine. |
    | ctrl+z | Undo the last choice. |
    | escape | Back (what remains stays in the conflicts file). |
    """

    CSS_PATH = CSS
    AUTO_FOCUS = "#conflict-list"
    BINDINGS = [
        Binding("m", "keep('mine')", "Keep mine", id="conflicts.mine"),
        Binding("t", "keep('theirs')", "Keep theirs", id="conflicts.theirs"),
        Binding("e", "edit", "Edit", tooltip="Edit the value (prefilled with mine)", id="conflicts.edit"),
        Binding("ctrl+z", "undo", "Undo", show=False, priority=True, id="conflicts.undo"),
        Binding("escape", "back", "Back", id="conflicts.back"),
    ]

    app = getters.app(AcctApp)

    def __init__(self, plan_id: str, conflicts: list[Conflict]) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.remaining = list(conflicts)
        """The conflicts still to settle, in the file's order."""
        self._settled: list[tuple[int, Conflict]] = []
        """Each choice made here (its place in the list, the conflict): ctrl+z puts the last one back."""
        self._write_lock = threading.Lock()

    def compose(self) -> ComposeResult:
        yield Static("", id="conflict-title", markup=False)
        listing = OptionList(id="conflict-list")
        listing.border_title = "Conflicts"
        yield listing
        with Horizontal(id="conflict-sides"):
            for side in ("base", "mine", "theirs"):
                with VerticalScroll(id=f"side-{side}", classes="conflict-side") as box:
                    box.border_title = {"base": "Before both", "mine": "Mine (m)", "theirs": "Theirs (t)"}[side]
                    box.can_focus = False
                    yield Static("", id=f"value-{side}", markup=False)
        yield FitFooter()

    def on_mount(self) -> None:
        self._show()

    def _show(self, highlight: int = 0) -> None:
        """Fill the list and the three sides from ``remaining``."""
        name = self.app.plan(self.plan_id).name
        left = len(self.remaining)
        title = f"{name} · {left} conflict{'' if left == 1 else 's'}: both of you changed the same field"
        if not left:
            title = f"{name} · all conflicts settled · escape goes back (ctrl+z undoes a choice)"
        self.query_one("#conflict-title", Static).update(visible(title))
        listing = self.query_one("#conflict-list", OptionList)
        listing.set_options(Option(Content(visible(c.label)), id=str(n)) for n, c in enumerate(self.remaining))
        if self.remaining:
            listing.highlighted = min(highlight, left - 1)
        self._show_sides()
        self.refresh_bindings()

    def _show_sides(self) -> None:
        conflict = self.selected()
        for side in ("base", "mine", "theirs"):
            text = "" if conflict is None else side_text(conflict, side)
            self.query_one(f"#value-{side}", Static).update(text)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_sides()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a conflict edits it, as enter edits a row elsewhere (the help says so)."""
        event.stop()
        self.action_edit()

    def selected(self) -> Conflict | None:
        """The conflict under the cursor (None: none left)."""
        index = self.query_one("#conflict-list", OptionList).highlighted
        if index is None or not self.remaining:
            return None
        return self.remaining[min(index, len(self.remaining) - 1)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("keep", "edit"):
            return bool(self.remaining)
        return True

    # --- choosing ---

    def action_keep(self, side: str) -> None:
        conflict = self.selected()
        if conflict is not None:
            self.settle(conflict, getattr(conflict, side), "mine" if side == "mine" else "theirs")

    def action_edit(self) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        mine = conflict.mine
        if conflict.field in ("", "parent") or (mine is not None and not isinstance(mine, str)):
            self.notify("Only text can be edited here: keep mine or theirs, then change it in the plan.", markup=False)
            return
        start = mine or ""

        def check(text: str) -> str:
            return resolve_problem(self.app.plan(self.plan_id), conflict, text.strip())

        def edited(text: str | None) -> None:
            if text is not None:
                self.settle(conflict, text, "an edit")

        title = f"{visible(conflict.label)}: your version"
        if "\n" in start or len(start) > 60:
            self.app.push_screen(TextPromptScreen(title, start, check=check), edited)
        else:
            self.app.push_screen(PromptScreen(title, start, check=check), edited)

    def settle(self, conflict: Conflict, value: object, how: str) -> None:
        """Put ``value`` in the plan (one undo step), drop the conflict, rewrite the file."""
        try:
            plan = resolve(self.app.plan(self.plan_id), conflict, value)
        except (ValueError, TypeError, LookupError) as error:
            self.notify(f"{visible(conflict.label)}: {error}", severity="error", markup=False)
            return
        self.app.update_plan(plan, label=f"Keep {how} for {visible(conflict.label)}")
        self.app.save_now()
        index = self.remaining.index(conflict)
        self.remaining.pop(index)
        self._settled.append((index, conflict))
        self._changed(index)

    def action_undo(self) -> None:
        """Undo the plan's last change; if it was a choice made here, the conflict comes back."""
        if not self.app.undo(self.plan_id):
            return
        if self._settled:
            index, conflict = self._settled.pop()
            self.remaining.insert(index, conflict)
            self._changed(index)

    def _changed(self, highlight: int) -> None:
        self._show(highlight)
        self._write_conflicts()
        if not self.remaining:
            self.notify("All conflicts settled: the plan is whole again. Sync to share it.", title="Conflicts", markup=False)

    @work(thread=True, group="conflicts-file")
    def _write_conflicts(self) -> None:
        """Rewrite the conflicts file with what remains now (newest list last, one writer at a time)."""
        with self._write_lock:
            remaining = list(self.remaining)
            try:
                save_conflicts(self.app.store.folder, self.plan_id, remaining)
            except OSError as error:
                message = f"Could not update the conflicts file: {error.strerror or error}"
                self.app.call_from_thread(self.notify, message, severity="error", markup=False)

    def action_back(self) -> None:
        self.dismiss(None)


def show_conflicts(app: AcctApp, plan_id: str) -> None:
    """If the plan has conflicts on disk, show them: the file is read in a thread worker."""
    app.run_worker(partial(_read_and_show, app, plan_id), thread=True, group="conflicts-read")


def _read_and_show(app: AcctApp, plan_id: str) -> None:
    conflicts, problem = read_conflicts(app.store.folder, plan_id)
    if problem:
        app.call_from_thread(app.notify, problem, severity="error", markup=False)
    elif conflicts:
        app.call_from_thread(_push_unless_shown, app, plan_id, conflicts)


def read_conflicts(folder: Path, plan_id: str) -> tuple[list[Conflict], str]:
    """The plan's conflicts on disk, and why they could not be read ("" if they could).

    Outside a team folder there are none. Reads files: call it in a thread.
    """
    from acct_tui.team import TeamError, is_team_folder

    try:
        if not is_team_folder(folder):
            return [], ""
        return load_conflicts(folder, plan_id), ""
    except (OSError, ValueError, TeamError) as error:
        return [], visible(f"Could not read the conflicts of plan {plan_id}: {error}")


def _push_unless_shown(app: AcctApp, plan_id: str, conflicts: list[Conflict]) -> None:
    if not any(isinstance(s, ConflictScreen) and s.plan_id == plan_id for s in app.screen_stack):
        app.push_screen(ConflictScreen(plan_id, conflicts), lambda _: _show_plan_again(app, plan_id))


def _show_plan_again(app: AcctApp, plan_id: str) -> None:
    """The wizard under the conflict view shows the plan as the choices left it."""
    from screens.wizard import WizardScreen

    for screen in app.screen_stack:
        if isinstance(screen, WizardScreen) and screen.plan_id == plan_id:
            screen.show_plan_again()
