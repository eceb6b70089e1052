"""One way to export a plan: an edition, rendered and written, for the CLI and the Export step.

``acct-tui export`` and the wizard's Export step used to choose the renderer
each on their own. Both now name an edition and call ``export_plan`` (or
``render`` for stdout), so the same choice always gives the same file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from acct_tui.files import write_text_atomic
from acct_tui.model import Plan

if TYPE_CHECKING:
    from acct_tui.review import LastReview

EDITIONS = ("internal", "customer", "review", "json")
"""internal: the whole plan; customer: without the internal politics; review:
the review pack; json: the exact plan, for ``acct-tui import``."""


def edition_for(fmt: str, audience: str, review: bool) -> str:
    """The edition the CLI's ``--format``, ``--audience`` and ``--review`` name."""
    if fmt == "json":
        return "json"
    return "review" if review else audience


def render(
    plan: Plan, edition: str, today: date | None = None, last: LastReview | None = None, flavor: str = "gfm"
) -> str:
    """The text of one edition of the plan (``today``: what the coach judges against).

    ``last`` is the plan at its last review (``review.last_review``), for the
    review pack's "Since the last review"; the other editions ignore it.
    ``flavor`` is the plan's heading depth (``markdown.FLAVORS``); the review
    pack never goes below H3, so it reads the same in both, and JSON has none.

    The renderers are imported when used, so ``acct-tui export`` loads only the one it needs.
    """
    if edition not in EDITIONS:
        raise ValueError(f"Edition must be one of: {', '.join(EDITIONS)} (got {edition!r}).")
    if edition == "json":
        from acct_tui.plan_json import export_plan_json

        return export_plan_json(plan)
    if edition == "review":
        from acct_tui.review import render_review_pack

        return render_review_pack(plan, today, last)
    from acct_tui.markdown import render_plan_markdown

    return render_plan_markdown(plan, audience=edition, today=today, flavor=flavor)


def export_plan(
    plan: Plan,
    edition: str,
    path: Path,
    today: date | None = None,
    last: LastReview | None = None,
    flavor: str = "gfm",
) -> str:
    """Write one edition of the plan to ``path`` atomically (0600); return the text written.

    OSError (a folder, a read-only place, a full disk) is the caller's to word.
    """
    text = render(plan, edition, today, last, flavor)
    write_text_atomic(path, text)
    return text
