"""Property tests: no text in any field changes the exported document's structure.

For arbitrary text in every text field of a plan, the export must parse to the
same structure as the export of the same plan with a plain placeholder in each
field, and each placeholder's position must hold exactly the text typed (with
the documented line-break and control-character rules of acct_tui.markdown).
Checked with two independent parsers: markdown-it-py (tokens) and cmark-gfm
(HTML).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from typing import Callable
from unittest.mock import patch

import cmarkgfm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from acct_tui import coach
from acct_tui.markdown import AUDIENCES, escape_inline, render_plan_markdown
from acct_tui.model import (
    ANALYSIS_KEYS,
    SHORT_MAX,
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    SellingTool,
    Stakeholder,
    Strategy,
    Tactic,
    Vision,
)

ONE_LINE_FIELDS = (
    "name",
    "industry",
    "owner",
    "goal.title",
    "goal.measure",
    "strategy.title",
    "initiative.title",
    "open.action",
    "open.owner",
    "done.action",
    "done.owner",
    "dropped.action",
    "dropped.owner",
    "champion.name",
    "champion.title",
    "champion.owner",
    "detractor.name",
    "detractor.title",
    "detractor.owner",
    "meeting.name",
    "meeting.frequency",
    "meeting.attendees",
    "meeting.purpose",
    "metric.name",
    "metric.unit",
    "tool.name",
)
MULTI_LINE_FIELDS = (
    *(f"analysis.{key}" for key in ANALYSIS_KEYS),
    "vision.statement",
    "vision.why",
    "champion.notes",
    "detractor.notes",
    "tool.purpose",
)
FIELDS = ONE_LINE_FIELDS + MULTI_LINE_FIELDS


def build_plan(text: Callable[[str], str]) -> Plan:
    """A plan with every section filled and every link set; ``text(field)`` fills the text."""
    tactics = (
        Tactic(text("open.action"), text("open.owner"), date(2027, 1, 31), "doing", "p1", id="t1"),
        Tactic(text("done.action"), text("done.owner"), date(2026, 5, 1), "done", id="t2"),
        Tactic(text("dropped.action"), text("dropped.owner"), None, "dropped", "p2", id="t3"),
    )
    strategy = Strategy(
        text("strategy.title"),
        (Initiative(text("initiative.title"), tactics, id="i1"),),
        ("inside", "market"),
        id="s1",
    )
    goal = Goal(text("goal.title"), text("goal.measure"), date(2027, 3, 31), (strategy,), id="g1")
    people = (
        Stakeholder(
            text("champion.name"), text("champion.title"), "decision maker", "high",
            "champion", text("champion.owner"), date(2026, 2, 1), text("champion.notes"), id="p1",
        ),
        Stakeholder(
            text("detractor.name"), text("detractor.title"), "gatekeeper", "medium",
            "detractor", text("detractor.owner"), None, text("detractor.notes"), "t1", id="p2",
        ),
    )
    return Plan(
        name=text("name"),
        industry=text("industry"),
        owner=text("owner"),
        start=date(2026, 1, 1),
        review=date(2026, 6, 30),
        analysis={key: text(f"analysis.{key}") for key in ANALYSIS_KEYS},
        vision=Vision(text("vision.statement"), text("vision.why")),
        goals=(goal,),
        stakeholders=people,
        meetings=(
            Meeting(
                text("meeting.name"), text("meeting.frequency"), text("meeting.attendees"),
                text("meeting.purpose"), date(2026, 4, 1), id="m1",
            ),
        ),
        metrics=(Metric(text("metric.name"), 1.0, 12.5, None, text("metric.unit"), "g1", id="k1"),),
        tools=(SellingTool(text("tool.name"), text("tool.purpose"), id="x1"),),
        updated=datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc),
        id="plan1",
    )


def placeholder(index: int) -> str:
    return f"QZ{index}ZQ"


PLACEHOLDER = re.compile(r"QZ(\d+)ZQ")


def fake_findings(plan: Plan, today: date | None = None) -> list[coach.Finding]:
    """Coach findings that quote user text, independent of the real coach's rules."""
    return [
        coach.Finding("fake", f"Goal “{plan.goals[0].title}” needs work", "goals"),
        coach.Finding("fake", plan.stakeholders[1].name, "relationships"),
    ]


def render(plan: Plan, audience: str) -> str:
    with (
        patch.object(coach, "check_plan", fake_findings),
        patch.object(coach, "health_score", lambda plan, today=None: 42),
    ):
        return render_plan_markdown(plan, audience=audience, today=date(2026, 3, 1))


def expected_inline(value: str) -> str:
    """What a parser gives back for ``escape_inline(value)``: controls read as U+FFFD."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "\ufffd", value)


def expected_text(value: str) -> str:
    """What a parser gives back for a plan field: line breaks also normalised to \\n."""
    return expected_inline(value).replace("\r\n", "\n").replace("\r", "\n")


def substitute(template: str, values: list[str], expect=expected_text) -> str:
    """``template`` with each placeholder replaced by the text expected for its value."""
    return PLACEHOLDER.sub(lambda m: expect(values[int(m.group(1))]), template)


# --- the two parsers, reduced to (structure, texts) ---------------------------

MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")
_TEXTISH = {"text", "hardbreak", "softbreak"}


def markdown_it_view(markdown: str) -> tuple[list[tuple], list[str]]:
    """Block and inline token structure (text runs folded) and each inline token's text."""
    shape: list[tuple] = []
    texts: list[str] = []
    for token in MD.parse(markdown):
        if token.type != "inline":
            attrs = tuple(sorted((k, str(v)) for k, v in token.attrs.items()))
            shape.append((token.type, token.tag, token.nesting, token.level, token.markup, attrs))
            continue
        kinds: list[str] = []
        for child in token.children or []:
            kind = "text" if child.type in _TEXTISH else child.type
            if not (kinds and kinds[-1] == kind == "text"):
                kinds.append(kind)
        shape.append(("inline", tuple(kinds)))
        texts.append(
            "".join(
                child.content if child.type == "text" else "\n" if child.type in _TEXTISH else ""
                for child in token.children or []
            )
        )
    return shape, texts


class _HtmlView(HTMLParser):
    """HTML as a list of tags and text runs; <br /> counts as a line break in the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []
        self._after_br = False

    def _text(self, data: str) -> None:
        if self.items and self.items[-1][0] == "text":
            self.items[-1] = ("text", self.items[-1][1] + data)
        else:
            self.items.append(("text", data))

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "br":
            self._text("\n")
            self._after_br = True
            return
        self.items.append(("start", tag, tuple(attrs)))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self.items.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self._after_br and data.startswith("\n"):
            data = data[1:]  # cmark writes "<br />\n"
        self._after_br = False
        if data:
            self._text(data)

    def handle_comment(self, data: str) -> None:
        self.items.append(("comment", data))


def cmark_view(markdown: str) -> tuple[list[tuple], list[str]]:
    html = cmarkgfm.markdown_to_html_with_extensions(
        markdown, extensions=["table", "strikethrough", "tasklist", "tagfilter"]
    )
    parser = _HtmlView()
    parser.feed(html)
    parser.close()
    shape = [("text",) if item[0] == "text" else item for item in parser.items]
    texts = [item[1] for item in parser.items if item[0] == "text"]
    return shape, texts


# --- text strategies -------------------------------------------------------------

NASTY = (
    "# Win", "#", " #", "## ", "- ", "-", "* ", "+ ", "1. ", "1) ", "2024.", "|", "\\|", "[x](y)",
    "![a](b)", "[ ]", "[x] ", "[a]: /u", "<b>", "</b>", "<http://x>", "<!-- c -->", "`", "```",
    "~~~", "~", "~~", "_", "__", "*", "**", "===", "---", "***", "> ", ">", "&amp;", "&#32;",
    "&#x41;", "&", "&copy", "\\", "\\\n", "  ", "   ", "    code", "\t", "\u00a0", "\u2028",
    "\u3000", "\x00", "\x1b[31m", "\x85", "\x0c", "\x0b", "\x1f", "\ufeff", "\u200b", "\u202e",
    "😀", "👩‍👩‍👧", "שלום", "مرحبا", "www.example.com", "https://x.y/z", "a@b.co", "\r\n",
    "\r", "\n", "\n\n", ":--", "|---|", "{}", "$x$", "(", ")", ":", "!", "\"", "'", "=",
    "<", "]", "[", "\ufffd", "\U0010ffff",
)

pieces = st.one_of(st.sampled_from(NASTY), st.text(max_size=6))
nasty_text = st.lists(pieces, max_size=8).map("".join)


def fit(value: str, multiline: bool) -> str:
    """Make drawn text acceptable to the model without losing its nastiness."""
    if not multiline:
        value = value.replace("\r", " ").replace("\n", " ")[:SHORT_MAX - 1]
    return value if value.strip() else value + "x"


field_texts = st.fixed_dictionaries(
    {name: nasty_text.map(lambda v, m=name in MULTI_LINE_FIELDS: fit(v, m)) for name in FIELDS}
)

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def check_same_structure(view, texts_by_field: dict[str, str]) -> None:
    values = [texts_by_field[name] for name in FIELDS]
    template_plan = build_plan(lambda name: placeholder(FIELDS.index(name)))
    plan = build_plan(lambda name: texts_by_field[name])
    for audience in AUDIENCES:
        template_shape, template_texts = view(render(template_plan, audience))
        shape, texts = view(render(plan, audience))
        assert shape == template_shape, audience
        assert texts == [substitute(text, values) for text in template_texts], audience


@PROPERTY_SETTINGS
@given(field_texts)
def test_any_text_keeps_the_markdown_it_structure_and_comes_back_intact(texts: dict[str, str]) -> None:
    check_same_structure(markdown_it_view, texts)


@PROPERTY_SETTINGS
@given(field_texts)
def test_any_text_keeps_the_cmark_gfm_structure_and_comes_back_intact(texts: dict[str, str]) -> None:
    check_same_structure(cmark_view, texts)


@settings(max_examples=300, deadline=None)
@given(nasty_text.map(lambda value: fit(value, multiline=True)))
def test_escape_inline_is_literal_in_every_context(value: str) -> None:
    """One field in each kind of place the export puts text (line breaks read as spaces)."""
    contexts = (
        "{}\n",
        "- {}\n",
        "- [ ] {} — x\n",
        "- **{}:** x\n",
        "### Goal 1: {}\n",
        "| a | b |\n| --- | --- |\n| {} | x |\n",
    )
    for context in contexts:
        for view in (markdown_it_view, cmark_view):
            shape, texts = view(context.format(escape_inline(value)))
            template_shape, template_texts = view(context.format(placeholder(0)))
            assert shape == template_shape, context
            expected = [substitute(text, [value], expected_inline) for text in template_texts]
            assert texts == expected, context
