"""Steps that are a few text fields on the plan itself: facts, analysis, vision, risks and asks.

Each field saves as you type (the app writes after a short pause). A value
the model refuses stays on screen with the reason beside it and is not saved;
on quit the app asks before leaving it behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static, TextArea

from acct_tui.model import (
    ANALYSIS_QUESTIONS,
    Plan,
    Stakeholder,
    ValidationError,
    Vision,
    check_text,
    parse_date,
)
from acct_tui.fields import account_name_problem
from screens.messages import PlanEdited
from screens.steps.base import StepPane
from screens.text_fields import SafeInput, SafeTextArea


@dataclass(frozen=True)
class InlineField:
    """A field on the plan: how to show it and how to put typed text back."""

    key: str
    label: str
    hint: str
    read: Callable[[Plan], str]
    write: Callable[[Plan, str], Plan]
    """Return the plan with the text applied; raise ValidationError if refused."""
    long: bool = False
    placeholder: str = ""


def _date_text(value) -> str:
    return value.isoformat() if value else ""


def _fact(name: str, label: str, hint: str, placeholder: str = "", is_date: bool = False) -> InlineField:
    def write(plan: Plan, text: str) -> Plan:
        value: date | str | None
        if is_date:
            value = parse_date(label, text)
        else:
            value = check_text(label, text.strip() if name == "name" else text, required=name == "name")
        return replace(plan, **{name: value})  # type: ignore[arg-type]  # the field's own type, by name

    read = (lambda plan: _date_text(getattr(plan, name))) if is_date else (lambda plan: getattr(plan, name))
    return InlineField(name, label, hint, read, write, placeholder=placeholder)


FACTS = (
    _fact("name", "Account name", "The customer, as your team calls it.", "e.g. Northwind Health"),
    _fact("industry", "Industry", "Their industry shapes the market questions in the analysis.", "e.g. Healthcare"),
    _fact("owner", "Plan owner", "The account manager who owns this plan.", "e.g. Dana Ruiz"),
    _fact("start", "Start date", "When this plan starts (YYYY-MM-DD).", "e.g. 2027-01-01", is_date=True),
    _fact("review", "Review date", "When you will next review it with your leader.", "e.g. 2027-03-31", is_date=True),
)

ANALYSIS_HINTS = {
    "inside": "Reorganisations, new leaders, budgets, projects, pain points. What changed this year?",
    "heading": "Their strategy and priorities for the next two or three years. Where will they spend?",
    "influencers": "Who decides, who shapes the decision, who can block it. Name the people.",
    "market": "What is changing in their market: regulation, customers, technology, economics.",
    "competition": "Their competitors, and ours in this account: who is gaining, who is losing, why.",
}


def _answer(key: str, question: str) -> InlineField:
    def write(plan: Plan, text: str) -> Plan:
        check_text(question, text, multiline=True)
        return replace(plan, analysis={**plan.analysis, key: text})

    return InlineField(key, question, ANALYSIS_HINTS[key], lambda plan: plan.answer(key), write, long=True)


ANALYSIS = tuple(_answer(key, question) for key, question in ANALYSIS_QUESTIONS)

VISION = (
    InlineField(
        "statement",
        "Vision: where should the account be in a few years?",
        "One or two sentences the customer would sign up to.",
        lambda plan: plan.vision.statement,
        lambda plan, text: replace(plan, vision=Vision(text, plan.vision.why)),
        long=True,
    ),
    InlineField(
        "why",
        "Why does it matter, to them and to you?",
        "The reason that makes the vision worth the effort.",
        lambda plan: plan.vision.why,
        lambda plan, text: replace(plan, vision=Vision(plan.vision.statement, text)),
        long=True,
    ),
)


def _plan_text(name: str, label: str) -> Callable[[Plan, str], Plan]:
    """Write multi-line text to the plan's ``name`` field (refused with the field's label if invalid)."""

    def write(plan: Plan, text: str) -> Plan:
        check_text(label, text, multiline=True)
        return replace(plan, **{name: text})  # type: ignore[arg-type]  # a str field, by name

    return write


RISKS_AND_ASKS = (
    InlineField(
        "risks",
        "Risks: what could stop this plan?",
        "People, budgets, competitors, dates. The summary adds the ones the plan shows.",
        lambda plan: plan.risks,
        _plan_text("risks", "Risks"),
        long=True,
    ),
    InlineField(
        "asks",
        "Asks: what do you need from leadership?",
        "People, budget, an executive at a meeting, a decision. Be specific.",
        lambda plan: plan.asks,
        _plan_text("asks", "Asks"),
        long=True,
    ),
)


class InlineFieldsPane(StepPane):
    """A column of labelled fields, each saved as you type."""

    FIELDS: tuple[InlineField, ...] = ()

    def __init__(self, plan_id: str) -> None:
        super().__init__(plan_id)
        self._refused: set[str] = set()
        """Keys of the fields showing an error: their text is not saved."""

    def compose(self) -> ComposeResult:
        plan = self.plan
        with VerticalScroll(classes="inline-fields"):
            for spec in self.FIELDS:
                yield Label(spec.label, classes="field-label", markup=False)
                yield Static(spec.hint, classes="field-hint", markup=False)
                if spec.long:
                    yield SafeTextArea(spec.read(plan), id=f"inline-{spec.key}", classes="field-long", soft_wrap=True)
                else:
                    yield SafeInput(spec.read(plan), placeholder=spec.placeholder, id=f"inline-{spec.key}", compact=True)
                yield Label("", id=f"inline-error-{spec.key}", classes="field-error", markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._apply(event.input.id, event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._apply(event.text_area.id, event.text_area.text)

    def _apply(self, widget_id: str | None, text: str) -> None:
        key = (widget_id or "").removeprefix("inline-")
        spec = next((f for f in self.FIELDS if f.key == key), None)
        if spec is None:
            return
        if text == spec.read(self.plan):  # back to what is saved: nothing to write, nothing wrong
            if self.query_one(f"#inline-{key}").has_class("-invalid-field"):
                self._show_error(key, "")
                self.post_message(PlanEdited(self.plan_id))  # the title drops its warning now
            return
        try:
            self.check_more(key, text)
            plan = spec.write(self.plan, text)
        except ValidationError as error:
            self._show_error(key, error.message)
            self.post_message(PlanEdited(self.plan_id))  # the title says "not saved", now
            return
        self._show_error(key, "")
        self.save(plan, typing=True, field=key)

    def check_more(self, key: str, text: str) -> None:
        """Checks that need more than the plan itself; raise ValidationError."""

    def refresh_from_plan(self) -> None:
        """Show the plan's values (after an undo); a field already showing them is left alone."""
        plan = self.plan
        for spec in self.FIELDS:
            value = spec.read(plan)
            widget = self.query_one(f"#inline-{spec.key}")
            if isinstance(widget, TextArea) and widget.text != value:
                where = widget.cursor_location
                widget.load_text(value)
                widget.cursor_location = where  # clamped to the new text by the widget
            elif isinstance(widget, Input) and widget.value != value:
                widget.value = value
            self._show_error(spec.key, "")

    def _show_error(self, key: str, message: str) -> None:
        error = self.query_one(f"#inline-error-{key}", Label)
        if not message and not error.display:
            return  # no error before or now: a keystroke must not lay the screen out again
        error.update(message)
        error.display = bool(message)
        if message:
            self.call_after_refresh(error.scroll_visible, animate=False)
        self.query_one(f"#inline-{key}").set_class(bool(message), "-invalid-field")
        if message:
            self._refused.add(key)
        else:
            self._refused.discard(key)

    def invalid_fields(self) -> list[str]:
        """Labels of fields holding text the plan refused (not saved).

        Kept as the errors are shown: the step line asks on every save and step move.
        """
        return [spec.label for spec in self.FIELDS if spec.key in self._refused]

    def select_node(self, node_id: str) -> None:
        try:
            self.query_one(f"#inline-{node_id}").focus()
        except Exception:
            self.focus_first()


class FactsPane(InlineFieldsPane):
    step_key = "facts"
    FIELDS = FACTS

    def check_more(self, key: str, text: str) -> None:
        """Two accounts may not share a name (the CLI finds accounts by name)."""
        if key == "name":
            taken = {e.name.strip().casefold() for e in self.app.catalog() if e.id != self.plan_id}
            problem = account_name_problem(text, taken)
            if problem:
                raise ValidationError("Account name", problem)


class AnalysisPane(InlineFieldsPane):
    """The five questions; names under "key influencers" become stakeholders in one key."""

    step_key = "analysis"
    FIELDS = ANALYSIS
    BINDINGS = [
        Binding("ctrl+t", "add_stakeholder", "Add as stakeholder", id="add-influencer"),
    ]

    def action_add_stakeholder(self) -> None:
        """Add the selected text (or the name under the cursor) of the influencers answer as a stakeholder."""
        area = self.query_one("#inline-influencers", TextArea)
        row, column = area.cursor_location
        name = influencer_name(area.selected_text or area.document.get_line(row), 0 if area.selected_text else column)
        if self.app.focused is not area or not name:
            self.notify(
                "Put the cursor on a name in “Who are the key influencers?” (or select it), then press ctrl+t.",
                markup=False,
            )
            return
        try:
            person = Stakeholder(name=name[:300])
        except ValidationError as error:
            self.notify(error.message, severity="error", markup=False)
            return
        if any(s.name.casefold() == person.name.casefold() for s in self.plan.stakeholders):
            self.notify(f"{person.name} is already a stakeholder.", markup=False)
            return
        self.save(replace(self.plan, stakeholders=self.plan.stakeholders + (person,)))
        self.notify(f"Added {person.name} to Relationships: set their role and stance there.", markup=False)


ABBREVIATIONS = frozenset({
    "dr", "mr", "mrs", "ms", "mx", "prof", "sr", "jr", "st", "mt", "rev", "hon", "gen", "col", "capt", "lt",
    "sgt", "gov", "pres", "vp", "svp", "evp", "inc", "ltd", "co", "corp", "dept", "no", "vs", "etc",
})
"""Words a full stop follows without ending the sentence ("Dr. Amara Osei", "Acme Inc. buys")."""

_BREAK = re.compile(r"[;,•\n]|[.!?](?=\s|$)")
"""Where a clause may end: ; , bullets, line ends, and a full stop (or ! ?) before a space."""


def _ends_clause(text: str, match: re.Match[str]) -> bool:
    """Whether a break really ends a clause: a full stop after a title or an initial does not."""
    if match.group() != ".":
        return True
    word = re.search(r"[\w'’-]*$", text[: match.start()])
    before = word.group() if word else ""
    is_initial = len(before) == 1 and before.isalpha()  # "J. R. Ewing"
    return not (is_initial or before.casefold() in ABBREVIATIONS or "." in before)


def clause_at(text: str, column: int) -> str:
    """The clause of ``text`` around ``column``: cut at ; , bullets and sentence ends."""
    start = 0
    for match in _BREAK.finditer(text):
        if not _ends_clause(text, match):
            continue
        if match.start() >= column:
            return text[start : match.start()]
        start = match.end()
    return text[start:]


def influencer_name(text: str, column: int) -> str:
    """The name at ``column`` in a line like "Ann Lee (CFO) signs. Bo Ng (CIO) decides".

    The line is cut into clauses at ; , bullets and full stops that end a
    sentence ("Dr." and initials don't); in the clause under the cursor the
    name is what comes before a parenthesis. A clause of more than five words
    is not a name: "" (the user is asked to select the name).
    """
    clause = clause_at(text, column)
    if not clause.strip():  # the cursor just after a sentence's end: that sentence
        clause = clause_at(text, len(text[:column].rstrip(" \t.!?;,•")))
    name = clause.split("(")[0].strip().strip("-*•:. ").strip()
    name = re.sub(r"^(and|or)\s+", "", name, flags=re.IGNORECASE)
    return name if len(name.split()) <= 5 else ""


class VisionPane(InlineFieldsPane):
    step_key = "vision"
    FIELDS = VISION


class RisksPane(InlineFieldsPane):
    """The risks the account manager sees and the asks of leadership: internal, for the executive summary."""

    step_key = "risks"
    FIELDS = RISKS_AND_ASKS
