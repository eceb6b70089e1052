"""The Textual app: wires the plan store and the edit session to the screens.

Every screen edits plans through ``AcctApp.update_plan``, which hands the new
version to the domain's ``EditSession``: it keeps the newest version in
memory (so typing never waits on the disk), the undo history, and the
autosave policy; its one writer thread does the I/O. The app only ticks the
session from a timer and shows its state (``save_status``). A step change
asks for a save without waiting; quit and signals wait for it.

If a save finds a plan's file changed on disk by someone else, saving stops
(no retry overwrites it) and the user chooses: reload theirs, or keep the
unsaved edits as a copy of the plan.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Protocol, runtime_checkable

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme

import styles
from acct_tui import settings as user_settings
from acct_tui import ui_state
from acct_tui.cadence import use_stale_contact_days
from acct_tui.collector import Collector
from acct_tui.edit import copy_of, describe_change
from acct_tui.model import Plan
from acct_tui.session import EditSession, SaveStatus
from acct_tui.store import CatalogEntry, PlanStore, StoreError, catalog_entry
from acct_tui.text import visible
from acct_tui.ui_state import UiState
from screens.text_fields import SafeInput, SafeTextArea

if TYPE_CHECKING:
    from acct_tui.team import SyncResult

TICK = 0.1
"""Seconds between looks at the edit session (autosave timing and the save indicator)."""

STYLES = Path(styles.__file__).parent


@runtime_checkable
class QuitGuard(Protocol):
    """A screen that may hold typed text not yet in the plan; quitting asks it first.

    The wizard (inline fields) and the item form implement it; the app checks
    every screen on the stack with ``isinstance`` and calls these by name, so
    mypy checks both sides.
    """

    def commit_on_quit(self) -> None:
        """Hand anything typed but not yet in the plan (a valid open form) to the app."""

    def invalid_fields(self) -> list[str]:
        """Names of fields holding text the plan refused (it is not saved)."""


class AcctApp(App[None]):
    """acct-tui: build, preview and export a strategic account plan."""

    TITLE = "acct-tui"
    SUB_TITLE = "strategic account plans"
    CSS_PATH = [STYLES / "app.tcss"]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="quit-ctrl-c"),
        Binding("f1", "help", "Help", show=False, id="help"),
    ]

    save_status: reactive[SaveStatus] = reactive(SaveStatus, always_update=False)
    """What the session says about saving; screens show it."""

    collect_when_quiet: bool | None = None
    """Move Python's full garbage collections to when the user is quiet (``acct_tui.collector``).
    None: when the app runs in a terminal, not in tests (each app start would collect in full)."""

    def __init__(
        self, store: PlanStore, *, clock: Callable[[], float] = time.monotonic, settings_file: Path | None = None
    ) -> None:
        super().__init__()
        self.store = store
        self.session = EditSession(store, clock=clock, describe=describe_change)
        self._signalled = False
        self._ui_path = ui_state.state_path(store.folder)
        self.ui_state, self._ui_notice = ui_state.load(self._ui_path)
        """Remembered between runs: each plan's last step and export, the coach, the theme."""
        self._ui_written = self.ui_state
        self._ui_lock = threading.Lock()
        self.settings_file = settings_file or user_settings.settings_path()
        self.settings, self._settings_notice = user_settings.load_settings(self.settings_file)
        """The user's settings file (acct_tui.settings): theme, coach, export defaults, keymap, ..."""
        self.keymap: dict[str, str] = {}
        """Binding id -> keys, as remapped by the settings (F1 help shows them)."""
        self._adopt_settings()
        self.store_changed = False
        """The file changed on disk under us: nothing is saved until the user chooses."""
        self._notices_shown = 0
        self.collector = Collector()

    def on_mount(self) -> None:
        from screens.home import HomeScreen

        self._install_signal_handlers()
        self.set_interval(TICK, self.tick)
        self._apply_keymap()
        self._restore_ui_state()
        self.push_screen(HomeScreen())
        self.show_notices()
        if self.collect_when_quiet or (self.collect_when_quiet is None and not self.is_headless):
            self.call_after_refresh(self.collector.start)  # the first screen is up: it is frozen too

    def show_notices(self) -> None:
        """What the store wants the user told (a file made private, ...), each once."""
        for notice in self.store.notices[self._notices_shown :]:
            self.notify(notice, title="Note", timeout=10, markup=False)
        self._notices_shown = len(self.store.notices)

    async def on_event(self, event: events.Event) -> None:
        """Every key, click, scroll and paste tells the collector the user is busy. A paste into a field that is
        not one of ours (the palette's search) shows controls as symbols.

        Our own fields (``screens.text_fields``) take the paste as it is, so
        their check can refuse it by name; nothing is saved from the others.
        """
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)):
            self.collector.input()
        if isinstance(event, events.Paste) and not isinstance(self.focused, (SafeInput, SafeTextArea)):
            event.text = visible(event.text)
        await super().on_event(event)

    # --- what is remembered between runs (acct_tui.ui_state) -----------------

    def _restore_ui_state(self) -> None:
        """Put back the theme (from the settings); forget plans deleted since; say once if a file was bad."""
        theme = self.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        elif theme:
            self.notify(
                visible(f"The settings file {self.settings_file} names a theme acct-tui does not have ({theme!r}): "
                        "using the default. ctrl+p, Change theme lists them."),
                title="Note", timeout=10, markup=False,
            )
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.ui_state = self.ui_state.keeping(entry.id for entry in self.store.catalog(fresh=False))
        if self._ui_notice:
            self.notify(self._ui_notice, title="Note", timeout=10, markup=False)
        if self._settings_notice and self._settings_notice not in self.store.notices:  # the CLI's is shown already
            self.notify(self._settings_notice, title="Note", timeout=10, markup=False)

    # --- the user's settings file (acct_tui.settings) ---------------------------

    def _adopt_settings(self) -> None:
        """Use the settings: the stale-contact days, the coach; move the theme and coach over from
        ui-state.json (where older versions kept them) into a settings file that does not set them yet."""
        use_stale_contact_days(self.settings.stale_contact_days)
        old = self.ui_state
        if "theme" not in self.settings.given and old.theme:
            self._save_setting("theme", old.theme)
        if "coach" not in self.settings.given and not old.coach_shown:
            self._save_setting("coach", "hidden")
        self.ui_state = self._ui_written = replace(old, coach_shown=self.settings.coach == "shown")

    def _apply_keymap(self) -> None:
        """The settings' [keymap] through Textual's keymap: footer, palette and F1 show the keys as remapped.

        A keymap naming an id no binding has is ignored whole, with a one-line note.
        """
        from screens.help import binding_ids

        problem = user_settings.keymap_problem(self.settings, binding_ids(), self.settings_file)
        if problem:
            self.notify(problem, title="Note", timeout=10, markup=False)
        elif self.settings.keymap:
            self.set_keymap(self.settings.keymap)
            self.keymap = dict(self.settings.keymap)

    def _save_setting(self, key: str, value: str) -> None:
        """Write one setting (its line only); if the file can't take it, say so: it holds for this run."""
        changes: dict[str, Any] = {key: value}
        self.settings = replace(self.settings, **changes, given=self.settings.given | {key})
        try:
            user_settings.save_setting(key, value, self.settings_file)
        except user_settings.SettingsError as error:
            if self.is_running:  # at start (moving the theme over) the next start tries again
                message = visible(f"{error}. Kept for this run only.")
                self.notify(message, title="Setting not saved", severity="warning", markup=False)

    def _remember_theme(self, theme: Theme) -> None:
        if theme.name != self.settings.theme:
            self._save_setting("theme", theme.name)

    def remember(self, state: UiState) -> None:
        """Keep a new remembered state; it is written off the UI thread (a read-only store writes nothing).

        The coach shown or hidden goes to the settings file instead.
        """
        if state == self.ui_state:
            return
        if state.coach_shown != self.ui_state.coach_shown:
            self._save_setting("coach", "shown" if state.coach_shown else "hidden")
        self.ui_state = state
        if not self.store.readonly:
            self._write_ui_state_soon()

    @work(thread=True, group="ui-state")
    def _write_ui_state_soon(self) -> None:
        self._write_ui_state(from_thread=True)

    def _write_ui_state(self, from_thread: bool = False) -> None:
        """Write the newest state if it is not on disk yet (one writer at a time, newest last)."""
        with self._ui_lock:
            state = self.ui_state
            if state is self._ui_written or self.store.readonly:
                return
            try:
                ui_state.save(self._ui_path, state)
            except OSError as error:
                if from_thread:
                    message = (
                        f"Could not save {visible(str(self._ui_path))} ({error.strerror or error}): "
                        "the last step and export may be forgotten."
                    )
                    self.call_from_thread(self.notify, message, severity="warning", markup=False)
                return
            self._ui_written = state

    # --- plans and autosave -------------------------------------------------

    def catalog(self) -> list[CatalogEntry]:
        """Every account as the accounts list shows it, with this session's edits applied."""
        touched = self.session.touched()
        entries = [entry for entry in self.store.catalog(fresh=False) if entry.id not in touched]
        entries += [catalog_entry(plan) for plan in touched.values() if plan is not None]
        return sorted(entries, key=lambda entry: (entry.name.casefold(), entry.id))

    def plans(self) -> list[Plan]:
        """Every plan, newest versions (reads each plan's file: for tests, not for screens)."""
        return [self.plan(entry.id) for entry in self.catalog()]

    def plan(self, plan_id: str) -> Plan:
        """One plan, newest version (unsaved edits included); KeyError if there is none.

        The first read of a plan reads its one file; after that the session
        holds it in memory.
        """
        if self.session.known(plan_id):
            plan = self.session.newest(plan_id)
            if plan is None:
                raise KeyError(plan_id)
            return plan
        plan = self.store.get(plan_id)
        self.session.track(plan)
        return plan

    def update_plan(self, plan: Plan, group: str = "", label: str = "") -> Plan:
        """Take a new version of a plan now (stamped as updated); it is written after a pause.

        ``group`` joins edits in a row into one undo step (keys typed in one field);
        ``label`` names the step for the undo toast ("Mark review held").
        """
        if not self.session.known(plan.id):
            try:
                self.plan(plan.id)  # the stored version is what an undo goes back to
            except KeyError:
                pass  # a new plan
        return self.session.edit(plan, label=label, group=group)

    def delete_plan(self, plan_id: str) -> None:
        """Delete a plan (ctrl+z brings it back until the app closes)."""
        plan = self.plan(plan_id)
        self.session.delete(plan_id, f"delete the plan for {plan.name}")
        self.save_now()

    def tick(self) -> None:
        """Let the session write when its policy says so, and show how saving stands."""
        self.session.tick()
        self.save_status = self.session.status()
        self.collector.tick()

    def save_now(self) -> None:
        """Ask for everything to be written now, without waiting for the disk (step changes)."""
        self.session.save_soon()

    def watch_save_status(self, old: SaveStatus, new: SaveStatus) -> None:
        if new.stopped:
            self._on_store_changed(new.error)
        elif new.error and not old.error:
            self.notify(
                f"Could not save: {new.error}\nYour text is still here; acct-tui keeps trying.",
                title="Not saved",
                severity="error",
                timeout=10,
                markup=False,
            )
        elif old.error and not new.error:
            self.notify("Saved again: all changes are on disk.", title="Saved", markup=False)

    @property
    def has_unsaved(self) -> bool:
        return not self.session.status().saved

    @property
    def save_error(self) -> str:
        return self.save_status.error

    # --- the file changed under us -------------------------------------------

    def _on_store_changed(self, message: str) -> None:
        """Saving stopped: ask whether to reload theirs or keep mine as a copy (never overwrite)."""
        if self.store_changed:
            return
        from screens.external_change import ExternalChangeScreen

        self.store_changed = True
        names = [plan.name for plan in self.session.unsaved().values() if plan is not None]
        self.push_screen(ExternalChangeScreen(visible(str(self.store.path)), names), self._resolve_store_changed)

    def _resolve_store_changed(self, choice: str | None) -> None:
        """Read the store as it is now; with "copy", save my unsaved plans as new plans."""
        from screens.external_change import KEEP_COPY

        if choice == KEEP_COPY:
            self._commit_screens()  # what an open form holds is part of "mine"
        unsaved = self.session.unsaved()
        mine = [plan for plan in unsaved.values() if plan is not None]
        editing = self._plan_on_screen()
        try:
            self.store.reload(needed=tuple(unsaved))
        except StoreError as error:  # e.g. they left a damaged file: say why, ask again
            self.store_changed = False
            self.notify(f"Could not reload: {error}", title="Not reloaded", severity="error", markup=False)
            self._on_store_changed(str(error))
            return
        self.session.reset()
        self.store_changed = False
        self.save_status = self.session.status()
        self.show_notices()
        if choice == KEEP_COPY:
            copies = []
            for plan in mine:
                copy = copy_of(plan, {entry.name.strip().casefold() for entry in self.catalog()})
                self.update_plan(copy)
                copies.append(copy.name)
                if plan.id == editing:
                    editing = copy.id
            self.save_now()
            kept = ", ".join(copies) or "nothing was unsaved"
            self.notify(f"Reloaded the file. Your version: {kept}.", title="Kept your version", markup=False)
        else:
            self.notify("Reloaded the file as it is now; your unsaved changes were dropped.", title="Reloaded")
        self.call_after_refresh(self._reopen, editing)  # after what a committed form scheduled

    def _plan_on_screen(self) -> str | None:
        """The id of the plan open in the wizard, if any."""
        from screens.wizard import WizardScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, WizardScreen):
                return screen.plan_id
        return None

    def _reopen(self, plan_id: str | None) -> None:
        """Back to the accounts, then into ``plan_id`` (if it exists) with fresh screens."""
        from screens.home import HomeScreen

        home = next(screen for screen in self.screen_stack if isinstance(screen, HomeScreen))
        while self.screen is not home:
            self.pop_screen()
        if plan_id is not None and any(entry.id == plan_id for entry in self.catalog()):
            home.open(plan_id)

    # --- syncing a team folder (acct_tui.team) ---------------------------------

    @property
    def is_team(self) -> bool:
        """The store is a team folder (a git repository of plans): sync is offered."""
        from acct_tui.team import is_team_folder

        return is_team_folder(self.store.folder)

    def action_sync(self) -> None:
        """ctrl+g: save, commit, fetch, merge, push, in a thread; typing goes on meanwhile."""
        if not self.is_team:
            self.notify(
                "This folder is not shared with a team. Make one with: acct-tui team init PATH "
                "(or acct-tui team clone URL PATH), then open it with acct-tui --db PATH.",
                title="Not a team folder",
                timeout=10,
                markup=False,
            )
            return
        if any(worker.group == "sync" and not worker.is_finished for worker in self.workers):
            self.notify("Already syncing with the team…", markup=False)
            return
        self._commit_screens()  # what an open form holds is part of what is shared
        self.sub_title = "Syncing with the team…"
        self.notify("Syncing with the team…", markup=False)
        self._sync()

    @work(thread=True, group="sync")
    def _sync(self) -> None:
        """Write what is unsaved, then run git (seconds, maybe): never on the UI thread."""
        from acct_tui.team import TeamError, sync

        if not self.session.flush():
            message = f"Not synced: the plans could not be saved first ({self.session.status().error})."
            self.call_from_thread(self._sync_failed, message)
            return
        try:
            result = sync(self.store.folder)
        except TeamError as error:
            self.call_from_thread(self._sync_failed, f"Not synced: {error}")
            return
        self.call_from_thread(self._synced, result)

    def _sync_failed(self, message: str) -> None:
        self.sub_title = AcctApp.SUB_TITLE
        self.notify(visible(message), title="Sync", severity="error", timeout=12, markup=False)

    def _synced(self, result: SyncResult) -> None:
        """Say how it went; re-read what git changed (the open plan shows the merged version)."""
        self.sub_title = AcctApp.SUB_TITLE
        self.notify(
            visible(result.message),
            title="Synced",
            severity="warning" if result.conflicts else "information",
            timeout=10,
            markup=False,
        )
        if not result.pulled:  # nothing of theirs came in: the files are as we wrote them
            self._show_sync_conflicts(self._plan_on_screen(), result.conflicts)
            return
        if self.session.unsaved():  # typed while git ran: ask, as for any change under us
            self._on_store_changed("The team sync changed the plans while you were editing.")
            return
        editing = self._plan_on_screen()
        try:
            self.store.reload()
        except StoreError as error:
            self.notify(f"Could not reload: {error}", title="Not reloaded", severity="error", markup=False)
            return
        self.session.reset()
        self.save_status = self.session.status()
        self.show_notices()
        self.call_after_refresh(self._reopen_after_sync, editing, result.conflicts)

    def _reopen_after_sync(self, editing: str | None, conflicts: tuple[str, ...]) -> None:
        """Fresh screens on the merged plans; the conflicts of a plan not open are shown at once."""
        from screens.conflicts import show_conflicts
        from screens.home import HomeScreen

        self._reopen(editing)  # a plan reopened shows its own conflicts
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_accounts()
        if editing is None and conflicts:
            show_conflicts(self, conflicts[0])

    def _show_sync_conflicts(self, editing: str | None, conflicts: tuple[str, ...]) -> None:
        """Conflicts still waiting (nothing new came in): the open plan's, else the first plan's."""
        from screens.conflicts import show_conflicts

        if editing in conflicts:
            show_conflicts(self, editing)
        elif editing is None and conflicts:
            show_conflicts(self, conflicts[0])

    # --- undo and redo --------------------------------------------------------

    def undo(self, plan_id: str | None = None, redo: bool = False) -> bool:
        """Undo (or redo) the newest change, of ``plan_id`` if given; toast what it was.

        Inside a plan (``plan_id``), the plan itself is never undone away.
        """
        keep = plan_id is not None
        change = self.session.redo(plan_id, keep=keep) if redo else self.session.undo(plan_id, keep=keep)
        if change is None:
            self.notify(f"Nothing to {'redo' if redo else 'undo'}.", markup=False)
            return False
        self.notify(f"{'Redid' if redo else 'Undid'}: {change.label}", markup=False)
        self.save_status = self.session.status()
        return True

    # --- quitting without loss ----------------------------------------------

    async def action_quit(self) -> None:
        """Commit what is on screen, write it, then leave."""
        if any(worker.group == "quit" and not worker.is_finished for worker in self.workers):
            return  # already asking
        self._quit_safely()

    def _commit_screens(self) -> None:
        """Hand anything typed but not yet in the plan (an open form) to the app."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, QuitGuard):
                screen.commit_on_quit()

    async def confirm_leaving_invalid(self, invalid: list[str], leave: str) -> bool:
        """Ask before leaving refused text behind (ctrl+q, escape to the accounts); True: go on.

        ``invalid`` names the fields; ``leave`` is the verb ("Quit").
        """
        if not invalid:
            return True
        from screens.dialogs import ConfirmScreen

        question = (
            "These fields hold text that is not valid, so it is not saved:\n  "
            + "\n  ".join(invalid)
            + f"\n\n{leave} anyway (everything else is saved)?"
        )
        answer = await self.push_screen_wait(ConfirmScreen(question, f"{leave} anyway"))
        return bool(answer)

    @work(exclusive=True, group="quit")
    async def _quit_safely(self) -> None:
        self._commit_screens()
        invalid = [
            label for screen in self.screen_stack if isinstance(screen, QuitGuard) for label in screen.invalid_fields()
        ]
        if not await self.confirm_leaving_invalid(invalid, "Quit"):
            return
        if not await asyncio.to_thread(self.session.flush):
            from screens.dialogs import ConfirmScreen

            question = (
                "The plan could not be saved:\n"
                f"{self.session.status().error}\n\nQuit anyway and lose the unsaved changes?"
            )
            if not await self.push_screen_wait(ConfirmScreen(question, "Quit anyway")):
                return
        await self._screens_built()
        self.exit()

    async def _screens_built(self) -> None:
        """Wait (at most a second) for a screen still being built.

        Leaving while one was mounting (enter on a plan, then ctrl+q in the
        same batch of keys) crashed in its on_mount and in Textual's own
        Header: their children were already gone.
        """
        for _ in range(100):
            if all(screen.is_mounted for screen in self.screen_stack):
                return
            await asyncio.sleep(0.01)

    def on_preview_screen_export_requested(self, event: Message) -> None:
        """"e" in the preview: back to the wizard's export step."""
        from screens.wizard import WizardScreen

        self.pop_screen()
        if isinstance(self.screen, WizardScreen):
            self.screen.open_step("export")

    def _install_signal_handlers(self) -> None:
        """SIGTERM and SIGHUP (terminal closed) save before leaving, like ctrl+q."""
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(sig, self._on_signal)
        except (NotImplementedError, RuntimeError, ValueError):
            pass  # not on the main thread (tests) or not supported here

    def _on_signal(self) -> None:
        """Save and leave; a second signal leaves at once, even if the app is stuck."""
        if self._signalled:
            os._exit(1)
        self._signalled = True
        self._commit_screens()
        self.session.flush()
        self.exit()

    def on_unmount(self) -> None:
        """Last chance: whatever is still pending goes to disk as the app closes."""
        self.collector.stop()  # first: Python's collector is the process's, whatever fails below
        self.session.flush()
        self.session.close()
        self._write_ui_state()
        self.store.close()  # writes the catalog for the next start

    # --- help and command palette -------------------------------------------

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every action of the screen and its step is also a palette command (key shown).

        Widget editing keys (cursor moves, cut and paste) are left out: they are
        not things anyone looks up by name.
        """
        from acct_tui.steps import STEPS
        from screens.steps.base import StepPane
        from screens.wizard import WizardScreen

        yield from super().get_system_commands(screen)
        yield from self._editor_command(screen)
        if isinstance(screen, WizardScreen):
            for number, step in enumerate(STEPS, start=1):
                yield SystemCommand(
                    f"Go to step {number}: {step.title}", step.purpose, partial(screen.open_step, step.key)
                )
        seen = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            owner = active.node
            if not isinstance(owner, (App, Screen, StepPane)) or not binding.description:
                continue
            if (id(owner), binding.action) in seen or not active.enabled:
                continue
            if binding.action == "app.sync" and not self.is_team:
                continue  # "Sync with the team" only where there is a team
            seen.add((id(owner), binding.action))
            key = self.get_key_display(binding)
            yield SystemCommand(
                binding.tooltip or binding.description,
                f"{binding.tooltip or binding.description} ({key})",
                _runner(active.node, binding.action),
            )

    def _editor_command(self, screen: Screen) -> Iterable[SystemCommand]:
        """"Edit in $EDITOR" while a multi-line field has the cursor (its key as remapped)."""
        field = screen.focused
        if not isinstance(field, SafeTextArea) or field.read_only:
            return
        keys = [self.get_key_display(active.binding) for active in screen.active_bindings.values()
                if active.node is field and active.binding.action == "edit_in_editor"]
        where = f" ({keys[0]})" if keys else ""
        yield SystemCommand("Edit in $EDITOR", f"Open this field's text in your editor{where}", field.action_edit_in_editor)


def _runner(node, action: str):
    """A callback that runs ``action`` on the node that owns the binding."""

    async def run() -> None:
        await node.run_action(action)

    return run


def make_app(db_path: Path, *, clock: Callable[[], float] = time.monotonic) -> AcctApp:
    """The app on the store at ``db_path`` (raises StoreError if it can't be opened)."""
    return AcctApp(PlanStore(db_path), clock=clock)
