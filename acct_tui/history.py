"""A plan's dated snapshots: what it looked like at each review, export and day of work.

    <store folder>/history/<plan id>/<snapshot id>.json.gz   one snapshot each, never rewritten
    <store folder>/history/<plan id>/index.jsonl              one line per snapshot (append-only)

A snapshot is the whole plan as the store writes it, gzip-compressed, with
its metadata (when, kind, note, health) inside. The index repeats the
metadata so listing a plan's history reads one small file, not every
snapshot; if the index is missing or damaged it is rebuilt from the
snapshot files. Nothing here is read when the app starts or a plan opens.

Kinds:
    review   the user marked a review held (with a one-line note)
    export   the plan was exported (CLI or app)
    daily    the first save of a day keeps the plan as it was before that day's edits
    restore  the current version, kept before an older snapshot replaced it

The snapshot id sorts by time: ``20261123T165100123456Z-review``.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from acct_tui.files import atomic_write
from acct_tui.model import Plan, check_text
from acct_tui.plan_json import plan_from_dict, plan_to_dict
from acct_tui.safe_json import load_json

HISTORY_DIR = "history"
INDEX = "index.jsonl"
SNAPSHOT_KINDS = ("review", "export", "daily", "restore")
MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024
"""A decompressed snapshot larger than this is refused (a gzip bomb, not a plan)."""

_ID = re.compile(r"^\d{8}T\d{12}Z-(review|export|daily|restore)$")


class HistoryError(Exception):
    """A snapshot that can't be read or written; the message is for the user."""


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

    @property
    def day(self) -> date:
        """The local calendar day it was taken."""
        return self.taken.astimezone().date()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "taken": self.taken.isoformat(),
            "kind": self.kind,
            "note": self.note,
            "health": self.health,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Snapshot:
        """Metadata from an index line or a snapshot file; ValueError if it is not one."""
        if not isinstance(data, dict) or not _ID.match(str(data.get("id", ""))):
            raise ValueError("not a snapshot record")
        taken = datetime.fromisoformat(str(data["taken"]))
        if taken.tzinfo is None:
            raise ValueError("snapshot time without a time zone")
        note = data.get("note", "")
        health = data.get("health")
        if not isinstance(note, str) or not (health is None or isinstance(health, int)):
            raise ValueError("bad snapshot note or health")
        return cls(data["id"], taken.astimezone(timezone.utc), str(data["kind"]), note, health)


NOTE_LABEL = "The snapshot note"


def check_note(note: object) -> str:
    """The note if it is one line of plain text (the model's one-line check), else ValidationError."""
    return check_text(NOTE_LABEL, note)


def check_kind(kind: object) -> str:
    """The kind if it is one of ``SNAPSHOT_KINDS``, else ValueError (a programming error, not user input)."""
    if kind not in SNAPSHOT_KINDS:
        raise ValueError(f"unknown snapshot kind {kind!r}")
    return str(kind)


def snapshot_id(when: datetime, kind: str) -> str:
    return when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + f"-{kind}"


class History:
    """The snapshots of one plan, in its folder under the store.

    Writers: the store's writer thread (or the CLI). Readers may list and load
    from any thread: files are only ever added, each atomically.
    """

    def __init__(self, store_folder: Path, plan_id: str) -> None:
        self.folder = Path(store_folder) / HISTORY_DIR / plan_id
        self.plan_id = plan_id

    # --- reading ---------------------------------------------------------------

    def snapshots(self) -> list[Snapshot]:
        """Every snapshot, oldest first (reads the index; [] when there is no history)."""
        index = self.folder / INDEX
        try:
            lines = index.read_text(encoding="utf-8").splitlines()
        except (FileNotFoundError, NotADirectoryError):
            return []
        found: dict[str, Snapshot] = {}
        for line in lines:
            try:
                snap = Snapshot.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError):
                continue
            if (self.folder / f"{snap.id}.json.gz").exists():
                found[snap.id] = snap
        return sorted(found.values(), key=lambda s: s.id)

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
        """The plan as the snapshot holds it; HistoryError names the file if it is damaged."""
        path = self.folder / f"{snapshot_id}.json.gz"
        try:
            with gzip.open(path, "rb") as stream:
                content = stream.read(MAX_SNAPSHOT_BYTES + 1)
            if len(content) > MAX_SNAPSHOT_BYTES:
                raise HistoryError(f"The snapshot {path} is too large to be a plan.")
            data = load_json(content)
            return plan_from_dict(data["plan"])
        except HistoryError:
            raise
        except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
            raise HistoryError(f"Can't read the snapshot {path}: {error}") from None

    # --- writing ---------------------------------------------------------------

    def take(
        self,
        plan: Plan,
        kind: str,
        note: str = "",
        *,
        when: datetime | None = None,
        health: int | None = None,
    ) -> Snapshot:
        """Keep ``plan`` as a new snapshot; returns its metadata."""
        check_kind(kind)
        check_note(note)
        when = (when or datetime.now(timezone.utc)).astimezone(timezone.utc)
        snap = Snapshot(snapshot_id(when, kind), when, kind, note, health)
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        body = json.dumps({"meta": snap.to_dict(), "plan": plan_to_dict(plan)}, ensure_ascii=False)
        atomic_write(self.folder / f"{snap.id}.json.gz", gzip.compress(body.encode("utf-8"), mtime=0))
        with open(self.folder / INDEX, "a", encoding="utf-8") as index:
            index.write(json.dumps(snap.to_dict(), ensure_ascii=False) + "\n")
        return snap
