"""A plan's snapshots: the domain (acct_tui.history), the store's API, and the session's queued snapshot."""

from __future__ import annotations

import builtins
import gzip
import json
import os
import stat
import threading
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acct_tui import clock
from acct_tui import history as history_module
from acct_tui.history import INDEX, History, HistoryError, Snapshot, check_note
from acct_tui.plan_json import plan_to_dict
from acct_tui.coach import health_score
from acct_tui.model import Plan, ValidationError
from acct_tui.sample import sample_plan
from acct_tui.session import EditSession
from acct_tui.store import PlanStore, StoreError
from hostile import HOSTILE, MUST_NOT_REACH

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
    assert not (store.folder / "history").exists()  # the retry waits its delay
    now[0] += 0.2
    session.tick()
    assert [s.kind for s in store.history(plan.id).snapshots()] == ["review"]
    assert session.status().saved and session.seconds_to_next_write() is None


# --- the history on disk: private, never through a symlink, never rewritten -----------------


WHEN = datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)


def mode_of(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def plan() -> Plan:
    return sample_plan(DAY)


@pytest.fixture
def history(tmp_path: Path, plan: Plan) -> History:
    return History(tmp_path, plan.id)


def test_folders_are_0700_and_files_0600_whatever_the_umask(history, plan) -> None:
    old = os.umask(0)
    try:
        snap = history.take(plan, "review", "held")
    finally:
        os.umask(old)
    assert mode_of(history.root) == mode_of(history.folder) == 0o700
    assert mode_of(history.folder / f"{snap.id}.json.gz") == mode_of(history.folder / INDEX) == 0o600


def test_loose_folders_and_index_are_made_private_on_the_next_snapshot(history, plan) -> None:
    history.take(plan, "review")
    for path, mode in ((history.root, 0o755), (history.folder, 0o775), (history.folder / INDEX, 0o644)):
        os.chmod(path, mode)
    history.take(plan, "export")
    assert (mode_of(history.root), mode_of(history.folder), mode_of(history.folder / INDEX)) == (0o700, 0o700, 0o600)


@pytest.mark.parametrize("which", ["root", "plan folder"])
def test_a_symlinked_history_folder_is_refused_and_its_target_left_alone(tmp_path, history, plan, which) -> None:
    victim = tmp_path / "elsewhere"
    victim.mkdir()
    if which == "plan folder":
        history.root.mkdir()
    link = history.root if which == "root" else history.folder
    link.symlink_to(victim)
    for attempt in (lambda: history.take(plan, "review"), history.snapshots, lambda: history.load("x")):
        with pytest.raises(HistoryError) as caught:
            attempt()
        assert "\n" not in str(caught.value)
    with pytest.raises(HistoryError, match="symbolic link"):
        history.snapshots()
    assert list(victim.iterdir()) == []


def test_a_symlinked_index_is_never_followed(tmp_path, history, plan) -> None:
    snap = history.take(plan, "review")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    (history.folder / INDEX).unlink()
    (history.folder / INDEX).symlink_to(victim)
    with pytest.raises(OSError):
        history.take(plan, "export")  # the append refuses the link
    assert [s.kind for s in history.snapshots()] == ["review", "export"]  # rebuilt from the files
    assert not (history.folder / INDEX).is_symlink() and victim.read_text() == "keep me\n"
    assert history.snapshots()[0] == snap


def test_a_symlinked_snapshot_file_is_not_listed_and_not_read(tmp_path, history, plan) -> None:
    history.take(plan, "review")
    outside = tmp_path / "outside.json.gz"
    outside.write_bytes(b"x")
    fake = "20261123T000000000000Z-export"
    (history.folder / f"{fake}.json.gz").symlink_to(outside)
    assert [s.kind for s in history.snapshots()] == ["review"]
    with pytest.raises(HistoryError, match="symbolic link"):
        history.load(fake)


def test_earlier_snapshots_stay_byte_identical_as_more_are_taken(history, plan) -> None:
    first = history.take(plan, "review", "one")
    files = {p.name: p.read_bytes() for p in history.folder.glob("*.json.gz")}
    index = (history.folder / INDEX).read_bytes()
    for n in range(3):
        history.take(replace(plan, name=f"Acme {n}"), "daily")
    assert {p.name: p.read_bytes() for p in history.folder.glob("*.json.gz") if p.name in files} == files
    assert (history.folder / INDEX).read_bytes().startswith(index)
    assert history.load(first.id) == plan


def test_two_snapshots_at_the_same_instant_are_two_files(history, plan) -> None:
    one = history.take(plan, "review", "first", when=WHEN)
    kept = (history.folder / f"{one.id}.json.gz").read_bytes()
    two = history.take(replace(plan, name="Later"), "review", "second", when=WHEN)
    assert one.id != two.id
    assert (history.folder / f"{one.id}.json.gz").read_bytes() == kept
    assert history.load(one.id) == plan and history.load(two.id).name == "Later"


def test_threads_taking_snapshots_at_once_never_interleave_index_lines(history, plan) -> None:
    start = threading.Barrier(4)

    def take_some() -> None:
        start.wait()
        for _ in range(10):
            history.take(plan, "daily")

    threads = [threading.Thread(target=take_some) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = (history.folder / INDEX).read_text().splitlines()
    assert len(lines) == 40 and all(Snapshot.from_dict(json.loads(line)) for line in lines)
    assert len(history.snapshots()) == 40 and history.notices == []


def test_the_index_line_is_synced(history, plan, monkeypatch) -> None:
    history.take(plan, "review")  # the folders exist now: their creation syncs nothing below
    synced: list[str] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(os.readlink(f"/proc/self/fd/{fd}")), real(fd)))
    history.take(plan, "export")
    assert str(history.folder / INDEX) in synced


# --- the index is derived: rebuilt, with a notice ------------------------------------------------


def take_three(history: History, plan: Plan) -> list[Snapshot]:
    return [history.take(plan, kind) for kind in ("daily", "review", "export")]


@pytest.mark.parametrize(
    "damage, said",
    [
        (None, "was missing"),
        (b"not json\n", "line 1"),
        (b'{"id": "x"}\n', "line 1"),
        (b"[" * 100_000 + b"\n", "line 1"),
        (b'{"id": "20261123T000000000000Z-daily", "taken"', "half-written"),
    ],
)
def test_a_missing_or_damaged_index_is_rebuilt_from_the_files_with_a_notice(history, plan, damage, said) -> None:
    snaps = take_three(history, plan)
    index = history.folder / INDEX
    if damage is None:
        index.unlink()
    else:
        index.write_bytes(damage)
    assert history.snapshots() == snaps
    assert len(history.notices) == 1 and said in history.notices[0] and str(index) in history.notices[0]
    again = History(history.root.parent, plan.id)
    assert again.snapshots() == snaps and again.notices == []  # the rebuilt index was written


def test_a_read_only_history_rebuilds_in_memory_but_writes_nothing(tmp_path, history, plan) -> None:
    snaps = take_three(history, plan)
    (history.folder / INDEX).unlink()
    reader = History(tmp_path, plan.id, writable=False)
    assert reader.snapshots() == snaps and reader.notices
    assert not (history.folder / INDEX).exists()
    with pytest.raises(HistoryError, match="read-only"):
        reader.take(plan, "review")


def test_a_snapshot_file_the_index_misses_is_listed_and_indexed_quietly(history, plan) -> None:
    snaps = take_three(history, plan)
    index = history.folder / INDEX
    index.write_text("".join(line + "\n" for line in index.read_text().splitlines()[:2]))  # a crash before the append
    assert history.snapshots() == snaps and history.notices == []
    assert len(index.read_text().splitlines()) == 3


def test_an_index_line_whose_file_is_gone_is_not_listed(history, plan) -> None:
    snaps = take_three(history, plan)
    (history.folder / f"{snaps[1].id}.json.gz").unlink()
    assert history.snapshots() == [snaps[0], snaps[2]]


def test_an_append_after_a_half_written_line_starts_a_new_line(history, plan) -> None:
    first = history.take(plan, "daily")
    with open(history.folder / INDEX, "ab") as index:
        index.write(b'{"id": "half')
    second = history.take(plan, "review")
    last = (history.folder / INDEX).read_text().splitlines()[-1]
    assert Snapshot.from_dict(json.loads(last)) == second
    assert history.snapshots() == [first, second]


def test_a_note_with_control_characters_in_the_index_is_shown_as_symbols(history, plan) -> None:
    snap = history.take(plan, "review", "fine")
    record = snap.to_dict() | {"note": HOSTILE}
    (history.folder / INDEX).write_text(json.dumps(record) + "\n")
    note = history.snapshots()[0].note
    assert not any(bad in note for bad in MUST_NOT_REACH) and "\x1b" not in note


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "export"},
        {"health": 101},
        {"health": True},
        {"health": "90"},
        {"taken": "2026-11-23T09:30:00"},
        {"note": 3},
    ],
)
def test_a_record_that_contradicts_itself_is_not_a_snapshot(history, plan, change) -> None:
    record = history.take(plan, "review").to_dict() | change
    with pytest.raises(ValueError):
        Snapshot.from_dict(record)


# --- a damaged or hostile snapshot file: one line naming it --------------------------------------


def write_snapshot(history: History, snap_id: str, content: bytes, *, compress: bool = True) -> Path:
    path = history.folder / f"{snap_id}.json.gz"
    path.write_bytes(gzip.compress(content) if compress else content)
    return path


def body(meta: dict, plan_data, schema=1) -> bytes:
    return json.dumps({"schema": schema, "meta": meta, "plan": plan_data}).encode()


@pytest.mark.parametrize(
    "make, said",
    [
        (lambda meta, data: (b"plain text, not gzip", False), "gzip"),
        (lambda meta, data: (gzip.compress(body(meta, data))[:40], False), "gzip"),
        (lambda meta, data: (b"{" * 10_000, True), "deep"),
        (lambda meta, data: (b'{"schema": 1, "meta": {}, "plan": {}, "plan": {}}', True), "plan"),
        (lambda meta, data: (json.dumps([1, 2]).encode(), True), "not an acct-tui snapshot"),
        (lambda meta, data: (body(meta, data, schema=99), True), "schema 99"),
        (lambda meta, data: (body(meta | {"id": "20200101T000000000000Z-review"}, data), True), "names the snapshot"),
        (lambda meta, data: (body(meta | {"health": -1}, data), True), "metadata"),
        (lambda meta, data: (body(meta, data | {"goals": "lots"}), True), "not a valid plan"),
        (lambda meta, data: (body(meta, data | {"id": "someone-else"}), True), "someone-else"),
        (lambda meta, data: (body(meta, {k: v for k, v in data.items() if k != "id"}), True), "id"),
    ],
)
def test_a_damaged_snapshot_file_is_one_line_naming_it(history, plan, make, said) -> None:
    snap = history.take(plan, "review")
    content, compress = make(snap.to_dict(), plan_to_dict(plan))
    path = write_snapshot(history, snap.id, content, compress=compress)
    with pytest.raises(HistoryError) as caught:
        history.load(snap.id)
    message = str(caught.value)
    assert str(path) in message and said in message and "\n" not in message


def test_a_gzip_bomb_is_refused_without_reading_it_all(history, plan, monkeypatch) -> None:
    snap = history.take(plan, "review")
    monkeypatch.setattr(history_module, "MAX_SNAPSHOT_BYTES", 1000)
    with pytest.raises(HistoryError, match="too large"):
        history.load(snap.id)


def test_a_snapshot_with_control_characters_opens_with_them_as_symbols_and_a_notice(history, plan) -> None:
    snap = history.take(plan, "review")
    write_snapshot(history, snap.id, body(snap.to_dict(), plan_to_dict(plan) | {"name": "Acme " + HOSTILE}))
    loaded = history.load(snap.id)
    assert loaded.name.startswith("Acme ") and "\x1b" not in loaded.name
    assert len(history.notices) == 1 and "control" in history.notices[0]


def test_a_damaged_file_met_while_rebuilding_is_left_out_with_a_notice(history, plan) -> None:
    snaps = take_three(history, plan)
    (history.folder / INDEX).unlink()
    broken = write_snapshot(history, snaps[1].id, b"garbage", compress=False)
    assert history.snapshots() == [snaps[0], snaps[2]]
    assert any(str(broken) in notice and "left out" in notice for notice in history.notices)


def test_load_refuses_a_name_that_is_not_a_snapshot_id(history, plan) -> None:
    history.take(plan, "review")
    with pytest.raises(HistoryError, match="no snapshot"):
        history.load("../../plans/x")


def test_a_plan_id_that_is_not_one_is_refused(tmp_path) -> None:
    with pytest.raises(ValueError):
        History(tmp_path, "../etc")


# --- the daily snapshot, and what opening reads -------------------------------------------------


def on_day(monkeypatch, day: date) -> None:
    monkeypatch.setattr(clock, "today", lambda: day)


def count_index_reads(monkeypatch) -> list[str]:
    reads: list[str] = []
    real = History._read_index

    def counting(self):
        reads.append(self.plan_id)
        return real(self)

    monkeypatch.setattr(History, "_read_index", counting)
    return reads


def test_the_first_save_of_a_day_keeps_the_plan_as_the_last_day_left_it(store, monkeypatch) -> None:
    yesterday = saved_sample(store)
    on_day(monkeypatch, date(2026, 11, 24))
    store.save(replace(yesterday, name="Acme Today"))
    store.save(replace(yesterday, name="Acme Later Today"))
    snaps = store.history(yesterday.id).snapshots()
    assert [(s.kind, s.day) for s in snaps] == [("daily", date(2026, 11, 24))]
    assert store.history(yesterday.id).load(snaps[0].id) == yesterday
    assert snaps[0].health == health_score(yesterday, date(2026, 11, 24))
    on_day(monkeypatch, date(2026, 11, 25))
    store.save(replace(yesterday, name="Acme Tomorrow"))
    last = store.history(yesterday.id).latest()
    assert last is not None and store.history(yesterday.id).load(last.id).name == "Acme Later Today"


def test_a_new_plan_has_no_daily_snapshot(store) -> None:
    plan = saved_sample(store)
    store.save(replace(plan, name="Acme 2"))
    assert store.history(plan.id).snapshots() == []
    assert not (store.folder / "history").exists()


def test_no_daily_snapshot_when_the_plan_has_one_from_today(store, monkeypatch) -> None:
    plan = saved_sample(store)
    store.close()
    with PlanStore(store.folder) as later:  # a new process: it knows nothing of today yet
        opened = later.get(plan.id)
        later.take_snapshot(opened, "review", "held")
        later.save(replace(opened, name="After the review"))
        assert [s.kind for s in later.history(plan.id).snapshots()] == ["review"]


def test_the_index_is_read_once_per_plan_a_day(store, monkeypatch) -> None:
    plan = saved_sample(store)
    other = replace(sample_plan(DAY), id="other-plan", name="Other")
    store.save(other)
    store.take_snapshot(plan, "export")
    store.take_snapshot(other, "export")
    on_day(monkeypatch, date(2026, 11, 24))
    reads = count_index_reads(monkeypatch)
    for n in range(5):
        store.save(replace(plan, name=f"Acme {n}"))
        store.save(replace(other, name=f"Other {n}"))
    assert sorted(reads) == [other.id, plan.id]
    assert [s.kind for s in store.history(plan.id).snapshots()] == ["export", "daily"]


def test_a_failed_daily_snapshot_still_saves_the_plan_and_says_so_once(store, monkeypatch) -> None:
    plan = saved_sample(store)
    on_day(monkeypatch, date(2026, 11, 24))
    (store.folder / "history").write_text("in the way")
    with pytest.raises(StoreError, match="Saved 'Northwind.*but the day's snapshot") as caught:
        store.save(replace(plan, name="Northwind Today"))
    assert "\n" not in str(caught.value)
    assert store.get(plan.id).name == "Northwind Today"
    store.save(replace(plan, name="Northwind Again"))  # the retry: no second error the same day
    assert store.get(plan.id).name == "Northwind Again"


def test_opening_the_store_and_a_plan_reads_no_history(store, tmp_path, monkeypatch) -> None:
    plan = saved_sample(store)
    on_day(monkeypatch, date(2026, 11, 24))
    store.save(replace(plan, name="Northwind Today"))  # a daily snapshot exists now
    store.take_snapshot(plan, "review")
    store.close()
    root = str(store.folder / "history")
    touched: list[str] = []

    def watch(name: str) -> None:
        real = getattr(os, name)

        def watched(path, *args, **kwargs):
            if isinstance(path, (str, os.PathLike)) and str(path).startswith(root):
                touched.append(f"{name} {path}")
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, name, watched)

    for name in ("open", "stat", "lstat", "scandir", "listdir"):
        watch(name)
    real_open = builtins.open

    def watched_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and str(file).startswith(root):
            touched.append(f"open {file}")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watched_open)
    for readonly in (False, True):
        with PlanStore(store.folder, readonly=readonly) as again:
            again.catalog()
            again.get(plan.id)
    assert touched == []
    assert PlanStore(store.folder, readonly=True).history(plan.id).snapshots()  # the watch does see history reads
    assert touched


def test_a_deleted_plan_keeps_its_history_so_undoing_the_delete_finds_it(store) -> None:
    plan = saved_sample(store)
    snap = store.take_snapshot(plan, "review", "held")
    session = EditSession(store, threaded=False)
    session.track(plan)
    session.delete(plan.id, "delete the plan")
    session.flush()
    assert plan.id not in {entry.id for entry in store.catalog()}
    assert store.history(plan.id).snapshots() == [snap]
    session.undo()
    session.flush()
    assert store.get(plan.id) == session.newest(plan.id)
    assert store.history(plan.id).snapshots()[0] == snap


def test_a_fifo_planted_as_the_index_or_a_snapshot_never_hangs_and_is_refused(history, plan) -> None:
    snap = history.take(plan, "review")
    (history.folder / f"{snap.id}.json.gz").unlink()
    os.mkfifo(history.folder / f"{snap.id}.json.gz")
    with pytest.raises(HistoryError, match="not a regular file"):
        history.load(snap.id)
    (history.folder / INDEX).unlink()
    os.mkfifo(history.folder / INDEX)
    with pytest.raises(HistoryError, match="not a regular file"):
        history.take(plan, "export")


def test_an_index_too_large_to_be_one_is_rebuilt(history, plan, monkeypatch) -> None:
    snaps = take_three(history, plan)
    monkeypatch.setattr(history_module, "MAX_INDEX_BYTES", 100)
    assert history.snapshots() == snaps and "too large" in history.notices[0]


def test_a_history_keeps_only_its_own_plan(history, plan) -> None:
    with pytest.raises(ValueError):
        history.take(replace(plan, id="another"), "review")


def test_a_closed_store_takes_no_snapshot(store) -> None:
    plan = saved_sample(store)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.take_snapshot(plan, "review")


def test_the_session_refuses_a_snapshot_of_a_deleted_or_unknown_plan(store) -> None:
    plan = saved_sample(store)
    session = EditSession(store, threaded=False)
    with pytest.raises(KeyError):
        session.snapshot(plan.id, "review")
    session.track(plan)
    session.delete(plan.id, "delete")
    with pytest.raises(KeyError):
        session.snapshot(plan.id, "review")
    with pytest.raises(ValueError, match="kind"):
        session.snapshot("anything", "weekly")


def test_a_file_where_a_history_folder_should_be_is_one_line(history, plan) -> None:
    history.root.write_text("not a folder")
    with pytest.raises(HistoryError, match="it is a file, not a folder"):
        history.snapshots()


def test_a_fifo_planted_as_the_index_is_taken_as_damaged_and_replaced(history, plan) -> None:
    snaps = take_three(history, plan)
    (history.folder / INDEX).unlink()
    os.mkfifo(history.folder / INDEX)
    assert history.snapshots() == snaps
    assert "not a regular file" in history.notices[0]
    assert stat.S_ISREG(os.lstat(history.folder / INDEX).st_mode)


def test_history_take_itself_refuses_a_note_with_control_characters(history, plan) -> None:
    with pytest.raises(ValidationError, match="The snapshot note"):
        history.take(plan, "review", "\x1b]0;PWNED\x07")
    assert not history.root.exists()


def test_a_read_only_store_never_writes_history_not_even_a_rebuilt_index(store, tmp_path) -> None:
    plan = saved_sample(store)
    snap = store.take_snapshot(plan, "review")
    store.close()
    index = store.folder / "history" / plan.id / INDEX
    index.unlink()
    with PlanStore(store.folder, readonly=True) as readonly:
        assert readonly.history(plan.id).snapshots() == [snap]
    assert not index.exists()


def test_an_export_may_not_land_in_the_history(store) -> None:
    from acct_tui.store import is_own_file

    plan = saved_sample(store)
    snap = store.take_snapshot(plan, "review")
    folder = store.folder / "history"
    assert is_own_file(store.folder, folder)
    assert is_own_file(store.folder, folder / plan.id / f"{snap.id}.json.gz")
    assert not is_own_file(store.folder, store.folder / "history.md")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(max_size=60))
def test_any_note_is_kept_exactly_or_refused_with_nothing_written(tmp_path_factory, plan, note) -> None:
    history = History(tmp_path_factory.mktemp("notes"), plan.id)
    try:
        check_note(note)
    except ValidationError:
        with pytest.raises(ValidationError):
            history.take(plan, "review", note)
        assert history.snapshots() == []
        return
    snap = history.take(plan, "review", note)
    assert History(history.root.parent, plan.id).snapshots() == [snap] and snap.note == note
