"""The plan as one Markdown document: CommonMark with GFM tables and task lists.

The outline follows the product brief (title and facts, the executive
summary, analysis, vision, the numbered goal tree, relationships, cadence,
reporting, selling tools, plan health). Two audiences: ``"internal"`` shows
everything; ``"customer"`` is a copy to hand to the customer, without the
only the items shared with the customer (``sharing.customer_view``), without
the internal politics listed in ``INTERNAL_FIELDS``, the executive summary and
the coach's findings.

Two flavors (``FLAVORS``): ``"gfm"`` uses headings down to H4 (a strategy);
``"portable"`` never goes below H3, because Notion imports only H1-H3 and
Confluence and Google Docs flatten deeper levels: there a strategy is a bold
line. Initiatives are a bold line and tactics a task list in both, so they
read the same in Word as on GitHub. Every heading goes through ``_heading``.

User text is data, never markup. Every field goes through ``escape_inline``
(one-line contexts) or ``_escape_block`` (multi-line text), which guarantee:

- the text can't change the document's structure: no headings, lists, block
  quotes, code, tables, links, images, autolinks, raw HTML, emphasis, entity
  references, setext underlines or thematic breaks come from it;
- a CommonMark parser gives back exactly the text typed, with three documented
  exceptions: control characters other than tab and line breaks become
  U+FFFD (CommonMark itself does that to NUL, and it keeps terminal escape
  sequences out of a file someone may ``cat``); ``\\r\\n`` and ``\\r`` read as
  ``\\n``; and in multi-line text each line break is a hard line break
  (trailing line breaks, which CommonMark can't end a paragraph with, stay in
  the text as ``&#10;``). One-line contexts (headings, table cells, list items)
  keep a line break as ``&#10;``: still the same text, shown as a space.

The escaping is minimal so the file stays readable as plain text: characters
that are markup anywhere (``\\ ` * _ [ ] < # | ~``) are backslash-escaped
everywhere; ``&`` only where it could start an entity; characters that are
markup only at the start of a line (``- + = > 1.`` …) only there; spaces,
tabs and other whitespace only at the ends of a line, as numeric character
references, because Markdown trims them (and indents code with them). GFM's
extended autolinks (``www.example.com``) may still turn a bare URL into a link
on GitHub; the text stays the same, so that is accepted.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timezone

from acct_tui import clock, coach, links, orgchart, summary
from acct_tui.model import (
    ANALYSIS_KEYS,
    ANALYSIS_QUESTIONS,
    Goal,
    Initiative,
    Meeting,
    Metric,
    Plan,
    SellingTool,
    Stakeholder,
    Strategy,
    Tactic,
    question_text,
)
from acct_tui.plan_index import PlanIndex, index, numbering
from acct_tui.sharing import customer_view

AUDIENCES = ("internal", "customer")
"""Who the export is for: the account team, or the customer."""

FLAVORS = ("gfm", "portable")
"""How deep the headings go: GitHub-flavoured (down to H4), or portable (H1-H3 only:
Notion, Confluence and Google Docs paste)."""

DEEPEST_HEADING = {"gfm": 6, "portable": 3}
"""The deepest heading level each flavor writes; a deeper one becomes a bold line."""

INTERNAL_FIELDS: frozenset[tuple[type, str]] = frozenset(
    {
        (Stakeholder, "role"),
        (Stakeholder, "influence"),
        (Stakeholder, "stance"),
        (Stakeholder, "owner"),
        (Stakeholder, "notes"),
        (Stakeholder, "reports_to_id"),
        (Stakeholder, "next_step"),
        (Stakeholder, "influence_ids"),
        (Stakeholder, "goal_ids"),
        (Tactic, "stakeholder_id"),
        (Plan, "reviewed"),
        (Plan, "risks"),
        (Plan, "asks"),
        (Plan, "whitespace"),
        (Meeting, "stakeholder_ids"),  # whom a meeting serves, and which tools we use where:
        (SellingTool, "used_by_ids"),  # how we work the account (acct_tui.links)
    }
)
"""Fields the customer edition never shows, as (record type, field name).

The tests check that the customer export doesn't change when any of these
changes, and that every other field of every record is deliberately public,
so a new field must be placed on one side or the other. The role in the
decision ("gatekeeper", "coach", "economic buyer") is how *we* see a person,
so it counts as internal too. The coach's findings, and the analysis answers
in ``INTERNAL_ANALYSIS_KEYS``, are also left out. The risks and asks are
for the account team's leadership (the executive summary).
"""

INTERNAL_ANALYSIS_KEYS: tuple[str, ...] = ("influencers", "competition")
"""Analysis answers the customer edition leaves out: "Who are the key
influencers?" is the politics of the account in the rep's own words; "How is
the competition evolving?" is our view of their other vendors (strategies that
cite it are internal by default too: ``acct_tui.sharing``)."""

CUSTOMER_NOTE = "This edition holds only the items marked shared with the customer."
"""Said at the top of the customer edition, so a reader knows items were left out."""

NOT_SET = "—"
"""What an empty table cell shows."""

# --- escaping -----------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab, LF and CR: shown as U+FFFD."""

_MARKUP = re.compile(r"[\\`*_\[\]<#|~]|&(?=[#A-Za-z0-9])|[\t\n\r\ufeff]")
"""Characters that are (or may start) markup anywhere in a line; and the tab,
line breaks and byte-order mark, which are written as character references
(a parser may drop a BOM at the start of a document)."""

_ORDERED_MARKER = re.compile(r"^(\d+)([.)])")
"""``1.`` or ``1)`` at the start of a line starts an ordered list."""

_ASCII_PUNCTUATION = frozenset(string.punctuation)


def escape_inline(text: str) -> str:
    """``text`` as Markdown that reads back as exactly ``text`` and adds no structure.

    Safe in a paragraph, a list item, an ATX heading or a GFM table cell, at
    any position in the line (it assumes it may be at the start of a line).
    Line breaks become ``&#10;``: the text keeps them but they show as spaces;
    use ``_escape_block`` for text whose line breaks should show.
    """
    text = _CONTROL.sub("\ufffd", text)
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    if start >= end:
        return _char_refs(text)
    return _char_refs(text[:start]) + _escape_body(text[start:end]) + _char_refs(text[end:])


def _escape_body(body: str) -> str:
    """Escape text that neither starts nor ends with whitespace."""
    escaped = _MARKUP.sub(_escape_match, body)
    if body[0] in _ASCII_PUNCTUATION and not _MARKUP.match(body):
        return "\\" + escaped  # "- x", "> x", "+ x", "=", "&" …: markup at a line start
    return _ORDERED_MARKER.sub(r"\1\\\2", escaped)


def _escape_match(match: re.Match[str]) -> str:
    char = match.group()
    return _char_refs(char) if char in "\t\n\r\ufeff" else "\\" + char


def _char_refs(text: str) -> str:
    """Every character as a numeric character reference (for edge whitespace)."""
    return "".join(f"&#{ord(char)};" for char in text)


def _escape_block(text: str, indent: str = "") -> str:
    """Multi-line ``text`` as one paragraph whose line breaks are hard breaks.

    ``indent`` goes before each continuation line (two spaces inside a list
    item). Blank lines stay blank-looking hard breaks rather than new
    paragraphs, so the text can't create blocks. Trailing line breaks can't be
    hard breaks (CommonMark drops them at the end of a paragraph), so they
    stay in the text as ``&#10;``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    body = text.rstrip("\n")
    lines = [escape_inline(line) for line in body.split("\n")]
    return ("\\\n" + indent).join(lines) + escape_inline(text[len(body):])


def escape_block(text: str, indent: str = "") -> str:
    """Multi-line user text as one Markdown paragraph (see ``_escape_block``), for other renderers."""
    return _escape_block(text, indent)


def _has_text(text: str) -> bool:
    """Whitespace-only text counts as empty, as the model's required checks do."""
    return bool(text.strip())


# --- small formatters -----------------------------------------------------------


def slugify(name: str) -> str:
    """A file-name-safe slug for ``name``: "Northwind Health" -> "northwind-health".

    ASCII letters, digits and dashes only (accents are folded), at most 60
    characters, never empty: a name with no usable letters gives "account".
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    slug = slug[:60].rstrip("-")
    return slug or "account"


def _date(value: date | None) -> str:
    return value.isoformat() if value else NOT_SET


def _number(value: float | None) -> str:
    """10.0 -> "10", 12.5 -> "12.5", 1200000.0 -> "1,200,000"."""
    if value is None:
        return NOT_SET
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,}"


def _timestamp(value: datetime) -> str:
    return f"{value.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"


def _cell(text: str) -> str:
    return escape_inline(text) if _has_text(text) else NOT_SET


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM table; ``rows`` hold already escaped cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _placeholder(text: str) -> str:
    return f"*{text}*"


def _heading(level: int, text: str, flavor: str) -> str:
    """An ATX heading of ``level`` for already escaped ``text``; deeper than the flavor allows, a bold line."""
    if level > DEEPEST_HEADING[flavor]:
        return f"**{text}**"
    return "#" * level + " " + text


# --- the document ---------------------------------------------------------------


@dataclass(frozen=True)
class _Edition:
    """What the goal tree and analysis may show for one audience."""

    analysis_keys: tuple[str, ...]
    """The analysis questions shown (and citable in "Responds to")."""
    names: dict[str, str]
    """Stakeholder names by id, for "works on"; empty for the customer."""
    plan: Plan
    """The plan shown (for its links between parts: ``acct_tui.links``)."""
    internal: bool
    flavor: str = "gfm"

    @classmethod
    def of(cls, plan: Plan, internal: bool, flavor: str = "gfm") -> _Edition:
        if internal:
            return cls(ANALYSIS_KEYS, {person.id: person.name for person in plan.stakeholders}, plan, True, flavor)
        return cls(tuple(k for k in ANALYSIS_KEYS if k not in INTERNAL_ANALYSIS_KEYS), {}, plan, False, flavor)


def render_plan_markdown(
    plan: Plan, *, audience: str = "internal", today: date | None = None, flavor: str = "gfm"
) -> str:
    """The whole plan as Markdown for ``audience`` ("internal" or "customer") in ``flavor`` (``FLAVORS``).

    ``today`` is the date the coach judges the plan against (overdue tactics);
    it defaults to today's date.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"Audience must be one of: {', '.join(AUDIENCES)} (got {audience!r}).")
    if flavor not in FLAVORS:
        raise ValueError(f"Flavor must be one of: {', '.join(FLAVORS)} (got {flavor!r}).")
    internal = audience == "internal"
    if not internal:
        plan = customer_view(plan)  # only the items shared with the customer (acct_tui.sharing)
    today = clock.or_today(today)
    edition = _Edition.of(plan, internal, flavor)
    sections = [
        _title(plan, internal),
        _executive_summary(plan, today) if internal else [],
        _analysis(plan, edition),
        _whitespace(plan, internal),
        _vision(plan),
        _goals(plan, edition),
        _relationships(plan, internal),
        _cadence(plan, internal),
        _reporting(plan),
        _tools(plan, internal),
    ]
    if internal:
        sections.append(_health(plan, today))
    blocks = [block for section in sections for block in section]
    return "\n\n".join(blocks) + "\n"


# Each section returns its blocks (headings, paragraphs, lists, tables) as
# strings; the document puts one blank line between blocks.


def _title(plan: Plan, internal: bool) -> list[str]:
    blocks = [f"# {escape_inline(plan.name)} — Account plan"]
    if not internal:
        blocks.append(_placeholder(f"Customer edition — prepared to share with the account. {CUSTOMER_NOTE}"))
    facts = [
        ("Owner", escape_inline(plan.owner) if _has_text(plan.owner) else ""),
        ("Industry", escape_inline(plan.industry) if _has_text(plan.industry) else ""),
        ("Start", plan.start.isoformat() if plan.start else ""),
        ("Next review", plan.review.isoformat() if plan.review else ""),
        ("Last review held", plan.reviewed.isoformat() if plan.reviewed and internal else ""),
        ("Last updated", _timestamp(plan.updated)),
    ]
    blocks.append("\n".join(f"- **{label}:** {value}" for label, value in facts if value))
    return blocks


def _executive_summary(plan: Plan, today: date) -> list[str]:
    """Vision, goals with progress, top risks, asks and health, for leadership (internal edition only)."""
    return summary.summary_lines(summary.summarize(plan, today))


def _analysis(plan: Plan, edition: _Edition) -> list[str]:
    blocks = ["## Analysis"]
    for key, question in ANALYSIS_QUESTIONS:
        if key not in edition.analysis_keys:
            continue
        answer = plan.answer(key)
        blocks.append(f"### {escape_inline(question)}")
        if _has_text(answer):
            blocks.append(_escape_block(answer))
        else:
            blocks.append(_placeholder("Not answered yet"))
    return blocks


def _whitespace(plan: Plan, internal: bool) -> list[str]:
    from acct_tui.whitespace import markdown_lines  # it escapes with this module's functions

    return ["\n".join(lines)] if (lines := markdown_lines(plan, internal)) else []


def _vision(plan: Plan) -> list[str]:
    vision = plan.vision
    blocks = ["## Vision"]
    if _has_text(vision.statement):
        blocks.append(_escape_block(vision.statement))
    else:
        blocks.append(_placeholder("No vision statement yet"))
    if _has_text(vision.why):
        blocks.append(f"**Why:** {_escape_block(vision.why)}")
    return blocks


def _goals(plan: Plan, edition: _Edition) -> list[str]:
    blocks = ["## Goals"]
    if not plan.goals:
        return blocks + [_placeholder("No goals yet")]
    for g, goal in enumerate(plan.goals, 1):
        blocks += _goal(goal, f"{g}", edition)
    return blocks


def _goal(goal: Goal, number: str, edition: _Edition) -> list[str]:
    blocks = [f"### Goal {number}: {escape_inline(goal.title)}"]
    facts = []
    if _has_text(goal.measure):
        facts.append(f"**Measure:** {escape_inline(goal.measure)}")
    if goal.due:
        facts.append(f"**Due:** {goal.due.isoformat()}")
    if facts:
        blocks.append(" · ".join(facts))
    blocks += links.markdown_goal(edition.plan, goal)
    if not goal.strategies:
        blocks.append(_placeholder("No strategies yet"))
    for s, strategy in enumerate(goal.strategies, 1):
        blocks += _strategy(strategy, f"{number}.{s}", edition)
    return blocks


def _strategy(strategy: Strategy, number: str, edition: _Edition) -> list[str]:
    blocks = [_heading(4, f"Strategy {number}: {escape_inline(strategy.title)}", edition.flavor)]
    refs = [ref for ref in strategy.analysis_refs if ref in edition.analysis_keys]
    if refs:
        questions = " · ".join(escape_inline(question_text(ref)) for ref in refs)
        blocks.append(f"**Responds to:** {questions}")
    blocks += links.markdown_tools_of(edition.plan, strategy.id, edition.internal)
    if not strategy.initiatives:
        blocks.append(_placeholder("No initiatives yet"))
    for i, initiative in enumerate(strategy.initiatives, 1):
        blocks += _initiative(initiative, f"{number}.{i}", edition.names)
        blocks += links.markdown_tactic_tools(edition.plan, initiative.tactics, edition.internal)
    return blocks


def _initiative(initiative: Initiative, number: str, names: dict[str, str]) -> list[str]:
    """A bold lead line with the initiative's progress, then its tactics as one task list.

    Not a heading: an H5 came out smaller than body text in Word, and the
    portable flavor has no level left for it.
    """
    lead = f"**Initiative {number}:** {escape_inline(initiative.title)}"
    if not initiative.tactics:
        return [lead, _placeholder("No tactics yet")]
    return [f"{lead} · {_tactics_done(initiative)}", "\n".join(_tactic(tactic, names) for tactic in initiative.tactics)]


def _tactics_done(initiative: Initiative) -> str:
    """"1 of 3 tactics done" (dropped tactics don't count either way)."""
    live = [t for t in initiative.tactics if t.status != "dropped"]
    done = sum(t.status == "done" for t in live)
    return f"{done} of {len(live)} tactic{'s' * (len(live) != 1)} done"


def _tactic(tactic: Tactic, names: dict[str, str]) -> str:
    """A compact task-list item: ``- [ ] action — Sam Patel · due 2027-01-31 · doing``.

    ``names`` maps stakeholder ids to names; it is empty in the customer
    edition, which leaves out whom a tactic works on.
    """
    box = "[x]" if tactic.status == "done" else "[ ]"
    action = escape_inline(tactic.action)
    if tactic.status == "dropped":
        action = f"~~{action}~~"
    details = [escape_inline(tactic.owner) if _has_text(tactic.owner) else "no owner"]
    if tactic.due:
        details.append(f"due {tactic.due.isoformat()}")
    details.append(tactic.status)
    if tactic.stakeholder_id in names:
        details.append(f"works on {escape_inline(names[tactic.stakeholder_id])}")
    return f"- {box} {action} — {' · '.join(details)}"


def _relationships(plan: Plan, internal: bool) -> list[str]:
    blocks = ["## Relationships"]
    people = plan.stakeholders
    if not people:
        return blocks + [_placeholder("No stakeholders yet")]
    if not internal:
        rows = [[_cell(p.name), _cell(p.title), _date(p.last_contact)] for p in people]
        return blocks + ["\n".join(_table(["Name", "Title", "Last contact"], rows))]
    header = ["Name", "Title", "Role", "Influence", "Stance", "Owner", "Last contact"]
    rows = [
        [
            _cell(p.name),
            _cell(p.title),
            p.role,
            p.influence,
            p.stance,
            _cell(p.owner),
            _date(p.last_contact),
        ]
        for p in people
    ]
    blocks.append("\n".join(_table(header, rows)))
    blocks.extend(filter(None, ["\n".join(orgchart.markdown_lines(plan))]))
    with_notes = [p for p in people if _has_text(p.notes)]
    if with_notes:
        blocks.append("### Notes")
        notes = [f"- **{escape_inline(p.name)}:** {_escape_block(p.notes, '  ')}" for p in with_notes]
        blocks.append("\n".join(notes))
    links = index(plan)
    detractors = [p for p in people if coach.needs_mitigation(p) or _is_mitigated_skeptic(p, links)]
    if detractors:
        blocks.append("### Detractors and skeptics")
        blocks.append("\n".join(_detractor(p, links) for p in detractors))
    return blocks


def _is_mitigated_skeptic(person: Stakeholder, links: PlanIndex) -> bool:
    """A skeptic the coach does not insist on, but whom a live tactic works on: worth listing."""
    return person.stance == "skeptic" and links.mitigator(person.id) is not None


def _detractor(person: Stakeholder, links: PlanIndex) -> str:
    """A detractor and the live tactics that mitigate them, or a note that none does."""
    name = escape_inline(person.name)
    mitigators = links.mitigators(person.id)
    if not mitigators:
        return f"- **{name}:** {_placeholder('no mitigating tactic yet')}"
    by = "; ".join(
        f"{escape_inline(t.action)} (Initiative {links.initiative_number[t.id]})" for t in mitigators
    )
    return f"- **{name}:** mitigated by {by}"


def _cadence(plan: Plan, internal: bool) -> list[str]:
    blocks = ["## Cadence"]
    if not plan.meetings:
        return blocks + [_placeholder("No meetings yet")]
    header = ["Meeting", "Frequency", "Attendees", "Purpose", "Next date"]
    rows = [_meeting_row(meeting) for meeting in plan.meetings]
    ties = links.markdown_meeting_column(plan, internal)  # "Reviews: Goal 1 · Serves: Ada", when any
    if ties:
        header, rows = header + ["Ties"], [row + [cell] for row, cell in zip(rows, ties)]
    return blocks + ["\n".join(_table(header, rows))]


def _meeting_row(meeting: Meeting) -> list[str]:
    return [
        _cell(meeting.name),
        _cell(meeting.frequency),
        _cell(meeting.attendees),
        _cell(meeting.purpose),
        _date(meeting.next_date),
    ]


def _reporting(plan: Plan) -> list[str]:
    blocks = ["## Reporting"]
    if not plan.metrics:
        return blocks + [_placeholder("No metrics yet")]
    labels = numbering(plan)
    goals = {goal.id: labels[goal.id] for goal in plan.goals}
    header = ["Metric", "Progress", "Baseline", "Target", "Current", "Unit", "Goal"]
    rows = [_metric_row(metric, goals) for metric in plan.metrics]
    return blocks + ["\n".join(_table(header, rows))]


def _metric_row(metric: Metric, goals: dict[str, str]) -> list[str]:
    """A metric's row, progress worded as the Reporting step shows it; its goal by number ("Goal 2")."""
    return [
        _cell(metric.name),
        summary.progress_words(metric),
        _number(metric.baseline),
        _number(metric.target),
        _number(metric.current),
        _cell(metric.unit),
        goals.get(metric.goal_id, NOT_SET),
    ]


def _tools(plan: Plan, internal: bool) -> list[str]:
    blocks = ["## Selling tools"]
    if not plan.tools:
        return blocks + [_placeholder("No selling tools yet")]
    return blocks + ["\n".join(_tool(t) + links.markdown_tool_suffix(plan, t, internal) for t in plan.tools)]


def _tool(tool: SellingTool) -> str:
    if not _has_text(tool.purpose):
        return f"- **{escape_inline(tool.name)}**"
    return f"- **{escape_inline(tool.name)}:** {_escape_block(tool.purpose, '  ')}"


def _health(plan: Plan, today: date) -> list[str]:
    """The coach's score and findings (internal edition only)."""
    findings = coach.check_plan(plan, today)
    blocks = ["## Plan health", f"**Score:** {coach.health_score(plan, today)}/100"]
    if not findings:
        return blocks + [_placeholder("The coach has nothing to flag.")]
    return blocks + ["\n".join(f"- {escape_inline(finding.message)}" for finding in findings)]
