"""What the customer may see: each item's "share with the customer" flag and its default.

Every goal, strategy, initiative, tactic, stakeholder, meeting, metric and
selling tool has ``shared``: True or False as the user set it, or None for
the default decided here by kind and content (``is_shared``). The customer
edition of the export renders ``customer_view(plan)``: only the shared
items, with no link to one left out, joint goals first.

The default errs towards internal, because an item left out of the customer
edition costs one keypress to share, while an item sent by mistake can't be
taken back. What a customer must not read in our plan is our commercial
intent (revenue, renewal, price) and our competitive moves; everything else
(their goals, the work we do with them, the people, the meetings, the
tools) is what a customer edition is for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from acct_tui.edit import link_changes, walk, whitespace_linking_only
from acct_tui.plan_index import kept_on
from acct_tui.model import (
    CHILD_FIELDS,
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    SellingTool,
    Stakeholder,
    Strategy,
    Tactic,
)

COMMERCIAL_TERMS = (
    "revenue", "revenues", "ARR", "MRR", "ACV", "TCV", "booking", "bookings", "sales",
    "margin", "margins", "wallet share", "share of wallet", "upsell", "upsells", "upselling",
    "up-sell", "cross-sell", "cross-selling", "pipeline", "quota", "quotas", "commission",
    "price", "prices", "pricing", "price lock", "discount", "discounts", "discounting",
    "TCO", "total cost", "renew", "renews", "renewal", "renewals", "deal desk",
)
"""Words of our commercial intent: a goal, metric or tactic about them is ours, not the customer's."""

COMPETITIVE_TERMS = (
    "competitor", "competitors", "competitive", "competition", "compete", "competes",
    "competing", "displace", "displaces", "displacing", "displacement", "battlecard", "battlecards",
)
"""Words of our moves against competitors."""

OWN_MEETING_TERMS = ("internal", "account team")
"""A meeting named so is among ourselves ("Account team sync")."""

COMPETITION_ANALYSIS = "competition"
"""The analysis answer a strategy against competitors cites ("How is the competition evolving?")."""

_TEXT_FIELDS: dict[type, tuple[str, ...]] = {
    Goal: ("title", "measure"),
    Strategy: ("title",),
    Initiative: ("title",),
    Tactic: ("action",),
    Metric: ("name",),
    SellingTool: ("name", "purpose"),
    Meeting: ("name",),
    Stakeholder: (),
}
"""The text read for the default, per kind. A meeting's purpose and attendees are
left out (a QBR's purpose may say "renewal"; "our VP Sales" attends the check-in);
a stakeholder is always shared by default: their politics (role, influence,
stance, owner, notes) are internal fields the customer edition never shows."""

INTERNAL = "internal"
"""Left out of the customer edition by its own flag (or its own default)."""
INHERITED = "inherited"
"""Left out because it sits inside an internal item (or, with no choice of its own,
measures an internal goal), whatever its own flag says."""


class Terms:
    """Whole words or phrases, any case; a space or hyphen between words matches either.

    Most text mentions none of them, and the pattern takes about 8 µs a search
    (a fifth of a second over a 20,000-tactic plan, paid by the first tree step
    shown). A term can only match where each of its words stands as a whole
    word, so a set lookup of the text's words comes first and the pattern runs
    only when every word of some term is there.
    """

    def __init__(self, terms: tuple[str, ...]) -> None:
        words = [re.split(r"[\s-]+", term) for term in terms]
        alternatives = (r"[\s-]+".join(map(re.escape, parts)) for parts in words)
        self.pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)
        self._words_of: dict[str, list[frozenset[str]]] = {}
        """First word -> the words of each term that begins with it (lower case)."""
        for parts in words:
            if not all(_WORD.fullmatch(part) for part in parts):
                raise ValueError(f"a term is words of letters and digits: {parts}")
            self._words_of.setdefault(parts[0].lower(), []).append(frozenset(part.lower() for part in parts))

    def search(self, text: str) -> re.Match[str] | None:
        """The first mention in ``text``, as ``pattern.search`` finds it."""
        folded = (text if text.isascii() else text.translate(_ASCII_CASES)).lower()
        words = set(_WORD.findall(folded))
        if not any(needed <= words for first in words & self._words_of.keys() for needed in self._words_of[first]):
            return None
        return self.pattern.search(text)


_WORD = re.compile(r"\w+")
_ASCII_CASES = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The four letters that an any-case pattern of ASCII letters also matches (Python's ``re``
documents them) but whose ``lower()`` is not that ASCII letter: pricing spelt with a dotted
capital I still mentions pricing."""

_BUSINESS = Terms(COMMERCIAL_TERMS + COMPETITIVE_TERMS)
_OWN_MEETING = Terms(OWN_MEETING_TERMS)


def why_internal(record: Any) -> str:
    """Why ``record`` is internal by default ("it mentions “revenue”"), or "" when it is shared.

    The record's own ``shared`` flag is not read: this is the default it overrides.
    A joint goal was agreed with the customer, so it is shared whatever it says.
    """
    if isinstance(record, Goal) and record.joint:
        return ""
    if isinstance(record, Strategy) and COMPETITION_ANALYSIS in record.analysis_refs:
        return "it responds to the competition"
    kinds = [_BUSINESS] + ([_OWN_MEETING] if isinstance(record, Meeting) else [])
    for name in _TEXT_FIELDS.get(type(record), ()):
        for terms in kinds:
            found = terms.search(getattr(record, name))
            if found:
                return f"it mentions “{found.group()}”"
    return ""


def is_shared(record: Any) -> bool:
    """Whether the customer may see ``record``: its ``shared`` flag if set, else the default."""
    if record.shared is not None:
        return bool(record.shared)
    return not why_internal(record)


def hidden(plan: Plan) -> Mapping[str, str]:
    """The ids the customer edition leaves out, each INTERNAL or INHERITED.

    Worked out once per plan version (plans are immutable) and kept on it, as
    ``plan_index`` does: the four tree steps and the tables all ask.
    """
    return kept_on(plan, "_sharing", _hidden)


def _hidden(plan: Plan) -> dict[str, str]:
    out: dict[str, str] = {}

    def visit(node: Any, parent_hidden: bool) -> None:
        if not is_shared(node):
            out[node.id] = INTERNAL
        elif parent_hidden:
            out[node.id] = INHERITED
        for name in CHILD_FIELDS.get(type(node), ()):
            for child in getattr(node, name):
                visit(child, node.id in out)

    for goal in plan.goals:
        visit(goal, False)
    for record in (*plan.stakeholders, *plan.meetings, *plan.tools):
        visit(record, False)
    for metric in plan.metrics:
        if not is_shared(metric):
            out[metric.id] = INTERNAL
        elif metric.shared is None and metric.goal_id in out:
            out[metric.id] = INHERITED  # "Revenue" measures the revenue goal: it goes with it
    return out


def customer_view(plan: Plan) -> Plan:
    """The plan as the customer edition shows it.

    Only shared items: an internal item goes with everything under it, and
    every link to an item not in the view is dropped (a tactic's person, a
    metric's goal, a meeting's goals and people, a tool's users, a
    stakeholder's manager, influence and goals, a whitespace cell's pursuer),
    so no renderer can name an internal item through a link. Joint goals come
    first; otherwise the order is the plan's.
    """
    gone = hidden(plan)
    kept_ids = {node.id for node, _ in walk(plan) if node.id not in gone}

    def kept(items: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(_linking_only(item, kept_ids, kept) for item in items if item.id not in gone)

    goals = kept(plan.goals)
    return replace(
        plan,
        goals=tuple(g for g in goals if g.joint) + tuple(g for g in goals if not g.joint),
        stakeholders=kept(plan.stakeholders),
        meetings=kept(plan.meetings),
        metrics=kept(plan.metrics),
        tools=kept(plan.tools),
        whitespace=whitespace_linking_only(plan.whitespace, kept_ids.__contains__),
    )


def _linking_only(node: Any, kept_ids: set[str], kept: Any) -> Any:
    """``node`` with links (``*_id``, ``*_ids``) only to ``kept_ids``, and its children kept by ``kept``."""
    changes = link_changes(node, kept_ids.__contains__)
    for name in CHILD_FIELDS.get(type(node), ()):
        changes[name] = kept(getattr(node, name))
    return replace(node, **changes) if changes else node


def describe(plan: Plan, record: Any) -> str:
    """One line on whether the customer edition holds ``record`` and why (for forms and toasts)."""
    why = why_internal(record)
    how = "as you set it" if record.shared is not None else f"by default: {why}" if why else "by default"
    mark = hidden(plan).get(record.id)
    if mark is None:
        return f"Shared with the customer ({how})."
    if mark == INTERNAL:
        return f"Internal, left out of the customer edition ({how})."
    if isinstance(record, Metric):
        return "Internal: it measures an internal goal."
    return "Internal: it sits inside an internal item."


def toggled(plan: Plan, record: Any) -> bool:
    """The flag the share key sets on ``record``: the opposite of its own effective value.

    A parent's mark does not count (a tactic inside an internal goal keeps its
    own flag and shows once the goal is shared), but a metric that, with no
    choice of its own, goes with its internal goal counts as internal: the key
    then shares it on its own.
    """
    if isinstance(record, Metric) and record.shared is None and hidden(plan).get(record.id) == INHERITED:
        return True
    return not is_shared(record)
