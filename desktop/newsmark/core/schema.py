"""The label schema: what a project lets curators annotate, read from one JSON file.

A schema names the span labels (with colours and 1-9 hotkeys), how a spaCy pipeline's NER
labels map onto them, the event types and sub-types (ACLED's by default, each mapped to PLOVER
and ACE 2005 where a counterpart exists), event roles and what may fill them, event attributes,
actor types with ACLED interaction codes, claim types and stances, and relation labels.
docs/SCHEMA.md describes the format field by field.

Every problem found in a schema file is reported as ``FILE:LINE: field PATH: message`` (JSON
syntax errors as ``FILE:LINE:COL: message``); the line is found through a position map built
while walking the JSON text, so it is the line of the offending field itself.

Pure Python: this module never imports Qt or spaCy.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from json.decoder import scanstring
from pathlib import Path
from types import MappingProxyType
from typing import Any

from newsmark.core.errors import NewsmarkError

SCHEMA_FORMAT_VERSION = 1
DEFAULT_SCHEMA_RESOURCE = "default_schema.json"

HOTKEYS = tuple("123456789")
# Role fillers that are not span labels: a registry actor, a span of any label, a plain value.
FILLER_KINDS = ("actor", "span", "value")
RELATION_ENDS = ("span", "event", "claim", "actor")
ATTRIBUTE_TYPES = ("date", "place", "int", "enum")
ALL_SUBTYPES = "all"

# PLOVER event categories and their modes, as in the PLOVER manual, draft 0.7b1 (Open Event
# Data Alliance, 2021). Categories without a mode table take no mode.
PLOVER_MODES: dict[str, tuple[str, ...]] = {
    "AGREE": (),
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "SUPPORT": (),
    "CONCEDE": (),
    "COOPERATE": (),
    "AID": ("economic", "military", "humanitarian", "asylum"),
    "RETREAT": ("withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"),
    "DEMAND": ("assist", "change", "yield", "meet"),
    "ACCUSE": (),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "ban", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike-gen", "strike-lim", "strike-hun", "boycott", "obstruct"),
    "SANCTION": ("convict", "cancel", "expel", "withdraw", "sever"),
    "MOBILIZE": ("troops", "weapons", "police"),
    "COERCE": (
        "confiscate",
        "restrict",
        "ban",
        "censor",
        "curfew",
        "martial-law",
        "arrest",
        "deport",
        "withhold",
    ),
    "ASSAULT": (
        "abduct",
        "beat",
        "torture",
        "execute",
        "sexual",
        "assassinate",
        "destroy",
        "primitive",
        "firearms",
        "explosives",
        "suicide-attack",
        "heavy-weapons",
    ),
}

# The 33 event sub-types of the ACE 2005 English annotation guidelines, as Type.Subtype.
ACE_2005_EVENT_TYPES = (
    "Life.Be-Born",
    "Life.Marry",
    "Life.Divorce",
    "Life.Injure",
    "Life.Die",
    "Movement.Transport",
    "Transaction.Transfer-Ownership",
    "Transaction.Transfer-Money",
    "Business.Start-Org",
    "Business.Merge-Org",
    "Business.Declare-Bankruptcy",
    "Business.End-Org",
    "Conflict.Attack",
    "Conflict.Demonstrate",
    "Contact.Meet",
    "Contact.Phone-Write",
    "Personnel.Start-Position",
    "Personnel.End-Position",
    "Personnel.Nominate",
    "Personnel.Elect",
    "Justice.Arrest-Jail",
    "Justice.Release-Parole",
    "Justice.Trial-Hearing",
    "Justice.Charge-Indict",
    "Justice.Sue",
    "Justice.Convict",
    "Justice.Sentence",
    "Justice.Fine",
    "Justice.Execute",
    "Justice.Extradite",
    "Justice.Acquit",
    "Justice.Appeal",
    "Justice.Pardon",
)

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# Names stored in project files and exports (roles, claim types, ...): lower snake case.
_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
# Span labels are shown as is and end up in exports; no spaces so they survive CSV and brat.
_LABEL = re.compile(r"[^\s]{1,40}")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SchemaProblem:
    """One thing wrong with a schema file: where it is (file, line, field) and what it is."""

    source: str
    line: int | None
    message: str
    field: str | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        what = f"field {self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class SchemaError(NewsmarkError):
    """A schema file cannot be used; the message lists every problem, one per line.

    ``problems`` holds them as :class:`SchemaProblem` so a dialog can list or jump to them.
    """

    def __init__(self, problems: Sequence[SchemaProblem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# ---------------------------------------------------------------------------------------------
# The schema, as typed immutable values
# ---------------------------------------------------------------------------------------------


class LabelMap(Mapping[str, str | None]):
    """An immutable, hashable, ordered mapping from pipeline NER labels to schema labels.

    A value of ``None`` means "drop entities of this label"; labels absent from the map are
    dropped too.
    """

    __slots__ = ("_dict", "_items")

    def __init__(self, items: Iterable[tuple[str, str | None]] = ()):
        self._items = tuple(items)
        self._dict = dict(self._items)

    def __getitem__(self, key: str) -> str | None:
        return self._dict[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._dict)

    def __len__(self) -> int:
        return len(self._dict)

    def __hash__(self) -> int:
        return hash(self._items)

    def __repr__(self) -> str:
        return f"LabelMap({self._dict!r})"


@dataclass(frozen=True, slots=True)
class EntityLabel:
    """A span label: shown in ``colour``; ``hotkey`` ("1".."9") labels the selection, if set."""

    name: str
    colour: str
    description: str = ""
    hotkey: str | None = None


@dataclass(frozen=True, slots=True)
class EventSubtype:
    """An event sub-type; ``colour`` is the type's unless the file gives one."""

    name: str
    colour: str
    description: str = ""
    plover: str | None = None
    plover_mode: str | None = None
    ace: str | None = None


@dataclass(frozen=True, slots=True)
class EventType:
    """An event type with its sub-types and its closest PLOVER category and ACE 2005 type."""

    name: str
    colour: str
    subtypes: tuple[EventSubtype, ...]
    description: str = ""
    plover: str | None = None
    plover_mode: str | None = None
    ace: str | None = None

    def subtype(self, name: str) -> EventSubtype:
        for subtype in self.subtypes:
            if subtype.name == name:
                return subtype
        raise KeyError(f"event type {self.name!r} has no sub-type {name!r}")


@dataclass(frozen=True, slots=True)
class EventRole:
    """A role an event argument plays, and what may fill it.

    ``fillers`` holds span label names and the kinds ``actor`` (a registry actor), ``span``
    (a span of any label) and ``value`` (a plain value). ``events`` limits the role to some
    event types, each to all its sub-types (``None``) or to the listed ones; ``events=None``
    means every event.
    """

    name: str
    fillers: tuple[str, ...]
    description: str = ""
    ace: str | None = None
    plover: str | None = None
    events: tuple[tuple[str, tuple[str, ...] | None], ...] | None = None

    def accepts(self, filler: str) -> bool:
        """Whether a span of this label, or an annotation of this kind, may fill the role."""
        if filler in self.fillers:
            return True
        # "span" admits a span of any label; registry actors and values must be listed.
        return "span" in self.fillers and filler not in FILLER_KINDS

    def applies_to(self, event_type: str, subtype: str | None = None) -> bool:
        if self.events is None:
            return True
        for type_name, subtypes in self.events:
            if type_name == event_type:
                return subtypes is None or subtype is None or subtype in subtypes
        return False


@dataclass(frozen=True, slots=True)
class Choice:
    """A value of an enum attribute or a precision level; ``acled`` is ACLED's code for it."""

    name: str
    description: str = ""
    acled: int | None = None


@dataclass(frozen=True, slots=True)
class EventAttribute:
    """An event attribute: ``type`` is ``date``, ``place``, ``int`` or ``enum``.

    Dates and places carry a ``precision`` (a list of levels); enums list their ``values``;
    ints may have a ``minimum``. ``acled``/``plover`` name the matching field of those
    datasets, ``ace`` the ACE 2005 event type the attribute corresponds to (fatalities and
    Life.Die, for instance).
    """

    name: str
    type: str
    description: str = ""
    values: tuple[Choice, ...] = ()
    precision: tuple[Choice, ...] = ()
    minimum: int | None = None
    default: str | int | None = None
    acled: str | None = None
    plover: str | None = None
    ace: str | None = None


@dataclass(frozen=True, slots=True)
class ActorType:
    """An ACLED actor type (interaction code 1-8) and the registry kinds that fall under it."""

    code: int
    name: str
    description: str = ""
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NamedItem:
    """A claim type or a claim stance: a stored name and what it means."""

    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class RelationLabel:
    """A relation label; ``head``/``child`` say which annotation kinds it may link."""

    name: str
    head: tuple[str, ...]
    child: tuple[str, ...]
    description: str = ""
    symmetric: bool = False


@dataclass(frozen=True)
class Schema:
    """A validated label schema: immutable, comparable, safe to share between threads.

    Build one with :func:`default_schema`, :func:`load_schema` or :func:`parse_schema`;
    :meth:`as_json` gives back a text those accept, and equal to this schema once parsed.
    """

    version: int
    entity_labels: tuple[EntityLabel, ...]
    model_label_map: LabelMap
    event_types: tuple[EventType, ...]
    roles: tuple[EventRole, ...]
    event_attributes: tuple[EventAttribute, ...]
    actor_types: tuple[ActorType, ...]
    claim_types: tuple[NamedItem, ...]
    claim_stances: tuple[NamedItem, ...]
    relation_labels: tuple[RelationLabel, ...]

    # -- lookups (cached_property writes the instance __dict__, which frozen allows) --------

    @cached_property
    def _labels(self) -> dict[str, EntityLabel]:
        return {label.name: label for label in self.entity_labels}

    @cached_property
    def _types(self) -> dict[str, EventType]:
        return {event_type.name: event_type for event_type in self.event_types}

    @cached_property
    def hotkeys(self) -> Mapping[str, EntityLabel]:
        """Hotkey ("1".."9") to the label it applies."""
        return MappingProxyType({lab.hotkey: lab for lab in self.entity_labels if lab.hotkey})

    @cached_property
    def actor_kinds(self) -> Mapping[str, int]:
        """Registry actor kind (``government``, ``military``, ...) to its ACLED code."""
        return MappingProxyType({kind: t.code for t in self.actor_types for kind in t.kinds})

    def label(self, name: str) -> EntityLabel:
        try:
            return self._labels[name]
        except KeyError:
            raise KeyError(f"the schema has no label {name!r}") from None

    def has_label(self, name: str) -> bool:
        return name in self._labels

    def event_type(self, name: str) -> EventType:
        try:
            return self._types[name]
        except KeyError:
            raise KeyError(f"the schema has no event type {name!r}") from None

    def event_subtypes(self, event_type: str) -> tuple[EventSubtype, ...]:
        return self.event_type(event_type).subtypes

    def role(self, name: str) -> EventRole:
        return _find(self.roles, name, "event role")

    def roles_for(self, event_type: str, subtype: str | None = None) -> tuple[EventRole, ...]:
        return tuple(r for r in self.roles if r.applies_to(event_type, subtype))

    def attribute(self, name: str) -> EventAttribute:
        return _find(self.event_attributes, name, "event attribute")

    def claim_type(self, name: str) -> NamedItem:
        return _find(self.claim_types, name, "claim type")

    def relation_label(self, name: str) -> RelationLabel:
        return _find(self.relation_labels, name, "relation label")

    def actor_type(self, code: int) -> ActorType:
        for actor_type in self.actor_types:
            if actor_type.code == code:
                return actor_type
        raise KeyError(f"the schema has no actor type with code {code}")

    def map_model_label(self, model_label: str) -> str | None:
        """The schema label for a pipeline NER label, or None when it is dropped."""
        return self.model_label_map.get(model_label)

    # -- back to JSON -----------------------------------------------------------------------

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "entity_labels": [_entity_label_dict(x) for x in self.entity_labels],
            "model_label_map": dict(self.model_label_map),
            "event_types": [_event_type_dict(x) for x in self.event_types],
            "event_roles": [_role_dict(x) for x in self.roles],
            "event_attributes": [_attribute_dict(x) for x in self.event_attributes],
            "actor_types": [_actor_type_dict(x) for x in self.actor_types],
            "claim_types": [_named_dict(x) for x in self.claim_types],
            "claim_stances": [_named_dict(x) for x in self.claim_stances],
            "relation_labels": [_relation_dict(x) for x in self.relation_labels],
        }

    def as_json(self) -> str:
        """The schema as JSON text (what a project stores in its ``label_schema`` row)."""
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _find(items: Iterable[Any], name: str, what: str) -> Any:
    for item in items:
        if item.name == name:
            return item
    raise KeyError(f"the schema has no {what} {name!r}")


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Leave out optional fields at their defaults, so written files stay short."""
    return {k: v for k, v in data.items() if v not in (None, "", (), [], False)}


def _entity_label_dict(label: EntityLabel) -> dict[str, Any]:
    return _compact(
        {
            "name": label.name,
            "description": label.description,
            "colour": label.colour,
            "hotkey": label.hotkey,
        }
    )


def _subtype_dict(subtype: EventSubtype, type_colour: str) -> dict[str, Any]:
    return _compact(
        {
            "name": subtype.name,
            "description": subtype.description,
            "colour": None if subtype.colour == type_colour else subtype.colour,
            "plover": subtype.plover,
            "plover_mode": subtype.plover_mode,
            "ace": subtype.ace,
        }
    )


def _event_type_dict(event_type: EventType) -> dict[str, Any]:
    data = _compact(
        {
            "name": event_type.name,
            "description": event_type.description,
            "colour": event_type.colour,
            "plover": event_type.plover,
            "plover_mode": event_type.plover_mode,
            "ace": event_type.ace,
        }
    )
    data["subtypes"] = [_subtype_dict(s, event_type.colour) for s in event_type.subtypes]
    return data


def _role_dict(role: EventRole) -> dict[str, Any]:
    data = _compact(
        {
            "name": role.name,
            "description": role.description,
            "fillers": list(role.fillers),
            "ace": role.ace,
            "plover": role.plover,
        }
    )
    if role.events is not None:
        data["events"] = {
            name: ALL_SUBTYPES if subtypes is None else list(subtypes)
            for name, subtypes in role.events
        }
    return data


def _choice_dict(choice: Choice) -> dict[str, Any]:
    return _compact({"name": choice.name, "description": choice.description, "acled": choice.acled})


def _attribute_dict(attribute: EventAttribute) -> dict[str, Any]:
    data = _compact(
        {
            "name": attribute.name,
            "type": attribute.type,
            "description": attribute.description,
            "values": [_choice_dict(c) for c in attribute.values],
            "precision": [_choice_dict(c) for c in attribute.precision],
            "acled": attribute.acled,
            "plover": attribute.plover,
            "ace": attribute.ace,
        }
    )
    # 0 is a meaningful minimum and default, so these two are written whenever they are set.
    if attribute.minimum is not None:
        data["minimum"] = attribute.minimum
    if attribute.default is not None:
        data["default"] = attribute.default
    return data


def _actor_type_dict(actor_type: ActorType) -> dict[str, Any]:
    return _compact(
        {
            "code": actor_type.code,
            "name": actor_type.name,
            "description": actor_type.description,
            "kinds": list(actor_type.kinds),
        }
    )


def _named_dict(item: NamedItem) -> dict[str, Any]:
    return _compact({"name": item.name, "description": item.description})


def _relation_dict(relation: RelationLabel) -> dict[str, Any]:
    return _compact(
        {
            "name": relation.name,
            "description": relation.description,
            "head": list(relation.head),
            "child": list(relation.child),
            "symmetric": relation.symmetric,
        }
    )


# ---------------------------------------------------------------------------------------------
# Where each field sits in the JSON text
# ---------------------------------------------------------------------------------------------

JsonPath = tuple[str | int, ...]
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SCALARS = json.JSONDecoder()


class _PositionMap:
    """Offsets of every value in a JSON text, by path, plus the duplicate keys met on the way.

    Built by a second walk over a text ``json.loads`` already accepted, so it can assume the
    text is well formed. An object member is placed at its key (the line a curator looks for),
    an array element at its first character.
    """

    def __init__(self, text: str):
        self.text = text
        self.offsets: dict[JsonPath, int] = {}
        self.duplicates: list[JsonPath] = []
        self._newlines = [i for i, ch in enumerate(text) if ch == "\n"]
        self._value(0, (), None)

    def line_of(self, path: JsonPath) -> int:
        # A missing field has no position: report the nearest enclosing one that exists.
        while path not in self.offsets and path:
            path = path[:-1]
        offset = self.offsets.get(path, 0)
        return bisect.bisect_left(self._newlines, offset) + 1

    def _skip(self, index: int) -> int:
        match = _WHITESPACE.match(self.text, index)
        assert match is not None  # the pattern also matches the empty string
        return match.end()

    def _value(self, index: int, path: JsonPath, key_offset: int | None) -> int:
        index = self._skip(index)
        self.offsets[path] = index if key_offset is None else key_offset
        opener = self.text[index]
        if opener == "{":
            return self._object(index + 1, path)
        if opener == "[":
            return self._array(index + 1, path)
        _, end = _SCALARS.raw_decode(self.text, index)
        return end

    def _object(self, index: int, path: JsonPath) -> int:
        index = self._skip(index)
        if self.text[index] == "}":
            return index + 1
        seen: set[str] = set()
        while True:
            key_offset = index
            key, index = scanstring(self.text, index + 1)
            if key in seen:
                self.duplicates.append((*path, key))
            seen.add(key)
            index = self._skip(index) + 1  # past the colon
            index = self._skip(self._value(index, (*path, key), key_offset))
            if self.text[index] == "}":
                return index + 1
            index = self._skip(index + 1)  # past the comma

    def _array(self, index: int, path: JsonPath) -> int:
        index = self._skip(index)
        if self.text[index] == "]":
            return index + 1
        position = 0
        while True:
            index = self._skip(self._value(index, (*path, position), None))
            position += 1
            if self.text[index] == "]":
                return index + 1
            index = self._skip(index + 1)


def format_path(path: JsonPath) -> str:
    """``("entity_labels", 3, "hotkey")`` -> ``entity_labels[3].hotkey``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


# ---------------------------------------------------------------------------------------------
# Validation: JSON values -> typed values, collecting problems
# ---------------------------------------------------------------------------------------------


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    return "a number"


def _quoted(names: Iterable[Any]) -> str:
    return ", ".join(repr(n) if isinstance(n, str) else str(n) for n in names)


_SECTIONS = (
    "version",
    "entity_labels",
    "model_label_map",
    "event_types",
    "event_roles",
    "event_attributes",
    "actor_types",
    "claim_types",
    "claim_stances",
    "relation_labels",
)
_COLOUR_RULE = 'use "#rrggbb", e.g. "#4e79a7"'
_SNAKE_RULE = "use lower_snake_case"


class _Reader:
    """Turns parsed schema JSON into a :class:`Schema`, recording every problem with its line.

    Every section is required. Cross-references (label names in roles and in the model map,
    event types and sub-types in roles) are checked against the names a section defines even
    when other fields of that entry are wrong, and skipped when the section itself is missing,
    so one mistake does not bury the file in follow-on errors.
    """

    def __init__(self, source: str, positions: _PositionMap):
        self.source = source
        self.positions = positions
        self.problems: list[SchemaProblem] = []

    def fail(self, path: JsonPath, message: str) -> None:
        line = self.positions.line_of(path)
        self.problems.append(
            SchemaProblem(self.source, line, message, field=format_path(path) or None)
        )

    # -- generic shapes ---------------------------------------------------------------------

    def obj(
        self, value: Any, path: JsonPath, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            what = "" if path else "the schema "
            self.fail(path, f"{what}must be an object {{...}}, not {_kind(value)}")
            return None
        for key in required:
            if key not in value:
                self.fail((*path, key), "missing")
        known = (*required, *optional)
        for key in value:
            # Keys starting with "_" are comments ("_note": "..."); they are not kept.
            if key not in known and not key.startswith("_"):
                self.fail((*path, key), f"unknown field (expected one of: {', '.join(known)})")
        return value

    def items(self, value: Any, path: JsonPath, *, allow_empty: bool = False) -> list[Any]:
        if not isinstance(value, list):
            self.fail(path, f"must be a list [...], not {_kind(value)}")
            return []
        if not value and not allow_empty:
            self.fail(path, "must not be empty")
        return value

    def text(
        self,
        data: dict[str, Any],
        key: str,
        path: JsonPath,
        *,
        required: bool = False,
        pattern: re.Pattern[str] | None = None,
        rule: str = "",
    ) -> str | None:
        """A text field; optional ones may be absent or null. None when absent or wrong."""
        if key not in data:
            return None  # a missing required key was reported by obj()
        value = data[key]
        if value is None and not required:
            return None
        if not isinstance(value, str):
            self.fail((*path, key), f"must be text, not {_kind(value)}")
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.fail((*path, key), f"{value!r} is not valid: {rule}")
            return None
        if not value.strip():
            self.fail((*path, key), "must not be empty")
            return None
        return value

    def description(self, data: dict[str, Any], path: JsonPath) -> str:
        value = data.get("description")
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail((*path, "description"), f"must be text, not {_kind(value)}")
            return ""
        return value

    def name(
        self,
        data: dict[str, Any],
        path: JsonPath,
        seen: dict[Any, str],
        what: str,
        pattern: re.Pattern[str] | None = None,
        rule: str = "",
    ) -> str | None:
        """The entry's ``name``, checked for form and for uniqueness within its list."""
        name = self.text(data, "name", path, required=True, pattern=pattern, rule=rule)
        if name is not None:
            self.unique(seen, name, (*path, "name"), what)
        return name

    def integer(
        self, data: dict[str, Any], key: str, path: JsonPath, *, required: bool = False
    ) -> int | None:
        value = data.get(key)
        if value is None and (not required or key not in data):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail((*path, key), f"must be a whole number, not {_kind(value)}")
            return None
        return value

    def kinds(
        self, value: Any, path: JsonPath, choices: Sequence[str], what: str
    ) -> tuple[str, ...]:
        result = []
        for i, item in enumerate(self.items(value, path)):
            if item in choices:
                result.append(item)
            else:
                self.fail((*path, i), f"{item!r} is not {what} (one of: {_quoted(choices)})")
        return tuple(result)

    def unique(self, seen: dict[Any, str], value: Any, path: JsonPath, what: str) -> None:
        if value in seen:
            self.fail(path, f"duplicate {what} {value!r} (also {seen[value]})")
        else:
            seen[value] = format_path(path[:-1])

    def colour(self, data: dict[str, Any], path: JsonPath, *, required: bool) -> str | None:
        value = self.text(
            data, "colour", path, required=required, pattern=_COLOUR, rule=_COLOUR_RULE
        )
        return value.lower() if value else None

    def plover(self, data: dict[str, Any], path: JsonPath) -> tuple[str | None, str | None]:
        """The ``plover`` category and ``plover_mode`` of an event type or sub-type."""
        plover = self.text(data, "plover", path)
        if plover is not None and plover not in PLOVER_MODES:
            self.fail(
                (*path, "plover"),
                f"unknown PLOVER category {plover!r} (one of: {', '.join(PLOVER_MODES)})",
            )
            plover = None
        mode = self.text(data, "plover_mode", path)
        if mode is not None:
            if data.get("plover") is None:
                self.fail((*path, "plover_mode"), "a PLOVER mode needs a PLOVER category")
            elif plover is not None and mode not in PLOVER_MODES[plover]:
                modes = ", ".join(PLOVER_MODES[plover]) or "it has none"
                self.fail((*path, "plover_mode"), f"{mode!r} is not a mode of {plover} ({modes})")
        return plover, mode

    def ace(self, data: dict[str, Any], path: JsonPath) -> str | None:
        ace = self.text(data, "ace", path)
        if ace is not None and ace not in ACE_2005_EVENT_TYPES:
            self.fail(
                (*path, "ace"),
                f"unknown ACE 2005 event type {ace!r} "
                "(Type.Subtype, e.g. Conflict.Attack, Justice.Arrest-Jail, Life.Die)",
            )
            return None
        return ace

    def entries(
        self,
        value: Any,
        path: JsonPath,
        required: Sequence[str],
        optional: Sequence[str],
        *,
        allow_empty: bool = True,
    ) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
        """Each object of a list with its path; malformed ones are reported and skipped.

        Lists may be empty (a project without relations, say) unless ``allow_empty`` is off.
        """
        for i, item in enumerate(self.items(value, path, allow_empty=allow_empty)):
            data = self.obj(item, (*path, i), required, optional)
            if data is not None:
                yield (*path, i), data

    # -- the whole file ---------------------------------------------------------------------

    def schema(self, data: Any) -> Schema | None:
        top = self.obj(data, (), _SECTIONS)
        if top is None:
            return None
        present = {key: top[key] for key in _SECTIONS if key in top}
        version = self.version(present)
        labels, label_names = self.entity_labels(present)
        label_map = self.model_label_map(present, label_names)
        event_types, subtypes_of = self.event_types(present)
        roles = self.roles(present, label_names, subtypes_of)
        attributes = self.attributes(present)
        actor_types = self.actor_types(present)
        claim_types = self.named_items(present, "claim_types", "claim type")
        stances = self.named_items(present, "claim_stances", "stance")
        relations = self.relations(present)
        if self.problems or version is None:
            return None
        return Schema(
            version=version,
            entity_labels=labels,
            model_label_map=label_map,
            event_types=event_types,
            roles=roles,
            event_attributes=attributes,
            actor_types=actor_types,
            claim_types=claim_types,
            claim_stances=stances,
            relation_labels=relations,
        )

    def version(self, top: dict[str, Any]) -> int | None:
        version = self.integer(top, "version", (), required=True)
        if version is not None and not 1 <= version <= SCHEMA_FORMAT_VERSION:
            self.fail(
                ("version",),
                f"schema format {version} is not one this Newsmark reads (it reads "
                f"{SCHEMA_FORMAT_VERSION}; a file from a newer Newsmark needs that version)",
            )
            return None
        return version

    # -- labels -----------------------------------------------------------------------------

    def entity_labels(self, top: dict[str, Any]) -> tuple[tuple[EntityLabel, ...], set[str] | None]:
        if "entity_labels" not in top:
            return (), None
        labels = []
        names: dict[Any, str] = {}
        hotkeys: dict[Any, str] = {}
        fields = ("description", "hotkey")
        for where, data in self.entries(
            top["entity_labels"], ("entity_labels",), ("name", "colour"), fields, allow_empty=False
        ):
            name = self.name(data, where, names, "label", _LABEL, "1-40 characters, no spaces")
            colour = self.colour(data, where, required=True)
            hotkey = self.hotkey(data, where, name, hotkeys)
            if name is not None and colour is not None:
                labels.append(EntityLabel(name, colour, self.description(data, where), hotkey))
        # No names at all (an empty or unreadable list): skip checks of references to them.
        return tuple(labels), set(names) or None

    def hotkey(
        self, data: dict[str, Any], path: JsonPath, name: str | None, taken: dict[Any, str]
    ) -> str | None:
        hotkey = data.get("hotkey")
        if hotkey is None:
            return None
        if hotkey not in HOTKEYS:
            self.fail((*path, "hotkey"), f'{hotkey!r} is not a hotkey ("1" to "9", or null)')
            return None
        if hotkey in taken:
            self.fail((*path, "hotkey"), f"duplicate hotkey {hotkey!r} (also {taken[hotkey]})")
            return None
        taken[hotkey] = name or format_path(path)
        return hotkey

    def model_label_map(self, top: dict[str, Any], label_names: set[str] | None) -> LabelMap:
        path: JsonPath = ("model_label_map",)
        value = top.get("model_label_map")
        if "model_label_map" not in top:
            return LabelMap()
        if not isinstance(value, dict):
            self.fail(
                path, f'must be an object {{"SPACY_LABEL": "LABEL" or null}}, not {_kind(value)}'
            )
            return LabelMap()
        pairs = []
        for model_label, target in value.items():
            if target is not None and not isinstance(target, str):
                self.fail(
                    (*path, model_label), f"must be a label name or null, not {_kind(target)}"
                )
            elif target is not None and label_names is not None and target not in label_names:
                self.fail((*path, model_label), f"{target!r} is not one of the entity_labels")
            else:
                pairs.append((model_label, target))
        return LabelMap(pairs)

    # -- events -----------------------------------------------------------------------------

    def event_types(
        self, top: dict[str, Any]
    ) -> tuple[tuple[EventType, ...], dict[str, set[str] | None] | None]:
        """The event types, and each type's sub-type names (None where they are unreadable)."""
        if "event_types" not in top:
            return (), None
        types = []
        names: dict[Any, str] = {}
        subtypes_of: dict[str, set[str] | None] = {}
        required = ("name", "colour", "subtypes")
        optional = ("description", "plover", "plover_mode", "ace")
        sections = self.entries(
            top["event_types"], ("event_types",), required, optional, allow_empty=False
        )
        for where, data in sections:
            name = self.name(data, where, names, "event type")
            colour = self.colour(data, where, required=True)
            plover, mode = self.plover(data, where)
            ace = self.ace(data, where)
            subtypes: tuple[EventSubtype, ...] = ()
            subtype_names = None
            if isinstance(data.get("subtypes"), list):
                subtypes, subtype_names = self.subtypes(
                    data["subtypes"], (*where, "subtypes"), colour
                )
            elif "subtypes" in data:
                self.items(data["subtypes"], (*where, "subtypes"))  # reports the wrong shape
            if name is not None:
                subtypes_of[name] = subtype_names
            if name is not None and colour is not None:
                description = self.description(data, where)
                types.append(EventType(name, colour, subtypes, description, plover, mode, ace))
        return tuple(types), subtypes_of or None

    def subtypes(
        self, value: Any, path: JsonPath, type_colour: str | None
    ) -> tuple[tuple[EventSubtype, ...], set[str]]:
        subtypes = []
        names: dict[Any, str] = {}
        optional = ("description", "colour", "plover", "plover_mode", "ace")
        for where, data in self.entries(value, path, ("name",), optional):
            name = self.name(data, where, names, "sub-type")
            # A sub-type without a colour of its own is drawn in its type's colour.
            colour = self.colour(data, where, required=False) or type_colour
            plover, mode = self.plover(data, where)
            ace = self.ace(data, where)
            if name is not None and colour is not None:
                description = self.description(data, where)
                subtypes.append(EventSubtype(name, colour, description, plover, mode, ace))
        return tuple(subtypes), set(names)

    def roles(
        self,
        top: dict[str, Any],
        label_names: set[str] | None,
        subtypes_of: dict[str, set[str] | None] | None,
    ) -> tuple[EventRole, ...]:
        if "event_roles" not in top:
            return ()
        roles = []
        names: dict[Any, str] = {}
        optional = ("description", "ace", "plover", "events")
        for where, data in self.entries(
            top["event_roles"], ("event_roles",), ("name", "fillers"), optional
        ):
            name = self.name(data, where, names, "role", _IDENTIFIER, _SNAKE_RULE)
            fillers = self.fillers(data.get("fillers"), (*where, "fillers"), label_names)
            events = None
            if "events" in data:
                events = self.role_events(data["events"], (*where, "events"), subtypes_of)
            description = self.description(data, where)
            ace_role = self.text(data, "ace", where)
            plover_role = self.text(data, "plover", where)
            if name is not None:
                roles.append(EventRole(name, fillers, description, ace_role, plover_role, events))
        return tuple(roles)

    def fillers(self, value: Any, path: JsonPath, label_names: set[str] | None) -> tuple[str, ...]:
        fillers = []
        for i, item in enumerate(self.items(value, path)):
            if not isinstance(item, str):
                self.fail((*path, i), f"must be a label name or kind, not {_kind(item)}")
            elif item in FILLER_KINDS or label_names is None or item in label_names:
                fillers.append(item)
            else:
                self.fail(
                    (*path, i),
                    f"{item!r} is neither one of the entity_labels nor a "
                    f"kind ({', '.join(FILLER_KINDS)})",
                )
        return tuple(fillers)

    def role_events(
        self, value: Any, path: JsonPath, subtypes_of: dict[str, set[str] | None] | None
    ) -> tuple[tuple[str, tuple[str, ...] | None], ...] | None:
        if not isinstance(value, dict):
            self.fail(
                path,
                f'must be an object {{"Event type": "{ALL_SUBTYPES}" or '
                f"[sub-types]}}, not {_kind(value)}",
            )
            return None
        events: list[tuple[str, tuple[str, ...] | None]] = []
        for type_name, subtypes in value.items():
            where = (*path, type_name)
            # known is None when the file's event types (or this type's sub-types) could not be
            # read: those faults are reported already, so references to them are not checked.
            known = None if subtypes_of is None else subtypes_of.get(type_name)
            if subtypes_of is not None and type_name not in subtypes_of:
                self.fail(
                    where, f"unknown event type {type_name!r} (one of: {_quoted(subtypes_of)})"
                )
            elif subtypes == ALL_SUBTYPES:
                events.append((type_name, None))
            elif not isinstance(subtypes, list):
                self.fail(
                    where, f'must be "{ALL_SUBTYPES}" or a list of sub-types, not {_kind(subtypes)}'
                )
            else:
                events.append((type_name, self.role_subtypes(subtypes, where, type_name, known)))
        return tuple(events)

    def role_subtypes(
        self, value: list[Any], path: JsonPath, type_name: str, known: set[str] | None
    ) -> tuple[str, ...]:
        listed = []
        for i, subtype in enumerate(self.items(value, path)):
            if known is not None and subtype not in known:
                self.fail(
                    (*path, i),
                    f"unknown event sub-type {subtype!r} of {type_name!r} "
                    f"(one of: {_quoted(sorted(known))})",
                )
            else:
                listed.append(subtype)
        return tuple(listed)

    # -- event attributes -------------------------------------------------------------------

    def attributes(self, top: dict[str, Any]) -> tuple[EventAttribute, ...]:
        if "event_attributes" not in top:
            return ()
        attributes = []
        names: dict[Any, str] = {}
        optional = (
            "description",
            "values",
            "precision",
            "minimum",
            "default",
            "acled",
            "plover",
            "ace",
        )
        for where, data in self.entries(
            top["event_attributes"], ("event_attributes",), ("name", "type"), optional
        ):
            name = self.name(data, where, names, "attribute", _IDENTIFIER, _SNAKE_RULE)
            kind = data.get("type")
            if kind not in ATTRIBUTE_TYPES:
                if "type" in data:
                    self.fail(
                        (*where, "type"),
                        f"{kind!r} is not an attribute type (one of: {', '.join(ATTRIBUTE_TYPES)})",
                    )
                continue
            attribute = self.attribute(data, where, name, kind)
            if attribute is not None:
                attributes.append(attribute)
        return tuple(attributes)

    def attribute(
        self, data: dict[str, Any], path: JsonPath, name: str | None, kind: str
    ) -> EventAttribute | None:
        """The fields that depend on the type: enum values, date/place precision, int bounds."""
        wanted = {"enum": "values", "date": "precision", "place": "precision"}.get(kind)
        for key in ("values", "precision", "minimum"):
            applies = key == wanted or (key == "minimum" and kind == "int")
            if key in data and not applies:
                self.fail((*path, key), f"does not apply to a {kind} attribute")
        if wanted and wanted not in data:
            self.fail((*path, wanted), f"missing (a {kind} attribute lists its {wanted})")
        values = self.choices(data, "values", path) if wanted == "values" else ()
        precision = self.choices(data, "precision", path) if wanted == "precision" else ()
        minimum = self.integer(data, "minimum", path)
        default = self.attribute_default(data, path, kind, values, minimum)
        description = self.description(data, path)
        acled = self.text(data, "acled", path)
        plover = self.text(data, "plover", path)
        ace = self.ace(data, path)
        if name is None:
            return None
        return EventAttribute(
            name, kind, description, values, precision, minimum, default, acled, plover, ace
        )

    def attribute_default(
        self,
        data: dict[str, Any],
        path: JsonPath,
        kind: str,
        values: tuple[Choice, ...],
        minimum: int | None,
    ) -> str | int | None:
        default = data.get("default")
        where = (*path, "default")
        if default is None:
            return None
        if kind == "enum":
            if default in {c.name for c in values}:
                return default
            self.fail(where, f"{default!r} is not one of the values")
        elif kind == "int":
            if isinstance(default, bool) or not isinstance(default, int):
                self.fail(where, f"must be a whole number, not {_kind(default)}")
            elif minimum is not None and default < minimum:
                self.fail(where, f"{default} is below the minimum {minimum}")
            else:
                return default
        else:
            self.fail(where, f"a {kind} attribute has no default")
        return None

    def choices(self, data: dict[str, Any], key: str, path: JsonPath) -> tuple[Choice, ...]:
        if key not in data:
            return ()
        choices = []
        names: dict[Any, str] = {}
        for where, item in self.entries(
            data[key], (*path, key), ("name",), ("description", "acled"), allow_empty=False
        ):
            name = self.name(item, where, names, "value", _IDENTIFIER, _SNAKE_RULE)
            acled = self.integer(item, "acled", where)
            if name is not None:
                choices.append(Choice(name, self.description(item, where), acled))
        return tuple(choices)

    # -- actors, claims, relations ----------------------------------------------------------

    def actor_types(self, top: dict[str, Any]) -> tuple[ActorType, ...]:
        if "actor_types" not in top:
            return ()
        actor_types = []
        codes: dict[Any, str] = {}
        kinds: dict[Any, str] = {}
        names: dict[Any, str] = {}
        for where, data in self.entries(
            top["actor_types"], ("actor_types",), ("code", "name"), ("description", "kinds")
        ):
            code = self.integer(data, "code", where, required=True)
            if code is not None:
                self.unique(codes, code, (*where, "code"), "code")
            name = self.name(data, where, names, "actor type")
            found = self.actor_kinds(data, where, kinds)
            if code is not None and name is not None:
                description = self.description(data, where)
                actor_types.append(ActorType(code, name, description, found))
        return tuple(actor_types)

    def actor_kinds(
        self, data: dict[str, Any], path: JsonPath, taken: dict[Any, str]
    ) -> tuple[str, ...]:
        if "kinds" not in data:
            return ()
        found = []
        where = (*path, "kinds")
        for i, kind in enumerate(self.items(data["kinds"], where, allow_empty=True)):
            if not isinstance(kind, str) or not _IDENTIFIER.fullmatch(kind):
                self.fail((*where, i), f"{kind!r} is not a kind ({_SNAKE_RULE})")
            else:
                self.unique(taken, kind, (*where, i), "kind")
                found.append(kind)
        return tuple(found)

    def named_items(self, top: dict[str, Any], section: str, what: str) -> tuple[NamedItem, ...]:
        if section not in top:
            return ()
        result = []
        names: dict[Any, str] = {}
        for where, data in self.entries(top[section], (section,), ("name",), ("description",)):
            name = self.name(data, where, names, what, _IDENTIFIER, _SNAKE_RULE)
            if name is not None:
                result.append(NamedItem(name, self.description(data, where)))
        return tuple(result)

    def relations(self, top: dict[str, Any]) -> tuple[RelationLabel, ...]:
        if "relation_labels" not in top:
            return ()
        relations = []
        names: dict[Any, str] = {}
        required = ("name", "head", "child")
        for where, data in self.entries(
            top["relation_labels"], ("relation_labels",), required, ("description", "symmetric")
        ):
            name = self.name(data, where, names, "relation label", _IDENTIFIER, _SNAKE_RULE)
            ends = [
                self.kinds(data[key], (*where, key), RELATION_ENDS, "an annotation kind")
                if key in data
                else ()
                for key in ("head", "child")
            ]
            symmetric = data.get("symmetric", False)
            if not isinstance(symmetric, bool):
                self.fail((*where, "symmetric"), f"must be true or false, not {_kind(symmetric)}")
            elif name is not None:
                description = self.description(data, where)
                relations.append(RelationLabel(name, ends[0], ends[1], description, symmetric))
        return tuple(relations)


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


def parse_schema(text: str, source: str) -> Schema:
    """Parse and validate schema JSON; ``source`` names it in messages (a path, a project).

    Raises :class:`SchemaError` listing every problem found, each with its line.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError([SchemaProblem(source, exc.lineno, exc.msg, column=exc.colno)]) from None
    positions = _PositionMap(text)
    reader = _Reader(source, positions)
    for path in positions.duplicates:
        reader.fail(path, "appears twice in the same object (JSON keeps only the last)")
    schema = reader.schema(data)
    if reader.problems or schema is None:
        raise SchemaError(reader.problems)
    return schema


def load_schema(path: str | Path) -> Schema:
    """Read a schema file (UTF-8, a byte-order mark is fine) and validate it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8 text (byte {exc.start} cannot be decoded)"
        raise SchemaError([SchemaProblem(str(path), None, problem)]) from None
    except OSError as exc:
        problem = f"cannot be read ({exc.strerror or exc})"
        raise SchemaError([SchemaProblem(str(path), None, problem)]) from None
    return parse_schema(text, str(path))


@cache
def default_schema() -> Schema:
    """The schema shipped with Newsmark (resources/default_schema.json), parsed once."""
    resource = resources.files("newsmark.resources").joinpath(DEFAULT_SCHEMA_RESOURCE)
    return parse_schema(resource.read_text(encoding="utf-8"), str(resource))
