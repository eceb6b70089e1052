"""Three-way merges of a plan by item id and field, and git's merge driver on a real repository.

Examples on the sample plan first (one behaviour each), then properties over
generated edits of a generated plan (the strategies of test_diff), then the
conflicts file, then ``acct-tui merge-driver`` run by a real ``git merge``.
"""

from __future__ import annotations

import os
import shlex
import stat
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acct_tui import edit
from acct_tui.diff import _entries, _plan_values, plan_diff
from acct_tui.merge import (
    Conflict,
    ConflictFileError,
    MergeError,
    conflicts_path,
    load_conflicts,
    merge_plans,
    resolve,
    save_conflicts,
)
from acct_tui.model import Goal, Plan, SellingTool, Stakeholder, Strategy, Tactic, ValidationError, Vision
from acct_tui.sample import sample_plan
from acct_tui.store import encode, plan_file_data, read_plan_content
from tests.test_diff import PROPERTY, edited, plans

TODAY = date(2026, 11, 23)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def plan() -> Plan:
    return sample_plan(TODAY)


def node(plan: Plan, item_id: str):
    return edit.find(plan, item_id)[0]


def tactic_ids(plan: Plan) -> list[str]:
    return [n.id for n, _ in edit.walk(plan) if isinstance(n, Tactic)]


def same(a: Plan, b: Plan) -> bool:
    """Equal but for ``updated``."""
    return replace(a, updated=b.updated) == b


def keys(conflicts) -> set[tuple[str, str, str]]:
    return {(c.record, c.item_id, c.field) for c in conflicts}


# --- examples -----------------------------------------------------------------------


def test_edits_to_different_items_merge_cleanly(plan):
    first, second = tactic_ids(plan)[:2]
    mine = edit.update_node(plan, first, owner="Ann")
    theirs = edit.update_node(plan, second, owner="Bob")
    result = merge_plans(plan, mine, theirs)
    assert result.conflicts == ()
    assert node(result.plan, first).owner == "Ann" and node(result.plan, second).owner == "Bob"


def test_edits_to_different_fields_of_one_item_merge_cleanly(plan):
    tactic = tactic_ids(plan)[0]
    mine = edit.update_node(plan, tactic, owner="Ann")
    theirs = edit.update_node(plan, tactic, action="Call Maria", due=date(2027, 3, 1))
    result = merge_plans(plan, mine, theirs)
    assert result.conflicts == ()
    merged = node(result.plan, tactic)
    assert (merged.owner, merged.action, merged.due) == ("Ann", "Call Maria", date(2027, 3, 1))


def test_the_same_field_changed_on_both_sides_keeps_mine_and_records_theirs(plan):
    tactic = tactic_ids(plan)[0]
    was = node(plan, tactic).owner
    mine = edit.update_node(plan, tactic, owner="Ann", action="Call Maria")
    theirs = edit.update_node(plan, tactic, owner="Bob", due=date(2027, 3, 1))
    result = merge_plans(plan, mine, theirs)
    assert result.conflicts == (
        Conflict("tactic", tactic, "owner", "Tactic 1.1.1.1 “Call Maria” — Owner", was, "Ann", "Bob"),
    )
    assert node(result.plan, tactic).owner == "Ann"
    assert node(result.plan, tactic).due == date(2027, 3, 1)


def test_the_same_change_on_both_sides_is_no_conflict(plan):
    tactic = tactic_ids(plan)[0]
    both = edit.update_node(plan, tactic, owner="Ann")
    assert merge_plans(plan, both, both).conflicts == ()


def test_conflicting_values_are_plan_data(plan):
    tactic = tactic_ids(plan)[0]
    mine = edit.update_node(plan, tactic, due=date(2027, 1, 2))
    theirs = edit.update_node(plan, tactic, due=None)
    (conflict,) = merge_plans(plan, mine, theirs).conflicts
    assert (conflict.mine, conflict.theirs) == ("2027-01-02", None)
    assert conflict.base == node(plan, tactic).due.isoformat()


@pytest.mark.parametrize("deleted_by", ["mine", "theirs"])
def test_an_item_edited_on_one_side_and_deleted_on_the_other_is_kept_as_edited(plan, deleted_by):
    tactic = tactic_ids(plan)[0]
    changed = edit.update_node(plan, tactic, owner="Ann")
    gone = edit.remove_node(plan, tactic)
    mine, theirs = (gone, changed) if deleted_by == "mine" else (changed, gone)
    result = merge_plans(plan, mine, theirs)
    assert node(result.plan, tactic).owner == "Ann"
    (conflict,) = result.conflicts
    assert (conflict.record, conflict.item_id, conflict.field) == ("tactic", tactic, "")
    assert conflict.base["owner"] == node(plan, tactic).owner
    kept, deleted = (conflict.theirs, conflict.mine) if deleted_by == "mine" else (conflict.mine, conflict.theirs)
    assert kept["owner"] == "Ann" and deleted is None
    assert "deleted on the other" in conflict.label


def test_an_item_moved_elsewhere_on_one_side_and_deleted_on_the_other_is_kept(plan):
    strategy = plan.goals[0].strategies[0]
    mine = edit.move_to_parent(plan, strategy.id, plan.goals[1].id)
    result = merge_plans(plan, mine, edit.remove_node(plan, strategy.id))
    assert strategy.id in [s.id for s in node(result.plan, plan.goals[1].id).strategies]
    assert keys(result.conflicts) == {("strategy", strategy.id, "")}


def test_an_item_deleted_on_one_side_and_untouched_on_the_other_goes(plan):
    tactic = tactic_ids(plan)[0]
    mine = edit.update_node(plan, tactic_ids(plan)[1], owner="Ann")
    result = merge_plans(plan, mine, edit.remove_node(plan, tactic))
    assert tactic not in tactic_ids(result.plan) and result.conflicts == ()


def test_a_child_added_under_an_item_the_other_side_deleted_keeps_the_item(plan):
    goal = plan.goals[0]
    mine = edit.remove_node(plan, goal.id)
    theirs = edit.add_node(plan, Strategy("New approach", id="s-new"), goal.id)
    result = merge_plans(plan, mine, theirs)
    assert [s.id for s in node(result.plan, goal.id).strategies] == ["s-new"]
    assert keys(result.conflicts) == {("goal", goal.id, "")}


def test_items_added_on_both_sides_are_all_kept_mine_first(plan):
    mine = edit.add_node(plan, SellingTool("Mine", id="tool-mine"))
    theirs = edit.add_node(plan, SellingTool("Theirs", id="tool-theirs"))
    result = merge_plans(plan, mine, theirs)
    assert [t.id for t in result.plan.tools] == [t.id for t in plan.tools] + ["tool-mine", "tool-theirs"]
    assert result.conflicts == ()
    swapped = merge_plans(plan, theirs, mine)
    assert [t.id for t in swapped.plan.tools][-2:] == ["tool-theirs", "tool-mine"]


def test_one_item_added_on_both_sides_merges_its_fields_with_no_base(plan):
    mine = edit.add_node(plan, Stakeholder("Maria", owner="Ann", id="maria"))
    theirs = edit.add_node(plan, Stakeholder("Maria", title="CIO", owner="Bob", id="maria"))
    result = merge_plans(plan, mine, theirs)
    assert (node(result.plan, "maria").title, node(result.plan, "maria").owner) == ("", "Ann")
    assert [(c.field, c.base, c.mine, c.theirs) for c in result.conflicts] == [
        ("title", None, "", "CIO"), ("owner", None, "Ann", "Bob"),
    ]


def test_a_file_added_on_both_sides_merges_from_nothing(plan):
    theirs = replace(edit.update_node(plan, tactic_ids(plan)[0], owner="Bob"), industry="Health")
    result = merge_plans(None, plan, theirs)
    assert keys(result.conflicts) == {("plan", plan.id, "industry"), ("tactic", tactic_ids(plan)[0], "owner")}
    assert same(result.plan, plan)
    assert merge_plans(None, plan, plan).conflicts == ()


def test_a_plan_merged_with_another_plan_is_refused(plan):
    with pytest.raises(MergeError, match="different plans"):
        merge_plans(plan, plan, replace(plan, id="other"))


def test_one_id_for_two_kinds_is_refused(plan):
    mine = edit.add_node(plan, SellingTool("T", id="same"))
    theirs = edit.add_node(plan, Goal("G", id="same"))
    with pytest.raises(MergeError, match="a selling tool on one side and a goal"):
        merge_plans(plan, mine, theirs)


def test_an_item_moved_to_two_parents_stays_where_mine_put_it(plan):
    first, second = plan.goals[0], plan.goals[1]
    strategy = first.strategies[0]
    third = Goal("Third", id="g-third")
    base = edit.add_node(plan, third)
    mine = edit.move_to_parent(base, strategy.id, second.id)
    theirs = edit.move_to_parent(base, strategy.id, third.id)
    result = merge_plans(base, mine, theirs)
    assert strategy.id in [s.id for s in node(result.plan, second.id).strategies]
    assert node(result.plan, third.id).strategies == ()
    (conflict,) = result.conflicts
    assert (conflict.field, conflict.base, conflict.mine, conflict.theirs) == ("parent", first.id, second.id, third.id)
    assert "moved to two places" in conflict.label


def test_a_move_on_one_side_and_an_edit_on_the_other_both_happen(plan):
    first, second = plan.goals[0], plan.goals[1]
    strategy = first.strategies[0]
    mine = edit.move_to_parent(plan, strategy.id, second.id)
    theirs = edit.update_node(plan, strategy.id, title="Renamed")
    result = merge_plans(plan, mine, theirs)
    assert result.conflicts == ()
    assert [s.title for s in node(result.plan, second.id).strategies if s.id == strategy.id] == ["Renamed"]


def test_a_reorder_on_one_side_is_kept(plan):
    theirs = edit.move_node(plan, plan.stakeholders[0].id, 2)
    mine = edit.update_node(plan, plan.tools[0].id, name="Renamed")
    result = merge_plans(plan, mine, theirs)
    assert result.plan.stakeholders == theirs.stakeholders


def test_analysis_answers_and_vision_merge_per_key(plan):
    mine = replace(plan, analysis={**plan.analysis, "market": "Mine"}, vision=replace(plan.vision, why="Because"))
    theirs = replace(plan, analysis={**plan.analysis, "competition": "Theirs"},
                     vision=replace(plan.vision, statement="Be first"))
    result = merge_plans(plan, mine, theirs)
    assert result.conflicts == ()
    assert (result.plan.analysis["market"], result.plan.analysis["competition"]) == ("Mine", "Theirs")
    assert result.plan.vision == Vision("Be first", "Because")


def test_updated_is_the_later_of_the_two(plan):
    early, late = datetime(2026, 1, 1, tzinfo=timezone.utc), datetime(2026, 2, 1, tzinfo=timezone.utc)
    mine, theirs = replace(plan, updated=late), replace(plan, updated=early)
    assert merge_plans(plan, mine, theirs).plan.updated == late
    assert merge_plans(plan, theirs, mine).plan.updated == late


def test_plan_fields_valid_alone_but_not_together_keep_mine(plan):
    base = replace(plan, start=date(2026, 1, 1), review=date(2026, 6, 1))
    mine = replace(base, start=date(2026, 5, 1))
    theirs = replace(base, review=date(2026, 3, 1))
    result = merge_plans(base, mine, theirs)
    assert (result.plan.start, result.plan.review) == (date(2026, 5, 1), date(2026, 6, 1))
    assert keys(result.conflicts) == {("plan", plan.id, "review")}


def test_conflicts_come_in_plan_order_with_labels(plan):
    first, second = tactic_ids(plan)[:2]
    mine = replace(edit.update_node(edit.update_node(plan, second, owner="A"), first, owner="A"), owner="A")
    theirs = replace(edit.update_node(edit.update_node(plan, second, owner="B"), first, owner="B"), owner="B")
    conflicts = merge_plans(plan, mine, theirs).conflicts
    assert [c.item_id for c in conflicts] == [plan.id, first, second]
    assert conflicts[0].label == "Plan — Owner"
    assert conflicts[1].label.startswith("Tactic 1.1.1.1 “") and conflicts[1].label.endswith("” — Owner")


# --- resolving ----------------------------------------------------------------------


def test_resolve_sets_the_chosen_value(plan):
    tactic = tactic_ids(plan)[0]
    mine = edit.update_node(plan, tactic, owner="Ann", due=date(2027, 1, 1))
    theirs = edit.update_node(plan, tactic, owner="Bob", due=date(2027, 2, 2))
    result = merge_plans(plan, mine, theirs)
    by_field = {c.field: c for c in result.conflicts}
    resolved = resolve(result.plan, by_field["owner"], by_field["owner"].theirs)
    resolved = resolve(resolved, by_field["due"], by_field["due"].theirs)
    assert (node(resolved, tactic).owner, node(resolved, tactic).due) == ("Bob", date(2027, 2, 2))
    assert node(resolve(result.plan, by_field["owner"], "Typed"), tactic).owner == "Typed"


def test_resolve_a_plan_field_and_an_analysis_answer(plan):
    mine = replace(plan, owner="A", analysis={**plan.analysis, "market": "A"})
    theirs = replace(plan, owner="B", analysis={**plan.analysis, "market": "B"})
    result = merge_plans(plan, mine, theirs)
    resolved = result.plan
    for conflict in result.conflicts:
        resolved = resolve(resolved, conflict, conflict.theirs)
    assert (resolved.owner, resolved.analysis["market"]) == ("B", "B")


def test_resolve_a_deleted_item_by_deleting_or_keeping_it(plan):
    tactic = tactic_ids(plan)[0]
    result = merge_plans(plan, edit.update_node(plan, tactic, owner="Ann"), edit.remove_node(plan, tactic))
    (conflict,) = result.conflicts
    assert tactic not in tactic_ids(resolve(result.plan, conflict, conflict.theirs))
    assert resolve(result.plan, conflict, conflict.mine) == result.plan


def test_resolve_a_move_by_moving(plan):
    first, second = plan.goals[0], plan.goals[1]
    strategy = first.strategies[0]
    result = merge_plans(plan, edit.move_to_parent(plan, strategy.id, second.id),
                         edit.move_to_parent(plan, strategy.id, plan.goals[2].id) if len(plan.goals) > 2
                         else edit.move_to_parent(edit.add_node(plan, Goal("x", id="gx")), strategy.id, "gx"))
    (conflict,) = [c for c in result.conflicts if c.field == "parent"]
    moved = resolve(result.plan, conflict, conflict.theirs)
    assert strategy.id in [s.id for s in node(moved, conflict.theirs).strategies]


def test_resolve_refuses_a_bad_value(plan):
    tactic = tactic_ids(plan)[0]
    result = merge_plans(plan, edit.update_node(plan, tactic, status="done"), edit.update_node(plan, tactic, status="dropped"))
    with pytest.raises(ValidationError):
        resolve(result.plan, result.conflicts[0], "maybe")


# --- properties over generated edits --------------------------------------------------


@PROPERTY
@given(st.data())
def test_merging_with_an_unchanged_side_gives_the_other_side(data):
    base = data.draw(plans())
    changed = data.draw(edited(base))
    for result in (merge_plans(base, base, changed), merge_plans(base, changed, base)):
        assert result.conflicts == ()
        assert same(result.plan, changed)


def content(plan: Plan, conflicts) -> dict:
    """Every item's fields and parent, and the plan's own fields, but the conflicted ones."""
    clashing = keys(conflicts)
    found = {("plan", name): value for name, value in _plan_values(plan).items()
             if ("plan", plan.id, name) not in clashing}
    for item_id, entry in _entries(plan).items():
        kind = entry.node.KIND
        own = {name: getattr(entry.node, name) for name in edit_fields(entry.node)}
        found[(kind, item_id)] = {name: value for name, value in own.items() if (kind, item_id, name) not in clashing}
        if (kind, item_id, "parent") not in clashing:
            found[(kind, item_id, "parent")] = entry.parent
    return found


def edit_fields(record) -> list[str]:
    from acct_tui.diff import _own_fields

    return _own_fields(record)


@PROPERTY
@given(st.data())
def test_both_orders_of_a_merge_hold_the_same_content_where_they_dont_conflict(data):
    base = data.draw(plans())
    a, b = data.draw(edited(base, "a")), data.draw(edited(base, "b"))
    ab, ba = merge_plans(base, a, b), merge_plans(base, b, a)
    assert keys(ab.conflicts) == keys(ba.conflicts)
    assert content(ab.plan, ab.conflicts) == content(ba.plan, ba.conflicts)


@PROPERTY
@given(st.data())
def test_no_edit_is_lost(data):
    """Every change either side made from the base is in the merged plan or in a conflict."""
    base = data.draw(plans())
    mine, theirs = data.draw(edited(base, "a")), data.draw(edited(base, "b"))
    result = merge_plans(base, mine, theirs)
    merged, clashing = _entries(result.plan), keys(result.conflicts)
    values = _plan_values(result.plan)
    for side in (mine, theirs):
        for change in plan_diff(base, side, TODAY).changes:
            key = (change.record, change.item_id, change.field)
            if change.record == "plan":
                assert key in clashing or _as_data(values[change.field]) == change.after, change
            elif change.what == "removed":
                assert change.item_id not in merged or (change.record, change.item_id, "") in clashing, change
            elif change.what == "added":
                assert change.item_id in merged, change
            elif change.what == "moved":
                if change.after["parent"] == change.before["parent"]:
                    continue  # a reorder: the order when both sides moved things is a choice, not an edit kept
                assert (key[0], key[1], "parent") in clashing or merged[change.item_id].parent == change.parent, change
            else:
                now = _as_data(getattr(merged[change.item_id].node, change.field))
                assert key in clashing or now == change.after, change


def _as_data(value):
    from acct_tui.diff import _data

    return _data(value)


# --- the conflicts file -------------------------------------------------------------


def some_conflicts(plan: Plan) -> list[Conflict]:
    tactic = tactic_ids(plan)[0]
    mine = edit.update_node(plan, tactic, owner="Ann", due=date(2027, 1, 1))
    theirs = edit.update_node(edit.remove_node(plan, plan.tools[0].id), tactic, owner="Bob", due=None)
    mine = edit.update_node(mine, plan.tools[0].id, name="Kept")
    return list(merge_plans(plan, mine, theirs).conflicts)


def test_conflicts_file_round_trips_and_is_private(tmp_path, plan):
    (tmp_path / "plans").mkdir()
    conflicts = some_conflicts(plan)
    assert len(conflicts) == 3
    save_conflicts(tmp_path, plan.id, conflicts)
    path = conflicts_path(tmp_path, plan.id)
    assert path == tmp_path / "plans" / f"{plan.id}.conflicts.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_conflicts(tmp_path, plan.id) == conflicts


def test_no_conflicts_removes_the_file(tmp_path, plan):
    (tmp_path / "plans").mkdir()
    save_conflicts(tmp_path, plan.id, some_conflicts(plan))
    save_conflicts(tmp_path, plan.id, [])
    assert not conflicts_path(tmp_path, plan.id).exists()
    assert load_conflicts(tmp_path, plan.id) == []


@pytest.mark.parametrize("content, says", [
    (b"{", "Can't read the conflicts file"),
    (b'{"schema": 1, "plan": "sample-northwind", "conflicts": [{"record": 1}]}', "conflict 1 must have"),
    (b'{"schema": 2, "plan": "sample-northwind", "conflicts": []}', '"schema": 1'),
    (b'{"schema": 1, "plan": "sample-northwind", "conflicts": [{"record": 1, "item_id": "x", "field": "",'
     b' "label": "", "base": null, "mine": null, "theirs": null}]}', "must be text"),
    (b'{"schema": 1, "plan": "other", "conflicts": []}', "for the plan 'other'"),
])
def test_a_bad_conflicts_file_is_one_line_naming_it(tmp_path, plan, content, says):
    (tmp_path / "plans").mkdir()
    conflicts_path(tmp_path, plan.id).write_bytes(content)
    with pytest.raises(ConflictFileError) as error:
        load_conflicts(tmp_path, plan.id)
    assert says in str(error.value) and "\n" not in str(error.value)
    assert str(conflicts_path(tmp_path, plan.id)) in str(error.value)


def test_a_conflicts_file_is_never_read_through_a_symlink(tmp_path, plan):
    (tmp_path / "plans").mkdir()
    target = tmp_path / "target.json"
    target.write_text('{"schema": 1, "plan": "sample-northwind", "conflicts": []}')
    conflicts_path(tmp_path, plan.id).symlink_to(target)
    with pytest.raises(ConflictFileError):
        load_conflicts(tmp_path, plan.id)


# --- git's merge driver, through a real git merge --------------------------------------


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        cwd=repo, capture_output=True, text=True, check=check, env=git_env(),
    )


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PYTHONPATH"] = str(ROOT)
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["HOME"] = env.get("HOME", "/nonexistent")
    return env


def write_plan(repo: Path, plan: Plan) -> Path:
    path = repo / "plans" / f"{plan.id}.json"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(encode(plan_file_data(plan)))
    return path


def read_plan(path: Path) -> Plan:
    return read_plan_content(path.read_bytes())[0]


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository whose plan files merge with this worktree's driver."""
    repo = tmp_path / "team"
    (repo / "plans").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    driver = f"{shlex.quote(sys.executable)} -m acct_tui merge-driver %O %A %B %P"
    git(repo, "config", "merge.acct-tui.driver", driver)
    (repo / ".gitattributes").write_text("plans/*.json merge=acct-tui\n")
    return repo


def two_edits(repo: Path, base: Plan, mine: Plan, theirs: Plan) -> subprocess.CompletedProcess:
    """Commit ``base``, ``theirs`` on a branch and ``mine`` on main, then merge the branch."""
    write_plan(repo, base)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "theirs")
    write_plan(repo, theirs)
    git(repo, "commit", "-qam", "theirs")
    git(repo, "checkout", "-q", "main")
    write_plan(repo, mine)
    git(repo, "commit", "-qam", "mine")
    return git(repo, "merge", "-q", "--no-edit", "theirs", check=False)


def test_git_merges_edits_to_different_items_cleanly(repo, plan):
    first, second = tactic_ids(plan)[:2]
    mine = edit.update_node(plan, first, owner="Ann")
    theirs = edit.update_node(plan, second, owner="Bob")
    merged = two_edits(repo, plan, mine, theirs)
    assert merged.returncode == 0, merged.stderr
    path = repo / "plans" / f"{plan.id}.json"
    result = read_plan(path)
    assert (node(result, first).owner, node(result, second).owner) == ("Ann", "Bob")
    assert path.read_bytes() == encode(plan_file_data(result))
    assert not conflicts_path(repo, plan.id).exists()
    assert git(repo, "status", "--porcelain").stdout == ""


def test_git_merges_the_same_field_with_mine_kept_and_the_conflict_filed(repo, plan):
    tactic = tactic_ids(plan)[0]
    mine = edit.update_node(plan, tactic, owner="Ann")
    theirs = edit.update_node(plan, tactic, owner="Bob", action="Call Maria")
    merged = two_edits(repo, plan, mine, theirs)
    assert merged.returncode == 0, merged.stderr
    content = (repo / "plans" / f"{plan.id}.json").read_bytes()
    assert b"<<<<<<<" not in content
    result = read_plan_content(content)[0]
    assert (node(result, tactic).owner, node(result, tactic).action) == ("Ann", "Call Maria")
    (conflict,) = load_conflicts(repo, plan.id)
    assert (conflict.item_id, conflict.field, conflict.mine, conflict.theirs) == (tactic, "owner", "Ann", "Bob")
    assert stat.S_IMODE(conflicts_path(repo, plan.id).stat().st_mode) == 0o600


def test_git_merges_a_plan_added_on_both_branches(repo, plan):
    (repo / "README").write_text("team\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "start")
    git(repo, "checkout", "-qb", "theirs")
    write_plan(repo, edit.update_node(plan, tactic_ids(plan)[0], owner="Bob"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "theirs")
    git(repo, "checkout", "-q", "main")
    write_plan(repo, plan)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "mine")
    merged = git(repo, "merge", "-q", "--no-edit", "theirs", check=False)
    assert merged.returncode == 0, merged.stderr
    assert same(read_plan(repo / "plans" / f"{plan.id}.json"), plan)
    assert keys(load_conflicts(repo, plan.id)) == {("tactic", tactic_ids(plan)[0], "owner")}


def test_a_second_merge_keeps_the_conflicts_still_waiting(repo, plan):
    first, second = tactic_ids(plan)[:2]
    two_edits(repo, plan, edit.update_node(plan, first, owner="Ann"), edit.update_node(plan, first, owner="Bob"))
    now = read_plan(repo / "plans" / f"{plan.id}.json")
    git(repo, "checkout", "-qb", "again")
    write_plan(repo, edit.update_node(now, second, owner="Bob"))
    git(repo, "commit", "-qam", "theirs again")
    git(repo, "checkout", "-q", "main")
    write_plan(repo, edit.update_node(now, second, owner="Ann"))
    git(repo, "commit", "-qam", "mine again")
    assert git(repo, "merge", "-q", "--no-edit", "again", check=False).returncode == 0
    assert {c.item_id for c in load_conflicts(repo, plan.id)} == {first, second}


def run_driver(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "acct_tui", "merge-driver", *args],
                          cwd=cwd, capture_output=True, text=True, env=git_env())


def test_the_driver_refuses_a_file_that_is_not_a_plan_and_touches_nothing(tmp_path, plan):
    (tmp_path / "plans").mkdir()
    base, theirs = tmp_path / "base", tmp_path / "theirs"
    base.write_bytes(encode(plan_file_data(plan)))
    theirs.write_bytes(encode(plan_file_data(plan)))
    mine = tmp_path / "mine"
    mine.write_text("<<<<<<< not json\n")
    done = run_driver(tmp_path, str(base), str(mine), str(theirs), f"plans/{plan.id}.json")
    assert done.returncode == 1
    assert done.stderr.startswith("acct-tui: merge-driver: mine (") and done.stderr.count("\n") == 1
    assert mine.read_text() == "<<<<<<< not json\n"
    assert not conflicts_path(tmp_path, plan.id).exists()


def test_the_driver_refuses_two_different_plans(tmp_path, plan):
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    mine.write_bytes(encode(plan_file_data(plan)))
    theirs.write_bytes(encode(plan_file_data(replace(plan, id="other"))))
    done = run_driver(tmp_path, str(tmp_path / "missing"), str(mine), str(theirs))
    assert done.returncode == 1 and "different plans" in done.stderr


def test_the_driver_says_when_it_cant_write_the_conflicts_and_leaves_mine(tmp_path, plan):
    tactic = tactic_ids(plan)[0]
    base, mine, theirs = tmp_path / "base", tmp_path / "mine", tmp_path / "theirs"
    base.write_bytes(encode(plan_file_data(plan)))
    mine.write_bytes(encode(plan_file_data(edit.update_node(plan, tactic, owner="Ann"))))
    theirs.write_bytes(encode(plan_file_data(edit.update_node(plan, tactic, owner="Bob"))))
    before = mine.read_bytes()
    done = run_driver(tmp_path, str(base), str(mine), str(theirs), f"plans/{plan.id}.json")  # no plans/ folder
    assert done.returncode == 1 and done.stderr.startswith("acct-tui: merge-driver: can't write the conflicts file")
    assert mine.read_bytes() == before
