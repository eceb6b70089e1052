"""The one clock for "today": the date the coach, exports and lists judge a plan against.

Everything that needs today's date calls ``clock.today()`` (through the
module, never ``from acct_tui.clock import today``), so a test fixes "today"
for the whole app in one place: ``monkeypatch.setattr(clock, "today", lambda: DAY)``.
The edit session's own clock (``make_app(clock=...)``) is a monotonic timer
for autosave pauses, not a date, and stays separate.
"""

from __future__ import annotations

from datetime import date


def today() -> date:
    """Today's local date."""
    return date.today()


def or_today(day: date | None) -> date:
    """``day`` if one was given, else today: the default every ``today=`` argument takes."""
    return day if day is not None else today()
