"""Small modal dialogs shared by every screen: confirm, and ask for one line of text."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from screens.text_fields import SafeInput
from screens.fit_footer import FitFooter


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; enter or y confirms, escape or n cancels.

    The question usually names what is at stake ("Delete the plan for
    Northwind Health?"), so it is shown as plain text, never markup.
    """

    BINDINGS = [
        Binding("escape,n", "cancel", "Cancel"),
        Binding("y", "confirm", "Yes"),
    ]

    def __init__(self, question: str, confirm_label: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.confirm_label = confirm_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False, classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.confirm_label, variant="error", id="confirm")
                yield Button("Cancel", id="cancel")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#cancel", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text, checked as you type; None if cancelled.

    ``check`` returns an error message for text it refuses, or "" if fine;
    submit re-checks, since Input.Submitted fires even when text is invalid.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("enter", "ok", "OK", show=True)]

    def __init__(self, title: str, value: str = "", *, check: Callable[[str], str], placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.check = check
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, markup=False, classes="dialog-title")
            yield SafeInput(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label("", id="prompt-error", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_problem(self.check(event.value) if event.value else "")

    def show_problem(self, message: str) -> None:
        error = self.query_one("#prompt-error", Label)
        error.update(message)
        error.display = bool(message)

    def on_input_submitted(self) -> None:
        self.action_ok()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.action_ok()
        else:
            self.dismiss(None)

    def action_ok(self) -> None:
        text = self.query_one(Input).value
        problem = self.check(text)
        if problem:
            self.show_problem(problem)
            return
        self.dismiss(text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
