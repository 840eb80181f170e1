"""(filled in below)"""

from __future__ import annotations


class ActorRegistry:
    """Mixed into the Store."""
