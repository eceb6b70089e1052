"""The agenda across plans: what it lists, how it renders (text, JSON, ICS), and ``acct-tui agenda``.

The ICS file is read back with the real ``icalendar`` package: a calendar
app must import it, and user text must come out exactly as it went in.
"""

from __future__ import annotations

import json
import re
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import acct_tui.clock
from acct_tui.agenda import Agenda, build_agenda, render_json, render_text
from acct_tui.cadence import (
    STALE_CONTACT_DAYS,
    frequency_days,
    is_review_meeting,
    review_cadence,
)
from acct_tui.cli import main
from acct_tui.ics import escape_text, fold, render_ics, uid
from acct_tui.model import (
    Goal,
    Initiative,
    Meeting,
    Plan,
    Stakeholder,
    Strategy,
    Tactic,
    ValidationError,
    check_text,
)
from acct_tui.sample import sample_plan
from acct_tui.store import PlanStore
from ui_helpers import FakeClock, disk_state, new_app, stored_plans, visible_in, visible_text, wait_until

TODAY = date(2026, 11, 22)  # a Sunday
STAMP = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def plan_with(
    *tactics: Tactic,
    name: str = "Northwind Health",
    plan_id: str = "p-north",
    meetings: tuple[Meeting, ...] = (),
    stakeholders: tuple[Stakeholder, ...] = (),
    review: date | None = None,
) -> Plan:
    """A plan whose tactics sit in Goal 1 › Strategy 1.2 › Initiative 1.2.1 (after a first, empty branch)."""
    goal = Goal(
        "Grow revenue",
        strategies=(
            Strategy("First approach", id="s1"),
            Strategy(
                "Second approach",
                initiatives=(Initiative("A path", tactics=tactics, id="i1"),),
                id="s2",
            ),
        ),
        id="g1",
    )
    return Plan(
        name, owner="Dana", id=plan_id, goals=(goal,), meetings=meetings, stakeholders=stakeholders, review=review
    )


def ids(items) -> list[str]:
    return [item.item_id for item in items]


# --- what the agenda lists ------------------------------------------------------


def test_open_tactics_overdue_and_upcoming_with_owner_plan_and_chain() -> None:
    plan = plan_with(
        Tactic("Late one", owner="Sam", due=day(-3), id="late"),
        Tactic("Soon one", owner="Leo", due=day(2), status="doing", id="soon"),
        Tactic("Far one", owner="Leo", due=day(30), id="far"),
        Tactic("Done late", owner="Leo", due=day(-3), status="done", id="done"),
        Tactic("Dropped soon", owner="Leo", due=day(1), status="dropped", id="dropped"),
        Tactic("Undated", owner="Leo", id="undated"),
    )
    agenda = build_agenda([plan], TODAY)
    assert ids(agenda.tactics) == ["late", "soon"]
    late, soon = agenda.tactics
    assert (late.overdue, soon.overdue) == (True, False)
    assert (late.owner, late.plan_name, late.plan_id, late.step) == ("Sam", "Northwind Health", "p-north", "tactics")
    assert late.chain == "Goal 1 › Strategy 1.2 › Initiative 1.2.1"
    assert soon.detail == "Tactic 1.2.1.2 · doing"


def test_the_horizon_includes_its_last_day_only() -> None:
    plan = plan_with(Tactic("Edge", due=day(7), id="edge"), Tactic("Past edge", due=day(8), id="past"))
    assert ids(build_agenda([plan], TODAY, days=7).tactics) == ["edge"]
    assert ids(build_agenda([plan], TODAY, days=8).tactics) == ["edge", "past"]
    assert ids(build_agenda([plan], TODAY, days=0).tactics) == []


def test_meetings_next_within_the_days_and_overdue_ones() -> None:
    meetings = (
        Meeting("Team sync", frequency="weekly", next_date=day(3), id="sync"),
        Meeting("Missed check-in", frequency="monthly", next_date=day(-10), id="missed"),
        Meeting("QBR", frequency="quarterly", next_date=day(40), id="qbr"),
        Meeting("Ad hoc", id="undated"),
    )
    agenda = build_agenda([plan_with(meetings=meetings)], TODAY)
    assert ids(agenda.meetings) == ["missed", "sync"]
    assert [m.overdue for m in agenda.meetings] == [True, False]
    assert agenda.meetings[1].detail == "weekly" and agenda.meetings[1].step == "cadence"


@pytest.mark.parametrize(
    ("review", "listed", "overdue"),
    [(day(-1), True, True), (day(0), True, False), (day(14), True, False), (day(15), False, False), (None, False, False)],
)
def test_a_plan_is_listed_when_its_review_date_is_past_or_near(review, listed, overdue) -> None:
    agenda = build_agenda([plan_with(review=review)], TODAY)
    assert [(r.plan_id, r.overdue, r.owner, r.step, r.node_id) for r in agenda.reviews] == (
        [("p-north", overdue, "Dana", "facts", "review")] if listed else []
    )


def test_stale_contacts_key_people_first_never_contacted_counts() -> None:
    people = (
        Stakeholder("Quiet user", role="user", last_contact=day(-90), id="user"),
        Stakeholder("Fresh boss", role="decision maker", last_contact=day(-STALE_CONTACT_DAYS), id="fresh"),
        Stakeholder("Old boss", role="decision maker", last_contact=day(-61), id="boss"),
        Stakeholder("Unknown champion", stance="champion", id="never"),
        Stakeholder("Buyer", role="economic buyer", last_contact=day(-200), id="buyer"),
    )
    agenda = build_agenda([plan_with(stakeholders=people)], TODAY)
    assert ids(agenda.contacts) == ["never", "buyer", "boss", "user"]
    assert [c.key for c in agenda.contacts] == [True, True, True, False]
    assert ids(build_agenda([plan_with(stakeholders=people)], TODAY, stale_days=100).contacts) == ["never", "buyer"]


def test_items_from_every_plan_merge_by_date() -> None:
    north = plan_with(Tactic("North task", due=day(5), id="n1"))
    acme = plan_with(Tactic("Acme task", due=day(1), id="a1"), name="Acme", plan_id="p-acme")
    agenda = build_agenda([north, acme], TODAY)
    assert [(t.plan_name, t.title) for t in agenda.tactics] == [("Acme", "Acme task"), ("Northwind Health", "North task")]


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        build_agenda([], TODAY, days=-1)


def test_the_sample_has_meetings_and_no_stale_contacts_today() -> None:
    agenda = build_agenda([sample_plan(TODAY)], TODAY)
    assert [m.title for m in agenda.meetings] == ["Account team sync"]
    assert agenda.contacts == () and agenda.reviews == ()


# --- text and JSON --------------------------------------------------------------


def busy_agenda() -> Agenda:
    plan = plan_with(
        Tactic("Late one", owner="Sam", due=day(-3), id="late"),
        Tactic("This week one", owner="Leo", due=day(6), id="week"),
        Tactic("Later one", owner="Leo", due=day(7), id="later"),
        meetings=(Meeting("Team sync", frequency="weekly", next_date=day(1), id="sync"),),
        stakeholders=(Stakeholder("Old boss", role="decision maker", last_contact=day(-61), id="boss"),),
        review=day(-2),
    )
    return build_agenda([plan], TODAY)


def test_text_groups_overdue_this_week_later_reviews_and_stale_contacts() -> None:
    text = render_text(busy_agenda())
    headings = [line for line in text.splitlines() if line and not line.startswith(" ") and line[0] not in "⚠★"]
    assert headings[1:] == [
        "Overdue (1)",
        "This week (2)",
        "Later (1)",
        "Reviews (1)",
        "Stale contacts (over 60 days) (1)",
    ]
    assert "⚠ Thu 2026-11-19  Northwind Health: Late one — Sam\n" in text
    assert "      Tactic 1.2.1.1 · open · Goal 1 › Strategy 1.2 › Initiative 1.2.1\n" in text
    assert "  Mon 2026-11-23  Northwind Health: Meeting: Team sync\n" in text
    assert "⚠ Fri 2026-11-20  Northwind Health: Plan review\n" in text
    assert "★ last 2026-09-22 (61 days ago)  Northwind Health: Old boss\n" in text
    assert text.index("This week one") < text.index("Later one")


def test_an_empty_agenda_says_so() -> None:
    assert "Nothing overdue, nothing due, nobody gone quiet." in render_text(build_agenda([], TODAY))


def test_json_has_stable_keys_and_iso_dates() -> None:
    doc = json.loads(render_json(busy_agenda()))
    assert list(doc) == ["today", "days", "stale_days", "tactics", "meetings", "reviews", "stale_contacts"]
    assert (doc["today"], doc["days"], doc["stale_days"]) == ("2026-11-22", 14, 60)
    late = doc["tactics"][0]
    assert late == {
        "kind": "tactic",
        "date": "2026-11-19",
        "title": "Late one",
        "overdue": True,
        "key": False,
        "owner": "Sam",
        "chain": "Goal 1 › Strategy 1.2 › Initiative 1.2.1",
        "detail": "Tactic 1.2.1.1 · open",
        "plan": {"id": "p-north", "name": "Northwind Health"},
        "id": "late",
        "step": "tactics",
    }
    assert [c["date"] for c in doc["stale_contacts"]] == ["2026-09-22"]


# --- ICS ------------------------------------------------------------------------


def components(ics: str) -> list[icalendar.cal.Component]:
    return [c for c in icalendar.Calendar.from_ical(ics).walk() if c.name in ("VEVENT", "VTODO")]


def test_ics_is_a_calendar_a_real_parser_reads() -> None:
    ics = render_ics(busy_agenda(), STAMP)
    calendar = icalendar.Calendar.from_ical(ics)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) == ("2.0", "-//acct-tui//Agenda//EN")
    found = {(c.name, str(c["SUMMARY"])) for c in components(ics)}
    assert found == {
        ("VEVENT", "Late one (Northwind Health)"),
        ("VEVENT", "This week one (Northwind Health)"),
        ("VEVENT", "Later one (Northwind Health)"),
        ("VEVENT", "Team sync (Northwind Health)"),
        ("VEVENT", "Plan review (Northwind Health)"),
        ("VTODO", "Get in touch with Old boss (Northwind Health)"),
    }
    late = next(c for c in components(ics) if str(c["SUMMARY"]).startswith("Late one"))
    assert late.decoded("DTSTART") == day(-3) and late.decoded("DTEND") == day(-2)
    assert late.decoded("DTSTAMP") == STAMP
    assert "Goal 1 › Strategy 1.2 › Initiative 1.2.1" in str(late["DESCRIPTION"]).splitlines()


def test_ics_lines_end_in_crlf_and_fold_at_75_octets() -> None:
    plan = plan_with(Tactic("Ünïcödé tactic " * 20, owner="Sam", due=day(1), id="long"), name="Ωmega " * 40)
    ics = render_ics(build_agenda([plan], TODAY), STAMP)
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "")
    lines = ics.split("\r\n")[:-1]
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert any(line.startswith(" ") for line in lines), "long lines were folded"
    summary = next(c for c in components(ics))["SUMMARY"]
    assert str(summary) == f"{'Ünïcödé tactic ' * 20} ({'Ωmega ' * 40})"


def test_uids_are_stable_and_change_with_the_date() -> None:
    first = render_ics(busy_agenda(), STAMP)
    again = render_ics(busy_agenda(), STAMP + timedelta(days=1))
    uids = [str(c["UID"]) for c in components(first)]
    assert uids == [str(c["UID"]) for c in components(again)]
    assert len(set(uids)) == len(uids)
    late = busy_agenda().tactics[0]
    assert uid(late) == "p-north.tactic.late.20261119@acct-tui"
    moved = build_agenda([plan_with(Tactic("Late one", due=day(-2), id="late"))], TODAY).tactics[0]
    assert uid(moved) != uid(late)


@pytest.mark.parametrize(
    ("text", "escaped"),
    [("a,b;c\\d", "a\\,b\\;c\\\\d"), ("one\ntwo", "one\\ntwo"), ("x\r\ny", "x\\ny"), ("plain", "plain")],
)
def test_text_values_are_escaped(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_folding_never_splits_a_character() -> None:
    folded = fold("SUMMARY:" + "€" * 60)
    pieces = folded.split("\r\n ")
    assert "".join(pieces) == "SUMMARY:" + "€" * 60
    assert [len(p.encode("utf-8")) for p in pieces] == [74, 72, 42], "a continuation's space counts: 73 octets"


def model_text(required: bool = False, multiline: bool = False):
    """Text the model accepts for a field (hypothesis draws, the model decides)."""

    def valid(text: str) -> bool:
        try:
            check_text("x", text, required=required, multiline=multiline)
        except ValidationError:
            return False
        return True

    return st.text(max_size=120).filter(valid)


@settings(max_examples=150, deadline=None)
@given(name=model_text(required=True), action=model_text(required=True), owner=model_text(), person=model_text(required=True))
def test_any_model_valid_text_round_trips_through_the_ics_file(name, action, owner, person) -> None:
    plan = plan_with(
        Tactic(action, owner=owner, due=day(1), id="t1"),
        name=name,
        stakeholders=(Stakeholder(person, id="sh1"),),
    )
    agenda = build_agenda([plan], TODAY)
    found = components(render_ics(agenda, STAMP))
    assert [str(c["SUMMARY"]) for c in found] == [f"{action} ({name})", f"Get in touch with {person} ({name})"]
    tactic_line = str(found[0]["DESCRIPTION"]).split("\n")[0]
    assert tactic_line == f"Mon 2026-11-23  {name}: {action}" + (f" — {owner}" if owner else "")


@settings(max_examples=150, deadline=None)
@given(text=model_text(multiline=True))
def test_escaped_multiline_text_round_trips(text: str) -> None:
    assume(text)
    ics = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", "BEGIN:VTODO", "UID:x", "DTSTAMP:20261122T093000Z",
         fold("DESCRIPTION:" + escape_text(text)), "END:VTODO", "END:VCALENDAR", ""]
    )
    assert str(components(ics)[0]["DESCRIPTION"]) == text


# --- the review cadence and meeting frequencies (shared with the coach) ------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("weekly", 7),
        ("every two weeks", 14),
        ("Every 2 weeks", 14),
        ("every other week", 14),
        ("bi-weekly", 14),
        ("fortnightly", 14),
        ("monthly", 30),
        ("Monthly (first Tuesday)", 30),
        ("once a month", 30),
        ("every 6 weeks", 42),
        ("quarterly", 91),
        ("QBR", 91),
        ("every quarter", 91),
        ("4 times a year", 91),
        ("twice a year", 182),
        ("half-yearly", 182),
        ("semi-annual", 182),
        ("annual", 365),
        ("yearly", 365),
        ("", None),
        ("ad hoc", None),
        ("bimonthly", None),
        ("every 0 weeks", None),
    ],
)
def test_frequency_text_in_days(text: str, days: int | None) -> None:
    assert frequency_days(text) == days


def test_the_review_cadence_is_the_most_frequent_review_meeting() -> None:
    assert [is_review_meeting(Meeting(n)) for n in ("Quarterly business review", "QBR", "EBR", "Debrief", "Sync")] == [
        True, True, True, False, False,
    ]
    plan = plan_with(
        meetings=(
            Meeting("Team sync", frequency="weekly", id="sync"),
            Meeting("Annual executive review", frequency="annual", id="ebr"),
            Meeting("Quarterly business review", id="qbr"),  # no frequency: its name says quarterly
        )
    )
    assert review_cadence(plan) == (plan.meetings[2], 91)
    assert review_cadence(plan_with(meetings=(Meeting("Team sync", frequency="weekly"),))) is None
    assert review_cadence(plan_with(meetings=(Meeting("Business review", frequency="when needed"),))) is None


# --- acct-tui agenda ------------------------------------------------------------


@pytest.fixture
def agenda_db(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(acct_tui.clock, "today", lambda: TODAY)
    plan = plan_with(
        Tactic("Late one", owner="Sam", due=day(-3), id="late"),
        Tactic("Far one", owner="Sam", due=day(20), id="far"),
        review=day(-2),
    )
    with PlanStore(db_path) as store:
        store.save(plan)
        store.save(sample_plan(TODAY))
    return db_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_agenda_prints_the_text_listing_for_all_plans(capsys, agenda_db) -> None:
    code, out, err = run(capsys, "--db", str(agenda_db), "agenda")
    assert (code, err) == (0, "")
    assert out.startswith("Agenda for Sun 2026-11-22: overdue and the next 14 days\n")
    assert "⚠ Thu 2026-11-19  Northwind Health: Late one — Sam" in out
    assert "Meeting: Account team sync" in out  # the sample, another plan with the same name
    assert "Far one" not in out


def test_cli_agenda_days_and_stale_days(capsys, agenda_db) -> None:
    _, out, _ = run(capsys, "--db", str(agenda_db), "agenda", "--days", "30", "--format", "json")
    doc = json.loads(out)
    assert doc["days"] == 30 and "far" in [t["id"] for t in doc["tactics"]]
    _, out, _ = run(capsys, "--db", str(agenda_db), "agenda", "--stale-days", "10", "--format", "json")
    stale = [c["title"] for c in json.loads(out)["stale_contacts"]]
    assert stale[:2] == ["Tom Lindqvist", "Margaret Okafor"], "key people first, longest silent first"


def test_cli_agenda_writes_a_private_ics_file(capsys, agenda_db, tmp_path) -> None:
    target = tmp_path / "agenda.ics"
    code, out, err = run(capsys, "--db", str(agenda_db), "agenda", "--format", "ics", "-o", str(target))
    assert (code, out, err) == (0, "", f"Wrote {target}\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    content = target.read_bytes().decode("utf-8")
    assert "\r\n" in content and not re.search(r"[^\r]\n", content)
    assert "Late one (Northwind Health)" in [str(c["SUMMARY"]) for c in components(content)]


def test_cli_agenda_reads_only_and_works_while_the_app_holds_the_store(capsys, agenda_db) -> None:
    before = disk_state(agenda_db)
    with PlanStore(agenda_db):
        code, out, _ = run(capsys, "--db", str(agenda_db), "agenda", "--format", "ics")
    assert code == 0 and out.startswith("BEGIN:VCALENDAR\r\n")
    assert disk_state(agenda_db) == before


@pytest.mark.parametrize("argv", [["--days", "-1"], ["--days", "x"], ["--stale-days", "99999999"], ["--format", "pdf"]])
def test_cli_agenda_bad_options_are_usage_errors(capsys, agenda_db, argv) -> None:
    code, out, err = run(capsys, "--db", str(agenda_db), "agenda", *argv)
    assert code == 2 and out == "" and "Traceback" not in err


def test_cli_agenda_never_writes_over_the_store(capsys, agenda_db) -> None:
    target = agenda_db / "catalog.json"
    before = target.read_bytes()
    code, _, err = run(capsys, "--db", str(agenda_db), "agenda", "-o", str(target))
    assert code == 1 and err.startswith("acct-tui: ") and "plan store" in err and err.count("\n") == 1
    assert target.read_bytes() == before


def test_cli_agenda_an_unwritable_output_is_one_line(capsys, agenda_db, tmp_path) -> None:
    code, out, err = run(capsys, "--db", str(agenda_db), "agenda", "-o", str(tmp_path / "missing" / "a.ics"))
    assert code == 1 and out == "" and err.startswith("acct-tui: can't write") and err.count("\n") == 1


def test_cli_agenda_leaves_out_an_unreadable_plan_with_a_note(capsys, agenda_db) -> None:
    (agenda_db / "plans" / "p-north.json").write_bytes(b'{"broken')
    code, out, err = run(capsys, "--db", str(agenda_db), "agenda")
    assert code == 0
    assert err.startswith("acct-tui: note: ") and "p-north.json" in err and err.count("\n") == 1
    assert "Late one" not in out and "Account team sync" in out


# --- the accounts screen's agenda ---------------------------------------------------


def home_plans() -> tuple[Plan, Plan]:
    """Two plans: one with markup-looking text and late work, and the sample (a meeting in 8 days)."""
    tactics = (
        Tactic("Call [bold]the CFO[/]", owner="Sam", due=day(-2), id="late"),
        Tactic("Send the deck", owner="Leo", due=day(3), id="soon"),
        Tactic("Far away", owner="Leo", due=day(40), id="far"),
        Tactic("Done already", owner="Leo", due=day(-5), status="done", id="done"),
    )
    acme = plan_with(*tactics, name="Acme [red]Corp[/]", plan_id="acme", review=day(-1),
                     meetings=(Meeting("Ops sync", frequency="weekly", next_date=day(1), id="sync"),))
    return acme, sample_plan(TODAY)


@pytest.fixture
def home_db(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(acct_tui.clock, "today", lambda: TODAY)
    with PlanStore(db_path) as store:
        for plan in home_plans():
            store.save(plan)
    return db_path


def agenda_list(app):
    from textual.widgets import OptionList

    return app.screen.query_one("#agenda", OptionList)


async def agenda_loaded(pilot) -> None:
    await wait_until(pilot, lambda: "loading" not in str(agenda_list(pilot.app).border_title), "the agenda is read")
    await pilot.pause()


async def test_home_agenda_shows_overdue_first_marked_then_the_next_days(home_db) -> None:
    app = new_app(home_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await agenda_loaded(pilot)
        screen = visible_text(app)
        shown = visible_in(app, agenda_list(app))
        assert "Agenda (a) · 2 overdue · next 14 days" in screen
        order = [
            "⚠ Fri 20 Nov  Acme [red]Corp[/]: Call [bold]the CFO[/] — Sam",
            "⚠ Sat 21 Nov  Acme [red]Corp[/]: plan review",
            "Mon 23 Nov  Acme [red]Corp[/]: meeting: Ops sync",
            "Wed 25 Nov  Acme [red]Corp[/]: Send the deck — Leo",
            "Mon 30 Nov  Northwind Health: meeting: Account team sync",
        ]
        assert [shown.index(line) for line in order] == sorted(shown.index(line) for line in order), shown
        assert "Far away" not in shown and "Done already" not in shown
        assert "Mon 23 Nov" in shown and "⚠ Mon 23 Nov" not in shown
        # The accounts table is still there and usable at 80×24: both rows visible, the cursor moves.
        assert "Acme [red]Corp[/]  " in screen.splitlines()[2] and "Northwind Health" in screen.splitlines()[3]
        await pilot.press("down")
        assert app.screen.selected_id() == SAMPLE_ID


SAMPLE_ID = sample_plan(TODAY).id


async def test_enter_on_an_agenda_item_opens_its_plan_at_the_item(home_db) -> None:
    from screens.wizard import WizardScreen

    app = new_app(home_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await agenda_loaded(pilot)
        await pilot.press("a")
        assert app.focused is agenda_list(app)
        await pilot.press("home", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "the plan opens")
        wizard = app.screen
        await wait_until(pilot, lambda: wizard.query("#pane-tactics") and wizard.query_one("#pane-tactics").selected_id() == "late", "the late tactic is selected")
        assert wizard.step == "tactics" and wizard.plan_id == "acme"
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, WizardScreen), "back home")
        await agenda_loaded(pilot)
        await pilot.press("a", "home", "down", "down", "enter")  # the meeting
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen), "the plan opens")
        wizard = app.screen
        await wait_until(pilot, lambda: wizard.query("#pane-cadence") and wizard.query_one("#pane-cadence").selected_id() == "sync", "the meeting is selected")


async def test_home_agenda_is_read_off_the_ui_thread(home_db, monkeypatch) -> None:
    """The table is usable while the plans are read; the agenda fills in after."""
    import threading

    release = threading.Event()
    readers: list[str] = []
    real_peek = PlanStore.peek

    def slow_peek(store, plan_id):
        readers.append(threading.current_thread().name)
        release.wait(timeout=10)
        return real_peek(store, plan_id)

    monkeypatch.setattr(PlanStore, "peek", slow_peek)
    app = new_app(home_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: readers, "the agenda starts reading")
        assert "Agenda (a) · loading…" in visible_text(app)
        await pilot.press("down")
        assert app.screen.selected_id() == SAMPLE_ID, "the table answers while the disk is read"
        release.set()
        await agenda_loaded(pilot)
        assert "Call [bold]the CFO[/]" in visible_in(app, agenda_list(app))
        assert threading.main_thread().name not in readers


async def test_home_agenda_shows_this_sessions_unsaved_edits(home_db) -> None:
    from dataclasses import replace as replace_

    app = new_app(home_db, FakeClock())  # nothing is saved unless the test moves the clock
    async with app.run_test(size=(80, 24)) as pilot:
        await agenda_loaded(pilot)
        acme = app.plan("acme")
        app.update_plan(replace_(acme, review=None))
        app.screen.refresh_accounts()
        await agenda_loaded(pilot)
        assert "plan review" not in visible_in(app, agenda_list(app))
        assert [p.review for p in stored_plans(home_db) if p.id == "acme"] == [day(-1)], "not saved yet"


async def test_home_agenda_says_when_nothing_is_due_and_hides_on_an_empty_store(db_path, monkeypatch) -> None:
    monkeypatch.setattr(acct_tui.clock, "today", lambda: TODAY)
    with PlanStore(db_path) as store:
        store.save(Plan("Quiet Co", id="quiet"))
    app = new_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await agenda_loaded(pilot)
        assert "Nothing overdue or due in the next 14 days." in visible_in(app, agenda_list(app))
    app = new_app(db_path.parent / "empty.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not agenda_list(app).display


@pytest.mark.parametrize(("today", "marked"), [(date(2030, 5, 25), False), (date(2031, 1, 1), True)])
async def test_the_home_agenda_takes_today_from_the_clock(db_path, monkeypatch, today, marked) -> None:
    """Was upcoming_meetings' test: the agenda, like every list, asks ``acct_tui.clock`` for today."""
    monkeypatch.setattr(acct_tui.clock, "today", lambda: today)
    with PlanStore(db_path) as store:
        store.save(Plan("A", id="a", meetings=(Meeting("QBR", next_date=date(2030, 6, 1)),)))
    app = new_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await agenda_loaded(pilot)
        shown = visible_in(app, agenda_list(app))
        assert ("⚠ Sat 01 Jun  A: meeting: QBR" in shown) is marked
        assert "Sat 01 Jun  A: meeting: QBR" in shown


async def test_coming_back_home_reads_only_the_plan_files_that_changed(home_db, monkeypatch) -> None:
    read: list[str] = []
    real_peek = PlanStore.peek
    monkeypatch.setattr(PlanStore, "peek", lambda store, plan_id: read.append(plan_id) or real_peek(store, plan_id))
    app = new_app(home_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await agenda_loaded(pilot)
        assert sorted(read) == ["acme", SAMPLE_ID]
        app.screen.refresh_accounts()
        await agenda_loaded(pilot)
        assert sorted(read) == ["acme", SAMPLE_ID], "unchanged files are not read again"
        with PlanStore(home_db.parent / "other.json") as other:
            other.save(plan_with(name="Zed", plan_id="zed"))
        (home_db / "plans" / "acme.json").write_bytes((home_db.parent / "other.json" / "plans" / "zed.json").read_bytes().replace(b'"zed"', b'"acme"'))
        app.screen.refresh_accounts()
        await agenda_loaded(pilot)
        assert sorted(read) == ["acme", "acme", SAMPLE_ID], "a changed file is read again"
        assert "plan review" not in visible_in(app, agenda_list(app)), "and what it holds now is shown"
