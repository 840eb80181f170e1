"""Curating a document's events: their type, trigger, status, role arguments and attributes.

An event is a type and sub-type from the project's schema, a TRIGGER span (the words that
express it), arguments (a role filled by a span, a registry actor or a plain value) and
attributes (date, place, counts, modality: the schema's ``event_attributes``). The suggester
stores events as suggestions; a curator accepts, corrects, rejects or deletes them, and makes
new ones. Every edit is recorded as a :class:`~newsmark.core.changes.Change` so it can be
undone and redone exactly; invalid requests raise :class:`CurationError` before anything is
written. Attributes an enum or int default covers (modality ``asserted``, count 1) are not
stored: absent means default.

Pure Python: this module never imports Qt. The SQL lives here, as part of the Store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from newsmark.core.clock import utc_now
from newsmark.core.dates import DateProposal, resolve_date
from newsmark.core.records import SpanRef, json_object, span_ref
from newsmark.core.span_curation import (
    ACCEPTED,
    MANUAL,
    REJECTED,
    SUGGESTED,
    CurationError,
    SpanState,
)
from newsmark.core.wording import short

if TYPE_CHECKING:
    from sqlite_utils import Database

    from newsmark.core.changes import Change, ChangeRecorder
    from newsmark.core.schema import EventAttribute, EventRole, Schema

TRIGGER = "TRIGGER"
EVENT_STATUSES = (SUGGESTED, ACCEPTED, REJECTED)
# The role whose span gives an event's date, and the one whose fillers are places.
TIME_ROLE = "time"
PLACE_ROLE = "place"

_DATE_KEYS = ("value", "precision", "text", "confirmed", "base", "relative")
_PLACE_KEYS = ("value", "precision", "span_id", "country")
# The form of a date value at each of the default schema's precision levels.
_DATE_FORMS = {"day": "day", "week": "day", "month": "month", "year": "year"}
_ISO_FORMS = {
    "day": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "year": re.compile(r"\d{4}"),
}
_FORM_EXAMPLES = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "year": "YYYY"}

_EVENT_COLUMNS = """e.id, e.doc_id, e.type, e.subtype, e.status, e.origin, e.score,
        e.annotator, e.attributes, s.id, s.start, s."end", s.text, s.label, s.status,
        e.updated_at"""
_EVENT_FROM = "events e LEFT JOIN spans s ON s.id = e.trigger_span_id"
_EVENT_SQL = f"SELECT {_EVENT_COLUMNS} FROM {_EVENT_FROM}"
# The SQL function events_elsewhere filters with (registered on the connection when needed).
_HAS_WORDS = "newsmark_has_words"
_ARGUMENT_SQL = """SELECT a.event_id, a.id, a.role, s.id, s.start, s."end", s.text, s.label,
        s.status, a.actor_id, act.name, a.value
    FROM event_arguments a
    LEFT JOIN spans s ON s.id = a.span_id
    LEFT JOIN actors act ON act.id = a.actor_id"""


# ---------------------------------------------------------------------------------------------
# What the read side hands back
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArgumentRecord:
    """One role filler of an event: a span (maybe linked to an actor), an actor, or a value."""

    id: int
    role: str
    span: SpanRef | None
    actor_id: int | None
    actor_name: str | None
    value: str | None

    @property
    def filler_text(self) -> str:
        """What fills the role, as a curator reads it."""
        if self.span is not None:
            return self.span.text
        return self.actor_name or self.value or ""


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An event as stored, with its trigger and arguments (arguments in the order added)."""

    id: int
    doc_id: int
    type: str
    subtype: str | None
    trigger: SpanRef | None
    status: str
    origin: str
    score: float | None
    annotator: str | None
    attributes: dict[str, Any]
    arguments: tuple[ArgumentRecord, ...]
    updated_at: str = ""  # when the event itself last changed (UTC, ISO 8601)

    @property
    def label(self) -> str:
        """Type and sub-type as menus show them: "Battles ▸ Armed clash"."""
        return _type_label(self.type, self.subtype)

    @property
    def name(self) -> str:
        """The event in a sentence: its label and trigger words."""
        if self.trigger is None:
            return self.label
        return f"{self.label} “{short(self.trigger.text, 40)}”"


class EventElsewhere(NamedTuple):
    """An event of another document, with that document's title and publication date (as
    stored: either may be None). A tuple, so it unpacks as (event, title, published)."""

    event: EventRecord
    doc_title: str | None
    doc_published: str | None


# ---------------------------------------------------------------------------------------------
# The Store's event edits
# ---------------------------------------------------------------------------------------------


class EventCuration:
    """The Store's event reading and editing; mixed into :class:`~newsmark.core.store.Store`.

    Relies on the Store's other parts: ``_recording`` (changes.py), ``project_schema``
    (schema_curation.py), ``span_states``, ``span_users`` and ``_register``
    (span_curation.py). Threading: like the Store, one thread per instance.
    """

    db: Database

    # -- reading ----------------------------------------------------------------------------

    def document_events(self, doc_id: int, *, include_rejected: bool = False) -> list[EventRecord]:
        """A document's events in the text order of their triggers, trigger-less ones last."""
        where = "WHERE e.doc_id = ?" + ("" if include_rejected else " AND e.status != 'rejected'")
        order = 'ORDER BY s.start IS NULL, s.start, s."end", e.id'
        return self._read_events(f"{_EVENT_SQL} {where} {order}", [doc_id])

    def event(self, event_id: int) -> EventRecord:
        """One event, whatever its status; CurationError if it is no longer stored."""
        found = self._read_events(f"{_EVENT_SQL} WHERE e.id = ?", [event_id])
        if not found:
            raise CurationError(f"event {event_id} is no longer in the project")
        return found[0]

    def events_elsewhere(
        self, exclude_doc_id: int, *, text: str | None = None, limit: int = 200
    ) -> list[EventElsewhere]:
        """The events of every document but ``exclude_doc_id``, rejected ones left out, by
        document and then in the text order of their triggers; at most ``limit`` of them.

        With ``text``, only the events whose type, sub-type, trigger words, document title or
        publication date contain each of its words, case ignored. Two queries, however many
        documents the project holds.
        """
        sql = f"""SELECT {_EVENT_COLUMNS}, d.title, d.published
            FROM {_EVENT_FROM} JOIN documents d ON d.id = e.doc_id
            WHERE e.doc_id != ? AND e.status != 'rejected'"""
        params: list[Any] = [exclude_doc_id]
        words = " ".join((text or "").casefold().split())
        if words:
            # Folded in Python: SQLite's LIKE and lower() know only ASCII letters.
            self.db.conn.create_function(_HAS_WORDS, -1, _has_words, deterministic=True)
            sql += f" AND {_HAS_WORDS}(?, e.type, e.subtype, s.text, d.title, d.published)"
            params.append(words)
        sql += ' ORDER BY e.doc_id, s.start IS NULL, s.start, s."end", e.id LIMIT ?'
        params.append(max(int(limit), 0))
        return [
            EventElsewhere(event, row[16], row[17])
            for event, row in self._read_event_rows(sql, params)
        ]

    def _read_events(self, sql: str, params: Sequence[Any]) -> list[EventRecord]:
        return [event for event, _row in self._read_event_rows(sql, params)]

    def _read_event_rows(
        self, sql: str, params: Sequence[Any]
    ) -> list[tuple[EventRecord, Sequence[Any]]]:
        """Each event the query finds (its first columns are ``_EVENT_COLUMNS``), with its row
        for the columns after those; the arguments are read in one query per 500 events."""
        rows = self.db.execute(sql, list(params)).fetchall()
        arguments: dict[int, list[ArgumentRecord]] = {}
        ids = [row[0] for row in rows]
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            for row in self.db.execute(
                f"{_ARGUMENT_SQL} WHERE a.event_id IN ({marks}) ORDER BY a.event_id, a.id", chunk
            ):
                span = span_ref(row[3:9])
                record = ArgumentRecord(row[1], row[2], span, row[9], row[10], row[11])
                arguments.setdefault(row[0], []).append(record)
        return [
            (
                EventRecord(
                    id=row[0],
                    doc_id=row[1],
                    type=row[2],
                    subtype=row[3],
                    trigger=span_ref(row[9:15]),
                    status=row[4],
                    origin=row[5],
                    score=row[6],
                    annotator=row[7],
                    attributes=json_object(row[8]),
                    arguments=tuple(arguments.get(row[0], ())),
                    updated_at=row[15],
                ),
                row,
            )
            for row in rows
        ]

    # -- making and typing events -----------------------------------------------------------

    def create_event(
        self,
        doc_id: int,
        event_type: str,
        subtype: str | None = None,
        *,
        trigger_span_id: int | None = None,
        trigger: tuple[int, int] | None = None,
        annotator: str | None = None,
    ) -> Change:
        """Make an accepted event; ``result`` is its id.

        The trigger is an existing TRIGGER span of the document (``trigger_span_id``) or the
        text between two offsets (``trigger``), for which an accepted TRIGGER span is made,
        or the one already at those offsets reused. A suggested trigger span is accepted.
        """
        _check_type(self.project_schema(), event_type, subtype)
        found = self._event_find_trigger(doc_id, trigger_span_id, trigger, "the new event")
        now = utc_now()
        with self._recording(doc_id, "Create event") as rec:
            self._register(annotator, now)
            trigger_id, trigger_text = self._event_make_trigger(rec, doc_id, found, annotator, now)
            cursor = self.db.execute(
                """INSERT INTO events (doc_id, type, subtype, trigger_span_id, status, origin,
                       annotator, attributes, created_at, updated_at)
                   VALUES (?, ?, ?, ?, 'accepted', 'manual', ?, '{}', ?, ?)""",
                [doc_id, event_type, subtype, trigger_id, annotator, now, now],
            )
            event_id = int(cursor.lastrowid or 0)
            rec.created("events", event_id)
            rec.result = event_id
            rec.description = f"Create event {_type_label(event_type, subtype)}" + (
                f" “{short(trigger_text, 40)}”" if trigger_id is not None else ""
            )
        return rec.change

    def set_event_type(self, event_id: int, event_type: str, subtype: str | None = None) -> Change:
        """Give an event another type and sub-type.

        Arguments in roles that do not apply to the new type are removed in the same change
        (the description names them), so an event never holds a role its type lacks.
        """
        schema = self.project_schema()
        _check_type(schema, event_type, subtype)
        event = self.event(event_id)
        dropped = [
            argument
            for argument in event.arguments
            if _known_role(schema, argument.role) is not None
            and not schema.role(argument.role).applies_to(event_type, subtype)
        ]
        label = _type_label(event_type, subtype)
        with self._recording(event.doc_id, f"Change event {event.name} to {label}") as rec:
            rec.watch_ids("events", [event_id])
            rec.watch_ids("event_arguments", [argument.id for argument in dropped])
            if (event.type, event.subtype) != (event_type, subtype):
                self.db.execute(
                    "UPDATE events SET type = ?, subtype = ?, updated_at = ? WHERE id = ?",
                    [event_type, subtype, utc_now(), event_id],
                )
            if dropped:
                marks = ", ".join("?" * len(dropped))
                self.db.execute(
                    f"DELETE FROM event_arguments WHERE id IN ({marks})",
                    [argument.id for argument in dropped],
                )
                names = ", ".join(f"{a.role} “{short(a.filler_text, 40)}”" for a in dropped)
                rec.description += f" (removing {names}, roles it does not have)"
        return rec.change

    def set_event_trigger(
        self,
        event_id: int,
        span_id: int | None,
        *,
        trigger: tuple[int, int] | None = None,
        annotator: str | None = None,
    ) -> Change:
        """Point an event at another TRIGGER span of its document, or at the text between two
        offsets (``trigger``, ``span_id`` None), for which a TRIGGER span is made in the same
        change, as :meth:`create_event` does; neither: no trigger.

        A suggested span becomes accepted; the previous trigger span is left as it is.
        """
        event = self.event(event_id)
        found = self._event_find_trigger(event.doc_id, span_id, trigger, f"event {event.id}")
        now = utc_now()
        with self._recording(event.doc_id, "Set trigger") as rec:
            rec.watch_ids("events", [event_id])
            self._register(annotator, now)
            new_id, text = self._event_make_trigger(rec, event.doc_id, found, annotator, now)
            current = event.trigger.span_id if event.trigger is not None else None
            if current != new_id:
                self.db.execute(
                    "UPDATE events SET trigger_span_id = ?, updated_at = ? WHERE id = ?",
                    [new_id, now, event_id],
                )
            rec.description = (
                f"Set the trigger of event {event.name} to “{short(text, 40)}”"
                if new_id is not None
                else f"Remove the trigger of event {event.name}"
            )
        return rec.change

    def _event_find_trigger(
        self,
        doc_id: int,
        span_id: int | None,
        offsets: tuple[int, int] | None,
        what: str,
    ) -> tuple[SpanState | None, tuple[int, int] | None, str]:
        """Check a trigger given as a span or as offsets, before anything is written:
        (the TRIGGER span to use, or None; offsets for a new one, or None; the text)."""
        text, _status = self._document_text_and_status(doc_id)
        if span_id is not None and offsets is not None:
            raise CurationError("an event has one trigger: give a span or offsets, not both")
        if span_id is not None:
            return self._event_trigger_span(span_id, doc_id, what), None, text
        if offsets is None:
            return None, None, text
        start, end = _checked_offsets(doc_id, text, offsets)
        row = self.db.execute(
            'SELECT id FROM spans WHERE doc_id = ? AND start = ? AND "end" = ? '
            "AND label = ? ORDER BY id LIMIT 1",
            [doc_id, start, end, TRIGGER],
        ).fetchone()
        if row is not None:
            return self.span_states([row[0]])[row[0]], None, text
        return None, (start, end), text

    def _event_make_trigger(
        self,
        rec: ChangeRecorder,
        doc_id: int,
        found: tuple[SpanState | None, tuple[int, int] | None, str],
        annotator: str | None,
        now: str,
    ) -> tuple[int | None, str]:
        """Inside a recording: accept the trigger span found, or make one at the offsets;
        (its id, its text), or (None, "") for no trigger."""
        span, offsets, text = found
        if span is not None:
            if span.status != ACCEPTED:
                rec.watch_ids("spans", [span.id])
            self._event_accept_spans([span.id], annotator, now)
            return span.id, span.text
        if offsets is None:
            return None, ""
        start, end = offsets
        cursor = self.db.execute(
            """INSERT INTO spans (doc_id, start, "end", label, text, status, origin,
                   annotator, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, 'accepted', 'manual', ?, ?, ?)""",
            [doc_id, start, end, TRIGGER, text[start:end], annotator, now, now],
        )
        span_id = int(cursor.lastrowid or 0)
        rec.created("spans", span_id)
        return span_id, text[start:end]

    def set_event_status(
        self, event_id: int, status: str, *, annotator: str | None = None
    ) -> Change:
        """Accept or reject an event.

        Accepting also accepts its trigger span and its suggested argument spans (the event
        stands on them). Rejecting also rejects its trigger when that is a suggested TRIGGER
        span nothing else uses, so running the suggester again does not bring it back; the
        argument spans (names, places) stay, being right or wrong on their own.
        """
        if status not in (ACCEPTED, REJECTED):
            raise CurationError(f"a curator sets events accepted or rejected, not {status!r}")
        event = self.event(event_id)
        spans: list[int] = []
        trigger = event.trigger
        if status == ACCEPTED:
            if trigger is not None and trigger.status != ACCEPTED:
                spans.append(trigger.span_id)
            spans += [
                a.span.span_id
                for a in event.arguments
                if a.span is not None and a.span.status == SUGGESTED
            ]
        elif (
            trigger is not None
            and trigger.status == SUGGESTED
            and trigger.label == TRIGGER
            and self.span_users(trigger.span_id) == [f"event {event_id}"]
        ):
            spans.append(trigger.span_id)
        verb = "Accept" if status == ACCEPTED else "Reject"
        now = utc_now()
        with self._recording(event.doc_id, f"{verb} event {event.name}") as rec:
            rec.watch_ids("events", [event_id])
            rec.watch_ids("spans", spans)
            self._register(annotator, now)
            if event.status != status:
                self.db.execute(
                    "UPDATE events SET status = ?, annotator = coalesce(?, annotator), "
                    "updated_at = ? WHERE id = ?",
                    [status, annotator, now, event_id],
                )
            # Also when the event already had this status: its parts follow it.
            self._event_span_status(spans, status, annotator, now)
        return rec.change

    # -- arguments --------------------------------------------------------------------------

    def add_argument(
        self,
        event_id: int,
        role: str,
        *,
        span_id: int | None = None,
        actor_id: int | None = None,
        value: str | None = None,
        annotator: str | None = None,
    ) -> Change:
        """Fill ``role`` of an event with a span, a registry actor or a value; ``result`` is
        the argument's id.

        A span linked to an actor brings its actor along. A suggested span used as a filler
        is accepted. The same filler twice in one role is refused.
        """
        event = self.event(event_id)
        schema = self.project_schema()
        what = f"event {event.id} ({event.name})"
        found = _known_role(schema, role)
        if found is None:
            names = ", ".join(r.name for r in schema.roles_for(event.type, event.subtype))
            raise CurationError(f"{what}: the schema has no role {role!r} (its roles: {names})")
        if not found.applies_to(event.type, event.subtype):
            names = ", ".join(r.name for r in schema.roles_for(event.type, event.subtype))
            raise CurationError(
                f"{what}: the role {role} does not apply to {event.label} (its roles: {names})"
            )
        if value is not None and not isinstance(value, str):
            raise CurationError(f"{what}: a value of {role} is text, not {value!r}")
        if value is not None and (span_id is not None or actor_id is not None):
            raise CurationError(f"{what}: {role} takes one filler: a span or actor, or a value")
        if span_id is None and actor_id is None and (value is None or not value.strip()):
            raise CurationError(f"{what}: {role} needs a filler (a span, an actor or a value)")
        span = None
        actor_name = None
        if span_id is not None:
            span = self._event_span_in(span_id, event.doc_id, what)
            if not found.accepts(span.label):
                raise CurationError(
                    f"{what}: {role} cannot be filled by a {span.label} span "
                    f"(“{short(span.text, 40)}”): it takes {_fillers(found)}"
                )
            if actor_id is None:
                actor_id = span.actor_id
        if actor_id is not None:
            actor_name = self._event_actor_name(actor_id, what)
            if span is None and not found.accepts("actor"):
                raise CurationError(
                    f"{what}: {role} cannot be filled by a registry actor ({actor_name}): "
                    f"it takes {_fillers(found)}"
                )
        if value is not None:
            value = value.strip()
            if not found.accepts("value"):
                raise CurationError(
                    f"{what}: {role} cannot be filled by a value (“{short(value, 40)}”): "
                    f"it takes {_fillers(found)}"
                )
        filler = span.text if span is not None else actor_name or value or ""
        for argument in event.arguments:
            same = (
                argument.span is not None and argument.span.span_id == span_id
                if span_id is not None
                else argument.span is None
                and argument.actor_id == actor_id
                and argument.value == value
            )
            if argument.role == role and same:
                raise CurationError(f"{what} already has “{short(filler, 40)}” as {role}")
        now = utc_now()
        description = f"Add {role} “{short(filler, 40)}” to event {event.name}"
        with self._recording(event.doc_id, description) as rec:
            accept = [span.id] if span is not None and span.status != ACCEPTED else []
            rec.watch_ids("spans", accept)
            self._register(annotator, now)
            self._event_accept_spans(accept, annotator, now)
            cursor = self.db.execute(
                "INSERT INTO event_arguments (event_id, role, span_id, actor_id, value) "
                "VALUES (?, ?, ?, ?, ?)",
                [event_id, role, span_id, actor_id, value],
            )
            argument_id = int(cursor.lastrowid or 0)
            rec.created("event_arguments", argument_id)
            rec.result = argument_id
        return rec.change

    def remove_argument(self, argument_id: int) -> Change:
        """Take one filler out of its role; its span stays in the text."""
        row = self.db.execute(
            "SELECT event_id FROM event_arguments WHERE id = ?", [argument_id]
        ).fetchone()
        if row is None:
            raise CurationError(f"event argument {argument_id} is no longer in the project")
        event = self.event(row[0])
        (argument,) = (a for a in event.arguments if a.id == argument_id)
        description = (
            f"Remove {argument.role} “{short(argument.filler_text, 40)}” from event {event.name}"
        )
        with self._recording(event.doc_id, description) as rec:
            rec.watch_ids("event_arguments", [argument_id])
            self.db.execute("DELETE FROM event_arguments WHERE id = ?", [argument_id])
        return rec.change

    # -- attributes -------------------------------------------------------------------------

    def set_event_attribute(self, event_id: int, name: str, value: Any) -> Change:
        """Set one of the schema's event attributes; None (or the default) removes it.

        ``int``: a whole number at or above the minimum. ``enum``: one of the values.
        ``date``: ``{"value": "YYYY-MM-DD" | "YYYY-MM" | "YYYY", "precision": ...}`` with
        optional ``text``, ``confirmed``, ``base`` and ``relative`` (what
        :meth:`propose_event_date` read). ``place``: ``{"value": name, "precision": ...}``
        with optional ``span_id`` (a place span of the document; accepted if suggested) and
        ``country`` (ISO 3166 alpha-3).
        """
        return self._write_event_attribute(event_id, name, value, None)

    def propose_event_date(self, event_id: int) -> DateProposal | None:
        """The event's date as its time argument (else its suggested ``date_text``) says it,
        resolved against the document's publication date; None when neither gives one."""
        event = self.event(event_id)
        row = self.db.execute("SELECT published FROM documents WHERE id = ?", [event.doc_id])
        published = row.fetchone()[0]
        times = sorted(
            (
                a.span
                for a in event.arguments
                if a.role == TIME_ROLE and a.span is not None and a.span.status != REJECTED
            ),
            key=lambda span: (span.label != "DATE", span.start),
        )
        for span in times:
            proposal = resolve_date(span.text, published)
            if proposal is not None:
                return proposal
        date_text = event.attributes.get("date_text")
        if isinstance(date_text, str):
            return resolve_date(date_text, published)
        return None

    def confirm_event_date(self, event_id: int, proposal: DateProposal) -> Change:
        """Store a proposed date, confirmed by the curator, as the event's ``date``."""
        name = self.event(event_id).name
        description = f"Date event {name} {proposal.value} (“{short(proposal.text, 40)}”)"
        return self._write_event_attribute(
            event_id, "date", proposal.as_attribute(confirmed=True), description
        )

    def _write_event_attribute(
        self, event_id: int, name: str, value: Any, description: str | None
    ) -> Change:
        event = self.event(event_id)
        schema = self.project_schema()
        what = f"event {event.id} ({event.name})"
        attribute = _known_attribute(schema, name)
        if attribute is None:
            names = ", ".join(a.name for a in schema.event_attributes)
            raise CurationError(f"{what}: the schema has no attribute {name!r} (its: {names})")
        accept: list[int] = []
        if value is not None:
            value = _checked_value(attribute, value, what)
            if attribute.type == "place" and "span_id" in value:
                span = self._event_span_in(value["span_id"], event.doc_id, what)
                place = _known_role(schema, PLACE_ROLE)
                if place is not None and not place.accepts(span.label):
                    raise CurationError(
                        f"{what}: the {name} span must be a place ({_fillers(place)}), "
                        f"not a {span.label} span (“{short(span.text, 40)}”)"
                    )
                if span.status != ACCEPTED:
                    accept.append(span.id)
        if value is None or value == attribute.default:
            description = description or f"Clear {name} of event {event.name}"
            value = None
        else:
            description = description or (
                f"Set {name} of event {event.name} to {_attribute_text(value)}"
            )
        attributes = dict(event.attributes)
        if value is None:
            attributes.pop(name, None)
        else:
            attributes[name] = value
        now = utc_now()
        with self._recording(event.doc_id, description) as rec:
            rec.watch_ids("events", [event_id])
            rec.watch_ids("spans", accept)
            self._event_accept_spans(accept, None, now)
            if attributes != event.attributes:
                self.db.execute(
                    "UPDATE events SET attributes = ?, updated_at = ? WHERE id = ?",
                    [json.dumps(attributes, ensure_ascii=False), now, event_id],
                )
        return rec.change

    # -- deleting ---------------------------------------------------------------------------

    def delete_event(self, event_id: int) -> Change:
        """Delete an event with its arguments, the claim targets and relations naming it.

        A TRIGGER span a curator made that nothing else uses goes too; a suggested one stays
        (reject the event instead to keep the suggester from proposing it again).
        """
        event = self.event(event_id)
        span_gone: list[int] = []
        if event.trigger is not None:
            (state,) = self.span_states([event.trigger.span_id]).values()
            if (
                state.origin == MANUAL
                and state.label == TRIGGER
                and self.span_users(state.id) == [f"event {event_id}"]
            ):
                span_gone.append(state.id)
        with self._recording(event.doc_id, f"Delete event {event.name}") as rec:
            # Relations have no foreign keys and arguments and claim targets go by cascade:
            # every row the delete reaches is declared first, so undo brings it all back.
            rec.watch_ids("events", [event_id])
            rec.watch("event_arguments", "event_id = ?", [event_id])
            # Undo writes a claim_targets scope back as new rows; watching every target of
            # the claims concerned keeps each claim's targets in their order.
            claims = [
                row[0]
                for row in self.db.execute(
                    "SELECT DISTINCT claim_id FROM claim_targets WHERE event_id = ?", [event_id]
                )
            ]
            if claims:
                marks = ", ".join("?" * len(claims))
                rec.watch("claim_targets", f"claim_id IN ({marks})", claims)
            pointing = (
                "(head_kind = 'event' AND head_id = ?) OR (child_kind = 'event' AND child_id = ?)"
            )
            rec.watch("relations", pointing, [event_id, event_id])
            rec.watch_ids("spans", span_gone)
            self.db.execute(f"DELETE FROM relations WHERE {pointing}", [event_id, event_id])
            self.db.execute("DELETE FROM claim_targets WHERE event_id = ?", [event_id])
            self.db.execute("DELETE FROM event_arguments WHERE event_id = ?", [event_id])
            self.db.execute("DELETE FROM events WHERE id = ?", [event_id])
            for span_id in span_gone:
                self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])
        return rec.change

    # -- helpers ----------------------------------------------------------------------------

    def _event_trigger_span(self, span_id: int, doc_id: int, what: str) -> SpanState:
        span = self._event_span_in(span_id, doc_id, what)
        if span.label != TRIGGER:
            raise CurationError(
                f"{what}: span {span.id} (“{short(span.text, 40)}”) is a {span.label} span; "
                f"a trigger is a {TRIGGER} span"
            )
        return span

    def _event_span_in(self, span_id: int, doc_id: int, what: str) -> SpanState:
        span = self.span_states([span_id]).get(span_id)
        if span is None:
            raise CurationError(f"{what}: span {span_id} is no longer in the project")
        if span.doc_id != doc_id:
            raise CurationError(
                f"{what}: span {span_id} (“{short(span.text, 40)}”) is in document "
                f"{span.doc_id}, not in document {doc_id}"
            )
        return span

    def _event_actor_name(self, actor_id: int, what: str) -> str:
        row = self.db.execute("SELECT name FROM actors WHERE id = ?", [actor_id]).fetchone()
        if row is None:
            raise CurationError(f"{what}: actor {actor_id} is not in the registry")
        return str(row[0])

    def _event_accept_spans(self, span_ids: Sequence[int], annotator: str | None, now: str) -> None:
        self._event_span_status(span_ids, ACCEPTED, annotator, now)

    def _event_span_status(
        self, span_ids: Sequence[int], status: str, annotator: str | None, now: str
    ) -> None:
        for span_id in span_ids:
            self.db.execute(
                "UPDATE spans SET status = ?, annotator = coalesce(?, annotator), "
                "updated_at = ? WHERE id = ? AND status != ?",
                [status, annotator, now, span_id, status],
            )


# ---------------------------------------------------------------------------------------------
# Checks against the schema
# ---------------------------------------------------------------------------------------------


def _check_type(schema: Schema, event_type: str, subtype: str | None) -> None:
    names = [t.name for t in schema.event_types]
    if event_type not in names:
        raise CurationError(
            f"the schema has no event type {event_type!r} (event types: {', '.join(names)})"
        )
    if subtype is None:
        return
    subtypes = [s.name for s in schema.event_subtypes(event_type)]
    if subtype not in subtypes:
        raise CurationError(
            f"{event_type} has no sub-type {subtype!r} (its sub-types: {', '.join(subtypes)})"
        )


def _known_role(schema: Schema, name: str) -> EventRole | None:
    return next((role for role in schema.roles if role.name == name), None)


def _known_attribute(schema: Schema, name: str) -> EventAttribute | None:
    return next((a for a in schema.event_attributes if a.name == name), None)


def _fillers(role: EventRole) -> str:
    """What a role takes, in words: "a registry actor, ACTOR, PERSON" or "GPE, LOC, FAC"."""
    words = {"actor": "a registry actor", "span": "a span of any label", "value": "a value"}
    return ", ".join(words.get(filler, filler) for filler in role.fillers)


def _checked_offsets(doc_id: int, text: str, offsets: tuple[int, int]) -> tuple[int, int]:
    try:
        start, end = (int(offset) for offset in offsets)
    except (TypeError, ValueError):
        raise CurationError(f"a trigger is given by two offsets, not {offsets!r}") from None
    if not 0 <= start < end <= len(text):
        raise CurationError(
            f"document {doc_id}: trigger offsets {start}-{end} are outside its text "
            f"(0-{len(text)}) or empty"
        )
    if not text[start:end].strip():
        raise CurationError(f"document {doc_id}: a trigger needs words, not only white space")
    return start, end


def _checked_value(attribute: EventAttribute, value: Any, what: str) -> Any:
    """``value`` if it fits ``attribute`` (dates and places as plain dicts), else an error."""
    field = f"{what}: {attribute.name}"
    if attribute.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise CurationError(f"{field} must be a whole number, not {value!r}")
        if attribute.minimum is not None and value < attribute.minimum:
            raise CurationError(f"{field} must be at least {attribute.minimum}, not {value}")
        return value
    if attribute.type == "enum":
        names = [choice.name for choice in attribute.values]
        if value not in names:
            raise CurationError(f"{field} must be one of {', '.join(names)}, not {value!r}")
        return value
    if not isinstance(value, Mapping):
        raise CurationError(
            f'{field} is given as {{"value": ..., "precision": ...}}, not {value!r}'
        )
    allowed = _DATE_KEYS if attribute.type == "date" else _PLACE_KEYS
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise CurationError(
            f"{field} has no field {', '.join(map(repr, unknown))} "
            f"(its fields: {', '.join(allowed)})"
        )
    precisions = [choice.name for choice in attribute.precision]
    precision = value.get("precision")
    if precision not in precisions:
        raise CurationError(
            f"{field}: precision must be one of {', '.join(precisions)}, not {precision!r}"
        )
    if attribute.type == "date":
        return _checked_date(value, precision, field)
    return _checked_place(value, field)


def _checked_date(value: Mapping[str, Any], precision: str, field: str) -> dict[str, Any]:
    iso = value.get("value")
    form = _DATE_FORMS.get(precision)
    forms = [form] if form else list(_ISO_FORMS)
    if not isinstance(iso, str) or not any(_valid_iso(iso, f) for f in forms):
        wanted = " or ".join(_FORM_EXAMPLES[f] for f in forms)
        raise CurationError(f"{field}: a {precision} date is written {wanted}, not {iso!r}")
    for key in ("text", "base"):
        if value.get(key) is not None and not isinstance(value[key], str):
            raise CurationError(f"{field}: {key} must be text, not {value[key]!r}")
    for key in ("confirmed", "relative"):
        if key in value and not isinstance(value[key], bool):
            raise CurationError(f"{field}: {key} must be true or false, not {value[key]!r}")
    return dict(value)


def _valid_iso(text: str, form: str) -> bool:
    if not _ISO_FORMS[form].fullmatch(text):
        return False
    try:
        date.fromisoformat(text + {"day": "", "month": "-01", "year": "-01-01"}[form])
    except ValueError:
        return False
    return True


def _checked_place(value: Mapping[str, Any], field: str) -> dict[str, Any]:
    name = value.get("value")
    if not isinstance(name, str) or not name.strip():
        raise CurationError(f"{field}: the place needs a name, not {name!r}")
    checked = {**value, "value": name.strip()}
    span_id = value.get("span_id")
    if span_id is not None and (isinstance(span_id, bool) or not isinstance(span_id, int)):
        raise CurationError(f"{field}: span_id must be a span's id, not {span_id!r}")
    if span_id is None:
        checked.pop("span_id", None)
    country = value.get("country")
    if country is not None:
        import pycountry  # large tables: only when a country is given

        code = country.upper() if isinstance(country, str) else None
        if code is None or len(code) != 3 or pycountry.countries.get(alpha_3=code) is None:
            raise CurationError(
                f"{field}: country must be an ISO 3166 alpha-3 code (IRQ, SYR), not {country!r}"
            )
        checked["country"] = code
    else:
        checked.pop("country", None)
    return checked


# ---------------------------------------------------------------------------------------------
# Small pieces of text
# ---------------------------------------------------------------------------------------------


def _type_label(event_type: str, subtype: str | None) -> str:
    return f"{event_type} ▸ {subtype}" if subtype else event_type


def _attribute_text(value: Any) -> str:
    if isinstance(value, Mapping):
        return f"{value.get('value')} ({value.get('precision')})"
    return str(value)


def _has_words(words: str, *fields: object) -> bool:
    """Whether every word of ``words`` (folded, space-separated) is in one of the ``fields``."""
    folded = "\n".join(field for field in fields if isinstance(field, str)).casefold()
    return all(word in folded for word in words.split())
