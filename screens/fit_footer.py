"""A footer that never shows a cut-off key: what does not fit is left out, whole.

Textual's Footer clips its last items at the terminal's edge (`f5 Previ` at
80 columns). This one goes compact on a narrow terminal and drops the keys
that do not fit, from the end: the focused pane's own keys come first, so
what is dropped are the screen-wide keys, which F1 and ctrl+p always list.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
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

    _shown: tuple[object, ...] | None = None
    """What the keys on show were built from (see ``recompose``)."""

    def _footer_bindings(self, active: dict[str, ActiveBinding]) -> tuple[list[ActiveBinding], ActiveBinding | None]:
        """What the footer shows: the first shown binding of each action, in the screen's order,
        and the command palette's (docked right), if it is shown."""
        shown: list[ActiveBinding] = []
        actions: set[str] = set()
        for active_binding in active.values():
            binding = active_binding.binding
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                shown.append(active_binding)
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return shown, palette

    def _keys_to_show(self, shown: list[ActiveBinding], palette: ActiveBinding | None) -> tuple[object, ...]:
        """The width and the keys the footer shows (``_footer_bindings``), as a comparable signature.

        Only what is drawn counts: focus moving from an input to a text area,
        or to nothing while a step's pane is built, changes hidden bindings
        and second keys of an action (ctrl+pagedown beside alt+→), and must
        not rebuild the footer.
        """
        display = self.app.get_key_display
        return (self.app.size.width, tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip, display(binding))
            for _, binding, enabled, tooltip in [*shown, *([palette] if palette else [])]
        ))

    async def recompose(self) -> None:
        """Build the keys again only if what they show changed.

        Textual rebuilds the footer on every focus change, and each rebuild
        restyles every key: most of a step move's work was footers identical
        to the one on screen.
        """
        if self.is_attached and self._keys_to_show(*self._footer_bindings(self.screen.active_bindings)) == self._shown:
            return
        await super().recompose()

    def compose(self) -> ComposeResult:
        """Footer's keys (one per action, the palette's docked right), leaving out what does not fit.

        Each key is made in its final style: Footer binds every key's
        ``compact`` to its own, which restyles each key twice as it mounts.
        """
        shown, palette = self._footer_bindings(self.screen.active_bindings)
        self._shown = self._keys_to_show(shown, palette)  # what these keys are built from (the bindings may change meanwhile)
        width = self.app.size.width
        compact = width < COMPACT_BELOW
        self.compact = compact
        room = width - PALETTE_WIDTH
        for _, binding, enabled, tooltip in shown:
            key = self._key(binding, enabled, tooltip, compact)
            room -= key_width(key, compact)
            if room >= 0:
                yield key
        if palette is not None:
            _, binding, enabled, _ = palette
            # Footer leaves this key compact (FooterKey's default) at any width
            yield self._key(binding, enabled, binding.tooltip or binding.description, True, "-command-palette")

    def _key(self, binding: Binding, enabled: bool, tooltip: str, compact: bool, classes: str = "") -> FooterKey:
        key = FooterKey(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                        disabled=not enabled, tooltip=tooltip, classes=classes)
        key.set_reactive(FooterKey.compact, compact)
        return key.set_class(compact, "-compact", update=False)

    def on_resize(self) -> None:
        self.refresh(recompose=True)
