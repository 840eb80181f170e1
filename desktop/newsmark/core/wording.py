"""How records are named in messages, undo descriptions and lists: short quotes and counts.

Pure Python: this module never imports Qt.
"""

from __future__ import annotations


def short(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 span", "12 spans", "2 aliases" (``many``: the plural when "s" will not do)."""
    return f"{count:,} " + (word if count == 1 else many or word + "s")
