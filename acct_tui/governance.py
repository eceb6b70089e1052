"""What the method calls "account governance", in its own words (PRODUCT.md).

Content, not UI: the welcome, the help page, the coach and the first-run tour
all teach the same term, the same seven parts and the same point — that the
parts are tied together — from here, so they never say it two ways.
"""

from __future__ import annotations

TERM = "account governance"

DEFINITION = (
    "Account governance is the whole way an account is run, to grow the relationship, "
    "the revenue and the customer's own business results."
)

PARTS: tuple[tuple[str, str], ...] = (
    ("Vision", "the long-term view: where you want to take the account, and why. Everything flows from it."),
    ("Relationships", "who matters and how you manage them: sponsors, supporters, neutrals, detractors, "
     "influence, the politics."),
    ("Account plan", "analysis, goals, strategies, initiatives, tactics: how you will execute."),
    ("Cadence", "the regular meetings and events that track the effort (team sync, executive check-in, "
     "quarterly business review)."),
    ("Strategy", "the angle and approach taken to reach each goal."),
    ("Reporting", "the metrics that show progress."),
    ("Selling tools", "what helps sell more efficiently (ROI calculator, case studies, demo environment…)."),
)
"""The seven parts, each with what it holds, as the method words them."""

WHY = (
    "Its strength is that its seven parts are tied together: each meeting of the "
    "cadence reviews goals, each metric reports on a goal, each selling tool serves a strategy, "
    "and the tactics work on the people who matter. A part that stands alone is written once "
    "and forgotten; tied to the others, the plan stays alive."
)
"""Why integrating the parts matters: the method's most critical point."""

PARTS_LINE = "Its seven parts: " + ", ".join(name.lower() for name, _ in PARTS) + "."
"""The parts in one line (the welcome, the coach)."""

