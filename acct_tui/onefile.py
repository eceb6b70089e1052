"""The one-file plan store of acct-tui before 0.2: kept to read old stores and migrate them.

``acct_tui.store`` (a folder, one file per plan) replaced it; it opens an old
store with ``PlanStore(path, readonly=True)`` and copies its plans, and
shares the checks below (safe JSON, the model's rules, control characters,
file identity) for each plan file. What follows describes the old file.


TinyDB's own ``JSONStorage`` rewrites the file in place, so a crash mid-write
leaves half a file, and it reads a zero-length file as an empty database.
Here the whole file is checked when it is opened, and every write goes to a
temp file that atomically replaces the old one. A bad file is never read as
"no plans": opening it raises ``StoreError`` and leaves it byte-for-byte as it
was. docs/FORMAT.md describes the file, its lock and its backup.

Only one process writes at a time (an ``flock`` on ``<name>.lock``); read-only
stores take no lock, so ``acct-tui list`` works while the app is open.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import threading
from datetime import datetime
from pathlib import Path
from collections.abc import MutableMapping, Sequence
from typing import IO, Any, Callable, Protocol, TypeVar

import platformdirs
from tinydb import TinyDB
from tinydb.storages import Storage

from acct_tui.files import PRIVATE, NotDurable, atomic_write, is_temp_of
from acct_tui.model import ANALYSIS_KEYS, Plan, new_id, now_utc
from acct_tui.plan_json import PlanDataError, plan_from_dict, plan_to_dict
from acct_tui.safe_json import JSONInputError, load_json
from acct_tui.text import repair_notice, repair_strings

APP_NAME = "acct-tui"
SCHEMA_VERSION = 1
"""The layout this code writes; older files are migrated on open."""

META_TABLE = "_meta"
PLANS_TABLE = "plans"
ENV_VAR = "ACCT_TUI_DB"


class StoreError(Exception):
    """The store can't be opened or written; ``str()`` says which file, why, and what to do."""


class StoreLocked(StoreError):
    """Another acct-tui process has the file open for writing."""


class StoreChanged(StoreError):
    """The file on disk is not the one this store last read or wrote: someone else changed it.

    Nothing was written. ``PlanStore.reload`` reads the file as it is now.
    """

    retryable = False
    """Saving again can't help: the edit session stops and the user chooses."""


# --- where the file lives ---


def default_db_path() -> Path:
    """The store in the user's data folder, e.g. ~/.local/share/acct-tui/plans.json."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "plans.json"


def resolve_db_path(arg: str | None) -> Path:
    """``--db`` if given, else ``$ACCT_TUI_DB``, else the default; ``~`` expanded."""
    chosen = arg or os.environ.get(ENV_VAR) or default_db_path()
    return Path(chosen).expanduser().absolute()


def lock_path(path: Path) -> Path:
    """The sibling file the writer holds an flock on."""
    return path.with_name(path.name + ".lock")


def backup_path(path: Path) -> Path:
    """The last good version of the store, kept beside it."""
    return path.with_name(path.name + ".bak")


def migration_backup_path(path: Path, version: int) -> Path:
    """The untouched original of a file migrated from schema ``version``."""
    return path.with_name(f"{path.name}.v{version}.bak")


def written_files(path: Path) -> list[Path]:
    """Every file the store writes with ``atomic_write``: the store, its backup, migration backups."""
    versions = range(SCHEMA_VERSION)
    return [path, backup_path(path), *(migration_backup_path(path, version) for version in versions)]


def own_files(path: Path) -> set[Path]:
    """The store and every file kept beside it, resolved: no export may write over them."""
    siblings = {lock_path(path), *written_files(path)}
    found = set()
    for sibling in siblings:
        try:
            found.add(sibling.resolve())
        except (OSError, RuntimeError, ValueError):
            found.add(sibling.absolute())
    return found


# --- migrations: raw file data of version N -> raw file data of version N+1 ---


def _migrate_0_to_1(raw: dict[str, Any]) -> dict[str, Any]:
    """Schema 0 (the prototype) had no ``_meta`` table and no node ids.

    It also kept the analysis as a list of answers in question order and
    marked tactics ``done: true/false`` instead of giving a status. Missing
    ids are filled in once, here, so they stay stable from now on.
    """
    table = raw[PLANS_TABLE]
    if not isinstance(table, dict):
        raise ValueError(f'its "{PLANS_TABLE}" table is not an object')
    for key, doc in table.items():
        if not isinstance(doc, dict):
            raise ValueError(f'record "{key}" is not an object')
    plans = {key: _plan_0_to_1(doc) for key, doc in table.items()}
    return {META_TABLE: {"1": {"schema": 1}}, PLANS_TABLE: plans}


def _plan_0_to_1(doc: dict[str, Any]) -> dict[str, Any]:
    plan = _with_ids(doc)
    answers = plan.get("analysis")
    if isinstance(answers, list):
        plan["analysis"] = {key: text for key, text in zip(ANALYSIS_KEYS, answers) if text}
    for goal in _records(plan, "goals"):
        for strategy in _records(goal, "strategies"):
            for initiative in _records(strategy, "initiatives"):
                for tactic in _records(initiative, "tactics"):
                    if "done" in tactic:
                        tactic["status"] = "done" if tactic.pop("done") else "open"
    plan.setdefault("updated", now_utc().isoformat())
    return plan


def _records(parent: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The records in ``parent[name]``; anything of the wrong type is left for the check
    after the upgrade, which names its path and the type expected."""
    items = parent.get(name)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _with_ids(record: dict[str, Any]) -> dict[str, Any]:
    """A copy of a record in which it, and every record in its lists, has an id."""
    copy = dict(record)
    for key, value in record.items():
        if isinstance(value, list):
            copy[key] = [_with_ids(item) if isinstance(item, dict) else item for item in value]
    copy.setdefault("id", new_id())
    return copy


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _migrate_0_to_1}
"""``MIGRATIONS[n]`` turns the raw data of a schema-n file into schema n+1."""


# --- reading and checking a file ---


class BadFile(Exception):
    """What is wrong with a file's contents, in words for the user."""


class NewerFile(BadFile):
    """The file was written by a newer acct-tui."""


Identity = tuple[int, int, int, int]
"""(device, inode, size, mtime in ns): tells whether a file is still the one we last saw."""


def identity(info: os.stat_result) -> Identity:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _read_bytes(path: Path) -> tuple[bytes, Identity] | None:
    """The file's bytes and identity (from the same open file), or None if it does not exist.

    Opened non-blocking so a FIFO planted at the path can't hang the app.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise BadFile(f"it can't be read ({error.strerror})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # checked before fdopen, which refuses a folder itself
        os.close(fd)
        raise BadFile("it is a folder, not a file" if stat.S_ISDIR(info.st_mode) else "it is not a regular file")
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read(), identity(info)
        except OSError as error:
            raise BadFile(f"it can't be read ({error.strerror})") from None


def _parse(content: bytes) -> Any:
    """Decode the JSON with the plan reader's own checks (see ``acct_tui.safe_json``)."""
    try:
        return load_json(content)
    except JSONInputError as error:
        raise BadFile(str(error)) from None


def _schema_version(raw: Any) -> int:
    """The file's schema version; a file with plans but no ``_meta`` is schema 0."""
    if not isinstance(raw, dict):
        raise BadFile(f"it holds a JSON {type(raw).__name__}, not a plan store object")
    if META_TABLE not in raw:
        if PLANS_TABLE in raw:
            return 0
        raise BadFile(f'it is not an acct-tui plan store (no "{META_TABLE}" table)')
    meta = raw[META_TABLE]
    docs = list(meta.values()) if isinstance(meta, dict) else []
    versions = [d.get("schema") for d in docs if isinstance(d, dict)]
    if len(versions) != 1 or type(versions[0]) is not int or versions[0] < 1:
        raise BadFile(f'its "{META_TABLE}" table must hold one record like {{"schema": 1}}')
    return versions[0]


def _check_layout(raw: dict[str, Any]) -> list[tuple[int, Plan]]:
    """Validate a current-schema file; return its plans with their TinyDB doc ids, in order."""
    unknown = sorted(set(raw) - {META_TABLE, PLANS_TABLE})
    if unknown:
        raise BadFile(f"it has an unknown table {unknown[0]!r}")
    table = raw.get(PLANS_TABLE)
    if not isinstance(table, dict):
        raise BadFile(f'its "{PLANS_TABLE}" table is missing or not an object')
    plans: list[tuple[int, Plan]] = []
    seen: set[str] = set()
    for key, doc in table.items():
        if not re.fullmatch(r"[1-9][0-9]{0,17}", key):
            raise BadFile(f'"{PLANS_TABLE}" has a record key {key!r}; keys are numbers like "1"')
        plan = _check_plan(doc, f'record "{key}"')
        if plan.id in seen:
            raise BadFile(f'two plans have the id {plan.id!r} (record "{key}")')
        seen.add(plan.id)
        plans.append((int(key), plan))
    return sorted(plans, key=lambda pair: pair[0])


def _check_plan(doc: Any, where: str) -> Plan:
    """One stored plan, fully validated; every record must carry its id.

    Control characters a file already holds (written by hand or by an older
    acct-tui) are read as their visible symbols, so the plan still opens and
    nothing in it can reach the terminal; ``_repair_notices`` says so.
    """
    doc, _ = repair_strings(doc)
    try:
        plan = plan_from_dict(doc)
    except PlanDataError as error:
        raise BadFile(f"{where} is not a valid plan: {error}") from None
    missing = _first_missing_id(doc, "plan")
    if missing:
        raise BadFile(f"{where} is not a valid plan: {missing}: missing its id")
    return plan


def _first_missing_id(node: Any, path: str) -> str | None:
    """The path of the first record without an ``id`` (ids must be stable, never invented on read)."""
    if path == "plan.whitespace":
        return None  # the whitespace map's cells are named by unit × offering, not by id
    if isinstance(node, dict):
        if path == "plan" and "id" not in node:
            return path
        for key, value in node.items():
            found = _first_missing_id(value, f"{path}.{key}")
            if found:
                return found
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict) and "id" not in item:
                return f"{path}[{i}]"
            found = _first_missing_id(item, f"{path}[{i}]")
            if found:
                return found
    return None


def _load(content: bytes) -> tuple[int, dict[str, Any], list[tuple[int, Plan]]]:
    """Parse, migrate and validate file bytes: (original version, current raw data, plans)."""
    raw = _parse(content)
    version = _schema_version(raw)
    if version > SCHEMA_VERSION:
        raise NewerFile(
            f"it was written by a newer acct-tui (schema {version}; this version "
            f"reads up to {SCHEMA_VERSION}). Upgrade acct-tui to open it"
        )
    original = version
    while version < SCHEMA_VERSION:
        try:
            raw = MIGRATIONS[version](raw)
        except Exception as error:  # noqa: BLE001 - any failure means "can't upgrade"
            raise BadFile(f"it could not be upgraded from schema {version} ({error})") from None
        version += 1
    try:
        return original, raw, _check_layout(raw)
    except BadFile as error:
        if original != SCHEMA_VERSION:
            raise BadFile(f"after upgrading it from schema {original}, {error}") from None
        raise


def _repair_notices(raw: dict[str, Any], loaded: list[tuple[int, Plan]]) -> list[str]:
    """One message per plan whose stored text held control characters (see ``_check_plan``).

    The file keeps them until the plan is next saved, with the symbols instead.
    """
    names = {doc_id: plan.name for doc_id, plan in loaded}
    notices = []
    for key, doc in raw.get(PLANS_TABLE, {}).items():
        _, repaired = repair_strings(doc)
        if repaired:
            notices.append(repair_notice(names[int(key)], repaired))
    return notices


def _bad_file_error(path: Path, problem: BadFile) -> StoreError:
    """Two lines: what is wrong with which file, then how to get the plans back."""
    first = f"Can't open the plan store {path}: {problem}."
    if isinstance(problem, NewerFile):
        return StoreError(f"{first}\nThe file was not changed.")
    return StoreError(f"{first}\n{_restore_advice(path)}")


def _restore_advice(path: Path) -> str:
    """Say how to restore the backup, if there is a good one."""
    bak = backup_path(path)
    try:
        content = bak.read_bytes()
        stamp = datetime.fromtimestamp(bak.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    except OSError:
        return (
            "The file was not changed and there is no backup; repair it by hand "
            "(see docs/FORMAT.md) or move it aside to start an empty store."
        )
    try:
        _load(content)
    except BadFile as error:
        return f"The file was not changed; the backup {bak} is damaged too ({error})."
    return (
        f"The file was not changed. A backup from {stamp} is at {bak}; "
        f"to restore it run: cp {_quote(bak)} {_quote(path)}"
    )


def _quote(path: Path) -> str:
    """Single-quote a path for a shell, always (so the advice can be pasted as is)."""
    return "'" + str(path).replace("'", "'\"'\"'") + "'"


# --- writing ---


def _encode(data: dict[str, Any]) -> bytes:
    """Readable, indented UTF-8 JSON.

    ``backslashreplace`` only fires on lone surrogates (which UTF-8 can't
    hold); it writes them as ``\\udxxx`` escapes, which JSON reads back as the
    same character.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return text.encode("utf-8", "backslashreplace")


class AtomicStorage(Storage):
    """A TinyDB storage that keeps the last written state in memory and writes atomically.

    Reads never touch the disk: the file was validated when the store was
    opened and this process holds the lock, so memory and disk agree. Each
    read returns a fresh copy, because TinyDB mutates what it reads before
    writing it back; if that write fails, the remembered state is unchanged.
    Before the first write of a session the file as opened is copied to the
    backup, so ``.bak`` is always the last version that was good at open.

    ``content`` and ``identity`` are the file as this process last read or
    wrote it: the store compares them with the disk before each write, so a
    file someone else changed is never silently overwritten.
    """

    def __init__(self, path: Path, content: bytes, backup: bytes | None, found: Identity | None) -> None:
        self._path = path
        self.content = content
        self.identity = found
        self._pending_backup = backup
        self.not_durable: NotDurable | None = None
        """Set when a write reached the file but the folder could not be synced."""

    def read(self) -> dict[str, Any]:
        return json.loads(self.content)

    def write(self, data: dict[str, Any]) -> None:
        _refuse_if_read_only(self._path)
        content = _encode(data)
        if self._pending_backup is not None:
            self._write_backup(self._pending_backup)
            self._pending_backup = None
        try:
            written = atomic_write(self._path, content)
        except NotDurable as error:  # the file is replaced: memory must follow it
            written, self.not_durable = error.stat, error
        self.content = content
        self.identity = identity(written)

    def _write_backup(self, content: bytes) -> None:
        bak = backup_path(self._path)
        if _read_bytes_quietly(bak) == content:
            return
        try:
            atomic_write(bak, content)
        except NotDurable:
            pass  # the store's own write, next, syncs the same folder


def _refuse_if_read_only(path: Path) -> None:
    """Respect a store someone made read-only (``chmod a-w``).

    The atomic rename would happily replace a read-only file, and root
    ignores permissions, so look at the mode bits rather than trying.
    """
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    if not mode & stat.S_IWUSR:
        raise PermissionError(errno.EACCES, "the file is read-only")


def _read_bytes_quietly(path: Path) -> bytes | None:
    """A file's bytes, or None if it is missing, unreadable or a symlink (never followed)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read()
        except OSError:
            return None


def _empty_store() -> dict[str, Any]:
    return {META_TABLE: {"1": {"schema": SCHEMA_VERSION}}, PLANS_TABLE: {}}


def _make_private(path: Path) -> str:
    """Take group and other permissions off a file we keep private; a line for the user, or "".

    Opened without following a symlink (we never change a file a link points
    at), and the owner's own bits are kept, so a read-only store stays read-only.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return ""  # missing, or a symlink: nothing of ours to tighten
    try:
        info = os.fstat(fd)
        mode = stat.S_IMODE(info.st_mode)
        if not stat.S_ISREG(info.st_mode) or not mode & 0o077:
            return ""
        try:
            os.fchmod(fd, mode & 0o600)
        except OSError as error:
            return (
                f"{path} can be read by other users (mode {mode:04o}) and acct-tui could not "
                f"make it private ({error.strerror}); run: chmod go-rwx {_quote(path)}"
            )
        return f"{path} could be read by other users (mode {mode:04o}); it is now private (mode {mode & 0o600:04o})."
    finally:
        os.close(fd)


_WRITE_ADVICE = {
    errno.ENOSPC: "free some space",
    errno.EDQUOT: "free some space",
    errno.EROFS: "make the disk writable",
    errno.EACCES: "fix the permissions",
    errno.EPERM: "fix the permissions",
    errno.EIO: "check the disk",
}
"""What the user can do about a failed save, by errno."""


def write_error(action: str, path: Path, error: OSError) -> StoreError:
    """A failed write before the rename: the file still holds the last saved version."""
    advice = _WRITE_ADVICE.get(error.errno or 0, "fix the problem")
    return StoreError(
        f"Couldn't {action} to {path}: {error.strerror or error}.\n"
        f"The file on disk still holds the last saved version; {advice} and save again."
    )


class _Account(Protocol):
    """Anything with a name and an id (a plan, a catalog entry); read-only, as frozen dataclasses are."""

    @property
    def name(self) -> str: ...

    @property
    def id(self) -> str: ...


AccountT = TypeVar("AccountT", bound=_Account)


def match_account(name_or_id: str, accounts: Sequence[AccountT]) -> AccountT:
    """The account ``name_or_id`` means: its id, exact name, or unique name start (any case).

    LookupError's message is one line for the CLI: no match, or the
    candidates when more than one account matches.
    """
    by_id = [account for account in accounts if account.id == name_or_id]
    if by_id:
        return by_id[0]
    wanted = name_or_id.strip().casefold()
    exact = [a for a in accounts if a.name.casefold() == wanted]
    matches = exact or [a for a in accounts if wanted and a.name.casefold().startswith(wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(f"{a.name} (id {a.id})" for a in matches)
        raise LookupError(f"{name_or_id!r} matches {len(matches)} accounts: {names}.")
    known = ", ".join(a.name for a in accounts) or "none yet"
    raise LookupError(f"No account matches {name_or_id!r} (accounts: {known}).")


# --- the lock ---


class UnsafeLockFile(OSError):
    """Something other than a plain file of ours sits where the lock file goes."""


def open_lock_file(lock: Path) -> int:
    """Open ``<name>.lock`` for locking, creating it with mode 0600; the file descriptor.

    Never through a symlink: ``O_NOFOLLOW`` makes a link planted there fail
    (dangling or not) instead of creating, truncating or writing the file it
    points at; a hard link or anything but a plain file is refused before
    anything is written. Raises UnsafeLockFile for those, OSError otherwise.
    Whatever takes the lock (fcntl today) opens the file here.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(lock, flags, PRIVATE)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnsafeLockFile(errno.ELOOP, "it is a symbolic link") from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        raise UnsafeLockFile(errno.EPERM, "it is not a plain file of its own (a hard link or a special file)")
    return fd


def _take_lock(file: Path, shown: Path) -> IO[str]:
    """Hold an exclusive, non-blocking flock on ``<name>.lock``; it dies with the process.

    ``file`` is the real store file, ``shown`` the path the user gave.
    """
    lock = lock_path(file)
    advice = "Use a read-only command such as `acct-tui list`."
    try:
        handle = os.fdopen(open_lock_file(lock), "r+", encoding="utf-8")
    except UnsafeLockFile as error:
        raise StoreError(
            f"Can't open the plan store {shown} for writing: its lock file {lock} is unsafe "
            f"({error.strerror}), so acct-tui won't open it. If you did not put it there, remove it "
            f"(rm {_quote(lock)}) and try again."
        ) from None
    except OSError as error:
        raise StoreError(
            f"Can't open the plan store {shown} for writing: can't create {lock} "
            f"({error.strerror}).\n{advice}"
        ) from None
    try:
        import fcntl  # only a writer of an old store locks it (tests); never on Windows

        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = handle.read().strip()
        handle.close()
        pid = f" (pid {holder})" if holder.isdigit() else ""
        raise StoreLocked(
            f"{shown} is open in another acct-tui{pid}. Close it, or use a "
            "read-only command such as `acct-tui list`."
        ) from None
    except OSError as error:  # e.g. a file system without locks
        handle.close()
        raise StoreError(f"Can't lock the plan store {shown} ({error.strerror}).\n{advice}") from None
    handle.truncate(0)
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def _holds(handle: IO[str], lock: Path) -> bool:
    """Whether ``lock`` still names the file we hold the flock on (not deleted or replaced)."""
    try:
        now = os.stat(lock, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(handle.fileno())
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


# --- the store ---


class PlanStore:
    """All account plans in one file; thread-safe; one writer process at a time.

    Opening reads and checks the whole file (``StoreError`` if anything is
    wrong) and, unless ``readonly``, takes the writer lock (``StoreLocked``).
    A missing file is created empty, with its folder; a read-only store of a
    missing file is simply empty and writes nothing.

    ``notices`` collects things the user should be told once (a store made
    private on open, ...): the app shows them at start, the CLI on stderr.
    Before each write the store checks that its lock file and the store file
    are still the ones it holds and last saw; ``StoreChanged`` if the file
    changed under it (``reload`` reads it again).
    """

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = Path(path).expanduser().absolute()
        self.readonly = readonly
        self._file = _resolve_store_path(self.path)  # write through a symlink, don't replace it
        self._mutex = threading.RLock()
        self._lock: IO[str] | None = None
        self.notices: list[str] = []
        """Things to tell the user once about the file as opened (the app and CLI show them)."""
        if not readonly:
            self._make_folder()
            self._lock = _take_lock(self._file, self.path)
        try:
            self._open()
        except BaseException:
            self._release()
            raise

    def _make_folder(self) -> None:
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise StoreError(
                f"Can't create the folder for the plan store {self.path}: "
                f"{error.strerror or error}."
            ) from None

    def _open(self) -> None:
        try:
            found = _read_bytes(self._file)
            loaded: list[tuple[int, Plan]] = []
            if found is None:
                content, seen = None, None
                version, raw = SCHEMA_VERSION, _empty_store()
            else:
                content, seen = found
                version, raw, loaded = _load(content)
        except BadFile as problem:
            raise _bad_file_error(self.path, problem) from None
        self.notices.extend(_repair_notices(raw, loaded))
        current = _encode(raw) if version != SCHEMA_VERSION or content is None else content
        if not self.readonly:
            self._remove_stale_temp_files()
            self._make_files_private()
            if content is None:
                seen = self._write_new(current, "create")
            elif version != SCHEMA_VERSION:
                self._write_new(content, "back up", migration_backup_path(self._file, version))
                seen = self._write_new(current, "upgrade")
        # only now, with every write done, does this store change (a failed reload keeps the old)
        backup = None if self.readonly or content is None else current
        self._db = TinyDB(self._file, current, backup, seen, storage=AtomicStorage)
        self._table = self._db.table(PLANS_TABLE, cache_size=0)
        self._doc_ids = {plan.id: doc_id for doc_id, plan in loaded}
        self._plans = {plan.id: plan for _, plan in loaded}

    def _write_new(self, content: bytes, verb: str, target: Path | None = None) -> Identity:
        """Write a whole file on open (a new store, an upgrade and its backup); its identity."""
        target = target or self._file
        try:
            return identity(atomic_write(target, content))
        except NotDurable as error:
            return identity(error.stat)  # a power cut brings back the old file: opened again next time
        except OSError as error:
            raise StoreError(
                f"Can't {verb} the plan store {target}: {error.strerror or error}.\n"
                "Nothing was changed."
            ) from None

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a writer that was killed mid-save (we hold the lock now)."""
        targets = written_files(self._file)
        try:
            entries = list(self._file.parent.iterdir())
        except OSError:
            return  # a leftover temp file is untidy, not harmful
        for entry in entries:
            if any(is_temp_of(entry.name, target) for target in targets):
                try:
                    entry.unlink(missing_ok=True)
                except OSError:
                    pass

    def _make_files_private(self) -> None:
        """Tighten a store (or its backups) that others can read; say so once."""
        for path in written_files(self._file):
            notice = _make_private(path)
            if notice:
                self.notices.append(notice)

    def reload(self) -> None:
        """Read the file again as it is on disk now (after ``StoreChanged``).

        Plans saved by this process are already in the file; anything the
        caller holds unsaved is for it to keep or drop.
        """
        with self._mutex:
            if not self.readonly:
                self._check_open("reload")
                self._keep_lock()
            self._open()

    # --- reading ---

    def plans(self) -> list[Plan]:
        """Every plan, in the order they were created."""
        with self._mutex:
            return list(self._plans.values())

    def get(self, plan_id: str) -> Plan:
        """The plan with this id; KeyError if there is none."""
        with self._mutex:
            return self._plans[plan_id]

    def find(self, name_or_id: str) -> Plan:
        """A plan by id, exact name, or unique name prefix (names ignore case).

        LookupError's message is one line for the CLI: no match, or the
        candidates when more than one account matches.
        """
        with self._mutex:
            plans = list(self._plans.values())
        return match_account(name_or_id, plans)

    # --- writing ---

    def save(self, plan: Plan) -> None:
        """Insert the plan, or replace the stored plan with the same id, atomically."""
        action = f"save {plan.name!r}"
        with self._mutex:
            self._check_writable(action)
            doc = plan_to_dict(plan)
            try:
                if plan.id in self._doc_ids:
                    self._table.update(_replace_with(doc), doc_ids=[self._doc_ids[plan.id]])
                else:
                    self._doc_ids[plan.id] = self._table.insert(doc)
            except OSError as error:
                raise self._write_error(action, error) from None
            self._plans[plan.id] = plan
            self._check_durable(f"Saved {plan.name!r} to {self.path}")

    def delete(self, plan_id: str) -> None:
        """Remove the plan with this id; KeyError if there is none."""
        with self._mutex:
            self._check_writable("delete a plan")
            doc_id = self._doc_ids[plan_id]
            try:
                self._table.remove(doc_ids=[doc_id])
            except OSError as error:
                raise self._write_error("delete a plan", error) from None
            del self._doc_ids[plan_id]
            del self._plans[plan_id]
            self._check_durable(f"Deleted the plan from {self.path}")

    def _check_writable(self, action: str) -> None:
        """Refuse a write this store may not make: read-only, closed, lock lost, file changed."""
        self._check_open(action)
        self._keep_lock()
        self._check_unchanged(action)

    def _check_open(self, action: str) -> None:
        if self.readonly:
            raise StoreError(f"Can't {action}: {self.path} was opened read-only.")
        if self._lock is None:
            raise StoreError(f"Can't {action}: the plan store {self.path} is closed.")

    def _keep_lock(self) -> None:
        """Lock the store again if its lock file was deleted or replaced while we held it.

        An flock belongs to the file, not the name: once ``plans.json.lock``
        is gone, another writer would create a new one and get in. Taking a
        new lock keeps it out; if one already got in, nothing is written.
        """
        assert self._lock is not None
        if _holds(self._lock, lock_path(self._file)):
            return
        try:
            handle = _take_lock(self._file, self.path)
        except StoreLocked as error:
            raise StoreLocked(
                f"Nothing was written: the lock file {lock_path(self._file)} was removed while "
                f"acct-tui had the store open, and since then {error}"
            ) from None
        self._lock.close()
        self._lock = handle

    def _check_unchanged(self, action: str) -> None:
        """Raise StoreChanged if the file on disk is not the one this process last read or wrote.

        Identity (inode, size, mtime) first; a file that differs only in
        identity but holds the same bytes (``touch``, or copied back
        unchanged) has nothing to lose and is taken as is.
        """
        storage: AtomicStorage = self._db.storage  # type: ignore[assignment]
        try:
            now: Identity | None = identity(os.stat(self._file))
        except OSError:
            now = None
        if now == storage.identity:
            return
        if now is not None and _read_bytes_quietly(self._file) == storage.content:
            storage.identity = now
            return
        what = "was deleted or moved away" if now is None else "was changed by another program"
        raise StoreChanged(
            f"Couldn't {action}: the plan store {self.path} {what} since acct-tui last read or "
            "wrote it (a restored backup, an edit by hand, a sync tool?).\n"
            "Nothing was written, so those changes are not overwritten."
        )

    def _write_error(self, action: str, error: OSError) -> StoreError:
        return write_error(action, self.path, error)

    def _check_durable(self, done: str) -> None:
        """After a write whose folder fsync failed: say it reached the file but may not last."""
        storage: AtomicStorage = self._db.storage  # type: ignore[assignment]
        error, storage.not_durable = storage.not_durable, None
        if error is not None:
            raise StoreError(
                f"{done}, but it may not survive a power cut: the folder could not be synced "
                f"({error.strerror}).\nSave again later; if this keeps happening, check the disk."
            )

    # --- closing ---

    def close(self) -> None:
        """Release the writer lock. Safe to call twice."""
        with self._mutex:
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file drops the flock
            self._lock = None

    def __enter__(self) -> PlanStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _resolve_store_path(path: Path) -> Path:
    """The real file behind the path the user gave; one line if it can't be followed."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError) as error:
        looped = isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP
        reason = "it is a symbolic link loop" if looped else f"it can't be followed ({error})"
        raise StoreError(f"Can't open the plan store {path}: {reason}.") from None


def _replace_with(doc: dict[str, Any]) -> Callable[[MutableMapping[str, Any]], None]:
    """A TinyDB update that replaces a whole record (``update(dict)`` would merge)."""

    def transform(stored: MutableMapping[str, Any]) -> None:
        stored.clear()
        stored.update(doc)

    return transform
