"""The wizard: one account plan, step by step, with the stepper and the coach in view.

Keys that work everywhere in the wizard, even while typing, use alt/ctrl or
function keys, so plain letters always go into the field you are typing in.

State flows one way. Panes edit the plan only through the app's edit
session and say so (``PlanEdited``); the wizard then takes the session's
newest version into its ``plan`` reactive. The coach's ``progress`` for a
version is computed once, and only once typing pauses; the stepper's
``states``, the coach panel and every pane follow it through
``data_bind`` and watchers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Header, OptionList, Static
from textual.worker import get_current_worker

from acct_tui.app import AcctApp, QuitGuard
from acct_tui.model import Plan
from acct_tui.session import SaveStatus
from acct_tui.steps import (
    STEP_KEYS,
    STEPS,
    TREE_STEPS,
    health_change,
    step_index,
    step_states,
)
from screens.coach_panel import CoachHint, CoachPanel
from screens.conflicts import show_conflicts
from screens.find import PlanContentProvider
from screens.fit_footer import FitFooter
from screens.messages import JumpTo, PlanEdited
from screens.stepper import Stepper
from screens.steps.base import BIG_PLAN, Progress, StepPane, tactic_count
from screens.steps.export import ExportPane
from screens.steps.records import RecordsPane, RelationshipsPane
from screens.steps.review import ReviewPane
from screens.steps.text_steps import (
    AnalysisPane,
    FactsPane,
    InlineFieldsPane,
    RisksPane,
    VisionPane,
)
from screens.steps.tree import TreePane
from screens.steps.whitespace import WhitespacePane

PROGRESS_DELAY = 0.3
"""Seconds of quiet in typing before the stepper and coach are recomputed."""

PREFETCH_DELAY = 1.0
"""Seconds of quiet after an edit before the next step's pane is built, hidden: moving on then shows it at once.
A build takes the UI thread for a tenth of a second or so; a pause in typing is often shorter."""

PREFETCH_AFTER_MOVE = 0.3
"""Seconds on a step just shown before the next one is built: someone moving through the steps
reads each for less than a second, and should find the next one built too."""

NARROW = 100
"""Below this width the coach folds to a one-line hint; F2 opens it in the step's place."""


def make_pane(plan_id: str, key: str) -> StepPane:
    """The pane that edits step ``key``."""
    simple = {"facts": FactsPane, "analysis": AnalysisPane, "vision": VisionPane,
              "relationships": RelationshipsPane, "risks": RisksPane, "review": ReviewPane, "export": ExportPane}
    if key in simple:
        return simple[key](plan_id)
    if key in TREE_STEPS:
        return TreePane(plan_id, key)
    if key == "whitespace":
        return WhitespacePane(plan_id)
    return RecordsPane(plan_id, key)


def _set_in_init() -> Plan:
    raise RuntimeError("WizardScreen.plan is set in __init__")


class WizardScreen(Screen[None]):
    """Build one account's plan: every step one key away, saved as you go."""

    BINDINGS = [
        # The step keys are priority bindings: the app runs them as the key arrives, before the
        # focused field sees it. A table or tree binds ctrl+PgUp/PgDn to scroll sideways (it kept
        # them, and the user stayed on the step), and a field's cursor showing again on the key
        # drew a frame of its own, which put the step's frame a refresh later. The ctrl+PgUp/PgDn
        # twins are hidden bindings of their own, so the footer keeps alt+→/← in the screen's order.
        Binding("alt+right", "next_step", "Next", key_display="alt+→", tooltip="Next step", priority=True, id="next-step"),
        Binding("alt+left", "previous_step", "Prev", key_display="alt+←", tooltip="Previous step", priority=True,
                id="previous-step"),
        Binding("ctrl+pagedown", "next_step", show=False, priority=True, id="next-step-page"),
        Binding("ctrl+pageup", "previous_step", show=False, priority=True, id="previous-step-page"),
        Binding("f2", "toggle_coach", "Coach", id="toggle-coach"),
        Binding("f3", "focus_steps", "Steps", show=False, id="focus-steps"),
        Binding("f5", "preview", "Preview", id="preview"),
        Binding("escape", "home", "Accounts", id="home"),
        Binding("ctrl+z", "undo", "Undo", show=False, priority=True, id="undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, priority=True, id="redo"),
        Binding("ctrl+r", "mark_review", "Review held", tooltip="Mark review held", id="mark-review"),
        Binding("f4", "changes", "Changes", tooltip="Show changes since the last review", id="changes"),
        Binding("f8", "history", "History", tooltip="History: preview, export or restore snapshots", id="history"),
        Binding("ctrl+g", "app.sync", "Sync", show=False, tooltip="Sync with the team", id="sync"),
    ]

    AUTO_FOCUS = ""
    """No auto-focus: the step's pane focuses its first field once it is mounted (Textual's default
    focused the stepper first, and the footer was built for it in between)."""

    COMMANDS = {PlanContentProvider}
    """The palette also finds the plan's content (screens.find), beside the app's commands."""

    app = getters.app(AcctApp)
    """The app, typed: mypy checks every ``self.app.…`` call."""

    plan: var[Plan] = var(_set_in_init, always_update=True, init=False)
    """The newest version of the plan, as the edit session holds it (set by ``_take_newest`` only)."""

    step: var[str] = var("facts", init=False)
    """The key of the open step."""

    progress: var[Progress | None] = var(None, init=False)
    """What the coach found in the newest version checked (one check per version)."""

    states: var[dict[str, str]] = var(dict, init=False)
    """Each step's state, from ``progress`` (the stepper binds it)."""

    step_line: var[str] = var("", init=False)
    """The line above the step: its number and title, and how saving stands.

    Redrawn only when its text changes: each redraw lays the screen out
    again, which a keystroke must not pay for.
    """

    def __init__(self, plan_id: str, step: str = "facts", node_id: str = "") -> None:
        super().__init__()
        self.plan_id = plan_id
        self._first_target = node_id
        """What to select in the first step shown (the accounts screen's agenda opens a tactic, a meeting…)."""
        self.set_reactive(WizardScreen.plan, self.app.plan(plan_id))
        self.set_reactive(WizardScreen.step, step)
        self._check_timer: Timer | None = None
        self._prefetch_timer: Timer | None = None
        self._focus_before_coach: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="wizard-body"):
            yield Stepper(id="stepper").data_bind(WizardScreen.states, current=WizardScreen.step)
            with Vertical(id="step-area"):
                yield Static("", id="step-title", markup=False)
                with Horizontal(id="step-main"):
                    yield ContentSwitcher(id="panes")
                    yield CoachPanel(id="coach")
                yield CoachHint("", id="coach-hint")
        yield FitFooter()

    def on_mount(self) -> None:
        if not (self.is_attached and self.children):
            return  # closed before it was built (a quit, a signal, keys that left it): Textual pruned it
        self.query_one("#stepper", Stepper).border_title = "Steps (F3)"
        self.set_class(not self.app.ui_state.coach_shown, "-coach-hidden")
        self.sub_title = self.plan.name
        self.watch(self.app, "save_status", self._save_status_changed, init=False)
        self.open_step(self.step, self._first_target)
        show_conflicts(self.app, self.plan_id)  # a team plan two people changed: settle it first

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        if not narrow and self.has_class("-coach-open"):
            self.action_close_coach()  # the coach goes back beside the step, focus back in the step
        self.set_class(narrow, "-narrow")

    # --- steps ------------------------------------------------------------

    def open_step(self, key: str, node_id: str = "") -> None:
        """Show step ``key`` (creating its pane the first time), save, and focus it."""
        self.app.save_now()
        if self.focused is not None and self.focused.id != "stepper":
            self.set_focus(None)  # keys typed before the new pane has the focus must not edit the old one
        switcher = self.query_one("#panes", ContentSwitcher)
        pane_id = f"pane-{key}"
        built = False
        pane = self._pane(key)
        if pane is not None:  # shown below and focused at once, not after the next refresh (one frame less)
            built = pane.is_mounted  # one built ahead may still be building: it shows and focuses itself once mounted
            if built:
                pane.show_version(self.plan)
            else:
                pane.target, pane.prefetched = node_id, False
        else:  # a new pane fills itself and takes focus once it is mounted
            pane = self._mount_pane(key, target=node_id)
            if pane.parent is None:
                return  # Textual mounts nothing into a closing wizard (left before it was built)
        self.step = key
        self.remove_class("-coach-open")  # a narrow coach opened on the last step would hide this one
        self.app.remember(self.app.ui_state.with_step(self.plan_id, key))
        switcher.current = pane_id
        if built:
            pane.show_target(node_id)
        self.check_now()
        self._show_title()
        stepper = self.query_one(Stepper)
        stepper.highlighted = step_index(key)
        self._prefetch_when_quiet(PREFETCH_AFTER_MOVE)

    def _prefetch_when_quiet(self, delay: float) -> None:
        """Build the next step's pane once the user has been quiet on this one for ``delay`` seconds."""
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
        self._prefetch_timer = self.set_timer(delay, self._prefetch_next)

    def _prefetch_next(self) -> None:
        """Mount the next step's pane, hidden and leaving the focus where it is.

        Most moves are forward, and building a pane (composing it, styling
        every widget in it) is most of a first visit: done while the user
        reads, the move only shows it. Not while keys are still coming (arrows
        in a tree, tab between fields): a build takes the UI thread, and the
        next key would wait for it.
        """
        self._prefetch_timer = None
        if not self.is_attached:  # the wizard is closing
            return
        busy = PREFETCH_AFTER_MOVE - self.app.collector.quiet_for()
        if busy > 0:
            self._prefetch_when_quiet(busy)
            return
        index = step_index(self.step)
        if index + 1 >= len(STEP_KEYS) or self._pane(STEP_KEYS[index + 1]) is not None:
            return
        self._mount_pane(STEP_KEYS[index + 1], ahead=True)

    def _pane(self, key: str) -> StepPane | None:
        """Step ``key``'s pane, if it was built: a look-up among the switcher's children, where a
        query would walk every widget of every pane built so far (4 ms a move under cProfile, all
        panes built)."""
        switcher = self.query_one("#panes", ContentSwitcher)
        try:
            return switcher.get_child_by_id(f"pane-{key}", StepPane)
        except NoMatches:
            return None

    def _mount_pane(self, key: str, target: str = "", ahead: bool = False) -> StepPane:
        """Build step ``key``'s pane into the switcher: to show now (it selects ``target``), or
        ``ahead``, hidden and leaving the focus alone."""
        pane = make_pane(self.plan_id, key)
        pane.target, pane.prefetched, pane.progress = target, ahead, self.progress
        pane.display = not ahead
        self.query_one("#panes", ContentSwitcher).mount(pane)
        return pane

    # --- the plan and what the coach says about it ------------------------------

    def _take_newest(self) -> None:
        """Take the edit session's newest version of the plan (the one way ``plan`` changes)."""
        newest = self.app.plan(self.plan_id)
        if newest is not self.plan:
            self.plan = newest

    def watch_plan(self, plan: Plan) -> None:
        self.sub_title = plan.name
        self._show_title()

    def check_now(self) -> None:
        """Bring the stepper and coach up to the newest version: the coach runs once per version."""
        if self._check_timer is not None:
            self._check_timer.stop()
            self._check_timer = None
        if self.progress is None or self.progress.plan is not self.plan:
            if self.progress is not None and tactic_count(self.plan) > BIG_PLAN:
                self._check_in_thread(self.plan)  # the coach shows the last version's findings meanwhile
                return
            self.progress = Progress.of(self.plan)
        self._show_states()

    @work(thread=True, exclusive=True, group="check")
    def _check_in_thread(self, plan: Plan) -> None:
        """Check a big plan off the UI thread; take the result unless a newer version came meanwhile."""
        progress = Progress.of(plan)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._checked, progress)

    def _checked(self, progress: Progress) -> None:
        if self.is_attached and progress.plan is self.plan:  # not while the wizard is closing
            self.progress = progress
            self._show_states()

    def check_when_typing_pauses(self) -> None:
        """Check once no key came for ``PROGRESS_DELAY`` seconds (each key stays instant)."""
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(PROGRESS_DELAY, self.check_now)

    def watch_progress(self, old: Progress | None, progress: Progress | None) -> None:
        if progress is None:
            return
        if old is not None:  # say why the health fell, naming the new findings
            why = health_change(old.health, progress.health, list(old.findings), list(progress.findings))
            if why:
                self.notify(why, title="Health", markup=False)
        self.query_one(Stepper).border_subtitle = f"health {progress.health}/100"
        self._show_coach()
        for pane in self.query(StepPane):
            pane.progress = progress

    def watch_step(self) -> None:
        self._show_title()
        self._show_coach()

    def _show_states(self) -> None:
        """The stepper's marks (the stepper redraws only the lines that change)."""
        if self.progress is not None:
            plan = self.progress.plan
            exported = self.app.ui_state.exported(self.plan_id, plan.updated)
            self.states = step_states(plan, list(self.progress.findings), exported=exported)

    def _show_coach(self) -> None:
        if self.progress is not None:
            to_do = self.progress.nudges(self.step)
            self.query_one(CoachPanel).show(STEPS[step_index(self.step)], to_do)
            self.query_one(CoachHint).show(to_do)

    def _save_state(self) -> str:
        if self.app.save_error:
            return " · ⚠ NOT SAVED (see message)"
        invalid = self.invalid_fields()
        if invalid:
            return f" · ⚠ {invalid[0]} not saved: fix it"
        return " · saving…" if self.app.has_unsaved else " · saved"

    def _show_title(self) -> None:
        """The step line: which step, and how saving stands."""
        number = step_index(self.step) + 1
        step = STEPS[number - 1]
        self.step_line = f"Step {number} of {len(STEPS)}: {step.title}{self._save_state()}"

    def watch_step_line(self, line: str) -> None:
        self.query_one("#step-title", Static).update(line)

    def _save_status_changed(self, status: SaveStatus) -> None:
        """Saving changed state: only the title says so (no coach run)."""
        self._show_title()

    def on_plan_edited(self, event: PlanEdited) -> None:
        """Take the new version; check it now, or once typing pauses so each key stays instant."""
        self._take_newest()
        self._show_title()  # an invalid field's warning comes and goes without a new version
        self._prefetch_when_quiet(PREFETCH_DELAY)
        if event.typing:
            self.check_when_typing_pauses()
        else:
            self.check_now()

    def on_jump_to(self, event: JumpTo) -> None:
        self.open_step(event.step, event.node_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "stepper" and event.option.id:
            event.stop()
            self.open_step(event.option.id)

    def action_next_step(self) -> None:
        index = step_index(self.step)
        if index + 1 < len(STEP_KEYS):
            self.open_step(STEP_KEYS[index + 1])

    def action_previous_step(self) -> None:
        index = step_index(self.step)
        if index > 0:
            self.open_step(STEP_KEYS[index - 1])

    def action_undo(self) -> None:
        if self.app.undo(self.plan_id):
            self.show_plan_again()

    def action_redo(self) -> None:
        if self.app.undo(self.plan_id, redo=True):
            self.show_plan_again()

    def show_plan_again(self) -> None:
        """Every pane shows the plan's current version (after an undo or redo)."""
        self._take_newest()
        for pane in self.query(StepPane):
            pane.show_version(self.plan)
        self.check_now()

    def action_toggle_coach(self) -> None:
        """Wide: show or hide the coach beside the step. Narrow: open it in the step's place, or close it."""
        if not self.has_class("-narrow"):
            self.toggle_class("-coach-hidden")
            self.app.remember(replace(self.app.ui_state, coach_shown=not self.has_class("-coach-hidden")))
        elif self.has_class("-coach-open"):
            self.action_close_coach()
        else:
            self._focus_before_coach = self.focused
            self.add_class("-coach-open")
            self.query_one(CoachPanel).focus()

    def action_close_coach(self) -> None:
        """escape in a narrow coach opened in the step's place: back to the step, where you were."""
        if not self.has_class("-coach-open"):
            self.action_home()
            return
        self.remove_class("-coach-open")
        before, self._focus_before_coach = self._focus_before_coach, None
        if before is not None and before.is_attached:
            before.focus()
        else:
            self.query_one(f"#pane-{self.step}", StepPane).focus_first()

    def action_focus_steps(self) -> None:
        self.query_one(Stepper).focus()

    def action_preview(self) -> None:
        from acct_tui.markdown import render_plan_markdown
        from screens.preview import PreviewScreen

        self.app.save_now()
        self._take_newest()
        plan = self.plan
        def edition(audience: str) -> str:  # c in the preview shows the customer edition
            return render_plan_markdown(plan, audience=audience)

        self.app.push_screen(PreviewScreen(render_plan_markdown(plan), f"{plan.name} — preview", edition))

    # --- the plan's history (screens.history) -----------------------------------

    def action_mark_review(self) -> None:
        """ctrl+r: ask for a note, mark the review held (undoable), keep a snapshot."""
        from screens.history import ask_review_note

        ask_review_note(self.app, self.plan_id, self.show_plan_again)

    def action_changes(self) -> None:
        from screens.history import ChangesScreen

        self.app.push_screen(ChangesScreen(self.plan_id))

    def action_history(self) -> None:
        """The plan's snapshots; a restore there changes the plan, so show it again after."""
        from screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.plan_id), lambda _: self.show_plan_again())

    def action_home(self) -> None:
        """Back to the accounts; like ctrl+q, ask first if a field holds refused text."""
        if any(worker.group == "leave" and not worker.is_finished for worker in self.workers):
            return  # already asking
        self.commit_on_quit()
        invalid = self.invalid_fields()
        if invalid:
            self._ask_then_leave(invalid)
        else:
            self._leave()

    @work(exclusive=True, group="leave")
    async def _ask_then_leave(self, invalid: list[str]) -> None:
        if await self.app.confirm_leaving_invalid(invalid, "Go back to the accounts"):
            self._leave()

    def _leave(self) -> None:
        self.app.save_now()
        self.dismiss(None)

    def commit_on_quit(self) -> None:
        """Hand what inline fields hold but have not handed over yet to the app."""
        for pane in self.query(StepPane):
            pane.commit_on_quit()

    def invalid_fields(self) -> list[str]:
        """Fields on screen holding text the plan refused (so it is not saved)."""
        try:
            panes = self.query_one("#panes", ContentSwitcher).children
        except NoMatches:  # not composed yet (a quit asked as the wizard opens)
            return []
        return [label for pane in panes if isinstance(pane, InlineFieldsPane) for label in pane.invalid_fields()]


if TYPE_CHECKING:  # mypy checks the wizard against what quitting calls (Textual's metaclass bars subclassing)
    _quits_safely: type[QuitGuard] = WizardScreen
