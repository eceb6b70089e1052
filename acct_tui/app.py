"""The Textual app: wires the plan store to the screens and owns autosave.

Every screen edits plans through ``AcctApp.update_plan``; the app keeps the
newest version in memory at once, so typing never waits on the disk. After a
short pause in typing it writes in a background thread; on a step change and
on quit it writes at once, on the UI thread, because there we must know the
plan is on disk. Both paths go through ``_write_newest`` under one lock, so an
older version can never land on top of a newer one. A failed write is shown at
once and retried every few seconds; the text stays on screen.

If a save finds the store file changed on disk by someone else, autosave
stops (no retry overwrites it) and the user chooses: reload theirs, or keep
the unsaved edits as a copy of the plan.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from functools import partial
from pathlib import Path
from typing import Iterable

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

import styles
from acct_tui.edit import copy_of, touch
from acct_tui.model import Plan
from acct_tui.store import PlanStore, StoreChanged, StoreError
from acct_tui.text import visible
from screens.text_fields import SafeInput, SafeTextArea

SAVE_DELAY = 0.8
"""Seconds of quiet after a change before it is written (issue: "within about a second")."""

SAVE_RETRY = 5.0
"""Seconds between attempts while the disk refuses to save."""

STYLES = Path(styles.__file__).parent


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

    def __init__(self, store: PlanStore) -> None:
        super().__init__()
        self.store = store
        self._pending: dict[str, Plan] = {}
        self._save_timer = None
        self._write_lock = threading.Lock()
        """Held while a plan is written: one write at a time, newest version only."""
        self._pending_lock = threading.Lock()
        """Held (never during I/O) while ``_pending`` is read-then-changed."""
        self._retry_timer = None
        self.save_error: str = ""
        self._signalled = False
        self.exported: dict[str, object] = {}
        """Plan id -> its ``updated`` when last exported this session: Export shows as
        done until the plan changes again."""
        self.last_step: dict[str, str] = {}
        """The step each plan was last left on (this session), to reopen it there."""
        self.store_changed = False
        """The file changed on disk under us: nothing is saved until the user chooses."""
        self._notices_shown = 0

    def on_mount(self) -> None:
        from screens.home import HomeScreen

        self._install_signal_handlers()
        self.push_screen(HomeScreen())
        self.show_notices()

    def show_notices(self) -> None:
        """What the store wants the user told (a file made private, ...), each once."""
        for notice in self.store.notices[self._notices_shown :]:
            self.notify(notice, title="Note", timeout=10, markup=False)
        self._notices_shown = len(self.store.notices)

    async def on_event(self, event: events.Event) -> None:
        """A paste into a field that is not one of ours (the palette's search) shows controls as symbols.

        Our own fields (``screens.text_fields``) take the paste as it is, so
        their check can refuse it by name; nothing is saved from the others.
        """
        if isinstance(event, events.Paste) and not isinstance(self.focused, (SafeInput, SafeTextArea)):
            event.text = visible(event.text)
        await super().on_event(event)

    # --- plans and autosave -------------------------------------------------

    def plans(self) -> list[Plan]:
        """Every plan, with unsaved edits applied (the screens' view of the store)."""
        saved = self.store.plans()
        return [self._pending.get(plan.id, plan) for plan in saved] + [
            plan for plan in self._pending.values() if plan.id not in {p.id for p in saved}
        ]

    def plan(self, plan_id: str) -> Plan:
        """One plan, newest version (unsaved edits included)."""
        return self._pending.get(plan_id) or self.store.get(plan_id)

    def update_plan(self, plan: Plan) -> None:
        """Take a new version of a plan now (stamped as updated); write it after a short pause."""
        plan = touch(plan)
        with self._pending_lock:
            self._pending[plan.id] = plan
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_soon)

    def save_soon(self) -> None:
        """Write pending plans in a background thread (typing never waits)."""
        self.run_worker(self._save_pending(), group="save", exclusive=False)

    async def _save_pending(self) -> None:
        for plan_id in list(self._pending):
            try:
                await asyncio.to_thread(self._write_newest, plan_id)
            except StoreChanged as error:
                self._on_store_changed(str(error))
                return
            except StoreError as error:
                self._report_save_error(str(error))
                if self._retry_timer is None:
                    self._retry_timer = self.set_timer(SAVE_RETRY, self._retry)
                return
        self._report_saved()

    def _retry(self) -> None:
        self._retry_timer = None
        if self._pending:
            self.save_soon()

    def _write_newest(self, plan_id: str) -> None:
        """Write the newest pending version of one plan (from any thread); StoreError if refused.

        The version is picked inside the lock, so a write that waited for
        another one never puts an older version back on disk.
        """
        with self._write_lock:
            plan = self._pending.get(plan_id)
            if plan is None:
                return
            self.store.save(plan)
            with self._pending_lock:
                if self._pending.get(plan_id) is plan:
                    del self._pending[plan_id]

    def save_now(self, report: bool = True) -> bool:
        """Write pending plans at once, in this thread; False if a write failed.

        Used on step changes and on quit, where we must know the plan is on disk.
        """
        if self._save_timer is not None:
            self._save_timer.stop()
        for plan_id in list(self._pending):
            try:
                self._write_newest(plan_id)
            except StoreChanged as error:
                self._on_store_changed(str(error))
                return False
            except StoreError as error:
                if report:
                    self._report_save_error(str(error))
                return False
        if report:
            self._report_saved()
        return True

    def delete_plan(self, plan_id: str) -> bool:
        """Remove a plan from disk, then from memory; False (and a message) if the disk refused."""
        with self._write_lock:
            try:
                self.store.delete(plan_id)
            except KeyError:
                pass  # never saved: it only lived in memory
            except StoreChanged as error:
                self._on_store_changed(str(error))
                return False
            except StoreError as error:
                self.notify(f"Could not delete: {error}", severity="error", markup=False)
                return False
            with self._pending_lock:
                self._pending.pop(plan_id, None)
        return True

    @property
    def has_unsaved(self) -> bool:
        return bool(self._pending)

    def _report_save_error(self, message: str) -> None:
        first = not self.save_error
        self.save_error = message
        self.post_save_state()
        if first:
            self.notify(
                f"Could not save: {message}\nYour text is still here; acct-tui keeps trying.",
                title="Not saved",
                severity="error",
                timeout=10,
                markup=False,
            )

    def _report_saved(self) -> None:
        if self.save_error:
            self.notify("Saved again: all changes are on disk.", title="Saved", markup=False)
        self.save_error = ""
        self.post_save_state()

    # --- the file changed under us -------------------------------------------

    def _on_store_changed(self, message: str) -> None:
        """Stop saving and ask: reload theirs, or keep mine as a copy (never overwrite)."""
        if self.store_changed:
            return
        from screens.external_change import ExternalChangeScreen

        self.store_changed = True
        self.save_error = message
        self.post_save_state()
        names = [plan.name for plan in self._pending.values()]
        self.push_screen(ExternalChangeScreen(visible(str(self.store.path)), names), self._resolve_store_changed)

    def _resolve_store_changed(self, choice: str | None) -> None:
        """Read the file as it is now; with "copy", save my unsaved plans as new plans."""
        from screens.external_change import KEEP_COPY

        if choice == KEEP_COPY:
            self._commit_screens()  # what an open form holds is part of "mine"
        with self._pending_lock:
            mine = list(self._pending.values())
        editing = self._plan_on_screen()
        try:
            self.store.reload()
        except StoreError as error:  # e.g. they left a damaged file: say why, ask again
            self.store_changed = False
            self.notify(f"Could not reload: {error}", title="Not reloaded", severity="error", markup=False)
            self._on_store_changed(self.save_error)
            return
        with self._pending_lock:
            self._pending.clear()
        self.store_changed = False
        self.save_error = ""
        self.show_notices()
        if choice == KEEP_COPY:
            copies = []
            for plan in mine:
                copy = copy_of(plan, {other.name.strip().casefold() for other in self.plans()})
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
        if plan_id is not None and any(plan.id == plan_id for plan in self.plans()):
            home.open(plan_id)

    def post_save_state(self) -> None:
        """Let the active screen refresh its save indicator."""
        for screen in self.screen_stack:  # the wizard may be under a dialog
            refresh = getattr(screen, "refresh_save_state", None)
            if refresh is not None:
                refresh()

    # --- quitting without loss ----------------------------------------------

    def action_quit(self) -> None:
        """Commit what is on screen, write it, then leave."""
        if any(worker.group == "quit" and worker.is_running for worker in self.workers):
            return  # already asking
        self._quit_safely()

    def _commit_screens(self) -> None:
        """Hand anything typed but not yet in the plan (an open form) to the app."""
        for screen in reversed(self.screen_stack):
            commit = getattr(screen, "commit_on_quit", None)
            if commit is not None:
                commit()

    @work(exclusive=True, group="quit")
    async def _quit_safely(self) -> None:
        self._commit_screens()
        invalid = [label for screen in self.screen_stack for label in getattr(screen, "invalid_fields", list)()]
        if invalid:
            from screens.dialogs import ConfirmScreen

            question = (
                "These fields hold text that is not valid, so it is not saved:\n  "
                + "\n  ".join(invalid)
                + "\n\nQuit anyway (everything else is saved)?"
            )
            if not await self.push_screen_wait(ConfirmScreen(question, "Quit anyway")):
                return
        if not self.save_now():
            from screens.dialogs import ConfirmScreen

            question = (
                "The plan could not be saved:\n"
                f"{self.save_error}\n\nQuit anyway and lose the unsaved changes?"
            )
            if not await self.push_screen_wait(ConfirmScreen(question, "Quit anyway")):
                return
        self.exit()

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
        self.save_now(report=False)
        self.exit()

    def on_unmount(self) -> None:
        """Last chance: whatever is still pending goes to disk as the app closes."""
        self.save_now(report=False)

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
            seen.add((id(owner), binding.action))
            key = self.get_key_display(binding)
            yield SystemCommand(
                binding.tooltip or binding.description,
                f"{binding.tooltip or binding.description} ({key})",
                _runner(active.node, binding.action),
            )


def _runner(node, action: str):
    """A callback that runs ``action`` on the node that owns the binding."""

    async def run() -> None:
        await node.run_action(action)

    return run


def make_app(db_path: Path) -> AcctApp:
    """The app on the store at ``db_path`` (raises StoreError if the file is bad)."""
    return AcctApp(PlanStore(db_path))
