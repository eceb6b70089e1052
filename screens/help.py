"""Help (? or F1): every key, screen by screen, read from the bindings themselves.

Keys remapped in the settings' ``[keymap]`` (by binding id) are shown as remapped.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static
from screens.fit_footer import FitFooter

INTRO = (
    "acct-tui walks you through a strategic account plan: analysis → vision → goals → "
    "strategies → initiatives → tactics, then relationships, cadence, reporting and selling "
    "tools. Everything is saved as you type. ctrl+p opens the command palette: every key "
    "below is also a command there."
)


def _places() -> list[tuple[str, list]]:
    """(where, bindings) for every screen and step, in the order a user meets them."""
    from acct_tui.app import AcctApp
    from screens.conflicts import ConflictScreen
    from screens.forms import ItemForm
    from screens.history import ChangesScreen, HistoryScreen
    from screens.home import HomeScreen
    from screens.org_chart import OrgChartScreen
    from screens.preview import PreviewScreen
    from screens.stakeholder_map import StakeholderMapScreen
    from screens.steps.export import ExportPane
    from screens.steps.records import RecordsPane, RelationshipsPane
    from screens.steps.review import ReviewPane
    from screens.steps.text_steps import AnalysisPane
    from screens.steps.tree import TreePane
    from screens.text_fields import SafeTextArea
    from screens.steps.whitespace import CellForm, WhitespacePane
    from screens.wizard import WizardScreen

    return [
        ("Everywhere", AcctApp.BINDINGS),
        ("Accounts (home)", HomeScreen.BINDINGS),
        ("Wizard, any step", WizardScreen.BINDINGS),
        ("Multi-line fields", SafeTextArea.BINDINGS),
        ("Analysis step", AnalysisPane.BINDINGS),
        ("Whitespace map", WhitespacePane.BINDINGS),
        ("Whitespace cell form", CellForm.BINDINGS),
        ("Goals, strategies, initiatives, tactics", TreePane.BINDINGS),
        ("Relationships, cadence, reporting, tools", RecordsPane.BINDINGS + RelationshipsPane.BINDINGS),
        ("Review step", ReviewPane.BINDINGS),
        ("Export step", ExportPane.BINDINGS),
        ("Add / edit form", ItemForm.BINDINGS),
        ("Preview", PreviewScreen.BINDINGS),
        ("History (F8 in the wizard)", HistoryScreen.BINDINGS),
        ("Changes (F4 in the wizard)", ChangesScreen.BINDINGS),
        ("Stakeholder map (m in Relationships)", StakeholderMapScreen.BINDINGS),
        ("Org chart (c in Relationships; ↑ ↓ move)", OrgChartScreen.BINDINGS),
        ("Conflicts after a team sync (ctrl+g)", ConflictScreen.BINDINGS),
    ]


KEY_NAMES = {
    "question_mark": "?", "pageup": "PgUp", "pagedown": "PgDn", "left": "←", "right": "→", "up": "↑", "down": "↓",
}
"""How a key's name reads in the help (ctrl+pagedown → ctrl+PgDn)."""

ALSO = {"edit": "enter"}
"""Keys a focused list or tree turns into a pane's action (enter on a row edits it)."""


def _key_name(key: str) -> str:
    return "+".join(KEY_NAMES.get(part, part) for part in key.split("+"))


def binding_ids() -> set[str]:
    """Every binding id a ``[keymap]`` in the settings may remap."""
    from screens.coach_panel import CoachPanel

    places = [*_places(), ("", HelpScreen.BINDINGS), ("", CoachPanel.BINDINGS)]
    return {binding.id for _, bindings in places for binding in bindings if isinstance(binding, Binding) and binding.id}


def remapped(binding: Binding, keymap: Mapping[str, str]) -> Binding:
    """The binding with the keys the keymap gives its id (as Textual applies it: no key_display)."""
    if binding.id is not None and binding.id in keymap:
        return binding.with_key(keymap[binding.id], key_display=None)
    return binding


def _key_text(binding: Binding) -> str:
    """Every key of a binding: its ``key_display`` (which names the first key, or
    several with "/") and then the others, so a second key is never hidden."""
    keys = [_key_name(key) for key in binding.key.split(",")]
    if binding.key_display:
        keys = [binding.key_display] if "/" in binding.key_display else [binding.key_display, *keys[1:]]
    return " / ".join(keys)


def _rows(bindings: list, keymap: Mapping[str, str]) -> list[tuple[str, str]]:
    """(keys, what they do): one row per action, with the keys of every binding for it (the
    wizard's ``alt+→`` and its hidden ``ctrl+PgDn`` twin), as ``keymap`` remaps them."""
    keys: dict[str, list[str]] = {}
    does: dict[str, str] = {}
    for binding in bindings:
        if isinstance(binding, Binding):
            keys.setdefault(binding.action, []).append(_key_text(remapped(binding, keymap)))
            if binding.description and binding.action not in does:
                does[binding.action] = binding.tooltip or binding.description
    rows = []
    for action, text in does.items():
        named = " / ".join(keys[action])
        also = ALSO.get(action, "")
        rows.append((f"{named} / {also}" if also and also not in named.replace("/", " ").split() else named, text))
    return rows


def keys_table(keymap: Mapping[str, str] | None = None) -> Group:
    """All keys, one small table per place they work in (as ``keymap`` remaps them)."""
    parts: list = []
    sections = [*_places(), ("Lists and trees", [])]
    for where, bindings in sections:
        table = Table(show_header=False, box=None, padding=(0, 1), expand=False)
        table.add_column("Key", style="bold", no_wrap=True, min_width=18)
        table.add_column("Does")
        for keys, does in _rows(bindings, keymap or {}):
            table.add_row(keys, does)
        if where == "Lists and trees":
            table.add_row("↑ ↓", "Move")
            table.add_row("enter", "Open the row: edit the item (in Review: go to the fix)")
            table.add_row("space", "Fold or unfold a branch of the goal tree")
            table.add_row("tab / shift+tab", "Next / previous field")
        parts += [Text(where, style="bold underline"), table, Text("")]
    return Group(*parts)


# --- the method: account governance (issue 13) ----------------------------------


def governance_text() -> Text:
    """The help's "Account governance" section: the term, why the parts are tied, the seven parts."""
    from acct_tui import governance

    text = Text("Account governance\n", style="bold underline")
    text.append(f"{governance.DEFINITION}\n{governance.WHY}\n")
    for name, what in governance.PARTS:
        text.append(f"• {name}: ", style="bold")
        text.append(f"{what}\n")
    text.append("The tour walks the sample plan part by part: t on the accounts screen, or ctrl+p “Take the tour”.")
    return text


class HelpScreen(ModalScreen[None]):
    """Every key, by screen."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close", id="help-close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help-dialog"):
            yield Static(Text(INTRO), classes="field-hint")
            yield Static(keys_table(getattr(self.app, "keymap", {})))
            yield Static(governance_text(), id="help-governance")  # the method, after the keys
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
