"""(filled in below)"""

from __future__ import annotations


class ClaimCuration:
    """Mixed into the Store."""
