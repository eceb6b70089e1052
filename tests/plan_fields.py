"""A plan with every section filled and every text field named, for property and attack tests.

``build_plan(text)`` fills each text field with ``text(field)``, so a test can
put a placeholder, arbitrary text, or an escape sequence in every field of
the model at once; ``FIELDS`` names them all.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timezone
from typing import Callable

from acct_tui.edit import update_node, walk
from acct_tui.model import (
    ANALYSIS_KEYS,
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    SellingTool,
    Stakeholder,
    Strategy,
    Tactic,
    Vision,
)

ONE_LINE_FIELDS = (
    "name",
    "industry",
    "owner",
    "goal.title",
    "goal.measure",
    "goal.customer_owner",
    "strategy.title",
    "initiative.title",
    "open.action",
    "open.owner",
    "done.action",
    "done.owner",
    "dropped.action",
    "dropped.owner",
    "champion.name",
    "champion.title",
    "champion.owner",
    "detractor.name",
    "detractor.title",
    "detractor.owner",
    "meeting.name",
    "meeting.frequency",
    "meeting.attendees",
    "meeting.purpose",
    "metric.name",
    "metric.unit",
    "tool.name",
)
MULTI_LINE_FIELDS = (
    *(f"analysis.{key}" for key in ANALYSIS_KEYS),
    "vision.statement",
    "vision.why",
    "champion.notes",
    "detractor.notes",
    "tool.purpose",
    "plan.risks",
    "plan.asks",
    "goal.commitments",
)
FIELDS = ONE_LINE_FIELDS + MULTI_LINE_FIELDS


def build_plan(text: Callable[[str], str]) -> Plan:
    """A plan with every section filled and every link set; ``text(field)`` fills the text."""
    tactics = (
        Tactic(text("open.action"), text("open.owner"), date(2027, 1, 31), "doing", "p1", id="t1"),
        Tactic(text("done.action"), text("done.owner"), date(2026, 5, 1), "done", id="t2"),
        Tactic(text("dropped.action"), text("dropped.owner"), None, "dropped", "p2", id="t3"),
    )
    strategy = Strategy(
        text("strategy.title"),
        (Initiative(text("initiative.title"), tactics, id="i1"),),
        ("inside", "market"),
        id="s1",
    )
    goal = Goal(
        text("goal.title"), text("goal.measure"), date(2027, 3, 31), (strategy,),
        joint=True, customer_owner=text("goal.customer_owner"), commitments=text("goal.commitments"), id="g1",
    )
    people = (
        Stakeholder(
            text("champion.name"), text("champion.title"), "decision maker", "high",
            "champion", text("champion.owner"), date(2026, 2, 1), text("champion.notes"), id="p1",
        ),
        Stakeholder(
            text("detractor.name"), text("detractor.title"), "gatekeeper", "medium",
            "detractor", text("detractor.owner"), None, text("detractor.notes"), id="p2",
        ),
    )
    plan = Plan(
        name=text("name"),
        industry=text("industry"),
        owner=text("owner"),
        start=date(2026, 1, 1),
        review=date(2026, 6, 30),
        analysis={key: text(f"analysis.{key}") for key in ANALYSIS_KEYS},
        vision=Vision(text("vision.statement"), text("vision.why")),
        goals=(goal,),
        stakeholders=people,
        meetings=(
            Meeting(
                text("meeting.name"), text("meeting.frequency"), text("meeting.attendees"),
                text("meeting.purpose"), date(2026, 4, 1), goal_ids=("g1",), stakeholder_ids=("p1", "p2"), id="m1",
            ),
        ),
        metrics=(Metric(text("metric.name"), 1.0, 12.5, None, text("metric.unit"), "g1", id="k1"),),
        tools=(SellingTool(text("tool.name"), text("tool.purpose"), used_by_ids=("s1", "t1"), id="x1"),),
        risks=text("plan.risks"),
        asks=text("plan.asks"),
        updated=datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc),
        id="plan1",
    )
    # Every item shared with the customer: these tests are about text, and drawn text
    # ("ARR", "sales") must not make an item internal by default (acct_tui.sharing).
    for node, _ in list(walk(plan)):
        plan = update_node(plan, node.id, shared=True)
    return replace(plan, updated=datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc))


def placeholder(index: int) -> str:
    return f"QZ{index}ZQ"


PLACEHOLDER = re.compile(r"QZ(\d+)ZQ")
