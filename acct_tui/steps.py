"""The wizard's steps, in the method's order, with the coaching each one teaches.

This is content, not UI: the stepper, the coaching panel and the help screen
all read it, and a step's state (empty / started / complete) is computed
from the plan and the coach, so it can never disagree with what the coach says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from acct_tui.model import ANALYSIS_KEYS, Plan
from acct_tui.plan_index import kept_on

if TYPE_CHECKING:  # the coach orders its findings by STEP_KEYS, so it imports this module
    from acct_tui.coach import Finding


@dataclass(frozen=True)
class Step:
    """One step of the wizard and what it teaches."""

    key: str
    title: str
    purpose: str
    """What the step is for, in two or three sentences."""
    example: str
    """A worked example, from the product brief's Northwind-style account."""
    mistake: str
    """The common mistake to avoid."""


STEPS: tuple[Step, ...] = (
    Step(
        "facts",
        "Account facts",
        "Name the account and who owns the plan. The dates frame the plan: when it starts, "
        "and when you will next review it with your leader.",
        "Northwind Health · Healthcare · owner: Dana Ruiz · 2027-01-01 → review 2027-03-31",
        "Leaving the review date empty: a plan nobody reviews stops being alive.",
    ),
    Step(
        "analysis",
        "Analysis",
        "Five questions about the account. A strategy is only as good as the analysis behind "
        "it: answer each in a few sentences, from what you know and what you have heard.",
        "Inside: “A new CIO merged IT and clinical systems; budgets moved to the CIO.” "
        "Influencers: “The CFO signs, but the VP of Patient Experience shapes every decision.”",
        "Skipping the analysis. Reps who do end up reacting tactically: price wars, RFP after RFP.",
    ),
    Step(
        "whitespace",
        "Whitespace",  # "Whitespace map" is one cell too wide for the stepper at 80 columns
        "The customer's business units (rows) against your offerings (columns): in each cell, "
        "whether they buy it from you, it is an open opportunity, a competitor has it, or it is "
        "not a fit, with an estimated value. It feeds the vision (where the account can grow) "
        "and the strategies: link each open cell to the goal or strategy that pursues it.",
        "Northwind: Lakeside × Scheduling is open, 180k, pursued by “Extend scheduling from three "
        "hospitals to all five”; Riverside × Scheduling is in use; St. Mary's × Engage: the EHR "
        "vendor's bundled module (competitor).",
        "Mapping only what they already buy. The empty cells are the account's growth; "
        "an open cell no strategy pursues stays empty.",
    ),
    Step(
        "vision",
        "Vision",
        "Where you want the account to be in a few years, and why it matters to them and to you. "
        "Everything else in the plan flows from it.",
        "“By 2029 we are Northwind's partner for patient experience, measured by their own "
        "satisfaction scores, not just a supplier of software.”",
        "Writing your sales target as the vision. A vision the customer would sign up to lasts.",
    ),
    Step(
        "goals",
        "Goals",
        "The specific objectives for the account. Each goal is measurable and dated, so you can "
        "tell in a review whether it is on track. Goals agreed with the customer are joint goals: "
        "name their owner on the customer's side and what each side commits to.",
        "Goal: grow revenue in the account by 10% this fiscal year (measure: +10% revenue, "
        "due 2027-12-31).",
        "Vague goals (“grow the relationship”). If you can't measure it, you can't steer it.",
    ),
    Step(
        "strategies",
        "Strategies",
        "For each goal, the approach that turns it into reality. There is almost always more "
        "than one: plan two per goal, sometimes three. Each strategy serves exactly one goal.",
        "For “grow revenue 10%”: introduce our new product into the account; expand into the "
        "two hospitals we don't yet serve.",
        "One strategy per goal: if it fails, the goal fails with it.",
    ),
    Step(
        "initiatives",
        "Initiatives",
        "For each strategy, the initiatives that give it a clear path forward.",
        "For “introduce our new product”: show its value by tying it to the customer's own goal "
        "of raising *their* customers' satisfaction.",
        "Listing tasks here. An initiative is a path; the tasks are its tactics.",
    ),
    Step(
        "tactics",
        "Tactics",
        "Very specific steps that drive an initiative, each with an owner and a due date. "
        "Tactics drive initiatives, which support strategies, which reach goals.",
        "Work with product marketing to quantify the product's effect on the account's "
        "satisfaction targets (owner: Dana, due 2027-02-15). Meet the account's VP to learn "
        "how they measure satisfaction (owner: Sam, due 2027-01-31).",
        "Tactics with no owner or no date: they don't happen.",
    ),
    Step(
        "relationships",
        "Relationships",
        "Who matters and how you manage them: sponsors, supporters, neutrals and detractors, "
        "their influence, and who on your side owns each relationship.",
        "Daniel Reyes, VP Patient Experience: high influence, champion, owner Dana Ruiz.",
        "Only knowing your friends. Name the detractors and plan how to handle them.",
    ),
    Step(
        "cadence",
        "Cadence",
        "The regular meetings and events that keep the plan moving: team sync, executive "
        "check-in, quarterly business review. Say which goals each meeting reviews and whom "
        "it serves: the parts of account governance are tied together.",
        "Quarterly business review with the CIO and VP Patient Experience; next 2027-01-20.",
        "No rhythm: the plan is written once and forgotten until renewal.",
    ),
    Step(
        "reporting",
        "Reporting",
        "The metrics that show progress, each with a baseline, a target and where it is now, "
        "tied to the goal it measures.",
        "Account revenue: baseline 2.0 M, target 2.2 M, current 2.05 M (goal 1).",
        "Measuring activity (calls made) instead of results.",
    ),
    Step(
        "tools",
        "Selling tools",
        "What helps you sell more efficiently in this account, and the strategies or tactics "
        "that use each tool.",
        "ROI calculator for patient-experience software; the St. Mary's case study; a demo "
        "environment loaded with Northwind's own workflows.",
        "Building every deck from scratch for each meeting.",
    ),
    Step(
        "risks",
        "Risks & asks",
        "What could stop the plan, and what you need from your leadership to win. Your leader "
        "reads these first, in the executive summary, next to the risks the plan itself shows.",
        "Risk: “The CIO may push the EHR vendor's bundled module at the budget review in March.” "
        "Ask: “A solutions engineer for six weeks of the St. Brigid's pilot, and our VP Sales at the QBR.”",
        "Asking for nothing. A plan that needs no help is either not ambitious or not honest.",
    ),
    Step(
        "review",
        "Review",
        "Read the whole plan as your leader will, and fix what the coach still flags.",
        "Check that the chain reads upward: tactics → initiatives → strategies → goals → vision.",
        "Sharing a plan with gaps you could have fixed in five minutes.",
    ),
    Step(
        "export",
        "Export",
        "Save the plan as a Markdown file to share, or a customer-safe edition without the "
        "internal politics.",
        "./northwind-health-plan.md, attached to the account review invite.",
        "Sending the internal edition, stances and notes included, to the customer.",
    ),
)

STEP_KEYS = tuple(step.key for step in STEPS)
TREE_STEPS = ("goals", "strategies", "initiatives", "tactics")
WHOLE_PLAN_STEPS = ("review", "export")
"""Steps about the whole plan: their coach lists every finding (what keeps the health below 100)."""


def step_index(key: str) -> int:
    """Position of a step in the wizard (0-based)."""
    return STEP_KEYS.index(key)


def health_change(old: int, new: int, before: list[Finding], after: list[Finding], shown: int = 3) -> str:
    """Why the health fell, in one line ("" if it did not): the findings that are new since ``before``.

    Adding content can lower the score (a new goal brings checks it does not
    pass yet); without a word, that reads as a penalty for working.
    """
    if new >= old:
        return ""
    seen = {(finding.code, finding.message) for finding in before}
    fresh = [finding.message for finding in after if (finding.code, finding.message) not in seen]
    if not fresh:
        return f"Health {old} → {new}/100: a larger share of what the coach checks is still open (see Review)."
    more = f" (and {len(fresh) - shown} more)" if len(fresh) > shown else ""
    return f"Health {old} → {new}/100, new to do: " + "; ".join(fresh[:shown]) + more


def step_has_content(plan: Plan, key: str) -> bool:
    """Whether the user has put anything into the step yet."""
    return kept_on(plan, "_step_contents", _contents).get(key, False)


def _contents(plan: Plan) -> dict[str, bool]:
    """Which steps hold anything, worked out once per plan version: the stepper asks for every
    step on every move, and a 20,000-tactic plan took 2 ms a time to walk."""
    goals = plan.goals
    strategies = [s for g in goals for s in g.strategies]
    return {
        "facts": bool(plan.industry or plan.owner or plan.start or plan.review),
        "analysis": any(plan.answer(k).strip() for k in ANALYSIS_KEYS),
        "whitespace": bool(plan.whitespace.units or plan.whitespace.offerings),
        "vision": bool(plan.vision.statement.strip() or plan.vision.why.strip()),
        "goals": bool(goals),
        "strategies": bool(strategies),
        "initiatives": any(s.initiatives for s in strategies),
        "tactics": any(i.tactics for s in strategies for i in s.initiatives),
        "relationships": bool(plan.stakeholders),
        "cadence": bool(plan.meetings),
        "reporting": bool(plan.metrics),
        "tools": bool(plan.tools),
        "risks": bool(plan.risks.strip() or plan.asks.strip()),
    }


def step_states(
    plan: Plan, findings: list[Finding] | None = None, exported: bool = False
) -> dict[str, str]:
    """Each step's state: "empty", "started" or "complete".

    A step with content is complete when the coach has nothing to say about it.
    Review is complete when the coach has nothing left to say about the whole
    plan, and started until then; export is complete once the plan has been
    exported (``exported``). Pass the coach's ``findings`` if you have them.
    """
    if findings is None:
        from acct_tui.coach import check_plan  # here, not at the top: the coach imports STEP_KEYS

        findings = check_plan(plan)
    flagged = {finding.step for finding in findings}
    states = {}
    for key in STEP_KEYS:
        if key == "review":
            started = any(step_has_content(plan, k) for k in STEP_KEYS[:-2])
            states[key] = "complete" if not flagged else "started" if started else "empty"
        elif key == "export":
            states[key] = "complete" if exported else "empty"
        elif not step_has_content(plan, key):
            states[key] = "empty"
        else:
            states[key] = "started" if key in flagged else "complete"
    return states
