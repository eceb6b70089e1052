"""Text fields that draw control characters as symbols, never as terminal commands.

A plan never holds a control character (``acct_tui.text``), but a field does
before it is checked: a paste may carry ``ESC ] 52 …``. Textual's ``Input``
and ``TextArea`` would hand it to the terminal as it is. These draw it as
``␛`` and keep the real text, so the field's check still refuses it with its
message and it is never saved. Every text field of the app is one of these.

A multi-line field also opens its text in the user's editor (ctrl+o, or
"Edit in $EDITOR" in the palette): the app hands the terminal over
(``App.suspend``), and what comes back replaces the field's text as an edit,
so the field's own check and the autosave see it as if it were typed.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from typing import Any, ClassVar

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual import events
from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.expand_tabs import expand_tabs_inline
from textual.widgets import Input, TextArea

from acct_tui import editor
from acct_tui.text import visible

LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""What ends a line in pasted text (other control characters stay, for the field's check to name)."""


def one_line(text: str) -> tuple[str, int]:
    """Pasted text as one line: its non-blank lines joined with a space, and how many lines it had.

    Textual's ``Input`` keeps only the first line of a paste and drops the
    rest without a word; a one-line field joins them instead, so nothing
    pasted is lost.
    """
    lines = LINE_BREAK.split(text)
    kept = [line for line in lines if line.strip()]
    if len(kept) <= 1:  # one line (maybe with blank ones around it): as it was typed
        return (kept or lines)[0], len(kept)
    return " ".join(line.strip() for line in kept), len(kept)


class SafeInput(Input):
    """A one-line field that shows control characters as visible symbols.

    Focus puts the cursor at the end and selects nothing (Textual selects all,
    so the next key typed, meant to add to the text, replaced it), and a paste
    of several lines is joined into one, with a word saying so.
    """

    def __init__(self, value: str | None = None, *args, select_on_focus: bool = False, **kwargs) -> None:
        super().__init__(value, *args, select_on_focus=select_on_focus, **kwargs)

    def _on_paste(self, event: events.Paste) -> None:
        """Paste every line of the text, joined with spaces (Input alone keeps the first)."""
        event.prevent_default()  # Input's own handler would paste the first line again
        event.stop()
        if not event.text:
            return
        text, lines = one_line(event.text)
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)
        if lines > 1:
            self.notify(f"Pasted {lines} lines as one, joined with spaces: this field holds one line.", markup=False)

    @property
    def _value(self) -> Text:
        """What is drawn: the value with each control character as its symbol (same length).

        Built from the value itself: Rich's ``Text`` drops BEL, BS, CR, VT and
        FF, which would shift the cursor and hide what the field refuses.
        """
        if self.password:
            return super()._value
        text = Text(visible(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text

    def _position_to_cell(self, position: int) -> int:
        """Cell of a position, counting the one cell each drawn symbol takes."""
        return cell_len(expand_tabs_inline(visible(self.value[:position]), 4))

    def _cell_offset_to_index(self, offset: int) -> int:
        """The position under a cell (a mouse click), counting drawn symbols."""
        cell_offset = 0
        offset += self.scroll_offset.x
        for index, char in enumerate(visible(self.value)):
            width = get_character_cell_size(char)
            if cell_offset <= offset < cell_offset + width:
                return index
            cell_offset += width
        return max(0, min(offset, len(self.value)))


class SafeTextArea(TextArea):
    """A multi-line field that shows control characters as visible symbols.

    The cursor is drawn on the right character (it is placed by position);
    Textual's wrapping still counts a control character as no cell, so a line
    holding some may wrap a cell or two late until they are removed.
    """

    def get_line(self, line_index: int) -> Text:
        """The line as drawn: each control character as its symbol (same length, see SafeInput)."""
        return Text(visible(self.document.get_line(line_index)), end="", no_wrap=True)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "edit_in_editor", "Edit in $EDITOR", show=False, id="edit-in-editor"),
    ]

    def action_edit_in_editor(self) -> None:
        """Open the text in $VISUAL or $EDITOR; put the result in as one edit (undoable, autosaved).

        Whatever fails (no editor set, the editor exits with an error, no
        terminal to hand over, a result the plan can't hold) is said in one
        line and the field keeps its text.
        """
        if self.read_only:
            return
        try:
            command = editor.editor_command()
            with suspended(self.app):
                text, problem = _edit(self.text, command)  # never raises: see _edit
        except editor.EditorError as error:
            text, problem = self.text, str(error)
        except SuspendNotSupported:
            text, problem = self.text, "This terminal can't be handed over to an editor (is acct-tui in a browser?)."
        if problem:
            self.notify(problem, title="Not edited", severity="error", timeout=10, markup=False)
            return
        if text != self.text:
            self.replace(text, self.document.start, self.document.end)
            self.move_cursor(self.document.end)
        self.focus()


def _edit(text: str, command: list[str]) -> tuple[str, str]:
    """The edited text and "", or the text unchanged and why.

    Nothing may be raised out of the ``with app.suspend()`` block: Textual
    resumes the app only when the block ends normally, and an exception left
    the terminal to no one (the app hung, in tmux with ``:cq`` in vi).
    """
    try:
        return editor.edit_text(text, command), ""
    except editor.EditorError as error:
        return text, str(error)


def suspended(app: App[Any]) -> AbstractContextManager[None]:
    """The terminal handed over to another program for the time of the ``with`` (``App.suspend``).

    A seam for the tests: Textual's test driver can't suspend, so they replace
    this one call and run the real editor.
    """
    return app.suspend()
