"""The edit session: autosave policy (fake clock), newest-wins writer, retry, undo and redo."""

from __future__ import annotations

import sys
import threading
from dataclasses import replace

import pytest

from acct_tui.model import Plan
from acct_tui.session import SWITCH_INTERVAL, EditSession


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Sink:
    """A store stand-in that records what reached it, and can fail on demand."""

    def __init__(self) -> None:
        self.saved: list[Plan] = []
        self.deleted: list[str] = []
        self.failures: list[Exception] = []

    def save(self, plan: Plan) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.saved.append(plan)

    def delete(self, plan_id: str) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.deleted.append(plan_id)


class DiskFull(OSError):
    def __str__(self) -> str:
        return "No space left on device"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sink() -> Sink:
    return Sink()


@pytest.fixture
def session(sink: Sink, clock: FakeClock) -> EditSession:
    """A session that writes inline (no thread), so the policy is tested exactly."""
    return EditSession(sink, clock=clock, threaded=False)


def named(plan: Plan, name: str) -> Plan:
    return replace(plan, name=name)


# --- the autosave policy --------------------------------------------------


def test_an_edit_is_written_after_the_quiet_pause_not_before(session, sink, clock) -> None:
    session.edit(Plan(name="Acme"), "new plan")
    clock.advance(0.79)
    session.tick()
    assert sink.saved == []
    assert session.status().unsaved == 1
    clock.advance(0.01)
    session.tick()
    assert [p.name for p in sink.saved] == ["Acme"]
    assert session.status().saved


def test_each_edit_restarts_the_quiet_pause(session, sink, clock) -> None:
    plan = session.edit(Plan(name="A"), "new plan")
    for name in ("Ab", "Abc"):
        clock.advance(0.5)
        session.tick()
        plan = session.edit(named(plan, name), "typing", group="name")
    clock.advance(0.79)
    session.tick()
    assert sink.saved == []
    clock.advance(0.01)
    session.tick()
    assert [p.name for p in sink.saved] == ["Abc"]


def test_typing_that_never_pauses_is_written_within_the_max_wait(session, sink, clock) -> None:
    plan = session.edit(Plan(name="A"), "new plan")
    for step in range(1, 7):  # a key every 0.5 s: the quiet pause never comes
        clock.advance(0.5)
        session.tick()
        if step < 6:
            assert sink.saved == [], f"written after {step * 0.5} s"
            plan = session.edit(named(plan, "A" + "b" * step), "typing", group="name")
    assert [p.name for p in sink.saved] == ["Abbbbb"]  # at 3.0 s, the newest version


def test_seconds_to_next_write_follows_the_policy(session, clock) -> None:
    assert session.seconds_to_next_write() is None
    session.edit(Plan(name="A"), "new plan")
    assert session.seconds_to_next_write() == pytest.approx(0.8)


def test_a_failed_save_is_reported_and_retried_with_backoff(session, sink, clock) -> None:
    sink.failures = [DiskFull(), DiskFull()]
    session.edit(Plan(name="Acme"), "new plan")
    clock.advance(0.8)
    session.tick()
    assert session.status().error == "No space left on device"
    assert session.status().unsaved == 1
    clock.advance(0.9)
    session.tick()  # 1 s backoff not over: no attempt
    assert len(sink.failures) == 1
    clock.advance(0.1)
    session.tick()  # second attempt fails: the next wait is 2 s
    assert sink.failures == [] and sink.saved == []
    clock.advance(1.9)
    session.tick()
    assert sink.saved == []
    clock.advance(0.1)
    session.tick()
    assert [p.name for p in sink.saved] == ["Acme"]
    assert session.status().saved and session.status().error == ""


def test_a_refusal_that_retrying_cannot_fix_stops_saving(session, sink, clock) -> None:
    class Changed(Exception):
        retryable = False

    sink.failures = [Changed("the file changed on disk")]
    session.edit(Plan(name="Acme"), "new plan")
    clock.advance(0.8)
    session.tick()
    status = session.status()
    assert status.stopped and status.error == "the file changed on disk"
    clock.advance(60)
    session.tick()
    assert sink.saved == []
    session.resume()
    session.flush()
    assert [p.name for p in sink.saved] == ["Acme"]


def test_flush_writes_at_once(session, sink) -> None:
    session.edit(Plan(name="Acme"), "new plan")
    assert session.flush()
    assert [p.name for p in sink.saved] == ["Acme"]


def test_delete_reaches_the_store(session, sink) -> None:
    plan = Plan(name="Acme")
    session.track(plan)
    session.delete(plan.id, "delete the plan")
    session.flush()
    assert sink.deleted == [plan.id]
    assert session.newest(plan.id) is None


# --- the writer thread ----------------------------------------------------


def test_the_writer_thread_always_lands_the_newest_version(clock) -> None:
    """While one write waits on a slow disk, two more edits arrive: the last one wins."""
    entered, release = threading.Event(), threading.Event()
    written: list[str] = []

    class SlowSink(Sink):
        def save(self, plan: Plan) -> None:
            entered.set()
            assert release.wait(10)
            written.append(plan.name)

    session = EditSession(SlowSink(), clock=clock)
    try:
        plan = session.edit(Plan(name="v1"), "new plan")
        session.save_soon()
        assert entered.wait(10)
        plan = session.edit(named(plan, "v2"), "rename")  # the UI thread is not blocked
        session.edit(named(plan, "v3"), "rename")
        session.save_soon()
        release.set()
        assert session.flush()
        assert written[-1] == "v3"
        assert "v2" not in written[1:]  # after v1, only the newest version is written
    finally:
        session.close()


def test_flush_waits_for_the_writer_thread(clock) -> None:
    sink = Sink()
    session = EditSession(sink, clock=clock)
    try:
        session.edit(Plan(name="Acme"), "new plan")
        assert session.flush()
        assert [p.name for p in sink.saved] == ["Acme"]
        assert session.status().saved
    finally:
        session.close()


def test_the_writer_thread_hands_the_gil_over_quickly(clock, monkeypatch) -> None:
    """A long save in the writer thread must not hold up the UI thread for Python's default 5 ms a turn."""
    set_to: list[float] = []
    monkeypatch.setattr(sys, "setswitchinterval", set_to.append)
    monkeypatch.setattr(sys, "getswitchinterval", lambda: 0.005)  # Python's default
    session = EditSession(Sink(), clock=clock)
    session.close()
    assert set_to == [SWITCH_INTERVAL] and SWITCH_INTERVAL <= 0.001


# --- undo and redo --------------------------------------------------------


def test_undo_and_redo_walk_the_versions(session) -> None:
    plan = session.edit(Plan(name="Acme"), "new plan")
    plan = session.edit(named(plan, "Acme Corp"), "rename the account")
    change = session.undo(plan.id)
    assert change is not None and change.label == "rename the account"
    assert session.newest(plan.id).name == "Acme"
    change = session.redo(plan.id)
    assert change is not None and session.newest(plan.id).name == "Acme Corp"


def test_keys_typed_in_one_field_undo_as_one_step(session) -> None:
    plan = session.edit(Plan(name="A"), "new plan")
    for name in ("Ab", "Abc", "Abcd"):
        plan = session.edit(named(plan, name), "typing in Account name", group="facts.name")
    session.undo(plan.id)
    assert session.newest(plan.id).name == "A"


def test_a_new_edit_clears_what_could_be_redone(session) -> None:
    plan = session.edit(Plan(name="A"), "new plan")
    plan = session.edit(named(plan, "B"), "rename")
    session.undo(plan.id)
    session.edit(named(session.newest(plan.id), "C"), "rename")
    assert not session.can_redo(plan.id)


def test_undo_is_per_plan(session) -> None:
    a = session.edit(Plan(name="A"), "new plan")
    b = session.edit(Plan(name="B"), "new plan")
    session.edit(named(a, "A2"), "rename")
    session.edit(named(b, "B2"), "rename")
    session.undo(a.id)
    assert session.newest(a.id).name == "A"
    assert session.newest(b.id).name == "B2"


def test_a_deleted_plan_comes_back_with_undo_and_is_saved_again(session, sink) -> None:
    plan = Plan(name="Acme")
    session.track(plan)
    session.delete(plan.id, "delete the plan for Acme")
    session.flush()
    change = session.undo()
    assert change is not None and change.label == "delete the plan for Acme"
    assert session.newest(plan.id).name == "Acme"
    session.flush()
    assert sink.saved[-1].id == plan.id


def test_undo_with_nothing_to_undo_says_so(session) -> None:
    assert session.undo() is None
    assert session.redo() is None
    assert not session.can_undo()


# --- what an undo toast says ------------------------------------------------


def test_describe_change_names_what_was_done() -> None:
    from acct_tui.edit import add_node, describe_change, move_node, remove_node, update_node
    from acct_tui.sample import sample_plan

    plan = sample_plan()
    goal = plan.goals[0]
    strategy = goal.strategies[0]
    below = sum(len(i.tactics) + 1 for i in strategy.initiatives)
    assert describe_change(plan, remove_node(plan, strategy.id)) == (
        f"delete strategy “{strategy.title[:39]}…” and {below} item(s) under it"
        if len(strategy.title) > 40
        else f"delete strategy “{strategy.title}” and {below} item(s) under it"
    )
    from acct_tui.model import Goal

    assert describe_change(plan, add_node(plan, Goal(title="Win"))) == "add goal “Win”"
    assert describe_change(plan, update_node(plan, goal.id, measure="+12%")).startswith("edit goal “")
    assert describe_change(plan, move_node(plan, goal.id, 1)).startswith("move goal “")
    assert describe_change(plan, replace(plan, industry="Retail")) == "change the industry"
    assert describe_change(None, plan) == f"add the plan for {plan.name}"
    assert describe_change(plan, None) == f"delete the plan for {plan.name}"


def test_keep_never_undoes_a_plan_away(session) -> None:
    """The wizard undoes with keep=True: it can't remove the plan it shows."""
    plan = session.edit(Plan(name="A"), "new plan")
    session.edit(named(plan, "B"), "rename")
    assert session.undo(plan.id, keep=True) is not None
    assert session.undo(plan.id, keep=True) is None
    assert session.newest(plan.id).name == "A"
