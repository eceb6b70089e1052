"""Issue 7, findings 3-6 and 8: nothing a plan file holds yields a traceback or a broken store.

Each test feeds one hostile file to both doors a plan comes in by, ``acct-tui
import`` and opening the store, and checks the one message that comes back.
Files are written by hand here on purpose: the model refuses to build them.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from test_cli import REPO, assert_one_line_failure, run, store_with, stored_plans

from acct_tui.edit import add_node
from acct_tui.model import (
    NUMBER_MAX,
    Goal,
    Initiative,
    Metric,
    Plan,
    Stakeholder,
    Strategy,
    Tactic,
    ValidationError,
    check_date,
    check_number,
    check_timestamp,
    parse_date,
)
from acct_tui.plan_json import (
    PlanDataError,
    export_plan_json,
    import_plan_json,
    plan_to_dict,
)
from acct_tui.safe_json import MAX_DEPTH, JSONInputError, load_json
from acct_tui.sample import sample_plan
from acct_tui.store import PlanStore, StoreError
from ui_helpers import disk_state


def plan_data(**changes: Any) -> dict[str, Any]:
    """The sample plan as plain data, with top-level fields changed."""
    return {**plan_to_dict(sample_plan()), **changes}


def wrapped(plan: Any, version: Any = 1) -> str:
    """A one-plan export document around ``plan`` (raw data, not checked)."""
    return json.dumps({"format": "acct-tui-plan", "version": version, "plan": plan})


def store_text(*plans: Any) -> str:
    table = {str(i): plan for i, plan in enumerate(plans, start=1)}
    return json.dumps({"_meta": {"1": {"schema": 1}}, "plans": table})


def refused_at_import(capsys, tmp_path: Path, content: str | bytes, *words: str) -> str:
    """Import ``content``: one-line failure naming the file and ``words``; no store written."""
    source = tmp_path / "in.json"
    source.write_bytes(content.encode() if isinstance(content, str) else content)
    db = tmp_path / "store" / "plans.json"
    code, out, err = run(capsys, "--db", str(db), "import", str(source))
    assert_one_line_failure(code, err, f"can't import {source}", *words)
    assert out == "" and not db.exists()
    return err


def refused_at_open(tmp_path: Path, content: str | bytes, *words: str) -> str:
    """Open a store holding ``content``: the two-line message, the file left alone."""
    db = tmp_path / "plans.json"
    raw = content.encode() if isinstance(content, str) else content
    db.write_bytes(raw)
    for readonly in (True, False):
        with pytest.raises(StoreError) as err:
            PlanStore(db, readonly=readonly)
        message = str(err.value)
        assert len(message.splitlines()) == 2, message
        assert message.startswith(f"Can't open the plan store {db}: ")
        for word in words:
            assert word.lower() in message.lower(), (word, message)
    assert db.read_bytes() == raw
    return message


def refused_everywhere(capsys, tmp_path: Path, plan: Any, *words: str) -> None:
    """A plan record refused both by import and, as a stored record, at open."""
    refused_at_import(capsys, tmp_path, wrapped(plan), *words)
    refused_at_open(tmp_path, store_text(plan), 'record "1"', *words)


def sample_with(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = plan_data()
    change(data)
    return data


# --- finding 3: one import bricks the store (dates and times out of range) -----


@pytest.mark.parametrize(
    "stamp", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1899-12-31T23:59:59+00:00"]
)
def test_an_updated_time_out_of_range_is_refused_at_import_and_open(capsys, tmp_path, stamp):
    refused_everywhere(capsys, tmp_path, plan_data(updated=stamp), "Updated", "out of range", "1900-01-01")


def test_an_updated_time_with_an_offset_is_stored_in_utc_and_lists(capsys, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(wrapped(plan_data(updated="2999-12-31T23:00:00-00:30")))
    db = tmp_path / "plans.json"
    assert run(capsys, "--db", str(db), "import", str(source))[0] == 0
    (plan,) = stored_plans(db)
    assert plan.updated == datetime(2999, 12, 31, 23, 30, tzinfo=timezone.utc)
    assert plan.updated.utcoffset() == timedelta(0)
    assert '"2999-12-31T23:30:00+00:00"' in (db / "plans" / f"{plan.id}.json").read_text()
    code, out, _ = run(capsys, "--db", str(db), "list")
    assert code == 0 and "Northwind Health" in out


def test_the_model_refuses_an_updated_time_out_of_range() -> None:
    late = datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14)))
    with pytest.raises(ValidationError, match="out of range"):
        Plan(name="A", updated=late)
    with pytest.raises(ValidationError, match="time zone"):
        Plan(name="A", updated=datetime(2026, 1, 1))
    assert check_timestamp("Updated", "2026-01-20T09:30:00+02:00") == datetime(
        2026, 1, 20, 7, 30, tzinfo=timezone.utc
    )


DATE_FIELDS: dict[str, Callable[[dict[str, Any], str], None]] = {
    "plan.start": lambda d, v: d.update(start=v, review=None),
    "plan.review": lambda d, v: d.update(review=v, start=None),
    "goal due": lambda d, v: d["goals"][0].update(due=v),
    "tactic due": lambda d, v: d["goals"][0]["strategies"][0]["initiatives"][0]["tactics"][0].update(due=v),
    "last contact": lambda d, v: d["stakeholders"][0].update(last_contact=v),
    "next meeting": lambda d, v: d["meetings"][0].update(next_date=v),
}


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
@pytest.mark.parametrize("field", DATE_FIELDS)
def test_every_date_out_of_range_is_refused_at_import_and_open(capsys, tmp_path, field, value):
    plan = sample_with(lambda data: DATE_FIELDS[field](data, value))
    refused_everywhere(capsys, tmp_path, plan, value, "out of range", "2999-12-31")


def test_dates_at_the_ends_of_the_range_are_kept() -> None:
    assert parse_date("Due", "1900-01-01") == date(1900, 1, 1)
    assert check_date("Due", "2999-12-31") == date(2999, 12, 31)
    for typed in ("1899-12-31", "3000-01-01", "0000-01-01"):
        with pytest.raises(ValidationError, match="out of range"):
            parse_date("Due", typed)
    with pytest.raises(ValidationError, match="out of range"):
        Goal(title="G", due=date(1, 1, 1))


# --- finding 4: duplicate ids in different branches --------------------------


def twin_tactics() -> dict[str, Any]:
    """Tactic "t-quantify" of initiative 1.1.1 copied, id and all, into initiative 1.1.2."""
    data = plan_data()
    initiatives = data["goals"][0]["strategies"][0]["initiatives"]
    initiatives[1]["tactics"].append(dict(initiatives[0]["tactics"][0]))
    return data


def stakeholder_with_a_goals_id() -> dict[str, Any]:
    data = plan_data()
    data["stakeholders"][0]["id"] = data["goals"][0]["id"]
    return data


TWIN_PLACES = (
    "goals[0].strategies[0].initiatives[0].tactics[0]",
    "goals[0].strategies[0].initiatives[1].tactics[2]",
)


def test_a_tactic_id_in_two_branches_is_refused_at_import_and_open(capsys, tmp_path):
    refused_everywhere(capsys, tmp_path, twin_tactics(), "'t-quantify'", "twice", *TWIN_PLACES)


def test_a_stakeholder_with_a_goals_id_is_refused_at_import_and_open(capsys, tmp_path):
    refused_everywhere(capsys, tmp_path, stakeholder_with_a_goals_id(), "'g-revenue'", "goals[0]", "stakeholders[0]")


def test_the_app_does_not_start_on_a_store_with_twin_ids(tmp_path):
    """The app edited the wrong twin (d on 1.1.2.1 deleted 1.1.1.1); now it never sees one."""
    from acct_tui.app import make_app

    db = tmp_path / "plans.json"
    db.write_text(store_text(twin_tactics()))
    with pytest.raises(StoreError, match="'t-quantify' is used twice"):
        make_app(db)


def test_no_plan_can_hold_one_id_twice_in_any_two_kinds() -> None:
    goal = Goal(title="Grow", id="x1")
    with pytest.raises(ValidationError, match=r"'x1' is used twice.*goals\[0\].*stakeholders\[0\]"):
        Plan(name="A", goals=(goal,), stakeholders=(Stakeholder(name="Bo", id="x1"),))
    tactic = Tactic(action="Call", id="t1")
    twins = (Initiative("I1", (tactic,)), Initiative("I2", (tactic,)))
    with pytest.raises(ValidationError, match="'t1' is used twice"):
        Plan(name="A", goals=(Goal("G", strategies=(Strategy("S", initiatives=twins),)),))
    plan = Plan(name="A", goals=(goal,))
    with pytest.raises(ValidationError, match="'x1' is used twice"):
        add_node(plan, Metric(name="ARR", id="x1"))


# --- finding 5: tracebacks from big integers and deep nesting ------------------


@pytest.mark.parametrize("digits", [400, 5000])
def test_a_huge_integer_is_refused_at_import_and_open(capsys, tmp_path, digits):
    plan = sample_with(lambda data: data["metrics"][0].update(target="@BIG@"))
    text = json.dumps(plan).replace('"@BIG@"', "9" * digits)
    refused_at_import(capsys, tmp_path, wrapped("@PLAN@").replace('"@PLAN@"', text), f"{digits:,}-digit")
    refused_at_open(tmp_path, store_text("@PLAN@").replace('"@PLAN@"', text), f"{digits:,}-digit")


def test_a_huge_version_integer_is_refused_too(capsys, tmp_path):
    refused_at_import(capsys, tmp_path, wrapped(plan_data()).replace('"version": 1', '"version": ' + "1" * 5000), "digit")
    refused_at_open(tmp_path, '{"_meta": {"1": {"schema": ' + "1" * 400 + '}}, "plans": {}}', "digit")


@pytest.mark.parametrize("levels", [100_000, 100, MAX_DEPTH + 1])
def test_deep_nesting_is_refused_before_parsing(capsys, tmp_path, levels):
    deep = "[" * levels + "]" * levels
    refused_at_import(capsys, tmp_path, deep, f"deeper than {MAX_DEPTH} levels")
    refused_at_open(tmp_path, '{"plans": ' + deep[1:-1] + "}", f"deeper than {MAX_DEPTH} levels")


def test_a_file_cut_inside_a_string_is_truncated_not_deep() -> None:
    with pytest.raises(JSONInputError, match="truncated after 103 bytes"):
        load_json(b'["' + b"[" * 100 + b"\\")


def test_brackets_inside_text_are_not_nesting(capsys, tmp_path):
    plan = sample_plan()
    plan = Plan(**{**vars(plan), "name": "[{" * 100, "owner": '\\"[[[' * 50})
    source = tmp_path / "in.json"
    source.write_text(export_plan_json(plan))
    assert run(capsys, "--db", str(tmp_path / "plans.json"), "import", str(source))[0] == 0


@pytest.mark.parametrize(
    ("literal", "words"),
    [("1e400", "too large"), ("-1e400", "too large"), ("NaN", "NaN"), ("Infinity", "Infinity"), ("-Infinity", "Infinity")],
)
def test_numbers_json_cannot_mean_are_refused(capsys, tmp_path, literal, words):
    plan = json.dumps(plan_data()).replace('"target": 2640.0', f'"target": {literal}')
    assert literal in plan
    refused_at_import(capsys, tmp_path, wrapped("@").replace('"@"', plan), words)
    refused_at_open(tmp_path, store_text("@").replace('"@"', plan), words)


@pytest.mark.parametrize("value", [1e16, -1e16, 10**16, 10**400], ids=["1e16", "-1e16", "10^16", "10^400"])
def test_numbers_beyond_the_bound_are_refused_without_overflow(value) -> None:
    with pytest.raises(ValidationError, match="between"):
        Metric(name="ARR", target=value)
    with pytest.raises(ValidationError, match="between"):
        check_number("Target", str(value) if isinstance(value, float) else "9" * 400)
    assert Metric(name="ARR", target=NUMBER_MAX).target == NUMBER_MAX


def test_a_metric_beyond_the_bound_is_refused_at_import_and_open(capsys, tmp_path):
    plan = sample_with(lambda data: data["metrics"][0].update(current=10**16))
    refused_everywhere(capsys, tmp_path, plan, "Current", "between")


# --- finding 6: duplicate JSON keys ---------------------------------------------


def test_a_store_repeating_a_record_key_is_refused_naming_it(tmp_path):
    record = json.dumps(plan_to_dict(sample_plan()))
    other = json.dumps(plan_to_dict(Plan(name="Contoso")))
    text = '{"_meta": {"1": {"schema": 1}}, "plans": {"1": ' + record + ', "1": ' + other + "}}"
    refused_at_open(tmp_path, text, 'the key "1" twice', "in plans")


def test_a_repeated_field_is_refused_naming_it_and_where(capsys, tmp_path):
    text = json.dumps(plan_data()).replace('"title": "Grow revenue', '"title": "x", "title": "Grow revenue', 1)
    refused_at_import(capsys, tmp_path, wrapped("@").replace('"@"', text), 'the key "title" twice', "plan.goals[0]")
    refused_at_open(tmp_path, store_text("@").replace('"@"', text), 'the key "title" twice', 'plans["1"].goals[0]')


def test_a_repeated_key_spelled_with_an_escape_is_still_a_repeat() -> None:
    with pytest.raises(JSONInputError, match='the key "name" twice at the top level'):
        load_json(b'{"name": "a", "n\\u0061me": "b"}')


# --- finding 8: versions, types, blank files, FIFOs, devices, name clashes --------


@pytest.mark.parametrize("version", [True, False, -5, 0, 1.0, "1", None])
def test_the_export_version_must_be_a_positive_whole_number(capsys, tmp_path, version):
    refused_at_import(capsys, tmp_path, wrapped(plan_data(), version=version), "version", "positive whole number")


@pytest.mark.parametrize("schema", ["true", "-5", "0", "1.0"])
def test_the_store_schema_must_be_a_positive_whole_number(tmp_path, schema):
    refused_at_open(tmp_path, '{"_meta": {"1": {"schema": ' + schema + '}}, "plans": {}}', '"_meta"')


def _strategy(data: dict[str, Any]) -> dict[str, Any]:
    return data["goals"][0]["strategies"][1]


WRONG_TYPES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "analysis_refs a number": (
        lambda d: _strategy(d).update(analysis_refs=5),
        "plan.goals[0].strategies[1].analysis_refs: expected a list of analysis keys, found a number",
    ),
    "analysis_refs holds a number": (
        lambda d: _strategy(d).update(analysis_refs=["inside", 3]),
        "plan.goals[0].strategies[1].analysis_refs[1]: expected an analysis key",
    ),
    "analysis a list": (lambda d: d.update(analysis=["x"]), "plan.analysis: expected an object"),
    "analysis answer a number": (
        lambda d: d["analysis"].update(inside=5),
        "plan.analysis.inside: expected text, found a number",
    ),
    "vision text": (lambda d: d.update(vision="big"), "plan.vision: expected an object, found text"),
    "vision statement a list": (
        lambda d: d["vision"].update(statement=["x"]),
        "plan.vision.statement: expected text, found a list",
    ),
    "goals an object": (lambda d: d.update(goals={}), "plan.goals: expected a list of goals, found an object"),
    "a goal is text": (lambda d: d["goals"].append("Grow"), "plan.goals[4]: expected an object (a goal), found text"),
    "tactics null": (
        lambda d: _strategy(d)["initiatives"][0].update(tactics=None),
        "plan.goals[0].strategies[1].initiatives[0].tactics: expected a list of tactics, found null",
    ),
    "title a number": (lambda d: d["goals"][1].update(title=7), "plan.goals[1].title: expected text, found a number"),
    "name true": (lambda d: d.update(name=True), "plan.name: expected text, found true"),
    "target text": (
        lambda d: d["metrics"][0].update(target="12"),
        "plan.metrics[0].target: expected a number or null, found text",
    ),
    "target false": (
        lambda d: d["metrics"][0].update(target=False),
        "plan.metrics[0].target: expected a number or null, found false",
    ),
    "due a number": (
        lambda d: d["goals"][0].update(due=20270101),
        "plan.goals[0].due: expected a date (YYYY-MM-DD) or null, found a number",
    ),
    "updated a number": (
        lambda d: d.update(updated=5),
        "plan.updated: expected an ISO 8601 time with a time zone, found a number",
    ),
    "id a number": (lambda d: d["tools"][0].update(id=5), "plan.tools[0].id: expected an id (text), found a number"),
    "link a list": (
        lambda d: d["metrics"][0].update(goal_id=[]),
        "plan.metrics[0].goal_id: expected an id (text), found a list",
    ),
}


@pytest.mark.parametrize("kind", WRONG_TYPES)
def test_every_wrong_type_names_the_field_and_the_type_expected(capsys, tmp_path, kind):
    change, message = WRONG_TYPES[kind]
    plan = sample_with(change)
    err = refused_at_import(capsys, tmp_path, wrapped(plan))
    assert message in err
    assert message in refused_at_open(tmp_path, store_text(plan))


def test_a_wrong_analysis_refs_type_is_a_validation_error_in_the_model() -> None:
    with pytest.raises(ValidationError, match="Analysis references must be a list"):
        Strategy(title="S", analysis_refs=5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Analysis references must be a list"):
        Strategy(title="S", analysis_refs="inside")  # type: ignore[arg-type]


def test_every_record_field_has_a_json_type_check() -> None:
    """A new model field without an expected JSON type would slip past the messages above."""
    from dataclasses import fields

    from acct_tui.model import Meeting, SellingTool, Vision
    from acct_tui.plan_json import expected_type

    for kind in (Plan, Goal, Strategy, Initiative, Tactic, Stakeholder, Meeting, Metric, SellingTool, Vision):
        for spec in fields(kind):
            check, expected = expected_type(kind, spec.name)  # KeyError if nobody described it
            assert expected, (kind.__name__, spec.name)


@pytest.mark.parametrize("blank", [b" ", b"\n\n", b" \t\r\n" * 1000], ids=["space", "newlines", "4000 bytes"])
def test_a_blank_file_is_called_blank_not_empty(capsys, tmp_path, blank):
    words = ("only white space", f"{len(blank):,} bytes")
    message = refused_at_open(tmp_path, blank, *words)
    assert "empty" not in message.splitlines()[0]
    refused_at_import(capsys, tmp_path, blank, *words)


def test_an_empty_file_is_still_called_empty(capsys, tmp_path):
    refused_at_open(tmp_path, b"", "the file is empty (0 bytes)")
    refused_at_import(capsys, tmp_path, b"", "the file is empty (0 bytes)")


def _acct_tui(*argv: str) -> subprocess.CompletedProcess[bytes]:
    """The real CLI in a child with a memory cap, so reading /dev/zero can't take the machine."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "acct_tui", *argv],
        capture_output=True, env=env, timeout=60, check=False, stdin=subprocess.DEVNULL, preexec_fn=cap,
    )


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: os.mkfifo(p) or p, "named pipe"),
        (lambda p: Path("/dev/null"), "device"),
        (lambda p: Path("/dev/zero"), "device"),
        (lambda p: p.mkdir() or p, "folder"),
    ],
    ids=["fifo", "dev-null", "dev-zero", "folder"],
)
def test_import_refuses_what_is_not_a_file_at_once(tmp_path, make, words):
    source = make(tmp_path / "in.json")
    db = tmp_path / "plans.json"
    result = _acct_tui("--db", str(db), "import", str(source))
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1, err
    assert err.startswith(f"acct-tui: can't import {source}: it is a ") and words in err
    assert result.stdout == b"" and not db.exists()


def test_a_second_account_with_an_existing_name_is_refused_or_renamed(capsys, tmp_path):
    db = store_with(tmp_path / "plans.json", Plan(name="Northwind Health", id="first"))
    source = tmp_path / "in.json"
    source.write_text(export_plan_json(Plan(name="NORTHWIND health", id="second")))
    before = disk_state(db)

    code, _, err = run(capsys, "--db", str(db), "import", str(source))
    assert_one_line_failure(code, err, "already an account called 'Northwind Health'", "--rename")
    assert disk_state(db) == before

    code, out, _ = run(capsys, "--db", str(db), "import", str(source), "--rename")
    assert code == 0
    assert "Imported 'NORTHWIND health (2)'" in out and "renamed" in out
    code, out, _ = run(capsys, "--db", str(db), "import", str(source), "--rename", "--replace")
    assert code == 0 and "'NORTHWIND health (2)'" in out  # its own old copy is no clash
    third = tmp_path / "third.json"
    third.write_text(export_plan_json(Plan(name="Northwind Health", id="third")))
    code, out, _ = run(capsys, "--db", str(db), "import", str(third), "--rename")
    assert code == 0 and "'Northwind Health (3)'" in out
    assert sorted(p.name for p in stored_plans(db)) == ["NORTHWIND health (2)", "Northwind Health", "Northwind Health (3)"]


def test_a_renamed_long_name_still_fits(capsys, tmp_path):
    long = "N" * 300
    db = store_with(tmp_path / "plans.json", Plan(name=long, id="first"))
    source = tmp_path / "in.json"
    source.write_text(export_plan_json(Plan(name=long, id="second")))
    code, _, _ = run(capsys, "--db", str(db), "import", str(source), "--rename")
    assert code == 0
    assert {p.name for p in stored_plans(db)} == {long, "N" * 296 + " (2)"}


def test_the_same_plan_replaced_is_not_a_name_clash(capsys, tmp_path):
    plan = sample_plan()
    db = store_with(tmp_path / "plans.json", plan)
    source = tmp_path / "in.json"
    source.write_text(export_plan_json(plan))
    code, out, _ = run(capsys, "--db", str(db), "import", str(source), "--replace")
    assert code == 0 and "Replaced 'Northwind Health'" in out


# --- the loader itself ------------------------------------------------------------


def test_the_loader_reads_what_json_reads() -> None:
    document = {"a": [1, 2.5, None, True, "x", {"b": -3}], "": {}}
    assert load_json(json.dumps(document).encode()) == document
    assert load_json("\ufeff{}".encode()) == {}  # a BOM from a Windows editor is fine


def test_the_loader_never_raises_anything_else() -> None:
    too_deep = b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1)
    for content in (b"{", b"[1,", b'{"a": "b', b"\xff", too_deep, b"1" * 30, b"{} {}", b"1e999", b"nan"):
        with pytest.raises(JSONInputError):
            load_json(content)
    deepest = load_json(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH)
    for _ in range(MAX_DEPTH - 1):
        (deepest,) = deepest
    assert deepest == []


def test_plan_data_error_stays_one_line() -> None:
    with pytest.raises(PlanDataError) as err:
        import_plan_json(wrapped(stakeholder_with_a_goals_id()))
    assert "\n" not in str(err.value)


def test_a_schema_0_file_of_the_wrong_types_is_named_by_path(tmp_path):
    text = json.dumps({"plans": {"1": {"name": "A", "goals": [{"title": "G", "strategies": 5}, "x"]}}})
    refused_at_open(tmp_path, text, "after upgrading it from schema 0", "plan.goals[0].strategies: expected a list of strategies, found a number")


def test_a_device_is_refused_without_being_opened(capsys, tmp_path, monkeypatch):
    """Opening some devices does something (a tape rewinds); stat says what it is first."""
    from acct_tui import cli

    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(cli.os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k))
    code, _, err = run(capsys, "--db", str(tmp_path / "plans.json"), "import", "/dev/null")
    assert_one_line_failure(code, err, "it is a device")
    assert "/dev/null" not in opened


SWAPPED_FOR_A_FIFO = """
import os, stat, sys
from acct_tui import cli
real_stat = os.stat
def looks_regular(path, *args, **kwargs):  # the file was swapped for a FIFO after stat
    result = real_stat(path, *args, **kwargs)
    return os.stat_result((stat.S_IFREG | 0o600, *result[1:]))
cli.os.stat = looks_regular
sys.exit(cli.main(["--db", sys.argv[2], "import", sys.argv[1]]))
"""


def test_a_fifo_swapped_in_after_the_check_still_cannot_hang_import(tmp_path):
    fifo = tmp_path / "in.json"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-c", SWAPPED_FOR_A_FIFO, str(fifo), str(tmp_path / "plans.json")],
        capture_output=True, env=env, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert result.stderr.decode() == f"acct-tui: can't import {fifo}: it is a named pipe (FIFO), not a file\n"
