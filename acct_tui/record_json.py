"""A plan file's JSON, encoded again only where the plan changed.

Every save writes the whole plan file (sorted keys, 2-space indent). At
20,000 tactics that is seconds of pure Python, and the writer thread shares
the interpreter with the keys being typed. Plans are immutable and an edit
builds a new version that shares every untouched goal, strategy and
initiative with the one before, so the text of each of those can be kept
and reused: an edit re-encodes the records on the path from the plan to what
changed, nothing else. The bytes are exactly those of ``store.encode`` (a
property test holds them to it).
"""

from __future__ import annotations

import json
import re
from threading import Lock
from typing import Any, NamedTuple

from acct_tui.model import Goal, Initiative, Strategy
from acct_tui.plan_json import to_data

KEPT_TYPES: tuple[type, ...] = (Goal, Strategy, Initiative)
"""Records whose text is kept between saves: the ones that hold other records."""

_MARK = re.compile(r'^( *)"\\u0000(\d+)"(,?)$', re.MULTILINE)
"""A record's place in its parent's text: a string of NUL and a number,
alone on its line. No user text can make one: text never holds control
characters (``model.check_text``), and JSON would escape a backslash."""


class _Kept(NamedTuple):
    """A record's bytes at one indentation, and the kept-type records inside them."""

    record: object
    """Held so its ``id`` can't be reused by another record while it is kept."""
    pad: str
    content: bytes
    inner: tuple[object, ...]


class RecordEncoder:
    """``encode(data)``: JSON bytes of ``data``, reusing the bytes of records seen in the last call.

    It keeps the kept-type records of the last document it encoded (so one
    encoder per store: the plan being edited). Thread-safe.
    """

    def __init__(self) -> None:
        self._kept: dict[int, _Kept] = {}
        """Every kept-type record of the last document, by ``id``."""
        self._lock = Lock()
        self.encoded = 0
        """How many kept-type records the last call encoded afresh (the rest were reused)."""

    def encode(self, data: dict[str, Any]) -> bytes:
        """The bytes ``store.encode`` gives for ``data`` once its records are turned into dicts."""
        with self._lock:
            used: dict[int, _Kept] = {}
            self.encoded = 0
            content, _ = self._bytes(data, "", used, end=b"\n")
            self._kept = used
        return content

    def _bytes(self, value: Any, pad: str, used: dict[int, _Kept], end: bytes = b"") -> tuple[bytes, tuple[object, ...]]:
        """``value`` as JSON whose lines after the first are indented by ``pad``, and the records in it.

        Bytes, so a parent joins a child's in one memory copy (no re-encoding).
        """
        records: list[Any] = []
        data = _data(value, records)
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
        if pad:
            text = text.replace("\n", "\n" + pad)
        parts = _MARK.split(text)  # text, then (indent, number, comma, text) per record
        out = [_utf8(parts[0])]
        for at in range(1, len(parts), 4):
            indent, number, comma, after = parts[at : at + 4]
            out += [_utf8(indent), self._record(records[int(number)], indent, used), _utf8(comma + after)]
        out.append(end)
        return b"".join(out), tuple(records)

    def _record(self, record: object, pad: str, used: dict[int, _Kept]) -> bytes:
        """A kept-type record's bytes at indentation ``pad``: the last call's, if the record is the same."""
        kept = self._kept.get(id(record))
        if kept is not None and kept.record is record and kept.pad == pad:
            self._keep(kept, used)
        else:
            kept = _Kept(record, pad, *self._bytes(record, pad, used))
            used[id(record)] = kept
            self.encoded += 1
        return kept.content

    def _keep(self, kept: _Kept, used: dict[int, _Kept]) -> None:
        """Keep a reused record for the next call, and every record inside it."""
        used[id(kept.record)] = kept
        for inner in kept.inner:
            inside = self._kept.get(id(inner))
            if inside is not None and inside.record is inner:
                self._keep(inside, used)


def _utf8(text: str) -> bytes:
    """``backslashreplace`` only fires on lone surrogates (as in ``store.encode``)."""
    return text.encode("utf-8", "backslashreplace")


def _data(value: Any, records: list[Any]) -> Any:
    """``value`` as ``plan_to_dict`` writes it, each kept-type record inside it replaced by a mark."""

    def mark(item: Any) -> str | None:
        if not isinstance(item, KEPT_TYPES):
            return None
        records.append(item)
        return f"\x00{len(records) - 1}"

    return to_data(value, mark)
