"""The folder store (issue 8): one file per plan, a derived catalog, migration, the lock,
external changes, save faults, permissions and the files an export may not touch.

Every test drives ``acct_tui.store.PlanStore`` itself and looks at the disk.
Faults are injected into the os functions ``acct_tui.files`` calls (the
helpers come from tests/test_save_faults.py), so the store meets a failure
where a real disk would raise it.
"""

from __future__ import annotations

import difflib
import errno
import json
import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from test_save_faults import (
    ADVICE,
    BEFORE_RENAME,
    ERRNOS,
    fail_folder_fsync,
    temp_files,
)

from acct_tui import files as files_module
from acct_tui import store as store_module
from acct_tui.cli import main
from acct_tui.model import Plan
from acct_tui.onefile import PlanStore as OneFileStore
from acct_tui.sample import large_plan, sample_plan
from acct_tui.store import (
    CATALOG,
    LOCK,
    PLANS_DIR,
    PlanStore,
    StoreChanged,
    StoreError,
    StoreLocked,
    encode,
    is_own_file,
    plan_file_data,
)

# --- helpers --------------------------------------------------------------------


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def saved_store(folder: Path, *plans: Plan) -> Path:
    """A folder store holding ``plans``, closed (so its catalog is consistent).

    A stored plan is read before it is replaced, as the app does: the store
    refuses to overwrite a plan file it never read (see section 6).
    """
    with PlanStore(folder) as store:
        for plan in plans:
            try:
                store.get(plan.id)
            except KeyError:
                pass
            store.save(plan)
    return folder


def plan_file(folder: Path, plan_id: str) -> Path:
    return folder / PLANS_DIR / f"{plan_id}.json"


def their_file(folder: Path, plan: Plan) -> None:
    """Put ``plan`` in its file as another program would: a new file renamed over the old one."""
    other = folder / f"elsewhere-{plan.id}.json"
    other.write_bytes(encode(plan_file_data(plan)))
    os.replace(other, plan_file(folder, plan.id))


def disk(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` with its bytes (None for a folder or a symlink): what a test compares."""
    state: dict[str, bytes | None] = {}
    for path in sorted(root.rglob("*")):
        plain = path.is_file() and not path.is_symlink()
        state[str(path.relative_to(root))] = path.read_bytes() if plain else None
    return state


def names(store: PlanStore) -> list[str]:
    return [entry.name for entry in store.catalog()]


def one_file_store(path: Path, *plans: Plan) -> bytes:
    """An old one-file store (as acct-tui before issue 8 wrote it); returns its bytes."""
    with OneFileStore(path) as old:
        for plan in plans:
            old.save(plan)
    return path.read_bytes()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def big() -> Plan:
    """The benchmark's large plan: 10 goals x 3 strategies x 3 initiatives x 5 tactics."""
    return large_plan(goals=10, strategies=3, initiatives=3, tactics=5)


# --- 1. one file per plan, deterministic bytes ------------------------------------


def test_each_plan_has_its_own_file(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"), Plan(name="Contoso", id="contoso"))
    assert sorted(p.name for p in (folder / PLANS_DIR).iterdir()) == ["contoso.json", "north.json"]
    with PlanStore(folder, readonly=True) as store:
        assert store.get("north").name == "Northwind" and store.get("contoso").name == "Contoso"


def test_the_same_plan_gives_the_same_bytes_twice_and_in_two_stores(tmp_path: Path) -> None:
    plan = sample_plan()
    with PlanStore(tmp_path / "one") as store:
        store.save(plan)
        first = plan_file(tmp_path / "one", plan.id).read_bytes()
        store.save(plan)
        assert plan_file(tmp_path / "one", plan.id).read_bytes() == first
    saved_store(tmp_path / "two", Plan(name="Other"), plan)
    assert plan_file(tmp_path / "two", plan.id).read_bytes() == first


def test_a_plan_file_is_sorted_indented_by_two_and_ends_in_a_newline(folder: Path) -> None:
    plan = sample_plan()
    saved_store(folder, plan)
    text = plan_file(folder, plan.id).read_text(encoding="utf-8")
    expected = json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert text == expected
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text.splitlines()[1].startswith('  "') and not text.splitlines()[1].startswith('   ')
    assert "—" in text and "\\u2014" not in text  # UTF-8 as is, not escaped


def test_encode_does_not_depend_on_the_order_keys_were_added() -> None:
    data = plan_file_data(sample_plan())
    backwards = json.loads(json.dumps(data), object_pairs_hook=lambda pairs: dict(reversed(pairs)))
    assert list(backwards) != list(data)
    assert encode(backwards) == encode(data)


def test_editing_one_field_changes_one_line_of_the_file(folder: Path, big: Plan) -> None:
    saved_store(folder, big)
    before = plan_file(folder, big.id).read_text().splitlines()
    saved_store(folder, replace(big, owner="Someone else"))
    after = plan_file(folder, big.id).read_text().splitlines()
    changed = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
    assert len(before) == len(after)
    assert len(changed) == 2 and all('"owner": ' in line for line in changed), changed


# --- 2. start and list read only the catalog --------------------------------------


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every plan file the store checks (``read_plan_file``), in order."""
    seen: list[Path] = []
    real = store_module.read_plan_file

    def recording(path: Path, content: bytes):
        seen.append(path)
        return real(path, content)

    monkeypatch.setattr(store_module, "read_plan_file", recording)
    return seen


@pytest.mark.parametrize("readonly", [True, False], ids=["readonly", "writer"])
def test_opening_and_listing_read_no_plan_file(
    folder: Path, monkeypatch: pytest.MonkeyPatch, readonly: bool
) -> None:
    saved_store(folder, sample_plan(), Plan(name="Contoso"), Plan(name="Fabrikam"))
    opened: list[Path] = []
    real_read = store_module._read_bytes

    def read_bytes(path: Path):
        opened.append(path)
        return real_read(path)

    def no_plan_reads(path: Path, content: bytes):
        raise AssertionError(f"read the plan file {path}")

    monkeypatch.setattr(store_module, "_read_bytes", read_bytes)
    monkeypatch.setattr(store_module, "read_plan_file", no_plan_reads)
    with PlanStore(folder, readonly=readonly) as store:
        assert names(store) == ["Contoso", "Fabrikam", "Northwind Health"]
        entry = next(e for e in store.catalog() if e.id == sample_plan().id)
        assert (entry.owner, entry.industry) == (sample_plan().owner, sample_plan().industry)
    assert opened == [folder / CATALOG]


def test_get_and_find_read_exactly_one_plan_file(folder: Path, reads: list[Path]) -> None:
    saved_store(folder, sample_plan(), Plan(name="Contoso", id="contoso"))
    with PlanStore(folder, readonly=True) as store:
        reads.clear()
        assert store.get("contoso").name == "Contoso"
        assert reads == [plan_file(folder, "contoso")]
        reads.clear()
        assert store.find("northwind").id == sample_plan().id
        assert reads == [plan_file(folder, sample_plan().id)]


def test_the_catalog_summarises_each_saved_plan_once_when_asked(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summarised: list[str] = []
    real = store_module.catalog_entry
    monkeypatch.setattr(
        store_module, "catalog_entry", lambda plan, *a: summarised.append(plan.name) or real(plan, *a)
    )
    with PlanStore(folder) as store:
        for owner in ("Ana", "Bo", "Cy"):
            store.save(Plan(name="Northwind", id="north", owner=owner))
        assert summarised == []  # a save does not run the coach
        (entry,) = store.catalog()
        assert entry.owner == "Cy" and summarised == ["Northwind"]


# --- 3. the catalog is derived data ------------------------------------------------


def test_a_new_store_says_nothing_about_its_catalog(folder: Path) -> None:
    with PlanStore(folder) as store:
        assert store.notices == []
        assert (folder / CATALOG).is_file()


@pytest.mark.parametrize("readonly", [True, False], ids=["readonly", "writer"])
def test_a_missing_catalog_is_rebuilt_and_said(folder: Path, readonly: bool) -> None:
    saved_store(folder, Plan(name="Northwind"), Plan(name="Contoso"))
    (folder / CATALOG).unlink()
    with PlanStore(folder, readonly=readonly) as store:
        assert names(store) == ["Contoso", "Northwind"]
        (notice,) = store.notices
        assert str(folder / CATALOG) in notice and "missing" in notice and "rebuilt" in notice
        assert (folder / CATALOG).exists() is (not readonly)  # a writer writes it at once, a reader never


DAMAGED_CATALOGS = {
    "garbage": b"\x00not json at all",
    "truncated": b'{"_meta": {"1": {"schema": 2}}, "plans": {',
    "a list": b"[]",
    "no plans table": b'{"_meta": {"1": {"schema": 2}}}',
    "no schema": b'{"_meta": {}, "plans": {}}',
    "newer schema": b'{"_meta": {"1": {"schema": 99}}, "plans": {}}',
    "entry missing fields": b'{"_meta": {"1": {"schema": 2}}, "plans": {"1": {"id": "north"}}}',
    "entry with a path as id": (
        b'{"_meta": {"1": {"schema": 2}}, "plans": {"1": {"id": "../north", "name": "x", "owner": "",'
        b' "industry": "", "updated": "2026-01-01T00:00:00+00:00", "health": 0, "steps_done": "0/11",'
        b' "meetings": [], "size": 1, "mtime_ns": 1}}}'
    ),
    "entry without a time zone": (
        b'{"_meta": {"1": {"schema": 2}}, "plans": {"1": {"id": "north", "name": "x", "owner": "",'
        b' "industry": "", "updated": "2026-01-01T00:00:00", "health": 0, "steps_done": "0/11",'
        b' "meetings": [], "size": 1, "mtime_ns": 1}}}'
    ),
    "a folder": None,
}


@pytest.mark.parametrize(
    "kind",
    list(DAMAGED_CATALOGS),
)
def test_a_damaged_catalog_is_rebuilt_said_and_never_fatal(folder: Path, kind: str) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"), Plan(name="Contoso"))
    catalog = folder / CATALOG
    catalog.unlink()
    content = DAMAGED_CATALOGS[kind]
    if content is None:
        catalog.mkdir()
    else:
        catalog.write_bytes(content)
        catalog.chmod(0o600)
    with PlanStore(folder, readonly=True) as viewer:
        assert names(viewer) == ["Contoso", "Northwind"]
    with PlanStore(folder) as store:
        assert names(store) == ["Contoso", "Northwind"]
        (notice,) = store.notices
        assert str(catalog) in notice and "rebuilt from the plan files" in notice
    if content is not None:  # rewritten at once, so the next start is quiet
        with PlanStore(folder) as store:
            assert store.notices == []


def test_a_plan_file_changed_by_hand_refreshes_its_entry(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north", owner="Ana"), Plan(name="Contoso"))
    plan_file(folder, "north").write_bytes(encode(plan_file_data(Plan(name="Northwind Health", id="north"))))
    with PlanStore(folder, readonly=True) as store:
        assert names(store) == ["Contoso", "Northwind Health"]
        assert store.notices == []


def test_a_plan_file_deleted_by_hand_drops_its_entry(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"), Plan(name="Contoso"))
    plan_file(folder, "north").unlink()
    with PlanStore(folder) as store:
        assert names(store) == ["Contoso"]
        with pytest.raises(KeyError):
            store.get("north")
    assert "north" not in (folder / CATALOG).read_text()  # written at once


@pytest.mark.parametrize(
    "content",
    [b"{", b"[]", encode(plan_file_data(Plan(name="Wrong", id="other"))), encode({"plan": {}})],
    ids=["truncated", "not a table", "named for another id", "not a plan file"],
)
def test_a_damaged_plan_file_is_left_out_with_a_notice(folder: Path, content: bytes) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"), Plan(name="Contoso", id="contoso"))
    plan_file(folder, "north").write_bytes(content)
    with PlanStore(folder) as store:
        assert names(store) == ["Contoso"]
        assert store.get("contoso").name == "Contoso"
        (notice,) = store.notices
        assert str(plan_file(folder, "north")) in notice and "left out of the list" in notice
        assert "\n" not in notice
    assert plan_file(folder, "north").read_bytes() == content  # never "repaired" behind the user's back


def test_the_catalog_is_written_on_close_not_on_each_save(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind"))
    catalog = folder / CATALOG
    with PlanStore(folder) as store:
        before = catalog.read_bytes()
        store.save(Plan(name="Contoso", id="contoso"))
        store.save(Plan(name="Contoso Ltd", id="contoso"))
        assert names(store) == ["Contoso Ltd", "Northwind"]
        assert catalog.read_bytes() == before
    assert '"Contoso Ltd"' in catalog.read_text()
    with PlanStore(folder, readonly=True) as store:
        assert names(store) == ["Contoso Ltd", "Northwind"] and store.notices == []


def test_the_catalog_is_compact_and_private(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind"))
    text = (folder / CATALOG).read_text()
    assert text.count("\n") == 1 and json.loads(text)["plans"]
    assert mode_of(folder / CATALOG) == 0o600


def test_a_reader_sees_what_an_open_writer_saved(folder: Path) -> None:
    """The writer's catalog is not on disk yet: the reader finds the plan files newer than it."""
    saved_store(folder, Plan(name="Northwind", id="north"))
    with PlanStore(folder) as writer:
        writer.get("north")
        writer.save(Plan(name="Northwind Health", id="north"))
        writer.save(Plan(name="Contoso", id="contoso"))
        with PlanStore(folder, readonly=True) as reader:
            assert names(reader) == ["Contoso", "Northwind Health"]


# --- 4. migrating a one-file store -------------------------------------------------


def test_a_one_file_store_migrates_losslessly_beside_it(tmp_path: Path, big: Plan) -> None:
    old = tmp_path / "plans.json"
    plans = [sample_plan(), big, Plan(name="Fabrikam")]
    old_bytes = one_file_store(old, *plans)
    with PlanStore(old) as store:
        assert store.folder == tmp_path / "plans.store"
        assert [store.get(plan.id) for plan in plans] == plans
        (notice,) = store.notices
        assert str(old) in notice and str(tmp_path / "plans.store") in notice and "kept" in notice
    assert old.read_bytes() == old_bytes
    with PlanStore(old, readonly=True) as again:
        assert [again.get(plan.id) for plan in plans] == plans
        assert sorted(e.id for e in again.catalog()) == sorted(plan.id for plan in plans)


def test_the_default_folders_old_file_migrates_into_that_folder(tmp_path: Path) -> None:
    folder = tmp_path / "acct-tui"
    folder.mkdir()
    sample = sample_plan()  # once: two calls may differ in "updated" by a second
    old_bytes = one_file_store(folder / "plans.json", sample)
    with PlanStore(folder) as store:
        assert store.folder == folder
        assert store.get(sample.id) == sample
        assert any(str(folder / "plans.json") in notice for notice in store.notices)
    assert (folder / "plans.json").read_bytes() == old_bytes
    with PlanStore(folder / "plans.json") as store:  # --db naming the old file finds the same store
        assert store.folder == folder and names(store) == ["Northwind Health"]


def test_no_catalog_notice_right_after_a_migration(tmp_path: Path) -> None:
    one_file_store(tmp_path / "plans.json", Plan(name="Northwind"))
    with PlanStore(tmp_path / "plans.json") as store:
        assert not any(CATALOG in notice or "rebuilt" in notice for notice in store.notices), store.notices


def test_a_migrated_store_is_not_migrated_again(tmp_path: Path) -> None:
    old = tmp_path / "plans.json"
    one_file_store(old, Plan(name="Northwind", id="north"), Plan(name="Contoso", id="contoso"))
    with PlanStore(old) as store:
        store.get("north")
        store.delete("north")
    with PlanStore(old) as store:
        assert store.notices == []
        assert names(store) == ["Contoso"]  # the old file still holds Northwind: not copied again


def test_a_migration_interrupted_by_a_crash_is_redone_cleanly(tmp_path: Path, big: Plan) -> None:
    old = tmp_path / "plans.json"
    sample = sample_plan()  # once: two calls may differ in "updated" by a second
    old_bytes = one_file_store(old, sample, big)
    staging = tmp_path / "plans.store" / (PLANS_DIR + ".migrating")
    staging.mkdir(parents=True)
    (staging / f"{big.id}.json").write_bytes(b'{"_meta": ')  # half written
    (staging / "ghost.json").write_bytes(encode(plan_file_data(Plan(name="Ghost", id="ghost"))))
    (staging / f".{big.id}.json.0123abcd.tmp").write_bytes(b"{")
    with PlanStore(old) as store:
        assert sorted(entry.id for entry in store.catalog()) == sorted([big.id, sample.id])
        assert store.get(big.id) == big and store.get(sample.id) == sample
    assert not staging.exists()
    assert sorted(p.name for p in (tmp_path / "plans.store" / PLANS_DIR).iterdir()) == sorted(
        [f"{big.id}.json", f"{sample_plan().id}.json"]
    )
    assert old.read_bytes() == old_bytes


def test_a_read_only_open_of_an_old_file_migrates_in_memory_only(tmp_path: Path) -> None:
    old = tmp_path / "plans.json"
    sample = sample_plan()
    one_file_store(old, sample, Plan(name="Contoso", id="contoso"))
    before = disk(tmp_path)
    with PlanStore(old, readonly=True) as store:
        assert names(store) == ["Contoso", "Northwind Health"]
        assert store.get(sample.id) == sample
        with pytest.raises(StoreError, match="read-only"):
            store.save(Plan(name="Nope"))
    assert disk(tmp_path) == before


def test_cli_list_of_an_old_file_writes_nothing(tmp_path: Path, capsys) -> None:
    old = tmp_path / "plans.json"
    one_file_store(old, sample_plan())
    before = disk(tmp_path)
    assert main(["--db", str(old), "list"]) == 0
    assert "Northwind Health" in capsys.readouterr().out
    assert disk(tmp_path) == before


@pytest.mark.parametrize("readonly", [True, False], ids=["readonly", "writer"])
def test_a_damaged_old_file_is_refused_by_name_and_left_as_it_was(tmp_path: Path, readonly: bool) -> None:
    old = tmp_path / "plans.json"
    old.write_bytes(b'{"_meta": {"1": {"schema": 1}}, "plans": {')
    with pytest.raises(StoreError) as err:
        PlanStore(old, readonly=readonly)
    assert str(old) in str(err.value)
    assert old.read_bytes() == b'{"_meta": {"1": {"schema": 1}}, "plans": {'
    assert not (tmp_path / "plans.store" / PLANS_DIR).exists()


@pytest.mark.parametrize(
    "readonly",
    [
        True,
        False,
    ],
    ids=["readonly", "writer"],
)
def test_a_damaged_old_file_writes_nothing(tmp_path: Path, readonly: bool) -> None:
    old = tmp_path / "plans.json"
    old.write_bytes(b"{")
    before = disk(tmp_path)
    with pytest.raises(StoreError):
        PlanStore(old, readonly=readonly)
    assert disk(tmp_path) == before


def test_deleting_the_old_file_after_migration_keeps_its_plans_in_view(tmp_path: Path) -> None:
    old = tmp_path / "plans.json"
    one_file_store(old, Plan(name="Northwind"))
    PlanStore(old).close()
    old.unlink()  # "delete it once you have checked"
    with PlanStore(old) as store:
        assert names(store) == ["Northwind"]


def test_a_db_path_that_does_not_exist_becomes_a_folder_store(tmp_path: Path) -> None:
    where = tmp_path / "new" / "deeper"
    with PlanStore(where) as store:
        assert store.folder == where and store.notices == []
        store.save(Plan(name="Northwind", id="north"))
    assert where.is_dir() and plan_file(where, "north").is_file() and (where / CATALOG).is_file()


def test_a_folder_of_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    docs = tmp_path / "Documents"
    docs.mkdir()
    (docs / "notes.txt").write_text("mine\n")
    with pytest.raises(StoreError) as err:
        PlanStore(docs)
    message = str(err.value)
    assert str(docs) in message and "other files" in message and "--db" in message
    assert disk(docs) == {"notes.txt": b"mine\n"}  # no lock, no plans/ folder


# --- 5. the lock -------------------------------------------------------------------


def test_a_second_writer_is_refused_naming_the_pid(folder: Path) -> None:
    with PlanStore(folder), pytest.raises(StoreLocked) as err:
        PlanStore(folder)
    assert f"(pid {os.getpid()})" in str(err.value) and str(folder) in str(err.value)
    PlanStore(folder).close()  # released on close


def test_a_reader_works_while_a_writer_holds_the_lock(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"))
    with PlanStore(folder) as writer:
        with PlanStore(folder, readonly=True) as reader:
            assert reader.get("north").name == "Northwind"
            with pytest.raises(StoreError, match="read-only"):
                reader.save(Plan(name="Nope"))
        writer.get("north")
        writer.save(Plan(name="Still mine", id="north"))  # the reader took no lock


@pytest.mark.parametrize("dangling", [False, True], ids=["to-a-file", "dangling"])
def test_a_symlinked_lock_is_refused_and_its_target_left_alone(
    folder: Path, tmp_path: Path, dangling: bool
) -> None:
    saved_store(folder, Plan(name="Northwind"))
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_text("precious\n")
        victim.chmod(0o644)
    (folder / LOCK).unlink()
    (folder / LOCK).symlink_to(victim)
    with pytest.raises(StoreError) as err:
        PlanStore(folder)
    assert str(folder / LOCK) in str(err.value) and "symbolic link" in str(err.value)
    if dangling:
        assert not victim.exists()
    else:
        assert victim.read_text() == "precious\n" and mode_of(victim) == 0o644


def test_a_hard_linked_lock_is_refused_and_not_truncated(folder: Path, tmp_path: Path) -> None:
    saved_store(folder, Plan(name="Northwind"))
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (folder / LOCK).unlink()
    os.link(victim, folder / LOCK)
    with pytest.raises(StoreError, match="not a plain file"):
        PlanStore(folder)
    assert victim.read_text() == "precious\n"


def test_a_lock_deleted_while_open_is_taken_again_at_the_next_save(folder: Path) -> None:
    with PlanStore(folder) as store:
        (folder / LOCK).unlink()
        store.save(Plan(name="Northwind"))
        assert (folder / LOCK).is_file()
        with pytest.raises(StoreLocked):
            PlanStore(folder)


def test_a_save_after_another_writer_took_a_deleted_lock_writes_nothing(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"))
    with PlanStore(folder) as store:
        store.get("north")
        (folder / LOCK).unlink()
        with PlanStore(folder):
            before = disk(folder / PLANS_DIR)
            with pytest.raises(StoreLocked, match="was removed"):
                store.save(Plan(name="Lost race", id="north"))
            assert disk(folder / PLANS_DIR) == before


# --- 6. a plan file changed under an open store ---------------------------------------


def test_a_plan_file_replaced_under_the_store_is_not_overwritten(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"))
    with PlanStore(folder) as store:
        store.get("north")
        their_file(folder, Plan(name="Theirs", id="north"))
        before = disk(folder / PLANS_DIR)
        with pytest.raises(StoreChanged) as err:
            store.save(Plan(name="Mine", id="north"))
        assert err.value.retryable is False
        assert str(plan_file(folder, "north")) in str(err.value) and "Nothing was written" in str(err.value)
        assert disk(folder / PLANS_DIR) == before  # no plan bytes, no backup, no temp file
        with pytest.raises(StoreChanged):  # and a retry does not slip through
            store.save(Plan(name="Mine", id="north"))
        assert disk(folder / PLANS_DIR) == before


def test_a_plan_file_rewritten_in_place_is_not_overwritten(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"))
    with PlanStore(folder) as store:
        store.get("north")
        theirs = encode(plan_file_data(Plan(name="Theirs", id="north")))
        plan_file(folder, "north").write_bytes(theirs)  # same inode, like `cp`
        with pytest.raises(StoreChanged):
            store.save(Plan(name="Mine", id="north"))
    assert plan_file(folder, "north").read_bytes() == theirs


def test_a_plan_file_deleted_under_the_store_is_not_recreated(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"))
    with PlanStore(folder) as store:
        store.get("north")
        plan_file(folder, "north").unlink()
        with pytest.raises(StoreChanged, match="deleted or moved"):
            store.save(Plan(name="Mine", id="north"))
    assert not plan_file(folder, "north").exists()


def test_a_touched_plan_file_is_not_a_change(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"))
    with PlanStore(folder) as store:
        store.get("north")
        path = plan_file(folder, "north")
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 5_000_000_000))
        store.save(Plan(name="Mine", id="north"))
    with PlanStore(folder, readonly=True) as store:
        assert store.get("north").name == "Mine"


def test_a_plan_file_appearing_for_a_new_plan_is_not_overwritten(folder: Path) -> None:
    with PlanStore(folder) as store:
        their_file(folder, Plan(name="Theirs", id="north"))  # a git pull brought it
        with pytest.raises(StoreChanged):
            store.save(Plan(name="Mine", id="north"))
    assert json.loads(plan_file(folder, "north").read_text())["plan"]["1"]["name"] == "Theirs"


def test_reload_takes_theirs_and_saving_works_again(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"))
    with PlanStore(folder) as store:
        store.get("north")
        their_file(folder, Plan(name="Theirs", id="north"))
        with pytest.raises(StoreChanged):
            store.save(Plan(name="Mine", id="north"))
        store.reload()
        assert store.get("north").name == "Theirs"
        store.save(Plan(name="After reload", id="north"))
    with PlanStore(folder, readonly=True) as store:
        assert store.get("north").name == "After reload"


def test_reload_shows_theirs_in_the_catalog(folder: Path) -> None:
    with PlanStore(folder) as store:
        store.save(Plan(name="Mine", id="north"))
        their_file(folder, Plan(name="Theirs", id="north"))
        store.reload()
        assert names(store) == ["Theirs"]


def test_a_reload_that_needs_a_damaged_plan_keeps_the_store_as_it_was(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"), Plan(name="Contoso", id="contoso"))
    with PlanStore(folder) as store:
        store.get("north")
        notices = list(store.notices)
        plan_file(folder, "north").write_bytes(b"{")
        with pytest.raises(StoreError) as err:
            store.reload(needed=("north",))
        assert str(plan_file(folder, "north")) in str(err.value)
        assert names(store) == ["Contoso", "Northwind"] and store.notices == notices
        with pytest.raises(StoreChanged):  # still the file it last read: theirs is not overwritten
            store.save(Plan(name="Mine", id="north"))
        store.reload(needed=("contoso",))  # a reload that does not need it goes ahead
        assert names(store) == ["Contoso"]
    assert plan_file(folder, "north").read_bytes() == b"{"


# --- 7. faults while saving ----------------------------------------------------------


@pytest.fixture
def kept(folder: Path) -> Plan:
    plan = Plan(name="Kept", id="kept")
    saved_store(folder, plan)
    return plan


def open_for_save(folder: Path, kept: Plan, first_save: bool) -> PlanStore:
    """A writer as a session has it: before its first save of the plan (a backup is due) or after."""
    store = PlanStore(folder)
    store.get(kept.id)
    if not first_save:
        store.save(replace(kept, owner="Ana"))
    return store


def no_temp_files(folder: Path) -> bool:
    return temp_files(folder) == [] and temp_files(folder / PLANS_DIR) == []


@pytest.mark.parametrize("first_save", [True, False], ids=["with-backup", "later-save"])
@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("step", BEFORE_RENAME)
def test_a_failure_before_the_rename_keeps_the_plan_file(
    folder: Path, kept: Plan, monkeypatch: pytest.MonkeyPatch, step: str, code: int, first_save: bool
) -> None:
    path = plan_file(folder, kept.id)
    with open_for_save(folder, kept, first_save) as store:
        before = path.read_bytes()
        BEFORE_RENAME[step](monkeypatch, code)
        with pytest.raises(StoreError) as err:
            store.save(replace(kept, name="New"))
        monkeypatch.undo()
        assert not isinstance(err.value, StoreChanged)
        assert str(err.value) == (
            f"Couldn't save 'New' to {path}: {os.strerror(code)}.\n"
            f"The file on disk still holds the last saved version; {ADVICE[code]} and save again."
        )
        assert path.read_bytes() == before
        assert no_temp_files(folder)
        store.save(replace(kept, name="Saved later"))  # works again once the disk does
    with PlanStore(folder, readonly=True) as store:
        assert store.get(kept.id).name == "Saved later"


@pytest.mark.parametrize("first_save", [True, False], ids=["with-backup", "later-save"])
@pytest.mark.parametrize("code", ERRNOS, ids=errno.errorcode.get)
def test_a_failed_folder_fsync_says_the_save_may_not_survive_a_power_cut(
    folder: Path, kept: Plan, monkeypatch: pytest.MonkeyPatch, code: int, first_save: bool
) -> None:
    path = plan_file(folder, kept.id)
    with open_for_save(folder, kept, first_save) as store:
        fail_folder_fsync(monkeypatch, code)
        with pytest.raises(StoreError) as err:
            store.save(replace(kept, name="New"))
        monkeypatch.undo()
        message = str(err.value)
        assert message.startswith(f"Saved 'New' to {path}, but it may not survive a power cut")
        assert os.strerror(code) in message and "still holds" not in message
        assert path.read_bytes() == encode(plan_file_data(replace(kept, name="New")))
        assert names(store) == ["New"]
        assert no_temp_files(folder)
        store.save(replace(kept, name="Saved later"))  # its own write is not taken for someone else's


def test_a_plan_save_syncs_the_plan_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []
    real = files_module._fsync_dir
    monkeypatch.setattr(files_module, "_fsync_dir", lambda where: synced.append(Path(where)) or real(where))
    with PlanStore(folder) as store:
        synced.clear()
        store.save(Plan(name="Northwind"))
        assert synced == [folder / PLANS_DIR]


# --- 8. permissions -------------------------------------------------------------------


def test_plan_files_backups_and_the_catalog_are_private_whatever_the_umask(folder: Path) -> None:
    old_umask = os.umask(0)
    try:
        saved_store(folder, Plan(name="Northwind", id="north"))
        with PlanStore(folder) as store:
            store.get("north")
            store.save(Plan(name="Northwind Health", id="north"))
    finally:
        os.umask(old_umask)
    backup = folder / PLANS_DIR / "north.json.bak"
    assert backup.is_file()
    for path in (plan_file(folder, "north"), backup, folder / CATALOG, folder / LOCK):
        assert mode_of(path) == 0o600, path


def test_a_loose_plan_file_is_made_private_on_open_with_one_notice(folder: Path) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"), Plan(name="Contoso", id="contoso"))
    path = plan_file(folder, "north")
    path.chmod(0o644)
    with PlanStore(folder, readonly=True) as viewer:
        assert viewer.notices == [] and mode_of(path) == 0o644  # a reader changes nothing
    with PlanStore(folder) as store:
        assert mode_of(path) == 0o600  # at once, before any save
        (notice,) = store.notices
        assert str(path) in notice and "0644" in notice and "private" in notice
    with PlanStore(folder) as store:
        assert store.notices == []


# --- 9. files an export may not overwrite ------------------------------------------------


FOLDER_TARGETS = {
    "catalog.json": True,
    ".lock": True,
    "ui-state.json": True,
    "plans": True,
    "plans/north.json": True,
    "plans/north.json.bak": True,
    "plans/not-yet.json": True,
    "plans/sub/plan.md": True,
    "plan.md": False,
    "plans.md": False,
    "catalog.json.md": False,
    "../plan.md": False,
}


@pytest.mark.parametrize("target", FOLDER_TARGETS)
def test_is_own_file_of_a_folder_store(folder: Path, target: str) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"))
    assert is_own_file(folder, folder / target) is FOLDER_TARGETS[target]


OLD_FILE_TARGETS = {
    "plans.json": True,
    "plans.store/catalog.json": True,
    "plans.store/.lock": True,
    "plans.store/plans/north.json": True,
    "plans.store/plan.md": False,
    "plans.md": False,
}


@pytest.mark.parametrize("target", OLD_FILE_TARGETS)
def test_is_own_file_of_a_migrated_one_file_store(tmp_path: Path, target: str) -> None:
    old = tmp_path / "plans.json"
    one_file_store(old, Plan(name="Northwind", id="north"))
    PlanStore(old).close()
    assert is_own_file(old, tmp_path / target) is OLD_FILE_TARGETS[target]


def test_is_own_file_counts_the_old_file_in_the_default_folder(tmp_path: Path) -> None:
    folder = tmp_path / "acct-tui"
    folder.mkdir()
    one_file_store(folder / "plans.json", Plan(name="Northwind"))
    PlanStore(folder).close()
    assert is_own_file(folder, folder / "plans.json")
    assert not is_own_file(folder, folder / "plans.md")


def test_cli_exports_into_the_store_folder_but_not_over_its_files(folder: Path, capsys) -> None:
    saved_store(folder, Plan(name="Northwind", id="north"))
    out = folder / "plan.md"
    assert main(["--db", str(folder), "export", "north", "-o", str(out)]) == 0
    assert out.read_text().startswith("#") and mode_of(out) == 0o600
    catalog = (folder / CATALOG).read_bytes()
    assert main(["--db", str(folder), "export", "north", "-o", str(folder / CATALOG)]) == 1
    assert "won't export over the plan store's own file" in capsys.readouterr().err
    assert (folder / CATALOG).read_bytes() == catalog
