"""brat standoff export: a folder of ``<id>.txt`` + ``<id>.ann`` pairs with ``annotation.conf``
and ``visual.conf``, for brat and INCEpTION.

Every document's text goes to ``<id>.txt`` exactly as stored (UTF-8, no line end translated),
its annotations to ``<id>.ann``: T lines for spans (cut into fragments at line breaks and
tabs, as brat itself does, because the text field is one line), E lines for events and claims,
R lines for relations, A lines for sub-types, statuses and enum attributes, N lines for actor
links, and one ``#`` AnnotatorNotes line per annotation for what brat has no line for (status,
annotator, origin, actor and value fillers, other attributes). Type names are made brat-safe
(``Explosions/Remote violence`` becomes ``Explosions-Remote_violence``); the configuration
files are generated from the project schema and cover every name used. All files are staged
first and appear together only once every document passed the span check. Pure Python; never
imports Qt.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsmark.core.records import json_object
from newsmark.core.span_curation import SPAN_STATUSES
from newsmark.exchange.records import CheckedRecords, DocumentRecords, ExportOptions, RecordReader
from newsmark.exchange.writing import ExportError, export_folder, safe_join

if TYPE_CHECKING:
    from newsmark.core.actor_registry import ActorRecord
    from newsmark.core.schema import Schema
    from newsmark.core.store import Store

from newsmark.exchange.brat_standoff import (
    ABOUT,
    ANNOTATION_CONF,
    CLAIM_COLOUR,
    CLAIM_KIND,
    CLAIM_TYPE,
    CLAIMANT,
    CONTENT,
    DISCONT_SEP,
    EXTERNAL_DBS,
    NEWSMARK_DB,
    NOTE_TYPE,
    PARENT,
    REFERENCE,
    STANCE,
    STATUS,
    SUBTYPE,
    VISUAL_CONF,
    actor_ref,
    brat_name,
    fragments,
    note_text,
)

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
    with export_folder(folder, "brat") as target, _StagedFiles(target) as staged:
        report = _export(store, target, options, progress, staged)
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
    counts = Counter[str]()
    actors: set[int] = set()
    for records in CheckedRecords(reader, folder, progress):
        doc_id = records.document.id
        ann = _DocumentAnn(records, usage)
        staged.add(safe_join(folder, f"{doc_id}.txt"), records.document.text)
        staged.add(safe_join(folder, f"{doc_id}.ann"), ann.text())
        counts["documents"] += 1
        counts.update(ann.written)
        counts["dangling"] += records.dangling_relations
        actors.update(ann.linked_actors)
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
                fields.append((f"actor.{argument.role}", actor_ref(argument.actor_id, name)))
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
            fields.append(("claimant_actor", actor_ref(claim.claimant_actor_id, name)))
        for actor_id, name in claim.about_actors:
            fields.append(("about_actor", actor_ref(actor_id, _one_line(name))))
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
