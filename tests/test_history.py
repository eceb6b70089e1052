"""A plan's snapshots: the domain (acct_tui.history), the store's API, and the session's queued snapshot."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from acct_tui import clock
from acct_tui.coach import health_score
from acct_tui.model import Plan, ValidationError
from acct_tui.sample import sample_plan
from acct_tui.session import EditSession
from acct_tui.store import PlanStore, StoreError

DAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: DAY)


@pytest.fixture
def store(tmp_path: Path):
    with PlanStore(tmp_path / "store") as opened:
        yield opened


def saved_sample(store: PlanStore) -> Plan:
    plan = sample_plan(DAY)
    store.save(plan)
    return plan


# --- the store's API ----------------------------------------------------------------


def test_take_snapshot_keeps_the_plan_with_its_kind_note_and_health_today(store) -> None:
    plan = saved_sample(store)
    snap = store.take_snapshot(plan, "review", "Q4 review with Dana")
    assert (snap.kind, snap.note, snap.health) == ("review", "Q4 review with Dana", health_score(plan, DAY))
    assert store.history(plan.id).snapshots() == [snap]
    assert store.history(plan.id).load(snap.id) == plan


def test_the_health_is_judged_against_the_clock_s_today(store, monkeypatch) -> None:
    plan = saved_sample(store)
    later = date(2031, 1, 1)  # every dated tactic overdue by then
    monkeypatch.setattr(clock, "today", lambda: later)
    assert store.take_snapshot(plan, "export").health == health_score(plan, later)
    assert health_score(plan, later) != health_score(plan, DAY)


@pytest.mark.parametrize("note", ["two\nlines", "bell\x07", "esc\x1b[31m"])
def test_a_note_with_control_characters_is_refused_naming_the_note(store, note) -> None:
    plan = saved_sample(store)
    with pytest.raises(ValidationError, match="The snapshot note"):
        store.take_snapshot(plan, "review", note)
    assert store.history(plan.id).snapshots() == []


def test_a_disk_error_is_one_line_naming_the_folder(store, tmp_path) -> None:
    plan = saved_sample(store)
    (store.folder / "history").write_text("a file where the folder should be")
    with pytest.raises(StoreError) as caught:
        store.take_snapshot(plan, "review")
    assert "history" in str(caught.value) and "\n" not in str(caught.value)


def test_a_read_only_store_takes_no_snapshot(store, tmp_path) -> None:
    plan = saved_sample(store)
    store.close()
    with PlanStore(tmp_path / "store", readonly=True) as readonly:
        with pytest.raises(StoreError, match="read-only"):
            readonly.take_snapshot(plan, "export")
    assert not (tmp_path / "store" / "history").exists()


# --- the session's queued snapshot --------------------------------------------------


def test_the_session_saves_the_newest_version_then_snapshots_it(store) -> None:
    plan = saved_sample(store)
    session = EditSession(store)
    try:
        session.track(plan)
        edited = session.edit(replace(plan, name="Acme Renamed"), "rename")
        session.snapshot(plan.id, "review", "held")
        assert session.flush()
        snaps = store.history(plan.id).snapshots()
        assert [(s.kind, s.note) for s in snaps] == [("review", "held")]
        assert store.history(plan.id).load(snaps[0].id) == edited
        assert store.get(plan.id) == edited
        assert session.status().saved
    finally:
        session.close()


def test_a_failed_snapshot_is_reported_like_a_failed_save_then_retried(store) -> None:
    plan = saved_sample(store)
    blocker = store.folder / "history"
    blocker.write_text("in the way")
    session = EditSession(store, threaded=False)
    session.track(plan)
    session.snapshot(plan.id, "review", "held")
    assert "snapshot" in session.status().error
    assert session.flush() is False  # a snapshot still waits: not everything is on disk
    assert store.history(plan.id).snapshots() == []
    blocker.unlink()
    assert session.flush()
    assert [s.kind for s in store.history(plan.id).snapshots()] == ["review"]
    assert session.status().saved


def test_a_bad_note_is_refused_at_once_and_nothing_is_queued(store) -> None:
    plan = saved_sample(store)
    session = EditSession(store, threaded=False)
    session.track(plan)
    with pytest.raises(ValidationError, match="single line"):
        session.snapshot(plan.id, "review", "a\nb")
    assert session.flush() and store.history(plan.id).snapshots() == []


def test_a_failed_snapshot_is_retried_by_the_timer_even_with_nothing_to_save(store) -> None:
    plan = saved_sample(store)
    now = [100.0]
    blocker = store.folder / "history"
    blocker.write_text("in the way")
    session = EditSession(store, clock=lambda: now[0], retry_delays=(5.0,), threaded=False)
    session.track(plan)
    session.snapshot(plan.id, "review", "held")
    blocker.unlink()
    now[0] += 4.9
    session.tick()
    assert store.history(plan.id).snapshots() == []  # the retry waits its delay
    now[0] += 0.2
    session.tick()
    assert [s.kind for s in store.history(plan.id).snapshots()] == ["review"]
    assert session.status().saved and session.seconds_to_next_write() is None
