"""What the read side of several curation mixins shares: a span as a record points at it, and
the decoding of an ``attributes`` column.

Events (their trigger, span fillers) and claims (content, cue, claimant) point at spans the
same way; both read the span's columns in the order of :class:`SpanRef`'s fields and build it
with :func:`span_ref`. Pure Python: never imports Qt.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsmark.core.span_curation import ACCEPTED


@dataclass(frozen=True, slots=True)
class SpanRef:
    """A span an event or a claim points at: its id, offsets, covered text, label and status.

    Immutable, so any thread may read it.
    """

    span_id: int
    start: int
    end: int
    text: str
    label: str
    status: str = ACCEPTED


def span_ref(values: Sequence[Any]) -> SpanRef | None:
    """The span read as (id, start, end, text, label[, status]) columns; None when the id is
    NULL (the record points at no span, or its span is gone)."""
    return None if values[0] is None else SpanRef(*values)


def json_object(stored: str | None) -> dict[str, Any]:
    """An ``attributes`` column as a dict: {} when empty, not JSON, or not a JSON object (a
    file written by another tool must not stop the record from being shown)."""
    try:
        data = json.loads(stored) if stored else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
