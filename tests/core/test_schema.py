"""The label schema: the shipped default, round trips, and file:line:field errors for each fault."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsmark.core.errors import NewsmarkError
from newsmark.core.schema import (
    ACE_2005_EVENT_TYPES,
    HOTKEYS,
    PLOVER_MODES,
    Schema,
    SchemaError,
    default_schema,
    load_schema,
    parse_schema,
)
from newsmark.nlp.candidates import ACLED_EVENT_TYPES, CLAIM_TYPES, EVENT_ROLES

# The 18 OntoNotes labels spaCy's English pipelines predict.
ONTONOTES_LABELS = (
    "CARDINAL",
    "DATE",
    "EVENT",
    "FAC",
    "GPE",
    "LANGUAGE",
    "LAW",
    "LOC",
    "MONEY",
    "NORP",
    "ORDINAL",
    "ORG",
    "PERCENT",
    "PERSON",
    "PRODUCT",
    "QUANTITY",
    "TIME",
    "WORK_OF_ART",
)


@pytest.fixture(scope="module")
def schema() -> Schema:
    return default_schema()


@pytest.fixture
def data(schema: Schema) -> dict[str, Any]:
    """The default schema as a plain dict, free to be broken by a test."""
    return copy.deepcopy(schema.as_dict())


# -- the default schema -----------------------------------------------------------------------


def test_default_event_types_are_exactly_acled(schema: Schema):
    assert len(schema.event_types) == 6
    assert sum(len(t.subtypes) for t in schema.event_types) == 25
    got = {t.name: tuple(s.name for s in t.subtypes) for t in schema.event_types}
    assert got == ACLED_EVENT_TYPES
    assert list(got) == list(ACLED_EVENT_TYPES)  # same order as well
    for name, subtypes in ACLED_EVENT_TYPES.items():
        assert tuple(s.name for s in schema.event_subtypes(name)) == subtypes


def test_default_roles_and_claim_types_match_the_suggesters(schema: Schema):
    assert tuple(r.name for r in schema.roles) == EVENT_ROLES
    assert tuple(c.name for c in schema.claim_types) == CLAIM_TYPES
    assert all(c.description for c in schema.claim_types)
    assert [s.name for s in schema.claim_stances] == ["positive", "negative", "neutral"]
    assert [r.name for r in schema.relation_labels] == [
        "affiliated_with",
        "metonym_of",
        "same_event",
        "responds_to",
        "part_of",
        "located_in",
    ]


def test_default_labels_have_unique_hotkeys_and_valid_colours(schema: Schema):
    hotkeys = [label.hotkey for label in schema.entity_labels if label.hotkey]
    assert sorted(hotkeys) == list(HOTKEYS)
    assert len(set(hotkeys)) == len(hotkeys)
    names = [label.name for label in schema.entity_labels]
    assert len(set(names)) == len(names)
    for name in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "QUANTITY"):
        assert schema.label(name).hotkey is not None
    for name in ("TRIGGER", "CUE", "CLAIM", "ACTOR"):
        assert schema.has_label(name)
    colours = [label.colour for label in schema.entity_labels]
    colours += [t.colour for t in schema.event_types]
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)
    assert schema.hotkeys["3"].name == "GPE"


def test_default_model_label_map_covers_every_ontonotes_label(schema: Schema):
    label_map = schema.model_label_map
    assert sorted(label_map) == sorted(ONTONOTES_LABELS)
    assert label_map["CARDINAL"] == "QUANTITY"
    assert label_map["QUANTITY"] == "QUANTITY"
    for kept in ("PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "DATE", "TIME"):
        assert label_map[kept] == kept
    for dropped in ("MONEY", "PERCENT", "ORDINAL", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT"):
        assert label_map[dropped] is None
    assert schema.map_model_label("EVENT") is None
    assert schema.map_model_label("NOT_A_LABEL") is None


def test_default_mappings_use_real_plover_and_ace_names(schema: Schema):
    items = [*schema.event_types, *(s for t in schema.event_types for s in t.subtypes)]
    for item in items:
        assert item.plover is None or item.plover in PLOVER_MODES
        assert item.ace is None or item.ace in ACE_2005_EVENT_TYPES
        if item.plover_mode:
            assert item.plover_mode in PLOVER_MODES[item.plover]
    protests = schema.event_type("Protests")
    assert (protests.plover, protests.ace) == ("PROTEST", "Conflict.Demonstrate")
    arrests = schema.event_type("Strategic developments").subtype("Arrests")
    assert (arrests.plover, arrests.plover_mode, arrests.ace) == (
        "COERCE",
        "arrest",
        "Justice.Arrest-Jail",
    )
    assert schema.event_type("Battles").ace == "Conflict.Attack"
    assert schema.attribute("fatalities").ace == "Life.Die"


def test_default_roles_say_what_fills_them(schema: Schema):
    place = schema.role("place")
    assert set(place.fillers) == {"GPE", "LOC", "FAC"}
    assert place.accepts("GPE") and not place.accepts("PERSON")
    attacker = schema.role("attacker")
    assert {"actor", "ORG", "GPE", "NORP", "PERSON", "ACTOR"} <= set(attacker.fillers)
    assert schema.role("victim").accepts("TRIGGER")  # "span" admits any label
    assert not schema.role("place").accepts("actor")
    assert attacker.applies_to("Battles", "Armed clash")
    assert not attacker.applies_to("Protests", "Peaceful protest")
    assert attacker.applies_to("Protests", "Excessive force against protesters")
    peaceful = [r.name for r in schema.roles_for("Protests", "Peaceful protest")]
    assert peaceful == ["target", "place", "time", "participant"]


def test_default_attributes(schema: Schema):
    date = schema.attribute("date")
    assert [p.name for p in date.precision] == ["day", "week", "month", "year"]
    assert [p.acled for p in date.precision] == [1, 2, 3, None]
    assert schema.attribute("location").type == "place"
    assert (schema.attribute("fatalities").type, schema.attribute("fatalities").minimum) == (
        "int",
        0,
    )
    assert schema.attribute("injured").type == "int"
    modality = schema.attribute("modality")
    assert [v.name for v in modality.values] == ["asserted", "reported", "hypothetical", "denied"]
    assert [v.name for v in schema.attribute("polarity").values] == ["positive", "negative"]
    assert schema.attribute("count").default == 1


def test_default_actor_types_are_acled_codes_with_registry_kinds(schema: Schema):
    assert [t.code for t in schema.actor_types] == list(range(1, 9))
    assert [t.name for t in schema.actor_types] == [
        "State forces",
        "Rebel groups",
        "Political militias",
        "Identity militias",
        "Rioters",
        "Protesters",
        "Civilians",
        "External/Other forces",
    ]
    kinds = schema.actor_kinds
    assert kinds["government"] == kinds["military"] == kinds["state"] == 1
    assert kinds["international_organisation"] == 8
    assert schema.actor_type(6).name == "Protesters"


def test_lookups_of_unknown_names_say_what_is_missing(schema: Schema):
    with pytest.raises(KeyError, match="WEAPON"):
        schema.label("WEAPON")
    with pytest.raises(KeyError, match="Earthquakes"):
        schema.event_subtypes("Earthquakes")
    with pytest.raises(KeyError, match="bystander"):
        schema.role("bystander")


# -- round trips ------------------------------------------------------------------------------


def test_the_default_round_trips_through_as_json(schema: Schema):
    again = parse_schema(schema.as_json(), "round-trip")
    assert again == schema
    assert hash(again) == hash(schema)
    assert again.as_json() == schema.as_json()


def test_an_edited_schema_round_trips(data: dict[str, Any]):
    data["entity_labels"].append({"name": "WEAPON", "colour": "#123ABC", "description": "Arms"})
    data["event_types"][0]["subtypes"][0]["colour"] = "#000000"
    data["event_roles"][3]["fillers"].append("WEAPON")
    data["model_label_map"]["PRODUCT"] = "WEAPON"
    data["_note"] = "comments are allowed and dropped"
    schema = parse_schema(json.dumps(data), "edited.json")
    assert schema.label("WEAPON").colour == "#123abc"
    assert schema.event_subtypes("Battles")[0].colour == "#000000"
    assert schema.event_subtypes("Battles")[1].colour == schema.event_type("Battles").colour
    assert parse_schema(schema.as_json(), "again") == schema


def test_a_file_with_a_byte_order_mark_loads(tmp_path: Path, schema: Schema):
    path = tmp_path / "schema.json"
    path.write_text("\ufeff" + schema.as_json(), encoding="utf-8")
    assert load_schema(path) == schema


def test_schema_module_imports_neither_qt_nor_spacy():
    code = (
        "import sys, newsmark.core.schema as s; s.default_schema(); "
        "print(sorted(m for m in ('spacy', 'PySide6', 'thinc') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- errors: file, line, field ----------------------------------------------------------------


def load_broken(tmp_path: Path, data: dict[str, Any]) -> tuple[SchemaError, Path, list[str]]:
    path = tmp_path / "broken.json"
    text = json.dumps(data, indent=2, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_schema(path)
    return caught.value, path, text.splitlines()


def set_at(keys: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return apply


def delete_at(keys: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        target = data
        for key in keys[:-1]:
            target = target[key]
        del target[keys[-1]]

    return apply


def append_at(keys: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        target = data
        for key in keys:
            target = target[key]
        target.append(value)

    return apply


# (break the data, field reported, message, text expected on the reported line)
CASES = [
    pytest.param(
        set_at(("entity_labels", 3, "hotkey"), "1"),
        "entity_labels[3].hotkey",
        "duplicate hotkey '1' (also PERSON)",
        '"hotkey": "1"',
        id="duplicate-hotkey",
    ),
    pytest.param(
        set_at(("entity_labels", 2, "hotkey"), 3),
        "entity_labels[2].hotkey",
        "3 is not a hotkey",
        '"hotkey": 3',
        id="hotkey-not-text",
    ),
    pytest.param(
        set_at(("entity_labels", 1, "colour"), "blue"),
        "entity_labels[1].colour",
        "'blue' is not valid: use \"#rrggbb\"",
        '"colour": "blue"',
        id="bad-colour",
    ),
    pytest.param(
        set_at(("event_types", 2, "colour"), "#12345"),
        "event_types[2].colour",
        "'#12345' is not valid",
        '"colour": "#12345"',
        id="bad-event-colour",
    ),
    pytest.param(
        delete_at(("entity_labels", 4, "colour")),
        "entity_labels[4].colour",
        "missing",
        "{",
        id="missing-field",
    ),
    pytest.param(
        delete_at(("claim_stances",)),
        "claim_stances",
        "missing",
        "{",
        id="missing-section",
    ),
    pytest.param(
        append_at(("entity_labels",), {"name": "ORG", "colour": "#000000"}),
        "entity_labels[13].name",
        "duplicate label 'ORG' (also entity_labels[1])",
        '"name": "ORG"',
        id="duplicate-label",
    ),
    pytest.param(
        set_at(("event_types", 4, "subtypes", 1, "name"), "Violent demonstration"),
        "event_types[4].subtypes[1].name",
        "duplicate sub-type 'Violent demonstration'",
        '"name": "Violent demonstration"',
        id="duplicate-subtype",
    ),
    pytest.param(
        set_at(("claim_types", 7, "name"), "threat"),
        "claim_types[7].name",
        "duplicate claim type 'threat' (also claim_types[4])",
        '"name": "threat"',
        id="duplicate-claim-type",
    ),
    pytest.param(
        append_at(("event_roles", 0, "events", "Protests"), "Peaceful protets"),
        "event_roles[0].events.Protests[2]",
        "unknown event sub-type 'Peaceful protets' of 'Protests'",
        '"Peaceful protets"',
        id="unknown-subtype-reference",
    ),
    pytest.param(
        set_at(("event_roles", 2, "events", "Earthquakes"), "all"),
        "event_roles[2].events.Earthquakes",
        "unknown event type 'Earthquakes'",
        '"Earthquakes": "all"',
        id="unknown-type-reference",
    ),
    pytest.param(
        append_at(("event_roles", 4, "fillers"), "VILLAGE"),
        "event_roles[4].fillers[3]",
        "'VILLAGE' is neither one of the entity_labels nor a kind",
        '"VILLAGE"',
        id="role-filler-unknown-label",
    ),
    pytest.param(
        set_at(("model_label_map", "MONEY"), "MONEY"),
        "model_label_map.MONEY",
        "'MONEY' is not one of the entity_labels",
        '"MONEY": "MONEY"',
        id="label-map-unknown-label",
    ),
    pytest.param(
        set_at(("event_types", 0, "plover"), "FIGHT"),
        "event_types[0].plover",
        "unknown PLOVER category 'FIGHT'",
        '"plover": "FIGHT"',
        id="unknown-plover",
    ),
    pytest.param(
        set_at(("event_types", 1, "subtypes", 1, "plover_mode"), "aerial"),
        "event_types[1].subtypes[1].plover_mode",
        "'aerial' is not a mode of ASSAULT",
        '"plover_mode": "aerial"',
        id="unknown-plover-mode",
    ),
    pytest.param(
        set_at(("event_types", 3, "ace"), "Conflict.Protest"),
        "event_types[3].ace",
        "unknown ACE 2005 event type 'Conflict.Protest'",
        '"ace": "Conflict.Protest"',
        id="unknown-ace",
    ),
    pytest.param(
        set_at(("entity_labels", 0, "colur"), "#ffffff"),
        "entity_labels[0].colur",
        "unknown field",
        '"colur": "#ffffff"',
        id="unknown-field",
    ),
    pytest.param(
        set_at(("event_attributes", 4, "default"), "rumoured"),
        "event_attributes[4].default",
        "'rumoured' is not one of the values",
        '"default": "rumoured"',
        id="enum-default",
    ),
    pytest.param(
        set_at(("event_attributes", 2, "type"), "float"),
        "event_attributes[2].type",
        "'float' is not an attribute type",
        '"type": "float"',
        id="attribute-type",
    ),
    pytest.param(
        set_at(("actor_types", 7, "code"), 1),
        "actor_types[7].code",
        "duplicate code 1 (also actor_types[0])",
        '"code": 1',
        id="duplicate-actor-code",
    ),
    pytest.param(
        append_at(("actor_types", 1, "kinds"), "military"),
        "actor_types[1].kinds[1]",
        "duplicate kind 'military'",
        '"military"',
        id="duplicate-actor-kind",
    ),
    pytest.param(
        set_at(("relation_labels", 2, "head"), ["event", "document"]),
        "relation_labels[2].head[1]",
        "'document' is not an annotation kind",
        '"document"',
        id="relation-end",
    ),
    pytest.param(
        set_at(("event_roles", 1, "name"), "Target"),
        "event_roles[1].name",
        "'Target' is not valid: use lower_snake_case",
        '"name": "Target"',
        id="role-name-form",
    ),
    pytest.param(
        set_at(("event_types", 5, "subtypes"), "Other"),
        "event_types[5].subtypes",
        "must be a list [...], not text",
        '"subtypes": "Other"',
        id="wrong-shape",
    ),
    pytest.param(
        set_at(("version",), 2),
        "version",
        "schema format 2 is not one this Newsmark reads",
        '"version": 2',
        id="newer-version",
    ),
]


@pytest.mark.parametrize(("breakage", "field", "message", "on_line"), CASES)
def test_each_fault_names_file_line_and_field(
    tmp_path: Path, data: dict[str, Any], breakage, field: str, message: str, on_line: str
):
    breakage(data)
    error, path, lines = load_broken(tmp_path, data)
    assert isinstance(error, NewsmarkError)
    assert len(error.problems) == 1, str(error)
    problem = error.problems[0]
    assert problem.field == field
    assert message in problem.message
    assert str(error) == f"{path}:{problem.line}: field {field}: {problem.message}"
    assert on_line in lines[problem.line - 1]


def test_every_problem_is_reported_at_once(tmp_path: Path, data: dict[str, Any]):
    data["entity_labels"][0]["colour"] = "red"
    data["entity_labels"][8]["hotkey"] = "2"
    data["event_roles"][6]["fillers"].append("NOBODY")
    error, path, _ = load_broken(tmp_path, data)
    fields = [p.field for p in error.problems]
    assert fields == [
        "entity_labels[0].colour",
        "entity_labels[8].hotkey",
        "event_roles[6].fillers[7]",
    ]
    assert all(line.startswith(f"{path}:") for line in str(error).splitlines())


def test_json_syntax_errors_give_line_and_column(tmp_path: Path):
    path = tmp_path / "syntax.json"
    path.write_text('{\n  "version": 1,\n  "entity_labels": [\n    {"name": "X",}\n  ]\n}\n')
    with pytest.raises(SchemaError) as caught:
        load_schema(path)
    assert str(caught.value) == (f"{path}:4:18: Expecting property name enclosed in double quotes")


def test_lines_are_found_in_hand_written_files(schema: Schema):
    # One object packed onto one line, escapes and non-ASCII text before the fault, a nested
    # comment earlier on: the position map must still land on the right line.
    norp = (
        '{"name": "NORP", "description": "tab\\t, quote \\" and \\u00e9 \\n — é", '
        '"colour": "#f28e2b", "hotkey": "1"}'
    )
    text, count = re.subn(r'\{\s*"name": "NORP",[^}]*\}', lambda _: norp, schema.as_json())
    assert count == 1
    text = text.replace('"name": "ORG",', '"name": "ORG", "_x": {"n": ["a", {"b": []}]},')
    with pytest.raises(SchemaError) as caught:
        parse_schema(text, "hand.json")
    (problem,) = caught.value.problems
    assert problem.field == "entity_labels[5].hotkey"
    assert problem.message == "duplicate hotkey '1' (also PERSON)"
    assert text.splitlines()[problem.line - 1].strip() == norp + ","


def test_a_key_given_twice_is_reported_where_it_repeats():
    text = '{\n  "version": 1,\n  "version": 1\n}'
    with pytest.raises(SchemaError) as caught:
        parse_schema(text, "twice.json")
    first = caught.value.problems[0]
    assert (first.line, first.field) == (3, "version")
    assert "appears twice" in first.message


def test_a_schema_that_is_not_an_object():
    with pytest.raises(SchemaError, match=r"^list\.json:1: the schema must be an object"):
        parse_schema("[]\n", "list.json")


def test_unreadable_files_are_named(tmp_path: Path):
    missing = tmp_path / "nope.json"
    with pytest.raises(SchemaError, match=re.escape(f"{missing}: cannot be read")):
        load_schema(missing)
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"version": 1, "x": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(SchemaError, match=re.escape(f"{latin}: not UTF-8 text")):
        load_schema(latin)


def test_optional_lists_may_be_empty_but_labels_may_not(data: dict[str, Any]):
    data["relation_labels"] = []
    data["event_types"][0]["subtypes"] = []
    data["event_roles"] = [r for r in data["event_roles"] if "events" not in r]
    schema = parse_schema(json.dumps(data), "lean.json")
    assert schema.relation_labels == ()
    assert schema.event_subtypes("Battles") == ()
    data["entity_labels"] = []
    with pytest.raises(SchemaError) as caught:
        parse_schema(json.dumps(data, indent=2), "empty.json")
    # One problem, not one per reference to the labels that are gone.
    assert [str(p) for p in caught.value.problems] == [
        "empty.json:3: field entity_labels: must not be empty"
    ]
