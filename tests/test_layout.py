"""The wizard fits a small terminal: what a user sees at 80×24 (and 120×40), never cut off."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import DataTable, Input, OptionList, Select
from ui_helpers import new_app, settle_in_step, store_with, visible_text, wait_until

from acct_tui.sample import sample_plan
from acct_tui.steps import STEPS
from screens.coach_panel import CoachPanel, coaching_text, emphasis
from screens.fit_footer import FitFooter
from screens.forms import ItemForm
from screens.steps.records import CELL_CAP, MIN_CELL, fit_columns
from screens.wizard import WizardScreen

SMALL = (80, 24)
MEDIUM = (120, 40)


@pytest.fixture
def sample_db(tmp_path: Path) -> Path:
    return store_with(tmp_path / "plans.json", sample_plan())


async def open_wizard(pilot, step: str) -> WizardScreen:
    """The sample plan's wizard at ``step``, focus in the step."""
    await pilot.app.push_screen(WizardScreen(pilot.app.plans()[0].id, step))
    await settle_in_step(pilot)
    return pilot.app.screen


def painted(app, selector: str) -> str:
    """What is painted inside one widget's region, line by line."""
    region = app.screen.query_one(selector).region
    lines = visible_text(app).splitlines()
    return "\n".join(line[region.x : region.right] for line in lines[region.y : region.bottom])


def table_lines(app, step: str) -> str:
    """The painted lines of the step's table."""
    return painted(app, f"#table-{step}")


# --- the coach ------------------------------------------------------------


async def test_at_80_columns_the_coach_is_one_line_and_the_step_has_the_room(sample_db: Path) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "relationships")
        screen = visible_text(app)
        assert "What it's for" not in screen  # the lesson is folded away
        assert "F2 coach · F1 keys" in screen
        table = wizard.query_one("#table-relationships", DataTable)
        assert table.region.width >= 80 - 22 - 2  # everything but the stepper
        assert table.region.bottom >= 24 - 5  # and the height the coach used to take


async def test_f2_opens_the_narrow_coach_in_the_steps_place_and_f2_goes_back(sample_db: Path) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "relationships")
        table = wizard.query_one("#table-relationships", DataTable)
        table.move_cursor(row=3)
        await pilot.press("f2")
        await pilot.pause()
        screen = visible_text(app)
        assert "What it's for" in screen and "Avoid" in screen
        assert "Margaret Okafor" not in screen  # the coach took the step's place
        assert "F2 coach · F1 keys" not in screen  # the hint is the coach: not twice
        assert wizard.query_one(CoachPanel).region.width >= 56
        await pilot.press("f2")
        await pilot.pause()
        assert "Margaret Okafor" in visible_text(app)
        assert app.focused is table and table.cursor_row == 3  # back where you were


async def test_escape_closes_the_narrow_coach_not_the_plan(sample_db: Path) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "tools")
        await pilot.press("f2")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is wizard
        assert "ROI calculator" in visible_text(app)


async def test_at_120_columns_the_coach_stays_beside_the_step_and_f2_hides_it(sample_db: Path) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=MEDIUM) as pilot:
        await open_wizard(pilot, "relationships")
        screen = visible_text(app)
        assert "What it's for" in screen and "Margaret Okafor" in screen
        assert "F2 coach · F1 keys" not in screen
        await pilot.press("f2")
        await pilot.pause()
        screen = visible_text(app)
        assert "What it's for" not in screen and "Margaret Okafor" in screen


async def test_the_coach_shows_emphasis_not_markdown_markers(sample_db: Path) -> None:
    step = next(step for step in STEPS if "*their*" in step.purpose + step.example + step.mistake)
    app = new_app(sample_db)
    async with app.run_test(size=MEDIUM) as pilot:
        await open_wizard(pilot, step.key)
        screen = visible_text(app)
        assert "*their*" not in screen
        assert "their customers" in screen.replace("\n", " ").replace("│", "")
    text = coaching_text(step, [])
    assert "*" not in text.plain
    italic = [text.plain[span.start : span.end] for span in text.spans if "italic" in str(span.style)]
    assert "their" in italic


def test_emphasis_styles_our_markers_and_keeps_lone_stars() -> None:
    text = emphasis("a **bold** and *soft* word, 5 * 3")
    assert text.plain == "a bold and soft word, 5 * 3"
    styles = {text.plain[span.start : span.end]: str(span.style) for span in text.spans}
    assert styles == {"bold": "bold", "soft": "italic"}


def test_a_nudge_with_stars_stays_literal() -> None:
    """Nudges carry user text (names): never read as Markdown."""
    text = coaching_text(STEPS[0], ["Tactic *urgent* has no owner"])
    assert "Tactic *urgent* has no owner" in text.plain


# --- key text that fits -----------------------------------------------------


async def test_the_title_line_keeps_fix_it_at_80_columns(sample_db: Path) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "facts")
        wizard.query_one("#inline-start").focus()
        await pilot.press("ctrl+a", "x")  # select all is not assumed: just make it invalid
        await pilot.press("end", "x")
        await pilot.pause()
        title = " ".join(painted(app, "#step-title").split())
        assert "Start date not saved: fix it" in title


@pytest.mark.parametrize("step", ["facts", "tactics", "relationships", "review"])
@pytest.mark.parametrize("size", [SMALL, MEDIUM])
async def test_the_footer_shows_no_key_cut_off(sample_db: Path, step: str, size: tuple[int, int]) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=size) as pilot:
        wizard = await open_wizard(pilot, step)
        await pilot.pause()
        footer = wizard.query_one(FitFooter)
        keys = [key for key in footer.children if not key.has_class("-command-palette")]
        palette = footer.query_one(".-command-palette")
        assert keys, "the footer shows some keys"
        for key in keys:
            assert key.region.right <= palette.region.x, f"{key.region} runs under the palette key"
        shown = [f"{key.key_display} {key.description}" for key in keys]
        # The footer is rebuilt when the focus lands: wait for the frame that paints it.
        await wait_until(pilot, lambda: all(text in visible_text(app).splitlines()[-1] for text in shown), "the keys")


async def test_records_help_line_wraps_instead_of_losing_keys(sample_db: Path) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        await open_wizard(pilot, "relationships")
        screen = " ".join(visible_text(app).replace("│", " ").split())
        assert "o sort by column · m map" in screen


# --- tables -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "shown"),
    [
        ("relationships", ["Name", "Stance", "Influence", "Role", "Margaret Okafor", "technical buyer"]),
        ("cadence", ["Meeting", "Frequency", "Next", "Account team sync", "2026"]),
        ("reporting", ["Metric", "Progress", "Target", "Current", "Renewal term signed"]),
        ("tools", ["Tool", "What it's for", "ROI calculator"]),
    ],
)
async def test_tables_keep_their_key_columns_whole_at_80_columns(sample_db: Path, step: str, shown: list[str]) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, step)
        table = wizard.query_one(f"#table-{step}", DataTable)
        assert table.max_scroll_x == 0  # nothing is half out of view to the right
        lines = table_lines(app, step)
        for text in shown:
            assert text in lines, f"{text!r} not shown whole"


async def test_a_table_says_which_columns_its_width_leaves_out(sample_db: Path) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        await open_wizard(pilot, "cadence")
        assert "e shows all · hidden here: Attendees" in visible_text(app)


async def test_relationships_at_80_columns_say_where_the_person_under_the_cursor_sits(sample_db: Path) -> None:
    """The key columns keep their room; reports-to and coverage ride on the line under the table."""
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "relationships")
        assert "↳ covered by Dana Ruiz · reports to nobody listed" in visible_text(app)
        await pilot.press("down", "down")
        assert "↳ covered by Leo Brandt · reports to nobody listed" in visible_text(app)  # Aisha Bell
        for label in ("Name", "Stance", "Influence", "Role"):
            assert label in table_lines(app, "relationships")
        assert wizard.query_one("#table-relationships", DataTable).region.bottom >= 24 - 5


async def test_long_cells_end_in_an_ellipsis(sample_db: Path) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        await open_wizard(pilot, "tools")
        lines = table_lines(app, "tools")
        assert "Turns fewer no-shows" in lines and "…" in lines


async def test_hiding_the_coach_gives_a_table_its_columns_back_with_no_fragments(sample_db: Path) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=MEDIUM) as pilot:
        wizard = await open_wizard(pilot, "relationships")
        table = wizard.query_one("#table-relationships", DataTable)
        await pilot.press("end", "right", "right", "right", "right", "right", "right")  # scroll right, as a user does
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        shown = table_lines(app, "relationships")
        assert table.scroll_x == 0 and table.max_scroll_x == 0
        for text in ("Name", "Role", "Title", "Coverage", "Margaret Okafor"):
            assert text in shown
        await pilot.press("f2")
        await pilot.pause()
        await pilot.pause()
        shown = table_lines(app, "relationships")
        assert "Margaret Okafor" in shown and "Title" not in shown
        assert table.scroll_x == 0


async def test_sort_uses_the_column_under_the_cursor_among_those_shown(sample_db: Path) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "reporting")
        table = wizard.query_one("#table-reporting", DataTable)
        table.move_cursor(column=2)  # Target (Baseline is not shown at 80 columns)
        await pilot.press("o")
        await pilot.pause()
        assert wizard.query_one("#pane-reporting").sort_column == "Target"
        assert "Target ▲" in table_lines(app, "reporting")


def test_fit_columns_keeps_key_columns_and_never_overflows() -> None:
    labels = ["Name", "Stance", "Notes", "Owner"]
    natural = {"Name": 40, "Stance": 9, "Notes": 50, "Owner": 10}
    widths = fit_columns(labels, natural, ("Name", "Stance", "Owner"), 50)
    assert list(widths) == ["Name", "Stance", "Owner"]
    assert sum(widths.values()) + 2 * len(widths) <= 50
    assert widths["Name"] <= CELL_CAP
    roomy = fit_columns(labels, natural, ("Name",), 1000)
    assert roomy == natural  # room to spare: nothing cut, not even past the cap


# --- dropdowns ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "down", "field"),
    [
        ("relationships", 0, "mitigation_tactic_id"),
        ("relationships", 0, "stance"),
        ("tactics", 4, "stakeholder_id"),
        ("tactics", 4, "status"),
    ],
)
async def test_a_dropdown_stays_inside_its_dialog(sample_db: Path, step: str, down: int, field: str) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        await open_wizard(pilot, step)
        for _ in range(down):
            await pilot.press("down")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ItemForm)
        select = form.query_one(f"#field-{field}", Select)
        select.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        overlay = select.query_one(OptionList)  # the list that drops down
        dialog = form.query_one(".item-form").region
        assert select.expanded and overlay.region.height >= 3
        assert dialog.y < overlay.region.y and overlay.region.bottom < dialog.bottom, (overlay.region, dialog)


@given(
    natural=st.lists(st.integers(1, 120), min_size=1, max_size=8),
    keys=st.integers(1, 8),
    room=st.integers(0, 400),
)
def test_fit_columns_fits_whenever_the_key_columns_can(natural: list[int], keys: int, room: int) -> None:
    labels = [f"C{i}" for i in range(len(natural))]
    widths = dict(zip(labels, natural))
    key = tuple(labels[:keys])
    fitted = fit_columns(labels, widths, key, room)
    assert list(fitted) == [label for label in labels if label in fitted]  # table order
    assert all(0 < fitted[label] <= widths[label] for label in fitted)  # never wider than the text
    floors = sum(min(widths[label], max(MIN_CELL, len(label))) + 2 for label in key)
    if floors <= room:  # the key columns fit at their floor: all shown, nothing overflows
        assert set(key) <= set(fitted)
        assert sum(fitted.values()) + 2 * len(fitted) <= room


async def test_widening_the_terminal_with_the_coach_open_puts_it_back_beside_the_step(sample_db: Path) -> None:
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "tools")
        await pilot.press("f2")
        await pilot.pause()
        await pilot.resize_terminal(*MEDIUM)
        await pilot.pause()
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert "ROI calculator" in visible_text(app)  # the step, not the coach, after the round trip
        assert app.focused is wizard.query_one("#table-tools", DataTable)


async def test_the_footer_is_rebuilt_only_when_its_keys_change(sample_db: Path) -> None:
    """Focus moving between fields with the same keys keeps the footer as it is (each rebuild
    restyles every key, most of a step move's work); a step with other keys gets them."""
    from textual.widgets._footer import FooterKey

    app = new_app(sample_db)
    async with app.run_test(size=MEDIUM) as pilot:
        wizard = await open_wizard(pilot, "facts")
        footer = wizard.query_one(FitFooter)
        before = list(footer.query(FooterKey))
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "inline-industry"
        assert list(footer.query(FooterKey)) == before
        await pilot.press("alt+right", "alt+right", "alt+right", "alt+right")  # to Goals: a tree's keys
        await wait_until(pilot, lambda: wizard.step == "goals" and "s Share" in painted(app, "FitFooter"),
                         "the Goals step's keys show")
        assert not set(footer.query(FooterKey)) & set(before)


async def test_a_step_just_shown_builds_the_next_one_sooner_than_an_edit_does(sample_db: Path, monkeypatch) -> None:
    """Someone moving through the steps reads each for under a second: the next pane is built
    after ``PREFETCH_AFTER_MOVE``, not the longer wait that keeps a build out of typing."""
    import screens.wizard as wizard_module

    monkeypatch.setattr(wizard_module, "PREFETCH_DELAY", 24 * 3600.0)
    monkeypatch.setattr(wizard_module, "PREFETCH_AFTER_MOVE", 0.05)
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "facts")
        await pilot.press("alt+right")
        await wait_until(pilot, lambda: bool(wizard.query("#pane-whitespace")), "the step after Analysis is built")
        assert not wizard.query_one("#pane-whitespace").display
        assert wizard.step == "analysis"


def quiet_app(db: Path):
    """The app, its collector saying no key came for ever: a build ahead called by hand
    (``_prefetch_next``) happens at once."""
    from acct_tui.collector import Collector

    class Quiet(Collector):
        def quiet_for(self) -> float:
            return float("inf")

    app = new_app(db)
    app.collector = Quiet()
    return app


async def test_the_next_pane_is_not_built_while_keys_are_still_coming(sample_db: Path) -> None:
    """A key (tab, an arrow) less than ``PREFETCH_AFTER_MOVE`` ago puts the build off: it would
    hold the next key up."""
    from acct_tui.collector import Collector
    from screens.wizard import PREFETCH_AFTER_MOVE
    from ui_helpers import FakeClock

    clock = FakeClock()
    app = new_app(sample_db)
    app.collector = Collector(clock=clock)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "facts")
        await pilot.press("tab")
        wizard._prefetch_next()  # what the timer calls
        assert not wizard.query("#pane-analysis")
        clock.advance(PREFETCH_AFTER_MOVE * 2)
        wizard._prefetch_next()
        assert wizard.query("#pane-analysis")


@pytest.mark.parametrize("step", ["analysis", "vision", "tactics", "relationships", "risks"])
async def test_quitting_as_the_next_pane_is_built_ahead_closes_cleanly(sample_db: Path, step: str) -> None:
    """The quiet-second timer fires and the user quits at once: the pane being built (the
    whitespace map, a tree, a table, Review) finds its children gone and must not crash."""
    from acct_tui.steps import STEP_KEYS

    app = quiet_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, step)
        wizard._prefetch_next()  # what the timer calls
        assert wizard.query(f"#pane-{STEP_KEYS[STEP_KEYS.index(step) + 1]}")
        app.exit()
    assert app.return_code == 0


async def test_moving_through_steps_quickly_leaves_the_focus_in_the_step_shown(sample_db: Path) -> None:
    """Four alt+→ at once (a user who knows where they are going): the panes passed on the way
    finish mounting after the move on, and must not take the focus into a hidden step."""
    from textual import events

    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "facts")
        for _ in range(4):
            key = events.Key("alt+right", None)
            key.set_sender(app)
            app.post_message(key)
        await wait_until(pilot, lambda: wizard.step == "goals", "the Goals step shows")
        await settle_in_step(pilot)
        for _ in range(5):  # the passed panes' late focus requests come over the next refreshes
            await pilot.pause()
        assert app.focused is not None and wizard.query_one("#pane-goals") in app.focused.ancestors
        await pilot.press("a")
        assert isinstance(app.screen, ItemForm), "the step's own keys work"


async def test_opening_the_wizard_and_a_first_visit_build_the_footer_once(sample_db: Path, monkeypatch) -> None:
    """The footer is built for what it shows: opening the wizard builds it once (no detour
    through the stepper's focus), and a first visit to a step builds it once more (the moment
    with nothing focused, while the pane is built, shows the same keys)."""
    builds: list[str] = []
    compose = FitFooter.compose

    def counting(self):
        builds.append(type(self.screen).__name__)
        return compose(self)

    monkeypatch.setattr(FitFooter, "compose", counting)
    app = new_app(sample_db)
    async with app.run_test(size=MEDIUM) as pilot:
        focused: list[str | None] = []

        def watch_focus(screen) -> None:
            app.watch(screen, "focused", lambda widget: focused.append(widget and widget.id))

        app.screen_change_signal.subscribe(app, watch_focus, immediate=True)
        wizard = await open_wizard(pilot, "facts")
        await pilot.pause()
        assert builds.count("WizardScreen") == 1
        assert "stepper" not in focused and "inline-name" in focused, "focus goes straight to the step's first field"
        await pilot.press("alt+right")
        await settle_in_step(pilot)
        await wait_until(pilot, lambda: "Add as stakeholder" in painted(app, "FitFooter"), "the Analysis keys show")
        assert wizard.step == "analysis" and builds.count("WizardScreen") == 2


async def test_a_form_keeps_its_footer_while_tab_walks_inputs_dropdowns_and_text_areas(sample_db: Path) -> None:
    """The keys the form shows stay the same from field to field, so the footer is never
    rebuilt: an input, a dropdown, a text area and a button differ only in hidden keys."""
    from textual.widgets._footer import FooterKey

    app = new_app(sample_db)
    async with app.run_test(size=MEDIUM) as pilot:
        await open_wizard(pilot, "goals")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused.id == "field-title",
                         "the goal form is open")
        keys = list(app.screen.query(FooterKey))
        assert [key.description for key in keys] == ["Save", "Cancel"]
        focused = []
        for _ in range(6):
            await pilot.press("tab")
            await pilot.pause()  # a rebuild comes after the next refresh
            focused.append(type(app.focused).__name__)
            assert list(app.screen.query(FooterKey)) == keys, f"the footer was rebuilt on {focused[-1]}"
        assert {"SafeInput", "Select", "SafeTextArea", "Button"} <= set(focused)


async def test_the_next_step_is_built_while_the_user_reads_this_one(sample_db: Path) -> None:
    """After a quiet moment on a step, the next step's pane is built hidden, without taking the
    focus: moving on shows that pane, focused at once (a first visit costs what a revisit does)."""
    from acct_tui.collector import Collector
    from ui_helpers import FakeClock

    clock = FakeClock()  # when the last key came, as the wizard asks before building ahead
    app = new_app(sample_db)
    app.collector = Collector(clock=clock)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "facts")
        field = app.focused
        assert isinstance(field, Input)
        clock.advance(1.0)
        await wait_until(pilot, lambda: bool(wizard.query("#pane-analysis")), "the Analysis pane is built ahead")
        ahead = wizard.query_one("#pane-analysis")
        for _ in range(3):  # the pane settles over a few refreshes
            await pilot.pause()
        assert not ahead.display and app.focused is field
        await pilot.press("X")
        assert field.value.endswith("X")
        await pilot.press("alt+right")
        assert wizard.step == "analysis" and wizard.query_one("#pane-analysis") is ahead and ahead.display
        assert app.focused is not None and ahead in app.focused.ancestors
        for _ in range(3):
            await pilot.pause()
        assert not wizard.query("#pane-whitespace")  # the one after is built only after a quiet moment there
        clock.advance(1.0)
        await wait_until(pilot, lambda: bool(wizard.query("#pane-whitespace")), "the one after, once quiet")


async def test_moving_on_while_the_next_pane_is_still_being_built_shows_and_focuses_it(sample_db: Path) -> None:
    """alt+→ landing between the pane built ahead being mounted and being filled: no crash, the
    step shows and its first field has the focus (each step's kind of pane)."""
    app = quiet_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "facts")
        for step in ("analysis", "whitespace", "vision", "goals"):
            wizard._prefetch_next()  # the quiet second's timer, fired at the worst moment
            wizard.action_next_step()
            await settle_in_step(pilot)
            pane = wizard.query_one(f"#pane-{step}")
            assert wizard.step == step and pane.display
            assert app.focused is not None and pane in app.focused.ancestors


async def test_a_check_finishing_as_the_wizard_closes_is_dropped(sample_db: Path) -> None:
    """A big plan's check (in a thread) that ends while the wizard is being closed changes nothing."""
    from screens.steps.base import Progress

    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "facts")
        late = Progress(wizard.plan, (), 0)  # unlike what the wizard shows, so it would be shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: not wizard.is_attached, "the wizard is closed")
        wizard._checked(late)
        await pilot.pause()
        assert wizard.progress is not late


# --- a Resize Textual loses -----------------------------------------------------


def lose_first_resize(monkeypatch: pytest.MonkeyPatch, pane_id: str) -> list[str]:
    """Drop the first Resize posted to the pane ``pane_id`` and to each widget in it, as Textual
    does when its layout map was rebuilt early (see ``StepPane._resize_if_missed``); the ids dropped."""
    from textual import events
    from textual.widget import Widget

    post, lost = Widget.post_message, []

    def post_message(widget: Widget, message) -> bool:
        inside = widget.id == pane_id or any(a.id == pane_id for a in widget.ancestors)
        if isinstance(message, events.Resize) and inside and widget not in lost:
            lost.append(widget)
            return True
        return post(widget, message)

    monkeypatch.setattr(Widget, "post_message", post_message)
    return lost


async def test_a_pane_that_never_got_its_resize_still_wraps_its_answers(sample_db: Path, monkeypatch) -> None:
    """The Vision step's answers wrapped at the pane's width, not one long line cut at the edge."""
    from ui_helpers import stale_wraps, steady_screen

    lost = lose_first_resize(monkeypatch, "pane-vision")
    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        await open_wizard(pilot, "vision")
        await steady_screen(pilot)
        assert lost, "no Resize was dropped: the test no longer stands for the lost one"
        assert stale_wraps(app) == []
        statement = painted(app, "#inline-statement")
        assert "By 2029 Northwind Health runs its whole" in statement
        assert "patient journey" in statement.splitlines()[2]


async def relationships_table(db: Path) -> str:
    app = new_app(db)
    async with app.run_test(size=SMALL) as pilot:
        from ui_helpers import steady_screen

        await open_wizard(pilot, "relationships")
        await steady_screen(pilot)
        return table_lines(app, "relationships")


async def test_a_table_that_never_got_its_resize_still_fits_its_columns(sample_db: Path, monkeypatch) -> None:
    """At 80×24 the Relationships table shows the columns it shows when the Resize arrives."""
    fitted = await relationships_table(sample_db)
    lose_first_resize(monkeypatch, "pane-relationships")
    assert await relationships_table(sample_db) == fitted


async def test_a_tree_step_shown_again_does_not_fit_its_rows_again(sample_db: Path, monkeypatch) -> None:
    """Tree draws every row again when its step is shown; the rows fitted to that width last
    time are reused (fitting them was most of a revisit to Tactics), and still read the same."""
    import screens.steps.tree as tree_module

    app = new_app(sample_db)
    async with app.run_test(size=SMALL) as pilot:
        wizard = await open_wizard(pilot, "tactics")
        before = painted(app, "#pane-tactics")
        await pilot.press("alt+left")
        await settle_in_step(pilot)
        fits: list[int] = []
        fit_row = tree_module.fit_row
        monkeypatch.setattr(tree_module, "fit_row", lambda *args: fits.append(1) or fit_row(*args))
        await pilot.press("alt+right")
        await settle_in_step(pilot)
        await wait_until(pilot, lambda: painted(app, "#pane-tactics") == before, "the rows read as before")
        assert wizard.step == "tactics" and fits == []
