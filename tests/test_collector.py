"""Python's full collections wait for the user to be quiet (acct_tui.collector)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual import events
from ui_helpers import FakeClock, new_app, wait_until

from acct_tui.collector import QUIET, RARE, Collector


@pytest.fixture
def collector():
    clock = FakeClock()
    made = Collector(clock=clock, due=0)
    made.clock = clock  # type: ignore[attr-defined]
    yield made
    made.stop()


def test_start_freezes_what_is_alive_and_makes_full_collections_rare(collector) -> None:
    before = gc.get_threshold()
    collector.start()
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (before[0], before[1], RARE)
    collector.stop()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_one_collector_holds_the_process_at_a_time(collector) -> None:
    """A second start (this app again, or another app in the same process) changes nothing, and
    only the holder's stop gives the thresholds back."""
    before = gc.get_threshold()
    other = Collector(clock=collector.clock)
    collector.start()
    collector.start()
    other.start()
    other.stop()
    assert gc.get_threshold() == (before[0], before[1], RARE)
    assert gc.get_freeze_count() > 0
    collector.stop()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    other.start()  # free again: the next app may hold it
    assert gc.get_threshold()[2] == RARE
    other.stop()


def test_a_due_collection_waits_until_the_user_is_quiet(collector) -> None:
    collector.start()
    collector.input()
    collector.clock.advance(QUIET / 2)
    collector.tick()
    assert collector.collections == 0
    collector.clock.advance(QUIET)
    collector.tick()
    assert collector.collections == 1


def test_no_collection_before_one_is_due() -> None:
    clock = FakeClock()
    collector = Collector(clock=clock, due=10**9)
    try:
        collector.start()
        clock.advance(QUIET * 10)
        collector.tick()
        assert collector.collections == 0
    finally:
        collector.stop()


def test_nothing_happens_before_start(collector) -> None:
    collector.clock.advance(QUIET * 10)
    collector.tick()
    assert collector.collections == 0


async def test_the_app_collects_once_quiet_and_a_key_puts_it_off(tmp_path: Path) -> None:
    clock = FakeClock()
    app = new_app(tmp_path / "plans.json")
    app.collect_when_quiet = True
    app.collector = Collector(clock=clock, due=0)
    thresholds = gc.get_threshold()
    async with app.run_test() as pilot:
        await wait_until(pilot, lambda: gc.get_threshold()[2] == RARE, "the collector started")
        clock.advance(QUIET / 2)
        await pilot.press("down")  # a key: not quiet any more
        assert app.collector.quiet_for() == 0
        clock.advance(QUIET / 2)
        app.post_message(events.MouseScrollDown(None, 10, 10, 0, 1, 0, False, False, False))  # so is the wheel
        await pilot.pause()
        assert app.collector.quiet_for() == 0
        clock.advance(QUIET / 2)
        await pilot.pause()
        assert app.collector.collections == 0
        clock.advance(QUIET)
        await wait_until(pilot, lambda: app.collector.collections > 0, "a collection once quiet")
    assert gc.get_threshold() == thresholds  # given back as the app closed
    assert gc.get_freeze_count() == 0


async def test_in_tests_the_app_leaves_the_collector_alone(tmp_path: Path) -> None:
    thresholds = gc.get_threshold()
    app = new_app(tmp_path / "plans.json")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.get_threshold() == thresholds
        assert gc.get_freeze_count() == 0
