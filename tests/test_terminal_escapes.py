"""Nothing a plan holds reaches the terminal as a command: the app's raw output, every screen.

A hand-edited store file puts every escape sequence of ``hostile.PAYLOADS`` in
every text field of a plan. The app opens it (the store shows the characters
as symbols), every screen is painted through a driver that keeps the bytes,
text is pasted into each kind of field, and the output must hold only what
Textual writes itself, with the payloads visible as ``␛]0;PWNED␇``.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input, Label, Static, TextArea

from acct_tui.model import Plan
from acct_tui.plan_json import plan_to_dict
from acct_tui.steps import STEP_KEYS
from acct_tui.text import visible
from hostile import HOSTILE, PAYLOADS, SHOWN, hostile_plan_data, leaks, write_store
from plan_fields import FIELDS, MULTI_LINE_FIELDS, PLACEHOLDER, build_plan, placeholder
from screens.dialogs import ConfirmScreen, PromptScreen
from screens.forms import ItemForm
from screens.help import HelpScreen
from screens.preview import PreviewScreen
from screens.stakeholder_map import StakeholderMapScreen
from screens.wizard import WizardScreen
from screens.text_fields import SafeInput
from ui_helpers import open_plan_at, new_app, notifications, recording_driver, settle_in_step, stored_plans, visible_text

EDIT_TARGETS = {
    "goals": "g1",
    "strategies": "s1",
    "initiatives": "i1",
    "tactics": "t1",
    "relationships": "p2",
    "cadence": "m1",
    "reporting": "k1",
    "tools": "x1",
}
"""A record to open the form of, in each step that lists records (ids from plan_fields)."""


async def paste(pilot, text: str = HOSTILE) -> None:
    """Paste like a terminal with bracketed paste: one Paste event to the focused field."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def walk_every_screen(pilot) -> None:
    """Home, its dialogs, every wizard step and form, the map, preview, palette and help."""
    app = pilot.app
    await pilot.pause()
    await pilot.press("r")  # rename: the name in the title and in the field
    await pilot.pause()
    assert isinstance(app.screen, PromptScreen)
    await paste(pilot)
    await pilot.press("escape")
    await pilot.press("d")  # delete: the name in the question
    await pilot.pause()
    assert isinstance(app.screen, ConfirmScreen)
    await pilot.press("n")
    await pilot.press("enter")
    await settle_in_step(pilot)
    wizard = app.screen
    assert isinstance(wizard, WizardScreen)
    for key in STEP_KEYS:
        wizard.open_step(key, EDIT_TARGETS.get(key, ""))
        await settle_in_step(pilot)
        if key in ("facts", "analysis", "export"):
            await paste(pilot)  # an inline field, a text area, the export path
        if key in EDIT_TARGETS:
            await pilot.press("e")
            await pilot.pause()
            assert isinstance(app.screen, ItemForm), key
            await paste(pilot)
            app.screen.query("Input, TextArea").last().focus()  # a text area where the form has one
            await paste(pilot)
            app.screen.dismiss(None)
            await pilot.pause()
        if key == "relationships":
            await pilot.press("m")
            await pilot.pause()
            assert isinstance(app.screen, StakeholderMapScreen)
            await pilot.press("escape")
    await pilot.press("f5")
    await pilot.pause()
    assert isinstance(app.screen, PreviewScreen)
    await pilot.press("end")  # every section of the preview painted
    await pilot.pause()
    await pilot.press("j")
    await pilot.pause()
    await pilot.press("escape", "escape")  # out of the preview, then out of the wizard
    await pilot.pause()
    assert isinstance(app.screen, ConfirmScreen)  # the pasted fields were refused: escape asks first
    await pilot.press("y")
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await paste(pilot)
    await pilot.press("escape")
    await pilot.press("f1")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    await pilot.press("escape")
    await pilot.pause()


async def test_a_plan_full_of_escape_sequences_never_reaches_the_terminal(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, hostile_plan_data())
    app = new_app(db)
    app.driver_class, written = recording_driver()
    async with app.run_test(headless=False, size=(100, 30), notifications=True) as pilot:
        await walk_every_screen(pilot)
        output = "".join(written)
    assert len(output) > 100_000, "the app painted every screen"
    assert leaks(output) == []
    assert SHOWN in output, "the payloads are shown as symbols"


# --- a paste is shown with symbols, refused by name, and never saved ---------------

PASTED = "Win\x1b]0;PWNED\x07"
PASTED_SHOWN = "Win␛]0;PWNED␇"


def plain_store(tmp_path: Path) -> Path:
    db = tmp_path / "plans.json"
    write_store(db, plan_to_dict(Plan(name="Acme", analysis={"inside": "Budgets"}, id="acme")))
    return db


open_plan = open_plan_at


async def test_a_pasted_escape_in_a_form_is_shown_refused_and_not_saved(tmp_path: Path) -> None:
    db = plain_store(tmp_path)
    before = db.read_bytes()
    app = new_app(db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_plan(pilot, "goals")
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ItemForm)
        await paste(pilot, PASTED)
        assert form.query_one("#field-title", Input).value == PASTED, "the field keeps what was pasted"
        message = "Goal holds a control character (ESC, shown as ␛); remove it."
        assert str(form.query_one("#error-title", Label).render()) == message
        assert PASTED_SHOWN in visible_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "the form can't be saved"
        assert any("Fix the fields" in message for message in notifications(app))
    assert db.read_bytes() == before
    assert stored_plans(db)[0].goals == ()


async def test_a_pasted_escape_in_an_inline_field_or_text_area_is_refused(tmp_path: Path) -> None:
    db = plain_store(tmp_path)
    before = db.read_bytes()
    app = new_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_plan(pilot, "facts")
        await paste(pilot, "\x9b2J")
        assert str(wizard.query_one("#inline-error-name", Label).render()) == (
            "Account name holds a control character (U+009B CSI, shown as \ufffd); remove it."
        )
        wizard.open_step("analysis")
        await settle_in_step(pilot)
        area = wizard.query_one("#inline-inside", TextArea)
        area.move_cursor(area.document.end)
        await paste(pilot, "\n" + PASTED)
        assert str(wizard.query_one("#inline-error-inside", Label).render()) == (
            "What is happening inside the account? holds a control character (ESC, shown as ␛); remove it."
        )
        assert PASTED_SHOWN in visible_text(app)
        assert "not saved: fix it" in str(wizard.query_one("#step-title", Static).render())
    app.save_now()
    assert db.read_bytes() == before


async def test_a_new_account_name_with_a_pasted_escape_is_refused(tmp_path: Path) -> None:
    db = plain_store(tmp_path)
    app = new_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        await paste(pilot, "Evil\x1b[2J")
        assert "Account name holds a control character (ESC" in str(prompt.query_one("#prompt-error", Label).render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is prompt
    assert [plan.name for plan in stored_plans(db)] == ["Acme"]


async def test_an_export_path_with_a_control_character_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = new_app(plain_store(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_plan(pilot, "export")
        wizard.query_one("#export-path", Input).value = "./plan\x1b]0;x\x07.md"
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert str(wizard.query_one("#export-error", Static).render()) == (
            "The file name holds a control character (ESC, shown as ␛); remove it."
        )
        odd = tmp_path / "in\x1b[31m"
        odd.mkdir()
        monkeypatch.chdir(odd)  # the typed path is clean, the folder it resolves to is not
        wizard.query_one("#export-path", Input).value = "./nowhere/plan.md"
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert str(wizard.query_one("#export-error", Static).render()) == (
            f"The folder {tmp_path}/in␛[31m/nowhere does not exist: create it first, or pick another."
        )
    assert not list(tmp_path.glob("plan*.md"))


async def test_an_export_through_a_symlink_names_its_target_with_symbols(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "evil\x1b]0;x\x07.md"
    (tmp_path / "link.md").symlink_to(target.name)
    app = new_app(plain_store(tmp_path))
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        wizard = await open_plan(pilot, "export")
        wizard.query_one("#export-path", Input).value = "./link.md"
        await pilot.press("ctrl+e")
        await pilot.pause()
        shown = f"Written to {tmp_path}/evil␛]0;x␇.md"
        assert str(wizard.query_one("#export-result", Static).render()).split("\n")[0] == shown
        assert any(message.startswith(shown) for message in notifications(app))
        await pilot.press("ctrl+e")  # again: it exists now
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "evil␛]0;x␇.md exists." in str(app.screen.query_one(".dialog-question", Static).render())
    assert target.read_text(encoding="utf-8").startswith("# Acme")


async def test_a_paste_into_the_palette_search_shows_symbols(tmp_path: Path) -> None:
    app = new_app(plain_store(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await paste(pilot, "\x1b[2Jhelp")
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).value == "␛[2Jhelp"


async def test_the_app_says_once_that_a_file_held_control_characters(tmp_path: Path) -> None:
    db = tmp_path / "plans.json"
    write_store(db, {**plan_to_dict(Plan(name="Acme", id="acme")), "owner": "Dana\x1b[8m"})
    app = new_app(db)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_plan(pilot, "facts")
        await pilot.press("escape")
        await pilot.pause()
        notes = [message for message in notifications(app) if "control character" in message]
        assert notes == [
            "Acme held 1 control character (e.g. in owner); they are shown as symbols such as ␛ "
            "and will be saved that way."
        ]
        assert app.plan("acme").owner == "Dana␛[8m"


async def test_the_cursor_counts_a_drawn_symbol_as_one_cell() -> None:
    """Cursor, scrolling and clicks in a field holding ESC work as if it held ␛."""
    from textual.app import App, ComposeResult

    class Fields(App[None]):
        def compose(self) -> ComposeResult:
            yield SafeInput("a\x1b\x1bb", id="raw", compact=True)
            yield SafeInput("a␛␛b", id="shown", compact=True)

    app = Fields()
    async with app.run_test(size=(40, 5)) as pilot:
        raw, shown = app.query_one("#raw", SafeInput), app.query_one("#shown", SafeInput)
        for field in (raw, shown):
            field.focus()
            await pilot.pause()
            field.cursor_position = 3
            await pilot.pause()
        assert raw.cursor_screen_offset.x == shown.cursor_screen_offset.x == 3
        clicks = {}
        for field in (raw, shown):
            clicks[field.id] = []
            for x in range(5):
                await pilot.click(field, offset=(x, 0))
                clicks[field.id].append(field.cursor_position)
        assert clicks["raw"] == clicks["shown"] == [0, 1, 2, 3, 4]


# --- bounded fuzz: any text in every field, through the app's raw output --------------


fuzz_pieces = st.one_of(
    st.sampled_from([*PAYLOADS.values(), "\x1b", "\x1b[", "\x1b]", "\x9b", "\x9d", "\x07", "\t", "\n", "[b]x[/"]),
    st.text(alphabet=st.characters(exclude_categories=()), max_size=4),
)
fuzz_text = st.lists(fuzz_pieces, min_size=1, max_size=5).map("".join)


def fuzz_plan_data(texts: dict[str, str]) -> dict:
    """Every field of the plan holding its drawn text, as a hand-edited file would."""

    def fit(field: str, text: str) -> str:
        text = text if field in MULTI_LINE_FIELDS else text.replace("\n", " ")
        return text if visible(text).strip() else text + "x"

    data = plan_to_dict(build_plan(lambda name: placeholder(FIELDS.index(name))))

    def fill(value):
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        if isinstance(value, str) and PLACEHOLDER.fullmatch(value):
            field = FIELDS[int(value[2:-2])]
            return fit(field, texts[field])
        return value

    return fill(data)


async def paint_main_screens(db: Path) -> str:
    """Home, the goal tree, the stakeholder table and the preview, as raw output."""
    app = new_app(db)
    app.driver_class, written = recording_driver()
    async with app.run_test(headless=False, size=(100, 30)) as pilot:
        wizard = await open_plan(pilot, "goals")
        wizard.open_step("relationships")
        await settle_in_step(pilot)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()
    return "".join(written)


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.fixed_dictionaries({field: fuzz_text for field in FIELDS}))
def test_any_text_in_any_field_never_reaches_the_terminal(texts: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "plans.json"
        write_store(db, fuzz_plan_data(texts))
        output = asyncio.run(paint_main_screens(db))
    assert leaks(output) == []
