"""Documents as they enter a project: immutable text, metadata and what cleaning removed.

Offsets of every later annotation are Python ``str`` indices into ``Document.text``, so the
text is fixed here, once, at import: byte-order mark gone, line endings ``\\n``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

BOM = "\ufeff"
DOCUMENT_STATUSES = ("new", "in_progress", "done", "reviewed")

_LINE_BREAKS = re.compile(r"\r\n?|\u2028|\u2029|\x85")


def normalize_text(raw: str) -> str:
    """Strip a leading byte-order mark and turn CRLF, CR and Unicode line separators into ``\\n``.

    This is the only change made to a text imported with cleaning switched off: without it the
    same article saved on Windows and on Linux would get different offsets.
    """
    if raw.startswith(BOM):
        raw = raw[1:]
    return _LINE_BREAKS.sub("\n", raw)


# ASCII whitespace, deleted before hashing; bytes.translate does it in one C pass, many times
# faster than splitting the text into words.
_ASCII_SPACE = b" \t\n\r\x0b\x0c"


def content_hash(text: str) -> str:
    """A fingerprint of what a text says, blind to spacing, line breaks, Unicode form and a
    leading byte-order mark.

    Two copies of one article that differ only in wrapping, line endings, non-breaking spaces,
    composed/decomposed accents or how the file was saved count as the same content, which is
    what duplicate detection at import needs.
    """
    text = text.removeprefix(BOM)
    folded = unicodedata.normalize("NFC", text.replace("\u00a0", " ")).encode("utf-8")
    return hashlib.sha256(folded.translate(None, _ASCII_SPACE)).hexdigest()


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of the original text that cleaning took out, and why.

    ``line`` is the 1-based line of the original (after line-ending normalisation) where the
    piece starts, so a curator can find it in the source file.
    """

    reason: str
    text: str
    line: int

    def as_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "text": self.text, "line": self.line}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Removal:
        return cls(reason=str(data["reason"]), text=str(data["text"]), line=int(data["line"]))


@dataclass(frozen=True, slots=True)
class Document:
    """An article ready to be stored: its text (fixed for life), metadata and provenance.

    ``original_text`` is the decoded file content before cleaning; it is ``None`` when the
    stored text is the original (import with cleaning off), so nothing is kept twice.
    """

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601: YYYY-MM-DD, YYYY-MM or YYYY
    source: str | None = None
    url: str | None = None
    external_id: str | None = None
    original_text: str | None = None
    removals: tuple[Removal, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    origin: str = ""  # file path, with ":line" for one record of a JSONL or CSV file
    # Computed once, where the document is built (possibly in a worker process), so the
    # process that writes to the project does not spend its time hashing.
    content_hash: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(self, "content_hash", content_hash(self.text))


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document as read back from a project, with its id and curation status."""

    id: int
    text: str
    title: str | None
    author: str | None
    published: str | None
    source: str | None
    url: str | None
    external_id: str | None
    original_text: str | None
    removals: tuple[Removal, ...]
    meta: dict[str, Any]
    origin: str
    status: str
    content_hash: str
    imported_at: str
    updated_at: str
