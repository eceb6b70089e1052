"""The ``acct-tui`` command: start the app, or list, export, diff and import plans.

Every expected failure (a bad or locked store, an unknown account, a bad
import file, an unwritable output path) ends as one line on stderr starting
with ``acct-tui: `` and exit status 1; argparse's usage errors exit 2. A
traceback means a bug. Commands that only read (``list``, ``export``,
``diff``, ``agenda``) open the store read-only, so they work while the app has
it open; ``export`` then keeps an "export" snapshot of the plan it wrote,
which needs the store's lock: while the app holds it, the export is written
and the snapshot skipped, with a note.

Textual is imported only when the app starts, so the other commands stay
quick and usable where no terminal UI is possible.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from acct_tui import __version__, clock
from acct_tui import export as plan_export
from acct_tui.model import SHORT_MAX, Plan
from acct_tui.agenda import DEFAULT_DAYS, build_agenda, render_json, render_text
from acct_tui.cadence import STALE_CONTACT_DAYS
from acct_tui.documents import DocumentError
from acct_tui.files import resolve_path, write_text_atomic
from acct_tui.history import SNAPSHOT_KINDS, History, HistoryError
from acct_tui.plan_json import PlanDataError, import_plan_json
from acct_tui.text import visible
from acct_tui.store import PlanStore
from acct_tui.store import is_own_file
from acct_tui.store import StoreError, StoreLocked, resolve_db_path

PROG = "acct-tui"


class CommandError(Exception):
    """An expected failure: ``main`` prints it as one line and exits 1."""


# --- the parser ---------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; ``--db`` works before or after the subcommand."""
    db_help = "the plan file (default: $ACCT_TUI_DB, else the user data folder)"
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A keyboard-first terminal workbook for strategic account plans. "
        "With no command, starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--db", metavar="PATH", help=db_help)
    # Subcommands repeat --db with SUPPRESS so a value given before the
    # subcommand isn't reset to None by the subparser's own default.
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser(
        "list", parents=[db_option], help="list the accounts in the store",
        description="List the accounts in the store with their plan health (0-100).",
    )

    export = commands.add_parser(
        "export", parents=[db_option], help="write one plan as Markdown, JSON, Word or PDF",
        description="Write one account's plan as Markdown (default) or JSON, to stdout or to a "
        "file; or as Word (docx) or PDF, made from the Markdown by pandoc, to a file.",
    )
    export.add_argument("account", metavar="ACCOUNT", help="account name, unique prefix, or id")
    export.add_argument(
        "-o", "--output", metavar="FILE",
        help="write here instead of stdout (docx and pdf: default ./ACCOUNT-plan.docx or .pdf)",
    )
    export.add_argument(
        "--format", choices=("md", "json", *plan_export.DOCUMENTS), default="md",
        help="docx and pdf need pandoc (on PATH, or pip install acct-tui[documents])",
    )
    export.add_argument(
        "--front-matter", action="store_true",
        help="start the Markdown with YAML front matter (title, plan id, format version, updated, "
        "health) for tools that read it; never in the customer edition",
    )
    export.add_argument(
        "--audience", choices=("internal", "customer"), default="internal",
        help="customer leaves out stances, notes and other internal politics",
    )
    export.add_argument(
        "--flavor", choices=("gfm", "portable"), default="gfm",
        help="portable keeps headings to H1-H3 (Notion, Confluence, Google Docs); gfm, the default, goes deeper",
    )
    export.add_argument(
        "--review", action="store_true",
        help="write the review pack for the next business review instead of the plan",
    )

    diff = commands.add_parser(
        "diff", parents=[db_option], help="what changed in a plan since the last review",
        description="Show what changed in one account's plan between two versions, item by item: "
        "by default from the last review marked held to the plan as it is now.",
    )
    diff.add_argument("account", metavar="ACCOUNT", help="account name, unique prefix, or id")
    diff.add_argument(
        "--since", metavar="WHEN", default="review",
        help="review (the last review marked held; the default), export, daily or restore (the "
        "newest snapshot of that kind), a day YYYY-MM-DD (the newest snapshot taken on or "
        "before it), or a snapshot id",
    )
    diff.add_argument(
        "--to", metavar="WHEN", default="now",
        help="now (the plan as it is; the default), or a snapshot as --since names one",
    )
    diff.add_argument("--format", choices=("md", "json"), default="md")
    diff.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")

    imp = commands.add_parser(
        "import", parents=[db_option], help="add a plan from a JSON export",
        description="Add a plan from a JSON file made by `acct-tui export --format json`. "
        "Nothing is written unless the whole file is valid.",
    )
    imp.add_argument("file", metavar="FILE", help="the JSON file, or - for stdin")
    imp.add_argument(
        "--replace", action="store_true",
        help="overwrite a stored plan with the same id",
    )
    imp.add_argument(
        "--rename", action="store_true",
        help='if another account has the same name, import this one as "NAME (2)"',
    )

    agenda = commands.add_parser(
        "agenda", parents=[db_option], help="what is overdue or coming up across all plans",
        description="Overdue and upcoming open tactics, next meetings, plans due for review "
        "and stakeholders not contacted lately, across every plan: as text, JSON, or an "
        "iCalendar file (ics) a calendar app imports.",
    )
    agenda.add_argument(
        "--days", type=_day_count(MAX_AGENDA_DAYS), default=DEFAULT_DAYS, metavar="N",
        help=f"look N days ahead (default {DEFAULT_DAYS})",
    )
    agenda.add_argument(
        "--stale-days", type=_day_count(MAX_STALE_DAYS), default=None, metavar="N",
        help=f"a contact is stale after N days without one (default: the settings' stale_contact_days, "
        f"else {STALE_CONTACT_DAYS})",
    )
    agenda.add_argument("--format", choices=("text", "json", "ics"), default="text")
    agenda.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")

    _add_team_parser(commands, db_option)
    _add_serve_parser(commands, db_option)

    driver = commands.add_parser(
        "merge-driver", help="merge two edits of a plan file (git runs it: %%O %%A %%B %%P)",
        description="git's merge driver for plan files: merges BASE, MINE and THEIRS by item and field, "
        "writes the result into MINE and any conflicts to plans/<id>.conflicts.json beside PATH.",
    )
    for name in ("base", "mine", "theirs"):
        driver.add_argument(name, metavar=name.upper(), type=Path)
    driver.add_argument("path", metavar="PATH", nargs="?", help="the plan file's path in the repository")

    commands.add_parser(
        "sample", parents=[db_option], help="add the sample plan (Northwind Health)",
        description="Add the complete sample plan, built on the method's worked example.",
    )
    return parser


def _add_team_parser(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """``acct-tui team init|clone|sync``: a store folder shared through git (acct_tui.team)."""
    team = commands.add_parser(
        "team", help="share plans with a team through git (init, clone, sync)",
        description="A team folder is a plan store that is also a git repository; "
        "see docs/TEAM.md. Needs git.",
    )
    actions = team.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    init = actions.add_parser("init", help="make PATH a team folder (a git repository of plans)")
    init.add_argument("path", metavar="PATH")
    clone = actions.add_parser("clone", help="copy a team's folder from its git remote to PATH")
    clone.add_argument("url", metavar="URL")
    clone.add_argument("path", metavar="PATH")
    actions.add_parser(
        "sync", parents=[db_option], help="commit your plan changes, bring in the team's, push",
        description="Commit the plans changed here (with a message saying what changed), fetch, "
        "merge (plans merge item by item) and push.",
    )


def _add_serve_parser(commands: Any, db_option: argparse.ArgumentParser) -> None:
    """``acct-tui serve [--port N] [--host H]``: the app in a web browser (acct_tui.serve)."""
    serve = commands.add_parser(
        "serve", parents=[db_option], help="run the app in a web browser (on this computer)",
        description="Serve the app as a web page through textual-serve, for people who would rather not "
        "use a terminal; open the address it prints. One browser window edits at a time; "
        "another one, meanwhile, shows the plans read-only. Ctrl+C stops it.",
    )
    serve.add_argument("--port", type=_port, default=8000, metavar="N", help="the port (default 8000)")
    serve.add_argument(
        "--host", default="127.0.0.1", metavar="HOST",
        help="the address to listen on (default 127.0.0.1: only this computer; anyone who can reach "
        "the address can read and change the plans)",
    )


def _port(text: str) -> int:
    """An argparse type: a TCP port, 1 to 65535 (else a usage error)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is out of range: use 1 to 65535")
    return value


MAX_AGENDA_DAYS = 3660
"""The furthest ``agenda --days`` looks ahead: ten years is any plan's horizon."""

MAX_STALE_DAYS = 36600
"""The largest ``agenda --stale-days``: a century, longer than any date a plan can hold is old."""


def _day_count(most: int) -> Callable[[str], int]:
    """An argparse type: a whole number of days from 0 to ``most`` (else a usage error)."""

    def days(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
        if not 0 <= value <= most:
            raise argparse.ArgumentTypeError(f"{value} is out of range: use 0 to {most}")
        return value

    return days


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (the console script's entry)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        _check_combinations(parser, args)
    except SystemExit as done:  # --help, --version, or a usage error (exit 2)
        return done.code if isinstance(done.code, int) else 1
    try:
        notices: list[str] = []
        db_path = resolve_db_path(args.db, notices)
        args.settings_notices = notices  # the app shows them; a command prints them
        if args.command is not None:
            for notice in notices:
                _note(notice)
        return _COMMANDS[args.command](args, db_path)
    except KeyboardInterrupt:
        return 130
    except (CommandError, StoreError, LookupError) as error:
        _fail(_message(error))
        return 1


def _check_combinations(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Usage errors argparse can't express: options that make no sense together."""
    if args.command != "export":
        return
    if args.review and args.format == "json":
        parser.error("--review writes Markdown; it can't be combined with --format json")
    if args.review and args.audience == "customer":
        parser.error("the review pack is internal; it can't be combined with --audience customer")
    if args.format == "json" and args.audience == "customer":
        parser.error("JSON is the exact plan; use --format md for a customer export")
    if args.front_matter and args.format != "md":
        parser.error("--front-matter starts a Markdown file; it can't be combined with --format " + args.format)
    if args.front_matter and args.audience == "customer":
        parser.error("the customer edition never carries front matter (it names the plan id and health)")


def _message(error: BaseException) -> str:
    """The error as one line (KeyError's repr quotes and line breaks removed)."""
    text = str(error.args[0]) if isinstance(error, LookupError) and error.args else str(error)
    return " ".join(text.split()) or type(error).__name__


def _fail(message: str) -> None:
    print(f"{PROG}: {message}", file=sys.stderr)


# --- the commands -------------------------------------------------------------


def run_app(args: argparse.Namespace, db_path: Path) -> int:
    """Start the TUI on the store (Textual is imported only here)."""
    from acct_tui.app import make_app

    app = make_app(db_path)
    app.store.notices.extend(getattr(args, "settings_notices", []))
    app.run()
    return app.return_code or 0


def list_plans(args: argparse.Namespace, db_path: Path) -> int:
    """Print a table of the stored plans, one row per account (reads only the catalog)."""
    with open_store(db_path, readonly=True) as store:
        plans = sorted(store.catalog(), key=lambda plan: plan.name.casefold())
    if not plans:
        print(f"No plans in {db_path}. Add the sample with: {PROG} sample")
        return 0
    header = ("NAME", "OWNER", "INDUSTRY", "UPDATED", "HEALTH", "ID")
    rows = [
        (
            plan.name,
            plan.owner,
            plan.industry,
            plan.updated.astimezone().strftime("%Y-%m-%d %H:%M"),
            str(plan.health),
            plan.id,
        )
        for plan in plans
    ]
    print(format_table(header, rows), end="")
    return 0


def export_plan(args: argparse.Namespace, db_path: Path) -> int:
    """Write one plan (or its review pack) to stdout or, atomically, to ``-o``; then keep a snapshot.

    The review pack's "Since the last review" compares with the plan's last
    review snapshot, looked up here and passed in. Word and PDF go to a file
    only: ``-o``, else ``./ACCOUNT-plan.docx`` (or ``.pdf``) in the current folder.
    """
    edition = plan_export.edition_for(args.format, args.audience, args.review)
    document = args.format if args.format in plan_export.DOCUMENTS else None
    with open_store(db_path, readonly=True) as store:
        plan = store.find(args.account)
        last = None
        if edition == "review":
            from acct_tui.review import last_review

            last = last_review(store.history(plan.id))
    if document is not None and args.output == "-":
        raise CommandError(f"a {document} file can't go to stdout: give -o FILE")
    if document is None and args.output in (None, "-"):
        text = plan_export.render(plan, edition, last=last, flavor=args.flavor)
        if args.front_matter:
            text = plan_export.with_front_matter(plan, edition, text)
        _write_stdout(text)
        where = "stdout"
    else:
        name = args.output or "./" + plan_export.default_file_name(plan, edition, args.format)
        output = _output_path(name, db_path)
        try:
            plan_export.export_plan(
                plan, edition, output, last=last, document=document, front_matter=args.front_matter, flavor=args.flavor
            )
        except DocumentError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(_write_problem(output, error)) from None
        print(f"Wrote {output}", file=sys.stderr)
        where = str(output)
    label = f"{edition} edition" + (f" ({document})" if document else "")
    _keep_export_snapshot(db_path, plan, f"{label} to {visible(where)}")
    return 0


def _keep_export_snapshot(db_path: Path, plan: Plan, note: str) -> None:
    """Keep the exported plan as an "export" snapshot; say once on stderr if that can't be done.

    The export is written by then: a store held by a running app (or one that
    can't be written) skips the snapshot, never the export.
    """
    from acct_tui.coach import health_score

    try:
        with PlanStore(db_path) as store:
            store.history(plan.id).take(plan, "export", note, health=health_score(plan))
    except StoreLocked:
        _note("the plan store is open in another acct-tui, so no export snapshot was kept")
    except (StoreError, HistoryError, OSError, ValueError) as error:
        _note(f"no export snapshot was kept: {_message(error)}")


def _note(message: str) -> None:
    """Tell the user something on one line of stderr (a name in it may hold a tab or an escape)."""
    print(f"{PROG}: note: {' '.join(printable(message).split())}", file=sys.stderr)


def diff_plan(args: argparse.Namespace, db_path: Path) -> int:
    """Print (or write to ``-o``) what changed in a plan between two of its versions."""
    from acct_tui import clock
    from acct_tui.diff import diff_json, diff_markdown, plan_diff

    with open_store(db_path, readonly=True) as store:
        plan = store.find(args.account)
        history = store.history(plan.id)
        before, before_when = _version(history, plan, args.since, "--since", store.folder)
        after, after_when = _version(history, plan, args.to, "--to", store.folder)
    diff = plan_diff(before, after, clock.today(), before_when=before_when, after_when=after_when)
    if args.format == "json":
        data = {"account": plan.name, "plan_id": plan.id, **diff_json(diff)}
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        to = "" if after_when == "now" else f" to {after_when}"
        text = diff_markdown(diff, 1, f"{plan.name}: changes since {before_when}{to}")
    _write_text(text, args.output, db_path)
    return 0


OTHER_KINDS = tuple(kind for kind in SNAPSHOT_KINDS if kind != "review")
"""Snapshot kinds ``--since``/``--to`` also take by name: the newest of that kind."""


def _version(
    history: History, plan: Plan, spec: str, option: str, folder: Path | None = None
) -> tuple[Plan, str]:
    """The version of ``plan`` that ``--since``/``--to`` name, and how to call it ("review 2026-10-01").

    In a team folder, a name no snapshot answers to is tried as a commit (or
    a day: the plan's newest commit on or before it).
    """
    if spec == "now":
        return plan, "now"
    try:
        return _snapshot_version(history, plan, spec, option)
    except CommandError:
        from acct_tui import team

        if folder is None or not team.is_team_folder(folder) or spec in OTHER_KINDS + ("review",):
            raise
        try:
            rev = team.commit_for(folder, spec, plan.id)
            return team.plan_at(folder, rev, plan.id), f"commit {printable(rev[:12])}"
        except team.TeamError:
            raise CommandError(
                f"{option} {printable(spec)}: no snapshot or commit of {plan.name} by that name"
            ) from None


def _snapshot_version(history: History, plan: Plan, spec: str, option: str) -> tuple[Plan, str]:
    """The snapshot ``--since``/``--to`` names (CommandError if none)."""
    try:
        snapshot = history.latest(spec) if spec in OTHER_KINDS else history.find(spec)
        if snapshot is None:
            raise LookupError(f"no {spec} snapshot yet")
        return history.load(snapshot.id), f"{snapshot.kind} {snapshot.day.isoformat()}"
    except LookupError as error:
        if spec == "review":
            raise CommandError(
                f"no review marked yet for {plan.name}; mark one with ctrl+r in the app or use --since DATE"
            ) from None
        raise CommandError(f"{option} {printable(spec)}: {_message(error)} ({plan.name})") from None
    except (HistoryError, OSError) as error:
        raise CommandError(_message(error)) from None


def _write_text(text: str, output: str | None, db_path: Path) -> None:
    """Print ``text``, or write it atomically (0600) to ``output`` as export does."""
    if output in (None, "-"):
        _write_stdout(text)
        return
    path = _output_path(output, db_path)
    try:
        write_text_atomic(path, text)
    except OSError as error:
        raise CommandError(_write_problem(path, error)) from None
    print(f"Wrote {path}", file=sys.stderr)


def _stale_days(args: argparse.Namespace) -> int:
    """--stale-days, else the settings' ``stale_contact_days`` (what the app's coach and agenda use)."""
    if args.stale_days is not None:
        return args.stale_days
    from acct_tui.settings import load_settings

    settings, notice = load_settings()
    if notice and notice not in getattr(args, "settings_notices", []):
        _note(notice)
    return settings.stale_contact_days


def show_agenda(args: argparse.Namespace, db_path: Path) -> int:
    """Print (or write to ``-o``) the agenda across every plan, in text, JSON or iCalendar."""
    from acct_tui.ics import render_ics

    with open_store(db_path, readonly=True) as store:
        plans = store.plans()  # a plan file that can't be read is left out, with a note (the store's)
    agenda = build_agenda(plans, clock.today(), days=args.days, stale_days=_stale_days(args))
    render = {"text": render_text, "json": render_json, "ics": render_ics}[args.format]
    text = render(agenda)
    if args.format == "text":  # for a terminal: nothing in it may act on the terminal
        text = "\n".join(printable(line) for line in text.split("\n"))
    if args.output in (None, "-"):
        _write_stdout(text)
        return 0
    output = _output_path(args.output, db_path)
    try:
        write_text_atomic(output, text)
    except OSError as error:
        raise CommandError(_write_problem(output, error)) from None
    print(f"Wrote {output}", file=sys.stderr)
    return 0


def import_plan(args: argparse.Namespace, db_path: Path) -> int:
    """Validate a JSON plan completely, then add it (or replace one with ``--replace``)."""
    plan = _read_plan(args.file)
    with open_store(db_path) as store:
        existing = _get(store, plan.id)
        if existing is not None and not args.replace:
            raise CommandError(
                f"a plan with id {plan.id} is already in {db_path} ({existing.name!r}); "
                "use --replace to overwrite it"
            )
        imported = _with_a_free_name(store, plan, rename=args.rename)
        store.save(imported)
    verb = "Replaced" if existing is not None else "Imported"
    renamed = (
        f", renamed from {plan.name!r}: an account with that name is already there"
        if imported.name != plan.name
        else ""
    )
    print(f"{verb} {imported.name!r} (id {plan.id}) in {db_path}{renamed}")
    return 0


def _with_a_free_name(store: PlanStore, plan: Plan, *, rename: bool) -> Plan:
    """The plan, or with ``rename`` the plan named "NAME (2)" (the next free number).

    Two accounts with one name (any case) can't be told apart by ``export
    NAME``, so the app refuses them and so does import. The plan's own old
    version (same id, being replaced) is no clash.
    """
    taken = {p.name.strip().casefold(): p.name for p in store.plans() if p.id != plan.id}
    clash = taken.get(plan.name.strip().casefold())
    if clash is None:
        return plan
    number = 2
    while True:
        suffix = f" ({number})"
        name = plan.name.strip()[: SHORT_MAX - len(suffix)] + suffix
        if name.casefold() not in taken:
            break
        number += 1
    if not rename:
        raise CommandError(
            f"there is already an account called {clash!r} in {store.path}; "
            f"use --rename to import this one as {name!r}"
        )
    return replace(plan, name=name)


def add_sample(args: argparse.Namespace, db_path: Path) -> int:
    """Add the sample plan once; running it again says so and changes nothing."""
    from acct_tui.sample import SAMPLE_PLAN_ID, sample_plan

    with open_store(db_path) as store:
        if _get(store, SAMPLE_PLAN_ID) is not None:
            print(f"The sample plan (id {SAMPLE_PLAN_ID}) is already in {db_path}.")
            return 0
        plan = sample_plan()
        store.save(plan)
    print(f"Added the sample plan {plan.name!r} (id {plan.id}) to {db_path}")
    return 0


def team_command(args: argparse.Namespace, db_path: Path) -> int:
    """``acct-tui team init|clone|sync``; a git failure is one ``acct-tui:`` line."""
    from acct_tui import team

    try:
        if args.team_command == "init":
            path = Path(args.path).expanduser().absolute()
            team.init(path)
            where = _quote_arg(path)
            print(f"{path} is a team folder now. Add the team's remote with: git -C {where} "
                  f"remote add origin URL, then share with: acct-tui team sync --db {where}")
        elif args.team_command == "clone":
            path = Path(args.path).expanduser().absolute()
            team.clone(args.url, path)
            print(f"Cloned the team folder into {path}. Open it with: acct-tui --db {_quote_arg(path)}")
        else:
            return _team_sync(team, db_path)
    except team.TeamError as error:
        raise CommandError(_message(error)) from None
    return 0


def _team_sync(team: Any, db_path: Path) -> int:
    """Sync the store folder ``--db`` names; list plans left with conflicts."""
    from acct_tui.store import locate

    folder = locate(db_path).folder
    result = team.sync(folder)
    print(printable(result.message))
    if result.conflicts:
        with open_store(db_path, readonly=True) as store:
            names = {entry.id: entry.name for entry in store.catalog()}
        listed = ", ".join(printable(names.get(plan_id, plan_id)) for plan_id in result.conflicts)
        print(f"Conflicting edits in: {listed}; open the app to resolve them.")
    return 0


def _quote_arg(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


def serve_app(args: argparse.Namespace, db_path: Path) -> int:
    """Serve the app in a browser until ctrl+c; a store that can't be read fails here, not in the page."""
    from acct_tui import serve

    with open_store(db_path, readonly=True):
        pass
    try:
        serve.serve(db_path, args.host, args.port)
    except ImportError as error:  # textual-serve is a dependency; a broken install says what is missing
        raise CommandError(f"serving needs textual-serve ({_message(error)}): pip install textual-serve") from None
    except OSError as error:
        raise CommandError(f"can't serve on {args.host}:{args.port}: {error.strerror or error}") from None
    return 0


def merge_driver(args: argparse.Namespace, db_path: Path) -> int:
    """git's merge driver: the merged plan into MINE, exit 0 even with conflicts (they are kept)."""
    from acct_tui.merge import MergeError, merge_files

    try:
        merge_files(args.base, args.mine, args.theirs, args.path)
    except MergeError as error:
        raise CommandError(f"merge-driver: {error}") from None
    return 0


_COMMANDS = {
    None: run_app,
    "list": list_plans,
    "export": export_plan,
    "diff": diff_plan,
    "import": import_plan,
    "agenda": show_agenda,
    "sample": add_sample,
    "team": team_command,
    "serve": serve_app,
    "merge-driver": merge_driver,
}


# --- helpers ------------------------------------------------------------------


def open_store(db_path: Path, *, readonly: bool = False) -> PlanStore:
    """Open the store, printing what it wants the user told (``acct-tui: note: ...``)."""
    store = PlanStore(db_path, readonly=readonly)
    for notice in store.notices:
        _note(notice)
    return store


def _output_path(text: str, db_path: Path) -> Path:
    """Where -o points, resolved; never the plan store or a file kept beside it."""
    try:
        output = resolve_path(text)
    except ValueError as error:
        raise CommandError(f"can't write {error}") from None
    if is_own_file(db_path, output):
        raise CommandError(f"won't export over the plan store's own file {text}")
    return output


def _get(store: PlanStore, plan_id: str) -> Plan | None:
    """The stored plan with this id, or None (whichever way the store says "absent")."""
    try:
        return store.get(plan_id)
    except LookupError:
        return None


def _read_plan(name: str) -> Plan:
    """Read and validate a JSON plan from a file or stdin; raise CommandError if bad."""
    source = "stdin" if name == "-" else name
    content = sys.stdin.buffer.read() if name == "-" else _read_file(name)
    try:
        return import_plan_json(content)
    except PlanDataError as error:
        raise CommandError(f"can't import {source}: {error}") from None


def _read_file(name: str) -> bytes:
    """A regular file's bytes; a FIFO, device or folder is refused before it is read.

    ``stat`` first, so a device is never opened; the open is non-blocking and
    checked again, so a FIFO put in its place meanwhile can't hang us.
    """
    try:
        not_a_file = _not_a_file(os.stat(name).st_mode)
        if not_a_file:
            raise CommandError(f"can't import {name}: it is {not_a_file}, not a file")
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        with os.fdopen(fd, "rb") as handle:
            not_a_file = _not_a_file(os.fstat(fd).st_mode)
            if not_a_file:
                raise CommandError(f"can't import {name}: it is {not_a_file}, not a file")
            return handle.read()
    except OSError as error:
        raise CommandError(f"can't read {name}: {error.strerror or error}") from None


def _not_a_file(mode: int) -> str:
    """What a non-regular file is, in words ("" for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something other than a file"


def _write_problem(path: Path, error: OSError) -> str:
    """Why an export could not be written, in one line."""
    if isinstance(error, IsADirectoryError):
        return f"can't write {path}: it is a folder"
    return f"can't write {path}: {error.strerror or error}"


def _write_stdout(text: str) -> None:
    """Print an export; a reader that stops early (``| head``) is not an error."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # Point stdout at devnull so Python's exit-time flush doesn't complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def printable(text: str) -> str:
    """User text made safe for a terminal: control characters shown as escapes.

    An account name holding ``\\x1b[2J`` must show as those characters, not
    clear the user's screen.
    """
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
        else char
        for char in text
    )


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table with columns padded by display width (CJK, emoji)."""
    from rich.cells import cell_len

    cells = [[printable(cell) for cell in row] for row in (header, *rows)]
    widths = [max(cell_len(row[i]) for row in cells) for i in range(len(header))]
    lines = []
    for row in cells:
        padded = [cell + " " * (width - cell_len(cell)) for cell, width in zip(row, widths)]
        lines.append("  ".join(padded).rstrip())
    return "\n".join(lines) + "\n"
