"""Remappable keys (issue 14): the settings' [keymap] remaps a binding by its id; the key works,
and the footer, F1 and the palette show it; a keymap naming an unknown id or a bad key is named."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from textual.command import CommandPalette
from textual.widgets import Footer, TextArea
from ui_helpers import new_app, notifications, settle_in_step, visible_in, visible_text, wait_until

from acct_tui import settings
from acct_tui.sample import sample_plan
from acct_tui.store import PlanStore
from screens.help import HelpScreen, binding_ids, keys_table
from screens.preview import PreviewScreen
from screens.wizard import WizardScreen


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir()
    monkeypatch.setattr(settings, "settings_path", lambda: path)
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with PlanStore(path) as store:
        store.save(sample_plan())
    return path


async def open_wizard(pilot) -> WizardScreen:
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen), "the wizard opens")
    return pilot.app.screen


async def test_a_remapped_key_works_and_shows_in_the_footer_f1_and_the_palette(config: Path, db: Path) -> None:
    config.write_text('[keymap]\npreview = "f9"\n')
    app = new_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_wizard(pilot)
        await settle_in_step(pilot)
        footer = wizard.query_one(Footer)
        await wait_until(pilot, lambda: "f9 Preview" in visible_in(app, footer), "the footer shows f9")
        assert "f5" not in visible_in(app, footer)
        await pilot.press("f5")  # the old key does nothing now
        await pilot.pause()
        assert app.screen is wizard
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, PreviewScreen), "f9 opens the preview")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is wizard, "back in the wizard")
        wizard.open_step("analysis")
        await settle_in_step(pilot)
        assert isinstance(app.focused, TextArea)
        await pilot.press("f9")  # in a multi-line field too
        await wait_until(pilot, lambda: isinstance(app.screen, PreviewScreen), "f9 opens the preview from a field")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is wizard, "back in the wizard")
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help opens")
        help_text = visible_text(app)
        assert "f9" in help_text and "f5                 Preview" not in help_text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is wizard, "back in the wizard")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette opens")
        await pilot.press(*"preview")
        await wait_until(pilot, lambda: "Preview (f9)" in visible_text(app), "the palette shows f9")


def test_the_help_shows_the_keymap_keys() -> None:
    console = Console(width=100, record=True, file=open("/dev/null", "w"))
    console.print(keys_table({"preview": "f9", "next-step": "ctrl+n", "edit-in-editor": "ctrl+x"}))
    text = console.export_text()
    preview_line = next(line for line in text.splitlines() if line.strip().endswith("Preview"))
    assert preview_line.split()[0] == "f9"
    next_line = next(line for line in text.splitlines() if line.strip().endswith("Next step"))
    assert next_line.split()[0] == "ctrl+n" and "alt+→" not in next_line
    editor_line = next(line for line in text.splitlines() if line.strip().endswith("Edit in $EDITOR"))
    assert editor_line.split()[0] == "ctrl+x"


def test_every_remappable_binding_has_an_id_the_keymap_accepts() -> None:
    assert {"preview", "export-now", "edit-in-editor", "help", "new-plan"} <= binding_ids()


async def test_the_keymap_survives_a_restart(config: Path, db: Path) -> None:
    """The keymap lives in the settings file: a new app instance maps the key again."""
    config.write_text('[keymap]\nnew-plan = "ctrl+n"\n')
    for _ in range(2):
        app = new_app(db)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("ctrl+n")
            await wait_until(pilot, lambda: app.screen.__class__.__name__ == "PromptScreen", "ctrl+n asks for a new plan")


async def test_an_unknown_binding_id_is_named_with_its_line_and_the_default_keys_kept(config: Path, db: Path) -> None:
    config.write_text('theme = "nord"\n[keymap]\npreview = "f9"\npreveiw = "f10"\n')
    app = new_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = [note for note in notifications(app) if "keymap" in note]
        assert len(notes) == 1 and "\n" not in notes[0]
        assert "line 4: no key has the id 'preveiw'" in notes[0] and str(config) in notes[0]
        assert app.theme == "nord", "the rest of the settings still holds"
        wizard = await open_wizard(pilot)
        await pilot.press("f5")
        await wait_until(pilot, lambda: isinstance(app.screen, PreviewScreen), "f5 still opens the preview")
        assert app.screen is not wizard
    assert config.read_text().endswith('preveiw = "f10"\n'), "the file is left as it was"


async def test_a_bad_key_is_named_with_its_line(config: Path, db: Path) -> None:
    config.write_text('[keymap]\npreview = "ctrl+f96"\n')
    app = new_app(db)
    async with app.run_test(size=(120, 40)):
        notes = [note for note in notifications(app) if "settings" in note]
        assert len(notes) == 1 and "line 2: keymap 'preview': 'f96' is not a key" in notes[0]


def test_the_readme_lists_every_binding_id() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    missing = sorted(binding_id for binding_id in binding_ids() if f"`{binding_id}`" not in section)
    assert not missing
