"""The org chart from reporting lines: order, missing managers, loops broken safely, the form's loop rule."""

from __future__ import annotations

from datetime import date

import cmarkgfm  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from acct_tui import orgchart
from acct_tui.markdown import render_plan_markdown
from acct_tui.model import Plan, Stakeholder


def person(pid: str, reports_to: str = "", **fields: object) -> Stakeholder:
    return Stakeholder(pid.upper(), id=pid, reports_to_id=reports_to, **fields)  # type: ignore[arg-type]


def drawn(plan: Plan) -> list[tuple[str, int, str]]:
    return [(line.person.id, line.depth, line.note) for line in orgchart.chart(plan)]


def test_people_sit_under_their_manager_in_plan_order() -> None:
    plan = Plan("Acme", stakeholders=(person("b", "a"), person("a"), person("d", "a"), person("c", "b"), person("e")))
    assert drawn(plan) == [("a", 0, ""), ("b", 1, ""), ("c", 2, ""), ("d", 1, ""), ("e", 0, "")]


def test_someone_reporting_to_a_missing_person_is_a_root_and_says_so() -> None:
    plan = Plan("Acme", stakeholders=(person("a", "gone"), person("b", "a")))
    assert drawn(plan) == [("a", 0, orgchart.MISSING_NOTE), ("b", 1, "")]


def test_a_loop_is_broken_at_the_person_listed_first() -> None:
    plan = Plan("Acme", stakeholders=(person("x"), person("c", "a"), person("a", "b"), person("b", "c"), person("d", "b")))
    # c is first in plan order among the loop a→b→c→a: its link is set aside.
    assert drawn(plan) == [("x", 0, ""), ("c", 0, orgchart.LOOP_NOTE), ("b", 1, ""), ("a", 2, ""), ("d", 2, "")]


@given(st.lists(st.integers(min_value=-1, max_value=7), min_size=1, max_size=8))
def test_everyone_appears_exactly_once_whatever_the_links(links: list[int]) -> None:
    """Any links, loops included: the chart lists each person once, each child one level under its manager."""
    ids = [f"p{n}" for n in range(len(links))]
    people = tuple(
        person(pid, f"p{target}" if 0 <= target < len(ids) and target != n else ("ghost" if target == 7 else ""))
        for n, (pid, target) in enumerate(zip(ids, links))
    )
    lines = orgchart.chart(Plan("Acme", stakeholders=people))
    assert sorted(line.person.id for line in lines) == sorted(ids)
    manager, _ = orgchart.managers(Plan("Acme", stakeholders=people))
    for before, line in zip([None, *lines], lines):
        if line.depth:
            assert before is not None and before.depth >= line.depth - 1
            assert line.person.id in manager


def test_the_loop_rule_refuses_a_loop_and_names_the_chain() -> None:
    plan = Plan("Acme", stakeholders=(person("a"), person("b", "a"), person("c", "b")))
    assert orgchart.loop_problem(plan, "a", "c") == "That would make a reporting loop: C already reports (through B) to this person."
    assert orgchart.loop_problem(plan, "a", "b") == "That would make a reporting loop: B already reports to this person."
    assert orgchart.loop_problem(plan, "c", "a") == ""
    assert orgchart.loop_problem(plan, "a", "") == ""
    assert orgchart.loop_problem(plan, "a", "a") == "A person can't report to themselves."


def test_the_loop_rule_stops_on_a_loop_already_in_the_data() -> None:
    plan = Plan("Acme", stakeholders=(person("a", "b"), person("b", "a"), person("c")))
    assert orgchart.loop_problem(plan, "c", "a") == ""


def test_a_line_says_title_stance_coverage_and_last_contact() -> None:
    amara = Stakeholder("Amara", title="CIO", stance="champion", owner="Dana", last_contact=date(2026, 11, 2))
    assert orgchart.describe(amara) == "Amara — CIO · champion · covered by Dana · last contact 2026-11-02"
    assert orgchart.describe(Stakeholder("Bo")) == "Bo · neutral · not covered by our team · never contacted"


def test_markdown_is_a_nested_list_with_coverage_contact_next_step_and_influence() -> None:
    plan = Plan(
        "Acme",
        stakeholders=(
            person("a", title="COO", owner="Dana", last_contact=date(2026, 11, 2), influence_ids=("b",)),
            person("b", "a", next_step="Send the *benchmark*"),
        ),
    )
    lines = orgchart.markdown_lines(plan)
    assert lines == [
        "### Org chart",
        "",
        "- **A** (COO) — covered by Dana · last contact 2026-11-02 · influences B",
        "  - **B** — not covered · never contacted · next step: Send the \\*benchmark\\*",
    ]
    html = cmarkgfm.github_flavored_markdown_to_html("\n".join(lines))
    assert html.count("<ul>") == 2 and "Send the *benchmark*" in html
    internal = render_plan_markdown(plan)
    assert "\n".join(lines) in internal
    assert "Org chart" not in render_plan_markdown(plan, audience="customer")


def test_no_chart_in_markdown_when_it_would_repeat_the_table() -> None:
    assert orgchart.markdown_lines(Plan("Acme", stakeholders=(person("a"), person("b")))) == []
