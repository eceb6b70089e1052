"""The app's Export step writes the review pack with "Since the last review", as the CLI does."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from unittest.mock import patch

from textual.widgets import Select

from acct_tui import clock, edit
from acct_tui.sample import SAMPLE_PLAN_ID, sample_plan
from acct_tui.store import PlanStore
from ui_helpers import new_app, open_plan_at, wait_until


async def test_the_export_steps_review_pack_says_what_changed_since_the_review(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "plans.json"
    reviewed = sample_plan()
    with PlanStore(db) as store:
        store.save(reviewed)
        when = datetime(2026, 10, 1, 12, tzinfo=timezone.utc)
        with patch.object(clock, "today", lambda: when.date()):
            store.history(SAMPLE_PLAN_ID).take(reviewed, "review", "Q3 review", when=when)
        store.save(edit.update_node(reviewed, "t-pilot-scope", status="done"))
    app = new_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        wizard = await open_plan_at(pilot, "export")
        wizard.query_one("#export-edition", Select).value = "review"
        await pilot.pause()
        await pilot.press("ctrl+e")
        pack = tmp_path / "northwind-health-review-pack.md"
        await wait_until(pilot, pack.exists, "the review pack is written")
    text = pack.read_text(encoding="utf-8")
    since = text.split("## Since the last review (2026-10-01)\n")[1].split("\n## ")[0]
    assert "### Tactics" in since and "  - Status: open → done" in since
