"""A plan's dated snapshots: what it looked like at each review, export and day of work.

    <store folder>/history/                                   0700, created with the first snapshot
    <store folder>/history/<plan id>/                         0700, one folder per plan
    <store folder>/history/<plan id>/<snapshot id>.json.gz    0600, one snapshot each, never rewritten
    <store folder>/history/<plan id>/index.jsonl              0600, one line per snapshot (append-only)

A snapshot is the whole plan as the store writes it, gzip-compressed, with
its metadata (when, local day, kind, note, health) inside. The index repeats
the metadata so listing a plan's history reads one small file, not every
snapshot. The index is derived data: if it is missing or damaged it is
rebuilt from the snapshot files (``History.notices`` says so), and a
snapshot file the index does not list (a crash between the two writes) is
added back. Nothing here is read when the app starts or a plan opens.

Every file is opened without following a symlink, and neither folder is
used if it is a symlink (acct-tui never makes one). A snapshot is read
through the plan file's own checks (safe JSON, the model's rules, control
characters shown as symbols), so a damaged or hostile file is one line
naming it, never a traceback. One lock serialises this process's writes, so
two threads never interleave index lines; the store's folder lock keeps
other processes out.

Kinds:
    review   the user marked a review held (with a one-line note)
    export   the plan was exported (CLI or app)
    daily    the first save of a day keeps the plan as it was before that day's edits
    restore  the current version, kept before an older snapshot replaced it

The snapshot id sorts by time: ``20261123T165100123456Z-review``.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import re
import stat
import threading
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from acct_tui import clock
from acct_tui.files import NotDurable, _fsync_dir, _write_all, atomic_write
from acct_tui.model import Plan, check_text
from acct_tui.onefile import BadFile, _check_plan, _parse, _quote
from acct_tui.plan_json import plan_to_dict
from acct_tui.text import repair_notice, repair_strings, visible

HISTORY_DIR = "history"
INDEX = "index.jsonl"
SNAPSHOT_KINDS = ("review", "export", "daily", "restore")
SNAPSHOT_SCHEMA = 1
"""The layout of a snapshot file (the plan inside follows the plan file's own format)."""
MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024
"""A decompressed snapshot larger than this is refused (a gzip bomb, not a plan)."""
MAX_INDEX_BYTES = 16 * 1024 * 1024
"""An index larger than this is taken as damaged (2 years of dailies take about 150 KB)."""
COMPRESS_LEVEL = 6
"""gzip's default trade-off: level 9 costs twice the time for a few percent."""
FOLDER_MODE = 0o700

_ID = re.compile(r"^\d{8}T\d{12}Z-(review|export|daily|restore)$")
_FILE = re.compile(r"^(\d{8}T\d{12}Z-(?:review|export|daily|restore))\.json\.gz$")
_PLAN_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_NOFOLLOW = os.O_NOFOLLOW | os.O_CLOEXEC
_LOCK = threading.Lock()
"""Held while a history is read or written, so an index line is never half-seen or interleaved."""

NOTE_LABEL = "The snapshot note"


class HistoryError(Exception):
    """A snapshot that can't be read or written; the message is one line for the user."""


def check_note(note: object) -> str:
    """The note if it is one line of plain text (the model's one-line check), else ValidationError."""
    return check_text(NOTE_LABEL, note)


def check_kind(kind: object) -> str:
    """The kind if it is one of ``SNAPSHOT_KINDS``, else ValueError (a programming error, not user input)."""
    if kind not in SNAPSHOT_KINDS:
        raise ValueError(f"unknown snapshot kind {kind!r}")
    return str(kind)


@dataclass(frozen=True)
class Snapshot:
    """One snapshot's metadata (the plan itself is read by ``History.load``)."""

    id: str
    taken: datetime
    """When it was taken, in UTC."""
    kind: str
    note: str = ""
    health: int | None = None
    """The coach's score of the plan as it was then."""
    day: date = field(default=date.min)
    """The local day it was taken, by ``clock.today()`` (defaults to ``taken``'s local date)."""

    def __post_init__(self) -> None:
        if self.day == date.min:
            object.__setattr__(self, "day", self.taken.astimezone().date())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "taken": self.taken.isoformat(),
            "day": self.day.isoformat(),
            "kind": self.kind,
            "note": self.note,
            "health": self.health,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Snapshot:
        """Metadata from an index line or a snapshot file; ValueError if it is not one.

        The note is shown as it is read, so its control characters become symbols.
        """
        if not isinstance(data, dict):
            raise ValueError("not a snapshot record")
        found = _ID.match(str(data.get("id", "")))
        if not found or data.get("kind") != found.group(1):
            raise ValueError("not a snapshot record (bad id or kind)")
        taken = datetime.fromisoformat(str(data["taken"]))
        if taken.tzinfo is None:
            raise ValueError("snapshot time without a time zone")
        day = date.fromisoformat(str(data["day"])) if "day" in data else date.min
        note = data.get("note", "")
        health = data.get("health")
        healthy = health is None or (type(health) is int and 0 <= health <= 100)
        if not isinstance(note, str) or not healthy:
            raise ValueError("bad snapshot note or health")
        return cls(data["id"], taken.astimezone(timezone.utc), found.group(1), visible(note), health, day)


def snapshot_id(when: datetime, kind: str) -> str:
    return when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + f"-{kind}"


class History:
    """The snapshots of one plan, in its folder under the store.

    Writers: the store's writer thread (or the CLI). Readers may list and load
    from any thread. ``writable=False`` (a read-only store) never writes,
    not even a rebuilt index.
    """

    def __init__(self, store_folder: Path, plan_id: str, *, writable: bool = True) -> None:
        if not _PLAN_ID.match(plan_id):
            raise ValueError(f"not a plan id: {plan_id!r}")
        self.root = Path(store_folder) / HISTORY_DIR
        self.folder = self.root / plan_id
        self.plan_id = plan_id
        self.writable = writable
        self.notices: list[str] = []
        """Things to tell the user once: a rebuilt index, a skipped damaged file, repaired text."""

    # --- reading ---------------------------------------------------------------

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, oldest first ([] when there is none); HistoryError if a folder is unsafe.

        Reads the index and the folder's file names; a snapshot file is read
        only if the index is missing, damaged or does not list it.
        """
        with _LOCK:
            if not (_existing_folder(self.root) and _existing_folder(self.folder)):
                return []
            files = self._snapshot_files()
            listed, damage = self._read_index()
            found = {snap.id: snap for snap in listed if snap.id in files}
            unlisted = sorted(files - set(found))
            for snap_id in unlisted:
                try:
                    found[snap_id] = self._read_file(snap_id)[0]
                except HistoryError as error:
                    self.notices.append(f"{error} It is left out of the history.")
            snaps = sorted(found.values(), key=lambda s: s.id)
            if damage and files:
                self.notices.append(
                    f"The history index {self.folder / INDEX} {damage}; it was rebuilt from the "
                    f"{len(files)} snapshot files."
                )
            if (damage and files) or unlisted:
                self._write_index(snaps)
            return snaps

    def latest(self, kind: str | None = None) -> Snapshot | None:
        """The newest snapshot (of ``kind``, if given), or None."""
        snaps = [s for s in self.snapshots() if kind is None or s.kind == kind]
        return snaps[-1] if snaps else None

    def find(self, spec: str) -> Snapshot:
        """A snapshot by id (or unique id start), "review" (the last review), or a day
        YYYY-MM-DD (the newest taken on or before it); LookupError says why not."""
        snaps = self.snapshots()
        if not snaps:
            raise LookupError("this plan has no snapshots yet")
        if spec == "review":
            reviews = [s for s in snaps if s.kind == "review"]
            if not reviews:
                raise LookupError("no review has been marked held for this plan")
            return reviews[-1]
        try:
            day = date.fromisoformat(spec)
        except ValueError:
            matches = [s for s in snaps if s.id.startswith(spec)]
            if len(matches) == 1:
                return matches[0]
            raise LookupError(
                f"no snapshot {spec!r}" if not matches else f"{spec!r} matches {len(matches)} snapshots"
            ) from None
        before = [s for s in snaps if s.day <= day]
        if not before:
            raise LookupError(f"no snapshot on or before {day.isoformat()}")
        return before[-1]

    def load(self, snapshot_id: str) -> Plan:
        """The plan as the snapshot holds it, checked as a plan file is; HistoryError names the file."""
        if not _ID.match(snapshot_id):
            raise HistoryError(f"There is no snapshot {snapshot_id!r} of this plan.")
        with _LOCK:
            if not (_existing_folder(self.root) and _existing_folder(self.folder)):
                raise HistoryError(f"There is no snapshot {snapshot_id!r} of this plan.")
            _, raw_plan = self._read_file(snapshot_id)
        path = self._path(snapshot_id)
        try:
            plan = _check_plan(raw_plan, "its plan")
        except BadFile as problem:
            raise HistoryError(_one_line(f"Can't read the snapshot {path}: {problem}.")) from None
        if plan.id != self.plan_id:
            raise HistoryError(f"Can't read the snapshot {path}: it holds the plan {plan.id!r}, not {self.plan_id!r}.")
        _, repaired = repair_strings(raw_plan)
        if repaired:
            self.notices.append(repair_notice(plan.name, repaired))
        return plan

    def _path(self, snapshot_id: str) -> Path:
        return self.folder / f"{snapshot_id}.json.gz"

    def _snapshot_files(self) -> set[str]:
        """The ids of the plain snapshot files in the folder (names only: nothing is opened)."""
        try:
            with os.scandir(self.folder) as entries:
                return {
                    match.group(1)
                    for entry in entries
                    if (match := _FILE.match(entry.name)) and entry.is_file(follow_symlinks=False)
                }
        except OSError as error:
            raise HistoryError(f"Can't read the history folder {self.folder}: {error.strerror or error}.") from None

    def _read_index(self) -> tuple[list[Snapshot], str]:
        """The index's records, and what is wrong with it ("" if nothing)."""
        try:
            content = _read_private(self.folder / INDEX, MAX_INDEX_BYTES)
        except OSError as error:
            return [], f"could not be read ({_reason(error)})"
        if content is None:
            return [], "was missing"
        if len(content) > MAX_INDEX_BYTES:
            return [], "was too large to be an index"
        records: list[Snapshot] = []
        lines = content.split(b"\n")
        if lines[-1]:
            return records, "ended in a half-written line"
        for number, line in enumerate(lines[:-1], start=1):
            try:
                records.append(Snapshot.from_dict(json.loads(line)))
            except (ValueError, KeyError, TypeError, RecursionError):
                return [], f"was damaged (line {number} is not a snapshot record)"
        return records, ""

    def _read_file(self, snapshot_id: str) -> tuple[Snapshot, Any]:
        """A snapshot file's metadata and its plan data, unchecked; HistoryError names the file."""
        path = self._path(snapshot_id)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
        except OSError as error:
            raise HistoryError(f"Can't read the snapshot {path}: {_reason(error)}.") from None
        try:
            with os.fdopen(fd, "rb") as handle:
                if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                    raise HistoryError(f"Can't read the snapshot {path}: it is not a regular file.")
                with gzip.GzipFile(fileobj=handle, mode="rb") as stream:
                    content = stream.read(MAX_SNAPSHOT_BYTES + 1)
        except (OSError, EOFError, zlib.error) as error:
            raise HistoryError(
                _one_line(f"Can't read the snapshot {path}: it is not a whole gzip file ({error}).")
            ) from None
        if len(content) > MAX_SNAPSHOT_BYTES:
            raise HistoryError(f"Can't read the snapshot {path}: it is too large to be a plan.")
        try:
            raw = _parse(content)
            if not isinstance(raw, dict) or set(raw) != {"schema", "meta", "plan"}:
                raise BadFile('it is not an acct-tui snapshot (it needs exactly "schema", "meta" and "plan")')
            if type(raw["schema"]) is not int or not 1 <= raw["schema"] <= SNAPSHOT_SCHEMA:
                raise BadFile(f"it has schema {raw['schema']!r}; this acct-tui reads 1 to {SNAPSHOT_SCHEMA}")
            try:
                meta = Snapshot.from_dict(raw["meta"])
            except (ValueError, KeyError, TypeError) as error:
                raise BadFile(f"its metadata is damaged ({error})") from None
            if meta.id != snapshot_id:
                raise BadFile(f"its metadata names the snapshot {meta.id!r}")
        except BadFile as problem:
            raise HistoryError(_one_line(f"Can't read the snapshot {path}: {problem}.")) from None
        return meta, raw["plan"]

    # --- writing ---------------------------------------------------------------

    def take(
        self,
        plan: Plan,
        kind: str,
        note: str = "",
        *,
        when: datetime | None = None,
        health: int | None = None,
        day: date | None = None,
    ) -> Snapshot:
        """Keep ``plan`` as a new snapshot; returns its metadata.

        OSError or HistoryError if it can't be written; ValidationError for a bad note.
        """
        check_kind(kind)
        check_note(note)
        if plan.id != self.plan_id:
            raise ValueError(f"the plan {plan.id!r} is not {self.plan_id!r}")
        if not self.writable:
            raise HistoryError(f"Can't take a snapshot in {self.folder}: the store was opened read-only.")
        when = (when or datetime.now(timezone.utc)).astimezone(timezone.utc)
        plan_data = plan_to_dict(plan)
        with _LOCK:
            self._make_folders()
            while os.path.lexists(self._path(snapshot_id(when, kind))):  # never replace one
                when += timedelta(microseconds=1)
            snap = Snapshot(snapshot_id(when, kind), when, kind, note, health, day or clock.today())
            body = json.dumps(
                {"schema": SNAPSHOT_SCHEMA, "meta": snap.to_dict(), "plan": plan_data}, ensure_ascii=False
            )
            content = gzip.compress(body.encode("utf-8", "backslashreplace"), COMPRESS_LEVEL, mtime=0)
            try:
                atomic_write(self._path(snap.id), content)
            except NotDurable:
                pass  # the file is in place; the index's fsync next syncs the same disk
            self._append_index(snap)
        return snap

    def _make_folders(self) -> None:
        """Create the history folders (0700), or check the ones there are ours: no symlink, no file."""
        for folder in (self.root, self.folder):
            try:
                os.mkdir(folder, FOLDER_MODE)
                _fsync_dir(folder.parent)
                continue
            except FileExistsError:
                pass
            _existing_folder(folder)
            if os.lstat(folder).st_mode & 0o077:
                os.chmod(folder, FOLDER_MODE)

    def _append_index(self, snap: Snapshot) -> None:
        """One line at the end of the index, synced; a half-written last line is ended first."""
        line = (json.dumps(snap.to_dict(), ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")
        fd = os.open(self.folder / INDEX, os.O_RDWR | os.O_APPEND | os.O_CREAT | _NOFOLLOW, 0o600)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise HistoryError(f"The history index {self.folder / INDEX} is not a regular file; move it aside.")
            if info.st_mode & 0o077:
                os.fchmod(fd, 0o600)
            if info.st_size and os.pread(fd, 1, info.st_size - 1) != b"\n":
                line = b"\n" + line
            _write_all(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)

    def _write_index(self, snaps: list[Snapshot]) -> None:
        """Replace the index with one line per snapshot (a repair: only when writable)."""
        if not self.writable:
            return
        lines = "".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n" for s in snaps)
        try:
            atomic_write(self.folder / INDEX, lines.encode("utf-8", "backslashreplace"))
        except OSError:
            pass  # still derived data: the next listing repairs it again


def _existing_folder(folder: Path) -> bool:
    """True if ``folder`` is a real folder, False if missing; HistoryError if a symlink or a file."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        return False
    except OSError as error:
        raise HistoryError(f"Can't use the history folder {folder}: {error.strerror or error}.") from None
    if stat.S_ISLNK(info.st_mode):
        raise HistoryError(
            f"The history folder {folder} is a symbolic link, so acct-tui won't use it. If you did not "
            f"put it there, remove it (rm {_quote(folder)})."
        )
    if not stat.S_ISDIR(info.st_mode):
        raise HistoryError(f"Can't use the history folder {folder}: it is a file, not a folder. Move it aside.")
    return True


def _read_private(path: Path, limit: int) -> bytes | None:
    """Up to ``limit`` + 1 bytes of a file, or None if missing; never a symlink, FIFO or folder (OSError)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW)
    except FileNotFoundError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file")
        return handle.read(limit + 1)


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "it is a symbolic link, which acct-tui won't follow"
    return error.strerror or str(error)


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())
