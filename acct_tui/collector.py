"""When Python looks for garbage cycles: while the user is quiet, not inside a keypress.

Python's full collection walks every live object. With Textual's widgets and
a big plan that took 50–130 ms, about every 25 s of use, inside whatever the
user did then: a step move took 120–200 ms instead of 40 (bench_ui, 450
tactics). The app makes full collections rare while keys arrive, runs the
one that is due once the user has been quiet for a second, and freezes what
it made at start (modules, styles, the first screen), so no collection walks
it again. A cycle among those objects that dies later (a first notice's toast)
is kept until the app ends: a bounded cost, paid once.
"""

from __future__ import annotations

import gc
import time
from typing import Callable

QUIET = 1.0
"""Seconds without a key, click, scroll or paste before a due collection runs."""

DUE = 10
"""Collections of the middle generation after which a full one is due. Python's own threshold is
the same, but it also waits until a quarter of the old objects are new; a quiet moment need not."""

RARE = 100
"""Middle-generation collections after which Python collects in full anyway, quiet or not (a user
who never pauses still gets collected, ten times less often)."""

_owner: Collector | None = None
"""The collector that holds the process's thresholds and frozen objects: one at a time."""


class Collector:
    """Moves Python's full collections to the moments the user is quiet.

    ``start`` once the app is up; ``input`` on every key, click, scroll or
    paste; ``tick`` often (the app's 0.1 s tick); ``stop`` as the app ends.
    The thresholds and the frozen objects are the process's: while one
    collector holds them, another's ``start`` does nothing.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, due: int = DUE) -> None:
        self._clock = clock
        self._due = due
        self._last_input = clock()
        self._thresholds: tuple[int, int, int] | None = None
        self.collections = 0
        """Full collections run while the user was quiet (tests read it)."""

    def start(self) -> None:
        """Collect what starting left behind, freeze the rest, make automatic full collections rare."""
        global _owner
        if _owner is not None:
            return  # this one, or another app's in the same process (tests)
        _owner = self
        gc.collect()
        gc.freeze()
        self._thresholds = gc.get_threshold()
        young, middle, _ = self._thresholds
        gc.set_threshold(young, middle, RARE)

    def stop(self) -> None:
        """Give the process its thresholds back, and let the frozen objects be collected again."""
        global _owner
        if _owner is self and self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            gc.unfreeze()
            self._thresholds = None
            _owner = None

    def input(self) -> None:
        """The user did something: a collection now would be in their way."""
        self._last_input = self._clock()

    def quiet_for(self) -> float:
        """Seconds since the user last did something."""
        return self._clock() - self._last_input

    def tick(self) -> None:
        """Run the full collection that is due, if the user has been quiet for ``QUIET``."""
        if self._thresholds is None or gc.get_count()[2] < self._due:
            return
        if self.quiet_for() >= QUIET:
            gc.collect()
            self.collections += 1
