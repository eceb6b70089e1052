"""The plan preview: the whole plan as Markdown, fast, with a jump list.

Textual's stock ``Markdown`` widget mounts one widget per block, which takes
seconds for a large plan (3.5 s to its first screen, 5.5 s in all, measured
in bench/bench_preview.py). ``PlanPreview`` instead renders the document
with Rich's ``Markdown`` renderable into plain lines and paints them through
the Line API (a ``ScrollView``): the sections on screen are rendered at once
and the rest between paints, so the first screen of a large plan appears in
about 50 ms.

Parsing waits too: the first paint parses only the screen's worth of source
at the top of the document (a "head"), and the whole document is parsed right
after that paint (or at once, when something needs a part the head does not
hold: a jump, ``end``, the list of sections). Parsing a large plan takes
longer than rendering its first screen, so this halves the wait for it.

The document is split into sections at its top-level ``##`` and ``###``
headings (found with markdown-it-py tokens, not by string search) and each
section is rendered on its own. That gives the exact line where every
heading starts, for the jump list, and lets a re-render after an edit reuse
the sections that did not change.

User text is data: Rich's ``Markdown`` never parses Rich markup, raw HTML is
shown as the literal text it is, and control characters (an ESC that would
otherwise reach the terminal) are shown as their visible Unicode symbols.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Console
from rich.markdown import Markdown as RichMarkdown
from rich.segment import Segment
from rich.style import Style
from rich.theme import Theme
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.theme import Theme as TextualTheme
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

import styles
from acct_tui.text import visible
from screens.fit_footer import FitFooter

RENDER_SLICE = 0.012
"""Seconds of background rendering between two paints (a frame is ~16 ms)."""

JUMP_LEVELS = (2, 3)
"""Heading levels listed in the jump list: ``##`` parts and ``###`` goals."""

HEAD_MARGIN = 8
"""Source lines parsed for the first paint beyond the screen's height.

In a plan's export a source line renders to at least one screen line
(blank lines, list items and table rows map one to one; wrapping and heading
boxes only add), so the screen's height in source lines, plus a little,
fills it. Where it does not (a run of blank lines), the rest of the screen
fills right after the whole parse.
"""

@dataclass(frozen=True)
class Section:
    """A slice of the document that starts at a jump-list heading.

    The first section (the title and account facts) has ``level`` 0 and an
    empty ``title``: it is rendered but not listed.
    """

    level: int
    title: str
    source: str
    tokens: tuple[Token, ...] = field(default=(), compare=False, repr=False)
    """The section's share of the one parse of the whole document."""


def _parser() -> MarkdownIt:
    """The same Markdown dialect Rich renders (CommonMark + tables + strike)."""
    return MarkdownIt().enable("strikethrough").enable("table")


def _plain_text(inline: Token) -> str:
    """The text a reader sees in an inline token (a heading's words)."""
    parts: list[str] = []
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.children:
            parts.append(_plain_text(child))
        else:
            parts.append(child.content)
    return "".join(parts).strip()


def make_safe(markdown_text: str) -> str:
    """Normalise line ends and make control characters visible.

    An ESC in a field would otherwise reach the terminal as an escape
    sequence; showing ``␛[31m`` keeps what the user typed visible as data.
    """
    text = markdown_text.replace("\r\n", "\n").replace("\r", "\n")
    return visible(text)


def head_of(markdown_text: str, lines: int) -> str | None:
    """The document's first ``lines`` source lines, cut at a blank line.

    None when that is the whole document. Cutting at a blank line keeps the
    paragraph or table that reaches the cut whole, so the screen shows it as
    the whole document's parse will.
    """
    start = 0
    for _ in range(lines):
        start = markdown_text.find("\n", start) + 1
        if start == 0:
            return None
    while True:
        end = markdown_text.find("\n", start)
        if end == -1:
            return None
        if not markdown_text[start:end].strip():
            return markdown_text[:start]
        start = end + 1


def split_sections(markdown_text: str) -> list[Section]:
    """Split a document before each top-level ``##``/``###`` heading.

    Only headings at the top level count: a ``## x`` inside a code block, a
    list or a block quote is not a heading of the plan. A heading always
    ends the block before it, so each slice parses as it did in the whole.
    """
    text = make_safe(markdown_text)
    lines = text.splitlines(keepends=True)
    tokens = _parser().parse(text)
    starts: list[tuple[int, int, int, str]] = []
    """(token index, source line, level, title) of each jump-list heading."""
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0 or token.map is None:
            continue
        level = int(token.tag[1:])
        if level in JUMP_LEVELS:
            title = _plain_text(tokens[index + 1])
            starts.append((index, token.map[0], level, title))
    sections: list[Section] = []
    first_token, first_line = (starts[0][0], starts[0][1]) if starts else (len(tokens), len(lines))
    if first_line > 0:
        preamble = "".join(lines[:first_line])
        sections.append(Section(0, "", preamble, tuple(tokens[:first_token])))
    ends = [(start[0], start[1]) for start in starts[1:]] + [(len(tokens), len(lines))]
    for (index, line, level, title), (end_index, end_line) in zip(starts, ends):
        source = "".join(lines[line:end_line])
        sections.append(Section(level, title, source, tuple(tokens[index:end_index])))
    return sections


class LiteralMarkdown(RichMarkdown):
    """Rich ``Markdown`` that shows raw HTML as text instead of dropping it.

    The export escapes ``<`` in user text, so this only matters if something
    slips through; then the reader sees ``<b>`` rather than nothing.
    """

    @classmethod
    def from_tokens(cls, tokens: tuple[Token, ...]) -> LiteralMarkdown:
        """A renderable for tokens already parsed (so no text is parsed twice)."""
        markdown = cls("")
        markdown.parsed = _html_as_text(list(tokens))
        return markdown


def _html_as_text(tokens: list[Token]) -> list[Token]:
    """Turn HTML tokens into plain text tokens (a paragraph for a block)."""
    result: list[Token] = []
    for token in tokens:
        if token.type == "html_block":
            text = Token("text", "", 0, content=token.content.rstrip("\n"))
            inline = Token("inline", "", 0, content=text.content, children=[text])
            result += [
                Token("paragraph_open", "p", 1),
                inline,
                Token("paragraph_close", "p", -1),
            ]
            continue
        if token.type == "html_inline":
            token.type = "text"
        if token.children:
            token.children = _html_as_text(token.children)
        result.append(token)
    return result


def render_section(console: Console, section: Section, width: int) -> list[list[Segment]]:
    """Render one section's Markdown into lines of exactly ``width`` cells."""
    options = console.options.update(width=width, height=None)
    markdown = LiteralMarkdown.from_tokens(section.tokens)
    return console.render_lines(markdown, options, pad=True)


class PlanPreview(ScrollView, can_focus=True):
    """A read-only, scrollable view of a Markdown plan that opens instantly.

    | Key(s) | Description |
    | :- | :- |
    | up / down | Scroll one line. |
    | pageup / pagedown | Scroll one page. |
    | home / end | Go to the top / bottom. |
    """

    COMPONENT_CLASSES = {
        "plan-preview--h1",
        "plan-preview--h2",
        "plan-preview--h3",
        "plan-preview--h4",
        "plan-preview--h5",
        "plan-preview--code",
        "plan-preview--bullet",
        "plan-preview--table",
        "plan-preview--quote",
        "plan-preview--link",
    }
    """Styles for the Markdown parts, so the preview follows the app theme."""

    DEFAULT_CSS = """
    PlanPreview {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        padding: 0 1;
        background: $surface;
        color: $foreground;
        & > .plan-preview--h1 { color: $primary; text-style: bold; }
        & > .plan-preview--h2 { color: $primary; text-style: bold underline; }
        & > .plan-preview--h3 { color: $accent; text-style: bold; }
        & > .plan-preview--h4 { color: $text-secondary; text-style: bold; }
        & > .plan-preview--h5 { color: $foreground; text-style: bold italic; }
        & > .plan-preview--code { color: $text-warning; background: $boost; }
        & > .plan-preview--bullet { color: $text-primary; text-style: bold; }
        & > .plan-preview--table { color: $text-secondary; }
        & > .plan-preview--quote { color: $text-muted; }
        & > .plan-preview--link { color: $text-accent; text-style: underline; }
    }
    """

    def __init__(
        self,
        markdown_text: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._text: str | None = None
        self._sections: list[Section] = []
        """The document's sections; only the head's until ``_parsed``."""
        self._parsed = False
        """True once ``_sections`` come from the whole document."""
        self._lines: list[Strip] = []
        """The rendered document so far, one strip per line."""
        self._offsets: list[int] = []
        """First line of each rendered section in ``_lines``."""
        self._width = 0
        """The width ``_lines`` are rendered at (0: start again)."""
        self._cache: dict[tuple[str, int], list[Strip]] = {}
        """Rendered lines by (section source, width): edits re-render one section."""
        self._rest_scheduled = False
        self._parse_scheduled = False
        self._pending_jump: int | None = None
        self._prepared_width = 0
        """The width ``prepare`` renders at, while the preview is hidden."""
        self.show(markdown_text)

    @dataclass
    class SectionsChanged(Message):
        """The whole document is parsed: ``sections()`` lists every heading now."""

        preview: PlanPreview

        @property
        def control(self) -> PlanPreview:
            return self.preview

    def on_mount(self) -> None:
        super().on_mount()
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    # --- public API ---

    def show(self, markdown_text: str) -> None:
        """Show ``markdown_text``; a no-op if it is what is already shown.

        Parsing and rendering wait for the next paint: it parses and renders
        the first screen first, the rest after it, and reuses the rendered
        lines of every section whose text did not change.
        """
        if markdown_text == self._text:
            return
        self._text = markdown_text
        self._sections, self._parsed = [], False
        self._restart()

    def sections(self) -> list[tuple[int, str]]:
        """(level, heading text) of each ``##`` and ``###`` heading, in order."""
        self.ensure_parsed()
        return [(section.level, section.title) for section in self._listed()]

    def jump_to(self, heading_index: int) -> None:
        """Scroll so heading ``heading_index`` of ``sections()`` is at the top.

        Near the end of the document the heading may sit lower: the view
        cannot scroll past the last line. Before the widget has a size, the
        jump waits for it.
        """
        if not 0 <= heading_index < len(self.sections()):
            raise IndexError(f"No heading {heading_index} in the preview.")
        if self._content_width <= 0:
            self._pending_jump = heading_index
            return
        line = self.heading_line(heading_index)
        self._render_upto(line_count=line + self.scrollable_content_region.height)
        self.scroll_to(y=line, animate=False)

    def heading_line(self, heading_index: int) -> int:
        """The document line where heading ``heading_index`` starts."""
        self.ensure_parsed()
        section_index = self._sections.index(self._listed()[heading_index])
        self._render_upto(section_count=section_index + 1)
        return self._offsets[section_index]

    def ensure_parsed(self) -> None:
        """Parse the whole document now if only its head is parsed yet.

        For whatever needs the whole document before the background parse
        has run: a jump, ``end``, the list of sections.
        """
        if not self._parsed:
            self._parse_all()

    def prepare(self, width: int) -> None:
        """Parse the whole document and render it at content ``width`` before it is shown.

        A pane built ahead is hidden, so it has no width, and the preview
        would parse and render everything on the move that shows it (the
        Review step was the slowest to move to). The lines go into the
        section cache, a slice of ``RENDER_SLICE`` per refresh; showing the
        document at that width then only joins them.
        """
        if width <= 0 or self._content_width > 0:
            return  # on screen, it renders itself
        self._prepared_width = width
        self.ensure_parsed()
        self._prepare_some()

    def _prepare_some(self) -> None:
        width = self._prepared_width
        if self._content_width > 0 or not width:
            return  # shown meanwhile: the cache has what was done
        deadline = time.perf_counter() + RENDER_SLICE
        console = self.app.console
        with console.use_theme(self._markdown_theme()):
            for section in self._sections:
                if (section.source, width) in self._cache:
                    continue
                if time.perf_counter() > deadline:
                    self.call_after_refresh(self._prepare_some)
                    return
                self._section_lines(console, section, width)

    @property
    def prepared(self) -> bool:
        """True once ``prepare`` has rendered every section at its width."""
        width = self._prepared_width
        return bool(width) and self._parsed and all((section.source, width) in self._cache for section in self._sections)

    @property
    def fully_rendered(self) -> bool:
        """True once every section is rendered at the current width."""
        return self._parsed and self._width > 0 and len(self._offsets) == len(self._sections)

    def action_scroll_end(self) -> None:
        """End goes to the real end, even while the rest is still rendering."""
        self.ensure_parsed()
        self._render_upto(section_count=len(self._sections))
        super().action_scroll_end()

    # --- rendering ---

    def _listed(self) -> list[Section]:
        return [section for section in self._sections if section.level]

    @property
    def _content_width(self) -> int:
        return self.scrollable_content_region.width

    def _restart(self) -> None:
        """Forget the rendered lines (new text, width or colours)."""
        self._lines, self._offsets, self._width = [], [], 0
        self.refresh()

    def _parse_head(self, line_count: int) -> None:
        """Parse just enough of the top of the document to fill the screen.

        A short document is parsed whole at once.
        """
        text = self._text or ""
        needed = max(line_count, round(self.scroll_y) + self.size.height) + HEAD_MARGIN
        head = head_of(text, needed)
        if head is None:
            self._parse_all()
        else:
            self._sections = split_sections(head)

    def _parse_all(self) -> None:
        """Parse the whole document and start its lines again from the cache.

        The head's sections are in the cache under the same source text, so
        the lines already on screen are not rendered twice.
        """
        self._sections, self._parsed = split_sections(self._text or ""), True
        sources = {section.source for section in self._sections}
        self._cache = {key: lines for key, lines in self._cache.items() if key[0] in sources}
        self._lines, self._offsets = [], []
        self.refresh()
        self.post_message(self.SectionsChanged(self))

    def _parse_after_paint(self) -> None:
        """The whole parse, once the head's first screen is painted."""
        self._parse_scheduled = False
        self.ensure_parsed()

    def _render_upto(self, section_count: int = 0, line_count: int = 0) -> None:
        """Render sections in order until both counts are reached.

        The first call parses only the head. The rest of the document is
        parsed and rendered after the current screen is painted, so the
        first screen never waits for it.
        """
        width = self._content_width
        if width <= 0:
            return
        if width != self._width:
            self._restart()
            self._width = width
        if not self._parsed and not self._sections:
            self._parse_head(line_count)
        console = self.app.console
        with console.use_theme(self._markdown_theme()):
            while len(self._offsets) < len(self._sections) and (
                len(self._offsets) < section_count or len(self._lines) < line_count
            ):
                self._render_next(console)
        if self.virtual_size.height != len(self._lines):
            self.virtual_size = Size(width, len(self._lines))
        self._schedule_rest()

    def _render_next(self, console: Console) -> None:
        """Append the next section's lines, a blank line before all but the first."""
        section = self._sections[len(self._offsets)]
        if self._lines:
            self._lines.append(Strip.blank(self._width))
        self._offsets.append(len(self._lines))
        self._lines += self._section_lines(console, section, self._width)

    def _section_lines(self, console: Console, section: Section, width: int) -> list[Strip]:
        """A section's lines at ``width``, from the cache or rendered into it."""
        key = (section.source, width)
        if key not in self._cache:
            self._cache[key] = [Strip(line, width) for line in render_section(console, section, width)]
        return self._cache[key]

    def _render_rest(self) -> None:
        """Render more sections for a few milliseconds, between two paints.

        Running after a refresh, with a time budget, keeps the first screen
        and key presses from waiting for the end of a long document.
        """
        deadline = time.perf_counter() + RENDER_SLICE
        while len(self._offsets) < len(self._sections) and time.perf_counter() < deadline:
            self._render_upto(section_count=len(self._offsets) + 1)
        self._rest_scheduled = False
        self._schedule_rest()

    def _schedule_rest(self) -> None:
        """Ask for the whole parse, or more background rendering, after the next paint."""
        if not self._parsed:
            if not self._parse_scheduled:
                self._parse_scheduled = True
                self.call_after_refresh(self._parse_after_paint)
        elif len(self._offsets) < len(self._sections) and not self._rest_scheduled:
            self._rest_scheduled = True
            self.call_after_refresh(self._render_rest)

    def _markdown_theme(self) -> Theme:
        """Rich's Markdown styles, taken from this widget's component classes."""

        def style(name: str) -> Style:
            return self.get_component_rich_style(f"plan-preview--{name}", partial=True)

        return Theme(
            {
                "markdown.h1": style("h1"),
                "markdown.h1.border": style("h1"),
                "markdown.h2": style("h2"),
                "markdown.h3": style("h3"),
                "markdown.h4": style("h4"),
                "markdown.h5": style("h5"),
                "markdown.h6": style("h5"),
                "markdown.code": style("code"),
                "markdown.code_block": style("code"),
                "markdown.item.bullet": style("bullet"),
                "markdown.item.number": style("bullet"),
                "markdown.table.border": style("table"),
                "markdown.table.header": style("table"),
                "markdown.block_quote": style("quote"),
                "markdown.link": style("link"),
                "markdown.link_url": style("link"),
                "markdown.hr": style("table"),
            }
        )

    def _theme_changed(self, _theme: TextualTheme) -> None:
        """Colours changed: render again with the new styles."""
        self._cache.clear()
        self._restart()

    def on_resize(self) -> None:
        self._render_upto(line_count=round(self.scroll_y) + self.size.height)
        if self._pending_jump is not None:
            index, self._pending_jump = self._pending_jump, None
            if index < len(self.sections()):
                self.jump_to(index)

    def render_line(self, y: int) -> Strip:
        """One screen line: the document line at the scroll position."""
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        self._render_upto(line_count=index + 1)
        width = self._content_width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index].apply_style(base)
        return line.crop_extend(scroll_x, scroll_x + width, base)


class PreviewScreen(Screen[None]):
    """The whole plan as the exported Markdown, with a list to jump to a part.

    | Key(s) | Description |
    | :- | :- |
    | escape | Back to where you came from. |
    | j / g | Go to the jump list; enter jumps to the section. |
    | e | Export the plan (the app decides where). |
    | c | Switch between the internal and the customer edition (when given ``render``). |
    | home / end / pageup / pagedown | Scroll the preview (when it has focus). |
    """

    CSS_PATH = Path(styles.__file__).parent / "preview.tcss"
    AUTO_FOCUS = "PlanPreview"

    BINDINGS = [
        Binding("escape", "back", "Back", id="preview.back"),
        Binding("j", "jump_list", "Jump to", id="preview.jump"),
        Binding("g", "jump_list", "Jump to", show=False, id="preview.jump_g"),
        Binding("e", "export", "Export", id="preview.export"),
        Binding(
            "c", "toggle_edition", "Edition", tooltip="Show the customer edition, or the internal one again",
            id="preview.edition",
        ),
    ]
    """Scrolling keys (home, end, pageup, pagedown, arrows) are PlanPreview's own."""

    @dataclass
    class ExportRequested(Message):
        """The user pressed ``e``: the app should export this Markdown."""

        markdown_text: str

    def __init__(self, markdown_text: str, title: str, render: Callable[[str], str] | None = None) -> None:
        super().__init__()
        self.markdown_text = markdown_text
        self.plan_title = title
        self._jump_list_filled = False
        self.render_edition = render
        """The document for an audience ("internal" or "customer"); None: one edition only."""
        self.audience = "internal"

    def compose(self) -> ComposeResult:
        jump_list = OptionList(id="preview-jump")
        jump_list.border_title = "Sections"
        yield Static(Content(self.plan_title), id="preview-title")
        with Horizontal(id="preview-body"):
            yield jump_list
            yield PlanPreview(self.markdown_text, id="preview-doc")
        yield FitFooter()

    def on_plan_preview_sections_changed(self, event: PlanPreview.SectionsChanged) -> None:
        """The whole document is parsed (after the first paint): list its sections."""
        event.stop()
        self._fill_jump_list()

    def _fill_jump_list(self) -> None:
        """Put the document's sections in the jump list, once."""
        if self._jump_list_filled:
            return
        self._jump_list_filled = True
        jump_list = self.query_one(OptionList)
        jump_list.set_options(
            Option(Content("  " * (level - 2) + title))
            for level, title in self.query_one(PlanPreview).sections()
        )
        jump_list.action_first()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a section: jump there and go back to reading."""
        event.stop()
        preview = self.query_one(PlanPreview)
        preview.jump_to(event.option_index)
        preview.focus()

    def on_option_list_option_highlighted(
        self, event: OptionList.OptionHighlighted
    ) -> None:
        """Moving through the list follows along in the preview."""
        event.stop()
        if event.option_list.has_focus:
            self.query_one(PlanPreview).jump_to(event.option_index)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_jump_list(self) -> None:
        """Go to the jump list, filled now if the background parse has not run yet."""
        self._fill_jump_list()
        self.query_one(OptionList).focus()

    def action_export(self) -> None:
        self.post_message(self.ExportRequested(self.markdown_text))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """c only where there is a second edition to show."""
        return self.render_edition is not None if action == "toggle_edition" else True

    def action_toggle_edition(self) -> None:
        """c: the customer edition (only the items shared with the customer), or the internal one again."""
        if self.render_edition is None:
            return
        self.audience = "customer" if self.audience == "internal" else "internal"
        self.markdown_text = self.render_edition(self.audience)
        title = self.plan_title + (" (customer edition)" if self.audience == "customer" else "")
        self.query_one("#preview-title", Static).update(Content(title))
        self._jump_list_filled = False  # filled again once the new document is parsed
        self.query_one(PlanPreview).show(self.markdown_text)
        self.notify(f"The {self.audience} edition (c switches back).", markup=False)
