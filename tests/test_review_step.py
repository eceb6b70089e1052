"""The Review step's preview: bounded on a big plan, written off the UI thread on a huge one."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import new_app, open_plan_at, store_with, visible_text, wait_until

import screens.steps.review as review
from acct_tui.sample import large_plan, sample_plan
from screens.preview import PlanPreview
from screens.steps.review import preview_head


def test_preview_head_keeps_a_short_document_and_cuts_a_long_one_at_a_blank_line() -> None:
    assert preview_head("# Plan\n\ntext\n", lines=5) == "# Plan\n\ntext\n"
    long = "".join(f"line {n}\n" + ("\n" if n % 3 == 2 else "") for n in range(30))
    head = preview_head(long, lines=5)
    assert head.startswith(long[: len("".join(long.splitlines(keepends=True)[:6]))])
    assert head.splitlines()[-1] == "*… and 33 more lines: f5 shows the whole plan.*"
    assert "line 5\n\n" in head and "line 6" not in head, "cut where a paragraph ends, not inside it"


async def test_a_big_plans_review_preview_ends_by_pointing_at_f5(tmp_path: Path) -> None:
    app = new_app(store_with(tmp_path / "plans.json", large_plan()))  # ~970 lines of Markdown
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_plan_at(pilot, "review")
        wizard.query_one("#review-preview", PlanPreview).focus()
        await pilot.pause()
        await pilot.press("end")
        await wait_until(pilot, lambda: "f5 shows the whole plan" in visible_text(app), "the preview's last line")


async def test_a_huge_plans_review_preview_is_written_in_a_thread_and_shown(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(review, "BIG_PLAN", 0)  # the sample counts as huge
    plan = sample_plan()
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_plan_at(pilot, "review")
        await wait_until(pilot, lambda: f"{plan.name} — Account plan" in visible_text(app), "the preview")


async def test_the_review_step_built_ahead_renders_its_preview_before_it_is_shown(tmp_path: Path, monkeypatch) -> None:
    """A Review pane built ahead (hidden, so without a width) parses and renders its preview at
    the width it will have: moving to Review then only shows lines already rendered."""
    import screens.preview as preview_module
    import screens.wizard as wizard_module

    monkeypatch.setattr(wizard_module, "PREFETCH_DELAY", 0.05)
    monkeypatch.setattr(wizard_module, "PREFETCH_AFTER_MOVE", 0.05)
    plan = large_plan()
    app = new_app(store_with(tmp_path / "plans.json", plan))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "risks")
        await wait_until(pilot, lambda: bool(wizard.query("#pane-review")), "the Review pane is built ahead")
        preview = wizard.query_one("#review-preview", PlanPreview)
        await wait_until(pilot, lambda: preview.prepared, "its preview is rendered while hidden")
        assert not preview.display or not wizard.query_one("#pane-review").display

        work: list[str] = []
        for name in ("render_section", "split_sections"):
            original = getattr(preview_module, name)
            monkeypatch.setattr(preview_module, name, lambda *args, _f=original, _n=name: work.append(_n) or _f(*args))
        await pilot.press("alt+right")
        await wait_until(pilot, lambda: wizard.step == "review" and preview.fully_rendered, "the preview is shown")
        assert f"{plan.name} — Account plan" in visible_text(app)
        assert work == [], "the move parsed or rendered again"


async def test_moving_to_a_review_built_ahead_after_an_edit_renders_nothing_in_the_keypress(tmp_path: Path, monkeypatch) -> None:
    """After an edit, the move to Review refreshes the pane before showing it: that refresh must
    leave the rendering to the shown preview, not prepare a hidden one inside the keypress."""
    import screens.wizard as wizard_module
    from screens.wizard import WizardScreen
    from ui_helpers import type_keys

    monkeypatch.setattr(wizard_module, "PREFETCH_DELAY", 0.05)
    monkeypatch.setattr(wizard_module, "PREFETCH_AFTER_MOVE", 0.05)
    moving: list[bool] = []
    prepared_in_move: list[bool] = []
    open_step, prepare = WizardScreen.open_step, PlanPreview.prepare

    def recording_open_step(self, *args, **kwargs):
        moving.append(True)
        try:
            return open_step(self, *args, **kwargs)
        finally:
            moving.pop()

    def recording_prepare(self, width: int) -> None:
        prepared_in_move.append(bool(moving))
        prepare(self, width)

    monkeypatch.setattr(WizardScreen, "open_step", recording_open_step)
    monkeypatch.setattr(PlanPreview, "prepare", recording_prepare)
    app = new_app(store_with(tmp_path / "plans.json", large_plan()))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "risks")
        await wait_until(pilot, lambda: bool(wizard.query("#pane-review")), "the Review pane is built ahead")
        preview = wizard.query_one("#review-preview", PlanPreview)
        await wait_until(pilot, lambda: preview.prepared, "its preview is rendered while hidden")
        await type_keys(pilot, "x")  # an edit: the next move refreshes the Review pane first
        await pilot.press("alt+right")
        await wait_until(pilot, lambda: wizard.step == "review" and preview.fully_rendered, "the preview is shown")
    assert prepared_in_move and not any(prepared_in_move), "a preview was prepared inside the move"


async def test_with_nothing_to_fix_the_keys_scroll_the_preview(tmp_path: Path) -> None:
    """The sample has no findings, so their list is not drawn: the focus goes to the preview,
    not to the hidden list, and page down scrolls the plan."""
    from textual.widgets import OptionList

    app = new_app(store_with(tmp_path / "plans.json", sample_plan()))
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "review")
        assert not wizard.query_one("#findings", OptionList).display
        preview = wizard.query_one("#review-preview", PlanPreview)
        assert app.focused is preview
        await wait_until(pilot, lambda: preview.max_scroll_y > 0, "the preview is longer than the pane")
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: preview.scroll_y > 0, "page down scrolled the preview")
