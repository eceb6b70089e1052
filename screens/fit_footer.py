"""A footer that never shows a cut-off key: what does not fit is left out, whole.

Textual's Footer clips its last items at the terminal's edge (`f5 Previ` at
80 columns). This one goes compact on a narrow terminal and drops the keys
that do not fit, from the end: the focused pane's own keys come first, so
what is dropped are the screen-wide keys, which F1 and ctrl+p always list.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

COMPACT_BELOW = 100
"""Terminal widths below this get the compact footer (one space less per key)."""

PALETTE_WIDTH = 12
"""Room kept for the command palette key docked at the right (`▏^p palette`)."""


def key_width(key: FooterKey, compact: bool) -> int:
    """Cells one footer key takes, as Footer's own CSS lays it out."""
    description = cell_len(key.description)
    if compact:  # "key desc" and a margin of 1
        return cell_len(key.key_display) + (1 + description if description else 0) + 1
    return cell_len(key.key_display) + 2 + (description + 1 if description else 0)


class FitFooter(Footer):
    """The key bar, with only the keys that fit in full."""

    def compose(self) -> ComposeResult:
        width = self.app.size.width
        self.compact = width < COMPACT_BELOW
        room = width - PALETTE_WIDTH
        for widget in super().compose():
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                room -= key_width(widget, self.compact)
                if room < 0:
                    continue
            yield widget

    def on_resize(self) -> None:
        self.refresh(recompose=True)
