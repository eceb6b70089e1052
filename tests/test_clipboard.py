"""An honest clipboard: the Export step claims a copy only when one is likely to have happened.

The rule (acct_tui.clipboard) decides from the text's size and the
environment; the Pilot tests drive the real Export step in a "likely" and an
"unlikely" terminal and check what the user is told, what reached the app's
clipboard, and that ctrl+o sends the path when the content wasn't sent.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from textual.widgets import Input, Select, Static

from acct_tui import documents
from acct_tui.clipboard import OSC52_LIMIT, osc52_verdict, terminal_support, tmux_option
from acct_tui.documents import PANDOC_MISSING, find_pandoc
from acct_tui.sample import large_plan, sample_plan
from acct_tui.store import PlanStore
from ui_helpers import new_app, notifications, open_plan_at, wait_until

WEZTERM = {"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}
GNOME = {"TERM": "xterm-256color", "VTE_VERSION": "7600"}


# --- the rule -------------------------------------------------------------------


def text_of_base64_size(size: int) -> str:
    """ASCII text whose base64 is exactly ``size`` bytes (``size`` a multiple of 4)."""
    return "x" * (size // 4 * 3)


def test_text_that_fits_goes_to_a_terminal_that_takes_it() -> None:
    assert len(base64.b64encode(text_of_base64_size(OSC52_LIMIT).encode())) == OSC52_LIMIT
    assert osc52_verdict(text_of_base64_size(OSC52_LIMIT), WEZTERM).likely


def test_text_over_the_limit_is_not_sent() -> None:
    verdict = osc52_verdict(text_of_base64_size(OSC52_LIMIT + 4), WEZTERM)
    assert not verdict.likely and "too large for the terminal's clipboard" in verdict.reason
    assert not osc52_verdict(large_plan_markdown(), WEZTERM).likely  # the large plan: about 100 kB as sent


def large_plan_markdown() -> str:
    from acct_tui.export import render

    return render(large_plan(), "internal")


@pytest.mark.parametrize(
    "env",
    [
        {"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"},
        {"TERM": "xterm-256color", "TERM_PROGRAM": "vscode"},
        {"TERM": "xterm-kitty"},
        {"TERM": "alacritty"},
        {"TERM": "foot"},
        {"TERM": "xterm-256color", "WT_SESSION": "1b2c"},
        {"TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"},
    ],
)
def test_terminals_that_take_osc52(env: dict[str, str]) -> None:
    assert terminal_support(env).likely


@pytest.mark.parametrize(
    ("env", "why"),
    [
        ({"TERM": "xterm-256color", "TERM_PROGRAM": "Apple_Terminal"}, "macOS Terminal"),
        (GNOME, "VTE"),
        ({"TERM": "linux"}, "no clipboard"),
        ({}, "no clipboard"),
        ({"TERM": "screen-256color", "STY": "123.pts-0"}, "GNU screen"),
        ({"TERM": "xterm-256color"}, "not known"),  # plain xterm: off by default
        # tmux, even inside a terminal that takes it: only with set-clipboard on
        ({"TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0", "TERM_PROGRAM": "WezTerm"}, "set-clipboard on"),
    ],
)
def test_terminals_unlikely_to_take_osc52(env: dict[str, str], why: str) -> None:
    verdict = terminal_support(env, tmux_set_clipboard="external")
    assert not verdict.likely and why in verdict.reason


def test_tmux_with_set_clipboard_on_passes_it_on() -> None:
    env = {"TERM": "tmux-256color", "TMUX": "/tmp/tmux-0/default,1,0"}
    assert terminal_support(env, tmux_set_clipboard="on").likely
    assert not terminal_support(env, tmux_set_clipboard=None).likely


def test_tmux_is_asked_only_inside_tmux() -> None:
    assert tmux_option({"TERM": "xterm-256color"}) is None


# --- the Export step --------------------------------------------------------------


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch):
    """Make the tests' environment look like a given terminal (whatever the one running them is)."""

    def be(env: dict[str, str]) -> None:
        for name in ("TERM", "TERM_PROGRAM", "TMUX", "STY", "VTE_VERSION", "KITTY_WINDOW_ID", "WEZTERM_PANE", "WT_SESSION"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)

    return be


def store_of(tmp_path: Path, plan) -> Path:
    db = tmp_path / "plans"
    with PlanStore(db) as store:
        store.save(plan)
    return db


async def export_to(pilot, target: Path, file_format: str = "md"):
    wizard = await open_plan_at(pilot, "export")
    if file_format != "md":
        wizard.query_one("#export-format", Select).value = file_format
    wizard.query_one("#export-path", Input).value = str(target)
    await pilot.press("ctrl+e")
    result = wizard.query_one("#export-result", Static)
    error = wizard.query_one("#export-error", Static)
    await wait_until(
        pilot, lambda: str(result.render()).startswith("Written to") or str(error.render()), "the export is done"
    )
    return wizard


def result_text(wizard) -> str:
    return str(wizard.query_one("#export-result", Static).render())


def offers_copy_path(wizard) -> bool:
    return bool(wizard.query_one("#pane-export").check_action("copy_path", ()))


async def test_a_small_export_in_a_likely_terminal_is_sent(tmp_path: Path, terminal) -> None:
    terminal(WEZTERM)
    target = tmp_path / "plan.md"
    app = new_app(store_of(tmp_path, sample_plan()))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        wizard = await export_to(pilot, target)
        assert app.clipboard == target.read_text() != ""
        assert result_text(wizard) == f"Written to {target}\nThe Markdown was sent to the terminal's clipboard."
        assert any("sent to the terminal's clipboard" in message for message in notifications(app))
        assert not offers_copy_path(wizard)


async def test_a_large_export_is_not_sent_and_ctrl_o_sends_its_path(tmp_path: Path, terminal) -> None:
    terminal(WEZTERM)
    target = tmp_path / "big.md"
    app = new_app(store_of(tmp_path, large_plan()))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        wizard = await export_to(pilot, target)
        assert target.stat().st_size > 50_000
        assert app.clipboard == ""  # nothing was sent
        shown = result_text(wizard)
        assert shown.startswith(f"Written to {target}\nNot sent to the clipboard: it is too large")
        assert "ctrl+o sends the file's path" in shown and "copied" not in shown
        assert offers_copy_path(wizard)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: app.clipboard == str(target), "the path is sent")
        assert notifications(app)[-1] == f"Sent {target} to the terminal's clipboard."


async def test_an_unlikely_terminal_gets_nothing_and_is_told_so(tmp_path: Path, terminal) -> None:
    terminal(GNOME)
    target = tmp_path / "plan.md"
    app = new_app(store_of(tmp_path, sample_plan()))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        wizard = await export_to(pilot, target)
        assert target.exists() and app.clipboard == ""
        shown = result_text(wizard)
        assert shown.startswith(f"Written to {target}\nNot sent to the clipboard: GNOME Terminal")
        assert "sent to the terminal's clipboard." not in shown.split("\n")[1].split(". ")[0]
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: app.clipboard == str(target), "the path is sent anyway")
        assert notifications(app)[-1].startswith(f"Sent {target} to the terminal's clipboard. It may not arrive:")


# --- Word and PDF from the Export step ----------------------------------------------


async def test_the_export_step_writes_word_in_a_thread(tmp_path: Path, terminal, monkeypatch) -> None:
    if find_pandoc() is None:
        pytest.skip("pandoc is not installed (pip install pypandoc-binary)")
    docx = pytest.importorskip("docx")
    terminal(WEZTERM)
    monkeypatch.chdir(tmp_path)
    app = new_app(store_of(tmp_path, sample_plan()))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        wizard = await open_plan_at(pilot, "export")
        wizard.query_one("#export-format", Select).value = "docx"
        await pilot.pause()
        path_input = wizard.query_one("#export-path", Input)
        assert path_input.value == "./northwind-health-plan.docx"  # the suggested name follows the format
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: result_text(wizard).startswith("Written to"), "the Word file is written")
        target = tmp_path / "northwind-health-plan.docx"
        headings = [p.text for p in docx.Document(str(target)).paragraphs if p.style.name == "Heading 1"]
        assert headings == ["Northwind Health — Account plan"]
        assert app.clipboard == ""  # a Word file is never "copied"
        assert result_text(wizard) == f"Written to {target}\nctrl+o sends the file's path to the terminal's clipboard."


async def test_without_pandoc_the_export_step_says_so(tmp_path: Path, terminal, monkeypatch) -> None:
    terminal(WEZTERM)
    monkeypatch.setattr(documents.shutil, "which", lambda name: None)
    monkeypatch.setattr(documents, "_wheel_pandoc", lambda: None)
    target = tmp_path / "plan.pdf"
    app = new_app(store_of(tmp_path, sample_plan()))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        wizard = await export_to(pilot, target, "pdf")
        assert str(wizard.query_one("#export-error", Static).render()) == PANDOC_MISSING
        assert PANDOC_MISSING in notifications(app)
        assert not target.exists() and app.clipboard == ""


async def test_a_document_is_made_off_the_ui_thread(tmp_path: Path, terminal, monkeypatch) -> None:
    """While pandoc works the step says so and the app stays live (a slow pandoc is simulated)."""
    import threading

    terminal(WEZTERM)
    release = threading.Event()
    ui_thread = threading.get_ident()
    made_on: list[int] = []

    def slow_docx(markdown: str, out: Path) -> None:
        made_on.append(threading.get_ident())
        release.wait(timeout=30)
        out.write_bytes(b"PK fake docx")

    monkeypatch.setattr(documents, "to_docx", slow_docx)
    target = tmp_path / "plan.docx"
    app = new_app(store_of(tmp_path, sample_plan()))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        wizard = await open_plan_at(pilot, "export")
        wizard.query_one("#export-format", Select).value = "docx"
        wizard.query_one("#export-path", Input).value = str(target)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: result_text(wizard) == "Making the Word file…", "it says it is working")
        await wait_until(pilot, lambda: bool(made_on), "the conversion started")
        assert made_on[0] != ui_thread
        release.set()
        await wait_until(pilot, lambda: result_text(wizard).startswith(f"Written to {target}"), "it is written")


async def test_a_typed_path_takes_the_chosen_formats_suffix(tmp_path: Path, terminal) -> None:
    terminal(WEZTERM)
    app = new_app(store_of(tmp_path, sample_plan()))
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_plan_at(pilot, "export")
        path_input = wizard.query_one("#export-path", Input)
        path_input.value = "~/shared/notes.md"
        wizard.query_one("#export-format", Select).value = "pdf"
        await wait_until(pilot, lambda: path_input.value == "~/shared/notes.pdf", "the suffix follows the format")
        wizard.query_one("#export-format", Select).value = "docx"
        await wait_until(pilot, lambda: path_input.value == "~/shared/notes.docx", "and again")
        path_input.value = "~/shared/report.txt"  # not an export suffix: left as typed
        wizard.query_one("#export-format", Select).value = "md"
        await pilot.pause()
        assert path_input.value == "~/shared/report.txt"
