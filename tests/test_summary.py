"""The executive summary: goals with progress, the top risks, the asks, and the Risks & asks step."""

from __future__ import annotations

from acct_tui.steps import STEP_KEYS

from dataclasses import replace
from datetime import date
from pathlib import Path

import cmarkgfm
import pytest
from textual.widgets import TextArea

from acct_tui.markdown import render_plan_markdown
from acct_tui.model import Goal, Initiative, Metric, Plan, Stakeholder, Strategy, Tactic, Vision
from acct_tui.review import render_review_pack
from acct_tui.sample import sample_plan
from acct_tui.steps import step_states
from acct_tui.store import PlanStore
from acct_tui.summary import TOP_RISKS, Risk, progress_words, summarize, summary_lines
from screens.steps.records import progress_bar
from ui_helpers import new_app, open_plan_at, stored_plans, visible_text, wait_until

TODAY = date(2026, 6, 1)


def plan_with(**changes) -> Plan:
    """Two goals, one measured by two metrics, one by none; a detractor nobody works on; a late tactic."""
    tactics = (
        Tactic("Send the quote", "Sam", date(2026, 5, 20), "open", id="t1"),
        Tactic("Old call", "Sam", date(2026, 1, 1), "done", id="t2"),  # done: never late
        Tactic("Meet the CFO", "Dana", date(2026, 9, 1), "doing", "p2", id="t3"),
    )
    goals = (
        Goal("Grow revenue", "+10%", date(2027, 1, 31),
             (Strategy("Expand", (Initiative("Quote", tactics, id="i1"),), id="s1"),), id="g1"),
        Goal("Renew", "three-year term", date(2026, 3, 31), id="g2"),
        Goal("Be a reference", "one case study", id="g3"),
    )
    metrics = (
        Metric("Revenue", 100, 110, 102.5, "k USD", "g1", id="k1"),  # on its way: not a risk
        Metric("Churn", 10, 5, 12, "%", "g1", id="k2"),  # worse than baseline
        Metric("Term", 0, 3, 1, "years", "g2", id="k3"),  # goal due and target not reached
    )
    people = (
        Stakeholder("Graham Pike", stance="detractor", id="p1"),
        Stakeholder("Tom Lind", stance="skeptic", influence="high", id="p2"),  # t3 works on him
    )
    fields = dict(
        name="Acme", vision=Vision("Be their partner\nfor patients."), goals=goals, metrics=metrics,
        stakeholders=people, risks="Budget freeze.", asks="An engineer.", id="plan1",
    )
    return Plan(**{**fields, **changes})


def test_goals_carry_their_metrics_progress_in_the_apps_words() -> None:
    found = summarize(plan_with(), TODAY)
    assert [(g.label, g.title) for g in found.goals] == [("Goal 1", "Grow revenue"), ("Goal 2", "Renew"),
                                                        ("Goal 3", "Be a reference")]
    assert [(m.name, m.progress) for m in found.goals[0].metrics] == [("Revenue", "25%"), ("Churn", "0%")]
    assert [(m.name, m.progress) for m in found.goals[1].metrics] == [("Term", "33%")]
    assert found.goals[2].metrics == ()
    assert found.vision == "Be their partner\nfor patients."
    assert (found.own_risks, found.asks) == ("Budget freeze.", "An engineer.")


@pytest.mark.parametrize(
    "metric",
    [
        Metric("a", 100, 110, 102.5), Metric("b", 10, 5, 12), Metric("c", 0, 3, 3), Metric("d", 0, 3, 4),
        Metric("e", None, 3, 3), Metric("f", None, 3, 1), Metric("g", 1, 3, None), Metric("h", 5, 5, 5),
        *sample_plan().metrics,
    ],
    ids=lambda m: m.name,
)
def test_progress_words_are_the_reporting_tables_without_the_bar(metric: Metric) -> None:
    """One source: the export says what the Progress column shows, bar aside."""
    shown = progress_bar(metric).plain.lstrip("█░ ")
    assert progress_words(metric) == shown


def test_risks_are_unmitigated_detractors_late_tactics_and_troubled_metrics() -> None:
    risks = summarize(plan_with(), TODAY).risks
    assert risks == (
        Risk("Graham Pike", "detractor, medium influence, and no tactic works on them"),
        Risk("Tactic 1.1.1.1: Send the quote", "12 days late, owner Sam"),
        Risk("Churn", "moving the wrong way: 12 % against a baseline of 10 %"),
        Risk("Term", "1 years against a target of 3 years; its goal was due 2026-03-31"),
    )


def test_a_detractor_someone_works_on_is_no_longer_a_risk() -> None:
    plan = plan_with()
    goal = plan.goals[0]
    initiative = goal.strategies[0].initiatives[0]
    initiative = replace(initiative, tactics=(*initiative.tactics, Tactic("Win Graham over", stakeholder_id="p1")))
    goal = replace(goal, strategies=(replace(goal.strategies[0], initiatives=(initiative,)),))
    subjects = [risk.subject for risk in summarize(replace(plan, goals=(goal, *plan.goals[1:])), TODAY).risks]
    assert "Graham Pike" not in subjects and "Churn" in subjects


def html_of(blocks: list[str]) -> str:
    return cmarkgfm.github_flavored_markdown_to_html("\n\n".join(blocks))


def test_summary_lines_read_as_a_heading_a_goal_table_risks_and_asks() -> None:
    html = html_of(summary_lines(summarize(plan_with(), TODAY)))
    assert html.startswith("<h2>Executive summary</h2>")
    assert "<p><strong>Vision:</strong> Be their partner\nfor patients.</p>" in html
    assert html.count("<table>") == 1 and html.count("<tr>") == 4  # a header and one row per goal
    assert "<td>Revenue; Churn</td>\n<td>25%; 0%</td>" in html
    assert "<td>one case study</td>\n<td>no metric yet</td>" in html  # no metric: the goal's own measure
    assert "<h3>Top risks</h3>\n<p>Budget freeze.</p>" in html
    assert html.count("<li>") == 4
    assert "<h3>Asks</h3>\n<p>An engineer.</p>" in html
    assert "<strong>Health:</strong>" in html


def test_only_the_top_risks_are_listed_and_the_rest_counted() -> None:
    people = tuple(Stakeholder(f"Person {n}", stance="detractor", id=f"p{n}") for n in range(TOP_RISKS + 3))
    html = html_of(summary_lines(summarize(Plan("Acme", stakeholders=people), TODAY)))
    assert html.count("<li>") == TOP_RISKS + 1
    assert "<li><em>and 3 more</em></li>" in html


def test_an_empty_plan_says_what_is_missing() -> None:
    text = "\n\n".join(summary_lines(summarize(Plan("Acme"), TODAY)))
    for words in ("*No vision statement yet*", "*No goals yet*", "*No risks named, and none the plan shows*",
                  "*No asks yet*"):
        assert words in text


def test_the_internal_edition_and_the_review_pack_open_with_it_the_customer_edition_never() -> None:
    plan = plan_with()
    internal = render_plan_markdown(plan, today=TODAY)
    assert internal.index("## Executive summary") < internal.index("## Analysis")
    assert "Budget freeze." in internal and "An engineer." in internal
    pack = render_review_pack(plan, TODAY)
    assert pack.index("## Executive summary") < pack.index("## Since the last review")
    customer = render_plan_markdown(plan, audience="customer", today=TODAY)
    assert "Executive summary" not in customer and "Budget freeze." not in customer


def test_the_risks_step_counts_once_it_holds_risks_or_asks() -> None:
    assert step_states(Plan("Acme"))["risks"] == "empty"
    assert step_states(Plan("Acme", asks="An engineer."))["risks"] == "complete"
    assert step_states(Plan("Acme", risks="Budget freeze."))["risks"] == "complete"


async def test_risks_and_asks_typed_in_the_step_reach_disk_and_the_summary(tmp_path: Path) -> None:
    db = tmp_path / "store"
    with PlanStore(db) as store:
        store.save(Plan("Acme", id="plan1"))
    app = new_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        wizard = await open_plan_at(pilot, "risks")
        assert f"Step {STEP_KEYS.index('risks') + 1} of {len(STEP_KEYS)}: Risks & asks" in visible_text(app)
        assert "Risks: what could stop this plan?" in visible_text(app)
        await pilot.press(*"Budget freeze")
        wizard.query_one("#inline-asks", TextArea).focus()
        await pilot.press(*"An engineer")
        await wait_until(pilot, lambda: stored_plans(db)[0].asks == "An engineer", "the asks are saved")
        await wait_until(pilot, lambda: wizard.states.get("risks") == "complete", "the step is complete")
    [plan] = stored_plans(db)
    assert (plan.risks, plan.asks) == ("Budget freeze", "An engineer")
    text = render_plan_markdown(plan)
    assert "### Top risks\n\nBudget freeze\n" in text and "### Asks\n\nAn engineer\n" in text

