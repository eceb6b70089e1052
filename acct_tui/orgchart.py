"""The account's org chart, from each stakeholder's "Reports to" link.

Reps keep the real relationship map in a notebook because the CRM "just has
names": who reports to whom, who on our team covers whom, who influences
whom. This module turns the plan's links into that picture once, for every
reader: the terminal tree (``screens.org_chart``), the Markdown export and
the form that refuses a reporting loop.

Rules, written down once:

* The roots are the people who report to nobody, or to someone the plan does
  not hold (a merge or a delete can leave such a link; the line says so).
* The data may still hold a loop (two merged edits, a hand-edited file): the
  chart never loops. In each loop the link of the person listed first in the
  plan is set aside, and that person is drawn as a root, marked as in a loop.
  The form refuses to make a loop (``loop_problem``).
* People appear in the plan's order among their siblings.
"""

from __future__ import annotations

from dataclasses import dataclass

from acct_tui.model import Plan, Stakeholder
from acct_tui.plan_index import numbering

__all__ = ["OrgLine", "chart", "describe", "influence_names", "loop_problem", "managers", "markdown_lines"]


@dataclass(frozen=True)
class OrgLine:
    """One person in the chart, in reading order (depth first)."""

    person: Stakeholder
    depth: int
    """0 for a root, 1 for someone reporting to a root, and so on."""
    note: str = ""
    """Why a root is a root despite a link: LOOP_NOTE or MISSING_NOTE; "" otherwise."""


LOOP_NOTE = "(in a reporting loop)"
MISSING_NOTE = "(reports to someone no longer listed)"


def managers(plan: Plan) -> tuple[dict[str, str], set[str]]:
    """Each person's manager as the chart draws it (id → id), and the ids whose link was set aside for a loop.

    Links to missing people and to oneself are left out; of each loop, the
    link of the person first in plan order is set aside.
    """
    people = plan.stakeholders
    order = {person.id: position for position, person in enumerate(people)}
    manager = {
        p.id: p.reports_to_id for p in people if p.reports_to_id in order and p.reports_to_id != p.id
    }
    cut: set[str] = set()
    done: set[str] = set()
    for person in people:
        path: list[str] = []
        on_path: dict[str, int] = {}
        node = person.id
        while node in manager and node not in done and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = manager[node]
        if node in on_path:  # followed the links back to someone on this walk: a loop
            first = min(path[on_path[node]:], key=order.__getitem__)
            del manager[first]
            cut.add(first)
        done.update(path)
    return manager, cut


def chart(plan: Plan) -> list[OrgLine]:
    """Everyone, each under their manager, depth first in plan order (no one twice, no loop)."""
    manager, cut = managers(plan)
    reports: dict[str, list[Stakeholder]] = {}
    roots: list[Stakeholder] = []
    for person in plan.stakeholders:
        if person.id in manager:
            reports.setdefault(manager[person.id], []).append(person)
        else:
            roots.append(person)
    lines: list[OrgLine] = []
    stack = [(person, 0) for person in reversed(roots)]
    while stack:  # a stack, not recursion: a chain of hundreds of people can't overflow it
        person, depth = stack.pop()
        note = ""
        if depth == 0 and person.id in cut:
            note = LOOP_NOTE
        elif depth == 0 and person.reports_to_id and person.reports_to_id != person.id:
            note = MISSING_NOTE
        lines.append(OrgLine(person, depth, note))
        stack.extend((child, depth + 1) for child in reversed(reports.get(person.id, [])))
    return lines


def describe(person: Stakeholder, *, with_title: bool = True) -> str:
    """One person's line: "Name — title · stance · covered by X · last contact YYYY-MM-DD".

    A narrow screen leaves the title out and says "contacted" for "last contact"
    (``with_title=False``) so the rest fits in 80 columns.
    """
    parts = [person.stance, f"covered by {person.owner}" if person.owner.strip() else "not covered by our team"]
    contact = "last contact" if with_title else "contacted"
    parts.append(f"{contact} {person.last_contact.isoformat()}" if person.last_contact else "never contacted")
    title = f" — {person.title}" if person.title.strip() and with_title else ""
    return f"{person.name}{title} · " + " · ".join(parts)


def influence_names(plan: Plan, person: Stakeholder) -> list[str]:
    """The names of the people ``person`` influences (links to people no longer listed are skipped)."""
    names = {p.id: p.name for p in plan.stakeholders}
    return [names[i] for i in person.influence_ids if i in names]


def loop_problem(plan: Plan, person_id: str, manager_id: str) -> str:
    """Why ``person_id`` can't report to ``manager_id`` (a reporting loop), or "" when they can.

    The one place the rule lives: the form asks here before saving. It
    follows the manager's own chain up; meeting the person on the way means
    the new link would close a loop.
    """
    if not manager_id:
        return ""
    if manager_id == person_id:
        return "A person can't report to themselves."
    people = {p.id: p for p in plan.stakeholders}
    chain: list[str] = []
    node = manager_id
    while node in people and node not in chain:
        if node == person_id:
            via = [people[i].name for i in chain[1:]]
            through = f" (through {', '.join(via)})" if via else ""
            return (
                f"That would make a reporting loop: {people[manager_id].name} already reports"
                f"{through} to this person."
            )
        chain.append(node)
        node = people[node].reports_to_id
    return ""


def has_chart(plan: Plan) -> bool:
    """Whether the plan says more than its stakeholder table: a reporting line, a next step, an influence or a say."""
    ids = {p.id for p in plan.stakeholders}
    goals = {g.id for g in plan.goals}
    return any(
        p.reports_to_id in ids
        or p.next_step.strip()
        or any(i in ids for i in p.influence_ids)
        or any(g in goals for g in p.goal_ids)
        for p in plan.stakeholders
    )


def goal_labels(plan: Plan, person: Stakeholder) -> list[str]:
    """"Goal 1", "Goal 3": the goals whose decision ``person`` has a say in (missing goals skipped)."""
    labels = numbering(plan)
    return [labels[g.id] for g in plan.goals if g.id in person.goal_ids]


def markdown_lines(plan: Plan) -> list[str]:
    """The org chart as a nested Markdown list (internal edition), or [] when there is nothing to add.

    Each person: name, title, who covers them, last contact, next step, and
    whom they influence, which goals they have a say in; user text is escaped (``markdown.escape_inline``).
    """
    from acct_tui.markdown import escape_inline  # markdown calls this module: import on use, no cycle

    if not has_chart(plan):
        return []
    lines = ["### Org chart", ""]
    for line in chart(plan):
        person = line.person
        parts = [f"covered by {escape_inline(person.owner)}" if person.owner.strip() else "not covered"]
        parts.append(f"last contact {person.last_contact.isoformat()}" if person.last_contact else "never contacted")
        if person.next_step.strip():
            parts.append(f"next step: {escape_inline(person.next_step)}")
        influences = influence_names(plan, person)
        if influences:
            parts.append("influences " + ", ".join(escape_inline(name) for name in influences))
        says = goal_labels(plan, person)
        if says:
            parts.append("a say in " + ", ".join(says))
        title = f" ({escape_inline(person.title)})" if person.title.strip() else ""
        note = f" {line.note}" if line.note else ""
        lines.append(f"{'  ' * line.depth}- **{escape_inline(person.name)}**{title}{note} — {' · '.join(parts)}")
    return lines
