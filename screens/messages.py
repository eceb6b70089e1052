"""Messages several screens share."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class PlanEdited(Message):
    """A step changed the plan (already handed to the app for saving)."""

    plan_id: str
    typing: bool = False
    """True for a keystroke in a field: progress is recounted once typing pauses."""


@dataclass
class JumpTo(Message):
    """Open a wizard step, and select a node in it if given (the coach's "fix it")."""

    step: str
    node_id: str = ""
