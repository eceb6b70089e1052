"""The plan's rhythm: how often a meeting recurs, which meeting is the review, who is a key contact.

The coach ("no review within the cadence", "contacts going stale") and the
agenda (stale contacts, next meetings) judge the same things, so each rule
is written here once: ``frequency_days`` reads the free-text frequency a
user typed ("weekly", "every two weeks", "QBR"), ``review_cadence_days`` picks
the plan's review rhythm from its meetings, and ``stale_contact_days()`` is the
one source for "not contacted for too long": ``STALE_CONTACT_DAYS`` unless the
user's settings (``stale_contact_days``) say otherwise, set once at start with
``use_stale_contact_days``.
"""

from __future__ import annotations

import re
from datetime import date

from acct_tui.model import Meeting, Plan, Stakeholder

STALE_CONTACT_DAYS = 60
"""A contact not spoken to for longer than this many days is going stale (the default)."""

_stale_days = STALE_CONTACT_DAYS


def stale_contact_days() -> int:
    """Days after which a contact goes stale: the settings' value, else ``STALE_CONTACT_DAYS``.

    The coach, the agenda and the review pack all read it here, so they never disagree.
    """
    return _stale_days


def use_stale_contact_days(days: int) -> None:
    """Make ``days`` the stale-contact limit from now on (the app calls it with the setting)."""
    global _stale_days
    if days < 1:
        raise ValueError("stale-contact days must be at least 1")
    _stale_days = days

REVIEW_GRACE_DAYS = 14
"""Days a review may slip past its cadence before the coach says so (a QBR moved by a week is fine)."""

KEY_ROLES = ("decision maker", "economic buyer")
"""Decision roles (``model.DECISION_ROLES``) whose contact must not go stale."""

_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "quarter": 91, "year": 365}

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "once": 1, "two": 2, "twice": 2, "other": 2, "three": 3, "thrice": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}

_COUNT = r"(\d{1,3}|" + "|".join(_NUMBERS) + r")"
_UNIT = r"(day|week|fortnight|month|quarter|year)s?"

_EVERY = re.compile(rf"\bevery\s+(?:{_COUNT}\s+)?{_UNIT}\b")
"""'every week', 'every two weeks', 'every other month', 'every 6 weeks'."""

_TIMES_PER = re.compile(rf"\b{_COUNT}(?:\s+times?)?\s+(?:a|an|per|each|every)\s+{_UNIT}\b")
"""'twice a year', '4 times a year', 'three times per quarter', 'once a month'."""

_WORDS: dict[str, int] = {
    "daily": 1,
    "weekly": 7,
    "biweekly": 14,
    "fortnightly": 14,
    "semimonthly": 15,
    "monthly": 30,
    "quarterly": 91,
    "qbr": 91,
    "semiannual": 182,
    "semiannually": 182,
    "biannual": 182,
    "biannually": 182,
    "halfyearly": 182,
    "annual": 365,
    "annually": 365,
    "yearly": 365,
}
"""One-word frequencies (after hyphens and spaces inside 'bi-weekly', 'half yearly' are removed)."""

_REVIEW_NAME = re.compile(r"review|\bqbr\b|\bebr\b", re.IGNORECASE)


def frequency_days(text: str) -> int | None:
    """How many days apart a meeting of this frequency falls, or None if the text doesn't say.

    Reads what people write: "weekly", "every two weeks", "every other
    month", "monthly", "quarterly" or "QBR" (91), "twice a year" (182),
    "annual"; "4 times a year" divides the year. "bimonthly" means "every two
    months" to some and "twice a month" to others, so it is not guessed.
    """
    words = " ".join(text.casefold().replace("-", " ").split())
    found = _EVERY.search(words)
    if found:
        count = _count(found.group(1) or "1")
        return count * _UNIT_DAYS[found.group(2)] if count else None
    found = _TIMES_PER.search(words)
    if found:
        count = _count(found.group(1))
        return max(1, _UNIT_DAYS[found.group(2)] // count) if count else None
    joined = re.sub(r"\b(bi|semi|half) (?=\w)", r"\1", words)
    for word in re.findall(r"\w+", joined):
        if word in _WORDS:
            return _WORDS[word]
    return None


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word]


def is_review_meeting(meeting: Meeting) -> bool:
    """A meeting that reviews the plan: its name says review, QBR or EBR."""
    return bool(_REVIEW_NAME.search(meeting.name))


def meeting_days(meeting: Meeting) -> int | None:
    """Days between two of this meeting: its frequency, else what its name says ("Quarterly review")."""
    return frequency_days(meeting.frequency) or frequency_days(meeting.name)


def review_cadence(plan: Plan) -> tuple[Meeting, int] | None:
    """The plan's review meeting and how many days apart reviews fall, or None if it has none.

    With several review meetings the most frequent one sets the rhythm; a
    review meeting whose frequency can't be read sets none.
    """
    timed = [(days, meeting) for meeting in plan.meetings if is_review_meeting(meeting) and (days := meeting_days(meeting))]
    if not timed:
        return None
    days, meeting = min(timed, key=lambda pair: pair[0])
    return meeting, days


def is_key_contact(person: Stakeholder) -> bool:
    """Someone whose relationship must not go quiet: a decision-maker, economic buyer or champion."""
    return person.role in KEY_ROLES or person.stance == "champion"


def is_stale(person: Stakeholder, today: date, stale_days: int | None = None) -> bool:
    """Not contacted for more than ``stale_days`` days (``stale_contact_days()`` if not given), or never."""
    limit = stale_contact_days() if stale_days is None else stale_days
    return person.last_contact is None or (today - person.last_contact).days > limit
