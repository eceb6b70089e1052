"""The review pack: the right items land in the right sections, user text stays text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from markdown_it import MarkdownIt

from acct_tui import clock
from acct_tui.coach import check_plan
from acct_tui.model import (
    ANALYSIS_KEYS,
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    Stakeholder,
    Strategy,
    Tactic,
    Vision,
)
from acct_tui.history import History
from acct_tui.review import (
    NONE_LINE,
    LastReview,
    is_off_target,
    last_review,
    render_review_pack,
    stakeholders_to_contact,
)

TODAY = date(2026, 3, 1)

SINCE = "Since the last review"

SECTIONS = [
    "Overdue tactics",
    "Tactics due in the next 30 days",
    "Metrics off target",
    "Stakeholders not contacted in 60 days",
    "Coach findings",
]


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def plan_with(
    tactics: tuple[Tactic, ...] = (),
    metrics: tuple[Metric, ...] = (),
    stakeholders: tuple[Stakeholder, ...] = (),
    name: str = "Northwind Health",
) -> Plan:
    """A plan whose only initiative holds ``tactics``; the rest is as given."""
    initiative = Initiative("Show the value", tactics=tactics, id="i1")
    goal = Goal(
        "Grow revenue 10%",
        measure="+10%",
        due=days(300),
        strategies=(Strategy("New product", initiatives=(initiative,), id="s1"),),
        id="g1",
    )
    return Plan(
        name,
        owner="Dana",
        analysis={key: "answered" for key in ANALYSIS_KEYS},
        vision=Vision("Partner", why="Growth"),
        goals=(goal,),
        stakeholders=stakeholders,
        meetings=(Meeting("QBR"),),
        metrics=metrics,
    )


def sections(markdown: str) -> dict[str, str]:
    """Section title → its body, for the ``##`` sections of the pack."""
    parts = markdown.split("\n## ")[1:]
    return {part.split("\n", 1)[0]: part.split("\n", 1)[1].strip() for part in parts}


def items(body: str) -> list[str]:
    """The list items of a section as a reader sees them (escapes resolved)."""
    seen = []
    for token in MarkdownIt("commonmark").parse(body):
        if token.type == "inline":
            seen.append(
                "".join(
                    " " if child.type == "softbreak" else child.content
                    for child in token.children or ()
                )
            )
    return seen


def test_sections_come_in_order_and_empty_ones_say_so() -> None:
    pack = render_review_pack(plan_with(), TODAY)
    assert pack.startswith("# Review pack: Northwind Health\n")
    assert list(sections(pack)) == ["Executive summary", SINCE, *SECTIONS]
    for title in SECTIONS[:4]:
        assert sections(pack)[title] == NONE_LINE
    assert "Prepared 2026-03-01" in pack and "account manager Dana" in pack


def test_tactics_land_in_overdue_or_due_soon_by_date_and_status() -> None:
    tactics = (
        Tactic("Late call", owner="Dana", due=days(-3)),
        Tactic("Late but done", owner="Dana", due=days(-3), status="done"),
        Tactic("Late but dropped", owner="Dana", due=days(-40), status="dropped"),
        Tactic("Due today", owner="Sam", due=TODAY, status="doing"),
        Tactic("Due in a month", due=days(30)),
        Tactic("Due next quarter", owner="Sam", due=days(31)),
        Tactic("Undated", owner="Sam"),
        Tactic("Soon but done", owner="Sam", due=days(5), status="done"),
    )
    pack = sections(render_review_pack(plan_with(tactics), TODAY))
    overdue, soon = pack[SECTIONS[0]], pack[SECTIONS[1]]
    assert items(overdue) == [
        "Tactic 1.1.1.1: Late call — owner Dana, due 2026-02-26 (3 days late), open"
    ]
    assert items(soon) == [
        "Tactic 1.1.1.4: Due today — owner Sam, due 2026-03-01 (today), doing",
        "Tactic 1.1.1.5: Due in a month — no owner, due 2026-03-31 (in 30 days), open",
    ]


def test_tactics_are_listed_soonest_first_with_the_stakeholder() -> None:
    ada = Stakeholder("Ada", stance="champion", last_contact=TODAY, id="p1")
    tactics = (
        Tactic("Second", owner="Dana", due=days(9)),
        Tactic("First", owner="Dana", due=days(2), stakeholder_id="p1"),
    )
    pack = render_review_pack(plan_with(tactics, stakeholders=(ada,)), TODAY)
    soon = sections(pack)[SECTIONS[1]]
    lines = items(soon)
    assert lines[0].startswith("Tactic 1.1.1.2: First") and "with Ada" in lines[0]
    assert lines[1].startswith("Tactic 1.1.1.1: Second")


@pytest.mark.parametrize(
    ("baseline", "target", "current", "off"),
    [
        (100, 110, 104, True),  # higher is better, not there yet
        (100, 110, 110, False),  # reached
        (100, 110, 120, False),  # beaten
        (12, 8, 10, True),  # lower is better (target below baseline), still above
        (12, 8, 8, False),
        (12, 8, 6, False),
        (None, 5, 3, True),  # no baseline: higher is better
        (None, 5, 7, False),
        (5, 5, 4, True),  # baseline == target: higher is better
        (100, 110, None, False),  # no current value: nothing to judge
        (100, None, 104, False),  # no target: nothing to judge
    ],
)
def test_off_target_follows_the_direction_from_baseline_to_target(
    baseline: float | None, target: float | None, current: float | None, off: bool
) -> None:
    assert is_off_target(Metric("m", baseline=baseline, target=target, current=current)) is off


def test_metrics_off_target_section_lists_only_those_behind() -> None:
    metrics = (
        Metric("Revenue", baseline=1000, target=1100, current=1040.5, unit="k$", goal_id="g1"),
        Metric("No-show rate", baseline=12, target=8, current=10, unit="%"),
        Metric("CSAT", baseline=70, target=75, current=76),
        Metric("Churn", baseline=9, target=5, current=4),
        Metric("New logos", target=3),
    )
    body = sections(render_review_pack(plan_with(metrics=metrics), TODAY))[SECTIONS[2]]
    assert items(body) == [
        "Revenue: 1,040.5 k$ against a target of 1,100 k$ (baseline 1,000 k$)"
        " — Goal 1: Grow revenue 10%",
        "No-show rate: 10 % against a target of 8 % (baseline 12 %)",
    ]


def test_stakeholders_not_contacted_in_60_days_or_ever() -> None:
    people = (
        Stakeholder("Recent", last_contact=days(-10)),
        Stakeholder("Exactly sixty", last_contact=days(-60)),
        Stakeholder("Sixty-one", stance="detractor", last_contact=days(-61), owner="Sam"),
        Stakeholder("Ancient", last_contact=days(-400)),
        Stakeholder("Never", title="CFO", stance="champion", influence="high"),
    )
    body = sections(render_review_pack(plan_with(stakeholders=people), TODAY))[SECTIONS[3]]
    names = [item.split(" — ")[0] for item in items(body)]
    assert names == ["Never, CFO", "Ancient", "Sixty-one"]
    assert items(body)[0].endswith("champion, high influence; never contacted; no owner")
    assert items(body)[2].endswith("last contact 2025-12-30 (61 days ago); owner Sam")


def test_stakeholder_selection_uses_the_date_given() -> None:
    person = Stakeholder("Ada", last_contact=TODAY)
    plan = plan_with(stakeholders=(person,))
    assert stakeholders_to_contact(plan, days(60)) == []
    assert stakeholders_to_contact(plan, days(61)) == [person]


def test_coach_findings_are_the_coachs_for_that_day() -> None:
    tactics = (Tactic("Late call", due=days(-3)),)
    plan = plan_with(tactics)
    body = sections(render_review_pack(plan, TODAY))[SECTIONS[4]]
    messages = [finding.message for finding in check_plan(plan, TODAY)]
    assert "tactic-overdue" in [finding.code for finding in check_plan(plan, TODAY)]
    assert items(body) == messages


def test_a_plan_the_coach_likes_has_an_empty_findings_section() -> None:
    plan = plan_with(
        metrics=(Metric("Revenue", target=1, goal_id="g1"),),
        stakeholders=(Stakeholder("Ada", stance="champion", last_contact=TODAY),),
    )
    # the one strategy is still alone on its goal and cites no analysis
    assert check_plan(plan, TODAY)
    from acct_tui.sample import sample_plan

    day = date(2026, 11, 20)
    pack = render_review_pack(sample_plan(day), day)
    assert sections(pack)["Coach findings"] == NONE_LINE
    assert "plan health 100/100" in pack


def test_today_defaults_to_the_clock() -> None:
    plan = plan_with((Tactic("Long ago", owner="Dana", due=date(2000, 1, 1)),))
    assert "Long ago" in sections(render_review_pack(plan))[SECTIONS[0]]


def _structure(markdown: str) -> list[tuple[str, str, int]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [(token.type, token.tag, token.level) for token in tokens]


def _inline_text(markdown: str) -> str:
    """All the text a reader sees, with markup resolved."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    return "".join(
        child.content
        for token in tokens
        if token.type == "inline"
        for child in token.children or ()
        if child.type in ("text", "code_inline")
    )


NASTY = "# Win | [x](http://e.com) <b>bold</b> *em* `code` \\ - 1. > "


def test_user_text_never_changes_the_structure() -> None:
    def pack(text: str) -> str:
        return render_review_pack(
            plan_with(
                tactics=(Tactic(text, owner=text, due=TODAY),),
                metrics=(Metric(text, target=2, current=1, unit=text, goal_id="g1"),),
                stakeholders=(Stakeholder(text, title=text, owner=text),),
                name=text,
            ),
            TODAY,
        )

    plain, nasty = pack("plain"), pack(NASTY)
    assert _structure(nasty) == _structure(plain)
    assert NASTY.strip() in _inline_text(nasty)


# --- since the last review ----------------------------------------------------------


def test_since_the_last_review_shows_the_diff_from_that_version() -> None:
    before = plan_with((Tactic("Call the CIO", owner="Dana", id="t1"),))
    after = plan_with((Tactic("Call the CIO", owner="Sam", status="done", id="t1"),))
    pack = render_review_pack(after, TODAY, LastReview(before, "review 2026-02-01", date(2026, 2, 1)))
    body = pack.split("## Since the last review (2026-02-01)\n\n")[1].split("\n## ")[0]
    assert "### Tactics\n\n- Tactic 1.1.1.1 “Call the CIO”\n  - Owner: Dana → Sam\n  - Status: open → done" in body
    assert "### Plan health" in body


def test_since_the_last_review_with_no_change_says_so() -> None:
    plan = plan_with()
    pack = render_review_pack(plan, TODAY, LastReview(plan, "review 2026-02-01", date(2026, 2, 1)))
    assert sections(pack)["Since the last review (2026-02-01)"] == "_No changes since review 2026-02-01._"


def test_since_the_last_review_without_one_says_none_is_marked() -> None:
    assert sections(render_review_pack(plan_with(), TODAY))[SINCE].startswith(
        "_No review has been marked held yet"
    )


def test_last_review_is_the_newest_review_snapshot(tmp_path, monkeypatch) -> None:
    history = History(tmp_path, "plan1")
    assert last_review(history) == LastReview()
    first, second = (replace(plan_with(name=name), id="plan1") for name in ("First", "Second"))
    for plan, kind, day in ((first, "review", 5), (second, "review", 6), (replace(first, name="X"), "export", 7)):
        when = datetime(2026, 2, day, 12, tzinfo=timezone.utc)
        monkeypatch.setattr(clock, "today", lambda when=when: when.date())  # the day a snapshot is taken on
        history.take(plan, kind, when=when)
    last = last_review(history)
    assert (last.plan, last.when, last.day) == (second, "review 2026-02-06", date(2026, 2, 6))


def test_a_history_that_cant_be_read_is_said_in_the_pack(tmp_path, monkeypatch) -> None:
    def unreadable(self, kind=None):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(History, "latest", unreadable)
    last = last_review(History(tmp_path, "plan1"))
    assert last.plan is None and "Permission denied" in last.problem
    assert sections(render_review_pack(plan_with(), TODAY, last))[SINCE].startswith("_Can't read the plan's history")
