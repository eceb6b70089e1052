"""What every wizard step pane shares: its plan, how it hands edits to the app, what the coach found."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, getters
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.reactive import var
from textual.strip import Strip
from textual.widget import Widget

from acct_tui.app import AcctApp
from acct_tui.coach import Finding, check_plan, health_score
from acct_tui.model import Plan
from acct_tui.steps import WHOLE_PLAN_STEPS
from screens.messages import PlanEdited


BIG_PLAN = 2_000
"""Tactics above which the coach checks and the Review step writes the document in a thread,
so no key waits on them (a 20,000-tactic plan takes a fifth of a second to check)."""


def tactic_count(plan: Plan) -> int:
    return sum(len(initiative.tactics) for goal in plan.goals for s in goal.strategies for initiative in s.initiatives)


@dataclass(frozen=True)
class Progress:
    """What the coach says about one version of the plan.

    Checking a 20,000-tactic plan takes a fifth of a second, so the wizard
    makes one ``Progress`` per plan version (after typing pauses) and binds it
    to the stepper, the coach and the panes instead of each checking again.
    """

    plan: Plan
    findings: tuple[Finding, ...]
    health: int

    @classmethod
    def of(cls, plan: Plan) -> Progress:
        return cls(plan, tuple(check_plan(plan)), health_score(plan))

    def nudges(self, step: str) -> list[str]:
        """The coach's messages for one step (for Review and Export, every one: what keeps health below 100)."""
        return [f.message for f in self.findings if step in WHOLE_PLAN_STEPS or f.step == step]


def list_bindings(prefix: str) -> list[Binding]:
    """The keys every list or tree step shares: add, edit, delete, move.

    One definition, so the tree and the tables can't drift apart; ``prefix``
    keeps each binding id distinct for remapping.
    """
    return [
        Binding("a,insert", "add", "Add", id=f"{prefix}-add"),
        Binding("e", "edit", "Edit", id=f"{prefix}-edit"),
        Binding("d,delete", "delete", "Delete", id=f"{prefix}-delete"),
        Binding("alt+up,ctrl+up", "move(-1)", "Move up", key_display="alt+↑", show=False, id=f"{prefix}-move-up"),
        Binding(
            "alt+down,ctrl+down", "move(1)", "Move down", key_display="alt+↓", show=False, id=f"{prefix}-move-down"
        ),
    ]


class StepPane(Vertical):
    """One wizard step's editing area.

    Panes read the newest plan from the app and write every edit back through
    ``app.update_plan``, which saves after a short pause; they never touch the
    store themselves. The wizard binds its ``progress`` (the coach's findings
    for the newest checked version) to every pane.
    """

    app = getters.app(AcctApp)
    """The app, typed: mypy checks every ``self.app.…`` call in a pane."""

    progress: var[Progress | None] = var(None, init=False)
    """The coach's findings for the newest checked version (bound to the wizard's)."""

    step_key = ""

    def __init__(self, plan_id: str) -> None:
        super().__init__(id=f"pane-{self.step_key}", classes="step-pane")
        self.plan_id = plan_id
        self.shown: Plan | None = None
        """The plan version the pane shows: a revisit with no edit since redraws nothing."""

    @property
    def plan(self) -> Plan:
        return self.app.plan(self.plan_id)

    def save(self, plan: Plan, typing: bool = False, field: str = "") -> None:
        """Hand a new version of the plan to the app and tell the wizard.

        Keys typed in one ``field`` in a row undo as one step. The pane made
        the version, so it shows it already.
        """
        self.shown = self.app.update_plan(plan, group=f"typing:{field}" if field else "")
        self.post_message(PlanEdited(self.plan_id, typing))

    def show_version(self, plan: Plan) -> None:
        """Show ``plan`` (the newest version) unless the pane shows it already."""
        if plan is not self.shown:
            self.refresh_from_plan()
            self.shown = plan

    target = ""
    """What to select once mounted: a node id or field key ("" for the first field)."""

    prefetched = False
    """Built ahead, hidden, for when the user moves on (``WizardScreen._prefetch_next``).

    It must not take the focus: Textual lets a hidden field be focused, and
    keys would then go into a step nobody can see.
    """

    @property
    def torn_down(self) -> bool:
        """True for a pane mounted as the app closes (built ahead, then quit): Textual has already
        detached it, or pruned its children, so a pane that fills itself on mount must not."""
        return not (self.is_attached and self.children)

    def on_mount(self) -> None:
        self.shown = self.plan  # the pane was built from it
        if not self.prefetched:
            self.call_after_refresh(self.show_target, self.target)

    _resized_to = Size(0, 0)
    """The size in the last Resize the pane handled."""

    _resize_check_queued = False

    def on_resize(self, event: events.Resize) -> None:
        """Note the size (Textual calls this and a subclass's own ``on_resize`` both)."""
        self._resized_to = event.size

    def render_lines(self, crop: Region) -> list[Strip]:
        """Paint the pane; if it is painted at a size no Resize told it of, see ``_resize_if_missed``."""
        if self.outer_size != self._resized_to and not self._resize_check_queued:
            self._resize_check_queued = True
            self.call_later(self._resize_if_missed)  # queued behind a Resize already on its way
        return super().render_lines(crop)

    def _resize_if_missed(self) -> None:
        """Send the Resize Textual lost to the pane and everything in it that is drawn.

        Textual (8.2) sends Resize only to widgets its layout sees appear or
        change size. When the layout map is rebuilt early (a widget's size is
        read as a pane is mounted or shown, after a scroll), the pane and its
        fields are already in it and get no Resize: a text area then keeps its
        text unwrapped, cut at the edge, and a table keeps columns fitted to
        no width, until the terminal is resized. Seen at 80×24 on the Vision
        and Risks steps when the machine was busy. Only a Resize lost by the
        pane itself is noticed; in that race its fields lose theirs with it.
        """
        self._resize_check_queued = False
        if not self.is_attached or self.outer_size == self._resized_to:
            return  # the Resize came after all
        for widget in (self, *self.walk_children(Widget)):
            if widget.display and widget.outer_size:  # one not drawn has no size to be told of
                widget.post_message(events.Resize(widget.outer_size, widget.virtual_size, widget.container_size))

    def show_target(self, target: str = "") -> None:
        """Select ``target`` if given, else focus the first field.

        Not once the pane is hidden: steps moved through quickly finish
        mounting after the user has moved on, and their focus would land in
        a step nobody sees (the one shown then had no focus, its keys dead).
        """
        if not self.display:
            return
        if target:
            self.select_node(target)
        else:
            self.focus_first()

    def refresh_from_plan(self) -> None:
        """Show the plan's current state (after an edit elsewhere)."""

    def focus_first(self) -> None:
        """Focus the step's first field or list."""
        for widget in self.query("Input, TextArea, Tree, DataTable, OptionList, Select, Button"):
            if widget.focusable and widget.display:  # Textual lets a widget it does not draw be focused
                widget.focus(scroll_visible=False)  # the first field is at the top already
                return

    def select_node(self, node_id: str) -> None:
        """Select a node or field (the coach's jump target); default: just focus."""
        self.focus_first()

    def commit_on_quit(self) -> None:
        """Hand anything typed but not yet handed over to the app (inline panes)."""
