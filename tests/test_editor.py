"""Long text in $EDITOR (issue 14): ctrl+o or the palette hands a multi-line field's text to the
user's editor and puts the result back as an edit; any failure is one line and the text stays.

The editor really runs (a small Python script standing in for vi, named the way a user names
theirs, with an option: ``EDITOR="python fake.py --flag"``). Only ``App.suspend`` is replaced:
Textual's test driver can't hand over a terminal. One test checks what happens without the
replacement (no terminal to hand over: a message, nothing lost).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import TextArea
from ui_helpers import new_app, notifications, open_plan_at, stored_plans, wait_until

from acct_tui import editor
from acct_tui.model import Plan
from acct_tui.store import PlanStore
from screens import text_fields

FAKE_EDITOR = """\
import os, stat, sys
path = sys.argv[-1]
assert sys.argv[1] == "--flag", sys.argv
with open(os.environ["FAKE_EDITOR_LOG"], "a") as log:
    log.write(f"{oct(stat.S_IMODE(os.stat(path).st_mode))} {open(path).read()!r}\\n")
with open(os.environ["FAKE_EDITOR_LOG"] + ".paths", "a") as paths:
    paths.write(path + "\\n")
with open(path, "w") as stream:
    stream.write(os.environ["FAKE_EDITOR_TEXT"])
sys.exit(int(os.environ.get("FAKE_EDITOR_STATUS", "0")))
"""

LONG = "Budget cuts in the EU unit.\nA new CIO since March, who wants fewer vendors.\n\n" + "More context. " * 40


@pytest.fixture
def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR is a script that logs the file's mode and text, then writes $FAKE_EDITOR_TEXT."""
    script = tmp_path / "fake editor.py"
    script.write_text(FAKE_EDITOR)
    log = tmp_path / "editor.log"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"'{sys.executable}' '{script}' --flag")
    monkeypatch.setenv("FAKE_EDITOR_LOG", str(log))
    monkeypatch.setenv("FAKE_EDITOR_TEXT", LONG + "\n")  # editors end the file with a line break
    return log


# --- the domain: run the editor on a private temp file ------------------------------------


def test_the_editor_edits_a_private_temp_file_that_is_removed(fake_editor: Path) -> None:
    assert editor.edit_text("before", editor.editor_command()) == LONG
    mode, text = fake_editor.read_text().split(" ", 1)
    assert mode == "0o600" and text == "'before'\n"
    [edited] = Path(f"{fake_editor}.paths").read_text().splitlines()  # one run so far
    assert not Path(edited).exists(), "the temp file is removed"
    assert editor.edit_text("x\n", editor.editor_command()).endswith("\n"), "a line break the text had stays"


def test_visual_comes_before_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "code -w")
    monkeypatch.setenv("EDITOR", "vi")
    assert editor.editor_command() == ["code", "-w"]


@pytest.mark.parametrize(
    ("env", "words"),
    [({}, "Set $EDITOR"), ({"EDITOR": "  "}, "Set $EDITOR"), ({"EDITOR": "vi 'unclosed"}, "$EDITOR is not a command")],
)
def test_no_usable_editor_is_said(env: dict[str, str], words: str) -> None:
    with pytest.raises(editor.EditorError, match=words.replace("$", r"\$")):
        editor.editor_command(env)


def test_an_editor_that_fails_or_is_missing_changes_nothing(fake_editor: Path, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_EDITOR_STATUS", "1")
    with pytest.raises(editor.EditorError, match="exited with status 1"):
        editor.edit_text("before", editor.editor_command())
    with pytest.raises(editor.EditorError, match="Could not run the editor 'no-such-editor-here'"):
        editor.edit_text("before", ["no-such-editor-here"])


def test_a_control_character_from_the_editor_is_refused(fake_editor: Path, monkeypatch) -> None:
    monkeypatch.setenv("FAKE_EDITOR_TEXT", "title\x1b]52;c;AAAA\x07")
    with pytest.raises(editor.EditorError, match="ESC"):
        editor.edit_text("before", editor.editor_command())


# --- the app: ctrl+o and the palette -----------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with PlanStore(path) as store:
        store.save(Plan(name="Acme", id="acme", analysis={"inside": "Short note."}))
    return path


@pytest.fixture
def handed_over(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace only App.suspend (the test driver has no terminal to give); record each hand-over.

    Like Textual's, it gives the terminal back only when the ``with`` block ends normally
    (an exception out of it left the app suspended: found in tmux).
    """
    calls: list[str] = []

    @contextlib.contextmanager
    def suspended(app):
        calls.append("suspend")
        yield
        calls.append("resume")

    monkeypatch.setattr(text_fields, "suspended", suspended)
    return calls


async def test_ctrl_o_round_trips_a_long_answer_and_it_is_saved(fake_editor: Path, handed_over, db: Path) -> None:
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "analysis")
        field = wizard.query_one("#inline-inside", TextArea)
        field.focus()
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: field.text == LONG, "the editor's text is in the field")
        assert handed_over == ["suspend", "resume"]
        assert fake_editor.read_text() == "0o600 'Short note.'\n"
        await wait_until(pilot, lambda: app.plan("acme").analysis["inside"] == LONG, "the plan takes it")
        await pilot.press("ctrl+z")  # one edit: undone at once
        await wait_until(pilot, lambda: app.plan("acme").analysis["inside"] == "Short note.", "undone")
        await pilot.press("ctrl+y")
    assert stored_plans(db)[0].analysis["inside"] == LONG


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ({"FAKE_EDITOR_STATUS": "3"}, "exited with status 3"),
        ({"FAKE_EDITOR_TEXT": "bad \x1b[2J text"}, "The edited text holds a control character (ESC"),
        ({"EDITOR": None}, "Set $EDITOR"),
    ],
)
async def test_a_failed_edit_says_why_and_the_field_keeps_its_text(
    fake_editor: Path, handed_over, db: Path, monkeypatch, setup: dict, words: str
) -> None:
    for name, value in setup.items():
        if value is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, value)
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "analysis")
        field = wizard.query_one("#inline-inside", TextArea)
        field.focus()
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: any(words in note for note in notifications(app)), "the message")
        assert field.text == "Short note." and app.plan("acme").analysis["inside"] == "Short note."
        assert all("\n" not in note for note in notifications(app))
        assert handed_over in ([], ["suspend", "resume"]), "the terminal is always given back"


async def test_without_a_terminal_to_hand_over_it_says_so(fake_editor: Path, db: Path) -> None:
    """The real App.suspend under the test driver (as in a browser): a message, nothing lost."""
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "analysis")
        field = wizard.query_one("#inline-inside", TextArea)
        field.focus()
        await pilot.press("ctrl+o")
        await wait_until(
            pilot, lambda: any("can't be handed over" in note for note in notifications(app)), "the message"
        )
        assert field.text == "Short note." and not fake_editor.exists(), "the editor never ran"


async def test_the_palette_offers_edit_in_editor_for_the_field(fake_editor: Path, handed_over, db: Path) -> None:
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "analysis")
        field = wizard.query_one("#inline-inside", TextArea)
        field.focus()
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette opens")
        await pilot.press(*"edit in $editor")
        await wait_until(
            pilot, lambda: "Open this field's text in your editor (^o)" in _palette_text(app), "the command"
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: field.text == LONG, "the editor's text is in the field")


def _palette_text(app) -> str:
    from ui_helpers import visible_text

    return visible_text(app)
