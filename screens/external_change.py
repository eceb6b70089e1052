"""The plan store changed on disk under the app: ask whose version wins.

Shown when a save finds the file is not the one the app last read or wrote
(a backup restored with cp, a sync tool, an edit by hand). The app has
already stopped saving; nothing is overwritten until the user chooses.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static
from screens.fit_footer import FitFooter

RELOAD = "reload"
KEEP_COPY = "copy"


class ExternalChangeScreen(ModalScreen[str]):
    """Reload the file as it is now, or keep my unsaved version as a copy of the plan.

    | key | action |
    |---|---|
    | r | reload theirs (my unsaved edits are dropped) |
    | k | keep mine as a new plan, "… (my copy)" |

    There is no cancel: until one is chosen, nothing can be saved.
    """

    BINDINGS = [
        Binding("r", "reload", "Reload theirs"),
        Binding("k", "keep_copy", "Keep mine as a copy"),
    ]

    def __init__(self, path: str, names: list[str]) -> None:
        super().__init__()
        self.path = path
        self.names = names

    def compose(self) -> ComposeResult:
        mine = ", ".join(self.names) or "none"
        first = self.names[0] if self.names else "the plan"
        text = (
            f"{self.path} was changed by another program (a restored backup, a sync "
            "tool?). acct-tui stopped saving and overwrote nothing.\n"
            f"Unsaved here: {mine}\n\n"
            "Reload theirs: open the file as it is now; your unsaved changes are dropped.\n"
            f"Keep mine as a copy: open it, and add your version as a new account, “{first} (my copy)”."
        )
        with Vertical(classes="dialog"):
            yield Label("The plan file changed on disk", classes="dialog-title")
            yield Static(text, markup=False, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload theirs (r)", variant="warning", id=RELOAD)
                yield Button("Keep mine as a copy (k)", variant="primary", id=KEEP_COPY)
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one(f"#{KEEP_COPY}", Button).focus()  # the choice that loses nothing

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(str(event.button.id))

    def action_reload(self) -> None:
        self.dismiss(RELOAD)

    def action_keep_copy(self) -> None:
        self.dismiss(KEEP_COPY)
