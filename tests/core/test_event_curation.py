"""Event edits in the store: create, type, trigger, status, arguments, attributes, dates,
delete; every edit undone and redone exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsmark.core.changes import Change
from newsmark.core.documents import Document
from newsmark.core.event_curation import ArgumentRecord, SpanRef
from newsmark.core.span_curation import CurationError
from newsmark.core.store import Store
from newsmark.nlp.candidates import (
    ArgumentCandidate,
    DocumentSuggestions,
    EventCandidate,
    SpanCandidate,
)

TEXT = (
    "Three of Sunday's air strikes hit targets near Al-Qaim, the ministry said. "
    "Militants killed two soldiers at a checkpoint in Kirkuk on Friday, "
    "Hossein Karimi told reporters."
)
OTHER = "Protesters gathered in Basra on Monday."
RULE = "rule:test"
TABLES = ("spans", "events", "event_arguments", "claims", "claim_targets", "relations")


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "p.nmk") as s:
        s.add_documents(
            [
                Document(text=TEXT, title="Strikes", published="2019-12-31"),
                Document(text=OTHER, title="Basra", published="2020-01-07"),
            ]
        )
        s.add_actors([{"name": "Islamic State", "aliases": ["Militants"]}])
        yield s


def at(text: str, doc: str = TEXT) -> tuple[int, int]:
    start = doc.index(text)
    return start, start + len(text)


def candidate(text: str, label: str, doc: str = TEXT, **kw) -> SpanCandidate:
    start, end = at(text, doc)
    return SpanCandidate(start, end, label, text, RULE, score=0.8, **kw)


def suggest(store: Store) -> int:
    """Suggest the Kirkuk killing as an event, and a few spans of document 1; its id."""
    militants = candidate("Militants", "ACTOR", actor_id=1)
    soldiers = candidate("two soldiers", "QUANTITY")
    kirkuk = candidate("Kirkuk", "GPE")
    friday = candidate("Friday", "DATE")
    spans = [
        candidate("Sunday", "DATE"),
        candidate("Al-Qaim", "GPE"),
        candidate("air strikes", "TRIGGER"),
        candidate("Hossein Karimi", "PERSON"),
        candidate("checkpoint", "FAC"),
    ]
    event = EventCandidate(
        "Battles",
        "Armed clash",
        candidate("killed", "TRIGGER"),
        RULE,
        arguments=(
            ArgumentCandidate("attacker", militants),
            ArgumentCandidate("victim", soldiers),
            ArgumentCandidate("place", kirkuk),
            ArgumentCandidate("time", friday),
        ),
        attributes={"fatalities": 2, "date_text": "on Friday", "modality": "reported"},
        score=0.8,
    )
    other = [candidate("Basra", "GPE", OTHER), candidate("Protesters", "ACTOR", OTHER)]
    store.add_suggestions(
        [DocumentSuggestions(1, spans, [event]), DocumentSuggestions(2, other)], run_origin=RULE
    )
    return store.document_events(1)[0].id


def span_id(store: Store, text: str, label: str | None = None, doc_id: int = 1) -> int:
    for span in store.document_spans(doc_id, include_rejected=True):
        if span.text == text and label in (None, span.label):
            return span.id
    raise AssertionError(f"no span {text!r}")


def span_status(store: Store, span: int) -> str:
    return store.db.execute("SELECT status FROM spans WHERE id = ?", [span]).fetchone()[0]


def dump(store: Store) -> dict[str, list[tuple]]:
    found = {
        table: [tuple(r) for r in store.db.execute(f"SELECT * FROM {table} ORDER BY rowid")]
        for table in TABLES
    }
    found["documents"] = [tuple(r) for r in store.db.execute("SELECT id, status FROM documents")]
    return found


def undo_redo(store: Store, change: Change, before: dict[str, list[tuple]]) -> None:
    """Undo puts back exactly ``before``, redo exactly the state after the change."""
    after = dump(store)
    assert change.changed
    store.undo_change(change)
    assert dump(store) == before
    store.redo_change(change)
    assert dump(store) == after


# -- reading ----------------------------------------------------------------------------------


def test_a_suggested_event_reads_back_with_trigger_arguments_actor_and_attributes(store):
    event_id = suggest(store)
    event = store.event(event_id)
    assert (event.type, event.subtype, event.status, event.origin) == (
        "Battles",
        "Armed clash",
        "suggested",
        RULE,
    )
    assert event.trigger == SpanRef(
        span_id(store, "killed"), *at("killed"), "killed", "TRIGGER", "suggested"
    )
    assert event.label == "Battles ▸ Armed clash" and event.name == "Battles ▸ Armed clash “killed”"
    assert event.attributes == {"fatalities": 2, "date_text": "on Friday", "modality": "reported"}
    attacker = event.arguments[0]
    assert attacker == ArgumentRecord(
        attacker.id,
        "attacker",
        SpanRef(span_id(store, "Militants"), *at("Militants"), "Militants", "ACTOR", "suggested"),
        1,
        "Islamic State",
        None,
    )
    assert [a.role for a in event.arguments] == ["attacker", "victim", "place", "time"]
    with pytest.raises(CurationError, match="event 99 is no longer"):
        store.event(99)


def test_document_events_follow_the_text_with_trigger_less_and_rejected_ones_handled(store):
    killing = suggest(store)
    strikes = store.create_event(1, "Explosions/Remote violence", trigger=at("air strikes")).result
    loose = store.create_event(1, "Strategic developments", "Other").result
    assert [e.id for e in store.document_events(1)] == [strikes, killing, loose]
    store.set_event_status(killing, "rejected")
    assert [e.id for e in store.document_events(1)] == [strikes, loose]
    assert [e.id for e in store.document_events(1, include_rejected=True)] == [
        strikes,
        killing,
        loose,
    ]
    assert store.document_events(2) == []


def test_events_elsewhere_lists_other_documents_events_filtered_by_words(store):
    riot_text = "Émeute à Évry : des jeunes ont incendié des voitures."
    store.add_documents([Document(text=riot_text, title="ÉMEUTES", published="2020-02-01")])
    killing = suggest(store)
    strikes = store.create_event(1, "Explosions/Remote violence", trigger=at("air strikes")).result
    loose = store.create_event(2, "Strategic developments", "Other").result
    gathered = store.create_event(
        2, "Protests", "Peaceful protest", trigger=at("gathered", OTHER)
    ).result
    riot = store.create_event(
        3, "Riots", "Violent demonstration", trigger=at("incendié", riot_text)
    ).result
    dropped = store.create_event(3, "Riots", "Mob violence").result
    store.set_event_status(dropped, "rejected")

    found = store.events_elsewhere(1)
    # By document, then in text order (no trigger last); rejected events left out.
    assert [(event.id, title, published) for event, title, published in found] == [
        (gathered, "Basra", "2020-01-07"),
        (loose, "Basra", "2020-01-07"),
        (riot, "ÉMEUTES", "2020-02-01"),
    ]
    assert found[0].event == store.event(gathered)
    assert (found[2].doc_title, found[2].doc_published) == ("ÉMEUTES", "2020-02-01")
    assert [f.event.id for f in store.events_elsewhere(2)] == [strikes, killing, riot]

    def ids(text: str) -> list[int]:
        return [f.event.id for f in store.events_elsewhere(1, text=text)]

    assert ids("PROTEST gathered") == [gathered]  # type and trigger words
    assert ids("peaceful") == [gathered]  # the sub-type
    assert ids("basra") == [gathered, loose]  # the title
    assert ids("2020-02") == [riot]  # the date
    assert ids("émeutes INCENDIÉ") == [riot]  # case folded beyond ASCII
    assert ids("basra riots") == []  # every word must be found
    assert ids("  ") == [f.event.id for f in found]
    assert [f.event.id for f in store.events_elsewhere(1, limit=2)] == [gathered, loose]

    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    store.events_elsewhere(3, text="armed")
    store.db.conn.set_trace_callback(None)
    assert len(statements) == 2, statements  # the events, then their arguments


# -- creating ---------------------------------------------------------------------------------


def test_create_event_from_offsets_makes_an_accepted_trigger_span_in_the_same_change(store):
    before = dump(store)
    change = store.create_event(1, "Battles", "Armed clash", trigger=at("killed"), annotator="ana")
    event = store.event(change.result)
    assert (event.status, event.origin, event.annotator, event.attributes) == (
        "accepted",
        "manual",
        "ana",
        {},  # modality, polarity and count at their defaults are not written
    )
    span = store.spans_by_id([event.trigger.span_id])[0]
    assert (span.text, span.label, span.status, span.origin) == (
        "killed",
        "TRIGGER",
        "accepted",
        "manual",
    )
    assert change.description == "Create event Battles ▸ Armed clash “killed”"
    assert change.doc_id == 1 and change.ids("spans") == [span.id]
    assert (change.status_before, change.status_after) == ("new", "in_progress")
    undo_redo(store, change, before)


def test_create_event_on_a_suggested_trigger_accepts_it_by_offsets_or_by_id(store):
    suggest(store)
    strikes = span_id(store, "air strikes")
    before = dump(store)
    change = store.create_event(1, "Explosions/Remote violence", "Air/drone strike",
                                trigger=at("air strikes"))  # fmt: skip
    assert store.event(change.result).trigger.span_id == strikes
    assert span_status(store, strikes) == "accepted"
    assert len(dump(store)["spans"]) == len(before["spans"])  # reused, not added
    undo_redo(store, change, before)

    store.undo_change(change)
    change = store.create_event(1, "Explosions/Remote violence", trigger_span_id=strikes)
    assert store.event(change.result).trigger.span_id == strikes
    assert span_status(store, strikes) == "accepted"
    undo_redo(store, change, before)


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (("Battle",), {}, r"no event type 'Battle' \(event types: Battles, Explosions"),
        (("Battles", "Air/drone strike"), {}, r"Battles has no sub-type 'Air/drone strike' \(its"),
        (("Battles",), {"trigger": (150, 400)}, "outside its text"),
        (("Battles",), {"trigger": (20, 20)}, "outside its text"),
        (("Battles",), {"trigger": (33, 34)}, "only white space"),
        (("Battles",), {"trigger": (9, 15), "trigger_span_id": 1}, "not both"),
    ],
)
def test_create_event_refuses_what_the_schema_or_text_does_not_allow(store, args, kwargs, message):
    suggest(store)
    assert TEXT[33:34] == " "
    before = dump(store)
    with pytest.raises(CurationError, match=message):
        store.create_event(1, *args, **kwargs)
    assert dump(store) == before


def test_create_event_refuses_a_trigger_span_of_another_label_or_document(store):
    suggest(store)
    before = dump(store)
    with pytest.raises(CurationError, match=r"“Kirkuk”\) is a GPE span; a trigger is a TRIGGER"):
        store.create_event(1, "Battles", trigger_span_id=span_id(store, "Kirkuk"))
    with pytest.raises(CurationError, match="is in document 2, not in document 1"):
        store.create_event(1, "Battles", trigger_span_id=span_id(store, "Basra", doc_id=2))
    with pytest.raises(CurationError, match="document 7 is not in the project"):
        store.create_event(7, "Battles")
    assert dump(store) == before


# -- type and trigger -------------------------------------------------------------------------


def test_set_event_type_drops_the_arguments_whose_roles_the_new_type_lacks(store):
    event_id = suggest(store)
    before = dump(store)
    change = store.set_event_type(event_id, "Protests", "Peaceful protest")
    event = store.event(event_id)
    assert (event.type, event.subtype) == ("Protests", "Peaceful protest")
    assert [a.role for a in event.arguments] == ["place", "time"]
    assert change.description == (
        "Change event Battles ▸ Armed clash “killed” to Protests ▸ Peaceful protest (removing "
        "attacker “Militants”, victim “two soldiers”, roles it does not have)"
    )
    undo_redo(store, change, before)
    with pytest.raises(CurationError, match="Protests has no sub-type 'Armed clash'"):
        store.set_event_type(event_id, "Protests", "Armed clash")


def test_set_event_trigger_accepts_a_suggested_span_and_can_remove_the_trigger(store):
    event_id = suggest(store)
    strikes = span_id(store, "air strikes")
    before = dump(store)
    change = store.set_event_trigger(event_id, strikes)
    assert store.event(event_id).trigger.span_id == strikes
    assert span_status(store, strikes) == "accepted"
    undo_redo(store, change, before)

    before = dump(store)
    change = store.set_event_trigger(event_id, None)
    assert store.event(event_id).trigger is None
    assert change.description == "Remove the trigger of event Battles ▸ Armed clash “air strikes”"
    undo_redo(store, change, before)
    with pytest.raises(CurationError, match="is a DATE span"):
        store.set_event_trigger(event_id, span_id(store, "Sunday"))


def test_set_event_trigger_by_offsets_makes_the_span_in_the_same_change(store):
    event_id = suggest(store)
    before = dump(store)
    start = TEXT.index("killed")
    change = store.set_event_trigger(event_id, None, trigger=(start, start + 6), annotator="ana")
    trigger = store.event(event_id).trigger
    assert (trigger.text, trigger.label, trigger.status) == ("killed", "TRIGGER", "accepted")
    assert change.description.endswith("to “killed”")
    undo_redo(store, change, before)  # one step takes back the span and the trigger
    with pytest.raises(CurationError, match="one trigger"):
        store.set_event_trigger(event_id, trigger.span_id, trigger=(start, start + 6))


# -- status -----------------------------------------------------------------------------------


def test_accepting_a_suggested_event_accepts_its_trigger_and_argument_spans(store):
    event_id = suggest(store)
    sunday = span_id(store, "Sunday")
    before = dump(store)
    change = store.set_event_status(event_id, "accepted", annotator="ana")
    event = store.event(event_id)
    assert (event.status, event.annotator) == ("accepted", "ana")
    assert event.trigger.status == "accepted"
    assert {a.span.status for a in event.arguments} == {"accepted"}
    assert span_status(store, sunday) == "suggested"  # not part of the event
    assert change.description == "Accept event Battles ▸ Armed clash “killed”"
    undo_redo(store, change, before)
    with pytest.raises(CurationError, match="not 'suggested'"):
        store.set_event_status(event_id, "suggested")


def test_rejecting_an_event_rejects_its_suggested_trigger_unless_something_else_uses_it(store):
    event_id = suggest(store)
    killed = span_id(store, "killed")
    before = dump(store)
    change = store.set_event_status(event_id, "rejected")
    assert store.event(event_id).status == "rejected"
    assert span_status(store, killed) == "rejected"
    assert span_status(store, span_id(store, "Kirkuk")) == "suggested"  # arguments stay
    undo_redo(store, change, before)

    store.undo_change(change)
    store.db.execute(
        "INSERT INTO events (doc_id, type, trigger_span_id, status, created_at, updated_at) "
        "VALUES (1, 'Battles', ?, 'suggested', 't', 't')",
        [killed],
    )
    before = dump(store)
    change = store.set_event_status(event_id, "rejected")
    assert span_status(store, killed) == "suggested"
    undo_redo(store, change, before)


# -- arguments --------------------------------------------------------------------------------


def test_add_argument_with_a_suggested_span_accepts_it_and_brings_its_actor(store):
    suggest(store)
    strikes = store.create_event(1, "Explosions/Remote violence", "Air/drone strike",
                                 trigger=at("air strikes")).result  # fmt: skip
    militants = span_id(store, "Militants")
    before = dump(store)
    change = store.add_argument(strikes, "attacker", span_id=militants, annotator="ana")
    (argument,) = store.event(strikes).arguments
    assert change.result == argument.id
    assert (argument.role, argument.span.span_id, argument.actor_id, argument.actor_name) == (
        "attacker",
        militants,
        1,
        "Islamic State",
    )
    assert argument.span.status == "accepted"
    assert change.description == (
        "Add attacker “Militants” to event Explosions/Remote violence ▸ Air/drone strike "
        "“air strikes”"
    )
    undo_redo(store, change, before)


def test_add_argument_takes_a_registry_actor_or_a_value_where_the_role_allows(store):
    event_id = store.create_event(1, "Battles", "Armed clash", trigger=at("killed")).result
    before = dump(store)
    change = store.add_argument(event_id, "attacker", actor_id=1)
    undo_redo(store, change, before)
    before = dump(store)
    change = store.add_argument(event_id, "instrument", value=" rifles ")
    undo_redo(store, change, before)
    attacker, instrument = store.event(event_id).arguments
    assert (attacker.span, attacker.actor_name, attacker.filler_text) == (
        None,
        "Islamic State",
        "Islamic State",
    )
    assert (instrument.value, instrument.actor_id) == ("rifles", None)


@pytest.mark.parametrize(
    ("role", "filler", "message"),
    [
        (
            "place",
            {"span": "Hossein Karimi"},
            r"place cannot be filled by a PERSON span \(“Hossein Karimi”\): "
            "it takes GPE, LOC, FAC$",
        ),
        ("place", {"actor_id": 1}, "place cannot be filled by a registry actor"),
        ("time", {"value": "noon"}, "time cannot be filled by a value"),
        ("place", {"span": "Basra"}, "is in document 2, not in document 1"),
        ("motive", {"value": "x"}, r"no role 'motive' \(its roles: attacker, target, victim"),
        ("place", {}, "needs a filler"),
        ("instrument", {"actor_id": 1, "value": "x"}, "takes one filler"),
        ("instrument", {"value": 3}, "a value of instrument is text, not 3"),
        ("attacker", {"actor_id": 9}, "actor 9 is not in the registry"),
    ],
)
def test_add_argument_names_the_event_role_and_filler_it_refuses(store, role, filler, message):
    suggest(store)
    event_id = store.create_event(1, "Battles", trigger=at("killed")).result
    kwargs = dict(filler)
    if "span" in kwargs:
        text = kwargs.pop("span")
        kwargs["span_id"] = span_id(store, text, doc_id=1 if text in TEXT else 2)
    before = dump(store)
    with pytest.raises(CurationError, match=message):
        store.add_argument(event_id, role, **kwargs)
    assert dump(store) == before


def test_add_argument_refuses_a_role_the_event_type_does_not_have(store):
    suggest(store)
    protest = store.create_event(2, "Protests", "Peaceful protest",
                                 trigger=at("gathered", OTHER)).result  # fmt: skip
    before = dump(store)
    with pytest.raises(CurationError) as refused:
        store.add_argument(protest, "attacker", span_id=span_id(store, "Protesters", doc_id=2))
    assert str(refused.value) == (
        f"event {protest} (Protests ▸ Peaceful protest “gathered”): the role attacker does not "
        "apply to Protests ▸ Peaceful protest (its roles: target, place, time, participant)"
    )
    assert dump(store) == before


def test_the_same_filler_twice_in_one_role_is_refused(store):
    event_id = suggest(store)
    with pytest.raises(CurationError, match=f"event {event_id} .* already has “Kirkuk” as place"):
        store.add_argument(event_id, "place", span_id=span_id(store, "Kirkuk"))
    store.add_argument(event_id, "instrument", value="rifles")
    with pytest.raises(CurationError, match="already has “rifles” as instrument"):
        store.add_argument(event_id, "instrument", value="rifles")
    # The same span in another role is another argument.
    before = dump(store)
    change = store.add_argument(event_id, "target", span_id=span_id(store, "Kirkuk"))
    undo_redo(store, change, before)


def test_remove_argument_and_undo_it(store):
    event_id = suggest(store)
    place = next(a for a in store.event(event_id).arguments if a.role == "place")
    before = dump(store)
    change = store.remove_argument(place.id)
    assert [a.role for a in store.event(event_id).arguments] == ["attacker", "victim", "time"]
    assert change.description == "Remove place “Kirkuk” from event Battles ▸ Armed clash “killed”"
    assert span_status(store, place.span.span_id) == "suggested"
    undo_redo(store, change, before)
    with pytest.raises(CurationError, match="argument 99 is no longer"):
        store.remove_argument(99)


# -- attributes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "stored"),
    [
        ("fatalities", 0, 0),
        ("injured", 12, 12),
        ("count", 3, 3),
        ("modality", "denied", "denied"),
        ("polarity", "negative", "negative"),
        (
            "date",
            {"value": "2019-12", "precision": "month", "text": "in December"},
            {"value": "2019-12", "precision": "month", "text": "in December"},
        ),
        ("date", {"value": "2019-12-23", "precision": "week"}, None),
        ("date", {"value": "2019", "precision": "year", "confirmed": False}, None),
        (
            "location",
            {"value": "Kirkuk", "precision": "exact", "span_id": "Kirkuk", "country": "irq"},
            {"value": "Kirkuk", "precision": "exact", "span_id": "Kirkuk", "country": "IRQ"},
        ),
        ("location", {"value": " Iraq ", "precision": "country"}, {"value": "Iraq",
                                                                   "precision": "country"}),
    ],
)  # fmt: skip
def test_valid_attributes_are_stored_and_undone(store, name, value, stored):
    suggest(store)
    event_id = store.create_event(1, "Battles", trigger=at("hit")).result
    kirkuk = span_id(store, "Kirkuk")
    if isinstance(value, dict) and value.get("span_id") == "Kirkuk":
        value = {**value, "span_id": kirkuk}
        stored = {**stored, "span_id": kirkuk}
    before = dump(store)
    change = store.set_event_attribute(event_id, name, value)
    assert store.event(event_id).attributes == {name: value if stored is None else stored}
    if name == "location" and "span_id" in value:
        assert span_status(store, kirkuk) == "accepted"  # a place span used is accepted
    undo_redo(store, change, before)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("fatalities", -1, "fatalities must be at least 0, not -1"),
        ("fatalities", True, "must be a whole number"),
        ("fatalities", "2", "must be a whole number"),
        ("count", 0, "at least 1"),
        ("modality", "alleged", "must be one of asserted, reported, hypothetical, denied"),
        ("date", "2019-12-29", r"is given as \{"),
        ("date", {"value": "2019-12-29", "precision": "hour"}, "precision must be one of day"),
        ("date", {"value": "2019-12", "precision": "day"}, "a day date is written YYYY-MM-DD"),
        ("date", {"value": "2019-13", "precision": "month"}, "written YYYY-MM"),
        ("date", {"value": "2019-02-30", "precision": "day"}, "written YYYY-MM-DD"),
        ("date", {"value": "2019", "precision": "year", "when": 1}, "has no field 'when'"),
        ("date", {"value": "2019", "precision": "year", "confirmed": "yes"}, "true or false"),
        ("location", {"value": "", "precision": "exact"}, "needs a name"),
        ("location", {"value": "Kirkuk", "precision": "city"}, "precision must be one of exact"),
        ("location", {"value": "Kirkuk", "precision": "exact", "country": "XYZ"}, "alpha-3"),
        ("location", {"value": "Kirkuk", "precision": "exact", "span_id": "Hossein Karimi"},
         r"must be a place \(GPE, LOC, FAC\), not a PERSON span \(“Hossein Karimi”\)"),
        ("location", {"value": "Basra", "precision": "exact", "span_id": "Basra"},
         "is in document 2"),
        ("rule", "x", "no attribute 'rule'"),
    ],
)  # fmt: skip
def test_invalid_attributes_are_refused_naming_the_field(store, name, value, message):
    suggest(store)
    event_id = store.create_event(1, "Battles", trigger=at("killed")).result
    if isinstance(value, dict) and isinstance(value.get("span_id"), str):
        text = value["span_id"]
        value = {**value, "span_id": span_id(store, text, doc_id=1 if text in TEXT else 2)}
    before = dump(store)
    with pytest.raises(CurationError, match=message):
        store.set_event_attribute(event_id, name, value)
    assert dump(store) == before


def test_none_or_the_default_removes_an_attribute(store):
    event_id = suggest(store)
    before = dump(store)
    change = store.set_event_attribute(event_id, "modality", "asserted")
    assert "modality" not in store.event(event_id).attributes
    assert change.description == "Clear modality of event Battles ▸ Armed clash “killed”"
    undo_redo(store, change, before)
    before = dump(store)
    change = store.set_event_attribute(event_id, "fatalities", None)
    assert store.event(event_id).attributes == {"date_text": "on Friday"}
    undo_redo(store, change, before)
    # Setting what is already there changes nothing.
    assert not store.set_event_attribute(event_id, "fatalities", None).changed


# -- dates ------------------------------------------------------------------------------------


def test_a_relative_date_is_proposed_and_confirmed(store):
    suggest(store)
    strikes = store.create_event(1, "Explosions/Remote violence", "Air/drone strike",
                                 trigger=at("air strikes")).result  # fmt: skip
    assert store.propose_event_date(strikes) is None
    store.add_argument(strikes, "time", span_id=span_id(store, "Sunday"))
    proposal = store.propose_event_date(strikes)
    assert (proposal.value, proposal.precision, proposal.text, proposal.base) == (
        "2019-12-29",
        "day",
        "Sunday",
        "2019-12-31",
    )
    before = dump(store)
    change = store.confirm_event_date(strikes, proposal)
    assert store.event(strikes).attributes["date"] == {
        "value": "2019-12-29",
        "precision": "day",
        "text": "Sunday",
        "base": "2019-12-31",
        "relative": True,
        "confirmed": True,
    }
    assert change.description == (
        "Date event Explosions/Remote violence ▸ Air/drone strike “air strikes” 2019-12-29 "
        "(“Sunday”)"
    )
    undo_redo(store, change, before)


def test_the_suggested_date_text_is_used_when_no_time_argument_gives_a_date(store):
    event_id = suggest(store)
    assert store.propose_event_date(event_id).value == "2019-12-27"  # the time span "Friday"
    time = next(a for a in store.event(event_id).arguments if a.role == "time")
    store.remove_argument(time.id)
    proposal = store.propose_event_date(event_id)
    assert (proposal.value, proposal.text) == ("2019-12-27", "on Friday")
    store.db.execute("UPDATE documents SET published = NULL WHERE id = 1")
    assert store.propose_event_date(event_id) is None  # never against today's date


# -- deleting ---------------------------------------------------------------------------------


def add_claim_and_relations(store: Store, event_id: int) -> None:
    """A claim about the event and relations to and from it, written as the other helpers do."""
    db = store.db
    claim = db.execute(
        "INSERT INTO claims (doc_id, type, status, created_at, updated_at) "
        "VALUES (1, 'assertion', 'accepted', 't1', 't1')"
    ).lastrowid
    db.execute("INSERT INTO claim_targets (claim_id, event_id) VALUES (?, ?)", [claim, event_id])
    db.execute("INSERT INTO claim_targets (claim_id, actor_id) VALUES (?, 1)", [claim])
    for head_kind, head, child_kind, child in (
        ("event", event_id, "span", span_id(store, "Kirkuk")),
        ("claim", claim, "event", event_id),
        ("claim", claim, "actor", 1),
    ):
        db.execute(
            "INSERT INTO relations (doc_id, head_kind, head_id, child_kind, child_id, label, "
            "status, created_at, updated_at) VALUES (1, ?, ?, ?, ?, 'related', 'accepted', "
            "'t2', 't2')",
            [head_kind, head, child_kind, child],
        )


def test_delete_event_takes_its_arguments_claim_targets_relations_and_own_trigger(store):
    suggest(store)
    event_id = store.create_event(1, "Battles", "Armed clash", trigger=at("checkpoint")).result
    store.add_argument(event_id, "place", span_id=span_id(store, "Kirkuk"))
    store.add_argument(event_id, "instrument", value="rifles")
    store.set_event_attribute(event_id, "fatalities", 2)
    add_claim_and_relations(store, event_id)
    trigger = store.event(event_id).trigger.span_id
    before = dump(store)
    change = store.delete_event(event_id)
    after = dump(store)
    assert event_id not in [row[0] for row in after["events"]]
    assert trigger not in [row[0] for row in after["spans"]]
    assert span_status(store, span_id(store, "Kirkuk")) == "accepted"  # an argument span stays
    assert len(after["event_arguments"]) == len(before["event_arguments"]) - 2
    assert [row[1:] for row in after["claim_targets"]] == [(None, 1)]
    assert [row[4] for row in after["relations"]] == ["actor"]
    assert change.description == "Delete event Battles ▸ Armed clash “checkpoint”"
    undo_redo(store, change, before)
    # Redone then undone again: still exactly the same rows, ids included.
    store.undo_change(change)
    assert dump(store) == before
    assert store.event(event_id).attributes == {"fatalities": 2}


def test_delete_event_keeps_a_trigger_span_something_else_uses_or_the_suggester_made(store):
    killing = suggest(store)
    killed = span_id(store, "killed")
    before = dump(store)
    change = store.delete_event(killing)
    assert span_status(store, killed) == "suggested"
    undo_redo(store, change, before)

    first = store.create_event(1, "Battles", trigger=at("hit")).result
    second = store.create_event(1, "Explosions/Remote violence", trigger=at("hit")).result
    shared = store.event(first).trigger.span_id
    assert store.event(second).trigger.span_id == shared
    store.delete_event(first)
    assert span_status(store, shared) == "accepted"
    before = dump(store)
    change = store.delete_event(second)
    assert shared not in store.span_states([shared])
    undo_redo(store, change, before)
