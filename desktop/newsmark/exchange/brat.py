"""brat standoff: a folder of ``<id>.txt`` + ``<id>.ann`` pairs with ``annotation.conf`` and
``visual.conf``, written for brat and INCEpTION and read back for import.

Export: every document's text goes to ``<id>.txt`` exactly as stored (UTF-8, no line end
translated), its annotations to ``<id>.ann``: T lines for spans (cut into fragments at line
breaks and tabs, as brat itself does, because the text field is one line), E lines for events
and claims, R lines for relations, A lines for sub-types, statuses and enum attributes, N lines
for actor links, and one ``#`` AnnotatorNotes line per annotation for what brat has no line
for (status, annotator, origin, actor and value fillers, other attributes). Type names are
made brat-safe (``Explosions/Remote violence`` becomes ``Explosions-Remote_violence``); the
configuration files are generated from the project schema and cover every name used. All
files are staged first and appear together only once every document passed the span check.

Import: :func:`read_brat` turns every ``.ann`` under a folder (with its ``.txt``) into an
:class:`ImportedDocument`, reporting bad lines as located :class:`ImportProblem` objects.
docs/formats/brat.md describes both sides. Pure Python; never imports Qt.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsmark.core.imported import (
    ImportedActor,
    ImportedArgument,
    ImportedClaim,
    ImportedDocument,
    ImportedEvent,
    ImportedRelation,
    ImportedSpan,
    ImportProblem,
    Key,
)
from newsmark.core.records import json_object
from newsmark.core.span_curation import SPAN_STATUSES
from newsmark.exchange.native import span_mismatches
from newsmark.exchange.records import DocumentRecords, ExportOptions, RecordReader
from newsmark.exchange.writing import ExportError, SpanMismatch, safe_join

if TYPE_CHECKING:
    from newsmark.core.actor_registry import ActorRecord
    from newsmark.core.schema import Schema
    from newsmark.core.store import Store

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
# Keys of the notes this module writes; ``attr.*`` values are JSON, ``actor.<role>`` and
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


def _actor_ref(actor_id: int, name: str) -> str:
    return f"{NEWSMARK_DB}:{actor_id} {name}"


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BratReport:
    """What a brat export wrote: documents, annotations of each kind, distinct actors
    linked, the folder, the files written, what brat could not hold, and the time it took.
    Immutable, so any thread may read it."""

    documents: int
    spans: int
    events: int
    claims: int
    relations: int
    actors: int
    folder: Path
    files: tuple[Path, ...]
    seconds: float
    warnings: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return self.folder

    def summary(self) -> str:
        return (
            f"Wrote {self.documents} documents ({self.spans} spans, {self.events} events, "
            f"{self.claims} claims, {self.relations} relations, {self.actors} actors) as brat "
            f"standoff to {self.folder} with {ANNOTATION_CONF} and {VISUAL_CONF} in "
            f"{self.seconds:.2f} s"
        )


# What each tally of left-out or note-only records says in a report's warnings.
_LOSSES = {
    "blank_spans": "span(s) of line breaks or tabs only left out: brat cannot show them",
    "no_trigger": "event(s) without a trigger left out: every brat event needs one",
    "no_anchor": "claim(s) without a cue or content span left out: brat needs a trigger",
    "lost_arguments": "event or claim argument(s) left out: their span was not exported",
    "note_fillers": (
        "event role filler(s) that are an actor or a value kept in AnnotatorNotes only: "
        "brat draws no arc for them"
    ),
    "elsewhere": "claim or relation link(s) to another document left out",
    "actor_relations": "relation(s) with an actor end left out: brat relations link text",
    "dangling": "relation(s) left out: an end no longer exists",
}


def export_brat(
    store: Store,
    folder: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> BratReport:
    """Write the documents ``options`` choose into ``folder`` (made when missing) as brat
    standoff, with ``annotation.conf`` and ``visual.conf`` from the project schema.

    Raises :class:`ExportError`, with nothing written (files already in the folder left as
    they were), when a span's offsets do not cover its stored text. ``progress(done, total)``
    is called after each document.
    """
    started = time.perf_counter()
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target}: is a file; brat exports go into a folder")
    made = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    try:
        with _StagedFiles(target) as staged:
            report = _export(store, target, options, progress, staged)
    except BaseException:
        if made:
            # Left behind empty by a refused export: remove it, as if nothing happened.
            with contextlib.suppress(OSError):
                target.rmdir()
        raise
    return BratReport(**report, folder=target, seconds=time.perf_counter() - started)


def _export(
    store: Store,
    folder: Path,
    options: ExportOptions | None,
    progress: Callable[[int, int], None] | None,
    staged: _StagedFiles,
) -> dict[str, Any]:
    reader = RecordReader(store, options)
    schema = store.project_schema()
    usage = _Usage(schema)
    doc_ids = reader.document_ids()
    mismatches: list[SpanMismatch] = []
    counts = Counter[str]()
    actors: set[int] = set()
    for done, doc_id in enumerate(doc_ids, start=1):
        records = reader.read(doc_id)
        mismatches.extend(span_mismatches(records))
        if not mismatches and not (reader.options.skip_empty and records.empty):
            ann = _DocumentAnn(records, usage)
            staged.add(safe_join(folder, f"{doc_id}.txt"), records.document.text)
            staged.add(safe_join(folder, f"{doc_id}.ann"), ann.text())
            counts["documents"] += 1
            counts.update(ann.written)
            counts["dangling"] += records.dangling_relations
            actors.update(ann.linked_actors)
        if progress is not None:
            progress(done, len(doc_ids))
    if mismatches:
        raise ExportError.for_mismatches(mismatches, folder)
    staged.add(safe_join(folder, ANNOTATION_CONF), annotation_conf(schema, usage))
    staged.add(safe_join(folder, VISUAL_CONF), visual_conf(schema, usage))
    warnings = tuple(f"{counts[key]} {text}" for key, text in _LOSSES.items() if counts[key])
    return {
        "documents": counts["documents"],
        "spans": counts["spans"],
        "events": counts["events"],
        "claims": counts["claims"],
        "relations": counts["relations"],
        "actors": len(actors),
        "files": tuple(staged.targets),
        "warnings": warnings,
    }


class _StagedFiles:
    """Files written to temporary names in the export folder and renamed to their own only
    when the block ends normally, so a refused or interrupted export leaves no file.

    One file is open at a time, however many documents the export has.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.targets: list[Path] = []
        self._temps: list[Path] = []

    def __enter__(self) -> _StagedFiles:
        return self

    def add(self, target: Path, text: str) -> None:
        if target.is_dir():
            raise ExportError(f"{target}: is a folder")
        fd, name = tempfile.mkstemp(dir=self.folder, prefix=f".{target.name}.", suffix=".part")
        self._temps.append(Path(name))
        if os.name == "posix":
            # mkstemp makes the file private; a brat server reads it as another user.
            os.fchmod(fd, 0o644)
        # newline="": the text reaches the file exactly, whatever the platform.
        with open(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        self.targets.append(target)

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:
            for temp in self._temps:
                with contextlib.suppress(OSError):
                    temp.unlink()
            return
        for temp, target in zip(self._temps, self.targets, strict=True):
            os.replace(temp, target)
        if os.name == "posix":
            # Make the renames themselves durable.
            fd = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


@dataclass
class _Usage:
    """The brat names an export used, gathered over all documents, so that the generated
    configuration declares every one even where the data strays from the schema."""

    schema: Schema
    entities: dict[str, str] = field(default_factory=dict)  # brat type -> original label
    events: dict[str, str] = field(default_factory=dict)  # brat type -> original type
    roles: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # type -> role -> T types
    relations: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)
    attributes: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)

    def role(self, event_type: str, role: str, filler_type: str) -> None:
        self.roles.setdefault(event_type, {}).setdefault(role, set()).add(filler_type)

    def relation(self, label: str, head: str, child: str) -> None:
        heads, children = self.relations.setdefault(label, (set(), set()))
        heads.add(head)
        children.add(child)

    def attribute(self, name: str, target_type: str, value: str) -> None:
        targets, values = self.attributes.setdefault(name, (set(), set()))
        targets.add(target_type)
        values.add(value)


def brat_role(role: str) -> str:
    """A role name for brat: brat numbers repeated roles (``attacker2``), so a trailing
    digit of the name itself gets a ``_`` after it."""
    safe = brat_name(role)
    return f"{safe}_" if safe[-1].isdigit() else safe


class _DocumentAnn:
    """The .ann lines of one document, ids handed out in order; ``written`` counts what went
    in and what was left out, ``linked_actors`` the actors linked to exported spans."""

    def __init__(self, records: DocumentRecords, usage: _Usage):
        self.records = records
        self.usage = usage
        self.enums = {a.name for a in usage.schema.event_attributes if a.type == "enum"}
        self.actors: dict[int, ActorRecord] = {a.id: a for a in records.actors}
        self.written = Counter[str]()
        self.linked_actors: set[int] = set()
        self._numbers = Counter[str]()
        self._lines: dict[str, list[str]] = {kind: [] for kind in "TERAN#"}
        self._types: dict[str, str] = {}  # T id -> its brat type
        self._triggers: dict[tuple[int, str], str] = {}  # (span id, brat type) -> T id
        self._primary: dict[int, str] = {}  # span id -> its first T id
        self._events: dict[int, str] = {}  # event id -> E id
        self._claims: dict[int, str] = {}  # claim id -> E id
        self._write()

    def text(self) -> str:
        return "".join(f"{line}\n" for kind in "TERAN#" for line in self._lines[kind])

    # -- ids and plain lines -------------------------------------------------------------

    def _id(self, prefix: str) -> str:
        self._numbers[prefix] += 1
        return f"{prefix}{self._numbers[prefix]}"

    def _note(self, target: str, fields: Sequence[tuple[str, Any]]) -> None:
        if fields:
            line = f"{self._id('#')}\t{NOTE_TYPE} {target}\t{note_text(fields)}"
            self._lines["#"].append(line)

    def _attribute(self, target: str, target_type: str, name: str, value: str) -> None:
        self._lines["A"].append(f"{self._id('A')}\t{name} {target} {value}")
        self.usage.attribute(name, target_type, value)

    @staticmethod
    def _provenance(record: Any, *, status: bool) -> list[tuple[str, Any]]:
        fields: list[tuple[str, Any]] = [("status", record.status)] if status else []
        if record.annotator:
            fields.append(("annotator", record.annotator))
        if record.origin:
            fields.append(("origin", record.origin))
        if getattr(record, "score", None) is not None:
            fields.append(("score", record.score))
        return fields

    # -- the document ----------------------------------------------------------------------

    def _write(self) -> None:
        records = self.records
        kinds: dict[int, list[str]] = {}
        for event in records.events:
            if event.trigger is not None:
                kinds.setdefault(event.trigger.span_id, []).append(brat_name(event.type))
        for claim in records.claims:
            anchor = claim.anchor
            if anchor is not None:
                kinds.setdefault(anchor.span_id, []).append(CLAIM_TYPE)
        for span in records.spans:
            self._span(span, list(dict.fromkeys(kinds.get(span.id, ()))))
        # Ids first: a claim may point at a later claim (its parent) or at any event.
        for event in records.events:
            if event.trigger is None or event.trigger.span_id not in self._primary:
                self.written["no_trigger"] += 1
            else:
                self._events[event.id] = self._id("E")
        for claim in records.claims:
            if claim.anchor is None or claim.anchor.span_id not in self._primary:
                self.written["no_anchor"] += 1
            else:
                self._claims[claim.id] = self._id("E")
        for event in records.events:
            if event.id in self._events:
                self._event(event)
        for claim in records.claims:
            if claim.id in self._claims:
                self._claim(claim)
        for relation in records.relations:
            self._relation(relation)

    def _span(self, span: Any, trigger_types: list[str]) -> None:
        pieces = fragments(span.start, span.text)
        if not pieces:
            self.written["blank_spans"] += 1
            return
        text = self.records.document.text
        offsets = ";".join(f"{start} {end}" for start, end in pieces)
        covered = DISCONT_SEP.join(text[start:end] for start, end in pieces)
        types = trigger_types or [brat_name(span.label)]
        if not trigger_types:
            self.usage.entities.setdefault(types[0], span.label)
        for brat_type in types:
            t_id = self._id("T")
            self._lines["T"].append(f"{t_id}\t{brat_type} {offsets}\t{covered}")
            self._types[t_id] = brat_type
            self._triggers[(span.id, brat_type)] = t_id
            if span.id in self._primary:
                # Another event type on the same words: brat wants a trigger per type.
                self._note(t_id, [("same", self._primary[span.id])])
                continue
            self._primary[span.id] = t_id
            fields = self._provenance(span, status=True)
            if span.label != brat_type:
                fields.append(("label", span.label))
            stored = {} if span.attributes == "{}" else json_object(span.attributes)
            fields.extend((f"attr.{name}", value) for name, value in stored.items())
            self._note(t_id, fields)
            self._references(t_id, span.actor_id)
        self.written["spans"] += 1

    def _references(self, t_id: str, actor_id: int | None) -> None:
        actor = self.actors.get(actor_id) if actor_id is not None else None
        if actor is None:
            return
        self.linked_actors.add(actor.id)
        name = _one_line(actor.name)
        ids = [(NEWSMARK_DB, str(actor.id))]
        ids.extend((EXTERNAL_DBS.get(key, key), value) for key, value in actor.external_ids.items())
        for db, ident in ids:
            self._lines["N"].append(f"{self._id('N')}\t{REFERENCE} {t_id} {db}:{ident}\t{name}")

    def _role_args(
        self, event_type: str, named: Iterable[tuple[str, int]], roles: Counter[str]
    ) -> list[str]:
        """``Role:T`` arguments for (role, span id) pairs, repeated roles numbered."""
        args = []
        for role, span_id in named:
            t_id = self._primary.get(span_id)
            if t_id is None:
                self.written["lost_arguments"] += 1
                continue
            roles[role] += 1
            number = roles[role]
            args.append(f"{role}{number if number > 1 else ''}:{t_id}")
            self.usage.role(event_type, role, self._types[t_id])
        return args

    def _event(self, event: Any) -> None:
        e_id = self._events[event.id]
        brat_type = brat_name(event.type)
        self.usage.events.setdefault(brat_type, event.type)
        trigger = self._triggers[(event.trigger.span_id, brat_type)]
        fields = self._provenance(event, status=False)
        if event.type != brat_type:
            fields.append(("type", event.type))
        spans: list[tuple[str, int]] = []
        for argument in event.arguments:
            role = brat_role(argument.role)
            if argument.span is not None:
                spans.append((role, argument.span.span_id))
            elif argument.actor_id is not None:
                name = _one_line(argument.actor_name or "")
                fields.append((f"actor.{argument.role}", _actor_ref(argument.actor_id, name)))
                self.written["note_fillers"] += 1
            elif argument.value is not None:
                fields.append((f"value.{argument.role}", argument.value))
                self.written["note_fillers"] += 1
        args = self._role_args(brat_type, spans, Counter())
        self._lines["E"].append(f"{e_id}\t{brat_type}:{trigger}{''.join(' ' + a for a in args)}")
        if event.subtype:
            self._attribute(e_id, brat_type, SUBTYPE, brat_name(event.subtype))
            if brat_name(event.subtype) != event.subtype:
                fields.append(("subtype", event.subtype))
        self._attribute(e_id, brat_type, STATUS, event.status)
        for name, value in event.attributes.items():
            if name in self.enums and isinstance(value, str) and brat_name(value) == value:
                self._attribute(e_id, brat_type, brat_name(name), value)
            else:
                fields.append((f"attr.{name}", value))
        self._note(e_id, fields)
        self.written["events"] += 1

    def _claim(self, claim: Any) -> None:
        e_id = self._claims[claim.id]
        trigger = self._triggers[(claim.anchor.span_id, CLAIM_TYPE)]
        fields = self._provenance(claim, status=False)
        named: list[tuple[str, int]] = []
        if claim.cue is None:
            fields.append(("trigger", "content"))
        elif claim.content is not None:
            named.append((CONTENT, claim.content.span_id))
        if claim.claimant is not None:
            named.append((CLAIMANT, claim.claimant.span_id))
        args = self._role_args(CLAIM_TYPE, named, Counter())
        about = []
        for event_id in claim.about_events:
            if event_id in self._events:
                about.append(self._events[event_id])
            elif ("event", event_id) in self.records.elsewhere:
                self.written["elsewhere"] += 1
            else:
                self.written["lost_arguments"] += 1
        args += [f"{ABOUT}{n if n > 1 else ''}:{e_ref}" for n, e_ref in enumerate(about, 1)]
        if claim.parent_claim_id in self._claims:
            args.append(f"{PARENT}:{self._claims[claim.parent_claim_id]}")
            self.usage.role(CLAIM_TYPE, PARENT, CLAIM_TYPE)
        self._lines["E"].append(f"{e_id}\t{CLAIM_TYPE}:{trigger}{''.join(' ' + a for a in args)}")
        self._attribute(e_id, CLAIM_TYPE, STATUS, claim.status)
        self._attribute(e_id, CLAIM_TYPE, CLAIM_KIND, brat_name(claim.type))
        if brat_name(claim.type) != claim.type:
            fields.append(("type", claim.type))
        if claim.stance:
            self._attribute(e_id, CLAIM_TYPE, STANCE, brat_name(claim.stance))
        if claim.claimant_actor_id is not None:
            name = _one_line(claim.claimant_actor_name or "")
            fields.append(("claimant_actor", _actor_ref(claim.claimant_actor_id, name)))
        for actor_id, name in claim.about_actors:
            fields.append(("about_actor", _actor_ref(actor_id, _one_line(name))))
        fields.extend((f"attr.{name}", value) for name, value in claim.attributes.items())
        self._note(e_id, fields)
        self.written["claims"] += 1

    def _end(self, kind: str, end_id: int) -> tuple[str, str | None] | None:
        """The T id standing for a relation end, and the E id it means (for events and
        claims), or None when brat cannot hold the end."""
        if (kind, end_id) in self.records.elsewhere:
            self.written["elsewhere"] += 1
            return None
        if kind == "span" and end_id in self._primary:
            return self._primary[end_id], None
        if kind == "event" and end_id in self._events:
            event = next(e for e in self.records.events if e.id == end_id)
            return self._triggers[(event.trigger.span_id, brat_name(event.type))], self._events[
                end_id
            ]
        if kind == "claim" and end_id in self._claims:
            claim = next(c for c in self.records.claims if c.id == end_id)
            return self._triggers[(claim.anchor.span_id, CLAIM_TYPE)], self._claims[end_id]
        if kind == "actor":
            self.written["actor_relations"] += 1
        else:
            self.written["dangling"] += 1
        return None

    def _relation(self, relation: Any) -> None:
        head = self._end(relation.head_kind, relation.head_id)
        child = self._end(relation.child_kind, relation.child_id) if head else None
        if head is None or child is None:
            return
        label = brat_name(relation.label)
        r_id = self._id("R")
        # Relations point at T lines (the triggers, for events and claims): brat and most
        # brat readers take nothing else; the note says which event or claim is meant.
        self._lines["R"].append(f"{r_id}\t{label} Arg1:{head[0]} Arg2:{child[0]}")
        self.usage.relation(label, self._types[head[0]], self._types[child[0]])
        fields = self._provenance(relation, status=True)
        if label != relation.label:
            fields.append(("label", relation.label))
        for key, (_t_id, meant) in (("arg1", head), ("arg2", child)):
            if meant is not None:
                fields.append((key, meant))
        self._note(r_id, fields)
        self.written["relations"] += 1


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Configuration files
# ---------------------------------------------------------------------------------------------


def _types(names: Iterable[str]) -> str:
    return "|".join(dict.fromkeys(sorted(names, key=lambda n: (n.startswith("<"), n))))


def annotation_conf(schema: Schema, usage: _Usage) -> str:
    """brat's ``annotation.conf`` for the schema and every name the export used."""
    entities = dict.fromkeys(brat_name(label.name) for label in schema.entity_labels)
    entities.update(dict.fromkeys(usage.entities))
    event_types = {brat_name(t.name): t for t in schema.event_types}
    all_events = [*dict.fromkeys([*event_types, *usage.events])]
    lines = ["[entities]", *entities, "", "[relations]"]
    # Spans may overlap and nest in any way, as in Newsmark.
    lines.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
    for label in schema.relation_labels:
        name = brat_name(label.name)
        heads = _end_types(label.head, all_events) | usage.relations.get(name, (set(), set()))[0]
        children = (
            _end_types(label.child, all_events) | usage.relations.get(name, (set(), set()))[1]
        )
        if heads and children:
            lines.append(f"{name}\tArg1:{_types(heads)}, Arg2:{_types(children)}")
    declared = {brat_name(label.name) for label in schema.relation_labels}
    for name, (heads, children) in usage.relations.items():
        if name not in declared:
            lines.append(f"{name}\tArg1:{_types(heads)}, Arg2:{_types(children)}")
    lines += ["", "[events]"]
    for name in all_events:
        lines.append(_event_line(schema, name, event_types.get(name), usage))
    claim_roles = [
        f"{CONTENT}?:<ENTITY>",
        f"{CLAIMANT}?:<ENTITY>",
        f"{ABOUT}*:<EVENT>",
        f"{PARENT}?:{CLAIM_TYPE}",
    ]
    lines.append(f"{CLAIM_TYPE}\t{', '.join(claim_roles)}")
    lines += ["", "[attributes]", *_attribute_lines(schema, usage, event_types), ""]
    return "\n".join(lines)


def _end_types(kinds: Iterable[str], event_types: list[str]) -> set[str]:
    found: set[str] = set()
    for kind in kinds:
        if kind == "span":
            found.add("<ENTITY>")
        elif kind == "event":
            found.update(event_types)
        elif kind == "claim":
            found.add(CLAIM_TYPE)
    return found


def _event_line(schema: Schema, name: str, event_type: Any, usage: _Usage) -> str:
    used = usage.roles.get(name, {})
    roles: dict[str, set[str]] = {}
    if event_type is not None:
        for role in schema.roles_for(event_type.name):
            types = {brat_name(f) for f in role.fillers if f not in ("actor", "value", "span")}
            if "span" in role.fillers:
                types.add("<ENTITY>")
            if types:
                roles[brat_role(role.name)] = types
    for role, types in used.items():
        roles.setdefault(role, set()).update(types)
    args = ", ".join(f"{role}*:{_types(types)}" for role, types in roles.items())
    return f"{name}\t{args}" if args else name


def _attribute_lines(schema: Schema, usage: _Usage, event_types: dict[str, Any]) -> list[str]:
    subtypes = {brat_name(s.name) for t in schema.event_types for s in t.subtypes}
    with_subtypes = {name for name, t in event_types.items() if t.subtypes}
    declared: dict[str, tuple[set[str], set[str]]] = {
        SUBTYPE: (with_subtypes, subtypes),
        STATUS: ({"<EVENT>"}, set(SPAN_STATUSES)),
        CLAIM_KIND: ({CLAIM_TYPE}, {brat_name(c.name) for c in schema.claim_types}),
        STANCE: ({CLAIM_TYPE}, {brat_name(s.name) for s in schema.claim_stances}),
    }
    for attribute in schema.event_attributes:
        if attribute.type == "enum":
            values = {brat_name(choice.name) for choice in attribute.values}
            declared[brat_name(attribute.name)] = ({"<EVENT>"}, values)
    for name, (targets, values) in usage.attributes.items():
        known_targets, known_values = declared.setdefault(name, (set(), set()))
        if "<EVENT>" not in known_targets:
            known_targets.update(targets)
        known_values.update(values)
    lines = []
    for name, (targets, values) in declared.items():
        if targets and values:
            lines.append(f"{name}\tArg:{_types(targets)}, Value:{_types(values)}")
    return lines


def visual_conf(schema: Schema, usage: _Usage) -> str:
    """brat's ``visual.conf``: the original names as labels and the schema colours."""
    colours: dict[str, str] = {}
    names: dict[str, str] = {}
    for label in schema.entity_labels:
        colours[brat_name(label.name)] = label.colour
        names[brat_name(label.name)] = label.name
    for event_type in schema.event_types:
        colours[brat_name(event_type.name)] = event_type.colour
        names[brat_name(event_type.name)] = event_type.name
    names.update({**usage.entities, **usage.events})
    names[CLAIM_TYPE] = CLAIM_TYPE
    colours[CLAIM_TYPE] = CLAIM_COLOUR
    lines = ["[labels]"]
    lines += [f"{name} | {original.replace('|', '/')}" for name, original in names.items()]
    lines += [
        "",
        "[drawing]",
        "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
        "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5",
        "ATTRIBUTE_DEFAULT\tglyph:*",
    ]
    lines += [f"{name}\tbgColor:{colour}" for name, colour in colours.items()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------

_T_LINE = re.compile(r"(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?")
_E_LINE = re.compile(r"(E\d+)\t(\S+):(T\d+)((?: \S+:[TE]\d+)*)\s*")
_R_LINE = re.compile(r"(R\d+)\t(\S+) (\S+):([TE]\d+) (\S+):([TE]\d+)\s*")
_A_LINE = re.compile(r"([AM]\d+)\t(\S+) ([TER]\d+)(?: (\S+))?\s*")
_N_LINE = re.compile(r"(N\d+)\t(\S+) ([TE]\d+) ([^\s:]+):(\S+)(?:\t(.*))?")
_NOTE_LINE = re.compile(r"(#\d*)\t(\S+) (\S+)(?:\t(.*))?")
_ROLE_NUMBER = re.compile(r"(.*?\D)\d+")


@dataclass
class _TLine:
    line: int
    type: str
    pieces: list[tuple[int, int]]


@dataclass
class _ELine:
    line: int
    type: str
    trigger: str
    args: list[tuple[str, str]]


@dataclass
class _Parsed:
    """The lines of one .ann file, by kind, each with its line number."""

    tb: dict[str, _TLine] = field(default_factory=dict)
    events: dict[str, _ELine] = field(default_factory=dict)
    relations: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    attributes: list[tuple[int, str, str, str | None]] = field(default_factory=list)
    norms: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    notes: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


def read_brat(folder: str | os.PathLike[str]) -> Iterator[ImportedDocument | ImportProblem]:
    """Every ``x.ann`` under ``folder`` (sub-folders included) with its ``x.txt``, as an
    :class:`ImportedDocument` keyed by its path without suffix, after the problems found in
    it. A missing or unreadable ``.txt`` loses that document only (a fatal problem); a bad
    line loses that line only."""
    root = Path(folder)
    if not root.is_dir():
        yield ImportProblem(str(root), "not a folder of brat files")
        return
    for ann in sorted(root.rglob("*.ann"), key=lambda p: _natural(p.relative_to(root))):
        if ann.is_file():
            yield from _read_document(root, ann)


def _natural(path: Path) -> list[tuple[int, int | str]]:
    """Sort key putting 2.ann before 10.ann."""
    return [
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", str(path))
    ]


def _read_document(root: Path, ann: Path) -> Iterator[ImportedDocument | ImportProblem]:
    name = ann.relative_to(root).as_posix()
    txt = ann.with_suffix(".txt")
    if not txt.is_file():
        yield ImportProblem(name, f"no {txt.name} next to it: the document is left out")
        return
    try:
        # The text exactly as stored: a BOM stays a character, CRLF stays two.
        with open(txt, encoding="utf-8", newline="") as handle:
            text = handle.read()
        with open(ann, encoding="utf-8-sig", newline="") as handle:
            lines = handle.read().split("\n")
    except (OSError, UnicodeDecodeError) as error:
        yield ImportProblem(name, f"cannot be read as UTF-8: {error}")
        return
    problems: list[ImportProblem] = []
    parsed = _parse_lines(name, lines, text, problems)
    document = _Builder(name, text, parsed, problems).document()
    yield from problems
    yield document


def _parse_lines(name: str, lines: list[str], text: str, problems: list[ImportProblem]) -> _Parsed:
    parsed = _Parsed()
    seen: set[str] = set()
    for number, raw in enumerate(lines, start=1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{name}:{number}"
        why = _parse_line(line, number, text, parsed, seen)
        if why:
            problems.append(ImportProblem(where, why, fatal=False))
    return parsed


def _parse_line(line: str, number: int, text: str, parsed: _Parsed, seen: set[str]) -> str | None:
    """Store one line in ``parsed``; the reason it cannot be taken, if so."""
    ident = line.split("\t", 1)[0]
    if ident in seen and not ident.startswith("#"):
        return f"{ident} is used twice; this line is left out"
    kind = line[:1]
    if kind == "T":
        return _parse_t(line, number, text, parsed, seen)
    if kind == "E" and (match := _E_LINE.fullmatch(line)):
        args = [tuple(arg.split(":", 1)) for arg in match[4].split()]
        parsed.events[match[1]] = _ELine(number, match[2], match[3], args)  # type: ignore[arg-type]
    elif kind == "R" and (match := _R_LINE.fullmatch(line)):
        parsed.relations.append((number, match[1], match[2], match[4], match[6]))
    elif kind in "AM" and (match := _A_LINE.fullmatch(line)):
        parsed.attributes.append((number, match[2], match[3], match[4]))
    elif kind == "N" and (match := _N_LINE.fullmatch(line)):
        parsed.norms.append((number, match[3], match[4], match[5], match[6] or ""))
    elif kind == "#" and (match := _NOTE_LINE.fullmatch(line)):
        parsed.notes.setdefault(match[3], []).append((number, match[4] or ""))
        return None
    elif kind == "*":
        return "equivalence (*) lines are not imported"
    else:
        return f"not a brat annotation line: {line[:60]!r}"
    seen.add(ident)
    return None


def _parse_t(line: str, number: int, text: str, parsed: _Parsed, seen: set[str]) -> str | None:
    match = _T_LINE.fullmatch(line)
    if not match:
        return f"not a brat text-bound (T) line: {line[:60]!r}"
    pieces = [tuple(map(int, piece.split())) for piece in match[3].split(";")]
    previous = 0
    for start, end in pieces:
        if not previous <= start < end <= len(text):
            return (
                f"{match[1]}: offsets {start}-{end} are not a stretch of the text "
                f"({len(text)} characters), in order"
            )
        previous = end
    given = match[4]
    joined = DISCONT_SEP.join(text[s:e] for s, e in pieces)
    if given is not None and given not in (joined, text[pieces[0][0] : pieces[-1][1]]):
        return f"{match[1]}: the line says {given!r} but the text there is {joined!r}"
    parsed.tb[match[1]] = _TLine(number, match[2], pieces)  # type: ignore[arg-type]
    seen.add(match[1])
    return None


class _Builder:
    """Turns the parsed lines of one file into an ImportedDocument, adding a problem for
    every reference it cannot resolve."""

    def __init__(self, name: str, text: str, parsed: _Parsed, problems: list[ImportProblem]):
        self.name = name
        self.text = text
        self.parsed = parsed
        self.problems = problems
        self.notes = {target: self._note(target) for target in parsed.notes}
        self.actors: dict[str, ImportedActor] = {}
        # T ids written only because brat wants a trigger per event type (``same=``).
        self.aliases = {
            t_id: str(same)
            for t_id in parsed.tb
            for key, same in self.notes.get(t_id, ([], None))[0]
            if key == "same" and str(same) in parsed.tb
        }
        self.claims = {e_id for e_id, e in parsed.events.items() if same_name(e.type, CLAIM_TYPE)}
        self.attrs: dict[str, list[tuple[str, str | None]]] = {}
        for _number, attr_name, target, value in parsed.attributes:
            self.attrs.setdefault(target, []).append((attr_name, value))

    def problem(self, line: int, message: str) -> None:
        self.problems.append(ImportProblem(f"{self.name}:{line}", message, fatal=False))

    def _note(self, target: str) -> tuple[list[tuple[str, Any]], str | None]:
        """(our fields, free comment text) of the notes on ``target``."""
        fields: list[tuple[str, Any]] = []
        comments = []
        for _line, text in self.parsed.notes[target]:
            found = parse_note(text)
            if found is None:
                comments.append(text)
            else:
                fields.extend(found)
        return fields, " ".join(comments) or None

    def fields(self, target: str) -> dict[str, Any]:
        return dict(self.notes.get(target, ([], None))[0])

    def t_key(self, t_id: str) -> str:
        return self.aliases.get(t_id, t_id)

    def document(self) -> ImportedDocument:
        spans = self._spans()
        events, claims = self._events()
        relations = self._relations()
        for line, target, *_ in self.parsed.norms:
            if target not in self.parsed.tb:
                self.problem(line, f"a normalization of {target}: only spans link to actors")
        known = {*self.parsed.tb, *self.parsed.events, *(r[1] for r in self.parsed.relations)}
        for target, notes in self.parsed.notes.items():
            if target not in known:
                self.problem(notes[0][0], f"a note on {target}, which is not in the file")
        key = Path(self.name).with_suffix("").as_posix()
        return ImportedDocument(
            location=self.name,
            text=self.text,
            key=key,
            meta={"title": Path(self.name).stem},
            spans=tuple(spans),
            actors=tuple(self.actors.values()),
            events=tuple(events),
            claims=tuple(claims),
            relations=tuple(relations),
        )

    # -- spans and actors ------------------------------------------------------------------

    def _default_label(self, t_id: str, brat_type: str) -> str:
        """The label of a T line our export did not annotate: triggers of events and claims
        take Newsmark's structural labels, other lines their type."""
        for e_id, event in self.parsed.events.items():
            if event.trigger == t_id:
                if e_id not in self.claims:
                    return TRIGGER_LABEL
                return CONTENT_LABEL if self.fields(e_id).get("trigger") == "content" else CUE_LABEL
        return brat_type

    def _spans(self) -> list[ImportedSpan]:
        spans = []
        for t_id, tb in self.parsed.tb.items():
            if t_id in self.aliases:
                continue
            fields = self.fields(t_id)
            label = str(fields.get("label") or self._default_label(t_id, tb.type))
            attributes = {
                key[5:]: value for key, value in fields.items() if key.startswith("attr.")
            }
            status = fields.get("status")
            for attr_name, value in self.attrs.get(t_id, ()):
                if same_name(attr_name, STATUS):
                    status = value
                else:
                    attributes[attr_name] = True if value is None else value
            comment = self.notes.get(t_id, ([], None))[1]
            if comment:
                attributes["note"] = comment
            actor = self._actor_of(t_id)
            for index, (start, end) in enumerate(self._merged(tb)):
                spans.append(
                    ImportedSpan(
                        key=t_id if index == 0 else f"{t_id}:{index + 1}",
                        start=start,
                        end=end,
                        text=self.text[start:end],
                        label=label,
                        status=status,
                        origin=fields.get("origin"),
                        score=_score(fields.get("score")),
                        annotator=fields.get("annotator"),
                        actor=actor,
                        attributes=dict(attributes),
                    )
                )
        return spans

    def _merged(self, tb: _TLine) -> list[tuple[int, int]]:
        """The fragments of a T line, rejoined where only white space with a line break or
        tab lies between them (how brat and the export cut a span that crosses lines)."""
        merged = [tb.pieces[0]]
        for start, end in tb.pieces[1:]:
            gap = self.text[merged[-1][1] : start]
            if gap.isspace() and any(char in FRAGMENT_BREAKS for char in gap):
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        if len(merged) > 1:
            self.problem(
                tb.line,
                f"a discontinuous span: imported as {len(merged)} spans, one per fragment",
            )
        return merged

    def _actor_of(self, t_id: str) -> str | None:
        refs = [n for n in self.parsed.norms if n[1] == t_id]
        if not refs:
            return None
        refs.sort(key=lambda n: n[2] != NEWSMARK_DB)
        _line, _target, db, ident, name = refs[0]
        key = f"{db}:{ident}"
        external = {d.lower(): i for _l, _t, d, i, _n in refs if d != NEWSMARK_DB}
        self._add_actor(key, name or ident, external)
        return key

    def _add_actor(self, key: str, name: str, external: dict[str, str] | None = None) -> None:
        known = self.actors.get(key)
        if known is None:
            self.actors[key] = ImportedActor(key, name, external_ids=dict(external or {}))
        elif external:
            known.external_ids.update(external)

    def _actor_ref(self, value: Any) -> str | None:
        """The key of an actor named in a note (``Newsmark:7 Eastern Front``)."""
        key, _, name = str(value).partition(" ")
        if ":" not in key:
            return None
        self._add_actor(key, name or key)
        return key

    # -- events and claims -----------------------------------------------------------------

    def _events(self) -> tuple[list[ImportedEvent], list[ImportedClaim]]:
        events: list[ImportedEvent] = []
        claims: list[ImportedClaim] = []
        for e_id, event in self.parsed.events.items():
            if event.trigger not in self.parsed.tb:
                self.problem(event.line, f"{e_id}: its trigger {event.trigger} is not in the file")
                continue
            if e_id in self.claims:
                claim = self._claim(e_id, event)
                if claim is not None:
                    claims.append(claim)
            else:
                events.append(self._event(e_id, event))
        return events, claims

    def _attributes_of(self, e_id: str) -> tuple[dict[str, Any], dict[str, str | None]]:
        """(other attributes, the A lines brat has a field for) of an event or claim."""
        fields = self.fields(e_id)
        attributes = {key[5:]: value for key, value in fields.items() if key.startswith("attr.")}
        special: dict[str, str | None] = {}
        for attr_name, value in self.attrs.get(e_id, ()):
            for known in (SUBTYPE, STATUS, CLAIM_KIND, STANCE):
                if same_name(attr_name, known):
                    special[known] = value
                    break
            else:
                attributes[attr_name] = True if value is None else value
        return attributes, special

    def _event(self, e_id: str, event: _ELine) -> ImportedEvent:
        fields = self.fields(e_id)
        attributes, special = self._attributes_of(e_id)
        arguments = []
        for role, ref in event.args:
            base = _role(role)
            if ref in self.parsed.tb:
                arguments.append(ImportedArgument(base, span=self.t_key(ref)))
            elif ref in self.parsed.events:
                self.problem(event.line, f"{e_id}: an event as the {base} of an event is left out")
            else:
                self.problem(event.line, f"{e_id}: {role} points at {ref}, not in the file")
        for key, value in self.notes.get(e_id, ([], None))[0]:
            if key.startswith("actor."):
                actor = self._actor_ref(value)
                if actor is not None:
                    arguments.append(ImportedArgument(key[6:], actor=actor))
            elif key.startswith("value."):
                arguments.append(ImportedArgument(key[6:], value=str(value)))
        comment = self.notes.get(e_id, ([], None))[1]
        if comment:
            attributes["note"] = comment
        subtype = special.get(SUBTYPE)
        return ImportedEvent(
            key=e_id,
            type=_restored(fields.get("type"), event.type),
            subtype=_restored(fields.get("subtype"), subtype) if subtype else None,
            trigger=self.t_key(event.trigger),
            arguments=tuple(arguments),
            attributes=attributes,
            status=special.get(STATUS) or fields.get("status"),
            origin=fields.get("origin"),
            score=_score(fields.get("score")),
            annotator=fields.get("annotator"),
        )

    def _claim(self, e_id: str, event: _ELine) -> ImportedClaim | None:
        fields = self.fields(e_id)
        attributes, special = self._attributes_of(e_id)
        kind = special.get(CLAIM_KIND)
        if not kind:
            self.problem(event.line, f"{e_id}: a claim without a {CLAIM_KIND} attribute")
            return None
        parts: dict[str, Key | None] = {"content": None, "claimant": None, "parent": None}
        about: list[Key] = []
        for role, ref in event.args:
            base = _role(role)
            slot = next((s for s in (*parts, "about") if same_name(base, s)), None)
            wanted = self.parsed.events if slot in ("about", "parent") else self.parsed.tb
            if slot is None or ref not in wanted:
                self.problem(event.line, f"{e_id}: {role}:{ref} is not a claim part here")
            elif slot == "about":
                about.append(ref)
            else:
                parts[slot] = ref if slot == "parent" else self.t_key(ref)
        trigger = self.t_key(event.trigger)
        content_trigger = fields.get("trigger") == "content"
        actor = fields.get("claimant_actor")
        return ImportedClaim(
            key=e_id,
            type=_restored(fields.get("type"), kind),
            content=trigger if content_trigger else parts["content"],
            cue=None if content_trigger else trigger,
            claimant=parts["claimant"],
            claimant_actor=self._actor_ref(actor) if actor else None,
            stance=special.get(STANCE),
            about_events=tuple(about),
            about_actors=tuple(
                ref
                for key, value in self.notes.get(e_id, ([], None))[0]
                if key == "about_actor" and (ref := self._actor_ref(value)) is not None
            ),
            parent=parts["parent"],
            attributes=attributes,
            status=special.get(STATUS) or fields.get("status"),
            origin=fields.get("origin"),
            score=_score(fields.get("score")),
            annotator=fields.get("annotator"),
        )

    # -- relations -------------------------------------------------------------------------

    def _relations(self) -> list[ImportedRelation]:
        relations = []
        for line, r_id, label, arg1, arg2 in self.parsed.relations:
            fields = self.fields(r_id)
            ends = [
                self._end(ref, fields.get(key)) for ref, key in ((arg1, "arg1"), (arg2, "arg2"))
            ]
            if ends[0] is None or ends[1] is None:
                self.problem(line, f"{r_id}: an end is not in the file")
                continue
            relations.append(
                ImportedRelation(
                    key=r_id,
                    head=ends[0],
                    child=ends[1],
                    label=_restored(fields.get("label"), label),
                    status=fields.get("status"),
                    origin=fields.get("origin"),
                    score=_score(fields.get("score")),
                    annotator=fields.get("annotator"),
                )
            )
        return relations

    def _end(self, ref: str, meant: Any) -> tuple[str, Key] | None:
        """A relation end: the event or claim the note names (when its trigger is ``ref``),
        an event or claim given by its E id, or a span."""
        target = self.parsed.events.get(str(meant)) if meant else None
        if target is not None and self.t_key(target.trigger) == self.t_key(ref):
            ref = str(meant)
        if ref in self.parsed.events:
            return ("claim" if ref in self.claims else "event", ref)
        if ref in self.parsed.tb:
            return ("span", self.t_key(ref))
        return None


def _role(role: str) -> str:
    """A role without brat's number for repeats (``victim2`` is ``victim``)."""
    match = _ROLE_NUMBER.fullmatch(role)
    return match[1] if match else role


def _restored(original: Any, written: str) -> str:
    """The original name a note keeps, when it still matches the brat name (a curator may
    have retyped the annotation in brat since)."""
    if isinstance(original, str) and brat_name(original) == written:
        return original
    return written


def _score(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None
