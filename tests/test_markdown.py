"""The Markdown export: exact output, escaping, the customer edition and its leak proof."""

from __future__ import annotations

import typing
from dataclasses import fields, replace
from datetime import date, datetime, timezone

import cmarkgfm
import pytest
from markdown_it import MarkdownIt

from acct_tui import coach, edit
from acct_tui.sample import large_plan
from acct_tui.markdown import (
    INTERNAL_ANALYSIS_KEYS,
    INTERNAL_FIELDS,
    escape_inline,
    render_plan_markdown,
    slugify,
)
from acct_tui.model import (
    ANALYSIS_KEYS,
    DECISION_ROLES,
    INFLUENCE_LEVELS,
    STANCES,
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
    Whitespace,
    WhitespaceCell,
)

MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")
TODAY = date(2026, 3, 2)
UPDATED = datetime(2026, 3, 1, 14, 5, tzinfo=timezone.utc)


def small_plan() -> Plan:
    """A small plan that touches every part of the outline, with fixed ids and times."""
    tactics = (
        Tactic("Quantify the CSAT effect", "PMM", date(2027, 1, 31), "doing", "p1", id="t1"),
        Tactic("Meet the VP", "Jane", None, "done", "p2", id="t2"),
        Tactic("Cold-call the board", "", None, "dropped", id="t3"),
    )
    return Plan(
        name="Northwind Health",
        industry="Healthcare",
        owner="Jane Doe",
        start=date(2026, 1, 1),
        review=date(2026, 7, 1),
        analysis={"inside": "Reorg under way.\nNew CIO since May.", "market": "Consolidating"},
        vision=Vision("Be their patient-data platform.", "They want one vendor."),
        goals=(
            Goal(
                "Grow revenue 10%",
                "+10% revenue",
                date(2027, 1, 31),
                (
                    Strategy(
                        "Introduce the new product",
                        (Initiative("Tie value to CSAT", tactics, id="i1"),),
                        ("inside", "market"),
                        id="s1",
                    ),
                    Strategy("Expand to new sites", id="s2"),
                ),
                id="g1",
            ),
        ),
        stakeholders=(
            Stakeholder(
                "Dana Lee", "VP Operations", "decision maker", "high", "champion", "Jane",
                date(2026, 2, 1), "Likes data.\nPrefers email.", id="p1",
            ),
            Stakeholder("Sam Roe", stance="detractor", id="p2"),
        ),
        meetings=(
            Meeting("QBR", "quarterly", "Dana, Jane", "Review progress", date(2026, 4, 1), id="m1"),
        ),
        metrics=(Metric("Revenue", 1_200_000, 1_320_000, 12.5, "USD", "g1", id="k1"),),
        tools=(SellingTool("ROI calculator", "Shows payback.\nIn 3 months.", id="x1"),),
        risks="Budget freeze from Q2.",
        asks="A solutions engineer for the pilot.\nA VP at the QBR.",
        updated=UPDATED,
        id="plan1",
    )


@pytest.fixture
def fixed_coach(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the coach so these tests see format changes here, not rule changes there."""
    findings = [
        coach.Finding("fake", "Strategy 1.2 “Expand to new sites” has no initiative", "strategies"),
        coach.Finding("fake", "Answer <this> & *that*", "analysis"),
    ]
    monkeypatch.setattr(coach, "check_plan", lambda plan, today=None: findings)
    monkeypatch.setattr(coach, "health_score", lambda plan, today=None: 71)


GOLDEN_INTERNAL = """\
# Northwind Health — Account plan

- **Owner:** Jane Doe
- **Industry:** Healthcare
- **Start:** 2026-01-01
- **Next review:** 2026-07-01
- **Last updated:** 2026-03-01 14:05 UTC

## Executive summary

**Vision:** Be their patient-data platform.

| Goal | Due | Measured by | Progress |
| --- | --- | --- | --- |
| Goal 1: Grow revenue 10% | 2027-01-31 | Revenue | 0% |

**Health:** 71/100 — the coach flags 2 things

### Top risks

Budget freeze from Q2.

- **Revenue:** moving the wrong way: 12.5 USD against a baseline of 1,200,000 USD

### Asks

A solutions engineer for the pilot.\\
A VP at the QBR.

## Analysis

### What is happening inside the account?

Reorg under way.\\
New CIO since May.

### Where is the account heading?

*Not answered yet*

### Who are the key influencers?

*Not answered yet*

### How is the market evolving?

Consolidating

### How is the competition evolving?

*Not answered yet*

## Vision

Be their patient-data platform.

**Why:** They want one vendor.

## Goals

### Goal 1: Grow revenue 10%

**Measure:** \\+10% revenue · **Due:** 2027-01-31

**Metrics:** Revenue

#### Strategy 1.1: Introduce the new product

**Responds to:** What is happening inside the account? · How is the market evolving?

**Initiative 1.1.1:** Tie value to CSAT · 1 of 2 tactics done

- [ ] Quantify the CSAT effect — PMM · due 2027-01-31 · doing · works on Dana Lee
- [x] Meet the VP — Jane · done · works on Sam Roe
- [ ] ~~Cold-call the board~~ — no owner · dropped

#### Strategy 1.2: Expand to new sites

*No initiatives yet*

## Relationships

| Name | Title | Role | Influence | Stance | Owner | Last contact |
| --- | --- | --- | --- | --- | --- | --- |
| Dana Lee | VP Operations | decision maker | high | champion | Jane | 2026-02-01 |
| Sam Roe | — | other | medium | detractor | — | — |

### Notes

- **Dana Lee:** Likes data.\\
  Prefers email.

### Detractors and skeptics

- **Sam Roe:** mitigated by Meet the VP (Initiative 1.1.1)

## Cadence

| Meeting | Frequency | Attendees | Purpose | Next date |
| --- | --- | --- | --- | --- |
| QBR | quarterly | Dana, Jane | Review progress | 2026-04-01 |

## Reporting

| Metric | Progress | Baseline | Target | Current | Unit | Goal |
| --- | --- | --- | --- | --- | --- | --- |
| Revenue | 0% | 1,200,000 | 1,320,000 | 12.5 | USD | Goal 1 |

## Selling tools

- **ROI calculator:** Shows payback.\\
  In 3 months.

## Plan health

**Score:** 71/100

- Strategy 1.2 “Expand to new sites” has no initiative
- Answer \\<this> & \\*that\\*
"""


def test_golden_internal_export(fixed_coach: None) -> None:
    assert render_plan_markdown(small_plan(), today=TODAY) == GOLDEN_INTERNAL


def shared_everywhere(plan: Plan) -> Plan:
    """``plan`` with every item marked shared with the customer (the small plan's revenue
    goal and metric are internal by default: acct_tui.sharing; tests/test_sharing.py)."""
    for node, _ in list(edit.walk(plan)):
        plan = edit.update_node(plan, node.id, shared=True)
    return replace(plan, updated=UPDATED)


def test_golden_customer_export(fixed_coach: None) -> None:
    """The customer edition of a plan whose items are all shared: the same outline, less the politics."""
    expected = GOLDEN_INTERNAL.split("## Plan health")[0].rstrip("\n") + "\n"
    expected = expected.replace(
        "# Northwind Health — Account plan\n\n",
        "# Northwind Health — Account plan\n\n"
        "*Customer edition — prepared to share with the account. "
        "This edition holds only the items marked shared with the customer.*\n\n",
    )
    summary = expected[expected.index("## Executive summary") : expected.index("## Analysis")]
    expected = expected.replace(summary, "")  # for leadership: internal only
    expected = expected.replace(" · works on Dana Lee", "").replace(" · works on Sam Roe", "")
    expected = expected.replace("### Who are the key influencers?\n\n*Not answered yet*\n\n", "")
    expected = expected.replace("### How is the competition evolving?\n\n*Not answered yet*\n\n", "")
    internal_people = expected[expected.index("| Name | Title | Role") : expected.index("## Cadence")]
    customer_people = (
        "| Name | Title | Last contact |\n"
        "| --- | --- | --- |\n"
        "| Dana Lee | VP Operations | 2026-02-01 |\n"
        "| Sam Roe | — | — |\n\n"
    )
    expected = expected.replace(internal_people, customer_people)
    assert render_plan_markdown(shared_everywhere(small_plan()), audience="customer", today=TODAY) == expected


def test_empty_sections_get_a_placeholder_never_an_empty_table() -> None:
    text = render_plan_markdown(Plan(name="Acme", updated=UPDATED), today=TODAY)
    for placeholder in (
        "*Not answered yet*",
        "*No vision statement yet*",
        "*No goals yet*",
        "*No stakeholders yet*",
        "*No meetings yet*",
        "*No metrics yet*",
        "*No selling tools yet*",
    ):
        assert placeholder in text
    assert "|" not in text
    assert not [t for t in MD.parse(text) if t.type == "table_open"]


def test_empty_branches_of_the_goal_tree_say_so() -> None:
    plan = Plan(
        name="Acme",
        goals=(Goal("Bare goal", strategies=(Strategy("Bare strategy", (Initiative("Bare"),)),)),),
    )
    text = render_plan_markdown(plan, today=TODAY)
    assert "**Initiative 1.1.1:** Bare\n\n*No tactics yet*" in text
    text = render_plan_markdown(Plan(name="Acme", goals=(Goal("Bare goal"),)), today=TODAY)
    assert "### Goal 1: Bare goal\n\n*No strategies yet*" in text


def test_numbering_counts_goals_strategies_and_initiatives() -> None:
    strategies = tuple(
        Strategy(f"S{s}", tuple(Initiative(f"I{i}") for i in range(1, 3))) for s in range(1, 3)
    )
    plan = Plan(name="Acme", goals=(Goal("G1"), Goal("G2", strategies=strategies)))
    lines = render_plan_markdown(plan).splitlines()
    headings = [line for line in lines if line.startswith("###") or line.startswith("**Initiative")]
    assert headings == [
        "### Top risks",
        "### Asks",
        "### What is happening inside the account?",
        "### Where is the account heading?",
        "### Who are the key influencers?",
        "### How is the market evolving?",
        "### How is the competition evolving?",
        "### Goal 1: G1",
        "### Goal 2: G2",
        "#### Strategy 2.1: S1",
        "**Initiative 2.1.1:** I1",
        "**Initiative 2.1.2:** I2",
        "#### Strategy 2.2: S2",
        "**Initiative 2.2.1:** I1",
        "**Initiative 2.2.2:** I2",
    ]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (10.0, "10"),
        (12.5, "12.5"),
        (-3.0, "-3"),
        (0.1, "0.1"),
        (1_200_000.0, "1,200,000"),
        (None, "—"),
    ],
)
def test_metric_numbers_are_shown_plainly(value: float | None, shown: str) -> None:
    plan = Plan(name="Acme", metrics=(Metric("M", value, None, None),))
    assert f"| M | — | {shown} | — | — | — | — |" in render_plan_markdown(plan)


def test_unknown_audience_is_refused() -> None:
    with pytest.raises(ValueError, match="customer"):
        render_plan_markdown(small_plan(), audience="board")


def test_real_coach_findings_and_score_are_in_the_internal_export() -> None:
    plan = small_plan()
    text = render_plan_markdown(plan, today=TODAY)
    findings = coach.check_plan(plan, TODAY)
    assert findings, "the small plan has gaps the coach should flag"
    assert f"**Score:** {coach.health_score(plan, TODAY)}/100" in text
    health = text.split("## Plan health")[1]
    for finding in findings:
        assert f"- {escape_inline(finding.message)}" in health


# --- escaping --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        *[(prose, prose) for prose in ["Grow revenue 10% (FY27), e.g. for Q3: \"yes\"!", "a-b + c = d."]],
        ("# Win", "\\# Win"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("* item", "\\* item"),
        ("1. first", "1\\. first"),
        ("2024) recap", "2024\\) recap"),
        ("> quote", "\\> quote"),
        ("===", "\\==="),
        ("a | b", "a \\| b"),
        ("[x](y) ![i](j)", "\\[x\\](y) !\\[i\\](j)"),
        ("<b>bold</b> <http://x>", "\\<b>bold\\</b> \\<http://x>"),
        ("`code` ~~~ ~~gone~~", "\\`code\\` \\~\\~\\~ \\~\\~gone\\~\\~"),
        ("*em* _em_ snake_case", "\\*em\\* \\_em\\_ snake\\_case"),
        ("R&D &amp; &#32; & co", "R\\&D \\&amp; \\&\\#32; & co"),
        ("& co", "\\& co"),
        ("back\\slash", "back\\\\slash"),
        ("  indented  ", "&#32;&#32;indented&#32;&#32;"),
        ("\tx", "&#9;x"),
        ("a\nb", "a&#10;b"),
        ("bell\x07 esc\x1b[31m", "bell\ufffd esc\ufffd\\[31m"),
        ("\ufeffbom", "&#65279;bom"),
        ("שלום 😀", "שלום 😀"),
        ("", ""),
    ],
)
def test_escape_inline(text: str, escaped: str) -> None:
    assert escape_inline(text) == escaped


NASTY_TITLES = ["# Win", "- item", "1. first", "a | b", "[x](y)", "<b>hi</b>", "`x`", "&amp;", "  code"]


def nasty_plan() -> Plan:
    """The small plan with markup-looking text in the headings, lists and tables."""
    plan = small_plan()
    goal = plan.goals[0]
    goal = replace(goal, title="# Win", measure="| + 10 |")
    strategy = replace(goal.strategies[0], title="- item")
    initiative = replace(strategy.initiatives[0], title="1. first")
    tactic = replace(initiative.tactics[0], action="[x](y) <b>hi</b>", owner="a | b")
    initiative = replace(initiative, tactics=(tactic, *initiative.tactics[1:]))
    strategy = replace(strategy, initiatives=(initiative,))
    goal = replace(goal, strategies=(strategy, *goal.strategies[1:]))
    person = replace(plan.stakeholders[0], name="`x` &amp;", notes="> quote\n===\n  code")
    return replace(plan, goals=(goal,), stakeholders=(person, *plan.stakeholders[1:]))


def shown(inline) -> str:
    """The text a reader sees in an inline token (what the parser made of the source)."""
    return "".join(child.content for child in inline.children if child.type == "text")


def test_nasty_text_comes_out_literally_in_markdown_it() -> None:
    tokens = MD.parse(render_plan_markdown(nasty_plan(), today=TODAY))
    headings = [shown(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "Goal 1: # Win" in headings
    assert "Strategy 1.1: - item" in headings
    inline_text = [shown(t) for t in tokens if t.type == "inline"]
    assert "Initiative 1.1.1: 1. first · 1 of 2 tactics done" in inline_text
    assert "`x` &amp;" in inline_text  # the stakeholder's name in its table cell
    assert "[x](y) <b>hi</b> — a | b · due 2027-01-31 · doing · works on `x` &amp;" in [
        text.removeprefix("[ ] ") for text in inline_text
    ]
    assert not [t for t in tokens if t.type in ("blockquote_open", "code_block", "ordered_list_open")]
    assert sum(t.type == "table_open" for t in tokens) == 4
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == 1 + 2 + 1 + 1 + 4  # rows of the summary, people, cadence, reporting; 4 headers


def test_sample_like_plan_renders_on_github_flavoured_markdown() -> None:
    """A second renderer (cmark-gfm, GitHub's) sees the tables, task list and headings."""
    html = cmarkgfm.github_flavored_markdown_to_html(render_plan_markdown(nasty_plan(), today=TODAY))
    assert html.count("<table>") == 4  # the summary's goals, people, cadence, reporting
    assert html.count('<input type="checkbox" checked="" disabled="" />') == 1
    assert html.count('<input type="checkbox" disabled="" />') == 2
    assert "<del>Cold-call the board</del>" in html
    assert "<h3>Goal 1: # Win</h3>" in html
    assert "<h4>Strategy 1.1: - item</h4>" in html
    assert "<p><strong>Initiative 1.1.1:</strong> 1. first · 1 of 2 tactics done</p>" in html
    assert "[x](y) &lt;b&gt;hi&lt;/b&gt; — a | b" in html
    assert "<td>`x` &amp;amp;</td>" in html
    assert "&gt; quote<br />\n===<br />\n  code" in html
    for tag in ("<b>", "<a ", "<code>", "<pre>", "<blockquote>", "<ol", "<h1>Win"):
        assert tag not in html


def test_multi_line_text_keeps_its_line_breaks_in_one_paragraph() -> None:
    plan = Plan(name="Acme", vision=Vision("Line one\n\n- not a list\nlast\n"))
    text = render_plan_markdown(plan)
    assert "Line one\\\n\\\n\\- not a list\\\nlast&#10;\n" in text
    tokens = MD.parse(text)
    vision = tokens[[t.content for t in tokens].index("Vision") + 3]
    kinds = [child.type for child in vision.children]
    assert kinds == ["text", "hardbreak", "hardbreak", "text", "hardbreak", "text"]
    assert "".join(c.content or "\n" for c in vision.children) == "Line one\n\n- not a list\nlast\n"


def test_a_large_plan_exports_every_tactic() -> None:
    """Speed is the benchmark's business (bench/); here: nothing is lost at size."""
    plan = large_plan()
    text = render_plan_markdown(plan)
    assert text.count("- [ ] ") + text.count("- [x] ") == 450


# --- slugs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Northwind Health", "northwind-health"),
        ("  Café Ñandú & Co. ", "cafe-nandu-co"),
        ("../../etc/passwd", "etc-passwd"),
        ("東京", "account"),
        ("", "account"),
        ("x" * 100, "x" * 60),
    ],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


# --- the customer edition ------------------------------------------------------------

PUBLIC_FIELDS: frozenset[tuple[type, str]] = frozenset(
    {
        *((Plan, name) for name in ("name", "industry", "owner", "start", "review", "analysis")),
        *((Plan, name) for name in ("vision", "goals", "stakeholders", "meetings", "metrics")),
        (Plan, "tools"),
        (Plan, "updated"),
        (Vision, "statement"),
        (Vision, "why"),
        *((Goal, name) for name in ("title", "measure", "due", "strategies")),
        *((Goal, name) for name in ("joint", "customer_owner", "commitments")),  # joint goals are shared by nature
        *((Strategy, name) for name in ("title", "initiatives", "analysis_refs")),
        *((Initiative, name) for name in ("title", "tactics")),
        *((Tactic, name) for name in ("action", "owner", "due", "status")),
        *((Stakeholder, name) for name in ("name", "title", "last_contact")),
        *((Meeting, name) for name in ("name", "frequency", "attendees", "purpose", "next_date", "goal_ids")),
        *((Metric, name) for name in ("name", "baseline", "target", "current", "unit", "goal_id")),
        (SellingTool, "name"),
        (SellingTool, "purpose"),
    }
)
"""What the customer edition may show. Every field is public, internal, or an id."""

MEMBERSHIP_FIELDS: frozenset[tuple[type, str]] = frozenset(
    (record, "shared") for record in (Goal, Strategy, Initiative, Tactic, Stakeholder, Meeting, Metric, SellingTool)
)
"""Neither public nor internal: ``shared`` is never shown, it decides whether the
record is in the customer edition at all (tests/test_sharing.py proves that an
unshared record, whatever it holds, leaves the customer edition's bytes alone)."""

RECORDS = (Plan, Vision, Goal, Strategy, Initiative, Tactic, Stakeholder, Meeting, Metric, SellingTool)

CHOICES = {"role": DECISION_ROLES, "influence": INFLUENCE_LEVELS, "stance": STANCES}


def test_every_field_is_classified_as_public_or_internal() -> None:
    """A new field fails here until someone decides whether customers may see it."""
    classified = PUBLIC_FIELDS | INTERNAL_FIELDS | MEMBERSHIP_FIELDS
    assert not PUBLIC_FIELDS & INTERNAL_FIELDS
    assert not (PUBLIC_FIELDS | INTERNAL_FIELDS) & MEMBERSHIP_FIELDS
    unclassified = [
        f"{record.__name__}.{f.name}"
        for record in RECORDS
        for f in fields(record)
        if f.name != "id" and (record, f.name) not in classified
    ]
    assert unclassified == []


def linked_plan() -> Plan:
    """The small plan with every internal field set, every link in place, every item shared."""
    plan = shared_everywhere(small_plan())
    people = tuple(
        replace(p, owner="Jane", notes="Some notes", role="gatekeeper", influence="high")
        for p in plan.stakeholders
    )
    return replace(plan, stakeholders=people)


def variants(plan: Plan, record: type, name: str) -> list[object]:
    """Values to try in ``record.name``: every choice, links on and off, or unique markers."""
    if name in CHOICES:
        return list(CHOICES[name])
    if name == "stakeholder_id":
        return ["", *(p.id for p in plan.stakeholders)]
    if name == "reports_to_id":
        return ["", *(p.id for p in plan.stakeholders)]
    if name == "influence_ids":
        return [(), tuple(p.id for p in plan.stakeholders)]
    if name == "goal_ids":
        return [(), tuple(g.id for g in plan.goals)]
    if name == "stakeholder_ids":
        return [(), tuple(p.id for p in plan.stakeholders)]
    if name == "used_by_ids":
        return [(), ("s1",), ("t1", "s2")]
    if name == "reviewed":
        return [None, date(2026, 3, 2), date(2027, 1, 5)]
    if name == "whitespace":
        return [Whitespace(), Whitespace(("LEAKMARKER unit",), ("Scheduling",), (WhitespaceCell("LEAKMARKER unit", "Scheduling", value=5),))]
    hints = typing.get_type_hints(record)
    if hints[name] is str:
        return [f"LEAKMARKER{record.__name__}{name.replace('_', '')}{n}" for n in range(2)]  # no _: Markdown escapes it
    raise AssertionError(f"Add test values for the new internal field {record.__name__}.{name}")


def nodes_of(plan: Plan, record: type) -> list:
    return [node for node, _ in edit.walk(plan) if isinstance(node, record)]


@pytest.mark.parametrize(
    ("record", "name"), sorted(INTERNAL_FIELDS, key=lambda pair: (pair[0].__name__, pair[1]))
)
def test_customer_export_does_not_depend_on_internal_field(record: type, name: str) -> None:
    """Proof by invariance: whatever an internal field holds, the customer sees the same file."""
    plan = linked_plan()
    baseline = render_plan_markdown(plan, audience="customer", today=TODAY)
    internal_differs = False
    nodes = [plan] if record is Plan else nodes_of(plan, record)
    assert nodes, f"the test plan needs a {record.__name__}"
    for node in nodes:
        for value in variants(plan, record, name):
            if value == node.id or (isinstance(value, tuple) and name == "influence_ids"):
                value = tuple(v for v in value if v != node.id) if isinstance(value, tuple) else ""
            if record is Plan:
                changed = replace(plan, **{name: value})
            else:
                changed = replace(edit.update_node(plan, node.id, **{name: value}), updated=plan.updated)
            assert render_plan_markdown(changed, audience="customer", today=TODAY) == baseline
            if isinstance(value, str) and value.startswith("LEAKMARKER"):
                assert value not in baseline
                assert value in render_plan_markdown(changed, today=TODAY)  # shown to the team
            internal_differs |= render_plan_markdown(changed, today=TODAY) != render_plan_markdown(
                plan, today=TODAY
            )
    assert internal_differs, f"{record.__name__}.{name} should show in the internal export"


def with_refs(plan: Plan, refs: tuple[str, ...]) -> Plan:
    strategy = plan.goals[0].strategies[0]
    return replace(edit.update_node(plan, strategy.id, analysis_refs=refs), updated=plan.updated)


@pytest.mark.parametrize("key", INTERNAL_ANALYSIS_KEYS)
def test_customer_export_does_not_depend_on_internal_analysis(key: str) -> None:
    """The same proof for analysis answers that are politics, and strategies citing them."""
    plan = linked_plan()
    baseline = render_plan_markdown(plan, audience="customer", today=TODAY)
    for marker in ("LEAKMARKER1", "LEAKMARKER2\nsecond line"):
        changed = replace(plan, analysis={**plan.analysis, key: marker})
        assert render_plan_markdown(changed, audience="customer", today=TODAY) == baseline
        assert "LEAKMARKER" in render_plan_markdown(changed, today=TODAY)
    public = tuple(k for k in ANALYSIS_KEYS if k != key)
    for refs, same_as in (((key,), ()), (ANALYSIS_KEYS, public)):
        customer = render_plan_markdown(with_refs(plan, refs), audience="customer", today=TODAY)
        expected = render_plan_markdown(with_refs(plan, same_as), audience="customer", today=TODAY)
        assert customer == expected


def test_customer_export_leaves_out_politics_and_health() -> None:
    text = render_plan_markdown(linked_plan(), audience="customer", today=TODAY)
    assert "Customer edition" in text.split("\n\n")[1]
    left_out = ("Plan health", "Stance", "Influence", "Detractors", "Notes", "works on", "mitigated")
    for internal in (*left_out, "key influencers"):
        assert internal not in text
    assert "Plan health" in render_plan_markdown(linked_plan(), today=TODAY)
