"""Team folders on real git: a bare repository in tmp_path is the team's remote, two clones are two reps.

Nothing reaches beyond this machine: the remote is a local path, and git's
global and system config are replaced by an empty file per test.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from acct_tui import team
from acct_tui.cli import main
from acct_tui.model import Plan
from acct_tui.sample import sample_plan
from acct_tui.store import PlanStore


@pytest.fixture(autouse=True)
def git_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git sees only this test's config (a default name, no user's settings)."""
    config = tmp_path / "gitconfig"
    config.write_text("[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    # git runs the merge driver as `python -m acct_tui`: make that this checkout's acct_tui
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
        monkeypatch.delenv(name, raising=False)


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout


def save(folder: Path, plan: Plan) -> None:
    """Save as the app does: a stored plan is read before it is replaced."""
    with PlanStore(folder) as store:
        if plan.id in {entry.id for entry in store.catalog()}:
            store.get(plan.id)
        store.save(plan)


def delete(folder: Path, plan_id: str) -> None:
    with PlanStore(folder) as store:
        store.get(plan_id)
        store.delete(plan_id)


def load(folder: Path, plan_id: str) -> Plan:
    with PlanStore(folder, readonly=True) as store:
        return store.get(plan_id)


def plan_ids(folder: Path) -> set[str]:
    with PlanStore(folder, readonly=True) as store:
        return {entry.id for entry in store.catalog()}


def other_plan() -> Plan:
    return replace(sample_plan(), id="beta-1", name="Beta Foods")


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    return bare


@pytest.fixture
def reps(tmp_path: Path, remote: Path) -> tuple[Path, Path]:
    """Ann set up the team folder with the sample plan and pushed it; Bob cloned it."""
    ann, bob = tmp_path / "ann", tmp_path / "bob"
    team.init(ann)
    git(ann, "remote", "add", "origin", str(remote))
    git(ann, "config", "user.name", "Ann")
    save(ann, sample_plan())
    assert team.sync(ann).pushed
    team.clone(str(remote), bob)
    git(bob, "config", "user.name", "Bob")
    return ann, bob


# --- setting up -----------------------------------------------------------------


def test_init_makes_a_git_repository_of_plans_with_the_merge_driver(tmp_path: Path) -> None:
    folder = tmp_path / "plans-team"
    team.init(folder)
    assert team.is_team_folder(folder)
    assert "plans/*.json merge=acct-tui" in (folder / ".gitattributes").read_text()
    ignored = (folder / ".gitignore").read_text().splitlines()
    for name in ("/catalog.json", "/.lock", "/ui-state.json", "/history/", "*.conflicts.json", ".*.tmp", "*.bak"):
        assert name in ignored
    driver = git(folder, "config", "merge.acct-tui.driver").strip()
    assert driver.startswith(sys.executable) and driver.endswith(" -P -m acct_tui merge-driver %O %A %B %P")
    assert git(folder, "config", "merge.acct-tui.name").strip()
    assert git(folder, "log", "--format=%s").strip() == "Start the team folder of account plans"
    assert git(folder, "status", "--porcelain") == ""  # the store's own files are all ignored


def test_init_again_keeps_the_history_and_a_teams_own_ignore_lines(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    team.init(folder)
    with open(folder / ".gitignore", "a") as handle:
        handle.write("notes/\n")
    team.init(folder)
    assert "notes/" in (folder / ".gitignore").read_text().splitlines()
    assert (folder / ".gitignore").read_text().count("/catalog.json") == 1


def test_a_folder_that_is_not_a_team_folder_is_refused(tmp_path: Path) -> None:
    save(tmp_path / "solo", sample_plan())
    assert not team.is_team_folder(tmp_path / "solo")
    with pytest.raises(team.TeamError, match="is not a team folder: set one up with"):
        team.sync(tmp_path / "solo")


def test_clone_of_an_empty_team_remote_is_a_store(tmp_path: Path, remote: Path) -> None:
    team.clone(str(remote), tmp_path / "c")
    assert team.is_team_folder(tmp_path / "c")
    assert (tmp_path / "c" / "catalog.json").exists()
    assert "merge-driver" in git(tmp_path / "c", "config", "merge.acct-tui.driver")


def test_clone_refuses_a_folder_that_holds_files(tmp_path: Path, remote: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("mine")
    with pytest.raises(team.TeamError, match="already exists and is not empty"):
        team.clone(str(remote), tmp_path / "full")


# --- the Markdown beside each plan --------------------------------------------------


def test_each_save_in_a_team_folder_writes_the_markdown_beside_the_plan(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    team.init(folder)
    plan = sample_plan()
    save(folder, plan)
    md = folder / "plans" / f"{plan.id}.md"
    assert md.read_text().startswith(f"# {plan.name}") or plan.name in md.read_text().splitlines()[0]
    assert md.stat().st_mode & 0o777 == 0o600
    save(folder, replace(plan, industry="Shipbuilding"))
    assert "Shipbuilding" in md.read_text()
    delete(folder, plan.id)
    assert not md.exists()


def test_a_store_that_is_not_a_team_folder_writes_no_markdown(tmp_path: Path) -> None:
    save(tmp_path / "solo", sample_plan())
    assert list((tmp_path / "solo" / "plans").glob("*.md")) == []


# --- commit messages and the log ------------------------------------------------------


def test_commit_message_says_what_changed_one_line_a_change(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    team.init(folder)
    plan = sample_plan()
    save(folder, plan)
    assert team.commit_message(folder).splitlines()[0] == f"Add {plan.name}"
    team.sync(folder)
    save(folder, replace(plan, industry="Shipbuilding", owner="Zed"))
    lines = team.commit_message(folder).splitlines()
    assert lines[0] == f"Update {plan.name}: 2 changes"
    assert lines[1] == ""
    assert any("Industry" in line and "Shipbuilding" in line for line in lines[2:])
    assert len(lines) == 4
    team.sync(folder)
    delete(folder, plan.id)
    assert team.commit_message(folder).splitlines()[0] == f"Remove {plan.name}"


def test_commit_message_is_capped(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    team.init(folder)
    plan = sample_plan()
    save(folder, plan)
    team.sync(folder)
    people = tuple(replace(person, name=f"Person {n}", title=f"Title {n}", notes=f"Note {n}") for n, person in enumerate(plan.stakeholders))
    changed = replace(plan, stakeholders=people, industry="X", owner="Y")
    save(folder, changed)
    total = 3 * len(people) + 2
    assert total > team.MESSAGE_LINES
    lines = team.commit_message(folder).splitlines()
    assert lines[0] == f"Update {plan.name}: {total} changes"
    assert len(lines) == 2 + team.MESSAGE_LINES + 1
    assert lines[-1] == f"… and {total - team.MESSAGE_LINES} more"


def test_log_lists_the_commits_of_one_plan_with_author(reps: tuple[Path, Path]) -> None:
    ann, bob = reps
    plan = load(bob, sample_plan().id)
    save(bob, replace(plan, industry="Shipbuilding"))
    team.sync(bob)
    commits = team.log(bob, plan.id)
    assert [c.author for c in commits] == ["Bob", "Ann"]
    assert commits[0].message.startswith(f"Update {plan.name}: 1 change")
    assert commits[1].message == f"Add {plan.name}"
    assert commits[0].when.tzinfo is not None and len(commits[0].sha) == 40
    assert team.log(bob, plan.id, limit=1) == commits[:1]


# --- syncing ------------------------------------------------------------------------


def test_sync_shares_a_new_plan_with_the_other_rep(reps: tuple[Path, Path]) -> None:
    ann, bob = reps
    save(bob, other_plan())
    result = team.sync(bob)
    assert (result.committed, result.pushed, result.conflicts) == (True, True, ())
    assert result.message == "Synced: committed your changes, pushed."
    result = team.sync(ann)
    assert (result.committed, result.pulled, result.pushed) == (False, 1, True)
    assert "brought in 1 commit" in result.message
    assert plan_ids(ann) == {sample_plan().id, "beta-1"}
    assert (ann / "plans" / "beta-1.md").is_file()


def test_push_refused_because_the_remote_moved_syncs_again(
    reps: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ann, bob = reps
    save(ann, replace(load(ann, sample_plan().id), industry="Shipbuilding"))
    team.sync(ann)
    save(bob, other_plan())
    real_fetch = team._fetch
    calls = []

    def late_fetch(folder: Path, remote: str) -> None:
        """Bob's first fetch happened before Ann pushed: it brings nothing."""
        calls.append(folder)
        if len(calls) > 1:
            real_fetch(folder, remote)

    monkeypatch.setattr(team, "_fetch", late_fetch)
    result = team.sync(bob)
    assert len(calls) == 2
    assert result.pushed and result.pulled == 1
    assert load(bob, sample_plan().id).industry == "Shipbuilding"
    monkeypatch.setattr(team, "_fetch", real_fetch)
    team.sync(ann)
    assert plan_ids(ann) == {sample_plan().id, "beta-1"}


def test_push_refused_twice_says_sync_again(reps: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    ann, bob = reps
    save(ann, replace(load(ann, sample_plan().id), industry="Shipbuilding"))
    team.sync(ann)
    save(bob, other_plan())
    monkeypatch.setattr(team, "_fetch", lambda folder, remote: None)
    result = team.sync(bob)
    assert not result.pushed and result.committed
    assert result.message.startswith("The team remote changed again while syncing")
    assert result.message.endswith("your changes are committed here: sync again.")
    assert git(bob, "status", "--porcelain") == ""


def test_sync_with_the_remote_missing_commits_here(reps: tuple[Path, Path], remote: Path) -> None:
    ann, bob = reps
    remote.rename(remote.with_name("moved.git"))
    save(bob, other_plan())
    result = team.sync(bob)
    assert (result.committed, result.pushed) == (True, False)
    assert result.message.startswith("Couldn't reach the team remote (")
    assert result.message.endswith("your changes are committed here and will go with the next sync.")
    assert "\n" not in result.message
    assert "beta-1.json" in git(bob, "show", "--stat", "HEAD")
    remote.with_name("moved.git").rename(remote)
    assert team.sync(bob).pushed


def test_sync_with_no_remote_commits_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    team.init(folder)
    save(folder, sample_plan())
    result = team.sync(folder)
    assert (result.committed, result.pushed) == (True, False)
    assert "no remote to share with" in result.message
    assert team.sync(folder).message.startswith("Nothing new to commit.")


def test_uncommitted_junk_is_left_alone(reps: tuple[Path, Path]) -> None:
    ann, bob = reps
    (bob / "notes.txt").write_text("my own notes")
    (bob / "plans" / "scratch.txt").write_text("scratch")
    (bob / "plans" / "copy of plan.json").write_text("{}")
    save(bob, other_plan())
    result = team.sync(bob)
    assert result.pushed
    tracked = git(bob, "ls-files").split()
    assert "plans/beta-1.json" in tracked and "plans/beta-1.md" in tracked
    assert not [name for name in tracked if "notes" in name or "scratch" in name or "copy" in name]
    assert (bob / "notes.txt").read_text() == "my own notes"
    assert set(git(bob, "status", "--porcelain", "--untracked-files=all").split("\n")) >= {
        "?? notes.txt", "?? plans/scratch.txt",
    }


def test_a_plan_deleted_on_one_side_and_edited_on_the_other_is_kept(reps: tuple[Path, Path]) -> None:
    ann, bob = reps
    plan_id = sample_plan().id
    delete(ann, plan_id)
    team.sync(ann)
    save(bob, replace(load(bob, plan_id), industry="Shipbuilding"))
    result = team.sync(bob)
    assert result.pushed
    assert "deleted on one side and edited on the other" in result.message
    assert sample_plan().name in result.message
    assert load(bob, plan_id).industry == "Shipbuilding"
    assert (bob / "plans" / f"{plan_id}.md").is_file()
    team.sync(ann)
    assert load(ann, plan_id).industry == "Shipbuilding"  # nothing lost: the edit came back to Ann
    assert git(ann, "status", "--porcelain") == ""


def test_a_text_conflict_outside_the_plans_aborts_and_leaves_all_as_it_was(reps: tuple[Path, Path]) -> None:
    ann, bob = reps
    for rep, text in ((ann, "Ann's rules\n"), (bob, "Bob's rules\n")):
        (rep / ".gitignore").write_text((rep / ".gitignore").read_text() + text)
    team.sync(ann)
    head = git(bob, "rev-parse", "HEAD")
    with pytest.raises(team.TeamError, match=r"\.gitignore was changed on both sides"):
        team.sync(bob)
    assert not (bob / ".git" / "MERGE_HEAD").exists()
    assert git(bob, "rev-parse", "HEAD") != head  # Bob's change is committed ...
    assert "Bob's rules" in (bob / ".gitignore").read_text()  # ... and his file is as he left it
    assert "<<<<<<<" not in (bob / ".gitignore").read_text()
    assert git(bob, "status", "--porcelain") == ""


def test_git_missing_is_one_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "t"
    team.init(folder)
    empty = tmp_path / "no-git"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(team.TeamError) as raised:
        team.sync(folder)
    assert str(raised.value) == team.GIT_MISSING
    with pytest.raises(team.TeamError, match="needs git for team folders"):
        team.init(tmp_path / "other")


def test_a_remote_that_refuses_the_push_is_a_clear_message(reps: tuple[Path, Path], remote: Path) -> None:
    ann, bob = reps
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'plans are frozen this week' >&2\nexit 1\n")
    hook.chmod(0o755)
    save(bob, other_plan())
    with pytest.raises(team.TeamError, match="The team remote refused the push: .*Your changes are committed here"):
        team.sync(bob)
    assert "beta-1.json" in git(bob, "show", "--stat", "HEAD")


# --- the command line -------------------------------------------------------------------


def test_cli_team_init_clone_and_sync(tmp_path: Path, remote: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ann = tmp_path / "ann"
    assert main(["team", "init", str(ann)]) == 0
    assert "is a team folder now" in capsys.readouterr().out
    git(ann, "remote", "add", "origin", str(remote))
    assert main(["--db", str(ann), "sample"]) == 0
    capsys.readouterr()
    assert main(["team", "sync", "--db", str(ann)]) == 0
    assert capsys.readouterr().out == "Synced: committed your changes, pushed.\n"
    assert main(["team", "clone", str(remote), str(tmp_path / "bob")]) == 0
    assert "Cloned the team folder" in capsys.readouterr().out
    assert plan_ids(tmp_path / "bob") == {sample_plan().id}


def test_cli_team_errors_are_one_line_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save(tmp_path / "solo", sample_plan())
    assert main(["team", "sync", "--db", str(tmp_path / "solo")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("acct-tui: ") and "is not a team folder" in err and err.count("\n") == 1
    assert main(["team", "clone", str(tmp_path / "nowhere.git"), str(tmp_path / "c")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("acct-tui: git clone failed: ") and err.count("\n") == 1


def test_cli_sync_lists_plans_with_conflicts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "t"
    team.init(folder)
    plan = sample_plan()
    save(folder, plan)
    (folder / "plans" / f"{plan.id}.conflicts.json").write_text("{}")
    assert main(["team", "sync", "--db", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"Conflicting edits in: {plan.name}; open the app to resolve them." in out
    assert "conflicts.json" not in git(folder, "ls-files")


def test_cli_diff_since_a_commit(reps: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    ann, bob = reps
    plan = load(bob, sample_plan().id)
    first = git(bob, "rev-parse", "HEAD").strip()
    save(bob, replace(plan, industry="Shipbuilding"))
    team.sync(bob)
    assert main(["diff", plan.name, "--since", first[:10], "--db", str(bob)]) == 0
    out = capsys.readouterr().out
    assert f"commit {first[:10]}" in out and "Shipbuilding" in out
    assert main(["diff", plan.name, "--since", "HEAD~1", "--db", str(bob)]) == 0
    assert "Shipbuilding" in capsys.readouterr().out
    assert main(["diff", plan.name, "--since", "deadbeef", "--db", str(bob)]) == 1
    assert "no snapshot or commit" in capsys.readouterr().err


# --- merges through the plan merge driver ------------------------------------------------


def retitle(folder: Path, person: int, title: str) -> None:
    plan = load(folder, sample_plan().id)
    people = list(plan.stakeholders)
    people[person] = replace(people[person], title=title)
    save(folder, replace(plan, stakeholders=tuple(people)))


def test_edits_to_different_items_are_both_kept_after_both_sync(reps: tuple[Path, Path]) -> None:
    ann, bob = reps
    retitle(ann, 0, "Ann's title")
    retitle(bob, 1, "Bob's title")
    assert team.sync(ann).pushed
    result = team.sync(bob)
    assert (result.pulled, result.pushed, result.conflicts) == (1, True, ())
    assert team.sync(ann).pulled >= 1
    for rep in (ann, bob):
        people = load(rep, sample_plan().id).stakeholders
        assert (people[0].title, people[1].title) == ("Ann's title", "Bob's title")
        md = (rep / "plans" / f"{sample_plan().id}.md").read_text()
        assert md == team.markdown_for(load(rep, sample_plan().id))  # written again, not a union of lines
        assert git(rep, "status", "--porcelain") == ""
    assert git(ann, "rev-parse", "HEAD") == git(bob, "rev-parse", "HEAD")


def test_the_same_field_changed_on_both_sides_keeps_mine_and_records_theirs(reps: tuple[Path, Path]) -> None:
    ann, bob = reps
    plan_id = sample_plan().id
    save(ann, replace(load(ann, plan_id), industry="Ann's industry"))
    save(bob, replace(load(bob, plan_id), industry="Bob's industry"))
    team.sync(ann)
    result = team.sync(bob)
    assert result.pushed and result.conflicts == (plan_id,)
    assert "1 plan has conflicting edits to resolve" in result.message
    assert load(bob, plan_id).industry == "Bob's industry"
    conflicts = bob / "plans" / f"{plan_id}.conflicts.json"
    assert "Ann's industry" in conflicts.read_text()  # nothing lost: theirs waits in the conflicts file
    assert "conflicts.json" not in git(bob, "ls-files")
    assert "<<<<<<<" not in (bob / "plans" / f"{plan_id}.json").read_text()
    assert git(bob, "status", "--porcelain") == ""
    team.sync(ann)
    assert load(ann, plan_id).industry == "Bob's industry"


def test_cli_diff_since_a_day_uses_the_plans_commit_of_that_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "t"
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2020-01-01T12:00:00+00:00")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2020-01-01T12:00:00+00:00")
    team.init(folder)
    save(folder, sample_plan())
    team.sync(folder)
    monkeypatch.delenv("GIT_AUTHOR_DATE")
    monkeypatch.delenv("GIT_COMMITTER_DATE")
    save(folder, replace(load(folder, sample_plan().id), industry="Shipbuilding"))
    team.sync(folder)
    assert main(["diff", sample_plan().name, "--since", "2020-06-01", "--db", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "Shipbuilding" in out and "commit " in out
    assert main(["diff", sample_plan().name, "--since", "2019-06-01", "--db", str(folder)]) == 1
    assert "no snapshot or commit" in capsys.readouterr().err


def test_init_of_a_store_with_plans_commits_them_with_their_markdown(tmp_path: Path) -> None:
    folder = tmp_path / "solo"
    save(folder, sample_plan())
    team.init(folder)
    tracked = git(folder, "ls-files").split()
    assert f"plans/{sample_plan().id}.json" in tracked and f"plans/{sample_plan().id}.md" in tracked
    assert git(folder, "status", "--porcelain") == ""


def test_a_plan_file_put_in_by_hand_gets_its_markdown_on_sync(tmp_path: Path) -> None:
    solo, folder = tmp_path / "solo", tmp_path / "t"
    save(solo, sample_plan())
    team.init(folder)
    name = f"{sample_plan().id}.json"
    (folder / "plans" / name).write_bytes((solo / "plans" / name).read_bytes())
    assert team.sync(folder).committed
    md = folder / "plans" / f"{sample_plan().id}.md"
    assert md.read_text() == team.markdown_for(sample_plan())
    assert f"plans/{sample_plan().id}.md" in git(folder, "ls-files")


def test_every_git_call_runs_without_a_prompt(reps: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """A remote asking for a password must fail at once, not wait on a prompt nobody sees."""
    ann, bob = reps
    calls: list[tuple[list[str], dict[str, str], object]] = []
    real_run = subprocess.run

    def spy(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        env = kwargs.get("env")
        assert isinstance(env, dict)
        calls.append((args, env, kwargs.get("stdin", kwargs.get("input"))))
        return real_run(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(team.subprocess, "run", spy)
    save(bob, other_plan())
    team.sync(bob)
    assert {args[1] for args, _, _ in calls} >= {"commit", "fetch", "push"}
    for args, env, stdin in calls:
        assert args[0] == "git"
        assert env["GIT_TERMINAL_PROMPT"] == "0" and env["LC_ALL"] == "C"
        assert stdin is not None  # never the terminal's stdin


@pytest.mark.parametrize("bob_saves_first", [True, False])
def test_a_clone_made_before_the_first_push_syncs(tmp_path: Path, remote: Path, bob_saves_first: bool) -> None:
    ann, bob = tmp_path / "ann", tmp_path / "bob"
    team.clone(str(remote), bob)
    team.init(ann)
    git(ann, "remote", "add", "origin", str(remote))
    save(ann, sample_plan())
    team.sync(ann)
    if bob_saves_first:
        save(bob, other_plan())
    result = team.sync(bob)
    assert result.pushed and result.pulled >= 1
    team.sync(ann)
    want = {sample_plan().id} | ({"beta-1"} if bob_saves_first else set())
    assert plan_ids(ann) == plan_ids(bob) == want


def test_the_merge_driver_never_runs_code_planted_in_the_team_folder(reps: tuple[Path, Path]) -> None:
    """git runs the driver in the work tree: a teammate's acct_tui/ there must not be imported."""
    ann, bob = reps
    planted = ann / "acct_tui"
    planted.mkdir()
    (planted / "__init__.py").write_text("")
    (planted / "__main__.py").write_text("import pathlib; pathlib.Path('PLANTED-RAN').write_text('x')\n")
    git(ann, "add", "acct_tui")
    git(ann, "commit", "-qm", "a planted package")
    team.sync(ann)
    team.sync(bob)  # Bob has it in his folder now
    assert (bob / "acct_tui" / "__main__.py").is_file()
    retitle(ann, 0, "Ann's title")
    team.sync(ann)
    retitle(bob, 1, "Bob's title")
    assert team.sync(bob).pushed
    assert not (bob / "PLANTED-RAN").exists()
    assert load(bob, sample_plan().id).stakeholders[0].title == "Ann's title"


def test_files_git_writes_in_a_clone_or_merge_are_private(reps: tuple[Path, Path]) -> None:
    """git runs with umask 077: a merged or cloned plan holds notes about people (0600, like the store)."""
    ann, bob = reps
    save(ann, replace(load(ann, sample_plan().id), industry="Shipbuilding"))
    team.sync(ann)
    save(bob, other_plan())
    team.sync(bob)  # brings Ann's change in by a merge
    for folder in (ann, bob):
        for path in (folder / "plans").iterdir():
            assert path.stat().st_mode & 0o777 == 0o600, path


def test_sync_points_a_stale_merge_driver_at_this_python_again(reps: tuple[Path, Path]) -> None:
    """A moved or rebuilt venv leaves the config's driver path stale: sync repairs it."""
    ann, _ = reps
    git(ann, "config", "merge.acct-tui.driver", "/gone/python -m acct_tui merge-driver %O %A %B %P")
    team.sync(ann)
    assert git(ann, "config", "merge.acct-tui.driver").startswith(shlex.quote(sys.executable) + " -P -m acct_tui")
