"""The Review step's preview: bounded on a big plan, written off the UI thread on a huge one."""

from __future__ import annotations

from pathlib import Path

from ui_helpers import new_app, open_plan_at, visible_text, wait_until

import screens.steps.review as review
from acct_tui.model import Plan
from acct_tui.sample import large_plan, sample_plan
from acct_tui.store import PlanStore
from screens.preview import PlanPreview
from screens.steps.review import preview_head


def store_with(db: Path, plan: Plan) -> Path:
    with PlanStore(db) as store:
        store.save(plan)
    return db


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
