"""The plan store: a folder holding a small catalog and one file per plan.

    <folder>/catalog.json          what the accounts list and `acct-tui list` show (TinyDB)
    <folder>/plans/<id>.json       one plan each (TinyDB JSON, deterministic bytes)
    <folder>/plans/<id>.json.bak   the plan as it was before this session first changed it
    <folder>/.lock                 held by the one process that writes

Starting and listing read only the catalog; opening a plan reads its one
file; a save writes that file and the catalog, each atomically. So every
command costs what one plan costs, not what the whole store holds.

The catalog is derived data: each entry records its plan file's size and
mtime, and an entry that disagrees with its file (a crash between the two
writes, a git pull, a hand edit) is refreshed from the file; a missing or
damaged catalog is rebuilt and the user told. A one-file store from an older
acct-tui is migrated into a folder on first open, the old file kept as it
was. docs/FORMAT.md describes every file.

Every plan file is checked as the one-file store checked its file
(``acct_tui.onefile``): safe JSON, the model's rules, control characters
shown as symbols. Before a plan file is replaced, the store checks it is
still the file it last read or wrote; if someone changed it, nothing is
written (``StoreChanged``).
"""

from __future__ import annotations

import json
import os
import re
import stat
import threading
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import platformdirs
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage

from acct_tui.files import NotDurable, _fsync_dir, atomic_write
from acct_tui import clock
from acct_tui.history import HISTORY_DIR, History, HistoryError, Snapshot
from acct_tui.model import Plan
from acct_tui.onefile import (
    APP_NAME,
    ENV_VAR,
    BadFile,
    Identity,
    StoreChanged,
    StoreError,
    StoreLocked,
    _check_plan,
    _make_private,
    _parse,
    _quote,
    _read_bytes,
    _refuse_if_read_only,
    _resolve_store_path,
    identity,
    match_account,
)
from acct_tui.onefile import write_error as _write_error
from acct_tui.onefile import PlanStore as OneFileStore
from acct_tui.plan_json import plan_to_dict
from acct_tui.record_json import RecordEncoder
from acct_tui.text import repair_notice, repair_strings, visible
from acct_tui import ui_state

__all__ = ["PlanStore", "StoreChanged", "StoreError", "StoreLocked", "resolve_db_path", "ENV_VAR"]

STORE_SCHEMA = 2
"""The layout of the folder's files; the one-file store was schema 1 (or 0)."""

CATALOG = "catalog.json"
PLANS_DIR = "plans"
LOCK = ".lock"
LEGACY = "plans.json"
"""The one-file store's name in the default folder (migrated on first open)."""

META_TABLE = "_meta"
CATALOG_TABLE = "plans"
PLAN_TABLE = "plan"

MEETINGS_KEPT = 5
"""Next meetings per plan kept in the catalog (the accounts screen shows the soonest)."""

_PLAN_FILE = re.compile(r"^([A-Za-z0-9_-]{1,40})\.json$")
_TEMP_FILE = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp$")


# --- where the store lives --------------------------------------------------


def default_db_path() -> Path:
    """The store in the user's data folder, e.g. ~/.local/share/acct-tui/."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_db_path(arg: str | None, notices: list[str] | None = None) -> Path:
    """``--db`` if given, else ``$ACCT_TUI_DB``, else the settings file's ``store``
    (``acct_tui.settings``), else the default; ``~`` expanded. Why a settings file
    was ignored is appended to ``notices`` (the file is read only when needed)."""
    chosen: str | Path | None = arg or os.environ.get(ENV_VAR)
    if not chosen:
        from acct_tui.settings import load_settings

        settings, notice = load_settings()
        if notice and notices is not None:
            notices.append(notice)
        chosen = settings.store or default_db_path()
    return Path(chosen).expanduser().absolute()


@dataclass(frozen=True)
class Location:
    """The folder a store lives in, and the one-file store to migrate from, if any."""

    folder: Path
    legacy: Path | None


def locate(path: Path) -> Location:
    """Where the store named by ``--db``/``$ACCT_TUI_DB``/the default lives.

    A folder is the store. A file is a one-file store from an older
    acct-tui: its plans live in the folder beside it named for it
    (``plans.json`` → ``plans.store/``), or in the folder holding it if that
    folder is already a store (the default folder's old ``plans.json``). A path that does not exist becomes a new folder store.
    """
    moved = path.with_name(path.stem + ".store")
    if path.is_file():
        if _is_store_folder(path.parent):
            return Location(path.parent, None)
        return Location(moved, path)
    if path.suffix == ".json" and not path.exists() and _is_store_folder(moved):
        return Location(moved, None)  # the old file was deleted after its plans moved
    legacy = path / LEGACY
    return Location(path, legacy if legacy.is_file() else None)


def _is_store_folder(folder: Path) -> bool:
    return (folder / PLANS_DIR).is_dir() or (folder / CATALOG).is_file()


def is_own_file(store_path: Path, target: Path) -> bool:
    """True if writing ``target`` would touch the store: its catalog, lock, plan files, history, UI state or old file.

    Exports may go anywhere else, the store's folder included.
    """
    where = locate(Path(store_path).expanduser().absolute())
    folder = _resolved(where.folder)
    target = _resolved(target)
    own = {folder / CATALOG, folder / LOCK, folder / ui_state.FILE_NAME}
    if where.legacy is not None:
        own.add(_resolved(where.legacy))
    kept = (folder / PLANS_DIR, folder / HISTORY_DIR)
    return target in own or any(target == inner or inner in target.parents for inner in kept)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return path.absolute()


# --- bytes on disk ------------------------------------------------------------


def encode(data: dict[str, Any]) -> bytes:
    """Deterministic JSON: sorted keys, 2-space indent, a trailing newline.

    The same plan always gives the same bytes, so a diff (or git) shows only
    what changed. ``backslashreplace`` only fires on lone surrogates.
    """
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return text.encode("utf-8", "backslashreplace")


def plan_file_data(plan: Plan) -> dict[str, Any]:
    """A plan as its file holds it: one TinyDB table with one record."""
    return plan_file_shape(plan_to_dict(plan))


def plan_file_shape(plan: Plan | dict[str, Any]) -> dict[str, Any]:
    """The file around a plan: given the Plan itself (for ``RecordEncoder``) or its dict."""
    return {META_TABLE: {"1": {"schema": STORE_SCHEMA}}, PLAN_TABLE: {"1": plan}}


def read_plan_file(path: Path, content: bytes) -> tuple[Plan, str]:
    """Check a plan file's bytes: the plan, and a notice if it held control characters.

    BadFile says what is wrong.
    """
    plan, notice = read_plan_content(content)
    if path.name != f"{plan.id}.json":
        raise BadFile(f"it holds the plan with id {plan.id!r}, so it must be named {plan.id}.json")
    return plan, notice


def read_plan_content(content: bytes) -> tuple[Plan, str]:
    """``read_plan_file`` for bytes with no name of their own (git's merge driver gets temp files)."""
    raw = _parse(content)
    if not isinstance(raw, dict) or set(raw) != {META_TABLE, PLAN_TABLE}:
        raise BadFile(f'it is not an acct-tui plan file (it needs exactly "{META_TABLE}" and "{PLAN_TABLE}")')
    _check_schema(raw[META_TABLE])
    table = raw[PLAN_TABLE]
    if not isinstance(table, dict) or list(table) != ["1"]:
        raise BadFile(f'its "{PLAN_TABLE}" table must hold exactly one record, "1"')
    plan = _check_plan(table["1"], "the plan")
    _, repaired = repair_strings(table["1"])
    return plan, repair_notice(plan.name, repaired) if repaired else ""


def _check_schema(meta: Any) -> None:
    docs = list(meta.values()) if isinstance(meta, dict) else []
    versions = [d.get("schema") for d in docs if isinstance(d, dict)]
    if len(versions) != 1 or type(versions[0]) is not int or versions[0] < 1:
        raise BadFile(f'its "{META_TABLE}" table must hold one record like {{"schema": {STORE_SCHEMA}}}')
    if versions[0] > STORE_SCHEMA:
        raise BadFile(
            f"it was written by a newer acct-tui (schema {versions[0]}; this version reads up to "
            f"{STORE_SCHEMA}). Upgrade acct-tui to open it"
        )


# --- the catalog ----------------------------------------------------------------


@dataclass(frozen=True)
class CatalogEntry:
    """What the accounts list shows of one plan, without reading the plan."""

    id: str
    name: str
    owner: str
    industry: str
    updated: datetime
    health: int
    """The plan health score when the plan was last saved."""
    steps_done: str
    """Content steps complete, e.g. "7/11"."""
    meetings: tuple[tuple[date, str], ...]
    """The plan's next dated meetings, soonest first."""
    size: int = -1
    mtime_ns: int = -1
    """The plan file's size and mtime when this entry was made (to spot a stale entry)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "owner": self.owner,
            "industry": self.industry,
            "updated": self.updated.isoformat(),
            "health": self.health,
            "steps_done": self.steps_done,
            "meetings": [[when.isoformat(), name] for when, name in self.meetings],
            "size": self.size,
            "mtime_ns": self.mtime_ns,
        }

    @classmethod
    def from_dict(cls, doc: Any) -> CatalogEntry:
        """An entry from the catalog file (text shown as symbols); ValueError etc. if not one."""
        meetings = tuple((date.fromisoformat(when), visible(str(name))) for when, name in doc["meetings"])
        entry = cls(
            id=str(doc["id"]),
            name=visible(str(doc["name"])),
            owner=visible(str(doc["owner"])),
            industry=visible(str(doc["industry"])),
            updated=datetime.fromisoformat(doc["updated"]),
            health=int(doc["health"]),
            steps_done=visible(str(doc["steps_done"])),
            meetings=meetings,
            size=int(doc["size"]),
            mtime_ns=int(doc["mtime_ns"]),
        )
        if not _PLAN_FILE.match(f"{entry.id}.json") or entry.updated.tzinfo is None:
            raise ValueError(f"bad entry for {entry.id!r}")
        return entry


def catalog_entry(plan: Plan, size: int = -1, mtime_ns: int = -1) -> CatalogEntry:
    """Summarise a plan for the catalog (the coach runs here, once per save)."""
    from acct_tui.coach import check_plan, health_score
    from acct_tui.steps import STEP_KEYS, step_states

    states = step_states(plan, check_plan(plan))
    content = [key for key in STEP_KEYS if key not in ("review", "export")]
    done = sum(states[key] == "complete" for key in content)
    meetings = sorted((m.next_date, m.name) for m in plan.meetings if m.next_date)
    return CatalogEntry(
        id=plan.id,
        name=plan.name,
        owner=plan.owner,
        industry=plan.industry,
        updated=plan.updated,
        health=health_score(plan),
        steps_done=f"{done}/{len(content)}",
        meetings=tuple(meetings[:MEETINGS_KEPT]),
        size=size,
        mtime_ns=mtime_ns,
    )


class _CatalogStorage(Storage):
    """TinyDB storage for the catalog: memory first, each write atomic.

    ``read`` returns the live dict (TinyDB changes it, then writes it back),
    so a catalog update never parses the file again. The store writes it
    when it closes (or after a rebuild), not on every save.
    """

    def __init__(self, path: Path, data: dict[str, Any], writable: bool) -> None:
        self._path = path
        self._data = data
        self._writable = writable

    def read(self) -> dict[str, Any]:
        return self._data

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        if self._writable:  # compact, not synced: a lost or stale catalog is rebuilt from the plan files
            text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
            atomic_write(self._path, text.encode("utf-8", "backslashreplace"), durable=False)


# --- the store ------------------------------------------------------------------


class PlanStore:
    """The plans in one folder: the catalog in memory, one plan file read on demand.

    Opening reads the catalog (checking it against the plan files' sizes and
    mtimes) and, unless ``readonly``, takes the folder's lock (``StoreLocked``
    if another acct-tui has it). The app's writer thread, or the CLI, calls
    ``save``/``delete``; the UI thread reads the catalog without waiting,
    because each change swaps in a new dict rather than changing the old one.
    """

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = Path(path).expanduser().absolute()
        self.readonly = readonly
        self.notices: list[str] = []
        """Things to tell the user once (a rebuilt catalog, a repaired plan, a migration)."""
        _resolve_store_path(self.path)  # a symlink loop: one line, not a traceback
        where = locate(self.path)
        self.folder = where.folder
        self.plans_dir = self.folder / PLANS_DIR
        self._write_mutex = threading.Lock()
        self._lock: FileLock | None = None
        self._lock_identity: tuple[int, int] | None = None
        self._entries: dict[str, CatalogEntry] = {}
        self._seen: dict[str, tuple[Identity, bytes]] = {}
        """Each plan file as this store last read or wrote it (to notice someone else's change)."""
        self._encoder = RecordEncoder()
        """Saves re-encode only the goals, strategies and initiatives an edit changed."""
        self._backed_up: set[str] = set()
        self._covered: dict[str, date] = {}
        """The last day each plan's daily snapshot was settled (so the index is read once a day)."""
        self._stale: dict[str, tuple[Plan, int, int]] = {}
        self._stale_lock = threading.Lock()
        """Plans saved since their catalog entry was made: (plan, file size, mtime)."""
        self._catalog_dirty = False
        self._fresh = False
        """True when this open created the plan files (a migration): no catalog yet is no news."""
        self._migrated: dict[str, Plan] | None = None
        """A read-only store of an old one-file store holds its plans here (nothing is written)."""
        migrating = where.legacy is not None and not self.plans_dir.exists()
        old_plans = self._read_old_store(where.legacy) if migrating and where.legacy else []
        if not readonly:
            self._make_folder()
            self._take_lock()
        try:
            if migrating and where.legacy is not None:
                self._migrate(where.legacy, old_plans)
            elif not readonly and not self.plans_dir.exists():
                self._mkdir(self.plans_dir)
            self._open_catalog()
        except BaseException:
            self.close()
            raise

    # --- opening --------------------------------------------------------------

    def _make_folder(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise StoreError(f"Can't use {self.folder} as the plan store: it is a file, not a folder.")
        if self.folder.is_dir() and not _is_store_folder(self.folder):
            others = [e.name for e in self.folder.iterdir() if e.name not in (LEGACY, LOCK, PLANS_DIR + ".migrating")]
            if others and not (self.folder / LEGACY).is_file():
                raise StoreError(
                    f"Can't use {self.folder} as the plan store: it is a folder that holds other files "
                    f"and no {CATALOG} or {PLANS_DIR}/. Name an empty or new folder with --db."
                )
        self._mkdir(self.folder)

    def _mkdir(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise StoreError(f"Can't create the folder {folder}: {error.strerror or error}.") from None

    def _open_catalog(self) -> None:
        """Read the catalog and bring it in line with the plan files on disk."""
        if self._migrated is not None:
            self._entries = {plan.id: catalog_entry(plan) for plan in self._migrated.values()}
            return
        entries, problem = self._read_catalog()
        files = self._plan_files()
        self._unreadable: dict[str, str] = {}
        fresh: dict[str, CatalogEntry] = {}
        for plan_id, info in files.items():
            entry = entries.get(plan_id)
            if entry is not None and (entry.size, entry.mtime_ns) == (info.st_size, info.st_mtime_ns):
                fresh[plan_id] = entry
                continue
            try:
                plan = self._read_plan(plan_id)
            except StoreError as error:
                self.notices.append(f"{str(error).splitlines()[0]} It is left out of the list.")
                self._unreadable[plan_id] = str(error)
                continue
            fresh[plan_id] = catalog_entry(plan, info.st_size, info.st_mtime_ns)
        changed = problem is not None or fresh != entries
        self._entries = fresh
        if problem is not None and files and not self._fresh:
            self.notices.append(f"The catalog {self.folder / CATALOG} {problem}; it was rebuilt from the plan files.")
        writable = not self.readonly and self._lock is not None
        self._db = TinyDB(self.folder / CATALOG, self._catalog_data(), writable, storage=_CatalogStorage)
        if writable:
            self._remove_stale_temp_files()
            self._make_files_private(files)
            if changed:
                self._write_catalog()

    def _read_catalog(self) -> tuple[dict[str, CatalogEntry], str | None]:
        """The catalog's entries, and what was wrong with it (None if nothing)."""
        path = self.folder / CATALOG
        try:
            found = _read_bytes(path)
            if found is None:
                return {}, "was missing"
            # Derived data, rebuilt when odd: plain json (the plan files get the strict reader);
            # whatever it raises on hostile bytes (depth, huge numbers) means "damaged".
            raw = json.loads(found[0])
            if not isinstance(raw, dict) or set(raw) != {META_TABLE, CATALOG_TABLE}:
                raise BadFile("it is not an acct-tui catalog")
            _check_schema(raw[META_TABLE])
            entries = [CatalogEntry.from_dict(doc) for doc in raw[CATALOG_TABLE].values()]
        except (BadFile, AttributeError, KeyError, TypeError, ValueError, RecursionError) as error:
            return {}, f"was damaged ({error})"
        return {entry.id: entry for entry in entries}, None

    def _plan_files(self) -> dict[str, os.stat_result]:
        """Every plan file in the folder (plain files only), by plan id, with its status."""
        found: dict[str, os.stat_result] = {}
        try:
            with os.scandir(self.plans_dir) as entries:
                for entry in entries:
                    match = _PLAN_FILE.match(entry.name)
                    if match and entry.is_file(follow_symlinks=False):
                        found[match.group(1)] = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreError(f"Can't read the plan folder {self.plans_dir}: {error.strerror or error}.") from None
        return found

    def _catalog_data(self) -> dict[str, Any]:
        return {
            META_TABLE: {"1": {"schema": STORE_SCHEMA}},
            CATALOG_TABLE: {str(n): entry.to_dict() for n, entry in enumerate(self._entries.values(), start=1)},
        }

    def _write_catalog(self) -> None:
        """Write the whole catalog; if it can't be written, the next open rebuilds it."""
        try:
            self._db.storage.write(self._catalog_data())
        except OSError:
            pass

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a writer killed mid-save (we hold the lock now)."""
        for folder in (self.folder, self.plans_dir):
            try:
                for entry in folder.iterdir():
                    if _TEMP_FILE.match(entry.name):
                        entry.unlink(missing_ok=True)
            except OSError:
                pass  # a leftover temp file is untidy, not harmful

    def _make_files_private(self, files: dict[str, os.stat_result]) -> None:
        """Take group and other permissions off the catalog and any plan file that has them; say so once."""
        loose = [self.folder / CATALOG]
        loose += [self.plan_path(plan_id) for plan_id, info in files.items() if info.st_mode & 0o077]
        said = [line for line in (_make_private(path) for path in loose) if line]
        if said:
            self.notices.append(said[0] if len(said) == 1 else f"{said[0]} (and {len(said) - 1} more plan files)")

    def _read_old_store(self, legacy: Path) -> list[Plan]:
        """The plans of a one-file store, checked before anything is created (StoreError if bad)."""
        with OneFileStore(legacy, readonly=True) as old:
            self.notices.extend(old.notices)
            return old.plans()

    def _migrate(self, legacy: Path, plans: list[Plan]) -> None:
        """Copy every plan of a one-file store into this folder; the old file stays as it was.

        Plan files go into ``plans.migrating/``, renamed to ``plans/`` only
        when all are written: a crash part-way leaves no ``plans/``, so the
        next start migrates again from the untouched old file.
        """
        if self.readonly:
            self._migrated = {plan.id: plan for plan in plans}
            return
        staging = self.folder / (PLANS_DIR + ".migrating")
        try:
            if staging.exists():
                for leftover in staging.iterdir():
                    leftover.unlink()
            self._mkdir(staging)
            for plan in plans:
                atomic_write(staging / f"{plan.id}.json", encode(plan_file_data(plan)))
            os.replace(staging, self.plans_dir)
            _fsync_dir(self.folder)
            self._fresh = True
        except OSError as error:
            raise StoreError(
                f"Can't move the plans of {legacy} into the folder {self.folder}: "
                f"{error.strerror or error}.\nNothing was changed in {legacy}."
            ) from None
        self.notices.append(
            f"Your {len(plans)} plan(s) moved from the one file {legacy} to the folder {self.folder} "
            "(one file per plan). The old file is kept as it was; delete it once you have checked."
        )

    def reload(self, needed: tuple[str, ...] = ()) -> None:
        """Read the store again as it is on disk now (after someone else changed it).

        StoreError if one of the ``needed`` plans has a file that can't be
        read (they left it damaged): the store is then left as it was.
        """
        with self._write_mutex:
            before = (dict(self._seen), set(self._backed_up), self._entries, list(self.notices))
            with self._stale_lock:
                stale = dict(self._stale)
                self._stale.clear()
            self._seen.clear()
            self._backed_up.clear()
            self._open_catalog()
            damaged = [self._unreadable[plan_id] for plan_id in needed if plan_id in self._unreadable]
            if damaged:
                self._seen, self._backed_up, self._entries, self.notices = before
                with self._stale_lock:
                    self._stale.update(stale)
                raise StoreError(damaged[0])

    # --- reading --------------------------------------------------------------

    def catalog(self, *, fresh: bool = True) -> list[CatalogEntry]:
        """What the accounts list shows of every plan, by name (no disk access).

        ``fresh=False`` skips summarising plans saved since (the app shows its
        own newer versions of those anyway).
        """
        if fresh:
            self._refresh_entries()
        return sorted(self._entries.values(), key=lambda entry: (entry.name.casefold(), entry.id))

    def history(self, plan_id: str) -> History:
        """The plan's snapshots (``acct_tui.history``), kept in this store's folder."""
        return History(self.folder, plan_id, writable=not self.readonly and self._migrated is None)

    def plan_path(self, plan_id: str) -> Path:
        return self.plans_dir / f"{plan_id}.json"

    def get(self, plan_id: str) -> Plan:
        """The stored plan with this id (reads its one file); KeyError if there is none."""
        if self._migrated is not None:
            return self._migrated[plan_id]
        if plan_id not in self._entries and plan_id not in self._stale:
            raise KeyError(plan_id)
        return self._read_plan(plan_id)

    def peek(self, plan_id: str) -> Plan:
        """The stored plan, read without the store taking note (KeyError if none, StoreError if bad).

        For readers off the UI thread (the accounts screen's agenda): ``get``
        records what it read, to spot another program's change before a save;
        a background read that recorded a file just rewritten could hide one.
        """
        if self._migrated is not None:
            return self._migrated[plan_id]
        try:
            return self._load(plan_id)[0]
        except BadFile as problem:
            raise StoreError(f"Can't open the plan file {self.plan_path(plan_id)}: {problem}.") from None

    def _load(self, plan_id: str) -> tuple[Plan, str, Identity, bytes]:
        """Read and check a plan file: (plan, repair notice, identity, bytes); KeyError, BadFile."""
        path = self.plan_path(plan_id)
        found = _read_bytes(path)
        if found is None:
            raise KeyError(plan_id)
        content, seen = found
        plan, notice = read_plan_file(path, content)
        return plan, notice, seen, content

    def _read_plan(self, plan_id: str) -> Plan:
        path = self.plan_path(plan_id)
        try:
            plan, notice, seen, content = self._load(plan_id)
        except BadFile as problem:
            raise StoreError(f"Can't open the plan file {path}: {problem}.\n{_restore_advice(path)}") from None
        if notice and notice not in self.notices:
            self.notices.append(notice)
        self._seen[plan_id] = (seen, content)
        return plan

    def plans(self) -> list[Plan]:
        """Every plan, read from its file (costs the whole store: for exporting all, and tests)."""
        return [self.get(entry.id) for entry in self.catalog()]

    def find(self, name_or_id: str) -> Plan:
        """A plan by id, exact name, or unique name start (any case); LookupError says why not."""
        return self.get(match_account(name_or_id, self.catalog()).id)

    # --- writing --------------------------------------------------------------

    def save(self, plan: Plan) -> None:
        """Write the plan's file, then its catalog entry, each atomically."""
        action = f"save {plan.name!r}"
        with self._write_mutex:
            path = self.plan_path(plan.id)
            self._check_writable(action, plan.id)
            content = self._encoder.encode(plan_file_shape(plan))
            missed_daily = self._keep_the_day_before(plan)
            not_durable: NotDurable | None = None
            try:
                _refuse_if_read_only(path)
                self._back_up_once(plan.id, path)
                try:
                    written = atomic_write(path, content)
                except NotDurable as error:  # the file is replaced: what we know must follow it
                    written, not_durable = error.stat, error
            except OSError as error:
                raise _write_error(action, path, error) from None
            self._seen[plan.id] = (identity(written), content)
            self._write_markdown_beside(plan, path)
            with self._stale_lock:
                self._stale[plan.id] = (plan, written.st_size, written.st_mtime_ns)
            if not_durable is not None:
                raise StoreError(
                    f"Saved {plan.name!r} to {path}, but it may not survive a power cut: the folder "
                    f"could not be synced ({not_durable.strerror}).\nSave again later; if this keeps "
                    "happening, check the disk."
                )
            if missed_daily:
                raise StoreError(f"Saved {plan.name!r}, but {missed_daily}")

    def _write_markdown_beside(self, plan: Plan, path: Path) -> None:
        """In a team folder (``acct_tui.team``), keep ``<id>.md`` beside the plan so it reads well on a git host.

        Derived data: if it can't be written, the next ``team sync`` writes it.
        """
        if not (self.folder / ".git").exists():
            return
        from acct_tui.team import markdown_for

        try:
            atomic_write(path.with_suffix(".md"), markdown_for(plan).encode("utf-8"))
        except OSError:
            pass

    def _keep_the_day_before(self, plan: Plan) -> str:
        """On a plan's first save of a day, keep the file as it is as a "daily" snapshot.

        That is the plan as the last day of work left it. Skipped for a new
        plan and when the plan already has a snapshot from today (a review or
        export holds the same); the index is read at most once per plan a day.
        Returns "" or why the snapshot couldn't be kept: the save goes on
        regardless (the user's new work matters more than yesterday's copy).
        """
        today = clock.today()
        if self._covered.get(plan.id) == today:
            return ""
        self._covered[plan.id] = today
        known = self._seen.get(plan.id)
        if known is None:
            return ""  # a new plan: no day of work before this one
        from acct_tui.coach import health_score

        history = self.history(plan.id)
        try:
            if any(snap.day == today for snap in history.snapshots()):
                return ""
            before, _ = read_plan_file(self.plan_path(plan.id), known[1])
            history.take(before, "daily", health=health_score(before, today), day=today)
        except (HistoryError, BadFile) as error:
            return f"the day's snapshot of its previous version couldn't be kept: {error}"
        except OSError as error:
            return (
                f"the day's snapshot of its previous version couldn't be kept in {history.folder}: "
                f"{error.strerror or error}."
            )
        return ""

    def take_snapshot(self, plan: Plan, kind: str, note: str = "") -> Snapshot:
        """Keep ``plan`` as a new snapshot of its history (``acct_tui.history``), with its health today.

        ValidationError (a ValueError naming the note) if ``note`` is not one
        line of plain text; StoreError with one line if it can't be written.
        """
        from acct_tui.coach import health_score

        history = self.history(plan.id)
        with self._write_mutex:
            if self.readonly or self._migrated is not None:
                raise StoreError(f"Can't take a snapshot: {self.path} was opened read-only.")
            if self._lock is None:
                raise StoreError(f"Can't take a snapshot: the plan store {self.folder} is closed.")
            self._keep_lock()
            try:
                return history.take(plan, kind, note, health=health_score(plan, clock.today()))
            except HistoryError as error:
                raise StoreError(str(error)) from None
            except OSError as error:
                raise StoreError(
                    f"Couldn't take a snapshot of {plan.name!r} in {history.folder}: "
                    f"{error.strerror or error}. The plan itself is unchanged; try again."
                ) from None

    def delete(self, plan_id: str) -> None:
        """Remove a plan's file (its last version stays as ``<id>.json.bak``); KeyError if none."""
        with self._write_mutex:
            if plan_id not in self._entries and plan_id not in self._stale:
                raise KeyError(plan_id)
            path = self.plan_path(plan_id)
            self._check_writable("delete a plan", plan_id)
            try:
                self._back_up_once(plan_id, path, always=True)
                path.unlink(missing_ok=True)
                path.with_suffix(".md").unlink(missing_ok=True)  # a team folder's Markdown beside it
                _fsync_dir(self.plans_dir)
            except OSError as error:
                raise _write_error("delete a plan", path, error) from None
            entries = dict(self._entries)
            entries.pop(plan_id, None)
            self._entries = entries
            with self._stale_lock:
                self._stale.pop(plan_id, None)
            self._seen.pop(plan_id, None)
            self._catalog_dirty = True

    def _back_up_once(self, plan_id: str, path: Path, always: bool = False) -> None:
        """Before this session's first change of a plan, keep its file as it was."""
        if plan_id in self._backed_up and not always:
            return
        known = self._seen.get(plan_id)
        if known is not None:
            try:
                atomic_write(path.with_name(path.name + ".bak"), known[1])
            except NotDurable:
                pass  # the plan's own write, next, syncs the same folder
        self._backed_up.add(plan_id)

    def _refresh_entries(self) -> None:
        """Summarise the plans saved since the catalog was last brought up to date.

        Done when someone asks (``catalog``, ``close``), not on every save:
        the coach runs once per plan, however many times it was saved.
        """
        while True:
            with self._stale_lock:  # never held while the coach runs or the disk works
                if not self._stale:
                    return
                plan_id, (plan, size, mtime_ns) = next(iter(self._stale.items()))
            entry = catalog_entry(plan, size, mtime_ns)
            with self._stale_lock:
                entries = dict(self._entries)
                entries[plan_id] = entry
                self._entries = entries  # readers see the old dict or the new one, never half
                if self._stale.get(plan_id, (None,))[0] is plan:
                    del self._stale[plan_id]
                self._catalog_dirty = True

    def _check_writable(self, action: str, plan_id: str) -> None:
        """Refuse a write this store may not make: read-only, closed, lock lost, file changed."""
        if self.readonly or self._migrated is not None:
            raise StoreError(f"Can't {action}: {self.path} was opened read-only.")
        if self._lock is None:
            raise StoreError(f"Can't {action}: the plan store {self.folder} is closed.")
        self._keep_lock()
        self._check_unchanged(action, plan_id)

    def _check_unchanged(self, action: str, plan_id: str) -> None:
        """Raise StoreChanged if the plan's file is not the one this store last read or wrote.

        Identity (inode, size, mtime) first; a file that differs only in
        identity but holds the same bytes (``touch``, a copy of itself) has
        nothing to lose and is taken as is. A plan this store never read is
        new, unless its file appeared meanwhile.
        """
        path = self.plan_path(plan_id)
        known = self._seen.get(plan_id)
        try:
            info = os.stat(path, follow_symlinks=False)
        except FileNotFoundError:
            info = None
        except OSError as error:
            raise _write_error(action, path, error) from None
        if known is None and info is None:
            return
        if known is not None and info is not None:
            if identity(info) == known[0]:
                return
            found = _read_bytes_quietly(path)
            if found == known[1]:
                self._seen[plan_id] = (identity(info), known[1])
                return
        what = "was deleted or moved away" if info is None else "was changed by another program"
        raise StoreChanged(
            f"Couldn't {action}: its file {path} {what} since acct-tui last read or wrote it "
            "(a restored backup, an edit by hand, a git pull?).\n"
            "Nothing was written, so those changes are not overwritten."
        )

    # --- the lock ---------------------------------------------------------------

    def _take_lock(self) -> None:
        """Hold the folder's lock (``filelock``: flock on Unix, msvcrt on Windows), or say who has it."""
        path = self.folder / LOCK
        if path.is_symlink():
            raise StoreError(
                f"Can't open the plan store {self.folder} for writing: its lock file {path} is a "
                f"symbolic link, so acct-tui won't open it. If you did not put it there, remove it "
                f"(rm {_quote(path)}) and try again."
            )
        lock = FileLock(str(path), timeout=0, mode=0o600)
        try:
            lock.acquire()
        except Timeout:
            raise StoreLocked(
                f"{self.folder} is open in another acct-tui{_holder(path)}. Close it, or use a read-only "
                "command such as `acct-tui list`."
            ) from None
        except OSError as error:
            raise StoreError(
                f"Can't lock the plan store {self.folder} ({error.strerror or error}).\n"
                "Use a read-only command such as `acct-tui list`."
            ) from None
        try:
            info = os.stat(path, follow_symlinks=False)
        except OSError:
            info = None
        if info is None or not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            lock.release()
            raise StoreError(
                f"Can't open the plan store {self.folder} for writing: its lock file {path} is not a "
                f"plain file of its own (a hard link or a special file). Remove it (rm {_quote(path)})."
            )
        self._lock, self._lock_identity = lock, (info.st_dev, info.st_ino)
        _write_pid(path)

    def _keep_lock(self) -> None:
        """Lock again if the lock file was deleted or replaced while we held it.

        A lock belongs to the file, not the name: once ``.lock`` is gone,
        another writer would create a new one and get in. Taking a new lock
        keeps it out; if one already got in, nothing is written.
        """
        path = self.folder / LOCK
        try:
            info = os.stat(path, follow_symlinks=False)
            if (info.st_dev, info.st_ino) == self._lock_identity:
                return
        except OSError:
            pass
        old = self._lock
        try:
            self._take_lock()
        except StoreLocked as error:
            raise StoreLocked(
                f"Nothing was written: the lock file {path} was removed while acct-tui had the store "
                f"open, and since then {error}"
            ) from None
        if old is not None:
            old.release()

    # --- closing --------------------------------------------------------------

    def close(self) -> None:
        """Write the catalog if plans changed, and release the lock. Safe to call twice."""
        if self._lock is not None:
            with self._write_mutex:
                self._refresh_entries()
                if self._catalog_dirty:
                    self._write_catalog()
                    self._catalog_dirty = False
            self._lock.release()
            self._lock = None

    def __enter__(self) -> PlanStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _read_bytes_quietly(path: Path) -> bytes | None:
    try:
        found = _read_bytes(path)
    except BadFile:
        return None
    return None if found is None else found[0]


def _restore_advice(path: Path) -> str:
    bak = path.with_name(path.name + ".bak")
    if not bak.is_file():
        return "The file was not changed and there is no backup; repair it by hand (see docs/FORMAT.md)."
    return f"The file was not changed. To restore the backup run: cp {_quote(bak)} {_quote(path)}"


def _write_pid(path: Path) -> None:
    """Note our pid in the lock file, for the message a second window gets."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        finally:
            os.close(fd)
    except OSError:
        pass


def _holder(path: Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "r", encoding="ascii", errors="replace") as handle:
            pid = handle.read(20).strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
