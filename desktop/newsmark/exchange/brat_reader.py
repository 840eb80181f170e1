"""Reading brat standoff for an import: every ``.ann`` under a folder, with its ``.txt``,
becomes an :class:`ImportedDocument` (T lines spans, E lines events and claims, R lines
relations, A lines sub-types and attributes, N lines actor links, Newsmark's own notes status
and annotator), with bad lines reported as located :class:`ImportProblem` objects and the rest
of the file still read. Texts are taken exactly as in the ``.txt``. Pure Python; never imports
Qt.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
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

if TYPE_CHECKING:
    pass

from newsmark.exchange.brat_standoff import (
    CLAIM_KIND,
    CLAIM_TYPE,
    CONTENT_LABEL,
    CUE_LABEL,
    DISCONT_SEP,
    FRAGMENT_BREAKS,
    NEWSMARK_DB,
    STANCE,
    STATUS,
    SUBTYPE,
    TRIGGER_LABEL,
    brat_name,
    parse_note,
    same_name,
)

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
        text = _read_utf8(txt, "utf-8")
        lines = _read_utf8(ann, "utf-8-sig").split("\n")
    except _Unreadable as error:
        yield ImportProblem(name, f"{error}: the document is left out")
        return
    problems: list[ImportProblem] = []
    parsed = _parse_lines(name, lines, text, problems)
    document = _Builder(name, text, parsed, problems).document()
    yield from problems
    yield document


class _Unreadable(Exception):
    """A .txt or .ann that cannot be read as text; the message names it and says why."""


def _read_utf8(path: Path, encoding: str) -> str:
    """The whole file as text, else :class:`_Unreadable` naming the file (and the bad byte)."""
    try:
        with open(path, encoding=encoding, newline="") as handle:
            return handle.read()
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        raise _Unreadable(
            f"{path.name} is not UTF-8 (byte 0x{byte:02x} at offset {error.start})"
        ) from error
    except OSError as error:
        raise _Unreadable(f"{path.name} cannot be read ({error.strerror or error})") from error


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

    def actor_ref(self, value: Any) -> str | None:
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
                actor = self.actor_ref(value)
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
            claimant_actor=self.actor_ref(actor) if actor else None,
            stance=special.get(STANCE),
            about_events=tuple(about),
            about_actors=tuple(
                ref
                for key, value in self.notes.get(e_id, ([], None))[0]
                if key == "about_actor" and (ref := self.actor_ref(value)) is not None
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
