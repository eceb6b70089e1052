"""Home: the accounts in the store, the way into a plan, and the agenda across them.

On an empty store it teaches first: a few lines on the method and two ways
to start (a new plan, or the sample plan to look around in).

Under the accounts, the agenda (``acct_tui.agenda``) lists what is overdue
(⚠) and what comes in the next two weeks across every plan. It needs every
plan read, so a worker thread builds it: the table is there at once, and the
agenda fills in when the plans are read. Enter on an item opens its plan at
the step (and the tactic, meeting or person) it is about.
"""

from __future__ import annotations

import os
from datetime import date

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from acct_tui import clock, governance
from acct_tui.agenda import DEFAULT_DAYS, Agenda, AgendaItem, build_agenda
from acct_tui.app import AcctApp
from acct_tui.fields import account_name_problem
from acct_tui.model import Plan
from acct_tui.steps import STEPS
from acct_tui.store import CatalogEntry, StoreError
from screens.dialogs import ConfirmScreen, PromptScreen
from screens.fit_footer import FitFooter

WELCOME = f"""\
Welcome to acct-tui: the strategic plan for one big account.

{governance.DEFINITION} It has seven parts — vision, relationships, account plan, \
cadence, strategy, reporting, selling tools — and its strength is that they are tied together.

The wizard walks them one step at a time, from five questions about the account to the \
tactics; each step explains itself and shows an example. Saved as you type.
"""

TOUR_OFFER = "New here? The tour (t) walks the sample plan in three minutes."
"""Shown under the welcome until the tour is done or skipped (``UiState.tour_done``)."""


class HomeScreen(Screen[None]):
    """The list of account plans: open, create, rename, delete."""

    app = getters.app(AcctApp)
    """The app, typed: mypy checks every ``self.app.…`` call."""

    AUTO_FOCUS = ""
    """No auto-focus: ``refresh_accounts`` focuses the table, or the start button of an empty store (Textual's
    default focused the start button first, even above a table, and rebuilt the footer twice)."""

    BINDINGS = [
        Binding("n", "new_plan", "New plan", id="new-plan"),
        Binding("o", "open_plan", "Open", key_display="enter/o", id="open-plan"),
        Binding("r", "rename_plan", "Rename", id="rename-plan"),
        Binding("d,delete", "delete_plan", "Delete", id="delete-plan"),
        Binding("s", "load_sample", "Sample plan", id="load-sample"),
        Binding("t", "tour", "Tour", show=False, tooltip="Take the tour of the sample plan", id="start-tour"),
        Binding("a", "focus_agenda", "Agenda", show=False, id="focus-agenda"),  # the box title says "(a)"
        Binding("ctrl+z", "undo", "Undo", show=False, id="undo-home"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="redo-home"),
        Binding("ctrl+g", "app.sync", "Sync", show=False, tooltip="Sync with the team", id="sync-home"),
        Binding("question_mark", "app.help", "Help", key_display="?", id="help-home"),
        Binding("q", "app.quit", "Quit", id="quit-home"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            with Vertical(id="welcome"):
                yield Static(WELCOME, markup=False, id="welcome-text")
                yield Static(TOUR_OFFER, markup=False, id="tour-offer")
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Start a plan (n)", variant="primary", id="start")
                    yield Button("Load the sample plan (s)", id="sample")
                    yield Button("Take the tour (t)", id="tour")
            yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
            yield OptionList(id="agenda", markup=False)
        yield FitFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Open, rename and delete need an account: hidden while the store is empty."""
        if action in ("open_plan", "rename_plan", "delete_plan", "focus_agenda"):
            return self.query_one("#accounts", DataTable).row_count > 0
        return True

    def on_mount(self) -> None:
        """The columns only: the rows come when the screen shows (``on_screen_resume``), once."""
        table = self.query_one("#accounts", DataTable)
        self._account_column = table.add_columns("Account", "Owner", "Updated", "Steps done", "Health")[0]
        self._files_read = {}

    last_opened: str | None = None
    """The plan last opened, so the cursor is back on it when the user returns."""

    def on_screen_resume(self) -> None:
        self.refresh_accounts(self.last_opened)

    def refresh_accounts(self, select: str | None = None) -> None:
        """Reload the table from the store, keeping (or moving to) a selection."""
        plans = self.app.catalog()
        table = self.query_one("#accounts", DataTable)
        current = select or self.selected_id()
        table.clear()
        for plan in plans:
            table.add_row(
                Text(plan.name),
                Text(plan.owner or "—"),
                plan.updated.astimezone().strftime("%Y-%m-%d %H:%M"),
                steps_done(plan, self.app.ui_state.exported(plan.id, plan.updated)),
                f"{plan.health}/100",
                key=plan.id,
            )
        empty = not plans
        self.refresh_bindings()
        self.query_one("#welcome").display = empty
        offer = not self.app.ui_state.tour_done
        self.query_one("#tour-offer").display = offer
        self.query_one("#tour", Button).display = offer
        table.display = not empty
        agenda = self.query_one("#agenda", OptionList)
        agenda.display = not empty
        if not empty:
            self.load_agenda([plan.id for plan in plans])
            self._mark_conflicts({plan.id: plan.name for plan in plans})
        if empty:
            self.query_one("#start", Button).focus()
            return
        table.focus()
        ids = [plan.id for plan in plans]
        if current in ids:
            table.move_cursor(row=ids.index(current))

    # --- conflicts left by a team sync ---------------------------------------------

    @work(thread=True, exclusive=True, group="conflict-marks")
    def _mark_conflicts(self, names: dict[str, str]) -> None:
        """Count each plan's conflicts (files: off the UI thread); mark the names that have some."""
        from acct_tui.team import is_team_folder
        from screens.conflicts import read_conflicts

        folder = self.app.store.folder
        if not is_team_folder(folder):
            return
        counts = {plan_id: len(read_conflicts(folder, plan_id)[0]) for plan_id in names}
        marks = {plan_id: count for plan_id, count in counts.items() if count}
        if marks and not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_conflict_marks, names, marks)

    def _show_conflict_marks(self, names: dict[str, str], marks: dict[str, int]) -> None:
        from screens.conflicts import conflict_count_text

        table = self.query_one("#accounts", DataTable)
        for plan_id, count in marks.items():
            if plan_id in table.rows:
                name = Text(names[plan_id])
                name.append(f" {conflict_count_text(count)}", style="bold red")
                table.update_cell(plan_id, self._account_column, name, update_width=True)

    # --- the agenda -----------------------------------------------------------

    agenda_items: tuple[AgendaItem, ...] = ()
    """The items the agenda list shows, in its order (an option's id is its index here)."""

    def load_agenda(self, plan_ids: list[str]) -> None:
        """Say it is loading, and read the plans for the agenda off the UI thread."""
        self.query_one("#agenda", OptionList).border_title = "Agenda (a) · loading…"
        self._read_agenda(plan_ids, clock.today())

    _files_read: dict[str, tuple[tuple[int, int], Plan]]
    """Plans read from their files for the agenda, with the file's (size, mtime) then: coming
    back from a plan reads again only the files that changed (made empty in ``on_mount``)."""

    @work(thread=True, exclusive=True, group="agenda")
    def _read_agenda(self, plan_ids: list[str], today: date) -> None:
        """Each plan's newest version (this session's edits, else its file), then the agenda."""
        session = self.app.session
        plans: list[Plan] = []
        unread = 0
        for plan_id in plan_ids:
            try:
                plan = session.newest(plan_id) if session.known(plan_id) else self._read_file(plan_id)
            except (KeyError, StoreError):
                unread += 1  # gone, or a bad file: the accounts list says so when it is opened
                continue
            if plan is not None:
                plans.append(plan)
        agenda = build_agenda(plans, today, days=DEFAULT_DAYS)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_agenda, agenda, unread)

    def _read_file(self, plan_id: str) -> Plan:
        """A plan as its file holds it, read again only if the file changed since the last time."""
        store = self.app.store
        try:
            info = os.stat(store.plan_path(plan_id))
        except OSError:
            return store.peek(plan_id)  # no file of its own (an old one-file store, read-only)
        stamp = (info.st_size, info.st_mtime_ns)
        known = self._files_read.get(plan_id)
        if known is not None and known[0] == stamp:
            return known[1]
        plan = store.peek(plan_id)
        self._files_read[plan_id] = (stamp, plan)
        return plan

    def show_agenda(self, agenda: Agenda, unread: int = 0) -> None:
        """Fill the agenda list: overdue first (⚠), then the next days, then stale contacts."""
        listing = self.query_one("#agenda", OptionList)
        self.agenda_items = agenda.by_urgency()
        highlighted = listing.highlighted
        listing.clear_options()
        if self.agenda_items:
            listing.add_options(
                Option(agenda_prompt(item, agenda.today), id=str(n)) for n, item in enumerate(self.agenda_items)
            )
        else:
            listing.add_option(Option(f"Nothing overdue or due in the next {agenda.days} days.", disabled=True))
        if highlighted is not None and self.agenda_items:
            listing.highlighted = min(highlighted, len(self.agenda_items) - 1)
        listing.border_title = agenda_title(agenda, unread)

    def action_focus_agenda(self) -> None:
        self.query_one("#agenda", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an agenda item: its plan, at the step and item it is about."""
        from screens.wizard import WizardScreen

        if event.option.id is None:
            return
        item = self.agenda_items[int(event.option.id)]
        self.last_opened = item.plan_id
        self.app.push_screen(WizardScreen(item.plan_id, item.step, item.node_id))

    def taken_names(self, except_id: str = "") -> set[str]:
        """The other accounts' names, casefolded (for the duplicate-name check)."""
        return {entry.name.strip().casefold() for entry in self.app.catalog() if entry.id != except_id}

    def selected_id(self) -> str | None:
        table = self.query_one("#accounts", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(event.row_key.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_new_plan()
        elif event.button.id == "sample":
            self.action_load_sample()
        elif event.button.id == "tour":
            self.run_worker(self.action_tour())

    def open(self, plan_id: str | None) -> None:
        from screens.wizard import WizardScreen

        if plan_id:
            self.last_opened = plan_id
            self.app.push_screen(WizardScreen(plan_id, self.app.ui_state.step(plan_id)))

    def action_open_plan(self) -> None:
        self.open(self.selected_id())

    def action_new_plan(self) -> None:
        def create(name: str | None) -> None:
            if name:
                plan = Plan(name=name)
                self.app.update_plan(plan)
                self.app.save_now()
                self.open(plan.id)

        self.app.push_screen(
            PromptScreen(
                "Name of the account",
                check=lambda text: account_name_problem(text, self.taken_names()),
                placeholder="e.g. Northwind Health",
            ),
            create,
        )

    def action_rename_plan(self) -> None:
        plan_id = self.selected_id()
        if plan_id is None:
            return
        plan = self.app.plan(plan_id)

        def rename(name: str | None) -> None:
            if name and name != plan.name:
                from dataclasses import replace

                self.app.update_plan(replace(self.app.plan(plan_id), name=name))
                self.app.save_now()
                self.refresh_accounts(plan_id)

        check = lambda text: account_name_problem(text, self.taken_names(except_id=plan_id))  # noqa: E731
        self.app.push_screen(PromptScreen(f"Rename “{plan.name}”", plan.name, check=check), rename)

    def action_delete_plan(self) -> None:
        plan_id = self.selected_id()
        if plan_id is None:
            return
        plan = self.app.plan(plan_id)

        def delete(confirmed: bool | None) -> None:
            if confirmed:
                self.app.delete_plan(plan_id)
                self.notify(f"Deleted the plan for {plan.name}. ctrl+z brings it back.", markup=False)
                self.refresh_accounts()

        self.app.push_screen(
            ConfirmScreen(
                f"Delete the plan for {plan.name}?\nctrl+z brings it back until you quit acct-tui.", "Delete"
            ),
            delete,
        )

    def action_undo(self) -> None:
        if self.app.undo():
            self.refresh_accounts()

    def action_redo(self) -> None:
        if self.app.undo(redo=True):
            self.refresh_accounts()

    async def action_tour(self) -> None:
        """The tour over the sample plan (added if it is not here): the wizard, and the tour's card on it."""
        from dataclasses import replace

        from acct_tui.sample import sample_plan
        from screens.tour import TourScreen
        from screens.wizard import WizardScreen

        sample = sample_plan()
        if not any(entry.id == sample.id for entry in self.app.catalog()):
            self.app.update_plan(sample)
            self.app.save_now()
        self.last_opened = sample.id
        wizard = WizardScreen(sample.id, "analysis")
        await self.app.push_screen(wizard)

        def finished(_walked: bool | None) -> None:
            self.app.remember(replace(self.app.ui_state, tour_done=True))

        await self.app.push_screen(TourScreen(wizard.open_step), finished)

    def action_load_sample(self) -> None:
        from acct_tui.sample import sample_plan

        sample = sample_plan()
        if any(entry.id == sample.id for entry in self.app.catalog()):
            self.notify(f"The sample plan ({sample.name}) is already here.", markup=False)
            self.refresh_accounts(sample.id)
            return
        self.app.update_plan(sample)
        self.app.save_now()
        self.notify(f"Added the sample plan: {sample.name}.", markup=False)
        self.refresh_accounts(sample.id)


def steps_done(entry: CatalogEntry, exported: bool) -> str:
    """"done/13", counted as the wizard's stepper counts its steps.

    The catalog counts the content steps (facts to tools, "9/11"); Review is
    done when the coach has nothing left to flag (health 100 means exactly
    that), Export when this version of the plan was exported.
    """
    try:
        done = int(entry.steps_done.split("/")[0])
    except ValueError:
        return entry.steps_done  # a catalog from elsewhere: show what it says
    done += (entry.health == 100) + exported
    return f"{done}/{len(STEPS)}"


def agenda_title(agenda: Agenda, unread: int = 0) -> str:
    """The agenda box's title: counts, so a glance says whether anything is late."""
    overdue = sum(item.overdue for item in agenda.by_urgency())
    parts = [f"Agenda (a) · {overdue} overdue · next {agenda.days} days"]
    if unread:
        parts.append(f"{unread} plan{'s' if unread != 1 else ''} unread")
    return " · ".join(parts)


def agenda_prompt(item: AgendaItem, today: date) -> Text:
    """One agenda line: ⚠ if overdue, the date, the account, what; user text stays plain text."""
    line = Text(end="")
    line.append("⚠ " if item.overdue else "  ", style="bold red" if item.overdue else "")
    when = "—" if item.when is None else f"{item.when:%a %d %b}"
    line.append(f"{when:<10}  ", style="red" if item.overdue else "dim" if item.kind == "contact" else "")
    line.append(item.plan_name, style="bold")
    if item.kind == "contact":
        quiet = "never contacted" if item.when is None else f"quiet {(today - item.when).days} days"
        what = f"{quiet}: {item.title}"
    else:
        what = {"tactic": item.title, "meeting": f"meeting: {item.title}", "review": "plan review"}[item.kind]
    line.append(f": {what}")
    if item.owner and item.kind in ("tactic", "contact"):
        line.append(f" — {item.owner}", style="dim")
    return line
