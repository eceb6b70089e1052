"""A footer that never shows a cut-off key: what does not fit is left out, whole.

Textual's Footer clips its last items at the terminal's edge (`f5 Previ` at
80 columns). This one goes compact on a narrow terminal and drops the keys
that do not fit, from the end: the focused pane's own keys come first, so
what is dropped are the screen-wide keys, which F1 and ctrl+p always list.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

COMPACT_BELOW = 100
"""Terminal widths below this get the compact footer (one space less per key)."""

PALETTE_WIDTH = 12
"""Room kept for the command palette key docked at the right (`▏^p palette`)."""


class FitKey(FooterKey):
    """A footer key that can show another binding in place.

    A step of another kind has other keys; giving the keys on show their new
    bindings repaints them, where mounting new ones restyles each (most of
    what a move between a tree step and a text step cost the footer).
    """

    def __init__(self, binding: Binding, key_display: str, enabled: bool, tooltip: str, classes: str = "") -> None:
        super().__init__(binding.key, key_display, binding.description, binding.action,
                         disabled=not enabled, tooltip=tooltip, classes=classes)
        self.enabled = enabled

    def show_binding(self, binding: Binding, key_display: str, enabled: bool, tooltip: str) -> None:
        """Show ``binding`` from now on (its width may differ: the footer lays out again)."""
        resized = (key_display, binding.description) != (self.key_display, self.description)
        self.key, self.key_display, self.description, self.action = (
            binding.key, key_display, binding.description, binding.action)
        self.enabled = enabled
        self.set_class(not enabled, "-disabled")
        self.tooltip = tooltip or None
        self.refresh(layout=resized)

    @on(events.MouseDown)
    def press_shown_key(self, event: events.MouseDown) -> None:
        """Press the key shown now (FooterKey's own handler, skipped here, knows only the binding
        the key was made with)."""
        event.prevent_default()
        if self.enabled:
            self.app.simulate_key(self.key)
        else:
            self.app.bell()


def key_width(binding: Binding, key_display: str, compact: bool) -> int:
    """Cells the footer key of ``binding`` takes, as Footer's own CSS lays it out."""
    description = cell_len(binding.description)
    if compact:  # "key desc" and a margin of 1
        return cell_len(key_display) + (1 + description if description else 0) + 1
    return cell_len(key_display) + 2 + (description + 1 if description else 0)


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
        """The width, the palette key and the keys the footer shows (``_footer_bindings``), as a
        comparable signature.

        Only what is drawn counts: focus moving from an input to a text area,
        or to nothing while a step's pane is built, changes hidden bindings
        and second keys of an action (ctrl+pagedown beside alt+→), and must
        not rebuild the footer.
        """
        display = self.app.get_key_display

        def drawn(active: ActiveBinding) -> tuple[object, ...]:
            _, binding, enabled, tooltip = active
            return binding.key, binding.action, binding.description, enabled, tooltip, display(binding)

        return self.app.size.width, palette and drawn(palette), tuple(map(drawn, shown))

    async def recompose(self) -> None:
        """Build the keys again only if what they show changed.

        Textual rebuilds the footer on every focus change, and each rebuild
        restyles every key: most of a step move's work was footers identical
        to the one on screen.
        """
        if not self.is_attached:
            await super().recompose()
            return
        shown, palette = self._footer_bindings(self.screen.active_bindings)
        keys = self._keys_to_show(shown, palette)
        if keys == self._shown:
            return
        if not await self._show_in_place(shown, keys):
            await super().recompose()

    async def _show_in_place(self, shown: list[ActiveBinding], keys: tuple[object, ...]) -> bool:
        """Give the keys there the new bindings; hide the ones left over, for a step with more keys.

        A key is mounted only when there are more to show than the footer
        ever had. Only when the width and the palette key are as they were (a
        resize changes compact and what fits; a rebuild is rare then). False:
        not done.
        """
        if self._shown is None or keys[:2] != self._shown[:2]:
            return False
        fitting = self._fitting(shown, self.compact)
        there = [key for key in self.query_children(FitKey) if not key.has_class("-command-palette")]
        display = self.app.get_key_display
        for key, (_, binding, enabled, tooltip) in zip(there, fitting):
            key.show_binding(binding, display(binding), enabled, tooltip)
        for index, key in enumerate(there):
            key.display = index < len(fitting)
        self._shown = keys
        if len(fitting) > len(there):
            await self.mount_all(self._key(binding, enabled, tooltip, self.compact)
                                 for _, binding, enabled, tooltip in fitting[len(there):])
        return True

    def _fitting(self, shown: list[ActiveBinding], compact: bool) -> list[ActiveBinding]:
        """The shown bindings whose keys fit beside the palette key, from the first on."""
        room = self.app.size.width - PALETTE_WIDTH
        fitting = []
        for active in shown:
            _, binding, _, _ = active
            room -= key_width(binding, self.app.get_key_display(binding), compact)
            if room < 0:
                break
            fitting.append(active)
        return fitting

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
        for _, binding, enabled, tooltip in self._fitting(shown, compact):
            yield self._key(binding, enabled, tooltip, compact)
        if palette is not None:
            _, binding, enabled, _ = palette
            # Footer leaves this key compact (FooterKey's default) at any width
            yield self._key(binding, enabled, binding.tooltip or binding.description, True, "-command-palette")

    def _key(self, binding: Binding, enabled: bool, tooltip: str, compact: bool, classes: str = "") -> FitKey:
        key = FitKey(binding, self.app.get_key_display(binding), enabled, tooltip, classes=classes)
        key.set_reactive(FooterKey.compact, compact)
        return key.set_class(compact, "-compact", update=False)

    def on_resize(self) -> None:
        self.refresh(recompose=True)
