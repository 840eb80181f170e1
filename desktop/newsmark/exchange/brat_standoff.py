"""brat standoff, what both directions share: the file and type names, how Newsmark names
become brat-safe and are matched back, how a span is cut into fragments at line breaks, and
the ``key=value`` notes of ``#`` AnnotatorNotes lines. docs/formats/brat.md describes the
format. Pure Python; never imports Qt.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

ANNOTATION_CONF = "annotation.conf"
VISUAL_CONF = "visual.conf"
# brat joins the fragments of a discontinuous span with one space in the text field.
DISCONT_SEP = " "
# Characters a T line's text field cannot hold: brat cuts a selection at newlines and tabs,
# and readers that split lines with str.splitlines also break at the others.
FRAGMENT_BREAKS = frozenset("\n\r\t\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# The brat event type of claims; their trigger is the cue (or, without one, the content).
CLAIM_TYPE = "Claim"
CLAIM_COLOUR = "#d4ac0d"
# Attribute names of the A lines.
SUBTYPE, STATUS, CLAIM_KIND, STANCE = "Subtype", "Status", "ClaimType", "Stance"
# Claim roles.
CONTENT, CLAIMANT, ABOUT, PARENT = "Content", "Claimant", "About", "Parent"
NOTE_TYPE = "AnnotatorNotes"
REFERENCE = "Reference"  # the one normalization type brat writes
NEWSMARK_DB = "Newsmark"
# Database names of external ids in N lines, where brat users expect a capital.
EXTERNAL_DBS = {"wikidata": "Wikidata"}
# Newsmark's labels for the spans under triggers, cues and claim contents: what a trigger T
# line of a file made elsewhere (typed with its event type, as brat wants) becomes.
TRIGGER_LABEL, CUE_LABEL, CONTENT_LABEL = "TRIGGER", "CUE", "CLAIM"
# Keys of the notes the export writes; ``attr.*`` values are JSON, ``actor.<role>`` and
# ``value.<role>`` are event fillers that brat cannot draw.
NOTE_KEYS = frozenset(
    {
        "status",
        "annotator",
        "origin",
        "score",
        "label",
        "same",
        "type",
        "subtype",
        "trigger",
        "arg1",
        "arg2",
        "claimant_actor",
        "about_actor",
    }
)
NOTE_PREFIXES = ("attr.", "actor.", "value.")
_NOTE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_UNSAFE = re.compile(r"[^\w-]")
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_JSON_LINE_ENDS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\u0085"))


# ---------------------------------------------------------------------------------------------
# Names, fragments and notes (shared by both directions)
# ---------------------------------------------------------------------------------------------


def brat_name(name: str) -> str:
    """``name`` as a brat type, role, attribute or value: runs of white space become ``_``,
    every other character but letters, digits, ``_`` and ``-`` becomes ``-``."""
    safe = _UNSAFE.sub("-", _SPACES.sub("_", name.strip()))
    return safe or "_"


def same_name(one: str, other: str) -> bool:
    """Whether two names are the same ignoring case and all but letters and digits (how a
    brat-safe name is matched to the original)."""
    return _NOT_ALNUM.sub("", one).casefold() == _NOT_ALNUM.sub("", other).casefold()


def fragments(start: int, text: str) -> list[tuple[int, int]]:
    """The offsets of ``text`` (found at ``start``) cut at :data:`FRAGMENT_BREAKS`, without
    the breaks themselves; empty pieces are dropped."""
    found: list[tuple[int, int]] = []
    piece = start
    for index, char in enumerate(text, start=start):
        if char in FRAGMENT_BREAKS:
            if index > piece:
                found.append((piece, index))
            piece = index + 1
    if start + len(text) > piece:
        found.append((piece, start + len(text)))
    return found


def _json(value: Any) -> str:
    encoded = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _JSON_LINE_ENDS:
        encoded = encoded.replace(char, escape)
    return encoded


def _plain(value: str) -> bool:
    """Whether a note value can be written as it is (else as a JSON string)."""
    return (
        bool(value)
        and value == value.strip()
        and not value.startswith('"')
        and "; " not in value
        and not any(char in FRAGMENT_BREAKS for char in value)
    )


def note_text(fields: Iterable[tuple[str, Any]]) -> str:
    """The text of a note: ``key=value`` fields joined by ``"; "``. ``attr.*`` values are
    JSON; other values are written as they are unless that would be ambiguous or break the
    line, then as a JSON string."""
    parts = []
    for key, value in fields:
        if key.startswith("attr."):
            written = _json(value)
        else:
            text = str(value)
            written = text if _plain(text) else _json(text)
        parts.append(f"{key}={written}")
    return "; ".join(parts)


def parse_note(text: str) -> list[tuple[str, Any]] | None:
    """The fields of a note :func:`note_text` wrote, or None for any other note (a comment
    written in brat)."""
    decoder = json.JSONDecoder()
    fields: list[tuple[str, Any]] = []
    position = 0
    while position < len(text):
        equals = text.find("=", position)
        key = text[position:equals] if equals >= 0 else ""
        if not _NOTE_KEY.fullmatch(key) or not _known_key(key):
            return None
        start = equals + 1
        if key.startswith("attr.") or text.startswith('"', start):
            try:
                value, end = decoder.raw_decode(text, start)
            except ValueError:
                return None
        else:
            end = text.find("; ", start)
            end = len(text) if end < 0 else end
            value = text[start:end]
        if end < len(text) and not text.startswith("; ", end):
            return None
        fields.append((key, value))
        position = end + 2
    return fields


def _known_key(key: str) -> bool:
    return key in NOTE_KEYS or any(
        key.startswith(prefix) and len(key) > len(prefix) for prefix in NOTE_PREFIXES
    )


def actor_ref(actor_id: int, name: str) -> str:
    return f"{NEWSMARK_DB}:{actor_id} {name}"
