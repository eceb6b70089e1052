"""``acct-tui diff`` and the history ``export`` keeps: what changed since the last review.

Snapshots are made with the history API (as the app's ctrl+r does), the plan
edited through the store, and the CLI run in-process as in test_cli.py.
"""

from __future__ import annotations

import json
import stat
from datetime import date, datetime, timezone
from pathlib import Path
from unittest.mock import patch

import cmarkgfm
import pytest

from acct_tui import clock, edit
from acct_tui.coach import health_score
from acct_tui.model import Plan
from acct_tui.sample import SAMPLE_PLAN_ID, sample_plan
from acct_tui.store import PlanStore
from test_cli import assert_one_line_failure, run, store_with

TODAY = date(2026, 11, 23)
REVIEW_DAY = datetime(2026, 10, 1, 12, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture
def sample_db(db_path: Path) -> Path:
    return store_with(db_path, sample_plan(TODAY))


def stored(db: Path) -> Plan:
    with PlanStore(db, readonly=True) as store:
        return store.get(SAMPLE_PLAN_ID)


def take(db: Path, kind: str, when: datetime = REVIEW_DAY, note: str = "") -> str:
    """Keep the stored plan as a snapshot taken on ``when``'s day, as the app does; return its id."""
    with PlanStore(db) as store, patch.object(clock, "today", lambda: when.date()):
        return store.history(SAMPLE_PLAN_ID).take(store.get(SAMPLE_PLAN_ID), kind, note, when=when).id


def change(db: Path, **fields_by_id: dict) -> None:
    """Edit the stored plan: {node id: {field: value}}."""
    with PlanStore(db) as store:
        plan = store.get(SAMPLE_PLAN_ID)
        for node_id, changes in fields_by_id.items():
            plan = edit.update_node(plan, node_id, **changes)
        store.save(plan)


def the_story(db: Path) -> None:
    """The issue's story: a review, then a goal changed, an initiative moved, two tactics closed, a metric updated."""
    take(db, "review", note="Q3 business review")
    with PlanStore(db) as store:
        plan = store.get(SAMPLE_PLAN_ID)
        plan = edit.update_node(plan, "g-revenue", title="Grow revenue in the account by 12%")
        plan = edit.move_to_parent(plan, "i-csat-value", "s-expand-sites")
        plan = edit.update_node(plan, "t-quantify", status="done")
        plan = edit.update_node(plan, "t-pilot-scope", status="done")
        plan = edit.update_node(plan, "metric-arr", current=2550)
        store.save(plan)


# --- diff ---------------------------------------------------------------------


def test_without_a_review_it_says_how_to_mark_one(capsys, sample_db):
    code, out, err = run(capsys, "--db", str(sample_db), "diff", "north")
    assert_one_line_failure(code, err, "no review marked yet for Northwind Health", "ctrl+r", "--since DATE")
    assert out == ""


def test_it_shows_exactly_the_changes_since_the_last_review(capsys, sample_db):
    the_story(sample_db)
    code, out, err = run(capsys, "--db", str(sample_db), "diff", "north")
    assert code == 0 and err == ""
    assert out.startswith("# Northwind Health: changes since review 2026-10-01\n")
    items = [line for line in out.splitlines() if line.startswith("  - ")]
    assert items == [
        "  - Goal: Grow revenue in the account by 10% this fiscal year → Grow revenue in the account by 12%",
        "  - Moved from Strategy 1.1 “Introduce our new product, Brightline Engage, into the account” "
        "to Strategy 1.2 “Extend scheduling from three hospitals to all five”",
        "  - Status: open → done",
        "  - Status: doing → done",
        "  - Current: 2,460 k USD → 2,550 k USD (better)",
    ]


def test_json_is_the_same_changes_with_stable_keys(capsys, sample_db):
    the_story(sample_db)
    code, out, _ = run(capsys, "--db", str(sample_db), "diff", "north", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert list(data) == ["account", "plan_id", "before", "after", "health", "findings", "changes"]
    assert (data["before"], data["after"]) == ("review 2026-10-01", "now")
    assert [(c["what"], c["id"]) for c in data["changes"]] == [
        ("edited", "g-revenue"), ("status", "t-pilot-scope"), ("moved", "i-csat-value"),
        ("status", "t-quantify"), ("metric", "metric-arr"),
    ]


def test_since_a_day_takes_the_newest_snapshot_on_or_before_it(capsys, sample_db):
    take(sample_db, "daily", datetime(2026, 9, 1, 12, tzinfo=timezone.utc))
    change(sample_db, **{"t-quantify": {"owner": "Sam"}})
    take(sample_db, "daily", datetime(2026, 9, 20, 12, tzinfo=timezone.utc))
    change(sample_db, **{"t-quantify": {"owner": "Lee"}})
    _, out, _ = run(capsys, "--db", str(sample_db), "diff", "north", "--since", "2026-09-10")
    assert "# Northwind Health: changes since daily 2026-09-01\n" in out
    assert "  - Owner: Priya Shah → Lee" in out
    _, out, _ = run(capsys, "--db", str(sample_db), "diff", "north", "--since", "2026-09-25")
    assert "  - Owner: Sam → Lee" in out


def test_to_a_snapshot_and_since_a_kind(capsys, sample_db):
    first = take(sample_db, "export", datetime(2026, 9, 1, 12, tzinfo=timezone.utc))
    change(sample_db, **{"t-quantify": {"owner": "Sam"}})
    second = take(sample_db, "daily", datetime(2026, 9, 20, 12, tzinfo=timezone.utc))
    change(sample_db, **{"t-quantify": {"owner": "Lee"}})
    _, out, _ = run(capsys, "--db", str(sample_db), "diff", "north", "--since", first, "--to", second[:12])
    assert out.startswith("# Northwind Health: changes since export 2026-09-01 to daily 2026-09-20\n")
    assert "  - Owner: Priya Shah → Sam" in out
    _, out, _ = run(capsys, "--db", str(sample_db), "diff", "north", "--since", "export")
    assert "  - Owner: Priya Shah → Lee" in out


def test_no_changes_says_so(capsys, sample_db):
    take(sample_db, "review")
    code, out, _ = run(capsys, "--db", str(sample_db), "diff", "north")
    assert code == 0 and "_No changes since review 2026-10-01._" in out


@pytest.mark.parametrize("since", ["2000-01-01", "nosuch", "\x1b[2Jx"])
def test_a_snapshot_that_is_not_there_is_one_line(capsys, sample_db, since):
    take(sample_db, "review")
    code, out, err = run(capsys, "--db", str(sample_db), "diff", "north", "--since", since)
    assert_one_line_failure(code, err, "--since", "Northwind Health")
    assert "\x1b" not in err and out == ""


def test_a_damaged_snapshot_is_one_line(capsys, sample_db):
    snapshot = take(sample_db, "review")
    path = sample_db / "history" / SAMPLE_PLAN_ID / f"{snapshot}.json.gz"
    path.write_bytes(b"not gzip")
    code, _, err = run(capsys, "--db", str(sample_db), "diff", "north")
    assert_one_line_failure(code, err, str(path))


def test_output_file_is_private_and_never_the_store(capsys, sample_db, tmp_path):
    the_story(sample_db)
    target = tmp_path / "changes.md"
    _, printed, _ = run(capsys, "--db", str(sample_db), "diff", "north")
    code, out, err = run(capsys, "--db", str(sample_db), "diff", "north", "-o", str(target))
    assert code == 0 and out == "" and str(target) in err
    assert target.read_text(encoding="utf-8") == printed
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    catalog = sample_db / "catalog.json"
    before = catalog.read_bytes()
    code, _, err = run(capsys, "--db", str(sample_db), "diff", "north", "-o", str(catalog))
    assert_one_line_failure(code, err, "plan store")
    assert catalog.read_bytes() == before


def test_diff_reads_while_the_app_holds_the_store(capsys, sample_db):
    take(sample_db, "review")
    with PlanStore(sample_db):
        code, _, _ = run(capsys, "--db", str(sample_db), "diff", "north")
    assert code == 0


# --- export keeps a snapshot ---------------------------------------------------------


def test_export_keeps_an_export_snapshot_of_what_it_wrote(capsys, sample_db, tmp_path):
    target = tmp_path / "plan.md"
    code, _, err = run(capsys, "--db", str(sample_db), "export", "north", "-o", str(target))
    assert code == 0 and err == f"Wrote {target}\n"
    with PlanStore(sample_db, readonly=True) as store:
        history = store.history(SAMPLE_PLAN_ID)
        [snapshot] = history.snapshots()
        assert snapshot.kind == "export" and snapshot.note == f"internal edition to {target}"
        assert snapshot.health == health_score(stored(sample_db), TODAY)
        assert history.load(snapshot.id) == stored(sample_db)


def test_export_to_stdout_keeps_one_too(capsys, sample_db):
    code, _, err = run(capsys, "--db", str(sample_db), "export", "north", "--format", "json")
    assert code == 0 and err == ""
    with PlanStore(sample_db, readonly=True) as store:
        assert [s.note for s in store.history(SAMPLE_PLAN_ID).snapshots()] == ["json edition to stdout"]


def test_export_while_the_app_holds_the_store_writes_and_says_the_snapshot_was_skipped(
    capsys, sample_db, tmp_path
):
    target = tmp_path / "plan.md"
    with PlanStore(sample_db):
        code, _, err = run(capsys, "--db", str(sample_db), "export", "north", "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("# Northwind Health")
    assert err.splitlines() == [
        f"Wrote {target}",
        "acct-tui: note: the plan store is open in another acct-tui, so no export snapshot was kept",
    ]
    assert not (sample_db / "history").exists()


# --- the review pack --------------------------------------------------------------


def review_pack_html(capsys, db: Path) -> str:
    code, out, _ = run(capsys, "--db", str(db), "export", "north", "--review")
    assert code == 0
    return cmarkgfm.markdown_to_html_with_extensions(out, extensions=["table", "strikethrough", "tasklist"])


def test_review_pack_says_what_changed_since_the_last_review(capsys, sample_db):
    the_story(sample_db)
    html = review_pack_html(capsys, sample_db)
    since = html.split("<h2>Since the last review (2026-10-01)</h2>")[1].split("<h2>")[0]
    assert "<h3>Goals</h3>" in since and "<h3>Initiatives</h3>" in since and "<h3>Reporting</h3>" in since
    assert "<li>Goal: Grow revenue in the account by 10% this fiscal year → Grow revenue in the account by 12%</li>" in since
    assert since.count("<li>Status: ") == 2
    assert "<li>Current: 2,460 k USD → 2,550 k USD (better)</li>" in since
    assert html.index("Since the last review") < html.index("Overdue tactics")


def test_review_pack_without_a_review_says_none_is_marked(capsys, sample_db):
    html = review_pack_html(capsys, sample_db)
    assert "<h2>Since the last review</h2>\n<p><em>No review has been marked held yet" in html


def test_review_pack_with_a_damaged_review_snapshot_says_so(capsys, sample_db):
    snapshot = take(sample_db, "review")
    path = sample_db / "history" / SAMPLE_PLAN_ID / f"{snapshot}.json.gz"
    path.write_bytes(b"not gzip")
    html = review_pack_html(capsys, sample_db)
    assert "<h2>Since the last review</h2>\n<p><em>Can't read the snapshot" in html


def test_the_snapshot_note_shows_a_control_character_in_the_path_as_a_symbol(capsys, sample_db, tmp_path):
    target = tmp_path / "plan\x1b[2J.md"
    code, _, _ = run(capsys, "--db", str(sample_db), "export", "north", "-o", str(target))
    with PlanStore(sample_db, readonly=True) as store:
        [snapshot] = store.history(SAMPLE_PLAN_ID).snapshots()
    assert code == 0 and "\x1b" not in snapshot.note and "␛[2J" in snapshot.note
