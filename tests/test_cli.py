"""The command line: every command, and every expected failure as one clean line.

Most tests call ``main([...])`` in-process (fast); a few run the real
``python -m acct_tui`` to prove exit codes and that no traceback escapes.
"""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from acct_tui import __version__, cli
from acct_tui.cli import main
from acct_tui.model import Goal, Plan
from acct_tui.plan_json import export_plan_json, import_plan_json, plan_to_dict
from acct_tui.sample import SAMPLE_PLAN_ID, sample_plan
from acct_tui.store import PlanStore
from hostile import write_store
from ui_helpers import disk_state, store_with, stored_plans

REPO = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_failure(code: int, err: str, *words: str) -> None:
    """The contract for expected failures: exit 1, one "acct-tui: " line, no traceback."""
    assert code == 1
    assert err.startswith("acct-tui: "), err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    for word in words:
        assert word.lower() in err.lower(), (word, err)


@pytest.fixture
def sample_db(db_path: Path) -> Path:
    return store_with(db_path, sample_plan())


# --- help, version, usage ---------------------------------------------------


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"acct-tui {__version__}\n")


def test_help_names_every_command(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("list", "export", "import", "sample", "--db", "--version"):
        assert command in out


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["export"],
        ["export", "x", "--format", "rtf"],
        ["export", "x", "--review", "--format", "json"],
        ["export", "x", "--review", "--audience", "customer"],
        ["export", "x", "--format", "json", "--audience", "customer"],
        ["import"],
    ],
)
def test_usage_errors_exit_2(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert "usage: acct-tui" in err and "Traceback" not in err


def test_db_option_works_before_or_after_the_command(capsys, db_path):
    assert run(capsys, "sample", "--db", str(db_path))[0] == 0
    code, out, _ = run(capsys, "--db", str(db_path), "list")
    assert code == 0 and "Northwind Health" in out


def test_acct_tui_db_environment_variable_picks_the_store(capsys, db_path, monkeypatch):
    monkeypatch.setenv("ACCT_TUI_DB", str(db_path))
    assert run(capsys, "sample")[0] == 0
    assert [p.id for p in stored_plans(db_path)] == [SAMPLE_PLAN_ID]


# --- sample and list ----------------------------------------------------------


def test_sample_adds_the_plan_once(capsys, db_path):
    code, out, _ = run(capsys, "--db", str(db_path), "sample")
    assert code == 0 and "Northwind Health" in out
    before = disk_state(db_path)
    code, out, _ = run(capsys, "--db", str(db_path), "sample")
    assert code == 0 and "already" in out
    assert disk_state(db_path) == before
    plans = stored_plans(db_path)
    assert len(plans) == 1
    assert plans[0].goals == sample_plan().goals


def test_list_of_an_empty_store_says_so_and_creates_nothing(capsys, db_path):
    code, out, err = run(capsys, "--db", str(db_path), "list")
    assert code == 0 and err == ""
    assert "No plans" in out and "acct-tui sample" in out
    assert not db_path.exists()


def test_list_shows_a_row_per_plan_sorted_by_name(capsys, sample_db):
    store_with(sample_db, Plan(name="acme corp", owner="Kim", industry="Retail", id="acme"))
    code, out, _ = run(capsys, "--db", str(sample_db), "list")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["NAME", "OWNER", "INDUSTRY", "UPDATED", "HEALTH", "ID"]
    assert rows[0].startswith("acme corp") and rows[0].endswith("acme")
    assert rows[1].startswith("Northwind Health") and rows[1].endswith(SAMPLE_PLAN_ID)
    assert " 100 " in rows[1], "the complete sample is fully healthy"
    assert header.index("HEALTH") == rows[1].index("100"), "columns line up"


def test_a_hand_edited_store_with_control_characters_lists_and_exports_with_a_note(capsys, db_path):
    write_store(db_path, {**plan_to_dict(Plan(name="Acme", id="evil")), "name": "Evil\x1b[2J\tcorp\x9b"})
    before = disk_state(db_path)
    note = (
        "acct-tui: note: Evil␛[2J\\tcorp� held 2 control characters (e.g. in name); they are "
        "shown as symbols such as ␛ and will be saved that way.\n"
    )
    code, out, err = run(capsys, "--db", str(db_path), "list")
    assert (code, err) == (0, note)
    assert "Evil␛[2J\\tcorp�" in out and "\x1b" not in out
    code, out, err = run(capsys, "--db", str(db_path), "export", "evil")
    assert (code, err) == (0, note)
    assert "# Evil␛\\[2J&#9;corp� — Account plan" in out and "\x1b" not in out
    assert disk_state(db_path) == before, "reading never rewrites the file"


def test_import_refuses_a_control_character_naming_the_field(capsys, db_path, tmp_path):
    plan = Plan(name="Acme", goals=(Goal(title="Grow"),))
    data = json.loads(export_plan_json(plan))
    data["plan"]["goals"][0]["title"] = "Grow\x1b]52;c;cm0gLXJmIH4K\x07"
    source = tmp_path / "evil.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db_path), "import", str(source))
    assert_one_line_failure(code, err, "plan.goals[0]: Goal holds a control character (ESC, shown as ␛); remove it.")
    assert "\x1b" not in err
    assert stored_plans(db_path) == []


def test_list_works_while_another_process_holds_the_store(capsys, sample_db):
    with PlanStore(sample_db):
        code, out, _ = run(capsys, "--db", str(sample_db), "list")
    assert code == 0 and "Northwind Health" in out


# --- export -------------------------------------------------------------------


@pytest.mark.parametrize("account", ["Northwind Health", "north", "NORTHWIND", SAMPLE_PLAN_ID])
def test_export_finds_the_account_by_name_prefix_or_id(capsys, sample_db, account):
    code, out, err = run(capsys, "--db", str(sample_db), "export", account)
    assert code == 0 and err == ""
    assert out.startswith("# ") and "Northwind Health" in out.splitlines()[0]


def test_export_markdown_to_a_file_matches_stdout(capsys, sample_db, tmp_path):
    _, printed, _ = run(capsys, "--db", str(sample_db), "export", "north")
    target = tmp_path / "out" / "plan.md"
    target.parent.mkdir()
    code, out, err = run(capsys, "--db", str(sample_db), "export", "north", "-o", str(target))
    assert code == 0 and out == ""
    assert str(target) in err
    assert target.read_text(encoding="utf-8") == printed
    assert os.listdir(target.parent) == ["plan.md"], "no temp file left behind"


def test_export_over_an_existing_file_keeps_its_permissions(capsys, sample_db, tmp_path):
    target = tmp_path / "plan.md"
    target.write_text("old")
    target.chmod(0o600)
    code, _, _ = run(capsys, "--db", str(sample_db), "export", "north", "-o", str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_customer_export_leaves_out_internal_notes(capsys, sample_db):
    notes = [s.notes for s in sample_plan().stakeholders]
    _, internal, _ = run(capsys, "--db", str(sample_db), "export", "north")
    code, customer, _ = run(
        capsys, "--db", str(sample_db), "export", "north", "--audience", "customer"
    )
    assert code == 0
    assert any(note in internal for note in notes), "the internal export has the notes"
    assert not any(note in customer for note in notes)
    assert "detractor" not in customer.lower()


def test_export_review_pack(capsys, sample_db):
    code, out, _ = run(capsys, "--db", str(sample_db), "export", "north", "--review")
    _, plan_md, _ = run(capsys, "--db", str(sample_db), "export", "north")
    assert code == 0 and out.startswith("# ") and "Northwind Health" in out
    assert out != plan_md


def test_export_json_then_import_round_trips(capsys, sample_db, tmp_path):
    exported = tmp_path / "northwind.json"
    code, _, _ = run(
        capsys, "--db", str(sample_db), "export", "north", "--format", "json", "-o", str(exported)
    )
    assert code == 0
    other_db = tmp_path / "other.json"
    code, out, _ = run(capsys, "--db", str(other_db), "import", str(exported))
    assert code == 0 and "Imported" in out
    assert stored_plans(other_db) == stored_plans(sample_db)


def test_export_json_to_stdout_is_the_plan(capsys, sample_db):
    code, out, _ = run(capsys, "--db", str(sample_db), "export", SAMPLE_PLAN_ID, "--format", "json")
    assert code == 0
    assert import_plan_json(out) == stored_plans(sample_db)[0]


def test_export_works_while_another_process_holds_the_store(capsys, sample_db):
    with PlanStore(sample_db):
        code, out, _ = run(capsys, "--db", str(sample_db), "export", "north", "--format", "json")
    assert code == 0 and SAMPLE_PLAN_ID in out


# --- import -------------------------------------------------------------------


def test_import_from_stdin(capsys, db_path, monkeypatch):
    text = export_plan_json(sample_plan())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code, out, _ = run(capsys, "--db", str(db_path), "import", "-")
    assert code == 0 and "Northwind Health" in out
    assert [p.id for p in stored_plans(db_path)] == [SAMPLE_PLAN_ID]


def test_import_refuses_an_existing_id_unless_replace(capsys, sample_db, tmp_path):
    changed = Plan(**{**vars(sample_plan()), "name": "Northwind Health (v2)"})
    source = tmp_path / "v2.json"
    source.write_text(export_plan_json(changed), encoding="utf-8")
    before = disk_state(sample_db)

    code, _, err = run(capsys, "--db", str(sample_db), "import", str(source))
    assert_one_line_failure(code, err, SAMPLE_PLAN_ID, "--replace")
    assert disk_state(sample_db) == before

    code, out, _ = run(capsys, "--db", str(sample_db), "import", str(source), "--replace")
    assert code == 0 and "Replaced" in out
    assert [p.name for p in stored_plans(sample_db)] == ["Northwind Health (v2)"]


def _bad_plan_json() -> str:
    data = json.loads(export_plan_json(sample_plan()))
    data["plan"]["goals"][2]["strategies"][0]["title"] = "   "
    return json.dumps(data)


BAD_IMPORTS = {
    "not json": (b"{ this is not json", "not valid JSON"),
    "empty": (b"", "the file is empty (0 bytes)"),
    "not utf-8": (b'{"name": "\xff"}', "UTF-8"),
    "wrong shape": (b"[1, 2, 3]", "expected an object"),
    "invalid field": (_bad_plan_json().encode(), "goals[2].strategies[0]"),
    "newer format": (b'{"format": "acct-tui-plan", "version": 99, "plan": {}}', "newer"),
}


@pytest.mark.parametrize("kind", BAD_IMPORTS)
def test_a_bad_import_file_writes_nothing(capsys, sample_db, tmp_path, kind):
    content, words = BAD_IMPORTS[kind]
    source = tmp_path / "bad.json"
    source.write_bytes(content)
    before = disk_state(sample_db)
    code, out, err = run(capsys, "--db", str(sample_db), "import", str(source))
    assert_one_line_failure(code, err, "can't import", words)
    assert out == ""
    assert disk_state(sample_db) == before
    assert source.read_bytes() == content


def test_a_bad_import_into_a_new_store_creates_no_file(capsys, db_path, tmp_path):
    source = tmp_path / "bad.json"
    source.write_text("nope")
    code, _, err = run(capsys, "--db", str(db_path), "import", str(source))
    assert_one_line_failure(code, err)
    assert not db_path.exists()


@pytest.mark.parametrize(("name", "words"), [("missing.json", "can't read"), (".", "it is a folder")])
def test_an_unreadable_import_file_is_one_line(capsys, db_path, tmp_path, name, words):
    code, _, err = run(capsys, "--db", str(db_path), "import", str(tmp_path / name))
    assert_one_line_failure(code, err, words)


# --- expected failures --------------------------------------------------------


def test_unknown_account(capsys, sample_db):
    code, out, err = run(capsys, "--db", str(sample_db), "export", "Contoso")
    assert_one_line_failure(code, err, "Contoso")
    assert out == ""


def test_ambiguous_prefix_names_the_candidates(capsys, sample_db):
    store_with(sample_db, Plan(name="Northwind Traders", id="traders"))
    code, _, err = run(capsys, "--db", str(sample_db), "export", "northwind")
    assert_one_line_failure(code, err, "Northwind Health", "Northwind Traders")


@pytest.mark.parametrize("argv", [["list"], ["export", "x"], ["sample"], ["import", "-"], []])
def test_a_bad_store_file_stops_every_command_and_is_left_alone(
    capsys, db_path, monkeypatch, argv
):
    good_plan = export_plan_json(sample_plan()).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(good_plan)))
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b'{"_meta": {"1": {"schema": 1}}, "plans": {"1": {"na')
    code, out, err = run(capsys, "--db", str(db_path), *argv)
    assert_one_line_failure(code, err, str(db_path))
    assert out == ""
    assert disk_state(db_path) == b'{"_meta": {"1": {"schema": 1}}, "plans": {"1": {"na'


def test_a_locked_store_refuses_writers_with_one_line(capsys, sample_db):
    before = disk_state(sample_db)
    with PlanStore(sample_db):
        code, _, err = run(capsys, "--db", str(sample_db), "sample")
    assert_one_line_failure(code, err, "another acct-tui")
    assert disk_state(sample_db) == before


@pytest.mark.parametrize("where", ["missing-folder/plan.md", "."])
def test_an_unwritable_output_path_is_one_line(capsys, sample_db, tmp_path, where):
    target = tmp_path / where
    argv = ["export", "north", "--format", "json", "-o", str(target)]
    code, out, err = run(capsys, "--db", str(sample_db), *argv)
    assert_one_line_failure(code, err, "can't write")
    assert out == ""


@pytest.mark.parametrize("name", ["catalog.json", f"plans/{SAMPLE_PLAN_ID}.json", "plans/new.json", ".lock"])
def test_export_never_overwrites_the_store(capsys, sample_db, name):
    target = sample_db / name
    before = target.read_bytes() if target.exists() else None
    code, _, err = run(capsys, "--db", str(sample_db), "export", "north", "-o", str(target))
    assert_one_line_failure(code, err, "plan store")
    assert (target.read_bytes() if target.exists() else None) == before


def test_ctrl_c_exits_130_quietly(capsys, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setitem(cli._COMMANDS, "list", interrupted)
    code, out, err = run(capsys, "list")
    assert (code, out, err) == (130, "", "")


# --- the real process -----------------------------------------------------------


def acct_tui(*argv: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m acct_tui`` from the source tree, as a user would."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "acct_tui", *argv],
        input=stdin, capture_output=True, env=env, timeout=60, check=False,
    )


def test_process_exit_codes_and_no_tracebacks(tmp_path):
    db = str(tmp_path / "plans.json")
    assert acct_tui("--version").stdout.decode() == f"acct-tui {__version__}\n"
    assert acct_tui("--db", db, "sample").returncode == 0

    unknown = acct_tui("--db", db, "export", "nobody")
    assert unknown.returncode == 1
    assert unknown.stderr.decode().count("\n") == 1 and b"Traceback" not in unknown.stderr

    bad = acct_tui("--db", db, "import", "-", stdin=b"{")
    assert bad.returncode == 1 and bad.stderr.startswith(b"acct-tui: can't import stdin")

    usage = acct_tui("--db", db, "export")
    assert usage.returncode == 2 and b"Traceback" not in usage.stderr


def test_process_bad_store_and_app_start_fail_cleanly(tmp_path):
    db = tmp_path / "plans.json"
    db.write_bytes(b"")
    for argv in (["list"], []):
        result = acct_tui("--db", str(db), *argv)
        assert result.returncode == 1, result.stderr
        assert result.stderr.decode().count("\n") == 1
        assert b"Traceback" not in result.stderr and b"empty" in result.stderr
    assert db.read_bytes() == b""


def test_import_keeps_a_scripted_plan_exactly(capsys, db_path, tmp_path):
    """A script can generate a plan, and import keeps every field exactly."""
    plan = Plan(
        name="Scripted",
        id="scripted",
        goals=(Goal(title="Land | expand *now*", id="g1", measure="`x`"),),
    )
    source = tmp_path / "scripted.json"
    source.write_text(export_plan_json(plan), encoding="utf-8")
    assert run(capsys, "--db", str(db_path), "import", str(source))[0] == 0
    assert stored_plans(db_path) == [plan]
