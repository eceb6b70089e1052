"""Who links to whom across the parts of account governance, both ways.

The method's strength is that its parts are tied together: a meeting in the
cadence reviews goals and serves people, a selling tool is used by the
strategies and tactics that need it, a metric reports on a goal. Each link is
stored once, on one side (``Meeting.goal_ids``, ``SellingTool.used_by_ids``,
``Metric.goal_id``); this module reads it from the other side too ("Goal 1 is
reviewed in the QBR", "Strategy 1.2 uses the ROI calculator"), so the coach,
the forms and the Markdown export agree on it.

Plans are immutable: the links of a plan object are worked out once and kept
on it (``ties(plan)``), as ``acct_tui.plan_index`` does. A link to an id the
plan does not hold (a merge can leave one) is skipped by every reader here.

The ``markdown_*`` helpers give the lines the export adds for these links;
``acct_tui.markdown`` calls them. Which links the customer may see: a meeting's
goals and a metric's goal are public; whom a meeting serves and which
strategies use which tool are how *we* work the account, so internal.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from acct_tui.model import Goal, Meeting, Metric, Plan, SellingTool, Stakeholder, Strategy, Tactic
from acct_tui.plan_index import index, kept_on

Linkable = Goal | Strategy | Tactic | Stakeholder | Meeting
"""A record a link field may point at."""


# --- choices for a form's multi-pick ------------------------------------------------


def _records(plan: Plan, targets: tuple[type, ...]) -> Iterator[Linkable]:
    """The plan's records of the ``targets`` types, in plan order (the tree top down)."""
    for goal in plan.goals:
        if Goal in targets:
            yield goal
        for strategy in goal.strategies:
            if Strategy in targets:
                yield strategy
            if Tactic in targets:
                for initiative in strategy.initiatives:
                    yield from initiative.tactics
    if Stakeholder in targets:
        yield from plan.stakeholders
    if Meeting in targets:
        yield from plan.meetings


def label(plan: Plan, record: Linkable) -> str:
    """How a form's pick list names a record: "Strategy 1.2: Introduce…", "Dana Ruiz (champion)"."""
    if isinstance(record, Stakeholder):
        return f"{record.name} ({record.stance})"
    if isinstance(record, Meeting):
        return record.name
    text = record.action if isinstance(record, Tactic) else record.title
    return f"{index(plan).labels.get(record.id, '')}: {text}"


def choices(plan: Plan, targets: tuple[type, ...], exclude: str = "") -> list[tuple[str, str]]:
    """(label, id) for every record a link field may point at; never ``exclude`` (the record itself)."""
    return [(label(plan, record), record.id) for record in _records(plan, targets) if record.id != exclude]


# --- the links of one plan, both ways ----------------------------------------------------


@dataclass(frozen=True)
class Ties:
    """The plan's links between parts, read from both sides; built once per plan (``ties``)."""

    labels: dict[str, str]
    """Goal-tree labels by id ("Goal 1", "Strategy 1.2", "Tactic 1.2.1.3")."""
    position: dict[str, int]
    """Each goal-tree node's place in plan order, by id (links are listed in it)."""
    names: dict[str, str]
    """Stakeholder names by id."""
    reviewed_in: dict[str, tuple[Meeting, ...]]
    """The meetings that review each goal, by goal id."""
    metrics_of: dict[str, tuple[Metric, ...]]
    """The metrics that report on each goal, by goal id."""
    tools_of: dict[str, tuple[SellingTool, ...]]
    """The selling tools each strategy or tactic uses, by its id."""

    def reviews(self, meeting: Meeting) -> tuple[str, ...]:
        """The labels of the goals a meeting reviews ("Goal 1"), in plan order, skipping links to nothing."""
        return self._in_order(i for i in meeting.goal_ids if self.labels.get(i, "").startswith("Goal "))

    def serves(self, meeting: Meeting) -> tuple[str, ...]:
        """The names of the people a meeting serves, skipping links to nobody."""
        return tuple(self.names[i] for i in meeting.stakeholder_ids if i in self.names)

    def used_by(self, tool: SellingTool) -> tuple[str, ...]:
        """The labels of the strategies and tactics that use a tool ("Strategy 1.2")."""
        return self._in_order(i for i in tool.used_by_ids if _is_user(self.labels.get(i, "")))

    def _in_order(self, ids: Iterator[str]) -> tuple[str, ...]:
        """The labels of goal-tree ``ids``, in plan order (``labels`` is built top down)."""
        return tuple(self.labels[i] for i in sorted(ids, key=self.position.__getitem__))

    def is_reviewed(self, goal: Goal) -> bool:
        """Whether some meeting of the cadence reviews this goal."""
        return bool(self.reviewed_in.get(goal.id))

    def is_used(self, tool: SellingTool) -> bool:
        """Whether some strategy or tactic of the plan uses this tool."""
        return bool(self.used_by(tool))


def _is_user(label: str) -> bool:
    """A label of a record that may use a tool: a strategy or a tactic."""
    return label.startswith(("Strategy ", "Tactic "))


def ties(plan: Plan) -> Ties:
    """The links of ``plan``, worked out on first use and kept on the (immutable) plan."""
    return kept_on(plan, "_ties", _build)


def _build(plan: Plan) -> Ties:
    labels = index(plan).labels
    goals = {goal.id for goal in plan.goals}
    reviewed_in: dict[str, list[Meeting]] = {}
    for meeting in plan.meetings:
        for goal_id in meeting.goal_ids:
            if goal_id in goals:
                reviewed_in.setdefault(goal_id, []).append(meeting)
    metrics_of: dict[str, list[Metric]] = {}
    for metric in plan.metrics:
        if metric.goal_id in goals:
            metrics_of.setdefault(metric.goal_id, []).append(metric)
    tools_of: dict[str, list[SellingTool]] = {}
    for tool in plan.tools:
        for user in tool.used_by_ids:
            if _is_user(labels.get(user, "")):
                tools_of.setdefault(user, []).append(tool)
    return Ties(
        labels=labels,
        position={node_id: n for n, node_id in enumerate(labels)},
        names={person.id: person.name for person in plan.stakeholders},
        reviewed_in={key: tuple(found) for key, found in reviewed_in.items()},
        metrics_of={key: tuple(found) for key, found in metrics_of.items()},
        tools_of={key: tuple(found) for key, found in tools_of.items()},
    )


# --- Markdown: the links, shown from both sides ----------------------------------------
# acct_tui.markdown imports this module, so its escaping is imported where used.


def _names(items: tuple[str, ...]) -> str:
    from acct_tui.markdown import escape_inline

    return ", ".join(escape_inline(item) for item in items)


def markdown_goal(plan: Plan, goal: Goal) -> list[str]:
    """Blocks under a goal's heading: the joint goal and its commitments, then its ties.

    A joint goal is the tie with the customer: agreed with them, owned on both
    sides, so both editions show it (``**Joint goal** — customer owner: X``),
    with what each side commits to. Then "Reviewed in: QBR · Metrics: ARR".
    """
    from acct_tui.markdown import escape_block, escape_inline

    blocks = []
    if goal.joint:  # the user's text as typed, edge spaces and line breaks too (escaping keeps them)
        owner = f" — customer owner: {escape_inline(goal.customer_owner)}" if goal.customer_owner.strip() else ""
        blocks.append(f"**Joint goal**{owner}")
        if goal.commitments.strip():
            blocks.append(f"**Commitments:** {escape_block(goal.commitments)}")
    found = ties(plan)
    parts = []
    meetings = tuple(meeting.name for meeting in found.reviewed_in.get(goal.id, ()))
    if meetings:
        parts.append(f"**Reviewed in:** {_names(meetings)}")
    metrics = tuple(metric.name for metric in found.metrics_of.get(goal.id, ()))
    if metrics:
        parts.append(f"**Metrics:** {_names(metrics)}")
    if parts:
        blocks.append(" · ".join(parts))
    return blocks


def markdown_tools_of(plan: Plan, node_id: str, internal: bool) -> list[str]:
    """``**Tools:** ROI calculator`` under a strategy (internal edition only: how we sell)."""
    tools = ties(plan).tools_of.get(node_id, ())
    if not internal or not tools:
        return []
    return [f"**Tools:** {_names(tuple(tool.name for tool in tools))}"]


def markdown_tactic_tools(plan: Plan, tactics: tuple[Tactic, ...], internal: bool) -> list[str]:
    """One line under an initiative's tactics naming the tools they use (internal edition only)."""
    found = ties(plan)
    uses = [
        f"{_names(tuple(tool.name for tool in found.tools_of[t.id]))} ({found.labels[t.id]})"
        for t in tactics
        if t.id in found.tools_of
    ]
    if not internal or not uses:
        return []
    return ["**Tools:** " + "; ".join(uses)]


def markdown_meeting_column(plan: Plan, internal: bool) -> list[str]:
    """The cadence table's "Ties" column, one cell per meeting; [] when no meeting has a tie to show."""
    cells = [markdown_meeting_cell(plan, meeting, internal) for meeting in plan.meetings]
    return cells if any(cell != "—" for cell in cells) else []


def markdown_meeting_cell(plan: Plan, meeting: Meeting, internal: bool) -> str:
    """The cadence table's "Ties" cell: ``Reviews: Goal 1, Goal 2 · Serves: Ada`` (serves: internal)."""
    found = ties(plan)
    parts = []
    reviews = found.reviews(meeting)
    if reviews:
        parts.append(f"Reviews: {', '.join(reviews)}")
    serves = found.serves(meeting) if internal else ()
    if serves:
        parts.append(f"Serves: {_names(serves)}")
    return " · ".join(parts) or "—"


def markdown_tool_suffix(plan: Plan, tool: SellingTool, internal: bool) -> str:
    """What a selling tool's list item ends with: a hard break and ``*Used by:* Strategy 1.2`` (internal)."""
    used_by = ties(plan).used_by(tool)
    if not internal or not used_by:
        return ""
    return f"\\\n  *Used by:* {', '.join(used_by)}"
