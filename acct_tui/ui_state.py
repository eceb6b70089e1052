"""What the app remembers between runs that is not the plan: where you were, how it looked.

Per plan: the step it was last left on (it reopens there) and its last export
(path, edition, when, and which version of the plan it wrote). For the whole
app: whether the coach is shown, the theme, and whether the first-run tour is behind you.

It lives beside the plans as ``<store folder>/ui-state.json`` (0600, written
atomically). It is a convenience, never data: a missing, damaged or odd file
gives the defaults and one line saying so, and a write that fails loses only
this. The file is read once at start; every change makes a new ``UiState``.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from acct_tui.files import atomic_write
from acct_tui.safe_json import JSONInputError, load_json
from acct_tui.steps import STEP_KEYS
from acct_tui.text import visible

FILE_NAME = "ui-state.json"
VERSION = 1
MAX_BYTES = 4_000_000
"""Larger than any honest file (about 300 bytes a plan): refused unread."""

_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SHORT = 4096
"""Longest string kept (a path, a theme name)."""


class BadState(ValueError):
    """The file is not one this module wrote; ``str()`` says why."""


@dataclass(frozen=True)
class LastExport:
    """One export of a plan: where it went, which edition, when, and of which version."""

    path: str
    edition: str
    when: datetime
    """Wall-clock time of the export (aware)."""
    version: datetime
    """The plan's ``updated`` when exported: the export is current while they match."""


@dataclass(frozen=True)
class UiState:
    """Everything remembered; change it with the ``with_…`` methods (they return a new one)."""

    coach_shown: bool = True
    theme: str = ""
    """A Textual theme name; "" for the app's default."""
    steps: Mapping[str, str] = field(default_factory=dict)
    """Plan id -> the step key it was last left on."""
    exports: Mapping[str, LastExport] = field(default_factory=dict)
    """Plan id -> its last export."""
    tour_done: bool = False
    """The first-run tour was walked to its end or skipped: never offered again
    (the command palette still starts it)."""

    def step(self, plan_id: str) -> str:
        """The step to reopen a plan at (the first step for a plan never opened)."""
        return self.steps.get(plan_id, STEP_KEYS[0])

    def exported(self, plan_id: str, version: datetime) -> bool:
        """Whether this version of the plan has been exported (the Export step is done)."""
        last = self.exports.get(plan_id)
        return last is not None and last.version == version

    def with_step(self, plan_id: str, step: str) -> UiState:
        return replace(self, steps={**self.steps, plan_id: step})

    def with_export(self, plan_id: str, export: LastExport) -> UiState:
        return replace(self, exports={**self.exports, plan_id: export})

    def keeping(self, plan_ids: Iterable[str]) -> UiState:
        """Only what concerns these plans (the others were deleted): the file does not grow forever."""
        keep = set(plan_ids)
        return replace(
            self,
            steps={k: v for k, v in self.steps.items() if k in keep},
            exports={k: v for k, v in self.exports.items() if k in keep},
        )


def state_path(folder: Path) -> Path:
    return Path(folder) / FILE_NAME


def load(path: Path) -> tuple[UiState, str]:
    """The remembered state, and "" or a one-line notice (then the state is the defaults).

    No file is no news: a first start. Anything else wrong is said once and
    forgotten; the next write replaces the file.
    """
    try:
        content = _read(path)
        if content is None:
            return UiState(), ""
        return decode(content), ""
    except BadState as problem:
        return UiState(), f"{visible(str(path))} {problem}: the last steps and exports are forgotten."


def save(path: Path, state: UiState) -> None:
    """Write the state (0600, atomically, not fsynced: it is a convenience); OSError if it fails."""
    atomic_write(path, encode(state), durable=False)


def encode(state: UiState) -> bytes:
    doc = {
        "version": VERSION,
        "coach_shown": state.coach_shown,
        "theme": state.theme,
        "tour_done": state.tour_done,
        "steps": dict(state.steps),
        "exports": {
            plan_id: {
                "path": export.path,
                "edition": export.edition,
                "when": export.when.isoformat(),
                "version": export.version.isoformat(),
            }
            for plan_id, export in state.exports.items()
        },
    }
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def decode(content: bytes) -> UiState:
    """The state a file holds; BadState naming the first thing wrong."""
    try:
        doc = load_json(content)
    except JSONInputError as error:
        raise BadState(f"is not valid JSON ({error})") from None
    doc = _object(doc, "the file")
    if doc.get("version") != VERSION:
        raise BadState(f"has version {doc.get('version')!r}, not {VERSION}")
    coach_shown = doc.get("coach_shown", True)
    if not isinstance(coach_shown, bool):
        raise BadState('has a "coach_shown" that is not true or false')
    steps = {_plan_id(k): _step(v) for k, v in _object(doc.get("steps", {}), '"steps"').items()}
    exports = {_plan_id(k): _export(v) for k, v in _object(doc.get("exports", {}), '"exports"').items()}
    tour_done = doc.get("tour_done", False)
    if not isinstance(tour_done, bool):
        raise BadState('has a "tour_done" that is not true or false')
    return UiState(coach_shown, _text(doc.get("theme", ""), '"theme"'), steps, exports, tour_done)


def _read(path: Path) -> bytes | None:
    """The file's bytes, or None if there is none; never through a symlink, never a FIFO or a folder."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise BadState(f"can't be read ({error.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise BadState("is not a regular file")
        if info.st_size > MAX_BYTES:
            raise BadState(f"is too large ({info.st_size:,} bytes)")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise BadState(f"can't be read ({error.strerror})") from None
    finally:
        os.close(fd)


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadState(f"has {what} that is not an object")
    return value


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or len(value) > _SHORT:
        raise BadState(f"has a {what} that is not a short text")
    return value


def _plan_id(value: str) -> str:
    if not _ID.fullmatch(value):
        raise BadState(f"names a plan id that is not one ({visible(value[:40])!r})")
    return value


def _step(value: Any) -> str:
    if value not in STEP_KEYS:
        raise BadState(f"names a step that does not exist ({visible(str(value)[:40])!r})")
    return str(value)


def _time(value: Any, what: str) -> datetime:
    try:
        when = datetime.fromisoformat(_text(value, what))
    except ValueError:
        raise BadState(f"has a {what} that is not a date and time") from None
    if when.tzinfo is None:
        raise BadState(f"has a {what} without a time zone")
    return when


def _export(value: Any) -> LastExport:
    doc = _object(value, "an export")
    return LastExport(
        path=_text(doc.get("path"), '"path"'),
        edition=_text(doc.get("edition"), '"edition"'),
        when=_time(doc.get("when"), '"when"'),
        version=_time(doc.get("version"), '"version"'),
    )
