"""The edit session: the newest version of every plan, undo and redo, and autosave.

Every edit of a plan goes through one ``EditSession``. It keeps the newest
version in memory at once (readers get that immutable plan, never waiting on
the disk), remembers each change so it can be undone and redone, and decides
when to write: after ``quiet`` seconds without an edit, and at most
``max_wait`` seconds after the first unsaved edit even if typing never pauses.
One writer thread does all the I/O and always writes the newest version; a
failed write is retried with backoff and reported through ``status()``.

The session never holds its own lock while the disk works, so the UI thread
can read and edit while a save is in flight. It knows nothing of Textual: the
app calls ``tick()`` from a timer and shows ``status()``.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass, replace
from typing import Callable, Protocol

from acct_tui.history import check_kind, check_note
from acct_tui.model import Plan, now_utc

QUIET = 0.8
"""Seconds without an edit before the newest version is written."""

MAX_WAIT = 3.0
"""Seconds after the first unsaved edit by which it is written, even mid-typing."""

RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
"""Seconds before each retry of a failed save; the last one repeats."""

HISTORY_LIMIT = 1000
"""Undo steps kept for the session; the oldest are forgotten first."""

SWITCH_INTERVAL = 0.0005
"""Seconds a thread may keep the GIL once another one asks for it (Python's default: 0.005).

Writing a 20,000-tactic plan is two seconds of pure Python in the writer
thread. With the default, every time the UI thread wakes (each key, each
frame) it waits up to 5 ms for the writer to let go, many times per key;
at half a millisecond a key is painted while a save is under way.
"""


class PlanSink(Protocol):
    """Where plans are written: the store (or a fake in tests)."""

    def save(self, plan: Plan) -> None: ...

    def delete(self, plan_id: str) -> None: ...

    def take_snapshot(self, plan: Plan, kind: str, note: str = "") -> object: ...


@dataclass(frozen=True)
class Change:
    """One undoable step: a plan before and after it (None: the plan did not exist)."""

    plan_id: str
    before: Plan | None
    after: Plan | None
    label: str
    """What the user did, in their words: "typing in Vision", "delete the plan"."""
    group: str = ""
    """Edits in a row with the same non-empty group are one step (keys typed in one field)."""


@dataclass(frozen=True)
class SaveStatus:
    """What the app shows about saving."""

    unsaved: int = 0
    """Plans with edits not yet on disk."""
    error: str = ""
    """Why the last write failed ("" when it did not)."""
    stopped: bool = False
    """True when saving stopped for good (the file changed under us): retrying won't help."""

    @property
    def saved(self) -> bool:
        return not self.unsaved and not self.error


@dataclass
class _Dirty:
    """A plan waiting to be written: its newest version (None: delete it) and when."""

    plan: Plan | None
    first: float
    last: float


class EditSession:
    """The plans being edited, their history, and when they reach the disk."""

    def __init__(
        self,
        sink: PlanSink,
        *,
        clock: Callable[[], float] = time.monotonic,
        quiet: float = QUIET,
        max_wait: float = MAX_WAIT,
        retry_delays: tuple[float, ...] = RETRY_DELAYS,
        threaded: bool = True,
        describe: Callable[[Plan | None, Plan | None], str] | None = None,
    ) -> None:
        self._sink = sink
        self._describe = describe
        """Words for a change with no label, made only when it is undone (typing stays cheap)."""
        self._clock = clock
        self._quiet = quiet
        self._max_wait = max_wait
        self._retry_delays = retry_delays
        self._lock = threading.Lock()
        """Guards the fields below; never held while the disk works."""
        self._plans: dict[str, Plan | None] = {}
        """The newest version of each plan touched this session (None: deleted)."""
        self._dirty: dict[str, _Dirty] = {}
        self._done: list[Change] = []
        self._undone: list[Change] = []
        self._snapshots: list[tuple[Plan, str, str]] = []
        """Snapshots asked for and not yet taken: (the version the user saw, kind, note)."""
        self._error = ""
        self._stopped = False
        self._failures = 0
        self._retry_at: float | None = None
        self._writing = False
        self._wake = threading.Condition(self._lock)
        self._write_requested = False
        self._closed = False
        self._thread: threading.Thread | None = None
        if threaded:
            sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))
            self._thread = threading.Thread(target=self._writer, name="acct-tui-writer", daemon=True)
            self._thread.start()

    # --- reading ------------------------------------------------------------

    def known(self, plan_id: str) -> bool:
        """True if the session holds a version of this plan (or knows it was deleted)."""
        with self._lock:
            return plan_id in self._plans

    def newest(self, plan_id: str) -> Plan | None:
        """The session's newest version of a plan: None if deleted; KeyError if never touched."""
        with self._lock:
            return self._plans[plan_id]

    def touched(self) -> dict[str, Plan | None]:
        """Every plan this session changed, newest versions (None: deleted)."""
        with self._lock:
            return dict(self._plans)

    # --- editing ------------------------------------------------------------

    def track(self, plan: Plan) -> None:
        """Remember a plan as read from the store (no change, nothing to save)."""
        with self._lock:
            self._plans.setdefault(plan.id, plan)

    def edit(self, plan: Plan, label: str = "", group: str = "") -> Plan:
        """Take a new version of a plan (stamped as updated now); return it."""
        plan = replace(plan, updated=now_utc())
        self._change(plan.id, plan, label, group)
        return plan

    def delete(self, plan_id: str, label: str) -> None:
        """Delete a plan (undoable until the session ends)."""
        self._change(plan_id, None, label, "")

    def _change(self, plan_id: str, after: Plan | None, label: str, group: str) -> None:
        with self._lock:
            before = self._plans.get(plan_id)
            last = self._done[-1] if self._done else None
            if group and last is not None and last.plan_id == plan_id and last.group == group:
                self._done[-1] = replace(last, after=after)
            else:
                self._done.append(Change(plan_id, before, after, label, group))
                del self._done[:-HISTORY_LIMIT]
            self._undone = [change for change in self._undone if change.plan_id != plan_id]
            self._set(plan_id, after)

    def _set(self, plan_id: str, plan: Plan | None) -> None:
        """Make ``plan`` the newest version and mark it for saving (lock held)."""
        self._plans[plan_id] = plan
        now = self._clock()
        dirty = self._dirty.get(plan_id)
        if dirty is None:
            self._dirty[plan_id] = _Dirty(plan, now, now)
        else:
            dirty.plan, dirty.last = plan, now

    def can_undo(self, plan_id: str | None = None) -> bool:
        with self._lock:
            return self._last(self._done, plan_id) is not None

    def can_redo(self, plan_id: str | None = None) -> bool:
        with self._lock:
            return self._last(self._undone, plan_id) is not None

    def undo(self, plan_id: str | None = None, *, keep: bool = False) -> Change | None:
        """Undo the newest change (of ``plan_id`` if given); the change, or None if none.

        With ``keep``, a change whose undoing would remove the plan (its
        creation) is left alone: the wizard can't undo away the plan it shows.
        """
        return self._step(self._done, self._undone, plan_id, lambda change: change.before, keep)

    def redo(self, plan_id: str | None = None, *, keep: bool = False) -> Change | None:
        """Redo the newest undone change (of ``plan_id`` if given); ``keep`` as for undo."""
        return self._step(self._undone, self._done, plan_id, lambda change: change.after, keep)

    def _step(
        self,
        source: list[Change],
        target: list[Change],
        plan_id: str | None,
        version: Callable[[Change], Plan | None],
        keep: bool,
    ) -> Change | None:
        with self._lock:
            index = self._last(source, plan_id)
            if index is None or (keep and version(source[index]) is None):
                return None
            change = source.pop(index)
            if not change.label and self._describe is not None:
                change = replace(change, label=self._describe(change.before, change.after))
            target.append(change)
            plan = version(change)
            if plan is not None:
                plan = replace(plan, updated=now_utc())
            self._set(change.plan_id, plan)
            return change

    @staticmethod
    def _last(changes: list[Change], plan_id: str | None) -> int | None:
        for index in range(len(changes) - 1, -1, -1):
            if plan_id is None or changes[index].plan_id == plan_id:
                return index
        return None

    # --- snapshots ----------------------------------------------------------

    def snapshot(self, plan_id: str, kind: str, note: str = "") -> None:
        """Keep the plan as the user sees it now as a snapshot (``acct_tui.history``); never waits.

        The writer thread first saves every unsaved plan, so the snapshot never
        holds a version the plan file does not, then takes it. A failure is
        reported through ``status()`` and retried, like a failed save. A note
        that is not one line of plain text raises ValidationError here, before
        anything is queued; KeyError if the session holds no version of the plan.
        """
        check_kind(kind)
        check_note(note)
        with self._lock:
            plan = self._plans[plan_id]
            if plan is None:
                raise KeyError(plan_id)
            self._snapshots.append((plan, kind, note))
        self.save_soon()

    def _take_snapshots(self) -> bool:
        """Take the queued snapshots (the writer thread, after the saves); False if one failed."""
        while True:
            with self._lock:
                if not self._snapshots:
                    return True
                request = self._snapshots[0]
            try:
                self._sink.take_snapshot(*request)
            except Exception as error:  # noqa: BLE001 - reported and retried, like a save
                self._failed(error)
                return False
            with self._lock:
                self._snapshots.pop(0)  # only this thread removes, so it is still the first

    # --- saving -------------------------------------------------------------

    def status(self) -> SaveStatus:
        with self._lock:
            return SaveStatus(len(self._dirty), self._error, self._stopped)

    def seconds_to_next_write(self) -> float | None:
        """When ``tick`` should next run to keep the policy (None: nothing waits)."""
        with self._lock:
            due = self._due_at()
        return None if due is None else max(0.0, due - self._clock())

    def _due_at(self) -> float | None:
        """The clock time the oldest unsaved edit must be written by (lock held)."""
        if not (self._dirty or self._snapshots) or self._stopped:
            return None
        due = min(
            (min(d.last + self._quiet, d.first + self._max_wait) for d in self._dirty.values()),
            default=self._clock(),  # only snapshots wait: due now (or at the retry)
        )
        if self._retry_at is not None:
            due = max(due, self._retry_at)
        return due

    def tick(self) -> None:
        """Start a write if the policy says one is due (the app calls this from a timer)."""
        with self._lock:
            due = self._due_at()
            if due is None or self._clock() < due:
                return
        self.save_soon()

    def save_soon(self) -> None:
        """Write everything unsaved now, in the writer thread; never waits for the disk."""
        if self._thread is None:
            self._write_all()
            return
        with self._wake:
            self._write_requested = True
            self._wake.notify_all()

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Write everything now and wait for it (quit and signals); True if all is on disk."""
        with self._lock:
            self._retry_at = None
        self.save_soon()
        if self._thread is not None:
            with self._wake:
                self._wake.wait_for(lambda: not self._write_requested and not self._writing, timeout)
        with self._lock:
            return not self._dirty and not self._snapshots

    def resume(self) -> None:
        """Allow saving again after it stopped (the app resolved the file conflict)."""
        with self._lock:
            self._stopped = False
            self._error = ""
            self._retry_at = None

    def unsaved(self) -> dict[str, Plan | None]:
        """The plans with edits not yet on disk, newest versions (None: to be deleted)."""
        with self._lock:
            return {plan_id: dirty.plan for plan_id, dirty in self._dirty.items()}

    def reset(self) -> None:
        """Forget every plan, edit and undo step, and save again (after the store was reloaded)."""
        with self._lock:
            self._plans.clear()
            self._dirty.clear()
            self._done.clear()
            self._undone.clear()
            self._stopped = False
            self._error = ""
            self._failures = 0
            self._retry_at = None

    def forget(self, plan_id: str) -> None:
        """Drop a plan's unsaved edits and history (after reloading it from disk)."""
        with self._lock:
            self._plans.pop(plan_id, None)
            self._dirty.pop(plan_id, None)
            self._done = [c for c in self._done if c.plan_id != plan_id]
            self._undone = [c for c in self._undone if c.plan_id != plan_id]

    def close(self) -> None:
        """Stop the writer thread (after ``flush``)."""
        with self._wake:
            self._closed = True
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _writer(self) -> None:
        """The writer thread: wait for a request, write, repeat."""
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._write_requested or self._closed)
                if self._closed and not self._write_requested:
                    return
                self._write_requested = False
                self._writing = True
            try:
                self._write_all()
            finally:
                with self._wake:
                    self._writing = False
                    self._wake.notify_all()

    def _write_all(self) -> None:
        """Write the newest version of every unsaved plan; stop at the first failure."""
        while True:
            with self._lock:
                if self._stopped:
                    return
                pending = next(iter(self._dirty.items()), None)
            if pending is None:
                if self._take_snapshots():
                    self._succeeded()
                return
            plan_id, dirty = pending
            version = dirty.plan
            started = self._clock()
            try:
                if version is None:
                    self._sink.delete(plan_id)
                else:
                    self._sink.save(version)
            except KeyError:
                pass  # deleting a plan that never reached the disk
            except Exception as error:  # noqa: BLE001 - every failure is reported, none is lost
                self._failed(error)
                return
            with self._lock:
                if self._dirty.get(plan_id) is dirty:
                    if dirty.plan is version:
                        del self._dirty[plan_id]
                    else:  # edited while it was written: the wait starts again from here
                        dirty.first = max(dirty.first, started)

    def _succeeded(self) -> None:
        with self._lock:
            self._error = ""
            self._failures = 0
            self._retry_at = None

    def _failed(self, error: Exception) -> None:
        with self._lock:
            self._error = str(error) or type(error).__name__
            if getattr(error, "retryable", True) is False:
                self._stopped = True
                return
            delay = self._retry_delays[min(self._failures, len(self._retry_delays) - 1)]
            self._failures += 1
            self._retry_at = self._clock() + delay
