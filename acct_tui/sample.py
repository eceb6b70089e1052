"""The sample plan: PRODUCT.md's worked example, fleshed out into a whole account.

``sample_plan()`` is what ``acct-tui sample`` and the home screen's "load the
sample" add. It is meant to teach: every part of the method is filled in and
tied together (strategies cite the analysis, tactics name stakeholders, the
detractor has a mitigating tactic, metrics belong to goals, the meetings review
the goals, strategies and tactics use the selling tools, and one goal is joint
with the customer), so the coach finds nothing to flag. Ids are fixed and readable (``g-revenue``,
``t-vp-csat``) so tests and docs can point at nodes.

The dates are written below as they look on ``SAMPLE_DAY`` and move with the
day the sample is made, in whole weeks (a Monday meeting stays on a Monday):
tactics stay ahead, last contacts recent, so the sample never goes stale.

``large_plan()`` builds a big, complete plan of a chosen shape for
benchmarks (preview speed) and tests.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from acct_tui import clock
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

SAMPLE_PLAN_ID = "sample-northwind"
"""The sample plan's id: ``acct-tui sample`` uses it to avoid adding it twice."""

SAMPLE_DAY = date(2026, 11, 22)
"""The day the sample's dates are written for: ``sample_plan(SAMPLE_DAY)`` has them as written."""

_On = Callable[[int, int, int], date]
"""A written date (year, month, day) as it falls for the day the sample is made."""


def _calendar(today: date) -> _On:
    """Written dates moved by the whole weeks from ``SAMPLE_DAY`` to ``today``."""
    shift = timedelta(weeks=(today - SAMPLE_DAY).days // 7)
    return lambda year, month, day: date(year, month, day) + shift


_AM = "Dana Ruiz"
"""Our account manager, who owns the plan."""
_SE = "Sam Patel"
"""Our solutions engineer."""
_PMM = "Priya Shah"
"""Our product marketing manager."""
_CSM = "Leo Brandt"
"""Our customer success manager."""


def _analysis(year: int) -> dict[str, str]:
    """The five answers; ``year`` is the year the sample is made (2026 as written)."""
    return {
        "inside": (
            "Northwind Health runs five hospitals and 40 clinics across the region. "
            "A new COO (Margaret Okafor) arrived in March with a mandate to lift patient "
            "satisfaction scores, which fell two years running and now cost the group "
            "Medicare reimbursement. Our scheduling product is live in three of the five "
            "hospitals; staff like it, but no-shows are still 12%."
        ),
        "heading": (
            "The board's three-year plan consolidates patient access into one service "
            "centre and makes patient experience a board-level measure (HCAHPS top-box "
            f"from 71% to 75% by {year + 2}). Budget is moving from IT to operations."
        ),
        "influencers": (
            "Margaret Okafor (COO) decides; Daniel Reyes (VP Patient Experience) owns the "
            "satisfaction targets; Aisha Bell (CNO) speaks for the nurses who use the "
            "product; Tom Lindqvist (CFO) signs; Graham Pike (CIO) prefers to buy "
            "everything from the EHR vendor."
        ),
        "market": (
            "Regional hospital groups are consolidating and competing on patient "
            "experience, because reimbursement now depends on it. Peers publish "
            "their satisfaction results and patients compare them."
        ),
        "competition": (
            "The EHR vendor bundles a basic patient-messaging module at no extra "
            "licence cost, and a start-up (CarePing) is offering Northwind a free pilot. "
            "Neither connects scheduling, reminders and feedback the way we do."
        ),
    }


def _vision(year: int) -> Vision:
    """Where the account should be in three years from ``year``."""
    return Vision(
        statement=(
            f"By {year + 3} Northwind Health runs its whole patient journey — booking, reminders "
            "and feedback — on our platform across all five hospitals, and we are the "
            "partner its executives call first about patient experience."
        ),
        why=(
            "Patient satisfaction is now tied to Northwind's revenue, and our products "
            "move it. If we help them win on the measure their board cares about, the "
            "account grows with them instead of being re-tendered every three years."
        ),
    )


def _revenue_goal(on: _On) -> Goal:
    """The worked example from PRODUCT.md, as the plan's first goal."""
    return Goal(
        id="g-revenue",
        title="Grow revenue in the account by 10% this fiscal year",
        measure="Annual recurring revenue from $2.40M to $2.64M (+10%)",
        due=on(2027, 6, 30),
        strategies=(
            Strategy(
                id="s-new-product",
                title="Introduce our new product, Brightline Engage, into the account",
                analysis_refs=("inside", "heading"),
                initiatives=(
                    Initiative(
                        id="i-csat-value",
                        title=(
                            "Show Engage's value by tying it to Northwind's goal of "
                            "raising their patients' satisfaction"
                        ),
                        tactics=(
                            Tactic(
                                id="t-quantify",
                                action=(
                                    "Work with product marketing to quantify Engage's "
                                    "effect on Northwind's patient-satisfaction targets"
                                ),
                                owner=_PMM,
                                due=on(2027, 1, 29),
                                status="doing",
                            ),
                            Tactic(
                                id="t-vp-csat",
                                action=(
                                    "Meet the VP Patient Experience to learn how they "
                                    "measure patient satisfaction"
                                ),
                                owner=_AM,
                                due=on(2027, 1, 15),
                                status="done",
                                stakeholder_id="sh-vp-px",
                            ),
                        ),
                    ),
                    Initiative(
                        id="i-engage-pilot",
                        title="Run a 90-day Engage pilot at St. Brigid's Hospital",
                        tactics=(
                            Tactic(
                                id="t-pilot-scope",
                                action="Agree the pilot's scope and success criteria with the CNO",
                                owner=_AM,
                                due=on(2027, 2, 12),
                                status="open",
                                stakeholder_id="sh-cno",
                            ),
                            Tactic(
                                id="t-pilot-build",
                                action="Configure Engage for St. Brigid's two busiest wards",
                                owner=_SE,
                                due=on(2027, 3, 5),
                                status="open",
                            ),
                        ),
                    ),
                ),
            ),
            Strategy(
                id="s-expand-sites",
                title="Extend scheduling from three hospitals to all five",
                analysis_refs=("heading", "market"),
                initiatives=(
                    Initiative(
                        id="i-site-rollout",
                        title="Roll scheduling out to Lakeside and Harbor View",
                        tactics=(
                            Tactic(
                                id="t-rollout-plan",
                                action="Draft the rollout plan with the Patient Access Manager",
                                owner=_CSM,
                                due=on(2027, 1, 22),
                                status="doing",
                                stakeholder_id="sh-access",
                            ),
                            Tactic(
                                id="t-rollout-quote",
                                action="Send the two-site expansion quote to procurement",
                                owner=_AM,
                                due=on(2027, 2, 5),
                                status="open",
                                stakeholder_id="sh-procurement",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


def _renewal_goal(on: _On) -> Goal:
    return Goal(
        id="g-renewal",
        title="Renew the enterprise agreement for three years",
        measure="Three-year renewal signed at or above this year's $2.40M",
        due=on(2027, 3, 31),
        strategies=(
            Strategy(
                id="s-exec-sponsor",
                title="Make the COO our executive sponsor",
                analysis_refs=("influencers", "inside"),
                initiatives=(
                    Initiative(
                        id="i-exec-briefing",
                        title="Hold an executive briefing on patient-experience results",
                        tactics=(
                            Tactic(
                                id="t-exec-invite",
                                action="Invite the COO to our customer advisory board",
                                owner=_AM,
                                due=on(2027, 1, 8),
                                status="done",
                                stakeholder_id="sh-coo",
                            ),
                            Tactic(
                                id="t-exec-deck",
                                action="Prepare a one-page results summary for the COO",
                                owner=_CSM,
                                due=on(2027, 1, 20),
                                status="doing",
                                stakeholder_id="sh-coo",
                            ),
                        ),
                    ),
                ),
            ),
            Strategy(
                id="s-beat-bundle",
                title="Show why the EHR vendor's bundled module costs more than it saves",
                analysis_refs=("competition",),
                initiatives=(
                    Initiative(
                        id="i-tco",
                        title="Build a total-cost comparison the CFO trusts",
                        tactics=(
                            Tactic(
                                id="t-tco-model",
                                action="Fill in the ROI calculator with Northwind's own numbers",
                                owner=_SE,
                                due=on(2027, 2, 1),
                                status="open",
                                stakeholder_id="sh-cfo",
                            ),
                            Tactic(
                                id="t-ehr-integration",
                                action=(
                                    "Run an integration workshop with the CIO's team to "
                                    "show Engage working inside their EHR"
                                ),
                                owner=_SE,
                                due=on(2027, 2, 19),
                                status="open",
                                stakeholder_id="sh-cio",
                            ),
                        ),
                    ),
                ),
            ),
            Strategy(
                id="s-early-renewal",
                title="Offer a multi-year price lock for an early renewal",
                analysis_refs=("market",),
                initiatives=(
                    Initiative(
                        id="i-renewal-offer",
                        title="Put a renewal offer on the table before the budget cycle",
                        tactics=(
                            Tactic(
                                id="t-offer-approval",
                                action="Get deal-desk approval for a three-year price lock",
                                owner=_AM,
                                due=on(2027, 1, 29),
                                status="open",
                            ),
                            Tactic(
                                id="t-offer-present",
                                action="Present the renewal offer to the CFO and procurement",
                                owner=_AM,
                                due=on(2027, 2, 26),
                                status="open",
                                stakeholder_id="sh-cfo",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


def _no_show_goal(on: _On) -> Goal:
    return Goal(
        id="g-no-shows",
        title="Help Northwind cut patient no-shows across its hospitals",
        measure="No-show rate from 12% to 8%",
        due=on(2027, 9, 30),
        joint=True,  # agreed with the customer: both sides commit to it
        customer_owner="Aisha Bell, Chief Nursing Officer",
        commitments=(
            "We: switch on two-way reminders in every live hospital and report no-shows each quarter.\n"
            "Northwind: give the nursing leads time for training and share no-show data each month."
        ),
        strategies=(
            Strategy(
                id="s-smart-reminders",
                title="Switch on two-way reminders in every live hospital",
                analysis_refs=("inside",),
                initiatives=(
                    Initiative(
                        id="i-reminders-on",
                        title="Turn on two-way SMS reminders with rebooking links",
                        tactics=(
                            Tactic(
                                id="t-reminder-config",
                                action="Configure reminder templates with the nursing leads",
                                owner=_CSM,
                                due=on(2027, 1, 29),
                                status="doing",
                                stakeholder_id="sh-cno",
                            ),
                            Tactic(
                                id="t-reminder-training",
                                action="Train the patient access team on rebooking workflows",
                                owner=_CSM,
                                due=on(2027, 2, 26),
                                status="open",
                                stakeholder_id="sh-access",
                            ),
                        ),
                    ),
                ),
            ),
            Strategy(
                id="s-value-reports",
                title="Prove the results with a quarterly value report",
                analysis_refs=("influencers", "heading"),
                initiatives=(
                    Initiative(
                        id="i-value-report",
                        title="Publish a no-show and satisfaction report every quarter",
                        tactics=(
                            Tactic(
                                id="t-report-baseline",
                                action="Agree the no-show baseline and data source with finance",
                                owner=_CSM,
                                due=on(2027, 1, 15),
                                status="done",
                                stakeholder_id="sh-cfo",
                            ),
                            Tactic(
                                id="t-report-first",
                                action="Present the first value report at the Q1 business review",
                                owner=_AM,
                                due=on(2027, 4, 9),
                                status="open",
                                stakeholder_id="sh-coo",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


def _reference_goal(on: _On) -> Goal:
    return Goal(
        id="g-reference",
        title="Make Northwind a public reference customer",
        measure="One published case study and one joint conference talk",
        due=on(2027, 10, 31),
        strategies=(
            Strategy(
                id="s-case-study",
                title="Turn the Engage pilot into a published case study",
                analysis_refs=("market", "competition"),
                initiatives=(
                    Initiative(
                        id="i-case-study",
                        title="Write the St. Brigid's case study with the VP Patient Experience",
                        tactics=(
                            Tactic(
                                id="t-case-consent",
                                action="Get written consent to publish from communications",
                                owner=_AM,
                                due=on(2027, 5, 14),
                                status="open",
                                stakeholder_id="sh-vp-px",
                            ),
                            Tactic(
                                id="t-case-draft",
                                action="Draft the case study with product marketing",
                                owner=_PMM,
                                due=on(2027, 6, 11),
                                status="open",
                            ),
                        ),
                    ),
                ),
            ),
            Strategy(
                id="s-peer-advocacy",
                title="Give Northwind's leaders a stage among their peers",
                analysis_refs=("influencers", "market"),
                initiatives=(
                    Initiative(
                        id="i-conference",
                        title="Co-present at the regional healthcare leaders' summit",
                        tactics=(
                            Tactic(
                                id="t-talk-submit",
                                action=(
                                    "Submit a joint talk proposal with the VP Patient Experience"
                                ),
                                owner=_PMM,
                                due=on(2027, 3, 19),
                                status="open",
                                stakeholder_id="sh-vp-px",
                            ),
                            Tactic(
                                id="t-talk-dropped",
                                action="Sponsor the summit's networking dinner",
                                owner=_AM,
                                due=on(2027, 3, 19),
                                status="dropped",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    )


def _stakeholders(on: _On) -> tuple[Stakeholder, ...]:
    return (
        Stakeholder(
            id="sh-coo",
            name="Margaret Okafor",
            title="Chief Operating Officer",
            role="decision maker",
            influence="high",
            stance="supporter",
            owner=_AM,
            last_contact=on(2026, 11, 10),
            notes="New in March; measured on patient satisfaction. Prefers one-page summaries.",
        ),
        Stakeholder(
            id="sh-vp-px",
            name="Daniel Reyes",
            title="VP Patient Experience",
            role="influencer",
            influence="high",
            stance="champion",
            owner=_AM,
            last_contact=on(2026, 11, 18),
            notes="Owns the HCAHPS targets. Asked for benchmark data from peer hospitals.",
        ),
        Stakeholder(
            id="sh-cno",
            name="Aisha Bell",
            title="Chief Nursing Officer",
            role="user",
            influence="high",
            stance="supporter",
            owner=_CSM,
            last_contact=on(2026, 11, 4),
            notes="Nurses like scheduling; worried about alert fatigue from more messages.",
        ),
        Stakeholder(
            id="sh-cfo",
            name="Tom Lindqvist",
            title="Chief Financial Officer",
            role="economic buyer",
            influence="high",
            stance="skeptic",
            owner=_AM,
            last_contact=on(2026, 10, 21),
            notes="Wants hard savings, not soft benefits. Signs anything over $250k.",
            mitigation_tactic_id="t-tco-model",
        ),
        Stakeholder(
            id="sh-cio",
            name="Graham Pike",
            title="Chief Information Officer",
            role="technical buyer",
            influence="high",
            stance="detractor",
            owner=_SE,
            last_contact=on(2026, 10, 30),
            notes="Prefers buying everything from the EHR vendor; sees us as one more integration.",
            mitigation_tactic_id="t-ehr-integration",
        ),
        Stakeholder(
            id="sh-procurement",
            name="Lena Novak",
            title="Director of Procurement",
            role="gatekeeper",
            influence="medium",
            stance="neutral",
            owner=_AM,
            last_contact=on(2026, 11, 12),
            notes="Runs a formal tender for anything over three years unless the COO waives it.",
        ),
        Stakeholder(
            id="sh-access",
            name="Jorge Almeida",
            title="Patient Access Manager",
            role="coach",
            influence="medium",
            stance="champion",
            owner=_CSM,
            last_contact=on(2026, 11, 19),
            notes="Daily user; tells us early what is happening in operations.",
        ),
    )

def _meetings(on: _On) -> tuple[Meeting, ...]:
    return (
        Meeting(
            id="meet-team-sync",
            name="Account team sync",
            frequency="weekly",
            attendees=f"{_AM}, {_SE}, {_CSM}, {_PMM}",
            purpose="Review tactics due this week and anything the customer raised",
            next_date=on(2026, 11, 30),
            goal_ids=("g-revenue", "g-renewal", "g-no-shows", "g-reference"),
        ),
        Meeting(
            id="meet-exec-checkin",
            name="Executive check-in with the COO",
            frequency="monthly",
            attendees="Margaret Okafor, Daniel Reyes, Dana Ruiz, our VP Sales",
            purpose="Progress on patient-satisfaction and no-show goals; blockers",
            next_date=on(2026, 12, 9),
            goal_ids=("g-no-shows", "g-renewal"),
            stakeholder_ids=("sh-coo", "sh-vp-px"),
        ),
        Meeting(
            id="meet-qbr",
            name="Quarterly business review",
            frequency="quarterly",
            attendees="Northwind executive team, Dana Ruiz, Leo Brandt, our VP Sales",
            purpose="Value report, roadmap, renewal and expansion",
            next_date=on(2027, 1, 14),
            goal_ids=("g-revenue", "g-renewal", "g-no-shows", "g-reference"),
            stakeholder_ids=("sh-coo", "sh-cfo", "sh-cio"),
        ),
    )

_METRICS = (
    Metric(
        id="metric-arr",
        name="Annual recurring revenue",
        baseline=2400,
        target=2640,
        current=2460,
        unit="k USD",
        goal_id="g-revenue",
    ),
    Metric(
        id="metric-renewal-term",
        name="Renewal term signed",
        baseline=0,
        target=3,
        current=0,
        unit="years",
        goal_id="g-renewal",
    ),
    Metric(
        id="metric-no-shows",
        name="Patient no-show rate",
        baseline=12,
        target=8,
        current=10.5,
        unit="%",
        goal_id="g-no-shows",
    ),
    Metric(
        id="metric-hcahps",
        name="Patient satisfaction (HCAHPS top box)",
        baseline=71,
        target=75,
        current=72,
        unit="%",
        goal_id="g-no-shows",
    ),
    Metric(
        id="metric-references",
        name="Public reference activities",
        baseline=0,
        target=2,
        current=0,
        unit="activities",
        goal_id="g-reference",
    ),
)

_TOOLS = (
    SellingTool(
        id="tool-roi",
        name="ROI calculator",
        purpose=(
            "Turns fewer no-shows and better satisfaction scores into dollars "
            "the CFO recognises."
        ),
        used_by_ids=("s-beat-bundle", "t-tco-model", "s-value-reports"),
    ),
    SellingTool(
        id="tool-case-riverside",
        name="Riverside Medical case study",
        purpose="A peer hospital group that cut no-shows by a third with our reminders.",
        used_by_ids=("s-smart-reminders", "s-case-study"),
    ),
    SellingTool(
        id="tool-demo",
        name="Healthcare demo environment",
        purpose="Shows Engage working with a test EHR, for the CIO's integration questions.",
        used_by_ids=("t-ehr-integration", "s-expand-sites"),
    ),
    SellingTool(
        id="tool-benchmark",
        name="HCAHPS benchmark report",
        purpose=(
            "Where Northwind stands against peer hospitals; opens the "
            "satisfaction conversation."
        ),
        used_by_ids=("s-new-product", "t-vp-csat"),
    ),
)


def sample_plan(today: date | None = None) -> Plan:
    """The complete sample plan for "Northwind Health", a regional hospital group.

    Its dates fit ``today`` (the clock's date if not given), so the coach finds
    nothing to flag on the day it is made, whatever day that is.
    """
    today = clock.or_today(today)
    on = _calendar(today)
    return Plan(
        id=SAMPLE_PLAN_ID,
        name="Northwind Health",
        industry="Healthcare — regional hospital group",
        owner=_AM,
        start=on(2026, 7, 1),
        review=on(2027, 1, 15),
        reviewed=on(2026, 10, 15),  # the last quarterly business review, marked held
        analysis=_analysis(today.year),
        vision=_vision(today.year),
        goals=(_revenue_goal(on), _renewal_goal(on), _no_show_goal(on), _reference_goal(on)),
        stakeholders=_stakeholders(on),
        meetings=_meetings(on),
        metrics=_METRICS,
        tools=_TOOLS,
        risks=_RISKS,
        asks=_ASKS,
    )


_RISKS = (
    "The CIO may push the EHR vendor's bundled messaging module at the March budget review.\n"
    "CarePing's free pilot could set a price anchor of zero before our renewal offer lands."
)
_ASKS = (
    "A solutions engineer for six weeks of the St. Brigid's pilot.\n"
    "Our VP Sales at the January business review, to meet the COO.\n"
    "Deal-desk approval for a three-year price lock by the end of January."
)


def large_plan(
    goals: int = 10, strategies: int = 3, initiatives: int = 3, tactics: int = 5
) -> Plan:
    """A big, complete plan of the given shape, for benchmarks and tests.

    Ids encode the position (``g3``, ``g3s2``, ``g3s2i1``, ``g3s2i1t4``; all
    1-based), so a test can name any node without walking the tree.
    """
    statuses = ("open", "doing", "done", "dropped", "open")
    goal_nodes = []
    for g in range(1, goals + 1):
        strategy_nodes = []
        for s in range(1, strategies + 1):
            initiative_nodes = []
            for i in range(1, initiatives + 1):
                prefix = f"g{g}s{s}i{i}"
                tactic_nodes = tuple(
                    Tactic(
                        id=f"{prefix}t{t}",
                        action=f"Tactic {g}.{s}.{i}.{t}: follow up with the account team",
                        owner=f"Owner {t}",
                        due=date(2027, 1 + (g + t) % 12, 1 + (s * i + t) % 28),
                        status=statuses[(g + s + i + t) % len(statuses)],
                        stakeholder_id=f"sh{1 + t % 6}",
                    )
                    for t in range(1, tactics + 1)
                )
                initiative_nodes.append(
                    Initiative(
                        id=prefix,
                        title=f"Initiative {g}.{s}.{i}: a clear path forward for strategy {g}.{s}",
                        tactics=tactic_nodes,
                    )
                )
            strategy_nodes.append(
                Strategy(
                    id=f"g{g}s{s}",
                    title=f"Strategy {g}.{s}: an approach that turns goal {g} into reality",
                    analysis_refs=(ANALYSIS_KEYS[(g + s) % len(ANALYSIS_KEYS)],),
                    initiatives=tuple(initiative_nodes),
                )
            )
        goal_nodes.append(
            Goal(
                id=f"g{g}",
                title=f"Goal {g}: grow the account in area {g}",
                measure=f"+{g}% on the area's revenue",
                due=date(2027, 12, 31),
                strategies=tuple(strategy_nodes),
            )
        )
    first_tactic = "g1s1i1t1" if min(goals, strategies, initiatives, tactics) > 0 else ""
    stances = ("champion", "supporter", "neutral", "skeptic", "detractor", "neutral")
    people = tuple(
        Stakeholder(
            id=f"sh{n}",
            name=f"Stakeholder {n}",
            title="Director",
            stance=stance,
            owner="Owner 1",
            last_contact=date(2026, 11, 1),
            mitigation_tactic_id=first_tactic if stance in ("skeptic", "detractor") else "",
        )
        for n, stance in enumerate(stances, start=1)
    )
    metrics = tuple(
        Metric(
            id=f"metric-g{g}",
            name=f"Revenue, area {g}",
            baseline=100,
            target=100 + g,
            current=100,
            unit="k USD",
            goal_id=f"g{g}",
        )
        for g in range(1, goals + 1)
    )
    return Plan(
        id="large-plan",
        name=f"Large account ({goals}×{strategies}×{initiatives}×{tactics})",
        industry="Manufacturing",
        owner="Owner 1",
        start=date(2026, 7, 1),
        review=date(2027, 1, 15),
        analysis={
            key: f"A considered answer about {key}, two sentences long. " * 2
            for key in ANALYSIS_KEYS
        },
        vision=Vision(
            statement="Be the account's first-call partner.",
            why="Because it grows both of us.",
        ),
        goals=tuple(goal_nodes),
        stakeholders=people,
        meetings=(
            Meeting(
                id="meet-sync",
                name="Team sync",
                frequency="weekly",
                next_date=date(2026, 12, 1),
                goal_ids=tuple(goal.id for goal in goal_nodes),
            ),
        ),
        metrics=metrics,
        tools=(
            SellingTool(
                id="tool-roi",
                name="ROI calculator",
                purpose="Puts value in numbers",
                used_by_ids=tuple(s.id for s in goal_nodes[0].strategies[:1]) if goal_nodes else (),
            ),
        ),
    )
