"""Property tests: no text in any field changes the exported document's structure.

For arbitrary text in every text field of a plan, each edition (the internal
plan, the customer plan, the review pack, the portable flavor) must parse to
the same structure as the same edition of the plan with a plain placeholder in
each field, and each placeholder's position must hold exactly the text typed (with the documented
line-break and control-character rules of acct_tui.markdown). Checked with two
independent parsers: markdown-it-py (tokens) and cmark-gfm (HTML).

The text arrives the way a stranger's plan does: written into a store file
as it is, control characters included, and opened, so a field holding one is
shown with its visible symbol (``acct_tui.text.repair_strings``). The same
text given to ``import`` is refused naming the field, or taken whole.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date
from html.parser import HTMLParser
from typing import Any
from unittest.mock import patch

import cmarkgfm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from acct_tui import coach, review
from acct_tui.markdown import AUDIENCES, escape_inline, render_plan_markdown
from acct_tui.model import SHORT_MAX, Plan
from acct_tui.plan_json import PlanDataError, import_plan_json, plan_from_dict, plan_to_dict
from acct_tui.text import first_unsafe, repair_strings, visible
from plan_fields import FIELDS, MULTI_LINE_FIELDS, PLACEHOLDER, build_plan, placeholder

EDITIONS = (*AUDIENCES, "review", "portable")
"""The plan's two audiences (gfm), the review pack, and the internal plan in the portable flavor."""

def fake_findings(plan: Plan, today: date | None = None) -> list[coach.Finding]:
    """Coach findings that quote user text, independent of the real coach's rules."""
    return [
        coach.Finding("fake", f"Goal “{plan.goals[0].title}” needs work", "goals"),
        coach.Finding("fake", plan.stakeholders[1].name, "relationships"),
    ]


def render(plan: Plan, edition: str) -> str:
    with (
        patch.object(coach, "check_plan", fake_findings),
        patch.object(coach, "health_score", lambda plan, today=None: 42),
        patch.object(review, "check_plan", fake_findings),
        patch.object(review, "health_score", lambda plan, today=None: 42),
    ):
        if edition == "review":
            return review.render_review_pack(plan, today=date(2026, 3, 1))
        if edition == "portable":
            return render_plan_markdown(plan, today=date(2026, 3, 1), flavor="portable")
        return render_plan_markdown(plan, audience=edition, today=date(2026, 3, 1))


def plan_file_data(texts_by_field: dict[str, str]) -> dict[str, Any]:
    """The plan as a file holds it, with each field's text exactly as drawn (controls too)."""

    def fill(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        if isinstance(value, str) and PLACEHOLDER.fullmatch(value):
            return texts_by_field[FIELDS[int(value[2:-2])]]
        return value

    return fill(plan_to_dict(build_plan(lambda name: placeholder(FIELDS.index(name)))))


def opened_plan(texts_by_field: dict[str, str]) -> Plan:
    """The plan as the app and the CLI see it once the store file holding it is opened."""
    data, _ = repair_strings(plan_file_data(texts_by_field))
    return plan_from_dict(data)


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
    "<", "]", "[", "\ufffd", "\U0010ffff", "\x1b]52;c;cm0gLXJmIH4K\x07", "\x1b]0;T\x1b\\",
    "\x9b31m", "\x9d8;;http://x\x9c", "\x7f", "\x07", "\x08", "\ud800", "\udfff", "\u2400",
)

pieces = st.one_of(st.sampled_from(NASTY), st.text(max_size=6))
nasty_text = st.lists(pieces, max_size=8).map("".join)


def fit(value: str, multiline: bool) -> str:
    """Make drawn text fit the field's shape (one line, not blank) without losing its nastiness.

    Control characters stay: opening the file shows them as symbols, and
    import refuses them; both are what is tested.
    """
    if not multiline:
        value = value.replace("\r", " ").replace("\n", " ")[:SHORT_MAX - 1]
    return value if visible(value).strip() else value + "x"


def no_surrogates(value: str) -> str:
    """Text a plan can hold at all (a lone surrogate never reaches the Markdown)."""
    return re.sub("[\ud800-\udfff]", "\ufffd", value)


field_texts = st.fixed_dictionaries(
    {name: nasty_text.map(lambda v, m=name in MULTI_LINE_FIELDS: fit(v, m)) for name in FIELDS}
)

PROPERTY_SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""As many examples as the Hypothesis profile says (conftest: 100 in the suite, 1,000 with
``--hypothesis-profile=thorough``). Each example fills all of the plan's fields with pieces of
NASTY or random text, so 100 examples put each piece in every field's context over and over."""


@functools.cache
def template_view(view, edition: str) -> tuple[list[tuple], list[str]]:
    """The placeholder plan's shape and texts as ``view`` parses ``edition``.

    The same for every example, so worked out once per run, not per example.
    """
    template_plan = build_plan(lambda name: placeholder(FIELDS.index(name)))
    return view(render(template_plan, edition))


def check_same_structure(view, texts_by_field: dict[str, str]) -> None:
    values = [visible(texts_by_field[name]) for name in FIELDS]
    plan = opened_plan(texts_by_field)
    for edition in EDITIONS:
        template_shape, template_texts = template_view(view, edition)
        shape, texts = view(render(plan, edition))
        assert shape == template_shape, edition
        assert texts == [substitute(text, values) for text in template_texts], edition


@PROPERTY_SETTINGS
@given(field_texts)
def test_any_text_keeps_the_markdown_it_structure_and_comes_back_intact(texts: dict[str, str]) -> None:
    check_same_structure(markdown_it_view, texts)


@PROPERTY_SETTINGS
@given(field_texts)
def test_any_text_keeps_the_cmark_gfm_structure_and_comes_back_intact(texts: dict[str, str]) -> None:
    check_same_structure(cmark_view, texts)


@PROPERTY_SETTINGS
@given(field_texts)
def test_import_takes_any_text_whole_or_refuses_it_naming_the_field(texts: dict[str, str]) -> None:
    """Never a traceback: a plan is imported as written, or refused with the field and character."""
    document = json.dumps({"format": "acct-tui-plan", "version": 1, "plan": plan_file_data(texts)})
    unsafe = {name: first_unsafe(text) for name, text in texts.items() if first_unsafe(text)}
    try:
        plan = import_plan_json(document)
    except PlanDataError as error:
        message = str(error)
        assert unsafe, message
        assert message.startswith("plan") and "holds a" in message and "; remove it." in message
        assert first_unsafe(message) is None, "the message itself must be safe to print"
    else:
        assert not unsafe
        assert plan == opened_plan(texts)


@settings(max_examples=300, deadline=None)
@given(nasty_text.map(lambda value: fit(value, multiline=True)).map(no_surrogates))
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


# --- the diff ("what changed") -------------------------------------------------------


def diff_findings(plan: Plan, today: date | None = None) -> list[coach.Finding]:
    """One finding per version, quoting its name, so one is "fixed" and the other "new"."""
    return [coach.Finding(f"fake-{plan.name}", f"Account “{plan.name}” needs work", "facts")]


def render_diff(before: Plan, after: Plan) -> str:
    from acct_tui.diff import diff_markdown, plan_diff

    with (
        patch.object(coach, "check_plan", diff_findings),
        patch.object(coach, "health_score", lambda plan, today=None: 42),
    ):
        return diff_markdown(plan_diff(before, after, date(2026, 3, 1), before_when="review 2026-02-01"))


def differing(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """``after`` with each field made to differ from ``before`` once opened (so every field changed)."""
    return {name: text if visible(text) != visible(before[name]) else text + "~" for name, text in after.items()}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field_texts, field_texts)
def test_any_text_keeps_the_diff_structure_and_comes_back_intact(before: dict[str, str], after: dict[str, str]) -> None:
    """Every field edited from one text to another: the diff's page has the placeholders' shape."""
    after = differing(before, after)
    count = len(FIELDS)
    template = render_diff(
        build_plan(lambda name: placeholder(FIELDS.index(name))),
        build_plan(lambda name: placeholder(count + FIELDS.index(name))),
    )
    values = [visible(before[name]) for name in FIELDS] + [visible(after[name]) for name in FIELDS]
    markdown = render_diff(opened_plan(before), opened_plan(after))
    for view in (cmark_view, markdown_it_view):
        template_shape, template_texts = view(template)
        shape, texts = view(markdown)
        assert shape == template_shape
        assert texts == [substitute(text, values) for text in template_texts]
