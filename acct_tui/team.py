"""Team folders: a plan store that is also a git repository, shared through a git remote.

The API the CLI (``acct-tui team``) and the app's sync key use:

    is_team_folder(store_folder) -> bool
    init(path) / clone(url, path)                 # set one up (config, .gitattributes, .gitignore)
    sync(store_folder, message=None) -> SyncResult # commit, fetch, merge, push
    commit_message(store_folder) -> str            # what changed, from acct_tui.diff
    log(store_folder, plan_id, limit=50) -> list[Commit]

We drive the real ``git`` command (never a sync of our own): it brings
history, review, offline work and hosting anywhere. Every git call is an
argument list (no shell), with ``GIT_TERMINAL_PROMPT=0`` so a remote asking
for a password fails instead of waiting on a prompt nobody sees, and a
timeout. Anything git says on failure becomes one line in a ``TeamError``.

What is shared: ``plans/<id>.json`` and the ``plans/<id>.md`` beside it (the
internal edition, so a plan reads well on a git host), ``.gitattributes`` and
``.gitignore``. Everything else the store writes (catalog, lock, history,
UI state, backups, temp files, conflicts files) is the machine's own and is
ignored. Plan files merge through ``acct-tui merge-driver`` (item by item);
the Markdown merges by ``union`` and is then written again from the merged
plan, so it never holds conflict markers.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from acct_tui import clock
from acct_tui.files import atomic_write
from acct_tui.model import Plan

GIT_MISSING = "acct-tui needs git for team folders: install it (https://git-scm.com) and try again"
LOCAL_TIMEOUT = 60
NETWORK_TIMEOUT = 180
"""Seconds a git command may take (a fetch or push over a slow link takes longer)."""

DRIVER = "acct-tui"
ATTRIBUTES = f"plans/*.json merge={DRIVER}\nplans/*.md merge=union\n"
IGNORED = (
    "/catalog.json",
    "/.lock",
    "/ui-state.json",
    "/history/",
    "/plans.json",
    "/plans.migrating/",
    "*.bak",
    "*.conflicts.json",
    ".*.tmp",
)
"""The store's own files (acct_tui.store, acct_tui.ui_state, acct_tui.history): never shared."""

MESSAGE_LINES = 20
"""Change lines in a commit message before "… and N more"."""

_PLAN_PATH = re.compile(r"^plans/([A-Za-z0-9_-]{1,40})\.(json|md)$")
_SHARED = (".gitattributes", ".gitignore")


class TeamError(Exception):
    """A team folder operation failed; the message is one line for the user."""


@dataclass(frozen=True)
class SyncResult:
    committed: bool
    pulled: int
    """Commits brought in from the team remote."""
    pushed: bool
    conflicts: tuple[str, ...]
    """Plan ids with a conflicts file (``plans/<id>.conflicts.json``) after the merge."""
    message: str
    """One line for the user."""


@dataclass(frozen=True)
class Commit:
    sha: str
    author: str
    when: datetime
    message: str


# --- running git --------------------------------------------------------------


def _git(
    folder: Path, *args: str, check: bool = True, timeout: int = LOCAL_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    """Run ``git args`` in ``folder``; TeamError (one line) if git is missing, hangs or fails.

    git runs with umask 077, so the plan files a clone or merge writes are
    private (0600), as the store's own files are: an internal plan holds notes
    about people (and the store would otherwise warn after every merging sync).
    """
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    try:
        done = subprocess.run(
            ["git", *args], cwd=folder, env=env, capture_output=True, text=True,
            stdin=subprocess.DEVNULL, timeout=timeout, errors="replace", umask=0o077,
        )
    except FileNotFoundError:
        if not Path(folder).is_dir():
            raise TeamError(f"{folder} is not a folder.") from None
        raise TeamError(GIT_MISSING) from None
    except subprocess.TimeoutExpired:
        raise TeamError(f"git {args[0]} took longer than {timeout} seconds and was stopped.") from None
    if check and done.returncode != 0:
        raise TeamError(f"git {args[0]} failed: {_one_line(done.stderr or done.stdout)}")
    return done


def _one_line(text: str) -> str:
    """git's message as one line: its "fatal:"/"error:" lines first, hints dropped."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("hint:")]
    important = [line for line in lines if line.startswith(("fatal:", "error:", "!"))]
    return " ".join((important or lines)[:2]) or "no message"


# --- what a team folder is ----------------------------------------------------


def is_team_folder(store_folder: Path) -> bool:
    """True if the folder is the top of a git work tree (cheap: no git call)."""
    folder = Path(store_folder)
    return (folder / ".git").exists() and (folder / "plans").is_dir()


def _check_team_folder(folder: Path) -> None:
    if not (folder / ".git").exists():
        raise TeamError(
            f"{folder} is not a team folder: set one up with `acct-tui team init PATH` or `team clone URL PATH`."
        )
    top = _git(folder, "rev-parse", "--show-toplevel").stdout.strip()
    if Path(top).resolve() != folder.resolve():
        raise TeamError(f"{folder} is not a team folder: its git repository starts at {top}.")


def init(path: Path) -> None:
    """Make (or use) a store folder at ``path`` and turn it into a git repository of plans."""
    folder = Path(path).expanduser().absolute()
    _git(folder.parent if folder.parent.is_dir() else Path.cwd(), "--version")  # git missing: say so first
    _open_store(folder)
    if not (folder / ".git").exists():
        _git(folder, "init", "-q")
    _check_team_folder(folder)
    _install(folder)
    _write_markdown(folder)
    if _stage(folder):
        _commit_run(folder, "Start the team folder of account plans")


def clone(url: str, path: Path) -> None:
    """``git clone`` a team folder to ``path``, then install the merge driver and store layout."""
    folder = Path(path).expanduser().absolute()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise TeamError(f"Can't clone into {folder}: it already exists and is not empty.")
    where = folder.parent
    if not where.is_dir():
        raise TeamError(f"Can't clone into {folder}: the folder {where} doesn't exist.")
    _git(where, "clone", "-q", "--", url, str(folder), timeout=NETWORK_TIMEOUT)
    (folder / "plans").mkdir(mode=0o700, exist_ok=True)
    _open_store(folder)
    _install(folder)


def _open_store(folder: Path) -> None:
    """Create the store's layout (PlanStore does it); its errors as TeamError."""
    from acct_tui.store import PlanStore, StoreError

    try:
        PlanStore(folder).close()
    except StoreError as error:
        raise TeamError(" ".join(str(error).split())) from None


def _install(folder: Path) -> None:
    """The merge driver in the repo's config (this acct-tui), and the shared attribute/ignore files."""
    _install_driver(folder)
    _add_lines(folder / ".gitattributes", ATTRIBUTES.splitlines())
    _add_lines(folder / ".gitignore", list(IGNORED))


def _install_driver(folder: Path) -> None:
    """Point the repo's merge driver at this acct-tui's Python.

    Every sync does it again: the config records an interpreter's path, which
    goes stale when a venv is moved or rebuilt (git would then fall back to
    conflict markers in plan files).
    """
    # -P: git runs the driver in the work tree, which must not put a planted acct_tui/ on the path
    driver = f"{shlex.quote(sys.executable)} -P -m acct_tui merge-driver %O %A %B %P"
    _git(folder, "config", f"merge.{DRIVER}.name", "acct-tui: merge account plans item by item")
    _git(folder, "config", f"merge.{DRIVER}.driver", driver)


def _add_lines(path: Path, lines: list[str]) -> None:
    """Append the lines the file lacks (keeping what a team wrote there)."""
    try:
        old = path.read_text(encoding="utf-8") if path.is_file() else ""
    except (OSError, UnicodeDecodeError) as error:
        raise TeamError(f"Can't read {path}: {error}") from None
    missing = [line for line in lines if line not in old.splitlines()]
    if not missing:
        return
    text = old + ("" if not old or old.endswith("\n") else "\n") + "".join(f"{line}\n" for line in missing)
    atomic_write(path, text.encode("utf-8"), mode=0o644)


# --- the Markdown beside each plan --------------------------------------------


def markdown_for(plan: Plan) -> str:
    """The internal edition, as written beside the plan's file in a team folder."""
    from acct_tui.export import render

    return render(plan, "internal", today=clock.today())


def _read_plan(name: str, content: bytes) -> Plan:
    from acct_tui.store import read_plan_file

    return read_plan_file(Path(name), content)[0]


def _write_markdown(folder: Path) -> None:
    """Write each plan's Markdown that is missing or belongs to another version; remove orphans.

    Run before each commit and after each merge, so the .md always matches its
    plan even when the plan came from a merge, an import or another tool.
    """
    plans = folder / "plans"
    for json_file in sorted(plans.glob("*.json")):
        if not _PLAN_PATH.match(f"plans/{json_file.name}"):
            continue
        try:
            plan = _read_plan(json_file.name, json_file.read_bytes())
        except Exception:  # a damaged plan file: the store reports it; its .md stays as it was
            continue
        md = json_file.with_suffix(".md")
        text = markdown_for(plan)
        try:
            same = md.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            atomic_write(md, text.encode("utf-8"))
    for md in plans.glob("*.md"):
        if _PLAN_PATH.match(f"plans/{md.name}") and not md.with_suffix(".json").exists():
            md.unlink(missing_ok=True)


# --- committing -----------------------------------------------------------------


def _changed_paths(folder: Path) -> list[str]:
    """Shared files changed since the last commit (plans' .json/.md, .gitattributes, .gitignore)."""
    out = _git(folder, "status", "--porcelain", "-z", "--untracked-files=all", "--", "plans", *_SHARED).stdout
    paths: list[str] = []
    entries = out.split("\0")
    skip = False
    for entry in entries:
        if skip:
            skip = False
            continue
        if len(entry) < 4:
            continue
        status, path = entry[:2], entry[3:]
        if "R" in status or "C" in status:
            skip = True  # the next entry is the old name
        if _PLAN_PATH.match(path) or path in _SHARED:
            paths.append(path)
    return paths


def _stage(folder: Path) -> bool:
    """Stage the shared files' changes (never anything else); True if there is something to commit."""
    paths = _changed_paths(folder)
    if paths:
        _git(folder, "add", "-A", "--", *paths)
    return _git(folder, "diff", "--cached", "--quiet", check=False).returncode != 0


def _commit_run(folder: Path, message: str) -> subprocess.CompletedProcess[str]:
    """``git commit`` with the message on stdin; a missing name/email gets its own advice."""
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    try:
        done = subprocess.run(
            ["git", "commit", "-q", "-F", "-"], cwd=folder, env=env, input=message,
            capture_output=True, text=True, timeout=LOCAL_TIMEOUT, errors="replace",
        )
    except FileNotFoundError:
        raise TeamError(GIT_MISSING) from None
    except subprocess.TimeoutExpired:
        raise TeamError(f"git commit took longer than {LOCAL_TIMEOUT} seconds and was stopped.") from None
    if done.returncode != 0:
        said = done.stderr + done.stdout
        if "tell me who you are" in said or "user.email" in said:
            raise TeamError(
                'git needs your name and email for commits: git config --global user.name "Your Name" '
                'and git config --global user.email you@example.com'
            )
        raise TeamError(f"git commit failed: {_one_line(said)}")
    return done


def commit_message(store_folder: Path) -> str:
    """What changed since the last commit, from ``acct_tui.diff``: a summary line, then one line a change."""
    folder = Path(store_folder)
    summaries: list[str] = []
    lines: list[str] = []
    for path in _changed_paths(folder):
        match = _PLAN_PATH.match(path)
        if not match or match.group(2) != "json":
            continue
        before = _plan_at(folder, "HEAD", path)
        after = _plan_in(folder / path)
        if before is None and after is not None:
            summaries.append(f"Add {after.name}")
        elif after is None and before is not None:
            summaries.append(f"Remove {before.name}")
        elif before is not None and after is not None:
            changes = _change_lines(before, after)
            summaries.append(f"Update {after.name}: {len(changes)} change{'s' if len(changes) != 1 else ''}")
            lines += changes
    if not summaries:
        return "Update the team folder's settings"
    first = summaries[0] if len(summaries) == 1 else "; ".join(summaries)
    if len(lines) > MESSAGE_LINES:
        lines = lines[:MESSAGE_LINES] + [f"… and {len(lines) - MESSAGE_LINES} more"]
    return first + ("\n\n" + "\n".join(lines) if lines else "") + "\n"


def _change_lines(before: Plan, after: Plan) -> list[str]:
    """One plain line per change (for a commit message: no Markdown escaping)."""
    from acct_tui.diff import plan_diff

    lines = []
    for change in plan_diff(before, after).changes:
        item = "Plan" if change.record == "plan" else f"{change.label} “{change.title}”"
        if change.what in ("added", "removed"):
            lines.append(f"{item}: {change.what}")
        elif change.what == "moved":
            lines.append(f"{item}: moved from {change.before_text} to {change.after_text}")
        else:
            label = change.field_label or change.field
            lines.append(f"{item}: {label}: {_short(change.before_text)} → {_short(change.after_text)}")
    return lines


def _short(text: str, most: int = 60) -> str:
    one = " ".join(str(text).split())
    return one if len(one) <= most else one[: most - 1] + "…"


def _plan_at(folder: Path, rev: str, path: str) -> Plan | None:
    """The plan in ``path`` at commit ``rev``; None if it isn't there (or isn't readable)."""
    done = _git(folder, "show", f"{rev}:{path}", check=False)
    if done.returncode != 0:
        return None
    try:
        return _read_plan(Path(path).name, done.stdout.encode("utf-8"))
    except Exception:
        return None


def plan_at(store_folder: Path, rev: str, plan_id: str) -> Plan:
    """The plan as commit ``rev`` holds it (for ``acct-tui diff --since <commit>``); TeamError if not."""
    folder = Path(store_folder)
    _check_team_folder(folder)
    if rev.startswith("-"):
        raise TeamError(f"{rev!r} is not a commit.")
    plan = _plan_at(folder, rev, f"plans/{plan_id}.json")
    if plan is None:
        raise TeamError(f"Commit {rev!r} doesn't hold this plan (or isn't a commit of {folder}).")
    return plan


def commit_for(store_folder: Path, spec: str, plan_id: str) -> str:
    """The commit ``acct-tui diff --since`` names: a commit (sha, tag, HEAD~2), or a day
    YYYY-MM-DD (the newest commit of the plan made on or before it). TeamError if none."""
    folder = Path(store_folder)
    try:
        day = date.fromisoformat(spec)
    except ValueError:
        return spec
    out = _git(
        folder, "rev-list", "-n1", f"--before={day.isoformat()} 23:59:59", "HEAD", "--", f"plans/{plan_id}.json",
        check=False,
    ).stdout.strip()
    if not out:
        raise TeamError(f"no commit of this plan on or before {day.isoformat()}")
    return out


def _plan_in(path: Path) -> Plan | None:
    try:
        return _read_plan(path.name, path.read_bytes())
    except Exception:
        return None


# --- syncing ----------------------------------------------------------------------


def sync(store_folder: Path, *, message: str | None = None) -> SyncResult:
    """Commit this folder's plan changes, fetch, merge, push; the outcome in one line."""
    folder = Path(store_folder).expanduser().absolute()
    _check_team_folder(folder)
    _install_driver(folder)
    _write_markdown(folder)
    committed = False
    if _stage(folder):
        _commit_run(folder, message or commit_message(folder))
        committed = True
    remote = _remote(folder)
    if remote is None:
        return SyncResult(
            committed, 0, False, _conflicts(folder),
            ("Committed your changes here. " if committed else "Nothing new to commit. ")
            + "This team folder has no remote to share with (add one: git remote add origin URL).",
        )
    branch = _git(folder, "symbolic-ref", "--short", "HEAD").stdout.strip()
    pulled = 0
    kept: list[str] = []
    for attempt in range(2):
        try:
            _fetch(folder, remote)
        except TeamError as error:
            return SyncResult(
                committed, pulled, False, _conflicts(folder),
                f"Couldn't reach the team remote ({error}); your changes are committed here "
                "and will go with the next sync.",
            )
        count, revived = _merge(folder, remote, branch)
        pulled += count
        kept += revived
        refused = _push(folder, remote, branch)
        if refused is None:
            return SyncResult(
                committed, pulled, True, _conflicts(folder), _summary(committed, pulled, folder, kept)
            )
    return SyncResult(
        committed, pulled, False, _conflicts(folder),
        f"The team remote changed again while syncing ({refused}); your changes are committed here: sync again.",
    )


def _remote(folder: Path) -> str | None:
    names = _git(folder, "remote").stdout.split()
    if not names:
        return None
    return "origin" if "origin" in names else names[0]


def _fetch(folder: Path, remote: str) -> None:
    _git(folder, "fetch", "-q", remote, timeout=NETWORK_TIMEOUT)


def _merge(folder: Path, remote: str, branch: str) -> tuple[int, list[str]]:
    """Merge the remote's branch: the commits it brought, and the names of plans kept
    though deleted on one side. A real text conflict: abort, TeamError."""
    theirs = f"refs/remotes/{remote}/{branch}"
    if _git(folder, "rev-parse", "-q", "--verify", theirs, check=False).returncode != 0:
        return 0, []  # the remote doesn't have this branch yet: the push makes it
    count = int(_git(folder, "rev-list", "--count", f"HEAD..{theirs}").stdout.strip() or 0)
    if count == 0:
        return 0, []
    # a clone made before the team's first push has a history of its own: both start from nothing
    done = _git(folder, "merge", "--no-edit", "-q", "--allow-unrelated-histories", theirs, check=False)
    kept = _resolve_or_abort(folder, done) if done.returncode != 0 else []
    _write_markdown(folder)
    if _stage(folder):
        _commit_run(folder, "Write the Markdown beside the merged plans again")
    return count, kept


def _resolve_or_abort(folder: Path, merge: subprocess.CompletedProcess[str]) -> list[str]:
    """Finish a merge whose only conflicts are plans edited on one side and deleted on the other.

    The edited plan is kept (deleting again is easy; an edit lost is not), and
    its Markdown written from it. Any other conflict aborts the merge, leaving
    the folder as it was, and names the file.
    """
    unmerged = sorted({line.split("\t", 1)[1] for line in _git(folder, "ls-files", "-u").stdout.splitlines()})
    if not unmerged:
        _git(folder, "merge", "--abort", check=False)
        raise TeamError(f"git merge failed: {_one_line(merge.stderr or merge.stdout)}")
    stuck = [path for path in unmerged if not _PLAN_PATH.match(path) or not (folder / path).exists()]
    json_conflicts = [p for p in unmerged if p.endswith(".json") and _stages(folder, p) == {"1", "2", "3"}]
    if stuck or json_conflicts:
        _git(folder, "merge", "--abort", check=False)
        which = (stuck or json_conflicts)[0]
        raise TeamError(
            f"Couldn't merge the team's changes: {which} was changed on both sides and needs a "
            "person to merge it. Nothing was changed here; merge it with git, then sync again."
        )
    kept = [plan.name for path in unmerged if path.endswith(".json") and (plan := _plan_in(folder / path))]
    _write_markdown(folder)  # the kept plan's Markdown from it; an orphan's removed
    _stage(folder)  # stages the kept files (and removals), which ends the conflict
    _commit_run(folder, "Merge the team's changes (a plan deleted on one side and edited on the other is kept)")
    return kept


def _stages(folder: Path, path: str) -> set[str]:
    out = _git(folder, "ls-files", "-u", "--", path).stdout
    return {line.split()[2] for line in out.splitlines() if len(line.split()) >= 3}


def _push(folder: Path, remote: str, branch: str) -> str | None:
    """Push; None if done, else git's line when the remote moved on. Other refusals: TeamError."""
    done = _git(
        folder, "push", "-q", "--porcelain", remote, f"HEAD:refs/heads/{branch}",
        check=False, timeout=NETWORK_TIMEOUT,
    )
    if done.returncode == 0:
        _git(folder, "branch", "-q", f"--set-upstream-to={remote}/{branch}", check=False)
        return None
    said = done.stderr + done.stdout
    if "fetch first" in said or "non-fast-forward" in said or "stale info" in said:
        return "someone pushed first"
    if "Could not read from remote" in said or "does not appear to be a git repository" in said:
        raise TeamError(
            f"Couldn't reach the team remote ({_one_line(said)}); your changes are committed here "
            "and will go with the next sync."
        )
    raise TeamError(f"The team remote refused the push: {_one_line(said)}. Your changes are committed here.")


def _conflicts(folder: Path) -> tuple[str, ...]:
    found = []
    for path in sorted((folder / "plans").glob("*.conflicts.json")):
        plan_id = path.name[: -len(".conflicts.json")]
        if _PLAN_PATH.match(f"plans/{plan_id}.json"):
            found.append(plan_id)
    return tuple(found)


def _summary(committed: bool, pulled: int, folder: Path, kept: list[str]) -> str:
    parts = []
    if committed:
        parts.append("committed your changes")
    if pulled:
        parts.append(f"brought in {pulled} commit{'s' if pulled != 1 else ''} from the team")
    parts.append("pushed")
    text = "Synced: " + ", ".join(parts) + "."
    if kept:
        names = ", ".join(kept)
        text += (
            f" Kept {names}: deleted on one side and edited on the other (nothing is lost; "
            "delete it again if that was meant)."
        )
    conflicts = _conflicts(folder)
    if conflicts:
        text += f" {len(conflicts)} plan{'s have' if len(conflicts) != 1 else ' has'} conflicting edits to resolve."
    return text


# --- who changed what -----------------------------------------------------------------


def log(store_folder: Path, plan_id: str, limit: int = 50) -> list[Commit]:
    """The commits that changed one plan's file, newest first."""
    folder = Path(store_folder)
    _check_team_folder(folder)
    out = _git(
        folder, "log", f"-n{int(limit)}", "--format=%H%x1f%an%x1f%aI%x1f%B%x1e", "--", f"plans/{plan_id}.json"
    ).stdout
    commits = []
    for record in out.split("\x1e"):
        fields = record.strip("\n").split("\x1f")
        if len(fields) == 4:
            sha, author, when, text = fields
            commits.append(Commit(sha, author, datetime.fromisoformat(when), text.strip()))
    return commits
