"""A project's own schema: loading, replacing, renaming, adding and removing names, and undo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsmark.core.documents import Document
from newsmark.core.schema import SchemaError, default_schema, load_schema
from newsmark.core.schema_curation import SchemaUsage, schema_with, schema_without
from newsmark.core.span_curation import CurationError
from newsmark.core.store import Store
from newsmark.nlp import suggest
from newsmark.nlp.candidates import (
    ArgumentCandidate,
    ClaimCandidate,
    DocumentSuggestions,
    EventCandidate,
    SpanCandidate,
)

TEXT = "Police arrested students at the Tahrir factory in Cairo on Monday; the ministry denied it."
TABLES = ("label_schema", "spans", "events", "event_arguments", "claims", "relations", "actors")
ARRESTS = ("Strategic developments", "Arrests")


def span(text: str, label: str, origin: str = "rule:test") -> SpanCandidate:
    start = TEXT.index(text)
    return SpanCandidate(start, start + len(text), label, text, origin)


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "p.nmk") as s:
        s.add_documents([Document(text=TEXT, title="Arrests")])
        yield s


@pytest.fixture
def annotated(store: Store) -> Store:
    """Two FAC spans (one accepted, one suggested), an Arrests event with two arguments, a
    denial with a negative stance, a located_in relation and a police actor."""
    start = TEXT.index("Tahrir factory")
    store.create_span(1, start, start + len("Tahrir factory"), "FAC", annotator="ana")
    cairo = span("Cairo", "GPE")
    event = EventCandidate(
        *ARRESTS,
        span("arrested", "TRIGGER"),
        "rule:test",
        arguments=(
            ArgumentCandidate("target", span("students", "PERSON")),
            ArgumentCandidate("place", cairo),
        ),
        attributes={"modality": "asserted", "fatalities": 0, "rule": "arrest"},
    )
    claim = ClaimCandidate(
        "denial",
        span("denied", "CUE"),
        "rule:test",
        claimant=span("the ministry", "ORG"),
        stance="negative",
    )
    suggestions = DocumentSuggestions(1, [span("factory", "FAC"), cairo], [event], [claim])
    store.add_suggestions([suggestions], run_origin="test")
    ids = {s.text: s.id for s in store.document_spans(1)}
    store.db.execute(
        "INSERT INTO relations (doc_id, head_kind, head_id, child_kind, child_id, label, status, "
        "created_at, updated_at) VALUES (1, 'span', ?, 'span', ?, 'located_in', 'accepted', "
        "'t', 't')",
        [ids["Tahrir factory"], ids["Cairo"]],
    )
    store.add_actors([{"name": "Egyptian police", "type": "police"}, {"name": "Students"}])
    return store


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    return {
        table: [tuple(row) for row in store.db.execute(f"SELECT * FROM [{table}] ORDER BY rowid")]
        for table in TABLES
    }


def write_schema(path: Path, data: dict[str, Any]) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, fragment: str) -> int:
    (line,) = [i for i, row in enumerate(text.splitlines(), 1) if fragment in row]
    return line


def column_values(store: Store, table: str, column: str) -> list[Any]:
    return [row[0] for row in store.db.execute(f"SELECT [{column}] FROM [{table}] ORDER BY id")]


# -- reading ----------------------------------------------------------------------------------


def test_a_project_without_a_stored_schema_uses_the_default(store):
    assert store.project_schema() == default_schema()
    assert store.db.execute("SELECT count(*) FROM label_schema").fetchone()[0] == 0


def test_usage_counts_every_kind_of_name(annotated):
    usage = annotated.schema_usage()
    assert isinstance(usage, SchemaUsage)
    assert usage.spans["FAC"] == {"accepted": 1, "suggested": 1}
    assert usage.uses("label", "FAC") == 2 and usage.uses("label", "WEAPON") == 0
    assert usage.uses("event_type", "Strategic developments") == 1
    assert usage.uses("subtype", "Arrests", event_type="Strategic developments") == 1
    assert usage.uses("subtype", "Arrests", event_type="Riots") == 0
    assert usage.uses("subtype", "Arrests") == 1
    assert (usage.uses("role", "target"), usage.uses("role", "place")) == (1, 1)
    assert usage.attributes == {"modality": 1, "fatalities": 1, "rule": 1}
    assert usage.attribute_values == {("modality", "asserted"): 1}
    assert usage.uses("attribute_value", "asserted", attribute="modality") == 1
    assert (usage.uses("claim_type", "denial"), usage.uses("stance", "negative")) == (1, 1)
    assert usage.uses("relation", "located_in") == 1
    assert usage.actor_kinds == {"police": 1}
    assert usage.explain("label", "FAC") == "label FAC is used by 2 spans (1 accepted, 1 suggested)"
    assert usage.explain("label", "WEAPON") is None
    with pytest.raises(ValueError, match="kind of name"):
        usage.uses("colour", "FAC")


def test_usage_reads_events_whose_attributes_are_not_an_object_as_having_none(annotated):
    annotated.db.execute("UPDATE events SET attributes = 'not json'")
    assert annotated.schema_usage().attributes == {}
    annotated.db.execute("UPDATE events SET attributes = '[1, 2]'")
    assert annotated.schema_usage().attribute_values == {}


# -- replacing the whole schema ---------------------------------------------------------------


def test_loading_a_valid_schema_file_is_undone_and_redone(store, tmp_path):
    data = schema_with(default_schema(), "label", "WEAPON", colour="#123456").as_dict()
    path = tmp_path / "mine.json"
    write_schema(path, data)
    change = store.load_project_schema(path)
    assert store.project_schema() == load_schema(path)
    assert store.project_schema().label("WEAPON").colour == "#123456"
    assert change.doc_id is None and change.changed and "mine.json" in change.description
    assert change.ids("spans") == [] and change.doc_ids() == []

    store.undo_change(change)
    assert store.project_schema() == default_schema()
    assert store.db.execute("SELECT count(*) FROM label_schema").fetchone()[0] == 0
    store.redo_change(change)
    assert store.project_schema() == load_schema(path)


def test_setting_the_schema_already_stored_changes_nothing(store):
    custom = schema_with(default_schema(), "claim_type", "rumour")
    store.set_project_schema(custom)
    before = dump(store)
    change = store.set_project_schema(custom, source="the same")
    assert not change.changed and dump(store) == before


def test_a_schema_file_with_a_bad_colour_names_file_line_and_field(annotated, tmp_path):
    custom = schema_with(default_schema(), "claim_type", "rumour")
    annotated.set_project_schema(custom)
    before = dump(annotated)
    data = default_schema().as_dict()
    data["entity_labels"][2]["colour"] = "green"
    path = tmp_path / "bad.json"
    line = line_of(write_schema(path, data), '"colour": "green"')
    with pytest.raises(SchemaError) as caught:
        annotated.load_project_schema(path)
    assert str(caught.value) == (
        f"{path}:{line}: field entity_labels[2].colour: 'green' is not valid: "
        'use "#rrggbb", e.g. "#4e79a7"'
    )
    assert annotated.project_schema() == custom and dump(annotated) == before


def test_a_schema_file_with_an_unknown_role_filler_names_file_line_and_field(store, tmp_path):
    data = default_schema().as_dict()
    data["event_roles"][0]["fillers"].append("WEAPONS")
    path = tmp_path / "bad.json"
    text = write_schema(path, data)
    # The filler sits on its own line inside the list.
    line = line_of(text, '"WEAPONS"')
    index = len(data["event_roles"][0]["fillers"]) - 1
    with pytest.raises(SchemaError, match="WEAPONS") as caught:
        store.load_project_schema(path)
    (problem,) = caught.value.problems
    assert (problem.source, problem.line) == (str(path), line)
    assert problem.field == f"event_roles[0].fillers[{index}]"
    assert store.project_schema() == default_schema()
    assert store.db.execute("SELECT count(*) FROM label_schema").fetchone()[0] == 0


def test_a_schema_dropping_used_names_is_refused_with_each_count(annotated):
    before = dump(annotated)
    smaller = default_schema()
    smaller = schema_without(smaller, "label", "FAC")
    smaller = schema_without(smaller, "subtype", "Arrests", event_type="Strategic developments")
    smaller = schema_without(smaller, "stance", "negative")
    smaller = schema_without(smaller, "actor_kind", "police")
    smaller = schema_without(smaller, "relation", "located_in")
    smaller = schema_without(smaller, "role", "place")
    data = smaller.as_dict()
    modality = next(a for a in data["event_attributes"] if a["name"] == "modality")
    modality["values"] = [v for v in modality["values"] if v["name"] != "asserted"]
    modality.pop("default", None)
    data["event_attributes"] = [a for a in data["event_attributes"] if a["name"] != "fatalities"]
    data["claim_stances"].append({"name": "against"})
    path = Path(annotated.path).parent / "smaller.json"
    write_schema(path, data)
    with pytest.raises(CurationError) as caught:
        annotated.load_project_schema(path)
    message = str(caught.value)
    for expected in (
        "label FAC is used by 2 spans (1 accepted, 1 suggested)",
        "event sub-type 'Arrests' of 'Strategic developments' is used by 1 event",
        "stance 'negative' is used by 1 claim",
        "relation label 'located_in' is used by 1 relation",
        "actor kind 'police' is used by 1 actor",
        "value 'asserted' of attribute 'modality' is used by 1 event",
        "role 'place' is used by 1 event argument",
        "attribute 'fatalities' is used by 1 event",
    ):
        assert expected in message
    assert "against" not in message
    assert dump(annotated) == before and annotated.project_schema() == default_schema()


def test_a_schema_dropping_a_used_event_type_names_the_type_not_each_sub_type(annotated):
    data = default_schema().as_dict()
    data["event_types"] = [t for t in data["event_types"] if t["name"] != ARRESTS[0]]
    for role in data["event_roles"]:
        if role.get("events"):
            role["events"].pop(ARRESTS[0], None)
    path = Path(annotated.path).parent / "fewer.json"
    write_schema(path, data)
    with pytest.raises(CurationError) as caught:
        annotated.load_project_schema(path)
    assert "event type 'Strategic developments' is used by 1 event" in str(caught.value)
    assert "sub-type" not in str(caught.value)


def test_a_schema_dropping_only_unused_names_replaces_the_project_schema(annotated):
    before = dump(annotated)
    smaller = schema_without(default_schema(), "label", "TIME")
    smaller = schema_without(smaller, "claim_type", "prediction")
    change = annotated.set_project_schema(smaller, source="smaller.json")
    assert annotated.project_schema() == smaller
    assert not annotated.project_schema().has_label("TIME")
    assert change.description == "Use the schema smaller.json"
    annotated.undo_change(change)
    assert dump(annotated) == before and annotated.project_schema() == default_schema()


# -- renaming ---------------------------------------------------------------------------------

RENAMES = [
    ("label", "FAC", "FACILITY", None, "spans", "label", 2, "2 spans"),
    ("event_type", ARRESTS[0], "Strategic moves", None, "events", "type", 1, "1 event"),
    ("subtype", "Arrests", "Detentions", ARRESTS[0], "events", "subtype", 1, "1 event"),
    ("role", "target", "detainee", None, "event_arguments", "role", 1, "1 event argument"),
    ("claim_type", "denial", "rebuttal", None, "claims", "type", 1, "1 claim"),
    ("stance", "negative", "against", None, "claims", "stance", 1, "1 claim"),
    ("relation", "located_in", "situated_in", None, "relations", "label", 1, "1 relation"),
    ("actor_kind", "police", "gendarmerie", None, "actors", "type", 1, "1 actor"),
]


@pytest.mark.parametrize(
    ("kind", "old", "new", "event_type", "table", "column", "count", "counted"), RENAMES
)
def test_a_rename_carries_every_annotation_along_and_undo_restores_all(
    annotated, kind, old, new, event_type, table, column, count, counted
):
    before, schema_before = dump(annotated), annotated.project_schema()
    change = annotated.rename_in_schema(kind, old, new, event_type=event_type)
    after, schema_after = dump(annotated), annotated.project_schema()

    values = column_values(annotated, table, column)
    assert values.count(new) == count and old not in values
    assert change.doc_id is None and change.changed
    assert change.description.startswith("Rename ") and change.description.endswith(f"({counted})")
    names = {
        "label": lambda s: [x.name for x in s.entity_labels],
        "event_type": lambda s: [x.name for x in s.event_types],
        "subtype": lambda s: [x.name for x in s.event_subtypes(ARRESTS[0])],
        "role": lambda s: [x.name for x in s.roles],
        "claim_type": lambda s: [x.name for x in s.claim_types],
        "stance": lambda s: [x.name for x in s.claim_stances],
        "relation": lambda s: [x.name for x in s.relation_labels],
        "actor_kind": lambda s: list(s.actor_kinds),
    }[kind]
    assert new in names(schema_after) and old not in names(schema_after)
    # The name keeps its place in its list.
    assert names(schema_after).index(new) == names(schema_before).index(old)
    if table in ("spans", "events", "claims"):
        assert change.doc_ids() == [1]

    annotated.undo_change(change)
    assert dump(annotated) == before and annotated.project_schema() == schema_before
    annotated.redo_change(change)
    assert dump(annotated) == after and annotated.project_schema() == schema_after


def test_a_label_rename_reads_as_such_and_follows_the_label_everywhere_in_the_schema(annotated):
    change = annotated.rename_in_schema("label", "FAC", "FACILITY")
    assert change.description == "Rename label FAC to FACILITY (2 spans)"
    schema = annotated.project_schema()
    assert schema.map_model_label("FAC") == "FACILITY"
    assert schema.role("place").accepts("FACILITY") and "FAC" not in schema.role("place").fillers
    assert schema.label("FACILITY").hotkey == default_schema().label("FAC").hotkey


def test_event_type_and_sub_type_renames_follow_into_the_roles(annotated):
    annotated.rename_in_schema("subtype", "Arrests", "Detentions", event_type=ARRESTS[0])
    schema = annotated.project_schema()
    assert schema.role("target").applies_to(ARRESTS[0], "Detentions")
    annotated.rename_in_schema("event_type", ARRESTS[0], "Strategic moves")
    schema = annotated.project_schema()
    assert schema.role("target").applies_to("Strategic moves", "Detentions")
    assert not schema.role("target").applies_to(ARRESTS[0])
    assert column_values(annotated, "events", "type") == ["Strategic moves"]
    assert column_values(annotated, "events", "subtype") == ["Detentions"]


def test_an_actor_kind_rename_keeps_its_acled_code(annotated):
    annotated.rename_in_schema("actor_kind", "police", "gendarmerie")
    assert annotated.project_schema().actor_kinds["gendarmerie"] == 1


def test_a_rename_of_an_unused_name_touches_only_the_schema(annotated):
    before = dump(annotated)
    change = annotated.rename_in_schema("label", "TIME", "CLOCK")
    assert change.description == "Rename label TIME to CLOCK (no spans)"
    assert dump(annotated)["spans"] == before["spans"]
    assert annotated.project_schema().role("time").fillers == ("DATE", "CLOCK")


@pytest.mark.parametrize(
    ("kind", "old", "new", "event_type", "message"),
    [
        ("label", "FAC", "GPE", None, "label GPE is in the schema already"),
        ("label", "FAC", "FA CILITY", None, "entity_labels[4].name: 'FA CILITY' is not valid"),
        ("role", "target", "Detainee", None, "event_roles[1].name: 'Detainee' is not valid: use "),
        ("role", "target", "place", None, "role 'place' is in the schema already"),
        ("stance", "negative", "positive", None, "stance 'positive' is in the schema already"),
        ("subtype", "Arrests", "Agreement", ARRESTS[0], "sub-type 'Agreement' of"),
        ("actor_kind", "police", "civilians", None, "actor kind 'civilians' is in the schema"),
        ("label", "WEAPON", "ARMS", None, "the schema has no label WEAPON"),
        ("subtype", "Arrests", "Detentions", "Riots", "the schema has no event sub-type 'Arr"),
        ("subtype", "Arrests", "Detentions", "Arrests", "the schema has no event type 'Arrests'"),
    ],
)
def test_a_rename_to_an_existing_or_invalid_name_is_refused_and_changes_nothing(
    annotated, kind, old, new, event_type, message
):
    before = dump(annotated)
    with pytest.raises(CurationError) as caught:
        annotated.rename_in_schema(kind, old, new, event_type=event_type)
    assert message in str(caught.value)
    assert dump(annotated) == before


def test_a_sub_type_needs_its_event_type_and_kinds_are_checked(store):
    with pytest.raises(ValueError, match="event_type"):
        store.rename_in_schema("subtype", "Arrests", "Detentions")
    with pytest.raises(ValueError, match="not a kind"):
        store.remove_from_schema("colour", "FAC")


# -- removing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "name", "event_type", "message"),
    [
        ("label", "FAC", None, "label FAC is used by 2 spans (1 accepted, 1 suggested)"),
        ("label", "PERSON", None, "label PERSON is used by 1 span (1 suggested)"),
        ("subtype", "Arrests", ARRESTS[0], "'Arrests' of 'Strategic developments' is used by 1"),
        ("event_type", ARRESTS[0], None, "event type 'Strategic developments' is used by 1 event"),
        ("role", "place", None, "role 'place' is used by 1 event argument"),
        ("claim_type", "denial", None, "claim type 'denial' is used by 1 claim"),
        ("actor_kind", "police", None, "actor kind 'police' is used by 1 actor"),
    ],
)
def test_removing_a_name_in_use_is_refused_with_the_count(
    annotated, kind, name, event_type, message
):
    before = dump(annotated)
    with pytest.raises(CurationError) as caught:
        annotated.remove_from_schema(kind, name, event_type=event_type)
    assert message in str(caught.value) and "cannot be removed" in str(caught.value)
    assert dump(annotated) == before


def test_removing_an_unused_label_unmaps_it_and_leaves_the_role_fillers(annotated):
    before = dump(annotated)
    change = annotated.remove_from_schema("label", "TIME")
    schema = annotated.project_schema()
    assert not schema.has_label("TIME") and schema.map_model_label("TIME") is None
    assert "TIME" in schema.model_label_map  # still listed: dropped on purpose, visibly
    assert schema.role("time").fillers == ("DATE",)
    assert change.description == "Remove label TIME" and change.doc_id is None
    annotated.undo_change(change)
    assert dump(annotated) == before and annotated.project_schema() == default_schema()
    annotated.redo_change(change)
    assert annotated.project_schema() == schema


def test_removing_the_last_filler_of_a_role_is_refused_naming_the_role(store):
    store.remove_from_schema("label", "TIME")
    with pytest.raises(CurationError, match="role 'time' would be left with nothing to fill it"):
        store.remove_from_schema("label", "DATE")
    assert store.project_schema().has_label("DATE")


def test_removing_event_types_and_sub_types_leaves_the_roles_events(store):
    store.remove_from_schema("subtype", "Looting/property destruction", event_type=ARRESTS[0])
    target = store.project_schema().role("target")
    assert dict(target.events or ())[ARRESTS[0]] == ("Arrests",)
    store.remove_from_schema("subtype", "Disrupted weapons use", event_type=ARRESTS[0])
    # The instrument role applied to that one sub-type of the type: it no longer applies to it.
    instrument = store.project_schema().role("instrument")
    assert ARRESTS[0] not in dict(instrument.events or ())
    store.remove_from_schema("event_type", "Riots")
    schema = store.project_schema()
    assert "Riots" not in [t.name for t in schema.event_types]
    assert all("Riots" not in dict(r.events or ()) for r in schema.roles)


def test_removing_what_a_role_only_applies_to_is_refused_naming_the_role(store):
    store.add_to_schema("event_type", "Cyber attacks")
    store.add_to_schema("role", "hacker", fillers=["actor"])
    data = store.project_schema().as_dict()
    data["event_roles"][-1]["events"] = {"Cyber attacks": "all"}
    path = Path(store.path).parent / "cyber.json"
    write_schema(path, data)
    store.load_project_schema(path)
    with pytest.raises(CurationError, match="role 'hacker' would be left with no event"):
        store.remove_from_schema("event_type", "Cyber attacks")


def test_removing_a_name_the_schema_lacks_is_refused(store):
    with pytest.raises(CurationError, match="the schema has no claim type 'rumour'"):
        store.remove_from_schema("claim_type", "rumour")


# -- adding -----------------------------------------------------------------------------------


def test_adding_a_label_and_a_sub_type_is_undone_and_redone(store):
    added = store.add_to_schema(
        "label", "WEAPON", colour="#AA0000", description="A weapon named in the text."
    )
    assert added.description == "Add label WEAPON" and added.doc_id is None
    label = store.project_schema().label("WEAPON")
    assert (label.colour, label.hotkey, label.description) == (
        "#aa0000",
        None,
        "A weapon named in the text.",
    )
    sub = store.add_to_schema("subtype", "Kettling", event_type="Protests")
    assert sub.description == "Add event sub-type 'Kettling' of 'Protests'"
    kettling = store.project_schema().event_type("Protests").subtype("Kettling")
    assert kettling.colour == default_schema().event_type("Protests").colour

    store.undo_change(sub)
    assert "Kettling" not in [s.name for s in store.project_schema().event_subtypes("Protests")]
    store.undo_change(added)
    assert store.project_schema() == default_schema()
    store.redo_change(added)
    store.redo_change(sub)
    assert store.project_schema().event_type("Protests").subtype("Kettling") == kettling


def test_an_added_label_without_a_colour_gets_one_no_label_uses(store):
    store.add_to_schema("label", "WEAPON", hotkey=None)
    colours = [x.colour for x in store.project_schema().entity_labels]
    assert colours.count(store.project_schema().label("WEAPON").colour) == 1


def test_every_kind_can_be_added(store):
    store.add_to_schema("event_type", "Cyber attacks", description="Attacks on computers.")
    store.add_to_schema("role", "hacker", fillers=["actor", "PERSON"])
    store.add_to_schema("claim_type", "rumour")
    store.add_to_schema("stance", "ambivalent")
    store.add_to_schema("relation", "funds", head=["actor"], child=["actor"])
    store.add_to_schema("actor_kind", "hackers", actor_code=2)
    schema = store.project_schema()
    assert schema.event_type("Cyber attacks").subtypes == ()
    assert schema.role("hacker").accepts("PERSON") and schema.role("hacker").events is None
    assert schema.claim_type("rumour").name == "rumour"
    assert "ambivalent" in [s.name for s in schema.claim_stances]
    assert schema.relation_label("funds").head == ("actor",)
    assert schema.actor_kinds["hackers"] == 2


@pytest.mark.parametrize(
    ("kind", "name", "options", "message"),
    [
        ("label", "WEAPON", {"colour": "red"}, "entity_labels[13].colour: 'red' is not valid"),
        ("label", "WEAPON", {"hotkey": "1"}, "duplicate hotkey '1' (also PERSON)"),
        ("label", "GPE", {}, "label GPE is in the schema already"),
        ("subtype", "Arrests", {"event_type": ARRESTS[0]}, "is in the schema already"),
        ("subtype", "Kettling", {"event_type": "Parades"}, "no event type 'Parades'"),
        ("role", "hacker", {"fillers": ["WEAPON"]}, "'WEAPON' is neither one of the entity"),
        ("claim_type", "Rumour", {}, "'Rumour' is not valid: use lower_snake_case"),
        ("actor_kind", "hackers", {"actor_code": 9}, "no actor type has the code 9"),
    ],
)
def test_an_invalid_addition_is_refused_with_the_parsers_reason(
    store, kind, name, options, message
):
    with pytest.raises(CurationError) as caught:
        store.add_to_schema(kind, name, **options)
    assert message in str(caught.value)
    assert store.db.execute("SELECT count(*) FROM label_schema").fetchone()[0] == 0


def test_options_that_do_not_apply_to_a_kind_are_a_programming_error(store):
    with pytest.raises(ValueError, match="hotkey"):
        store.add_to_schema("claim_type", "rumour", hotkey="1")


# -- the suggesters follow the project's schema -----------------------------------------------


def test_the_suggesters_label_map_is_the_project_schemas(annotated):
    annotated.rename_in_schema("label", "ORG", "ORGANISATION")
    mapping = suggest.label_map_for(annotated)
    assert mapping["ORG"] == "ORGANISATION" and mapping["GPE"] == "GPE"
    assert column_values(annotated, "spans", "label").count("ORGANISATION") == 1
    # The project's own overrides still apply on top.
    annotated.set_setting(suggest.LABEL_MAP_SETTING, {"ORG": None})
    assert suggest.label_map_for(annotated)["ORG"] is None


@pytest.mark.parametrize("label", ["TRIGGER", "CUE", "CLAIM", "ACTOR"])
def test_the_labels_suggestions_write_by_name_are_neither_renamed_nor_removed(tmp_path, label):
    with Store.open(tmp_path / "p.nmk") as store:
        with pytest.raises(CurationError, match=f"label {label} marks .* cannot be renamed"):
            store.rename_in_schema("label", label, f"MY_{label}")
        with pytest.raises(CurationError, match="cannot be removed"):
            store.remove_from_schema("label", label)
        assert not store.has_own_schema()
