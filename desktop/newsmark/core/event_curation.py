"""(filled in below)"""

from __future__ import annotations


class EventCuration:
    """Mixed into the Store."""
