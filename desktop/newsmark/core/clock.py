"""Timestamps written into a project file."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> str:
    """Now, in UTC, as ISO 8601 with milliseconds: sorts as text, reads anywhere."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")
