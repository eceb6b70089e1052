"""The plan preview: sections, literal user text, jumping, keys, and its look."""

from __future__ import annotations

from dataclasses import replace

from textual.app import App, ComposeResult
from textual.widgets import OptionList

import screens.preview as preview_module
from acct_tui.markdown import render_plan_markdown
from acct_tui.sample import large_plan, sample_plan
from acct_tui.text import visible
from screens.preview import (
    PlanPreview,
    PreviewScreen,
    Section,
    head_of,
    make_safe,
    split_sections,
)
from ui_helpers import painted_runs, visible_text

NASTY = r"\[bold\]x\[/bold\] \[/ \<b> 🚀 naïve"
"""A goal title as the export escapes it: ``[bold]x[/bold] [/ <b> 🚀 naïve``."""

NASTY_SHOWN = "[bold]x[/bold] [/ <b> 🚀 naïve"

PLAN_MD = f"""\
# Account plan: Northwind Health

- **Owner:** Dana Ruiz
- **Review:** 2027-01-15

## Analysis

### What is happening inside the account?

A new COO arrived in March with a mandate to lift patient satisfaction.

## Vision

Be Northwind's partner for patient experience by 2029.

## Goals

### Goal 1: Grow revenue in the account by 10% this fiscal year

- **Measure:** +10% revenue
- **Due:** 2027-06-30

#### Strategy 1.1: Introduce our new product into the account

##### Initiative 1.1.1: Tie the product to their satisfaction goal

- [ ] Meet the VP to learn how they measure satisfaction — Dana Ruiz, due 2026-09-15
- [x] Quantify the product's effect with product marketing — Priya Shah, due 2026-10-01

### Goal 2: {NASTY}

- **Measure:** renewal signed

## Relationships

| Name | Role | Stance |
|---|---|---|
| Margaret Okafor | decision maker | supporter |
| Graham Pike | gatekeeper | detractor |
"""


def long_markdown(parts: int = 12, paragraphs: int = 8) -> str:
    """A document several screens long, with a numbered ``##`` per part."""
    body = "Text that fills the screen so each part is taller than the view. " * 3
    chunks = ["# Long plan", ""]
    for part in range(1, parts + 1):
        chunks += [f"## Part {part}", ""]
        chunks += [f"{body}{part}.{n}\n" for n in range(paragraphs)]
    return "\n".join(chunks)


def very_long_markdown() -> str:
    """A document many screens long whose last part is easy to spot."""
    return long_markdown(parts=30) + "\n## The end\n\nThe last words.\n"


def screen_text(app: App) -> str:
    """The characters the terminal would show now, one line per row."""
    return visible_text(app)


async def wait_rendered(pilot, preview: PlanPreview) -> None:
    """Let the background rendering finish (a bounded number of frames)."""
    for _ in range(500):
        if preview.fully_rendered:
            return
        await pilot.pause()
    raise AssertionError("the preview never finished rendering")


async def wait_scrolled(pilot, preview: PlanPreview) -> None:
    """Let a scroll animation (``end`` animates) finish: a bounded number of frames."""
    for _ in range(200):
        if preview.scroll_y == preview.scroll_target_y:
            return
        await pilot.pause()
    raise AssertionError("the preview never stopped scrolling")


class PreviewApp(App[None]):
    """A PlanPreview filling the screen."""

    def __init__(self, markdown_text: str) -> None:
        super().__init__()
        self.markdown_text = markdown_text

    def compose(self) -> ComposeResult:
        yield PlanPreview(self.markdown_text)


class ScreenApp(App[None]):
    """An app that opens the preview screen, recording export requests."""

    def __init__(self, markdown_text: str = PLAN_MD) -> None:
        super().__init__()
        self.markdown_text = markdown_text
        self.exports: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(PreviewScreen(self.markdown_text, "Northwind Health — preview"))

    def on_preview_screen_export_requested(
        self, message: PreviewScreen.ExportRequested
    ) -> None:
        self.exports.append(message.markdown_text)


# --- sections (no app needed) ---


def test_sections_are_the_level_2_and_3_headings_in_order() -> None:
    sections = split_sections(PLAN_MD)
    listed = [(s.level, s.title) for s in sections if s.level]
    assert listed == [
        (2, "Analysis"),
        (3, "What is happening inside the account?"),
        (2, "Vision"),
        (2, "Goals"),
        (3, "Goal 1: Grow revenue in the account by 10% this fiscal year"),
        (3, f"Goal 2: {NASTY_SHOWN}"),
        (2, "Relationships"),
    ]
    assert sections[0] == Section(0, "", PLAN_MD.split("## Analysis")[0])
    assert "".join(s.source for s in sections) == PLAN_MD


def test_only_top_level_headings_split_the_document() -> None:
    text = "## Real\n\n```\n## in code\n```\n\n> ## in a quote\n\n- ## in a list\n"
    assert [(s.level, s.title) for s in split_sections(text)] == [(2, "Real")]


def test_heading_text_is_what_the_reader_sees() -> None:
    text = "## A `code` *and* [link](x) \\# and\nsetext\n\nSetext two\n---\n"
    assert [s.title for s in split_sections(text)] == ["A code and link # and", "Setext two"]


def test_the_head_is_cut_at_a_blank_line_past_the_lines_asked_for() -> None:
    text = "# T\n\npara one\nstill one\n\npara two\n"
    assert head_of(text, 3) == "# T\n\npara one\nstill one\n"
    assert head_of(text, 1) == "# T\n"
    assert head_of(text, 5) is None, "no blank line after: the whole document"
    assert head_of("# T", 1) is None


def test_the_heads_sections_are_the_whole_documents_but_the_last() -> None:
    """So the lines rendered for the first screen are reused after the whole parse."""
    text = render_plan_markdown(large_plan())
    head = head_of(text, 60)
    assert head is not None and len(head) < len(text) / 10
    in_head, in_whole = split_sections(head), split_sections(text)
    assert in_head[:-1] == in_whole[: len(in_head) - 1]


def test_control_characters_are_made_visible() -> None:
    assert make_safe("a\x1b[31mb\r\nc\x07\td") == "a␛[31mb\nc␇\td"


# --- the widget ---


async def test_preview_shows_the_first_heading_and_nasty_text_literally() -> None:
    app = PreviewApp(PLAN_MD)
    async with app.run_test(size=(80, 24)) as pilot:
        preview = app.query_one(PlanPreview)
        assert "Account plan: Northwind Health" in screen_text(app)
        preview.jump_to(5)
        await pilot.pause()
        assert f"Goal 2: {NASTY_SHOWN}" in screen_text(app)


async def test_exported_plan_with_nasty_text_shows_it_literally() -> None:
    plan = sample_plan()
    nasty = "[bold]x[/bold] [/ <b>b</b> `c` *e* 🚀 \x1b[31m red"
    goal = replace(plan.goals[0], title=nasty.replace("\x1b", "!"), measure=visible(nasty))  # as a file holding ESC opens
    plan = replace(plan, name="# Win [/", goals=(goal, *plan.goals[1:]))
    app = PreviewApp(render_plan_markdown(plan))
    async with app.run_test(size=(120, 40)) as pilot:
        preview = app.query_one(PlanPreview)
        assert "# Win [/ — Account plan" in screen_text(app)
        titles = [title for _, title in preview.sections()]
        goal_index = next(i for i, t in enumerate(titles) if "[bold]x[/bold]" in t)
        assert titles[goal_index].endswith(nasty.replace("\x1b", "!"))
        preview.jump_to(goal_index)
        await pilot.pause()
        shown = screen_text(app)
    assert nasty.replace("\x1b", "!") in shown
    assert "[/ <b>b</b> `c` *e* 🚀 ␛[31m red" in shown.split("Measure")[1]


async def test_unescaped_html_markup_and_escapes_still_show_literally() -> None:
    text = "## [red]Odd[/red] <b>bold</b>\n\n<div>block html</div>\n\nesc \x1b[31m red [/ end\n"
    app = PreviewApp(text)
    async with app.run_test(size=(80, 24)):
        shown = screen_text(app)
    assert "[red]Odd[/red] <b>bold</b>" in shown
    assert "<div>block html</div>" in shown
    assert "esc ␛[31m red [/ end" in shown


async def test_jump_to_puts_the_heading_at_the_top() -> None:
    app = PreviewApp(long_markdown())
    async with app.run_test(size=(80, 24)) as pilot:
        preview = app.query_one(PlanPreview)
        assert "Part 7" not in screen_text(app)
        preview.jump_to(6)
        await pilot.pause()
        assert preview.scroll_y == preview.heading_line(6) > 0
        assert screen_text(app).splitlines()[0].strip() == "Part 7"


async def test_jump_to_the_last_heading_shows_it_even_if_it_cannot_reach_the_top() -> None:
    app = PreviewApp(long_markdown() + "\n## The end\n\nShort.\n")
    async with app.run_test(size=(80, 24)) as pilot:
        preview = app.query_one(PlanPreview)
        preview.jump_to(len(preview.sections()) - 1)
        await pilot.pause()
        assert preview.scroll_y == preview.max_scroll_y < preview.heading_line(12)
        assert "The end" in screen_text(app)


async def test_large_plan_renders_in_the_background_and_jumps_anywhere_at_once() -> None:
    app = PreviewApp(render_plan_markdown(large_plan()))
    async with app.run_test(size=(80, 24)) as pilot:
        preview = app.query_one(PlanPreview)
        await pilot.press("end")
        await wait_rendered(pilot, preview)
        await wait_scrolled(pilot, preview)
        assert preview.scroll_y == preview.max_scroll_y, "end went to the real end"
        last_goal = max(i for i, (_, t) in enumerate(preview.sections()) if t.startswith("Goal 10"))
        preview.jump_to(last_goal)
        await pilot.pause()
        assert screen_text(app).splitlines()[0].strip().startswith("Goal 10")
        height = preview.virtual_size.height
        await pilot.resize_terminal(120, 30)
        await wait_rendered(pilot, preview)
        assert 0 < preview.virtual_size.height < height, "wider: re-rendered, fewer lines"


async def test_show_replaces_the_document_and_same_text_is_a_no_op() -> None:
    app = PreviewApp(long_markdown())
    async with app.run_test(size=(80, 24)) as pilot:
        preview = app.query_one(PlanPreview)
        preview.jump_to(3)
        await pilot.pause()
        preview.show(long_markdown())
        assert preview.scroll_y == preview.heading_line(3), "same text kept the place"
        preview.show("# Fresh\n\n## Only part\n")
        await pilot.pause()
        assert preview.sections() == [(2, "Only part")]
        assert "Fresh" in screen_text(app)


async def test_theme_change_recolours_headings() -> None:
    app = PreviewApp("## Heading\n\ntext\n")
    async with app.run_test(size=(80, 24)) as pilot:

        def heading_colour() -> object:
            return next(style for _, _, text, style in painted_runs(app) if "Heading" in text)

        before = heading_colour()
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause()
        await pilot.pause()
        assert heading_colour() != before


async def test_first_screen_shows_the_title_before_the_whole_document_is_parsed(monkeypatch) -> None:
    """Only the top of a long document is parsed for the first paint; the rest after it."""
    text = very_long_markdown()
    app = PreviewApp(text)
    on_screen_at_whole_parse: list[str] = []
    parse = preview_module.split_sections

    def recording_parse(markdown_text: str) -> list[Section]:
        if markdown_text == text:
            on_screen_at_whole_parse.append(screen_text(app) if app.screen_stack else "")
        return parse(markdown_text)

    monkeypatch.setattr(preview_module, "split_sections", recording_parse)
    async with app.run_test(size=(80, 24)) as pilot:
        preview = app.query_one(PlanPreview)
        await wait_rendered(pilot, preview)
        assert preview.sections()[-1] == (2, "The end")
    assert len(on_screen_at_whole_parse) == 1, "the whole document is parsed once"
    assert "Long plan" in on_screen_at_whole_parse[0]


async def test_end_reaches_the_end_before_the_background_parse_has_run(monkeypatch) -> None:
    """On a busy machine a key can come before the whole parse: end still sees it all."""
    monkeypatch.setattr(PlanPreview, "_parse_after_paint", lambda self: None)
    app = ScreenApp(very_long_markdown())
    async with app.run_test(size=(80, 24)) as pilot:
        preview = app.screen.query_one(PlanPreview)
        assert "Long plan" in screen_text(app)
        assert not preview.fully_rendered
        await pilot.press("end")
        await wait_scrolled(pilot, preview)
        assert "The last words." in screen_text(app)


async def test_the_jump_list_lists_every_part_before_the_background_parse_has_run(monkeypatch) -> None:
    monkeypatch.setattr(PlanPreview, "_parse_after_paint", lambda self: None)
    app = ScreenApp(very_long_markdown())
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.screen.query_one(PlanPreview).fully_rendered
        await pilot.press("j")
        assert app.screen.query_one(OptionList).option_count == 31
        await pilot.press("end", "enter")
        await pilot.pause()
        assert screen_text(app).count("The end") == 2, "in the list and at the top of the preview"


async def test_the_jump_list_fills_without_a_key() -> None:
    app = ScreenApp(very_long_markdown())
    async with app.run_test(size=(80, 24)) as pilot:
        jump_list = app.screen.query_one(OptionList)
        for _ in range(50):
            if jump_list.option_count:
                break
            await pilot.pause()
        assert jump_list.option_count == 31
        assert "Part 1" in screen_text(app)
        assert app.screen.query_one(PlanPreview).has_focus


# --- the screen ---


async def test_jump_list_keys_move_the_preview() -> None:
    app = ScreenApp(long_markdown())
    async with app.run_test(size=(80, 24)) as pilot:
        preview = app.screen.query_one(PlanPreview)
        assert preview.has_focus
        await pilot.press("j")
        assert app.screen.query_one(OptionList).has_focus
        await pilot.press("down", "down", "down", "enter")
        await pilot.pause()
        assert preview.has_focus
        assert preview.scroll_y == preview.heading_line(3)
        await pilot.press("home")
        assert preview.scroll_y == 0
        await pilot.press("end")
        assert preview.scroll_y == preview.max_scroll_y


async def test_export_key_posts_the_markdown_and_escape_goes_back() -> None:
    app = ScreenApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        assert app.exports == [PLAN_MD]
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, PreviewScreen)


def test_preview_screen_snapshot(snap_compare) -> None:
    """Jumped to "Goals": every heading level, a task list and the nasty title."""

    async def open_goals(pilot) -> None:
        await pilot.press("j", "down", "down", "down", "enter")

    assert snap_compare(ScreenApp(), terminal_size=(80, 24), run_before=open_goals)
