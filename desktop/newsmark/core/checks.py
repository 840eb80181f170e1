"""The checks a curator runs before marking a document done.

:meth:`DocumentChecks.document_problems` lists what is wrong or unfinished in one document's
accepted annotations, read against the project's schema: unknown labels, types and roles,
events without a sub-type or a trigger, arguments a role does not take, attribute values out
of range, claims without a claimant or a content, relations whose ends are gone or of the
wrong kind; and, last, how many suggestions are still undecided.

The whole document is read in a handful of queries (spans, events, arguments, claims,
relations, relation ends), never one per annotation, so a document with thousands of spans is
checked at once. Pure Python: never imports Qt.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsmark.core.span_curation import ACCEPTED, SUGGESTED
from newsmark.core.wording import short

if TYPE_CHECKING:
    from sqlite_utils import Database

    from newsmark.core.relation_curation import RelationEnd
    from newsmark.core.schema import EventAttribute, EventRole, Schema

ERROR = "error"  # wrong under the schema
INCOMPLETE = "incomplete"  # allowed, but something a finished annotation has is missing
UNDECIDED = "undecided"  # suggestions neither accepted nor rejected
SEVERITIES = (ERROR, INCOMPLETE, UNDECIDED)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing to fix before a document is done.

    ``kind`` is what it is about (event, claim, relation, span, document); ``record_id`` that
    record's id (None for a count of suggestions); ``span_id`` a span to go to, if any;
    ``field`` the part at fault ("subtype", "claimant", "role attacker", "attribute
    fatalities", "status"); ``message`` a full sentence naming the record by its text.
    """

    kind: str
    record_id: int | None
    span_id: int | None
    field: str | None
    message: str
    severity: str


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str
    text: str
    status: str


class _Found:
    """Problems as they are found, each with the text position it is sorted by."""

    def __init__(self, spans: Mapping[int, _Span]):
        self.spans = spans
        self.items: list[tuple[int, float, int, Problem]] = []

    def add(
        self,
        severity: str,
        kind: str,
        record_id: int | None,
        span_id: int | None,
        field: str | None,
        message: str,
    ) -> None:
        span = self.spans.get(span_id) if span_id is not None else None
        position = span.start if span is not None else math.inf
        problem = Problem(kind, record_id, span_id, field, message, severity)
        self.items.append((SEVERITIES.index(severity), position, len(self.items), problem))

    def sorted(self) -> list[Problem]:
        return [item[3] for item in sorted(self.items, key=lambda item: item[:3])]


class DocumentChecks:
    """The Store's before-done checks; mixed into :class:`~newsmark.core.store.Store`.

    Relies on ``project_schema`` (SchemaCuration) and ``relation_ends`` (RelationCuration).
    Threading: like the Store, one thread per instance.
    """

    db: Database

    def document_problems(self, doc_id: int) -> list[Problem]:
        """What is wrong (errors), missing (incomplete) and undecided in a document.

        Only accepted annotations are checked; suggestions are counted. Errors come first,
        then incomplete records, then undecided suggestions, each in text order.
        """
        schema: Schema = self.project_schema()
        spans = {
            row[0]: _Span(*row[1:])
            for row in self.db.execute(
                'SELECT id, start, "end", label, text, status FROM spans WHERE doc_id = ?',
                [doc_id],
            )
        }
        found = _Found(spans)
        for span_id, span in spans.items():
            if span.status == ACCEPTED and not schema.has_label(span.label):
                found.add(
                    ERROR,
                    "span",
                    span_id,
                    span_id,
                    "label",
                    f"Span “{short(span.text)}” has the label {span.label}, which the schema "
                    "does not have.",
                )
        suggested: dict[str, list[int | None]] = {
            "span": [span_id for span_id, span in spans.items() if span.status == SUGGESTED]
        }
        suggested["event"] = self._check_events(doc_id, schema, found)
        suggested["claim"] = self._check_claims(doc_id, schema, found)
        suggested["relation"] = self._check_relations(doc_id, schema, found)
        for kind, anchors in suggested.items():
            if anchors:
                first = min(anchors, key=lambda s: _position(spans, s))
                count = len(anchors)
                found.add(
                    UNDECIDED,
                    kind,
                    None,
                    first,
                    "status",
                    f"{count} suggested {kind}{'' if count == 1 else 's'} "
                    f"{'is' if count == 1 else 'are'} neither accepted nor rejected.",
                )
        return found.sorted()

    # -- events -----------------------------------------------------------------------------

    def _check_events(self, doc_id: int, schema: Schema, found: _Found) -> list[int | None]:
        """Check accepted events and their arguments; the triggers of suggested events."""
        spans = found.spans
        suggested: list[int | None] = []
        accepted: dict[int, tuple[str, str | None, int | None, str]] = {}
        for event_id, event_type, subtype, trigger_id, status, attributes in self.db.execute(
            "SELECT id, type, subtype, trigger_span_id, status, attributes FROM events "
            "WHERE doc_id = ? ORDER BY id",
            [doc_id],
        ):
            if status == SUGGESTED:
                suggested.append(trigger_id)
            if status != ACCEPTED:
                continue
            trigger = spans.get(trigger_id) if trigger_id is not None else None
            name = _event_name(event_id, event_type, subtype, trigger)
            accepted[event_id] = (event_type, subtype, trigger_id, name)
            _check_event(schema, found, event_id, event_type, subtype, trigger_id, trigger, name)
            for attribute_name, value in _json_object(attributes).items():
                attribute = _schema_attribute(schema, attribute_name)
                reason = _attribute_fault(attribute, value) if attribute else None
                if reason:
                    found.add(
                        ERROR,
                        "event",
                        event_id,
                        trigger_id,
                        f"attribute {attribute_name}",
                        f"{name} has {attribute_name} {_shown(value)}, which {reason}.",
                    )
        if accepted:
            self._check_arguments(doc_id, schema, found, accepted)
        return suggested

    def _check_arguments(
        self,
        doc_id: int,
        schema: Schema,
        found: _Found,
        events: dict[int, tuple[str, str | None, int | None, str]],
    ) -> None:
        rows = self.db.execute(
            """SELECT a.event_id, a.role, a.span_id, a.actor_id, a.value, s.label, s.text
               FROM event_arguments a JOIN events e ON e.id = a.event_id
               LEFT JOIN spans s ON s.id = a.span_id
               WHERE e.doc_id = ? AND e.status = 'accepted' ORDER BY a.id""",
            [doc_id],
        ).fetchall()
        roles = {role.name: role for role in schema.roles}
        for event_id, role_name, span_id, actor_id, value, label, text in rows:
            event_type, subtype, trigger_id, name = events[event_id]
            goto = span_id if span_id in found.spans else trigger_id
            filler = f" (“{short(text)}”)" if text is not None else ""
            role = roles.get(role_name)
            if role is None:
                found.add(
                    ERROR,
                    "event",
                    event_id,
                    goto,
                    f"role {role_name}",
                    f"{name} has a “{role_name}” argument{filler}, but the schema has no such "
                    "role.",
                )
                continue
            if _known_type(schema, event_type) and not role.applies_to(event_type, subtype):
                kind = f"{event_type} ▸ {subtype}" if subtype else event_type
                found.add(
                    ERROR,
                    "event",
                    event_id,
                    goto,
                    f"role {role_name}",
                    f"{name} has {_a(role_name)} {role_name} argument{filler}, but that role "
                    f"does not apply to {kind}.",
                )
                continue
            refused = _refused_filler(role, label, actor_id, value)
            if refused:
                found.add(
                    ERROR,
                    "event",
                    event_id,
                    goto,
                    f"role {role_name}",
                    f"The {role_name} of {name[0].lower()}{name[1:]} is {refused}{filler}, "
                    "which that role does not accept.",
                )

    # -- claims -----------------------------------------------------------------------------

    def _check_claims(self, doc_id: int, schema: Schema, found: _Found) -> list[int | None]:
        spans = found.spans
        types = {item.name for item in schema.claim_types}
        stances = {item.name for item in schema.claim_stances}
        suggested: list[int | None] = []
        for row in self.db.execute(
            """SELECT id, type, stance, content_span_id, cue_span_id, claimant_span_id,
                      claimant_actor_id, status
               FROM claims WHERE doc_id = ? ORDER BY id""",
            [doc_id],
        ):
            claim_id, claim_type, stance, content_id, cue_id, claimant_id, actor_id, status = row
            anchor = cue_id if cue_id in spans else content_id
            if status == SUGGESTED:
                suggested.append(anchor)
            if status != ACCEPTED:
                continue
            words = spans.get(anchor) if anchor is not None else None
            name = (
                f"Claim “{short(words.text)}” ({claim_type})"
                if words
                else f"Claim {claim_id} ({claim_type})"
            )
            if claim_type not in types:
                found.add(
                    ERROR,
                    "claim",
                    claim_id,
                    anchor,
                    "type",
                    f"{name} has the type “{claim_type}”, which the schema does not have.",
                )
            if stance is not None and stance not in stances:
                found.add(
                    ERROR,
                    "claim",
                    claim_id,
                    anchor,
                    "stance",
                    f"{name} has the stance “{stance}”, which the schema does not have.",
                )
            if claimant_id is None and actor_id is None:
                found.add(
                    INCOMPLETE,
                    "claim",
                    claim_id,
                    anchor,
                    "claimant",
                    f"{name} has no claimant: say who makes it (a span or a registry actor).",
                )
            if content_id is None:
                found.add(
                    INCOMPLETE,
                    "claim",
                    claim_id,
                    anchor,
                    "content",
                    f"{name} has no content: mark what is claimed.",
                )
        return suggested

    # -- relations --------------------------------------------------------------------------

    def _check_relations(self, doc_id: int, schema: Schema, found: _Found) -> list[int | None]:
        rows = self._relation_rows(doc_id)
        ends: dict[tuple[str, int], RelationEnd] = self.relation_ends(
            [(row[3], row[4]) for row in rows] + [(row[5], row[6]) for row in rows]
        )
        labels = {relation.name: relation for relation in schema.relation_labels}
        suggested: list[int | None] = []
        for relation_id, _doc, label, head_kind, head_id, child_kind, child_id, status, *_ in rows:
            head, child = ends.get((head_kind, head_id)), ends.get((child_kind, child_id))
            goto = next((e.span_id for e in (head, child) if e and e.span_id in found.spans), None)
            if status == SUGGESTED:
                suggested.append(goto)
            if status != ACCEPTED:
                continue
            head_text = head.text if head else f"(deleted {head_kind} {head_id})"
            child_text = child.text if child else f"(deleted {child_kind} {child_id})"
            name = f"Relation {head_text} {label.replace('_', ' ')} {child_text}"
            relation = labels.get(label)
            if relation is None:
                found.add(
                    ERROR,
                    "relation",
                    relation_id,
                    goto,
                    "label",
                    f"{name} has the label “{label}”, which the schema does not have.",
                )
            else:
                forward = head_kind in relation.head and child_kind in relation.child
                backward = (
                    relation.symmetric
                    and child_kind in relation.head
                    and head_kind in relation.child
                )
                if not forward and not backward:
                    found.add(
                        ERROR,
                        "relation",
                        relation_id,
                        goto,
                        "label",
                        f"{name} links {_a(head_kind)} {head_kind} to {_a(child_kind)} "
                        f"{child_kind}, which a {label.replace('_', ' ')} relation does not.",
                    )
            for side, end, kind, end_id in (
                ("head", head, head_kind, head_id),
                ("child", child, child_kind, child_id),
            ):
                if end is None:
                    found.add(
                        ERROR,
                        "relation",
                        relation_id,
                        goto,
                        side,
                        f"{name} points at {kind} {end_id}, which no longer exists.",
                    )
        return suggested


# ---------------------------------------------------------------------------------------------
# Single checks
# ---------------------------------------------------------------------------------------------


def _check_event(
    schema: Schema,
    found: _Found,
    event_id: int,
    event_type: str,
    subtype: str | None,
    trigger_id: int | None,
    trigger: _Span | None,
    name: str,
) -> None:
    if not _known_type(schema, event_type):
        found.add(
            ERROR,
            "event",
            event_id,
            trigger_id,
            "type",
            f"{name} has the type “{event_type}”, which the schema does not have.",
        )
    else:
        subtypes = [s.name for s in schema.event_subtypes(event_type)]
        if subtype is not None and subtype not in subtypes:
            found.add(
                ERROR,
                "event",
                event_id,
                trigger_id,
                "subtype",
                f"{name} has the sub-type “{subtype}”, which {event_type} does not have.",
            )
        elif subtype is None and subtypes:
            found.add(
                INCOMPLETE, "event", event_id, trigger_id, "subtype", f"{name} has no sub-type."
            )
    if trigger is None:
        found.add(INCOMPLETE, "event", event_id, None, "trigger", f"{name} has no trigger.")


def _event_name(event_id: int, event_type: str, subtype: str | None, trigger: _Span | None) -> str:
    """“Event “struck” (Explosions/Remote violence ▸ Air/drone strike)”."""
    kind = f"{event_type} ▸ {subtype}" if subtype else event_type
    if trigger is None:
        return f"Event {event_id} ({kind})"
    return f"Event “{short(trigger.text)}” ({kind})"


def _known_type(schema: Schema, event_type: str) -> bool:
    return any(t.name == event_type for t in schema.event_types)


def _schema_attribute(schema: Schema, name: str) -> EventAttribute | None:
    # Other keys (the suggester's "rule", "date_text") are notes, not schema attributes.
    for attribute in schema.event_attributes:
        if attribute.name == name:
            return attribute
    return None


def _attribute_fault(attribute: EventAttribute, value: Any) -> str | None:
    """Why ``value`` is not a valid value of ``attribute`` (a clause), or None when it is."""
    if value is None:
        return None
    if attribute.type == "int":
        number = _whole_number(value)
        if number is None:
            return "is not a whole number"
        if attribute.minimum is not None and number < attribute.minimum:
            return f"is below the minimum {attribute.minimum}"
        return None
    if attribute.type == "enum":
        names = [choice.name for choice in attribute.values]
        return None if value in names else f"is not one of: {', '.join(names)}"
    # date and place: a text, or an object whose "precision" is one of the schema's levels.
    levels = [choice.name for choice in attribute.precision]
    if isinstance(value, str):
        return None if value.strip() else f"is not a {attribute.type}"
    if isinstance(value, dict):
        precision = value.get("precision")
        if precision is not None and precision not in levels:
            return f"has the precision “{precision}”, not one of: {', '.join(levels)}"
        return None
    return f"is not a {attribute.type}"


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


def _refused_filler(
    role: EventRole, label: str | None, actor_id: int | None, value: str | None
) -> str | None:
    """What fills the argument, when the role accepts none of it; None when it is fine."""
    fillers = []
    if label is not None:
        fillers.append((label, f"{_a(label)} {label} span"))
    if actor_id is not None:
        fillers.append(("actor", "a registry actor"))
    if value is not None:
        fillers.append(("value", "a plain value"))
    if not fillers or any(role.accepts(kind) for kind, _words in fillers):
        return None
    return fillers[0][1]


def _json_object(text: str | None) -> dict[str, Any]:
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _position(spans: Mapping[int, _Span], span_id: int | None) -> float:
    span = spans.get(span_id) if span_id is not None else None
    return span.start if span else math.inf


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
