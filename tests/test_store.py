"""The plan store: round-trip, atomic writes, permissions, the lock, bad files, migration, backup."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shlex
import stat
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from acct_tui import store as store_module
from acct_tui.model import (
    ValidationError,
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    SellingTool,
    Stakeholder,
    Strategy,
    Tactic,
    Vision,
)
from acct_tui.plan_json import plan_to_dict
from acct_tui.onefile import (
    MIGRATIONS,
    SCHEMA_VERSION,
    PlanStore,
    StoreError,
    StoreLocked,
    backup_path,
    default_db_path,
    lock_path,
    resolve_db_path,
)

REPO = Path(__file__).resolve().parent.parent


def full_plan(name: str = "Northwind Health") -> Plan:
    """A plan with every kind of record, so a round-trip covers every field."""
    tactic = Tactic(action="Meet the VP", owner="Dana", due=date(2026, 3, 1), status="doing")
    return Plan(
        name=name,
        industry="Healthcare",
        owner="Dana",
        start=date(2026, 1, 1),
        review=date(2026, 6, 30),
        analysis={"inside": "Merging two hospitals.", "influencers": "CFO Rui Costa"},
        vision=Vision(statement="Their platform partner.", why="They consolidate vendors."),
        goals=(
            Goal(
                title="Grow revenue 10%",
                measure="+10% revenue",
                due=date(2026, 12, 31),
                strategies=(
                    Strategy(
                        title="Introduce the new product",
                        analysis_refs=("inside",),
                        initiatives=(Initiative(title="Tie it to their CSAT", tactics=(tactic,)),),
                    ),
                ),
            ),
        ),
        stakeholders=(Stakeholder(name="Rui Costa", stance="champion", notes="Likes data.\nTwo lines."),),
        meetings=(Meeting(name="QBR", frequency="quarterly", next_date=date(2026, 4, 2)),),
        metrics=(Metric(name="Revenue", baseline=1.5, target=1.65, unit="M EUR"),),
        tools=(SellingTool(name="ROI calculator", purpose="Size the gain."),),
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "plans.json"


# --- basics ---


def test_a_missing_file_is_created_empty_with_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "plans.json"
    with PlanStore(path) as store:
        assert store.plans() == []
        assert store.path == path and not store.readonly
    data = json.loads(path.read_text())
    assert data == {"_meta": {"1": {"schema": SCHEMA_VERSION}}, "plans": {}}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_plans_round_trip_in_creation_order(db: Path) -> None:
    first, second, third = full_plan("Northwind"), full_plan("Contoso"), Plan(name="Fabrikam")
    with PlanStore(db) as store:
        for plan in (first, second, third):
            store.save(plan)
        renamed = replace(first, name="Northwind Health")
        store.save(renamed)  # replacing keeps its place
        store.delete(second.id)
    with PlanStore(db) as store:
        assert store.plans() == [renamed, third]
        assert store.get(third.id) == third
        store.save(second)  # a new plan goes last
        assert [p.name for p in store.plans()] == ["Northwind Health", "Fabrikam", "Contoso"]


def test_get_and_delete_of_an_unknown_id_raise_key_error(db: Path) -> None:
    with PlanStore(db) as store:
        with pytest.raises(KeyError):
            store.get("nope")
        with pytest.raises(KeyError):
            store.delete("nope")


def test_find_by_id_name_and_prefix(db: Path) -> None:
    with PlanStore(db) as store:
        acme, acme_retail, north = Plan(name="Acme"), Plan(name="Acme Retail"), Plan(name="Northwind")
        for plan in (acme, acme_retail, north):
            store.save(plan)
        assert store.find(north.id) is north
        assert store.find("ACME") is acme  # exact name beats prefix
        assert store.find("acme r") is acme_retail
        assert store.find("nor") is north
        with pytest.raises(LookupError, match="matches 2 accounts: Acme .*, Acme Retail") as err:
            store.find("ac")
        assert "\n" not in str(err.value)
        with pytest.raises(LookupError, match="No account matches 'zeta'"):
            store.find("zeta")


def test_any_unicode_text_round_trips(db: Path) -> None:
    plan = Plan(name="Ünïcode 😀 שלום \u200f [b] <i>")
    with PlanStore(db) as store:
        store.save(plan)
    with PlanStore(db) as store:
        assert store.plans() == [plan]


def test_a_lone_surrogate_is_refused_before_it_reaches_the_disk() -> None:
    with pytest.raises(ValidationError, match="broken character"):
        Plan(name="Sur\ud800rogate")


def test_a_worker_thread_can_save_while_another_thread_reads(db: Path) -> None:
    with PlanStore(db) as store:
        plans = [Plan(name=f"Account {i}") for i in range(40)]

        def autosave() -> None:
            for plan in plans:
                store.save(plan)

        worker = threading.Thread(target=autosave)
        worker.start()
        while worker.is_alive():
            assert all(isinstance(p, Plan) for p in store.plans())
        worker.join()
    with PlanStore(db, readonly=True) as store:
        assert store.plans() == plans


# --- atomic writes and failures ---


def _raise_enospc(*args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_a_failed_save_leaves_the_old_file_and_no_temp_file(
    db: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    with PlanStore(db) as store:
        kept = full_plan()
        store.save(kept)
        before, files = digest(db), listing(db.parent)
        monkeypatch.setattr(os, call, _raise_enospc)
        with pytest.raises(StoreError) as err:
            store.save(Plan(name="Lost"))
        monkeypatch.undo()
        assert str(db) in str(err.value) and "No space left on device" in str(err.value)
        assert digest(db) == before
        assert listing(db.parent) == files  # no temp file left behind
        assert store.plans() == [kept]  # memory matches the disk
        retry = Plan(name="Saved later")
        store.save(retry)  # the store still works once there is space
    with PlanStore(db) as store:
        assert store.plans() == [kept, retry]


def test_a_failed_delete_keeps_the_plan(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with PlanStore(db) as store:
        plan = Plan(name="Keep me")
        store.save(plan)
        monkeypatch.setattr(os, "fsync", _raise_enospc)
        with pytest.raises(StoreError):
            store.delete(plan.id)
        monkeypatch.undo()
        assert store.plans() == [plan]


def test_files_and_temp_files_are_private(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    modes: list[int] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        modes.append(stat.S_IMODE(os.stat(src).st_mode))
        real_replace(src, dst)

    old_umask = os.umask(0)  # even a permissive umask must not widen the mode
    try:
        db.write_text(store_file_with([]))
        db.chmod(0o644)
        monkeypatch.setattr(os, "replace", spy)
        with PlanStore(db) as store:
            store.save(Plan(name="Private notes"))
    finally:
        os.umask(old_umask)
    assert modes and all(mode == 0o600 for mode in modes)
    for path in (db, backup_path(db), lock_path(db)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_saving_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    link = tmp_path / "plans.json"
    link.symlink_to(real)
    with PlanStore(link) as store:
        store.save(Plan(name="Linked"))
    assert link.is_symlink()
    assert "Linked" in real.read_text()


# --- one writer at a time ---


def test_a_second_writer_in_the_same_process_is_refused(db: Path) -> None:
    with PlanStore(db):
        with pytest.raises(StoreLocked) as err:
            PlanStore(db)
        message = str(err.value)
        assert f"is open in another acct-tui (pid {os.getpid()})" in message
        assert str(db) in message and "acct-tui list" in message
    with PlanStore(db):  # released on close
        pass


HOLD_STORE = """
import sys
from pathlib import Path
from acct_tui.onefile import PlanStore, StoreLocked
try:
    store = PlanStore(Path(sys.argv[1]))
except StoreLocked as error:
    print("LOCKED", error, flush=True)
    sys.exit(3)
print("READY", flush=True)
sys.stdin.readline()
"""


def _python(code: str, *args: str, **kwargs: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def test_a_writer_in_another_process_is_refused_with_its_pid(db: Path) -> None:
    child = _python(HOLD_STORE, str(db))
    try:
        assert child.stdout.readline().strip() == "READY"
        with pytest.raises(StoreLocked, match=rf"open in another acct-tui \(pid {child.pid}\)"):
            PlanStore(db)
        with PlanStore(db, readonly=True) as viewer:  # a read-only view still works
            assert viewer.plans() == []
    finally:
        child.communicate("done\n", timeout=30)
    with PlanStore(db):  # the lock went away with the process
        pass


def test_another_process_is_refused_while_we_write(db: Path) -> None:
    with PlanStore(db):
        child = _python(HOLD_STORE, str(db))
        out, _ = child.communicate("done\n", timeout=30)
    assert child.returncode == 3
    assert f"LOCKED {db} is open in another acct-tui (pid {os.getpid()})" in out


def test_a_read_only_store_takes_no_lock_and_refuses_writes(db: Path) -> None:
    plan = Plan(name="Northwind")
    with PlanStore(db) as writer:
        writer.save(plan)
        with PlanStore(db, readonly=True) as viewer:
            assert viewer.readonly and viewer.plans() == [plan]
            before = digest(db)
            with pytest.raises(StoreError, match="read-only"):
                viewer.save(Plan(name="Other"))
            with pytest.raises(StoreError, match="read-only"):
                viewer.delete(plan.id)
            assert digest(db) == before


def test_a_read_only_store_of_a_missing_file_is_empty_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "none" / "plans.json"
    with PlanStore(path, readonly=True) as viewer:
        assert viewer.plans() == []
    assert not path.parent.exists()


def test_a_closed_store_refuses_writes(db: Path) -> None:
    store = PlanStore(db)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.save(Plan(name="Late"))


# --- bad files are never "no plans" ---


def store_file_with(plans: list[dict], schema: object = SCHEMA_VERSION) -> str:
    """A store file as text, with these plan records."""
    table = {str(i): plan for i, plan in enumerate(plans, start=1)}
    return json.dumps({"_meta": {"1": {"schema": schema}}, "plans": table}, indent=2)


def _plan_with(**changes: object) -> dict:
    return {**plan_to_dict(full_plan()), **changes}


def _goal_without_id() -> dict:
    plan = plan_to_dict(full_plan())
    del plan["goals"][0]["strategies"][0]["id"]
    return plan


def _good_file() -> bytes:
    return store_file_with([plan_to_dict(full_plan())]).encode()


META = '"_meta": {"1": {"schema": 1}}'
BAD_FILES = {
    "empty": (b"", "the file is empty (0 bytes)"),
    "blank": (b"  \n", "the file holds only white space (3 bytes)"),
    "truncated": (_good_file()[:300], "truncated after 300 bytes"),
    "not json": (b"plans: none\n", "not valid JSON"),
    "not utf-8": (b'\xff\xfe{"plans": {}}', "not UTF-8"),
    "a list": (b"[]", "a JSON list"),
    "empty object": (b"{}", "not an acct-tui plan store"),
    "tinydb default": (b'{"_default": {}}', "not an acct-tui plan store"),
    "bad meta": (b'{"_meta": {"1": {"schema": "one"}}, "plans": {}}', '"_meta" table'),
    "no plans table": (b"{" + META.encode() + b"}", '"plans" table is missing'),
    "plans a list": (b"{" + META.encode() + b', "plans": []}', '"plans" table is missing or not'),
    "unknown table": (b"{" + META.encode() + b', "plans": {}, "x": {}}', "unknown table 'x'"),
    "bad record key": (
        json.dumps({"_meta": {"1": {"schema": 1}}, "plans": {"one": plan_to_dict(full_plan())}}).encode(),
        "record key 'one'",
    ),
    "record not object": (store_file_with(["Northwind"]).encode(), "expected an object"),
    "empty goal title": (
        store_file_with([_plan_with(goals=[{"title": " ", "id": "g1"}])]).encode(),
        "plan.goals[0]: Goal can't be empty",
    ),
    "unknown field": (store_file_with([_plan_with(colour="red")]).encode(), "unknown field 'colour'"),
    "impossible date": (
        store_file_with([_plan_with(start="2026-02-30", review=None)]).encode(),
        "has no day 30",
    ),
    "unknown stance": (
        store_file_with([_plan_with(stakeholders=[{"name": "A", "stance": "foe", "id": "s1"}])]).encode(),
        "Stance must be one of",
    ),
    "missing id": (
        store_file_with([_goal_without_id()]).encode(),
        "plan.goals[0].strategies[0]: missing its id",
    ),
    "duplicate plan id": (
        store_file_with([plan_to_dict(full_plan())] * 2).encode(),
        "two plans have the id",
    ),
    "newer schema": (store_file_with([], schema=2).encode(), "newer acct-tui (schema 2"),
    "schema 0 that cannot upgrade": (b'{"plans": {"1": "Northwind"}}', 'upgraded from schema 0 (record "1" is not'),
}


@pytest.mark.parametrize("readonly", [False, True], ids=["writer", "readonly"])
@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_is_refused_and_left_byte_for_byte(db: Path, kind: str, readonly: bool) -> None:
    content, problem = BAD_FILES[kind]
    db.write_bytes(content)
    files = listing(db.parent)
    with pytest.raises(StoreError) as err:
        PlanStore(db, readonly=readonly)
    message = str(err.value)
    assert not isinstance(err.value, StoreLocked)
    assert str(db) in message and problem in message
    assert len(message.splitlines()) == 2
    assert db.read_bytes() == content
    assert set(listing(db.parent)) - {lock_path(db).name} == set(files)
    if not readonly:  # the failed writer released its lock
        with pytest.raises(StoreError) as again:
            PlanStore(db)
        assert not isinstance(again.value, StoreLocked)


def test_a_newer_file_says_to_upgrade_and_not_to_restore(db: Path) -> None:
    with PlanStore(db) as store:
        store.save(Plan(name="Old"))
    with PlanStore(db) as store:
        store.save(Plan(name="Old 2"))  # makes a backup
    db.write_text(store_file_with([], schema=SCHEMA_VERSION + 1))
    with pytest.raises(StoreError, match="Upgrade acct-tui") as err:
        PlanStore(db)
    assert "cp " not in str(err.value)


# --- backup and restore ---


def test_the_first_save_of_a_session_backs_up_the_file_as_opened(db: Path) -> None:
    with PlanStore(db) as store:
        store.save(Plan(name="Version 1"))
    assert not backup_path(db).exists()  # a brand-new store has nothing to protect yet
    opened = db.read_bytes()
    with PlanStore(db) as store:
        assert not backup_path(db).exists()  # opening alone writes nothing
        store.save(Plan(name="Version 2"))
        store.save(Plan(name="Version 3"))
    assert backup_path(db).read_bytes() == opened
    assert stat.S_IMODE(backup_path(db).stat().st_mode) == 0o600


def test_a_bad_file_message_says_how_to_restore_the_backup(tmp_path: Path) -> None:
    db = tmp_path / "my plans" / "it's.json"  # spaces and quotes survive the shell
    good = Plan(name="Before the damage")
    with PlanStore(db) as store:
        store.save(good)
    with PlanStore(db) as store:
        store.save(Plan(name="After"))
    db.write_bytes(b"")
    with pytest.raises(StoreError) as err:
        PlanStore(db)
    first, second = str(err.value).splitlines()
    assert first == f"Can't open the plan store {db}: the file is empty (0 bytes)."
    assert "A backup from 20" in second and f"is at {backup_path(db)};" in second
    command = second.split("to restore it run: ")[1]
    assert shlex.split(command) == ["cp", str(backup_path(db)), str(db)]
    subprocess.run(command, shell=True, check=True)
    with PlanStore(db) as store:
        assert store.plans() == [good]


def test_a_damaged_backup_is_not_offered(db: Path) -> None:
    db.write_bytes(b"{")
    backup_path(db).write_bytes(b"")
    with pytest.raises(StoreError, match=r"backup .* is damaged too \(the file is empty"):
        PlanStore(db)


def test_temp_files_of_a_killed_writer_are_removed_on_open(db: Path) -> None:
    PlanStore(db).close()
    stale = [db.with_name(".plans.json.0123abcd.tmp"), db.with_name(".plans.json.bak.89abcdef.tmp")]
    other = db.with_name(".other.json.0123abcd.tmp")
    for path in (*stale, other):
        path.write_text("{")
    with PlanStore(db, readonly=True):
        assert all(path.exists() for path in stale)  # readers leave them to the writer
    with PlanStore(db):
        assert not any(path.exists() for path in stale)
        assert other.exists()


# --- schema versions and migration ---

SCHEMA_0 = {
    "plans": {
        "1": {
            "name": "Northwind Health",
            "industry": "Healthcare",
            "start": "2026-01-01",
            "analysis": ["Merging two hospitals.", "", "CFO Rui Costa", "", "Price war"],
            "vision": {"statement": "Their platform partner.", "why": ""},
            "goals": [
                {
                    "title": "Grow revenue 10%",
                    "due": "2026-12-31",
                    "strategies": [
                        {
                            "title": "Introduce the new product",
                            "initiatives": [
                                {
                                    "title": "Tie it to their CSAT",
                                    "tactics": [
                                        {"action": "Meet the VP", "owner": "Dana", "done": True},
                                        {"action": "Quantify the effect", "done": False},
                                    ],
                                }
                            ],
                        }
                    ],
                }
            ],
            "stakeholders": [{"name": "Rui Costa", "stance": "champion"}],
        },
        "2": {"name": "Contoso"},
    }
}


def test_a_schema_0_file_is_backed_up_then_migrated(db: Path) -> None:
    original = json.dumps(SCHEMA_0, indent=2).encode()
    db.write_bytes(original)
    with PlanStore(db) as store:
        north, contoso = store.plans()
    assert db.with_name("plans.json.v0.bak").read_bytes() == original
    assert stat.S_IMODE(db.with_name("plans.json.v0.bak").stat().st_mode) == 0o600
    assert json.loads(db.read_text())["_meta"] == {"1": {"schema": 1}}
    assert north.analysis == {
        "inside": "Merging two hospitals.",
        "influencers": "CFO Rui Costa",
        "competition": "Price war",
    }
    tactics = north.goals[0].strategies[0].initiatives[0].tactics
    assert [(t.action, t.status) for t in tactics] == [("Meet the VP", "done"), ("Quantify the effect", "open")]
    assert contoso.name == "Contoso" and contoso.updated.tzinfo is not None
    with PlanStore(db) as store:  # the ids given by the migration are kept
        assert store.plans() == [north, contoso]


def test_a_read_only_store_migrates_in_memory_only(db: Path) -> None:
    db.write_text(json.dumps(SCHEMA_0))
    before = digest(db)
    with PlanStore(db, readonly=True) as store:
        assert [p.name for p in store.plans()] == ["Northwind Health", "Contoso"]
    assert digest(db) == before and listing(db.parent) == ["plans.json"]


def test_every_older_schema_has_a_migration() -> None:
    assert sorted(MIGRATIONS) == list(range(SCHEMA_VERSION))


def test_a_failed_migration_backup_changes_nothing(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db.write_text(json.dumps(SCHEMA_0))
    before = digest(db)
    monkeypatch.setattr(os, "write", _raise_enospc)
    with pytest.raises(StoreError, match="No space left on device"):
        PlanStore(db)
    monkeypatch.undo()
    assert digest(db) == before
    assert listing(db.parent) == ["plans.json", "plans.json.lock"]


# --- where the file lives ---


def test_the_db_path_comes_from_the_flag_then_the_environment_then_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("ACCT_TUI_DB", "~/env.json")
    assert resolve_db_path("~/flag.json") == tmp_path / "flag.json"
    assert resolve_db_path(None) == tmp_path / "env.json"
    monkeypatch.delenv("ACCT_TUI_DB")
    assert resolve_db_path(None) == default_db_path()
    assert default_db_path().parts[-2:] == ("acct-tui", "plans.json")
    assert store_module.APP_NAME == "acct-tui"


# --- docs/FORMAT.md stays true ---


def _format_doc_examples() -> list[str]:
    text = (REPO / "docs" / "FORMAT.md").read_text()
    return [block.split("\n", 1)[1] for block in text.split("```json")[1:]]


def test_the_documented_plan_file_opens_and_saves_byte_for_byte(tmp_path: Path) -> None:
    from acct_tui.store import PlanStore as FolderStore

    plan_file = _format_doc_examples()[0].split("```")[0]
    folder = tmp_path / "store"
    (folder / "plans").mkdir(parents=True)
    (folder / "plans" / "pl1a2b3c4d.json").write_text(plan_file)
    with FolderStore(folder) as store:
        plan = store.find("northwind")
        assert plan.goals[0].strategies[0].initiatives[0].tactics[0].id == "tc1a2b3c4d"
        store.save(plan)
    assert (folder / "plans" / "pl1a2b3c4d.json").read_text() == plan_file  # exactly what we write


def test_the_documented_examples_open(tmp_path: Path) -> None:
    current, schema_0 = (block.split("```")[0] for block in _format_doc_examples()[1:])
    (tmp_path / "v1.json").write_text(current)
    with PlanStore(tmp_path / "v1.json") as store:
        (plan,) = store.plans()
        assert store.find("northwind").goals[0].strategies[0].initiatives[0].tactics[0].id == "tc1a2b3c4d"
        store.save(plan)
    assert (tmp_path / "v1.json").read_text() == current  # the example is exactly what we write
    (tmp_path / "v0.json").write_text(schema_0)
    with PlanStore(tmp_path / "v0.json") as store:
        (old,) = store.plans()
    assert old.analysis == {"inside": "Two hospitals are merging.", "influencers": "CFO Rui Costa"}


def test_a_store_made_read_only_is_not_overwritten(db: Path) -> None:
    with PlanStore(db) as store:
        store.save(Plan(name="Kept"))
        db.chmod(0o400)
        before = digest(db)
        with pytest.raises(StoreError, match="read-only") as err:
            store.save(Plan(name="Refused"))
        assert str(db) in str(err.value)
        assert digest(db) == before and stat.S_IMODE(db.stat().st_mode) == 0o400
        db.chmod(0o600)
        store.save(Plan(name="Saved once writable"))
