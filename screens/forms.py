"""The add/edit form for any item of the plan, built from acct_tui.fields.

Each field is checked as you type, with the model's own message beside it;
ctrl+s (or enter in a one-line field) saves only when every field is valid,
and escape asks before throwing typed text away.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Select, SelectionList, Static, TextArea

from acct_tui import links
from acct_tui.fields import FORMS, FieldSpec, check_form, field_text, noun, parse_field
from acct_tui.model import (
    ANALYSIS_QUESTIONS,
    Metric,
    Plan,
    Stakeholder,
    Tactic,
    ValidationError,
)
from acct_tui.orgchart import loop_problem
from acct_tui.plan_index import index
from screens.dialogs import ConfirmScreen
from screens.text_fields import SafeInput, SafeTextArea
from screens.fit_footer import FitFooter


def ref_options(
    plan: Plan, kind: type, spec: FieldSpec, record_id: str = ""
) -> list[tuple[Text, str]]:
    """The choices for a link field: the plan's stakeholders, tactics or goals."""
    links = index(plan)
    numbers = links.labels
    if kind is Tactic and spec.name == "stakeholder_id":
        return [(Text(f"{s.name} ({s.stance})"), s.id) for s in plan.stakeholders]
    if kind is Stakeholder and spec.name == "reports_to_id":  # everyone but the person edited
        return [(Text(f"{p.name} ({p.title})" if p.title.strip() else p.name), p.id)
                for p in plan.stakeholders if p.id != record_id]
    if kind is Stakeholder:
        # Only tactics that can mitigate (plan_index.mitigates); one that works on
        # someone else says so, as choosing it moves it to this person.
        options = []
        for t in links.live_tactics():
            other = links.stakeholder_of(t)
            elsewhere = f" (works on {other.name})" if other is not None and other.id != record_id else ""
            options.append((Text(f"{numbers.get(t.id, 'Tactic')}: {t.action}{elsewhere}"), t.id))
        return options
    if kind is Metric:
        return [(Text(f"{numbers.get(g.id, 'Goal')}: {g.title}"), g.id) for g in plan.goals]
    return []


MULTI_PICKS = ("refs", "links")
"""Field kinds shown as a list to tick any number of choices in."""


def pick_options(plan: Plan, kind: type, spec: FieldSpec, record_id: str = "") -> list[tuple[str, str]]:
    """The choices of a multi-pick: the analysis questions, or the records ``spec.targets`` names."""
    if spec.kind == "refs":
        return list((question, key) for key, question in ANALYSIS_QUESTIONS)
    return links.choices(plan, spec.targets, exclude=record_id)


DROPDOWN_ROWS = 12
"""Tallest a dropdown gets (Textual's own max-height), border included."""


def fit_dropdown(select: Select[Any], top: int, bottom: int) -> None:
    """Keep an open dropdown between screen rows ``top`` and ``bottom`` (its dialog's inside).

    Textual draws the list under the field down to the screen's edge, so near
    a dialog's foot it covered the dialog's border and the footer. Here it
    opens downward when it fits, else upward (above the field) when that
    fits, else on the roomier side, no taller than the room (it scrolls).
    """
    overlay = select.query_one(OptionList)  # Textual's SelectOverlay, the list that drops down
    wanted = min(DROPDOWN_ROWS, overlay.option_count + 2)  # +2: the list's border
    below = bottom - select.region.bottom
    above = select.region.y - top
    if below >= wanted or below >= above:
        overlay.styles.offset = (0, 0)
        overlay.styles.max_height = max(3, min(wanted, below))
    else:
        rows = max(3, min(wanted, above))
        overlay.styles.offset = (0, -rows - select.region.height)  # just above the field's own line
        overlay.styles.max_height = rows


class ItemForm(ModalScreen[Any]):
    """Add or edit one item; dismisses with the saved record, or None.

    ``apply`` puts a valid record into the plan. It is called on save, and also
    when the app quits with this form open and valid, so nothing typed is lost.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", key_display="^s/enter", priority=True, id="form-save"),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
    ]

    def __init__(
        self,
        kind: type,
        plan: Plan,
        apply: Callable[[Any], None],
        record: Any = None,
        context: str = "",
    ) -> None:
        super().__init__()
        self.kind = kind
        self.plan = plan
        self.apply = apply
        self.record = record
        self.context = context
        self.specs = FORMS[kind]
        self._initial: dict[str, Any] = {}
        self._order: dict[str, tuple[str, ...]] = {}
        """Each multi-pick's choices in the order shown (what it saves is in this order)."""
        self._unseen: dict[str, tuple[str, ...]] = {}
        """Each multi-pick's stored links it does not show (kept on save)."""

    def compose(self) -> ComposeResult:
        verb = "Edit" if self.record is not None else "New"
        with Vertical(classes="dialog item-form"):
            yield Label(f"{verb} {noun(self.kind)}", classes="dialog-title")
            if self.context:
                yield Static(self.context, markup=False, classes="form-context")
            with VerticalScroll(classes="form-fields"):
                for spec in self.specs:
                    hint = " (space ticks)" if spec.kind == "links" else ""
                    yield Label(spec.label + (" *" if spec.required else "") + hint, classes="field-label", markup=False)
                    yield self._field_widget(spec)
                    yield Label("", id=f"error-{spec.name}", classes="field-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield FitFooter()

    def _field_widget(self, spec: FieldSpec) -> Widget:
        value = field_text(self.record, spec, self.plan) if self.record is not None else ""
        field_id = f"field-{spec.name}"
        if spec.kind == "long":
            return SafeTextArea(value, id=field_id, classes="field-long", soft_wrap=True)
        if spec.kind == "choice":
            default = value or getattr(self.kind, "__dataclass_fields__")[spec.name].default
            return Select([(Text(c), c) for c in spec.choices], value=default, allow_blank=False, id=field_id, compact=True)
        if spec.kind == "flag":
            return Select([(Text(c), c) for c in ("no", "yes")], value=value or "no", allow_blank=False, id=field_id, compact=True)
        if spec.kind == "ref":
            options = ref_options(self.plan, self.kind, spec, getattr(self.record, "id", ""))
            current = value if value in {v for _, v in options} else Select.NULL
            return Select(options, value=current, prompt="(none)", id=field_id, compact=True)
        if spec.kind in MULTI_PICKS:
            return self._multi_pick(spec, field_id)
        return SafeInput(value, placeholder=spec.placeholder, id=field_id, compact=True)

    def _multi_pick(self, spec: FieldSpec, field_id: str) -> SelectionList[str]:
        """A list to tick any number of choices in (space ticks): analysis answers, or records.

        Links this form can't show (to an item no longer in the plan, as a
        merge may leave) are kept as they are: the form saves them back.
        """
        options = pick_options(self.plan, self.kind, spec, getattr(self.record, "id", ""))
        stored: tuple[str, ...] = tuple(getattr(self.record, spec.name, ()) or ())
        offered = {value for _, value in options}
        self._unseen[spec.name] = tuple(value for value in stored if value not in offered)
        self._order[spec.name] = tuple(value for _, value in options)
        return SelectionList(
            *[(Text(text), value, value in stored) for text, value in options],
            id=field_id,
            classes="field-picks",
        )

    def on_resize(self) -> None:
        """Fit the fields between the title and the buttons, scrolling if the terminal is short."""
        context_lines = self.context.count("\n") + 2 if self.context else 0
        fields = self.query_one(".form-fields")
        fields.styles.max_height = max(4, self.app.size.height - 13 - context_lines)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A dropdown just opened (its list takes focus): keep it inside the dialog."""
        if isinstance(event.widget, OptionList) and isinstance(event.widget.parent, Select):
            dialog = self.query_one(".item-form").region
            fit_dropdown(event.widget.parent, dialog.y + 1, dialog.bottom - 1)  # inside the dialog's border

    def on_mount(self) -> None:
        self.on_resize()
        self._initial = self.texts()
        for widget in self.query(".form-fields > *"):
            if widget.focusable:
                widget.focus()
                break

    def texts(self) -> dict[str, Any]:
        """What every field holds now, as the text (or choice) typed."""
        values: dict[str, Any] = {}
        for spec in self.specs:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, TextArea):
                values[spec.name] = widget.text
            elif isinstance(widget, Select):
                values[spec.name] = "" if widget.value is Select.NULL else widget.value
            elif isinstance(widget, SelectionList):
                ticked = set(widget.selected)
                shown = tuple(value for value in self._order[spec.name] if value in ticked)
                values[spec.name] = shown + self._unseen[spec.name]
            elif isinstance(widget, Input):
                values[spec.name] = widget.value
        return values

    def show_error(self, name: str, message: str) -> None:
        error = self.query_one(f"#error-{name}", Label)
        error.update(message)
        error.display = bool(message)
        self.query_one(f"#field-{name}").set_class(bool(message), "-invalid-field")

    def on_input_changed(self, event: Input.Changed) -> None:
        self._check_one(event.input.id, event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._check_one(event.text_area.id, event.text_area.text)

    def _check_one(self, field_id: str | None, text: str) -> None:
        name = (field_id or "").removeprefix("field-")
        spec = next((s for s in self.specs if s.name == name), None)
        if spec is None:
            return
        try:
            parse_field(spec, text)
        except ValidationError as error:
            self.show_error(name, error.message)
        else:
            self.show_error(name, "")

    def valid_record(self) -> Any:
        """The record the form describes, or None (showing every problem)."""
        record, errors = check_form(self.kind, self.texts(), self.record)
        if isinstance(record, Stakeholder):
            loop = loop_problem(self.plan, record.id, record.reports_to_id)
            if loop:
                record, errors = None, {"reports_to_id": loop}
        for spec in self.specs:
            self.show_error(spec.name, errors.get(spec.name, ""))
        return record

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        record = self.valid_record()
        if record is None:
            self.notify("Fix the fields marked in red first.", severity="warning")
            return
        self.apply(record)
        self.dismiss(record)

    def action_cancel(self) -> None:
        if self.texts() == self._initial:
            self.dismiss(None)
            return

        def discard(sure: bool | None) -> None:
            if sure:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard what you typed in this form?", "Discard"), discard)

    def commit_on_quit(self) -> None:
        """On quit: keep a valid form's content (an invalid one can't be saved)."""
        if self.texts() == self._initial:
            return
        record = self.valid_record()
        if record is not None:
            self.apply(record)
            self.dismiss(record)

    def invalid_fields(self) -> list[str]:
        """If the form was changed but can't be saved, name it (the quit dialog lists it)."""
        if self.texts() == self._initial or self.valid_record() is not None:
            return []
        return [f"the {noun(self.kind)} form"]
