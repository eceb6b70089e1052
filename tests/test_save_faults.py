"""Fault injection: every step of a save fails, with every errno a disk gives (issue 7).

The os functions themselves are patched (not the store), so the store's real
code meets the failure where a real disk would raise it. After each failure:
the message is honest, the file on disk is the old one (or, once the rename
happened, the new one), no temp file is left, and the next save works.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from acct_tui import files as files_module
from acct_tui.model import Plan
from acct_tui.onefile import PlanStore, StoreChanged, StoreError, backup_path

ERRNOS = [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EIO]
ADVICE = {
    errno.ENOSPC: "free some space",
    errno.EROFS: "make the disk writable",
    errno.EACCES: "fix the permissions",
    errno.EIO: "check the disk",
}


def _error(code: int) -> OSError:
    return OSError(code, os.strerror(code))


def _is_dir(fd: int) -> bool:
    return stat.S_ISDIR(os.fstat(fd).st_mode)


def fail_open(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    real = os.open

    def fake(path, flags, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise _error(code)
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(files_module.os, "open", fake)


def fail_write(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def fake(fd, data):
        raise _error(code)

    monkeypatch.setattr(files_module.os, "write", fake)


def fail_after_a_short_write(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    real = os.write
    calls = []

    def fake(fd, data):
        calls.append(fd)
        if len(calls) == 1:
            return real(fd, bytes(data[: len(data) // 2]))  # the disk took half
        raise _error(code)

    monkeypatch.setattr(files_module.os, "write", fake)


def fail_file_fsync(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    real = os.fsync

    def fake(fd):
        if not _is_dir(fd):
            raise _error(code)
        return real(fd)

    monkeypatch.setattr(files_module.os, "fsync", fake)


def fail_replace(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def fake(src, dst):
        raise _error(code)

    monkeypatch.setattr(files_module.os, "replace", fake)


def fail_folder_fsync(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    real = os.fsync

    def fake(fd):
        if _is_dir(fd):
            raise _error(code)
        return real(fd)

    monkeypatch.setattr(files_module.os, "fsync", fake)


BEFORE_RENAME: dict[str, Callable[[pytest.MonkeyPatch, int], None]] = {
    "open": fail_open,
    "write": fail_write,
    "short write": fail_after_a_short_write,
    "fsync": fail_file_fsync,
    "replace": fail_replace,
}


def temp_files(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".tmp"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "plans.json"
    with PlanStore(path) as store:
        store.save(Plan(name="Kept"))
    return path


def open_store(db: Path, first_save: bool) -> PlanStore:
    """The store as a session has it: before its first save (the backup is still due) or after."""
    store = PlanStore(db)
    if not first_save:
        store.save(Plan(name="Kept too"))
    return store


@pytest.mark.parametrize("first_save", [True, False], ids=["with-backup", "later-save"])
@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("step", BEFORE_RENAME)
def test_a_failure_before_the_rename_leaves_the_old_file(
    db: Path, monkeypatch: pytest.MonkeyPatch, step: str, code: int, first_save: bool
) -> None:
    with open_store(db, first_save) as store:
        before_bytes, before_plans = db.read_bytes(), store.plans()
        BEFORE_RENAME[step](monkeypatch, code)
        with pytest.raises(StoreError) as err:
            store.save(Plan(name="New"))
        monkeypatch.undo()
        message = str(err.value)
        assert not isinstance(err.value, StoreChanged)
        assert message == (
            f"Couldn't save 'New' to {db}: {os.strerror(code)}.\n"
            f"The file on disk still holds the last saved version; {ADVICE[code]} and save again."
        )
        assert db.read_bytes() == before_bytes
        assert store.plans() == before_plans
        assert temp_files(db.parent) == []
        store.save(Plan(name="Saved later"))  # the store still works once the disk does
    names = [plan.name for plan in PlanStore(db, readonly=True).plans()]
    assert names[-1] == "Saved later" and "New" not in names


@pytest.mark.parametrize("first_save", [True, False], ids=["with-backup", "later-save"])
@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
def test_a_failed_folder_fsync_says_the_save_reached_the_file(
    db: Path, monkeypatch: pytest.MonkeyPatch, code: int, first_save: bool
) -> None:
    with open_store(db, first_save) as store:
        fail_folder_fsync(monkeypatch, code)
        with pytest.raises(StoreError) as err:
            store.save(Plan(name="New"))
        monkeypatch.undo()
        message = str(err.value)
        assert message.startswith(f"Saved 'New' to {db}, but it may not survive a power cut")
        assert os.strerror(code) in message and "still holds" not in message
        on_disk = [plan.name for plan in PlanStore(db, readonly=True).plans()]
        assert on_disk[-1] == "New"
        assert [plan.name for plan in store.plans()] == on_disk  # memory follows the disk
        assert temp_files(db.parent) == []
        store.save(Plan(name="Saved later"))  # not mistaken for a change by someone else
    if first_save:
        assert backup_path(db).exists()


@pytest.mark.parametrize("step", [*BEFORE_RENAME, "folder fsync"])
def test_a_failed_delete_keeps_the_plan_or_says_it_is_gone(
    db: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    with open_store(db, first_save=False) as store:
        plan = store.plans()[0]
        before = db.read_bytes()
        (BEFORE_RENAME.get(step) or fail_folder_fsync)(monkeypatch, errno.EIO)
        with pytest.raises(StoreError) as err:
            store.delete(plan.id)
        monkeypatch.undo()
        if step == "folder fsync":
            assert "may not survive a power cut" in str(err.value)
            assert plan not in store.plans() and db.read_bytes() != before
        else:
            assert "still holds the last saved version" in str(err.value)
            assert plan in store.plans() and db.read_bytes() == before
        assert temp_files(db.parent) == []


def test_a_disk_that_takes_no_bytes_is_an_error_not_a_hang(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with PlanStore(db) as store:
        before = db.read_bytes()
        monkeypatch.setattr(files_module.os, "write", lambda fd, data: 0)
        with pytest.raises(StoreError, match="accepted no more bytes"):
            store.save(Plan(name="New"))
        monkeypatch.undo()
        assert db.read_bytes() == before and temp_files(db.parent) == []
