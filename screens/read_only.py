"""What a second window gets while another one has the plans open: a read-only view.

The store has one writer at a time (its lock). ``acct-tui serve`` starts one
app per browser visitor, so the second visitor cannot have the store; instead
of an error, this screen says why in words and lists the accounts read-only:
enter shows a plan as the preview shows it. Nothing here can write.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

import styles
from acct_tui.store import PlanStore, StoreError
from screens.fit_footer import FitFooter

CSS = Path(styles.__file__).parent / "read_only.tcss"

LOCKED_TITLE = "These plans are open in another window"
BROKEN_TITLE = "These plans can't be opened"

LOCKED_TEXT = (
    "Only one window can change them at a time, and another one has them open now: "
    "a browser tab, or acct-tui in a terminal. This window shows them read-only: "
    "enter on an account shows its plan. To edit here, close the other window, "
    "then reload this page."
)


class ReadOnlyScreen(Screen[None]):
    """Why this window can't edit, and the accounts to read.

    | key | action |
    |---|---|
    | enter | show the highlighted account's plan |
    | ctrl+q | close this window's app |
    """

    CSS_PATH = CSS
    AUTO_FOCUS = "#read-only-accounts"
    BINDINGS = [Binding("ctrl+q", "app.quit", "Quit", priority=True, id="read-only.quit")]

    def __init__(self, store: PlanStore | None, reason: str) -> None:
        super().__init__()
        self.store = store
        """The store opened read-only, or None if it could not be opened at all."""
        self.reason = reason
        """What the store said (the folder, who holds it), shown as it is."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(LOCKED_TITLE if self.store is not None else BROKEN_TITLE, id="read-only-title", markup=False)
        yield Static(LOCKED_TEXT if self.store is not None else "", id="read-only-text", markup=False)
        yield Static(self.reason, id="read-only-reason", markup=False)
        accounts = OptionList(id="read-only-accounts")
        accounts.border_title = "Accounts (read-only)"
        yield accounts
        yield FitFooter()

    def on_mount(self) -> None:
        self.sub_title = "read-only"
        self.show_accounts()

    def on_screen_resume(self) -> None:
        self.show_accounts()  # back from a plan: the other window may have changed the list

    def show_accounts(self) -> None:
        """List the accounts as the store's files hold them now."""
        accounts = self.query_one("#read-only-accounts", OptionList)
        if self.store is None:
            accounts.display = False
            return
        try:
            entries = sorted(self.store.catalog(), key=lambda entry: entry.name.casefold())
        except StoreError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        highlighted = accounts.highlighted
        accounts.clear_options()
        accounts.add_options(
            Option(Content(f"{entry.name} · {entry.owner or 'no owner'} · health {entry.health}"), id=entry.id)
            for entry in entries
        )
        if entries:
            accounts.highlighted = min(highlighted or 0, len(entries) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Show the plan as the preview shows it, read from its file now."""
        from acct_tui.markdown import render_plan_markdown
        from screens.preview import PreviewScreen

        event.stop()
        if self.store is None or event.option.id is None:
            return
        try:
            plan = self.store.get(event.option.id)
        except (StoreError, LookupError) as error:
            self.notify(f"Can't show that plan: {error}", severity="error", markup=False)
            return
        self.app.push_screen(PreviewScreen(render_plan_markdown(plan), f"{plan.name} — read-only"))
