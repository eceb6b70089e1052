"""The agenda as an iCalendar file (RFC 5545) that a calendar app imports.

Written by hand, as the format is small: lines end in CRLF and are folded
at 75 octets (a continuation line starts with one space, and a UTF-8
character is never cut in two); TEXT values escape backslash, semicolon,
comma and line breaks. User text (tactic actions, names, owners) only ever
goes into escaped TEXT values; ids (url-safe by the model) go into UIDs.

Dated items (tactics, meetings, reviews) are all-day events, because every
calendar app shows those; a stale contact has no day to put it on, so it is
a to-do (``VTODO``), which task apps pick up and some calendars ignore. Each
item's UID is made of the plan id, its kind, the item id and its date, so
importing a newer agenda updates an item instead of adding a second copy,
and a tactic moved to another day becomes a new event.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from acct_tui.agenda import Agenda, AgendaItem, item_line
from acct_tui.model import now_utc

PRODID = "-//acct-tui//Agenda//EN"

LINE_OCTETS = 75
"""RFC 5545 §3.1: lines longer than this (CRLF excluded) are folded."""


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded into pieces of at most 75 octets, joined by CRLF + space."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = LINE_OCTETS - 1  # the leading space of a continuation line counts
        current.append(char)
        size += octets
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def render_ics(agenda: Agenda, stamp: datetime | None = None) -> str:
    """The agenda as an iCalendar file: one event or to-do per item (``stamp``: the DTSTAMP, UTC)."""
    stamp = (stamp or now_utc()).astimezone(timezone.utc)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    for item in (*agenda.dated, *agenda.reviews, *agenda.contacts):
        lines += _component(item, agenda.today, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def uid(item: AgendaItem) -> str:
    """Stable across exports: plan, kind, item and date (ids are url-safe, so no escaping)."""
    day = item.when.strftime("%Y%m%d") if item.when else "undated"
    return f"{item.plan_id}.{item.kind}.{item.item_id}.{day}@acct-tui"


def summary(item: AgendaItem) -> str:
    """The title a calendar shows: what, and for which account."""
    what = {
        "tactic": item.title,
        "meeting": item.title,
        "review": "Plan review",
        "contact": f"Get in touch with {item.title}",
    }[item.kind]
    return f"{what} ({item.plan_name})"


def description(item: AgendaItem, today: date) -> str:
    """The details: the agenda's own line, then the tactic's chain or the item's detail."""
    lines = [item_line(item, today)]
    if item.chain:
        lines.append(item.chain)
    if item.detail:
        lines.append(item.detail)
    return "\n".join(lines)


def _component(item: AgendaItem, today: date, stamp: datetime) -> list[str]:
    kind = "VTODO" if item.when is None or item.kind == "contact" else "VEVENT"
    lines = [
        f"BEGIN:{kind}",
        f"UID:{uid(item)}",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
    ]
    if kind == "VEVENT":
        assert item.when is not None
        lines += [
            f"DTSTART;VALUE=DATE:{item.when:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.when + timedelta(days=1):%Y%m%d}",
            "TRANSP:TRANSPARENT",
        ]
    lines += [
        f"SUMMARY:{escape_text(summary(item))}",
        f"DESCRIPTION:{escape_text(description(item, today))}",
        f"CATEGORIES:{escape_text(item.kind)}",
    ]
    if kind == "VTODO":
        lines.append("STATUS:NEEDS-ACTION")
    lines.append(f"END:{kind}")
    return lines
