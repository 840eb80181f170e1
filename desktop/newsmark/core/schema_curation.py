"""The project's own label schema: reading it, replacing it, renaming, adding and removing names.

A project without a stored schema uses the shipped default. The schema lives as JSON text in
the one-row ``label_schema`` table. Every edit is a recorded :class:`Change` (undoable), and
none leaves annotations behind: a name annotations still use is never dropped, and a rename
carries every annotation that uses the name along in the same change.

Edits go through the schema's JSON form: :meth:`Schema.as_dict`, edit the plain dicts,
re-parse. The parser is then the only judge of what a valid name is, and its messages reach
the curator unchanged.

Pure Python: this module never imports Qt.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsmark.core.clock import utc_now
from newsmark.core.schema import (
    FILLER_KINDS,
    RELATION_ENDS,
    Schema,
    SchemaError,
    default_schema,
    load_schema,
    parse_schema,
)
from newsmark.core.span_curation import CurationError
from newsmark.core.wording import plural

if TYPE_CHECKING:
    from sqlite_utils import Database

    from newsmark.core.changes import Change, ChangeRecorder

# The kinds of names a curator can rename, add and remove, in the order the schema lists them.
SCHEMA_KINDS = (
    "label",
    "event_type",
    "subtype",
    "role",
    "claim_type",
    "stance",
    "relation",
    "actor_kind",
)
# Usage is also counted for event attributes and the values of enum attributes.
USAGE_KINDS = (*SCHEMA_KINDS, "attribute", "attribute_value")

# kind -> (table, column, what one annotation of that table is called)
_ANNOTATIONS = {
    "label": ("spans", "label", "span"),
    "event_type": ("events", "type", "event"),
    "subtype": ("events", "subtype", "event"),
    "role": ("event_arguments", "role", "event argument"),
    "claim_type": ("claims", "type", "claim"),
    "stance": ("claims", "stance", "claim"),
    "relation": ("relations", "label", "relation"),
    "actor_kind": ("actors", "type", "actor"),
}
_TITLES = {
    "label": "label",
    "event_type": "event type",
    "subtype": "event sub-type",
    "role": "role",
    "claim_type": "claim type",
    "stance": "stance",
    "relation": "relation label",
    "actor_kind": "actor kind",
    "attribute": "attribute",
    "attribute_value": "value",
}
# The schema section each kind's entries live in (sub-types and actor kinds live inside
# entries of event_types and actor_types).
_SECTIONS = {
    "label": "entity_labels",
    "event_type": "event_types",
    "role": "event_roles",
    "claim_type": "claim_types",
    "stance": "claim_stances",
    "relation": "relation_labels",
}
# Tableau 10, the palette of the default schema: a new label or event type takes the first
# colour nothing else uses, so an import that brings labels gets distinguishable ones.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
_EDITED_SOURCE = "the edited schema"


@lru_cache(maxsize=8)
def _parsed(body: str, source: str) -> Schema:
    return parse_schema(body, source)


# ---------------------------------------------------------------------------------------------
# How much each name is used
# ---------------------------------------------------------------------------------------------


def describe_name(
    kind: str, name: str, *, event_type: str | None = None, attribute: str | None = None
) -> str:
    """How a curator reads a name: ``label FAC``, ``event sub-type 'Arrests' of 'Riots'``."""
    title = _TITLES[kind]
    if kind == "label":
        return f"{title} {name}"  # labels have no spaces and are shown bare everywhere
    if kind == "subtype" and event_type is not None:
        return f"{title} {name!r} of {event_type!r}"
    if kind == "attribute_value" and attribute is not None:
        return f"{title} {name!r} of attribute {attribute!r}"
    return f"{title} {name!r}"


@dataclass(frozen=True)
class SchemaUsage:
    """How many stored annotations use each name a schema can hold.

    ``spans`` maps a span label to its counts per status; ``event_subtypes`` is keyed by
    (event type, sub-type); ``attributes`` counts the events setting each attribute (any key
    of ``events.attributes`` with a non-null value); ``attribute_values`` counts the events
    per (enum attribute, value), for the enum attributes of the schema the usage was read
    with. Every other map counts rows by name: events by type, event arguments by role,
    claims by type and by stance, relations by label, registry actors by kind.

    A snapshot, read in one go: read it again after an edit. Frozen and never changed after
    it is made, so it can be handed to the GUI thread.
    """

    spans: dict[str, dict[str, int]]
    event_types: dict[str, int]
    event_subtypes: dict[tuple[str, str], int]
    roles: dict[str, int]
    attributes: dict[str, int]
    attribute_values: dict[tuple[str, str], int]
    claim_types: dict[str, int]
    claim_stances: dict[str, int]
    relation_labels: dict[str, int]
    actor_kinds: dict[str, int]

    def uses(
        self, kind: str, name: str, *, event_type: str | None = None, attribute: str | None = None
    ) -> int:
        """How many annotations use ``name`` as a ``kind`` (one of :data:`USAGE_KINDS`).

        A sub-type is counted within ``event_type``, or across all types when it is None; an
        enum value within ``attribute``, which it needs.
        """
        if kind == "label":
            return sum(self.spans.get(name, {}).values())
        if kind == "subtype":
            if event_type is not None:
                return self.event_subtypes.get((event_type, name), 0)
            return sum(n for (_t, sub), n in self.event_subtypes.items() if sub == name)
        if kind == "attribute_value":
            if attribute is None:
                raise ValueError("counting uses of an enum value needs its attribute")
            return self.attribute_values.get((attribute, name), 0)
        counts = {
            "event_type": self.event_types,
            "role": self.roles,
            "attribute": self.attributes,
            "claim_type": self.claim_types,
            "stance": self.claim_stances,
            "relation": self.relation_labels,
            "actor_kind": self.actor_kinds,
        }
        if kind not in counts:
            raise ValueError(f"{kind!r} is not a kind of name (one of: {', '.join(USAGE_KINDS)})")
        return counts[kind].get(name, 0)

    def explain(
        self, kind: str, name: str, *, event_type: str | None = None, attribute: str | None = None
    ) -> str | None:
        """``label FAC is used by 12 spans (3 accepted, 9 suggested)``, or None when unused."""
        count = self.uses(kind, name, event_type=event_type, attribute=attribute)
        if not count:
            return None
        noun = "event" if kind in ("attribute", "attribute_value") else _ANNOTATIONS[kind][2]
        what = describe_name(kind, name, event_type=event_type, attribute=attribute)
        text = f"{what} is used by {plural(count, noun)}"
        if kind == "label":
            by_status = self.spans.get(name, {})
            text += " (" + ", ".join(f"{n} {s}" for s, n in sorted(by_status.items())) + ")"
        return text


def dropped_in_use(old: Schema, new: Schema, usage: SchemaUsage) -> list[str]:
    """What ``new`` lacks of ``old`` that annotations still use, one sentence per name.

    ``usage`` must have been read with ``old`` (it counts ``old``'s enum values). A sub-type
    of a dropped event type is not listed on its own: the type's line covers its events.
    """
    found: list[str] = []

    def check(kind: str, before: Iterable[str], after: Iterable[str], **within: str) -> None:
        kept = set(after)
        for name in before:
            if name not in kept:
                text = usage.explain(kind, name, **within)
                if text:
                    found.append(text)

    check("label", schema_names(old, "label"), schema_names(new, "label"))
    check("event_type", schema_names(old, "event_type"), schema_names(new, "event_type"))
    new_types = {t.name: t for t in new.event_types}
    for event_type in old.event_types:
        if event_type.name in new_types:
            after = (s.name for s in new_types[event_type.name].subtypes)
            before = (s.name for s in event_type.subtypes)
            check("subtype", before, after, event_type=event_type.name)
    for kind in ("role", "claim_type", "stance", "relation", "actor_kind"):
        check(kind, schema_names(old, kind), schema_names(new, kind))
    new_attributes = {a.name: a for a in new.event_attributes}
    check("attribute", (a.name for a in old.event_attributes), new_attributes)
    for attribute in old.event_attributes:
        if attribute.type != "enum" or attribute.name not in new_attributes:
            continue
        replacement = new_attributes[attribute.name]
        after = [c.name for c in replacement.values] if replacement.type == "enum" else []
        before = (c.name for c in attribute.values)
        check("attribute_value", before, after, attribute=attribute.name)
    return found


# ---------------------------------------------------------------------------------------------
# Schema edits, as pure functions of a Schema (through its JSON form)
# ---------------------------------------------------------------------------------------------


# Span labels the suggesters and the E and C keys write by name: renaming or removing one would
# leave new suggestions with a label the schema no longer has.
SUGGESTER_LABELS = {
    "TRIGGER": "event triggers",
    "CUE": "claim cues",
    "CLAIM": "what claims say",
    "ACTOR": "actor mentions that are not named entities",
}


def _refuse_suggester_label(kind: str, name: str, done: str) -> None:
    if kind == "label" and name in SUGGESTER_LABELS:
        raise CurationError(
            f"label {name} marks {SUGGESTER_LABELS[name]}: suggestions and the E and C keys "
            f"write it by that name, so it cannot be {done}"
        )


def _check_kind(kind: str, event_type: str | None) -> None:
    if kind not in SCHEMA_KINDS:
        raise ValueError(f"{kind!r} is not a kind of name (one of: {', '.join(SCHEMA_KINDS)})")
    if kind == "subtype" and event_type is None:
        raise ValueError("a sub-type is named within its event type: pass event_type")


def schema_names(schema: Schema, kind: str, event_type: str | None = None) -> tuple[str, ...]:
    """The names of ``kind`` the schema defines (a sub-type: those of ``event_type``)."""
    if kind == "subtype":
        if event_type is None or event_type not in schema_names(schema, "event_type"):
            raise CurationError(f"the schema has no event type {event_type!r}")
        return tuple(s.name for s in schema.event_subtypes(event_type))
    if kind == "actor_kind":
        return tuple(schema.actor_kinds)
    items: Sequence[Any] = {
        "label": schema.entity_labels,
        "event_type": schema.event_types,
        "role": schema.roles,
        "claim_type": schema.claim_types,
        "stance": schema.claim_stances,
        "relation": schema.relation_labels,
    }[kind]
    return tuple(item.name for item in items)


def _reparsed(data: dict[str, Any], action: str) -> Schema:
    """The edited dicts as a Schema; the parser's objections become a CurationError."""
    try:
        return parse_schema(json.dumps(data, indent=2, ensure_ascii=False), _EDITED_SOURCE)
    except SchemaError as exc:
        # Line numbers would point into JSON the curator never saw; the field path says where.
        details = "; ".join(
            f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems
        )
        raise CurationError(f"cannot {action}: {details}") from None


def _event_type_entry(data: dict[str, Any], event_type: str) -> dict[str, Any]:
    for entry in data["event_types"]:
        if entry["name"] == event_type:
            return entry
    raise CurationError(f"the schema has no event type {event_type!r}")


def _require(schema: Schema, kind: str, name: str, event_type: str | None) -> str:
    what = describe_name(kind, name, event_type=event_type)
    if name not in schema_names(schema, kind, event_type):
        raise CurationError(f"the schema has no {what}")
    return what


def _refuse_existing(schema: Schema, kind: str, name: str, event_type: str | None) -> None:
    if name in schema_names(schema, kind, event_type):
        what = describe_name(kind, name, event_type=event_type)
        raise CurationError(f"{what} is in the schema already")


def renamed_schema(
    schema: Schema, kind: str, old: str, new: str, *, event_type: str | None = None
) -> Schema:
    """``schema`` with one name renamed everywhere the schema refers to it.

    A label is renamed in the model-label map's targets and in role fillers too; an event
    type and a sub-type in the roles' ``events`` maps; an actor kind in its actor type.
    Raises :class:`CurationError` when ``old`` is missing, ``new`` exists already, or the
    parser refuses ``new`` for its kind (its message says why).
    """
    _check_kind(kind, event_type)
    new = new.strip()
    what = _require(schema, kind, old, event_type)
    _refuse_existing(schema, kind, new, event_type)
    data = schema.as_dict()
    if kind == "subtype":
        assert event_type is not None  # _check_kind
        for entry in _event_type_entry(data, event_type)["subtypes"]:
            if entry["name"] == old:
                entry["name"] = new
    elif kind == "actor_kind":
        for actor_type in data["actor_types"]:
            kinds = actor_type.get("kinds", [])
            actor_type["kinds"] = [new if k == old else k for k in kinds]
    else:
        for entry in data[_SECTIONS[kind]]:
            if entry["name"] == old:
                entry["name"] = new
    if kind == "label":
        data["model_label_map"] = {
            key: new if target == old else target for key, target in data["model_label_map"].items()
        }
    for role in data["event_roles"]:
        if kind == "label":
            role["fillers"] = [new if f == old else f for f in role["fillers"]]
        events = role.get("events")
        if kind == "event_type" and events is not None:
            role["events"] = {new if t == old else t: subs for t, subs in events.items()}
        if kind == "subtype" and events is not None and isinstance(events.get(event_type), list):
            events[event_type] = [new if s == old else s for s in events[event_type]]
    shown = new if kind == "label" else repr(new)
    return _reparsed(data, f"rename {what} to {shown}")


def schema_without(
    schema: Schema, kind: str, name: str, *, event_type: str | None = None
) -> Schema:
    """``schema`` without one name, and without every reference to it.

    A removed label maps to null in the model-label map and leaves the role fillers; a
    removed event type or sub-type leaves the roles' ``events`` maps. A role that would be
    left with nothing to fill it or no event to apply to is not changed behind the curator's
    back: the removal is refused, naming the role. Usage is not checked here.
    """
    _check_kind(kind, event_type)
    what = _require(schema, kind, name, event_type)
    data = schema.as_dict()
    if kind == "subtype":
        assert event_type is not None  # _check_kind
        entry = _event_type_entry(data, event_type)
        entry["subtypes"] = [s for s in entry["subtypes"] if s["name"] != name]
    elif kind == "actor_kind":
        for actor_type in data["actor_types"]:
            actor_type["kinds"] = [k for k in actor_type.get("kinds", []) if k != name]
    else:
        section = _SECTIONS[kind]
        data[section] = [entry for entry in data[section] if entry["name"] != name]
    if kind == "label":
        data["model_label_map"] = {
            key: None if target == name else target
            for key, target in data["model_label_map"].items()
        }
    for role in data["event_roles"]:
        _drop_from_role(role, kind, name, event_type, what)
    return _reparsed(data, f"remove {what}")


def _drop_from_role(
    role: dict[str, Any], kind: str, name: str, event_type: str | None, what: str
) -> None:
    stranded = f"role {role['name']!r} would be left with"
    if kind == "label" and name in role["fillers"]:
        role["fillers"] = [f for f in role["fillers"] if f != name]
        if not role["fillers"]:
            raise CurationError(
                f"cannot remove {what}: {stranded} nothing to fill it; remove the role first"
            )
    events = role.get("events")
    if events is None:
        return
    if kind == "event_type":
        events.pop(name, None)
    elif kind == "subtype" and isinstance(events.get(event_type), list):
        events[event_type] = [s for s in events[event_type] if s != name]
        if not events[event_type]:
            # No sub-type of this type is left to the role: it no longer applies to the type.
            del events[event_type]
    if not events:
        raise CurationError(
            f"cannot remove {what}: {stranded} no event to apply to; remove the role first"
        )


def free_colour(schema: Schema) -> str:
    """The first palette colour no label or event type uses (the first one when all are)."""
    used = {x.colour for x in schema.entity_labels} | {t.colour for t in schema.event_types}
    return next((c for c in PALETTE if c not in used), PALETTE[0])


def schema_with(
    schema: Schema,
    kind: str,
    name: str,
    *,
    event_type: str | None = None,
    description: str = "",
    colour: str | None = None,
    hotkey: str | None = None,
    fillers: Sequence[str] | None = None,
    head: Sequence[str] | None = None,
    child: Sequence[str] | None = None,
    symmetric: bool = False,
    actor_code: int | None = None,
) -> Schema:
    """``schema`` with one more name, appended to its section.

    - ``label``: ``colour`` (default: :func:`free_colour`), ``hotkey`` ("1".."9") optional;
    - ``event_type``: ``colour`` as a label's, no sub-types yet;
    - ``subtype`` of ``event_type``: ``colour`` optional (the type's otherwise);
    - ``role``: ``fillers`` (default: any actor, span or value), applies to every event;
    - ``relation``: ``head``/``child`` kinds (default: all), ``symmetric``;
    - ``actor_kind``: under the actor type with ACLED code ``actor_code``;
    - ``claim_type``, ``stance``: a name and a description.

    Options that do not apply to ``kind`` raise ValueError; a name that exists already or
    that the parser refuses (a bad colour, a taken hotkey) raises :class:`CurationError`.
    """
    _check_kind(kind, event_type)
    options = {
        "colour": colour,
        "hotkey": hotkey,
        "fillers": fillers,
        "head": head,
        "child": child,
        "actor_code": actor_code,
    }
    allowed = {
        "label": ("colour", "hotkey"),
        "event_type": ("colour",),
        "subtype": ("colour",),
        "role": ("fillers",),
        "relation": ("head", "child"),
        "actor_kind": ("actor_code",),
    }.get(kind, ())
    wrong = [key for key, value in options.items() if value is not None and key not in allowed]
    if symmetric and kind != "relation":
        wrong.append("symmetric")
    if wrong:
        raise ValueError(f"{', '.join(wrong)} do not apply to a {_TITLES[kind]}")
    name = name.strip()
    if kind == "subtype" and event_type not in schema_names(schema, "event_type"):
        raise CurationError(f"the schema has no event type {event_type!r}")
    _refuse_existing(schema, kind, name, event_type)
    what = describe_name(kind, name, event_type=event_type)
    data = schema.as_dict()
    entry: dict[str, Any] = {"name": name}
    if description:
        entry["description"] = description
    if kind == "label":
        entry["colour"] = colour or free_colour(schema)
        if hotkey:
            entry["hotkey"] = hotkey
    elif kind == "event_type":
        entry.update(colour=colour or free_colour(schema), subtypes=[])
    elif kind == "subtype" and colour:
        entry["colour"] = colour
    elif kind == "role":
        entry["fillers"] = list(fillers) if fillers is not None else list(FILLER_KINDS)
    elif kind == "relation":
        entry["head"] = list(head) if head is not None else list(RELATION_ENDS)
        entry["child"] = list(child) if child is not None else list(RELATION_ENDS)
        if symmetric:
            entry["symmetric"] = True
    if kind == "subtype":
        assert event_type is not None  # _check_kind
        _event_type_entry(data, event_type)["subtypes"].append(entry)
    elif kind == "actor_kind":
        _add_actor_kind(data, name, actor_code, what)
    else:
        data[_SECTIONS[kind]].append(entry)
    return _reparsed(data, f"add {what}")


def _add_actor_kind(data: dict[str, Any], kind: str, code: int | None, what: str) -> None:
    codes = [t["code"] for t in data["actor_types"]]
    for actor_type in data["actor_types"]:
        if actor_type["code"] == code:
            actor_type["kinds"] = [*actor_type.get("kinds", []), kind]
            return
    raise CurationError(
        f"cannot add {what}: no actor type has the code {code!r} "
        f"(one of: {', '.join(map(str, codes))})"
    )


# ---------------------------------------------------------------------------------------------
# The Store's part
# ---------------------------------------------------------------------------------------------


class SchemaCuration:
    """The Store's schema edits; mixed into :class:`~newsmark.core.store.Store`.

    Each edit is one recorded change with ``doc_id`` None (it is about the whole project):
    undo and redo put the ``label_schema`` row and every annotation it carried back exactly.

    Threading: like the Store, one thread per instance.
    """

    db: Database
    # Provided by ChangeReplay, another of the Store's bases.
    _recording: Callable[[int | None, str], AbstractContextManager[ChangeRecorder]]

    # -- reading ----------------------------------------------------------------------------

    def project_schema(self) -> Schema:
        """The schema this project uses: its stored one, else the shipped default."""
        row = self.db.execute("SELECT body FROM label_schema WHERE id = 1").fetchone()
        if row is None:
            return default_schema()
        return _parsed(row[0], f"{getattr(self, 'path', 'project')} (label_schema)")

    def has_own_schema(self) -> bool:
        """Whether the project stores a schema of its own (else it uses the default)."""
        return self.db.execute("SELECT 1 FROM label_schema WHERE id = 1").fetchone() is not None

    def schema_usage(self, schema: Schema | None = None) -> SchemaUsage:
        """How many annotations use each name; enum values are counted for ``schema``'s enum
        attributes (the project's schema by default)."""
        schema = schema if schema is not None else self.project_schema()
        spans: dict[str, dict[str, int]] = {}
        for label, status, count in self.db.execute(
            "SELECT label, status, count(*) FROM spans GROUP BY label, status"
        ):
            spans.setdefault(label, {})[status] = count
        subtypes = {
            (event_type, subtype): count
            for event_type, subtype, count in self.db.execute(
                "SELECT type, subtype, count(*) FROM events WHERE subtype IS NOT NULL "
                "GROUP BY type, subtype"
            )
        }
        # A row whose attributes are not a JSON object is read as {} rather than failing the
        # whole count (json_each raises on malformed text).
        pairs = """SELECT e.id, j.key, j.value, j.type FROM events e, json_each(
                       CASE WHEN json_valid(e.attributes) THEN
                           CASE WHEN json_type(e.attributes) = 'object' THEN e.attributes
                           ELSE '{}' END
                       ELSE '{}' END) j
                   WHERE j.type != 'null'"""
        attributes = self._counts(f"SELECT key, count(DISTINCT id) FROM ({pairs}) GROUP BY key")
        enums = sorted(a.name for a in schema.event_attributes if a.type == "enum")
        values: dict[tuple[str, str], int] = {}
        if enums:
            marks = ", ".join("?" * len(enums))
            for key, value, count in self.db.execute(
                f"SELECT key, value, count(*) FROM ({pairs}) "
                f"WHERE type = 'text' AND key IN ({marks}) GROUP BY key, value",
                enums,
            ):
                values[(key, value)] = count
        return SchemaUsage(
            spans=spans,
            event_types=self._counts("SELECT type, count(*) FROM events GROUP BY type"),
            event_subtypes=subtypes,
            roles=self._counts("SELECT role, count(*) FROM event_arguments GROUP BY role"),
            attributes=attributes,
            attribute_values=values,
            claim_types=self._counts("SELECT type, count(*) FROM claims GROUP BY type"),
            claim_stances=self._counts(
                "SELECT stance, count(*) FROM claims WHERE stance IS NOT NULL GROUP BY stance"
            ),
            relation_labels=self._counts("SELECT label, count(*) FROM relations GROUP BY label"),
            actor_kinds=self._counts(
                "SELECT type, count(*) FROM actors WHERE type IS NOT NULL GROUP BY type"
            ),
        )

    def _counts(self, sql: str) -> dict[str, int]:
        return {str(name): int(count) for name, count in self.db.execute(sql)}

    # -- replacing the whole schema ---------------------------------------------------------

    def set_project_schema(self, schema: Schema, *, source: str | None = None) -> Change:
        """Make ``schema`` the project's schema.

        Refused (:class:`CurationError`, nothing written) when it lacks names of the current
        schema that annotations still use; the message lists each with its count.
        ``source`` names where the schema came from, for the change's description.
        """
        description = f"Use the schema {source}" if source else "Replace the project's schema"
        with self._recording(None, description) as rec:
            current = self.project_schema()
            problems = dropped_in_use(current, schema, self.schema_usage(current))
            if problems:
                raise CurationError(
                    "the new schema lacks names that annotations still use: "
                    + "; ".join(problems)
                    + ". Rename them in the new schema, or change those annotations first"
                )
            rec.watch("label_schema", "id = 1")
            self._store_schema(schema)
        return rec.change

    def load_project_schema(self, path: str | Path) -> Change:
        """Read a schema file and make it the project's (see :meth:`set_project_schema`).

        A file with errors raises :class:`SchemaError` naming file, line and field, and the
        project keeps its schema.
        """
        schema = load_schema(path)
        return self.set_project_schema(schema, source=Path(path).name)

    # -- one name at a time -----------------------------------------------------------------

    def rename_in_schema(
        self, kind: str, old: str, new: str, *, event_type: str | None = None
    ) -> Change:
        """Rename a name in the schema and in every annotation that uses it, in one change.

        ``kind`` is one of :data:`SCHEMA_KINDS`; a sub-type needs its ``event_type``. The
        description reads "Rename label FAC to FACILITY (12 spans)".
        """
        _check_kind(kind, event_type)
        _refuse_suggester_label(kind, old, "renamed")
        new = new.strip()
        with self._recording(None, "Rename") as rec:
            renamed = renamed_schema(self.project_schema(), kind, old, new, event_type=event_type)
            rec.watch("label_schema", "id = 1")
            table, column, noun = _ANNOTATIONS[kind]
            # The scope covers both names: the rows hold the old one before, the new one after.
            where = f"[{column}] IN (?, ?)"
            params: tuple[str, ...] = (old, new)
            if kind == "subtype":
                assert event_type is not None  # _check_kind
                where = f"type = ? AND {where}"
                params = (event_type, old, new)
            rec.watch(table, where, params)
            # Rows other than the schema's have an updated_at, except arguments.
            touched = "" if table == "event_arguments" else ", updated_at = ?"
            stamp = [] if table == "event_arguments" else [utc_now()]
            sql = f"UPDATE [{table}] SET [{column}] = ?{touched} WHERE [{column}] = ?"
            args = [new, *stamp, old]
            if kind == "subtype":
                sql += " AND type = ?"
                args.append(event_type)
            count = self.db.execute(sql, args).rowcount
            self._store_schema(renamed)
            shown = new if kind == "label" else repr(new)
            what = describe_name(kind, old, event_type=event_type)
            used = plural(count, noun) if count else f"no {noun}s"
            rec.description = f"Rename {what} to {shown} ({used})"
        return rec.change

    def remove_from_schema(self, kind: str, name: str, *, event_type: str | None = None) -> Change:
        """Remove a name no annotation uses (see :func:`schema_without` for references).

        Refused with the count when annotations use it: rename or change them first.
        """
        _check_kind(kind, event_type)
        _refuse_suggester_label(kind, name, "removed")
        what = describe_name(kind, name, event_type=event_type)
        with self._recording(None, f"Remove {what}") as rec:
            schema = self.project_schema()
            _require(schema, kind, name, event_type)
            used = self.schema_usage(schema).explain(kind, name, event_type=event_type)
            if used:
                raise CurationError(
                    f"{used}, so it cannot be removed; rename it, or change or delete those "
                    "annotations first"
                )
            rec.watch("label_schema", "id = 1")
            self._store_schema(schema_without(schema, kind, name, event_type=event_type))
        return rec.change

    def add_to_schema(
        self, kind: str, name: str, *, event_type: str | None = None, **options: Any
    ) -> Change:
        """Add a name to the schema: a label (``colour``, ``hotkey``, ``description``), an
        event sub-type of ``event_type``, ...; ``options`` are those of :func:`schema_with`,
        which checks them.

        The description reads "Add label WEAPON".
        """
        _check_kind(kind, event_type)
        what = describe_name(kind, name.strip(), event_type=event_type)
        with self._recording(None, f"Add {what}") as rec:
            added = schema_with(self.project_schema(), kind, name, event_type=event_type, **options)
            rec.watch("label_schema", "id = 1")
            self._store_schema(added)
        return rec.change

    # -- the row ----------------------------------------------------------------------------

    def _store_schema(self, schema: Schema) -> None:
        """Write ``schema`` into the ``label_schema`` row (which the edit watches), unless it
        is there already."""
        body = schema.as_json()
        row = self.db.execute("SELECT body FROM label_schema WHERE id = 1").fetchone()
        if row is not None and row[0] == body:
            return
        self.db.execute(
            "INSERT INTO label_schema (id, body, updated_at) VALUES (1, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            [body, utc_now()],
        )
