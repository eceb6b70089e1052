"""One way to export a plan: an edition, rendered and written, for the CLI and the Export step.

``acct-tui export`` and the wizard's Export step used to choose the renderer
each on their own. Both now name an edition and call ``export_plan`` (or
``render`` for stdout), so the same choice always gives the same file.

A Markdown edition can also be written as Word or PDF (``document``): the
same Markdown, converted by ``acct_tui.documents``.
"""

from __future__ import annotations

import json
import re
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


DOCUMENTS = ("docx", "pdf")
"""Formats made from an edition's Markdown by pandoc (``acct_tui.documents``)."""
SUFFIX = {"internal": "plan", "customer": "customer-plan", "review": "review-pack"}
"""What a file name says about the edition it holds."""


def default_file_name(plan: Plan, edition: str, extension: str = "md") -> str:
    """<account-slug>-plan.md (or -customer-plan.docx, -review-pack.pdf, ...)."""
    from acct_tui.markdown import slugify

    return f"{slugify(plan.name)}-{SUFFIX[edition]}.{extension}"


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
    *,
    document: str | None = None,
    front_matter: bool = False,
    flavor: str = "gfm",
) -> str:
    """Write one edition of the plan to ``path`` atomically (0600); return the Markdown (or JSON).

    ``document``: "docx" or "pdf" writes the edition's Markdown as Word or
    PDF instead (``documents.DocumentError`` if pandoc or the PDF engine is
    missing). ``front_matter``: start the Markdown with ``front_matter(plan)``.
    OSError (a folder, a read-only place, a full disk) is the caller's to word.
    """
    text = render(plan, edition, today, last, flavor)
    if front_matter:
        text = with_front_matter(plan, edition, text, today)
    if document is None:
        write_text_atomic(path, text)
        return text
    if document not in DOCUMENTS or edition == "json":
        raise ValueError(f"Document format must be one of: {', '.join(DOCUMENTS)} of a Markdown edition.")
    from acct_tui import documents

    (documents.to_docx if document == "docx" else documents.to_pdf)(text, path)
    return text


# --- front matter ---------------------------------------------------------------

FRONT_MATTER_EDITIONS = ("internal", "review")
"""Front matter names the plan's id and health: never in the customer edition."""


def with_front_matter(plan: Plan, edition: str, text: str, today: date | None = None) -> str:
    """``text`` with ``front_matter(plan)`` before it; ValueError for an edition that must not carry it."""
    if edition not in FRONT_MATTER_EDITIONS:
        raise ValueError(f"The {edition} edition never carries front matter.")
    return front_matter(plan, today) + text


def front_matter(plan: Plan, today: date | None = None) -> str:
    """YAML front matter for tools that read it (static sites, Obsidian, pandoc): opt-in only.

    Every value is written as JSON, which YAML reads as the same scalar, so
    a name holding a colon, a quote or "---" can't break out of it; YAML's own
    line breaks (NEL, LS, PS) and non-printables, which JSON leaves raw, are
    escaped too. ``json.loads`` of each value gives it back.
    """
    from acct_tui.coach import health_score
    from acct_tui.plan_json import PLAN_FORMAT_VERSION

    fields = {
        "title": plan.name,
        "plan_id": plan.id,
        "format_version": PLAN_FORMAT_VERSION,
        "updated": plan.updated.isoformat(),
        "health": health_score(plan, today),
    }
    lines = [f"{key}: {_yaml_json(value)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _yaml_json(value: object) -> str:
    """``value`` as JSON that YAML's double-quoted scalars read back unchanged."""
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(value, ensure_ascii=False))
