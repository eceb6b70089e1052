"""Text fields that draw control characters as symbols, never as terminal commands.

A plan never holds a control character (``acct_tui.text``), but a field does
before it is checked: a paste may carry ``ESC ] 52 …``. Textual's ``Input``
and ``TextArea`` would hand it to the terminal as it is. These draw it as
``␛`` and keep the real text, so the field's check still refuses it with its
message and it is never saved. Every text field of the app is one of these.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text
from textual.expand_tabs import expand_tabs_inline
from textual.widgets import Input, TextArea

from acct_tui.text import visible


class SafeInput(Input):
    """A one-line field that shows control characters as visible symbols."""

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
