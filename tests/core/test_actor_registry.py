"""The actor registry: reading, creating, editing, linking mentions, merging, deleting, CSV;
undo and redo of every edit."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from newsmark.core.actor_registry import (
    ActorFileError,
    ActorMention,
    UnknownActorError,
    fold_form,
)
from newsmark.core.changes import TABLE_ORDER
from newsmark.core.documents import Document
from newsmark.core.span_curation import CurationError
from newsmark.core.store import Store
from newsmark.nlp.gazetteer import entries_from_actors

DOC_1 = (
    "Kata'ib Hizbullah said its fighters shelled the base. Tehran denied any role, "
    "and Kata’ib  Hizbullah later withdrew from Jurf al-Sakhar."
)
DOC_2 = (
    "Washington blamed KATA'IB HIZBULLAH for the drone strike. Tehran denied the report; "
    "Kata'ib Hizbullah said nothing."
)
TEXTS = {1: DOC_1, 2: DOC_2}
# Every table a recorded change can touch, but the schema row.
TABLES = tuple(table for table in TABLE_ORDER if table != "label_schema")


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "p.nmk") as s:
        s.add_documents(
            [Document(text=DOC_1, title="Shelling"), Document(text=DOC_2, title="Drone")]
        )
        yield s


def mention(
    store: Store,
    doc_id: int,
    text: str,
    *,
    nth: int = 0,
    status: str = "accepted",
    label: str = "ORG",
    actor_id: int | None = None,
) -> int:
    """A span over the ``nth`` occurrence of ``text`` in document ``doc_id``; its id."""
    start = -1
    for _ in range(nth + 1):
        start = TEXTS[doc_id].index(text, start + 1)
    cursor = store.db.execute(
        'INSERT INTO spans (doc_id, start, "end", label, text, actor_id, status, origin, '
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'manual', 't', 't')",
        [doc_id, start, start + len(text), label, text, actor_id, status],
    )
    return int(cursor.lastrowid)


def dump(store: Store) -> dict[str, list[tuple]]:
    """Every annotation table, rows sorted (alias and target rows have no stable rowid)."""
    return {
        table: sorted((tuple(r) for r in store.db.execute(f"SELECT * FROM {table}")), key=repr)
        for table in TABLES
    }


def actor_of(store: Store, span_id: int) -> int | None:
    return store.db.execute("SELECT actor_id FROM spans WHERE id = ?", [span_id]).fetchone()[0]


def check_undo_redo(store: Store, change, before: dict) -> dict:
    """Undo restores ``before`` exactly, redo the state after; returns the state after."""
    after = dump(store)
    assert change.changed and after != before
    store.undo_change(change)
    assert dump(store) == before
    store.redo_change(change)
    assert dump(store) == after
    return after


def new_actor(store: Store, name: str, **fields) -> int:
    return store.create_actor(name, **fields).result


# -- creating ----------------------------------------------------------------------------------


def test_an_actor_created_from_a_mention_is_linked_to_it_and_takes_its_text_as_alias(store):
    span = mention(store, 1, "Kata’ib  Hizbullah")
    before = dump(store)
    change = store.create_actor(
        "Kata'ib Hizbullah",
        type="political_militia",
        country="Iraq",
        aliases=["KH"],
        external_ids={"wikidata": "https://www.wikidata.org/wiki/Q1739104"},
        from_span_id=span,
        annotator="ana",
    )
    actor_id = change.result
    record = store.actor(actor_id)
    # The curly, double-spaced form reads as the name: the gazetteer already finds it.
    assert (record.name, record.type, record.country, record.aliases) == (
        "Kata'ib Hizbullah",
        "political_militia",
        "IRQ",
        ("KH",),
    )
    assert record.external_ids == {"wikidata": "Q1739104"}
    assert record.mention_count == 1 and actor_of(store, span) == actor_id
    assert change.doc_id == 1 and change.description == (
        "Create actor Kata'ib Hizbullah from “Kata’ib Hizbullah”"
    )
    assert store.get_document(1).status == "in_progress"
    check_undo_redo(store, change, before)

    other = mention(store, 2, "Tehran")
    change = store.create_actor("Government of Iran", type="government", from_span_id=other)
    assert store.actor(change.result).aliases == ("Tehran",)
    assert store.actor_mentions(change.result) == [ActorMention(other, 2, "Tehran")]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"country": "Narnia"}, "field country: 'Narnia' is not an ISO 3166 country"),
        ({"country": "Russian"}, "did you mean RUS (Russian Federation)?"),
        ({"country": "Congo"}, "'Congo' may be COD (Congo, The Democratic Republic of the)"),
        ({"type": "warlord"}, "field type: 'warlord' is not an actor kind of the schema"),
        ({"external_ids": {"wikidata": "1739104"}}, "'1739104' is not a Wikidata id"),
        ({"external_ids": {"Wikidata": "Q1"}}, "'Wikidata' is not an id name"),
        ({"aliases": ["KH | PMF"]}, "field aliases: “KH | PMF” contains “|”"),
    ],
)
def test_invalid_fields_are_refused_naming_the_actor_and_the_field(store, fields, message):
    before = dump(store)
    with pytest.raises(CurationError, match="new actor “Kata'ib Hizbullah”") as error:
        store.create_actor("Kata'ib Hizbullah", **fields)
    assert message in str(error.value)
    assert dump(store) == before


def test_names_countries_and_kinds_are_normalised(store):
    with pytest.raises(CurationError, match="needs a name"):
        store.create_actor("   ")
    for country in ("IQ", "irq", "Iraq"):
        actor_id = new_actor(store, f"Iraqi forces ({country})", country=country)
        assert store.actor(actor_id).country == "IRQ"
    actor_id = new_actor(store, "  Popular   Mobilization\nForces ", type="Political militia")
    assert store.actor(actor_id).name == "Popular Mobilization Forces"
    assert store.actor(actor_id).type == "political_militia"
    with pytest.raises(UnknownActorError, match="actor 99 is not in the registry"):
        store.actor(99)
    with pytest.raises(KeyError):
        store.actor(99)


# -- reading -----------------------------------------------------------------------------------


def test_type_ahead_ranks_prefix_matches_first_then_by_mentions_then_by_name(store):
    kh = new_actor(store, "Kata'ib Hizbullah", aliases=["KH"])
    hezbollah = new_actor(store, "Hezbollah", aliases=["Hizbullah"])
    nujaba = new_actor(store, "Harakat Hizbullah al-Nujaba")
    iran = new_actor(store, "Government of Iran", aliases=["Tehran"])
    mention(store, 1, "Kata'ib Hizbullah", actor_id=kh)
    mention(store, 2, "Kata'ib Hizbullah", actor_id=kh)
    mention(store, 1, "Kata’ib  Hizbullah", actor_id=nujaba, status="rejected")

    def names(text: str, limit: int | None = 20) -> list[str]:
        return [record.name for record in store.search_actors(text, limit)]

    # "Hizbullah" starts Hezbollah's alias; the others contain it (KH has 2 live mentions).
    assert names("hizb") == ["Hezbollah", "Kata'ib Hizbullah", "Harakat Hizbullah al-Nujaba"]
    assert names("KATA’IB") == ["Kata'ib Hizbullah"]  # case and apostrophe style ignored
    assert names("tehr") == ["Government of Iran"]
    assert names("") == [
        "Government of Iran",
        "Harakat Hizbullah al-Nujaba",
        "Hezbollah",
        "Kata'ib Hizbullah",
    ]
    assert names("", limit=2) == ["Government of Iran", "Harakat Hizbullah al-Nujaba"]
    assert names("hizb", limit=1) == ["Hezbollah"]
    assert names("Baghdad") == []
    record = store.search_actors("kata")[0]
    assert (record.id, record.mention_count, record.aliases) == (kh, 2, ("KH",))
    assert store.actor(hezbollah).mention_count == 0 and store.actor(iran).aliases == ("Tehran",)


def test_a_new_alias_is_seen_by_list_actors_and_so_by_the_gazetteer(store):
    actor_id = new_actor(store, "Government of Iran", type="government", country="IRN")
    store.add_alias(actor_id, "Tehran")
    (listed,) = store.list_actors()
    assert listed["aliases"] == ["Tehran"]
    assert {e.alias for e in entries_from_actors(store.list_actors())} == {
        "Government of Iran",
        "Tehran",
    }


# -- aliases -----------------------------------------------------------------------------------


def test_aliases_are_added_and_removed_with_undo_and_redo(store):
    iran = new_actor(store, "Government of Iran")
    before = dump(store)
    change = store.add_alias(iran, " Tehran ")
    assert (change.result, change.description) == (
        "Tehran",
        "Add alias “Tehran” to Government of Iran",
    )
    assert store.actor(iran).aliases == ("Tehran",)
    check_undo_redo(store, change, before)

    before = dump(store)
    change = store.remove_alias(iran, "tehran")
    assert change.description == "Remove alias “Tehran” from Government of Iran"
    assert store.actor(iran).aliases == ()
    check_undo_redo(store, change, before)
    with pytest.raises(CurationError, match="has no alias “Qom”"):
        store.remove_alias(iran, "Qom")


def test_an_alias_equal_to_the_name_or_already_there_is_refused(store):
    iran = new_actor(store, "Government of Iran", aliases=["Tehran"])
    with pytest.raises(CurationError, match="is the name of actor Government of Iran"):
        store.add_alias(iran, "government of  iran")
    with pytest.raises(CurationError, match="already has the alias “Tehran”"):
        store.add_alias(iran, "TEHRAN")
    with pytest.raises(CurationError, match="cannot be empty"):
        store.add_alias(iran, " ")
    with pytest.raises(UnknownActorError):
        store.add_alias(42, "Qom")


def test_an_alias_another_actor_has_is_allowed_and_the_description_says_so(store):
    usa = new_actor(store, "Government of the United States", aliases=["Washington"])
    dc = new_actor(store, "Washington DC Police")
    before = dump(store)
    change = store.add_alias(dc, "washington")
    assert change.description == (
        "Add alias “washington” to Washington DC Police "
        "(also an alias or name of Government of the United States)"
    )
    assert store.actor(usa).aliases == ("Washington",)
    assert store.actor(dc).aliases == ("washington",)
    check_undo_redo(store, change, before)


def test_removing_an_alias_removes_it_from_the_metonyms_the_gazetteer_reads(store):
    (iraq,) = store.add_actors(
        [
            {
                "name": "Government of Iraq",
                "aliases": ["Iraqi government", "Baghdad", "Iraq"],
                "attributes": {"metonyms": ["Baghdad", "Iraq"], "starter": "state:IRQ"},
            }
        ]
    )
    before = dump(store)
    change = store.remove_alias(iraq, "Baghdad")
    assert store.actor(iraq).attributes == {"metonyms": ["Iraq"], "starter": "state:IRQ"}
    aliases = {e.alias for e in entries_from_actors(store.list_actors())}
    assert "Baghdad" not in aliases and "Iraq" in aliases
    check_undo_redo(store, change, before)


# -- editing -----------------------------------------------------------------------------------


def test_update_changes_only_the_given_fields_and_none_clears(store):
    kh = new_actor(
        store, "Kataib Hezbollah", type="rebel_group", country="IRQ", aliases=["Kata'ib Hizbullah"]
    )
    before = dump(store)
    change = store.update_actor(kh, type="political_militia", external_ids={"acled": 1234})
    record = store.actor(kh)
    assert (record.name, record.type, record.country) == (
        "Kataib Hezbollah",
        "political_militia",
        "IRQ",
    )
    assert record.external_ids == {"acled": "1234"}
    assert change.description == "Edit actor Kataib Hezbollah: type, external_ids"
    check_undo_redo(store, change, before)

    before = dump(store)
    change = store.update_actor(kh, country=None)
    assert store.actor(kh).country is None and store.actor(kh).type == "political_militia"
    check_undo_redo(store, change, before)

    # Renamed to its alias: the alias goes, a name is never also an alias.
    before = dump(store)
    change = store.update_actor(kh, name="Kata'ib Hizbullah")
    assert change.description == "Rename actor Kataib Hezbollah to Kata'ib Hizbullah"
    assert store.actor(kh).aliases == ()
    check_undo_redo(store, change, before)

    assert not store.update_actor(kh, type="political_militia").changed
    with pytest.raises(CurationError, match=r"actor \d+ \(“Kata'ib Hizbullah”\): field name"):
        store.update_actor(kh, name="")
    with pytest.raises(CurationError, match="field country: 'XX' is not an ISO 3166 country"):
        store.update_actor(kh, country="XX")


# -- linking -----------------------------------------------------------------------------------


def test_a_mention_is_linked_and_unlinked_with_undo_and_redo(store):
    iran = new_actor(store, "Iran", type="government")
    span = mention(store, 1, "Tehran")
    before = dump(store)
    change = store.link_mention(span, iran, annotator="ana")
    assert change.description == "Link “Tehran” to Iran" and change.doc_id == 1
    assert actor_of(store, span) == iran
    assert store.db.execute("SELECT annotator FROM spans WHERE id = ?", [span]).fetchone() == (
        "ana",
    )
    check_undo_redo(store, change, before)

    before = dump(store)
    change = store.link_mention(span, None)
    assert change.description == "Unlink “Tehran” from Iran" and actor_of(store, span) is None
    check_undo_redo(store, change, before)

    with pytest.raises(CurationError, match="span 99 is no longer in the project"):
        store.link_mention(99, iran)
    with pytest.raises(UnknownActorError, match="actor 42"):
        store.link_mention(span, 42)


def test_every_unlinked_mention_of_the_names_is_linked_in_one_undoable_step(store):
    kh = new_actor(store, "Kata'ib Hizbullah", aliases=["KH"])
    nujaba = new_actor(store, "Harakat Hizbullah al-Nujaba")
    plain = mention(store, 1, "Kata'ib Hizbullah")
    spaced = mention(store, 1, "Kata’ib  Hizbullah", label="PERSON", status="suggested")
    upper = mention(store, 2, "KATA'IB HIZBULLAH")
    rejected = mention(store, 2, "Kata'ib Hizbullah", status="rejected")
    other = mention(store, 2, "Kata'ib Hizbullah", nth=0, actor_id=nujaba)
    tehran = mention(store, 2, "Tehran")
    assert store.unlinked_mentions(["kata'ib hizbullah"]) == 3
    assert store.unlinked_mentions(["Tehran", "KH"]) == 1

    before = dump(store)
    change = store.link_alias_mentions(kh, annotator="ana")
    assert change.result == 3 and change.doc_id is None
    assert change.description == "Link 3 mentions of “Kata'ib Hizbullah” to Kata'ib Hizbullah"
    assert [actor_of(store, s) for s in (plain, spaced, upper)] == [kh, kh, kh]
    assert actor_of(store, rejected) is None and actor_of(store, other) == nujaba
    assert actor_of(store, tehran) is None
    assert change.doc_ids() == [1, 2]
    assert store.unlinked_mentions(["Kata'ib Hizbullah"]) == 0
    check_undo_redo(store, change, before)

    iran = new_actor(store, "Government of Iran")
    change = store.link_alias_mentions(iran, ["tehran"])
    assert change.result == 1 and actor_of(store, tehran) == iran
    assert change.description == "Link 1 mention of “tehran” to Government of Iran"
    nothing = store.link_alias_mentions(iran, ["Qom"])
    assert nothing.result == 0 and not nothing.changed


def test_linking_alias_mentions_stays_fast_on_a_hundred_thousand_spans(store):
    kh = new_actor(store, "Kata'ib Hizbullah")
    start = DOC_1.index("Kata'ib Hizbullah")
    rows = [
        (1 + i % 2, start, start + 17, "ORG", "Kata'ib Hizbullah" if i % 10 == 0 else "Tehranis")
        for i in range(100_000)
    ]
    store.db.conn.executemany(
        'INSERT INTO spans (doc_id, start, "end", label, text, status, created_at, updated_at) '
        "VALUES (?, ?, ?, ?, ?, 'suggested', 't', 't')",
        rows,
    )
    began = time.perf_counter()
    change = store.link_alias_mentions(kh)
    elapsed = time.perf_counter() - began
    assert change.result == 10_000
    assert elapsed < 5, f"took {elapsed:.1f} s"
    store.undo_change(change)
    assert store.unlinked_mentions(["Kata'ib Hizbullah"]) == 10_000


# -- merging -----------------------------------------------------------------------------------


def add_references(store: Store, actor_id: int, span_id: int) -> None:
    """An event argument, a claimant, a claim target and a relation naming the actor."""
    db = store.db
    event = db.execute(
        "INSERT INTO events (doc_id, type, status, created_at, updated_at) "
        "VALUES (1, 'Battles', 'accepted', 't', 't')"
    ).lastrowid
    db.execute(
        "INSERT INTO event_arguments (event_id, role, actor_id) VALUES (?, 'actor1', ?)",
        [event, actor_id],
    )
    claim = db.execute(
        "INSERT INTO claims (doc_id, type, claimant_actor_id, status, created_at, updated_at) "
        "VALUES (1, 'denial', ?, 'accepted', 't', 't')",
        [actor_id],
    ).lastrowid
    db.execute("INSERT INTO claim_targets (claim_id, actor_id) VALUES (?, ?)", [claim, actor_id])
    db.execute(
        "INSERT INTO relations (doc_id, head_kind, head_id, child_kind, child_id, label, status, "
        "created_at, updated_at) VALUES (1, 'span', ?, 'actor', ?, 'metonym_of', 'accepted', "
        "'t', 't')",
        [span_id, actor_id],
    )


def references(store: Store, actor_id: int) -> list[int]:
    return [
        store.db.execute(sql, [actor_id]).fetchone()[0]
        for sql in (
            "SELECT count(*) FROM spans WHERE actor_id = ?",
            "SELECT count(*) FROM event_arguments WHERE actor_id = ?",
            "SELECT count(*) FROM claims WHERE claimant_actor_id = ?",
            "SELECT count(*) FROM claim_targets WHERE actor_id = ?",
            "SELECT count(*) FROM relations WHERE child_kind = 'actor' AND child_id = ?",
        )
    ]


def test_a_merge_moves_every_reference_and_undo_restores_both_actors_exactly(store):
    keep = new_actor(
        store,
        "Kata'ib Hizbullah",
        aliases=["KH"],
        external_ids={"wikidata": "Q1739104", "acled": "77"},
    )
    drop = new_actor(
        store,
        "Kataib Hezbollah",
        type="political_militia",
        country="IRQ",
        aliases=["Hezbollah Brigades", "kh"],
        external_ids={"wikidata": "Q999", "gdelt": "KTB"},
    )
    kept_span = mention(store, 1, "Kata'ib Hizbullah", actor_id=keep)
    dropped_span = mention(store, 2, "KATA'IB HIZBULLAH", actor_id=drop)
    rejected = mention(store, 2, "Kata'ib Hizbullah", status="rejected", actor_id=drop)
    add_references(store, drop, dropped_span)
    add_references(store, keep, kept_span)
    ambiguous = mention(store, 1, "Kata’ib  Hizbullah", status="suggested")
    store.db.execute(
        "UPDATE spans SET attributes = ? WHERE id = ?",
        [json.dumps({"actor_ids": [drop, 99]}), ambiguous],
    )
    before = dump(store)

    change = store.merge_actors(keep, drop, annotator="ana")
    assert change.result == ["wikidata: kept Q1739104, dropped Q999"]
    assert change.description == (
        "Merge Kataib Hezbollah into Kata'ib Hizbullah (wikidata: kept Q1739104, dropped Q999)"
    )
    record = store.actor(keep)
    assert record.aliases == ("Hezbollah Brigades", "Kataib Hezbollah", "KH")
    assert record.external_ids == {"wikidata": "Q1739104", "acled": "77", "gdelt": "KTB"}
    assert (record.type, record.country, record.mention_count) == ("political_militia", "IRQ", 2)
    assert references(store, keep) == [3, 2, 2, 2, 2] and references(store, drop) == [0] * 5
    assert actor_of(store, rejected) == keep
    attributes = store.db.execute("SELECT attributes FROM spans WHERE id = ?", [ambiguous])
    assert json.loads(attributes.fetchone()[0]) == {"actor_ids": [keep, 99]}
    with pytest.raises(UnknownActorError):
        store.actor(drop)

    check_undo_redo(store, change, before)
    store.undo_change(change)
    assert store.actor(drop).name == "Kataib Hezbollah"
    assert references(store, drop) == [2, 1, 1, 1, 1]


def test_a_merge_leaves_no_duplicate_or_self_reference(store):
    keep = new_actor(store, "Government of Iran")
    drop = new_actor(store, "Iranian government")
    span = mention(store, 2, "Tehran")
    add_references(store, keep, span)
    add_references(store, drop, span)
    # The same claim aims at both; a relation joins the two actors.
    claim = store.db.execute("SELECT min(id) FROM claims").fetchone()[0]
    store.db.execute("INSERT INTO claim_targets (claim_id, actor_id) VALUES (?, ?)", [claim, drop])
    store.db.execute(
        "INSERT INTO relations (doc_id, head_kind, head_id, child_kind, child_id, label, status, "
        "created_at, updated_at) VALUES (NULL, 'actor', ?, 'actor', ?, 'part_of', 'accepted', "
        "'t', 't')",
        [drop, keep],
    )
    before = dump(store)
    change = store.merge_actors(keep, drop)
    assert change.result == [] and change.description == (
        "Merge Iranian government into Government of Iran"
    )
    targets = store.db.execute("SELECT claim_id, actor_id FROM claim_targets ORDER BY 1").fetchall()
    assert targets == [(1, keep), (2, keep)]
    relations = store.db.execute(
        "SELECT head_kind, head_id, child_kind, child_id, label FROM relations"
    ).fetchall()
    assert relations == [("span", span, "actor", keep, "metonym_of")]
    check_undo_redo(store, change, before)
    with pytest.raises(CurationError, match="cannot be merged into itself"):
        store.merge_actors(keep, keep)


# -- deleting ----------------------------------------------------------------------------------


def test_deleting_an_actor_in_use_is_refused_saying_what_uses_it(store):
    kh = new_actor(store, "Kata'ib Hizbullah")
    span = mention(store, 1, "Kata'ib Hizbullah", actor_id=kh)
    mention(store, 2, "Kata'ib Hizbullah", actor_id=kh)
    add_references(store, kh, span)
    before = dump(store)
    with pytest.raises(CurationError) as error:
        store.delete_actor(kh)
    assert str(error.value) == (
        "actor Kata'ib Hizbullah is used by 2 mentions, 1 event argument, 1 claim and "
        "1 relation; merge it into another actor instead of deleting it"
    )
    assert dump(store) == before


def test_deleting_an_unused_actor_unlinks_rejected_mentions_and_undo_brings_all_back(store):
    kh = new_actor(store, "Kata'ib Hizbullah", aliases=["KH"])
    rejected = mention(store, 1, "Kata'ib Hizbullah", status="rejected", actor_id=kh)
    before = dump(store)
    change = store.delete_actor(kh)
    assert change.description == "Delete actor Kata'ib Hizbullah"
    assert store.list_actors() == [] and actor_of(store, rejected) is None
    check_undo_redo(store, change, before)
    # Redone: the rejected span is still there, only unlinked.
    assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 1


# -- CSV ---------------------------------------------------------------------------------------


def seed(store: Store) -> list[int]:
    ids = store.add_actors(
        [
            {
                "name": "Government of Iraq",
                "type": "government",
                "country": "IRQ",
                "aliases": ["Iraqi government", "Baghdad"],
                "external_ids": {"wikidata": "Q1060", "acled": "1"},
                "attributes": {"metonyms": ["Baghdad"], "starter": "state:IRQ:government"},
            },
            {"name": 'Kata\'ib Hizbullah, "KH"', "type": "political_militia"},
            {"name": "Saraya Awliya al-Dam", "aliases": ["Guardians of Blood Brigade"]},
        ]
    )
    mention(store, 1, "Kata'ib Hizbullah", actor_id=ids[1])
    return ids


def test_export_then_import_into_a_fresh_project_gives_the_same_actors(store, tmp_path):
    seed(store)
    path = tmp_path / "actors.csv"
    assert store.export_actors_csv(path) == 3
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") >= 4
    header, first = data.decode().split("\r\n")[:2]
    assert header == (
        "id,name,type,acled_type_code,country,aliases,wikidata,external_ids,mention_count,"
        "attributes"
    )
    assert first.startswith("1,Government of Iraq,government,1,IRQ,Baghdad | Iraqi government,")

    with Store.open(tmp_path / "fresh.nmk") as fresh:
        report = fresh.import_actors_csv(path)
        assert (report.created, report.updated, report.unchanged, report.problems) == (3, 0, 0, [])
        assert fresh.list_actors() == store.list_actors()
        fresh.undo_change(report.change)
        assert fresh.list_actors() == []
        fresh.redo_change(report.change)
        assert fresh.list_actors() == store.list_actors()

    # Into the project it came from: every row matches, nothing changes.
    again = store.import_actors_csv(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert not again.change.changed


def test_bad_rows_are_skipped_with_their_line_and_column_and_the_rest_imported(store, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text(
        "name,type,country,wikidata,aliases,external_ids\n"
        "Government of Iran,government,IR,Q794,Tehran,\n"
        "Narnian army,military,Narnia,,,\n"
        '"Kata\'ib Hizbullah",warlord,IQ,KH1,"KH | Hezbollah Brigades",\n'
        ",government,IRQ,,,\n"
        'Houthis,rebel_group,Yemen,,Ansar Allah,"{""acled"": 42}"\n'
        "Hashd,,IRQ,,,[1]\n",
        encoding="utf-8",
    )
    before = dump(store)
    report = store.import_actors_csv(path)
    assert report.problems == [
        "actors.csv:3: column country: 'Narnia' is not an ISO 3166 country",
        "actors.csv:4: column type: 'warlord' is not an actor kind of the schema (one of: "
        "aid_workers, civilians, government, identity_militia, international_organisation, "
        "journalists, military, police, political_militia, private_security, protesters, "
        "rebel_group, rioters, state)",
        "actors.csv:4: column wikidata: 'KH1' is not a Wikidata id (Q and digits, e.g. Q794)",
        "actors.csv:5: column name: is empty (every actor needs a name)",
        "actors.csv:7: column external_ids: must be a JSON object {...}, not list",
    ]
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    iran, houthis = (store.actor(i) for i in report.change.result)
    assert (iran.name, iran.country, iran.aliases, iran.external_ids) == (
        "Government of Iran",
        "IRN",
        ("Tehran",),
        {"wikidata": "Q794"},
    )
    assert (houthis.country, houthis.external_ids) == ("YEM", {"acled": "42"})
    assert report.change.description == "Import actors from actors.csv: 2 created, 0 updated"
    check_undo_redo(store, report.change, before)


def test_import_matches_by_id_then_wikidata_then_name_and_updates(store, tmp_path):
    iraq, kh, saraya = seed(store)
    path = tmp_path / "edit.csv"
    path.write_text(
        "id,name,wikidata,country\n"
        f'{kh},"Kata\'ib Hizbullah, ""KH""",,IRQ\n'  # by id and name
        "77,Iraqi Government,Q1060,IRQ\n"  # by wikidata: renamed
        ",saraya awliya al-dam,,\n"  # by name: country cleared (it was empty already)
        f"{saraya},Asa'ib Ahl al-Haq,,IRQ\n",  # id taken by another name: created
        encoding="utf-8",
    )
    before = dump(store)
    report = store.import_actors_csv(path)
    assert (report.created, report.updated, report.unchanged, report.problems) == (1, 3, 0, [])
    assert store.actor(kh).country == "IRQ"
    renamed = store.actor(iraq)
    assert renamed.name == "Iraqi Government" and renamed.country == "IRQ"
    # The aliases column is absent: aliases stay, but not one equal to the new name.
    assert renamed.aliases == ("Baghdad",)
    assert store.actor(saraya).name == "saraya awliya al-dam"
    (new_id,) = report.change.result
    assert new_id not in (iraq, kh, saraya) and store.actor(new_id).country == "IRQ"
    check_undo_redo(store, report.change, before)


def test_a_file_written_by_excel_with_bom_crlf_and_semicolons_imports(store, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "\ufeffName;Type;Country;Aliases\r\n"
        "Government of Iran;Government;IRN;Tehran | Islamic Republic\r\n"
        '"Popular Mobilization\r\nForces";political militia;IQ;"Hashd; PMF"\r\n'
        "\r\n".encode()
    )
    report = store.import_actors_csv(path)
    assert (report.created, report.problems) == (2, [])
    names = [(a["name"], a["type"], a["aliases"]) for a in store.list_actors()]
    assert names == [
        ("Government of Iran", "government", ["Islamic Republic", "Tehran"]),
        ("Popular Mobilization Forces", "political_militia", ["Hashd; PMF"]),
    ]

    exported = tmp_path / "for-excel.csv"
    store.export_actors_csv(exported, bom=True)
    data = exported.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfid,name,") and data.endswith(b"\r\n")
    with Store.open(tmp_path / "other.nmk") as other:
        assert other.import_actors_csv(exported).created == 2
        assert other.list_actors() == store.list_actors()


def test_a_file_that_cannot_be_read_imports_nothing_and_names_the_file(store, tmp_path):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("name,country\nGouvernement du Sénégal,SEN\n".encode("latin-1"))
    no_name = tmp_path / "no-name.csv"
    no_name.write_text("actor,country\nHouthis,YEM\n", encoding="utf-8")
    before = dump(store)
    with pytest.raises(ActorFileError, match=r"latin1\.csv: is not UTF-8 text \(line 2\)"):
        store.import_actors_csv(latin)
    with pytest.raises(CurationError, match=r"no-name\.csv: has no name column"):
        store.import_actors_csv(no_name)
    with pytest.raises(ActorFileError, match=r"missing\.csv: cannot be read"):
        store.import_actors_csv(tmp_path / "missing.csv")
    assert dump(store) == before


def test_fold_form_reads_mentions_as_the_gazetteer_does():
    assert fold_form("  Kata’ib\n Hizbullah ") == fold_form("KATA'IB HIZBULLAH")
    assert fold_form("al\u2011Nujaba") == "al-nujaba"


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Russia", "RUS"),
        ("Turkey", "TUR"),
        ("the UK".removeprefix("the "), "GBR"),
        ("burma", "MMR"),
        ("Iran", "IRN"),
        ("iq", "IRQ"),
        ("SYR", "SYR"),
        ("Syrian Arab Republic", "SYR"),
    ],
)
def test_a_country_is_read_as_the_press_or_iso_writes_it(store, written, code):
    change = store.create_actor("Somebody", country=written)
    assert store.actor(change.result).country == code
