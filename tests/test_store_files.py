"""The files around the store (issue 7): the lock, temp and backup files, permissions,
unusable paths, and a store changed on disk while it is open."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from acct_tui.cli import main
from acct_tui.files import write_text_atomic
from acct_tui.model import Plan
from acct_tui.onefile import (
    PlanStore,
    StoreChanged,
    StoreError,
    StoreLocked,
    backup_path,
    lock_path,
    migration_backup_path,
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "plans.json"


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def saved_store(db: Path, *names: str) -> Path:
    with PlanStore(db) as store:
        for name in names:
            store.save(Plan(name=name))
    return db


# --- the lock file (finding 2) ---


def test_a_symlinked_lock_is_refused_and_its_target_left_alone(db: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    lock_path(db).symlink_to(victim)
    with pytest.raises(StoreError) as err:
        PlanStore(db)
    message = str(err.value)
    assert str(lock_path(db)) in message and "symbolic link" in message
    assert "\n" not in message
    assert victim.read_text() == "precious\n"
    assert not db.exists()  # nothing else was written either


def test_a_dangling_symlinked_lock_creates_nothing(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "created-by-attacker"
    lock_path(db).symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        PlanStore(db)
    assert not target.exists()


def test_a_hard_linked_lock_is_not_truncated(db: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    os.link(victim, lock_path(db))
    with pytest.raises(StoreError, match="not a plain file"):
        PlanStore(db)
    assert victim.read_text() == "precious\n"


def test_the_lock_file_is_created_private(db: Path) -> None:
    old_umask = os.umask(0)
    try:
        PlanStore(db).close()
    finally:
        os.umask(old_umask)
    assert mode_of(lock_path(db)) == 0o600


def test_a_lock_deleted_while_open_is_taken_again_at_the_next_save(db: Path) -> None:
    with PlanStore(db) as store:
        lock_path(db).unlink()
        store.save(Plan(name="Northwind"))
        assert lock_path(db).exists()
        with pytest.raises(StoreLocked):
            PlanStore(db)  # e.g. `acct-tui import` can't get in any more


def test_a_save_after_another_writer_took_a_deleted_lock_writes_nothing(db: Path) -> None:
    saved_store(db, "Northwind")
    with PlanStore(db) as store:
        lock_path(db).unlink()
        with PlanStore(db) as intruder:
            before = db.read_bytes()
            with pytest.raises(StoreLocked, match="lock file .* was removed") as err:
                store.save(Plan(name="Lost race"))
            assert str(os.getpid()) in str(err.value)
            assert db.read_bytes() == before
            intruder.save(Plan(name="Theirs"))


# --- temp and backup files ---


def test_stale_temp_files_of_every_written_file_are_removed_on_open(db: Path) -> None:
    saved_store(db, "Northwind")
    written = [db, backup_path(db), migration_backup_path(db, 0)]
    stale = [path.with_name(f".{path.name}.0123abcd.tmp") for path in written]
    for path in stale:
        path.write_text("{")
    with PlanStore(db, readonly=True):
        assert all(path.exists() for path in stale)
    with PlanStore(db):
        left = [path.name for path in stale if path.exists()]
    assert left == []


def test_a_symlink_planted_as_the_backup_is_replaced_not_followed(db: Path, tmp_path: Path) -> None:
    saved_store(db, "Northwind")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    backup_path(db).symlink_to(victim)
    with PlanStore(db) as store:
        store.save(Plan(name="Contoso"))
    assert victim.read_text() == "precious\n"
    assert not backup_path(db).is_symlink() and mode_of(backup_path(db)) == 0o600


# --- permissions (finding 8) ---


def test_a_new_export_is_private(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "plan.md", "# Plan\n")
    finally:
        os.umask(old_umask)
    assert mode_of(tmp_path / "plan.md") == 0o600


def test_an_export_over_a_shared_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("old")
    target.chmod(0o644)
    write_text_atomic(target, "# Plan\n")
    assert mode_of(target) == 0o644 and target.read_text() == "# Plan\n"


def test_cli_export_creates_a_private_file(db: Path, tmp_path: Path, capsys) -> None:
    saved_store(db, "Northwind")
    out = tmp_path / "plan.json"
    assert main(["--db", str(db), "export", "north", "--format", "json", "-o", str(out)]) == 0
    assert mode_of(out) == 0o600


def test_a_loose_store_is_made_private_on_open_and_said_once(db: Path) -> None:
    saved_store(db, "Northwind")
    db.chmod(0o644)
    with PlanStore(db, readonly=True) as viewer:
        assert viewer.notices == [] and mode_of(db) == 0o644  # a reader changes nothing
    with PlanStore(db) as store:
        assert mode_of(db) == 0o600  # before any save
        (notice,) = store.notices
        assert str(db) in notice and "0644" in notice and "private" in notice
    with PlanStore(db) as store:
        assert store.notices == []


def test_a_read_only_store_stays_read_only_when_made_private(db: Path) -> None:
    saved_store(db, "Northwind")
    db.chmod(0o444)
    with PlanStore(db):
        assert mode_of(db) == 0o400


def test_cli_prints_the_notice_as_a_note(tmp_path: Path, capsys) -> None:
    from acct_tui.store import PlanStore as FolderStore

    with FolderStore(tmp_path / "store") as store:
        store.save(Plan(name="Northwind", id="north"))
        plan_file = store.plan_path("north")
    plan_file.chmod(0o640)
    assert main(["--db", str(tmp_path / "store"), "sample"]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"acct-tui: note: {plan_file} could be read by other users (mode 0640)")
    assert err.count("\n") == 1
    assert mode_of(plan_file) == 0o600


# --- unusable store paths (finding 5) ---


@pytest.mark.parametrize("readonly", [False, True], ids=["writer", "readonly"])
def test_a_symlink_loop_is_one_line(tmp_path: Path, readonly: bool) -> None:
    loop = tmp_path / "plans.json"
    loop.symlink_to(tmp_path / "other.json")
    (tmp_path / "other.json").symlink_to(loop)
    with pytest.raises(StoreError) as err:
        PlanStore(loop, readonly=readonly)
    assert str(err.value) == f"Can't open the plan store {loop}: it is a symbolic link loop."


@pytest.mark.parametrize("argv", [["list"], ["sample"], []], ids=["list", "sample", "app"])
def test_cli_and_app_start_on_a_symlink_loop_fail_in_one_line(tmp_path: Path, capsys, argv) -> None:
    loop = tmp_path / "plans.json"
    loop.symlink_to(loop)
    assert main(["--db", str(loop), *argv]) == 1
    err = capsys.readouterr().err
    assert err == f"acct-tui: Can't open the plan store {loop}: it is a symbolic link loop.\n"


# --- the store changed on disk (finding 7) ---


def other_store(db: Path, *names: str) -> bytes:
    """A different valid store, as another program (or `cp` of an old copy) would leave it."""
    other = db.with_name("elsewhere.json")
    saved_store(other, *names)
    return other.read_bytes()


def test_a_store_replaced_on_disk_is_not_overwritten(db: Path) -> None:
    with PlanStore(db) as store:
        store.save(Plan(name="Mine"))
        theirs = other_store(db, "Theirs", "Also theirs")
        db.write_bytes(theirs)  # like `cp`: same inode, new bytes
        with pytest.raises(StoreChanged) as err:
            store.save(Plan(name="Mine, edited"))
        assert str(db) in str(err.value) and "Nothing was written" in str(err.value)
        assert db.read_bytes() == theirs
        with pytest.raises(StoreChanged):  # and it stays refused: no retry overwrites it
            store.save(Plan(name="Retry"))
        assert db.read_bytes() == theirs


def test_a_store_renamed_over_is_not_overwritten(db: Path) -> None:
    with PlanStore(db) as store:
        store.save(Plan(name="Mine"))
        other = db.with_name("elsewhere.json")
        other.write_bytes(other_store(db, "Theirs"))
        os.replace(other, db)  # a new inode, as an editor or a sync tool leaves it
        with pytest.raises(StoreChanged):
            store.delete(store.plans()[0].id)
    assert [p.name for p in PlanStore(db, readonly=True).plans()] == ["Theirs"]


def test_a_deleted_store_is_not_recreated_behind_the_users_back(db: Path) -> None:
    with PlanStore(db) as store:
        store.save(Plan(name="Mine"))
        db.unlink()
        with pytest.raises(StoreChanged, match="deleted or moved"):
            store.save(Plan(name="Mine, edited"))
    assert not db.exists()


def test_a_touched_store_with_the_same_bytes_still_saves(db: Path) -> None:
    with PlanStore(db) as store:
        store.save(Plan(name="Mine"))
        same = db.read_bytes()
        db.unlink()
        db.write_bytes(same)  # new inode and mtime, same content: nothing to lose
        store.save(Plan(name="Second"))
    assert len(PlanStore(db, readonly=True).plans()) == 2


def test_reload_reads_the_file_as_it_is_now_and_saving_works_again(db: Path) -> None:
    with PlanStore(db) as store:
        store.save(Plan(name="Mine"))
        db.write_bytes(other_store(db, "Theirs"))
        with pytest.raises(StoreChanged):
            store.save(Plan(name="Mine, edited"))
        store.reload()
        assert [p.name for p in store.plans()] == ["Theirs"]
        store.save(Plan(name="After reload"))
    assert [p.name for p in PlanStore(db, readonly=True).plans()] == ["Theirs", "After reload"]


def test_a_failed_reload_keeps_the_store_as_it_was(db: Path) -> None:
    with PlanStore(db) as store:
        mine = Plan(name="Mine")
        store.save(mine)
        db.write_bytes(b"{")
        with pytest.raises(StoreError, match="not valid JSON|truncated"):
            store.reload()
        assert store.plans() == [mine]
        with pytest.raises(StoreChanged):
            store.save(Plan(name="Still refused"))
    assert db.read_bytes() == b"{"


def test_a_store_created_on_open_is_known_to_the_change_check(db: Path) -> None:
    with PlanStore(db) as store:  # the file did not exist: the store wrote it
        store.save(Plan(name="First"))
    assert json.loads(db.read_text())["plans"]


def test_a_fifo_at_the_store_path_is_refused_at_once(db: Path) -> None:
    os.mkfifo(db)
    with pytest.raises(StoreError, match="not a regular file"):
        PlanStore(db, readonly=True)


def test_a_reload_that_fails_to_write_keeps_the_store_as_it_was(db: Path, monkeypatch) -> None:
    from acct_tui import files as files_module

    with PlanStore(db) as store:
        mine = Plan(name="Mine")
        store.save(mine)
        db.unlink()  # reloading must create an empty store: let that write fail
        real_open = os.open

        def no_temp(path, flags, *args):
            if str(path).endswith(".tmp"):
                raise OSError(28, "No space left on device")
            return real_open(path, flags, *args)

        monkeypatch.setattr(files_module.os, "open", no_temp)
        with pytest.raises(StoreError, match="Can't create the plan store"):
            store.reload()
        monkeypatch.undo()
        assert store.plans() == [mine]
