"""(filled in below)"""

from __future__ import annotations


class RelationCuration:
    """Mixed into the Store."""
