"""Home: the accounts in the store, and the way into a plan.

On an empty store it teaches first: a few lines on the method and two ways
to start (a new plan, or the sample plan to look around in).
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Static

from acct_tui import clock
from acct_tui.app import AcctApp
from acct_tui.fields import account_name_problem
from acct_tui.model import Plan
from acct_tui.steps import STEPS
from acct_tui.store import CatalogEntry
from screens.dialogs import ConfirmScreen, PromptScreen

WELCOME = """\
Welcome to acct-tui: the strategic plan for one big account.

It walks you through the method, one step at a time:
  1. Analysis: five questions about the account.
  2. Vision: where the account should be in a few years.
  3. Goals, two or three strategies each, initiatives, tactics.
  4. Relationships, cadence, reporting and selling tools.
Each step explains itself and shows an example. Saved as you type.
"""


class HomeScreen(Screen[None]):
    """The list of account plans: open, create, rename, delete."""

    app = getters.app(AcctApp)
    """The app, typed: mypy checks every ``self.app.…`` call."""

    BINDINGS = [
        Binding("n", "new_plan", "New plan", id="new-plan"),
        Binding("o", "open_plan", "Open", key_display="enter/o", id="open-plan"),
        Binding("r", "rename_plan", "Rename", id="rename-plan"),
        Binding("d,delete", "delete_plan", "Delete", id="delete-plan"),
        Binding("s", "load_sample", "Sample plan", id="load-sample"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="undo-home"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="redo-home"),
        Binding("question_mark", "app.help", "Help", key_display="?", id="help-home"),
        Binding("q", "app.quit", "Quit", id="quit-home"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home-body"):
            with Vertical(id="welcome"):
                yield Static(WELCOME, markup=False, id="welcome-text")
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Start a plan (n)", variant="primary", id="start")
                    yield Button("Load the sample plan (s)", id="sample")
            yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
            yield Static("", id="upcoming", markup=False)
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Open, rename and delete need an account: hidden while the store is empty."""
        if action in ("open_plan", "rename_plan", "delete_plan"):
            return self.query_one("#accounts", DataTable).row_count > 0
        return True

    def on_mount(self) -> None:
        """The columns only: the rows come when the screen shows (``on_screen_resume``), once."""
        table = self.query_one("#accounts", DataTable)
        table.add_columns("Account", "Owner", "Updated", "Steps done", "Health")

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
        table.display = not empty
        self.query_one("#upcoming", Static).update(upcoming_meetings(plans))
        if empty:
            self.query_one("#start", Button).focus()
            return
        table.focus()
        ids = [plan.id for plan in plans]
        if current in ids:
            table.move_cursor(row=ids.index(current))

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


def upcoming_meetings(plans: list[CatalogEntry], today: date | None = None, limit: int = 5) -> Text:
    """The next meetings across all accounts, soonest first."""
    today = clock.or_today(today)
    dated = sorted((when, plan.name, name) for plan in plans for when, name in plan.meetings)
    if not dated:
        return Text("")
    text = Text("Next meetings\n", style="bold")
    for when, account, name in dated[:limit]:
        overdue = " (overdue)" if when < today else ""
        text.append(f"  {when:%a %d %b %Y}{overdue}  ", style="red" if overdue else "")
        text.append(f"{account}: {name}\n")
    return text
