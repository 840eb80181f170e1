"""Annotations read from another file, in one shape whatever format they came in.

Every reader of annotations (Newsmark's own JSONL, Prodigy and doccano JSONL, brat standoff)
turns what it reads into :class:`ImportedDocument` objects; the Store's import
(:mod:`newsmark.core.annotation_import`) writes them. Records point at each other by the
``key`` the source file gave them (an id, ``"T3"``, a position), never by project ids, which
are only known once written. Offsets are Python ``str`` indices into ``text`` exactly as the
file had it: nothing here alters a text.

``None`` in ``status``, ``origin`` or ``annotator`` means "what the import decides" (a
pre-annotation: status ``suggested``, origin ``import:<format>``, no annotator).
Pure Python; never imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Key = str | int


@dataclass(frozen=True, slots=True)
class ImportedSpan:
    """A labelled stretch of the text; ``actor`` is the key of an :class:`ImportedActor`."""

    key: Key
    start: int
    end: int
    text: str
    label: str
    status: str | None = None
    origin: str | None = None
    score: float | None = None
    annotator: str | None = None
    actor: Key | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportedActor:
    """An actor of the source's registry, matched to the project's by name and type."""

    key: Key
    name: str
    type: str | None = None
    country: str | None = None
    aliases: tuple[str, ...] = ()
    external_ids: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportedArgument:
    """One role filler of an event: a span key, an actor key, or a plain value."""

    role: str
    span: Key | None = None
    actor: Key | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class ImportedEvent:
    """An event: type, optional sub-type, trigger span key, role fillers and attributes."""

    key: Key
    type: str
    subtype: str | None = None
    trigger: Key | None = None
    arguments: tuple[ImportedArgument, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    origin: str | None = None
    score: float | None = None
    annotator: str | None = None


@dataclass(frozen=True, slots=True)
class ImportedClaim:
    """A claim: its content, cue and claimant spans, claimant actor, and what it is about.

    ``about_events`` and ``about_actors`` hold keys; an event of another document of the same
    file is an :class:`ElsewhereRef`. ``parent`` is the key of the claim that reports this one.
    """

    key: Key
    type: str
    content: Key | None = None
    cue: Key | None = None
    claimant: Key | None = None
    claimant_actor: Key | None = None
    stance: str | None = None
    about_events: tuple[Key | ElsewhereRef, ...] = ()
    about_actors: tuple[Key, ...] = ()
    parent: Key | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    origin: str | None = None
    score: float | None = None
    annotator: str | None = None


@dataclass(frozen=True, slots=True)
class ElsewhereRef:
    """A record of another document of the same source: that document's key and the record's
    own key there (the import resolves it once both are written)."""

    doc: Key
    key: Key


@dataclass(frozen=True, slots=True)
class ImportedRelation:
    """A labelled link between two records: each end is ``(kind, key)`` with kind ``span``,
    ``event``, ``claim`` or ``actor``, or ``(kind, ElsewhereRef)`` for another document's."""

    key: Key
    head: tuple[str, Key | ElsewhereRef]
    child: tuple[str, Key | ElsewhereRef]
    label: str
    status: str | None = None
    origin: str | None = None
    score: float | None = None
    annotator: str | None = None


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """One document of a source file with everything annotated on it.

    ``location`` names where it was read (``file:line`` or a brat ``.ann`` path) for every
    message about it; ``key`` is the source's document id, if it has one. ``meta`` holds
    title, author, published, source, url, external_id and anything else the source carried.
    ``status`` is a document status (``new``, ``in_progress``, ``done``, ``reviewed``) or None.
    """

    location: str
    text: str
    key: Key | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    status: str | None = None
    spans: tuple[ImportedSpan, ...] = ()
    actors: tuple[ImportedActor, ...] = ()
    events: tuple[ImportedEvent, ...] = ()
    claims: tuple[ImportedClaim, ...] = ()
    relations: tuple[ImportedRelation, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """Something a reader could not take: where (``file:line``, ``file.ann:line``, a field)
    and why. ``fatal`` problems lose the whole record named; others lose only a part of it
    (one span, one relation) and the rest is imported."""

    location: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"
