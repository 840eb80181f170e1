"""Adjudication: three annotators' versions of one article, imported from native JSONL as
their files would arrive, compared item by item and settled into the gold layer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsmark.cli import main
from newsmark.core.gold_layer import GOLD_ORIGIN, PROVENANCE_KEY
from newsmark.core.store import Store
from newsmark.exchange.importing import import_annotations
from newsmark.exchange.native import export_native
from newsmark.exchange.records import ExportOptions
from newsmark.review.adjudication import (
    ALL_AGREE,
    GOLD_ONLY,
    ONE_ONLY,
    SOME_AGREE,
    AdjudicationError,
    Item,
    accept_items,
    accept_version,
    adjudication_items,
    mark_adjudicated,
    merge_agreed,
    remove_gold,
)
from newsmark.review.layers import (
    annotator_version,
    document_annotators,
    gold_version,
)

# An astral emoji before most spans: offsets are code points, not UTF-16 units.
TEXT = (
    "Rebels shelled the market in Kersh 🎯 on Tuesday, killing five, the governor said. "
    "The Eastern Front denied responsibility."
)
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
JUDGE = "judge"


def at(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


class Version:
    """One annotator's native JSONL line for :data:`TEXT`, built record by record."""

    def __init__(self, annotator: str):
        self.annotator = annotator
        self.spans: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.claims: list[dict[str, Any]] = []

    def _own(self) -> dict[str, Any]:
        return {"status": "accepted", "origin": "manual", "annotator": self.annotator}

    def span(self, words: str, label: str, **attributes: Any) -> int:
        start, end = at(words)
        key = len(self.spans) + 1
        self.spans.append(
            {
                "id": key,
                "start": start,
                "end": end,
                "text": words,
                "label": label,
                "attributes": attributes,
                **self._own(),
            }
        )
        return key

    def event(self, trigger: str, **fillers: int) -> int:
        key = len(self.events) + 1
        self.events.append(
            {
                "id": key,
                "type": SHELLING[0],
                "subtype": SHELLING[1],
                "trigger": self.span(trigger, "TRIGGER"),
                "arguments": [{"role": role, "span": span} for role, span in fillers.items()],
                "attributes": {},
                **self._own(),
            }
        )
        return key

    def claim(self, cue: str, content: str, claimant: int, about: int) -> int:
        key = len(self.claims) + 1
        self.claims.append(
            {
                "id": key,
                "type": "denial",
                "stance": "negative",
                "cue": self.span(cue, "CUE"),
                "content": self.span(content, "CLAIM"),
                "claimant": claimant,
                "about": [{"event": about}],
                "attributes": {},
                **self._own(),
            }
        )
        return key

    def line(self) -> dict[str, Any]:
        return {
            "format": "newsmark/1",
            "id": 1,
            "text": TEXT,
            "meta": {"title": "Market shelled"},
            "status": "done",
            "spans": self.spans,
            "events": self.events,
            "claims": self.claims,
            "relations": [],
            "actors": [],
        }


def versions() -> list[Version]:
    """ana and bob agree on nearly everything; cat reads Kersh as a LOC and leaves out the
    place of the shelling, the date and the claim; bob's date leaves out "on"."""
    ana, bob, cat = Version("ana"), Version("bob"), Version("cat")
    for version in (ana, bob):
        rebels = version.span("Rebels", "ORG", note=version.annotator)
        kersh = version.span("Kersh", "GPE")
        version.span("on Tuesday" if version is ana else "Tuesday", "DATE")
        version.span("the governor", "PERSON")
        event = version.event("shelled", attacker=rebels, place=kersh)
        front = version.span("The Eastern Front", "ORG")
        version.claim("denied", "responsibility", front, event)
    rebels = cat.span("Rebels", "ORG")
    cat.span("Kersh", "LOC")
    cat.event("shelled", attacker=rebels)
    return [ana, bob, cat]


def build_project(folder: Path) -> Path:
    """A project holding the three versions of :data:`TEXT`, imported file by file."""
    project = folder / "team.nmk"
    files = []
    for version in versions():
        path = folder / f"{version.annotator}.jsonl"
        path.write_text(json.dumps(version.line(), ensure_ascii=False) + "\n", encoding="utf-8")
        files.append(path)
    with Store.open(project) as store:
        report = import_annotations(store, files)
        assert not report.refused, report.refused
    return project


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(build_project(tmp_path)) as opened:
        yield opened


def item(items: list[Item], kind: str, text: str, label: str | None = None, **who: Any) -> Item:
    """The one item of ``kind`` anchored on ``text`` (and ``label``, annotators if given)."""
    found = [
        i
        for i in items
        if i.kind == kind
        and i.text == text
        and (label is None or i.label == label)
        and ("annotators" not in who or i.annotators == who["annotators"])
    ]
    assert len(found) == 1, (kind, text, found)
    return found[0]


def gold_spans(store: Store) -> set[tuple[int, int, str, str]]:
    return {(s.start, s.end, s.label, s.text) for s in gold_version(store, 1).spans}


def snapshot(store: Store) -> dict[str, Any]:
    """Every annotator's version as stored, to show that adjudication leaves them alone."""
    return {name: annotator_version(store, 1, name).records for name in ("ana", "bob", "cat")}


# -- items and agreement -----------------------------------------------------------------------


def test_items_name_who_has_each_and_whether_all_agree(store: Store):
    assert document_annotators(store, 1) == ["ana", "bob", "cat"]
    items = adjudication_items(store, 1)
    rebels = item(items, "span", "Rebels")
    assert rebels.annotators == ("ana", "bob", "cat")
    assert rebels.all_agree and rebels.agreement == ALL_AGREE
    assert not rebels.in_gold
    assert (rebels.start, rebels.end) == at("Rebels")

    kersh_gpe = item(items, "span", "Kersh", "GPE")
    kersh_loc = item(items, "span", "Kersh", "LOC")
    assert kersh_gpe.annotators == ("ana", "bob") and kersh_gpe.agreement == SOME_AGREE
    assert kersh_loc.annotators == ("cat",) and kersh_loc.agreement == ONE_ONLY
    assert not kersh_gpe.all_agree and not kersh_loc.all_agree

    # A near miss: same label, overlapping offsets, one group; not the same item.
    on_tuesday = item(items, "span", "on Tuesday")
    tuesday = item(items, "span", "Tuesday")
    assert on_tuesday.group == tuesday.group
    assert on_tuesday.annotators == ("ana",) and tuesday.annotators == ("bob",)
    assert on_tuesday.group != kersh_gpe.group

    full = item(items, "event", "shelled", annotators=("ana", "bob"))
    bare = item(items, "event", "shelled", annotators=("cat",))
    assert full.group == bare.group
    assert "place: Kersh" in full.detail and "place" not in bare.detail
    claim = item(items, "claim", "denied")
    assert claim.annotators == ("ana", "bob") and claim.label == "denial"

    # Triggers, cues and claim contents go with their records, not as items of their own.
    labels = {i.label for i in items if i.kind == "span"}
    assert labels == {"ORG", "GPE", "LOC", "DATE", "PERSON"}
    assert [i.start for i in items] == sorted(i.start for i in items)


# -- copying into gold -------------------------------------------------------------------------


def test_merge_agreed_copies_only_what_all_agree_on_and_is_idempotent(store: Store):
    before = snapshot(store)
    change = merge_agreed(store, 1, JUDGE)
    assert change.changed and change.result.added == 1
    assert gold_spans(store) == {(*at("Rebels"), "ORG", "Rebels")}
    (gold,) = gold_version(store, 1).spans
    assert (gold.origin, gold.status, gold.annotator) == (GOLD_ORIGIN, "accepted", JUDGE)
    provenance = json.loads(gold.attributes)[PROVENANCE_KEY]
    assert [p["annotator"] for p in provenance] == ["ana", "bob", "cat"]
    sources = {s.id for v in before.values() for s in v.spans if s.text == "Rebels"}
    assert {p["id"] for p in provenance} == sources
    # The first annotator's own attributes come along with the provenance.
    assert json.loads(gold.attributes)["note"] == "ana"

    again = merge_agreed(store, 1, JUDGE)
    assert not again.changed and again.result.added == 0
    assert len(gold_version(store, 1).spans) == 1
    assert snapshot(store) == before
    assert item(adjudication_items(store, 1), "span", "Rebels").in_gold


def test_accepting_an_event_copies_its_trigger_and_fillers(store: Store):
    items = adjudication_items(store, 1)
    event = item(items, "event", "shelled", annotators=("ana", "bob"))
    change = accept_items(store, 1, [event], JUDGE)
    assert change.result.added == 4  # the event, its trigger and two fillers
    assert gold_spans(store) == {
        (*at("shelled"), "TRIGGER", "shelled"),
        (*at("Rebels"), "ORG", "Rebels"),
        (*at("Kersh"), "GPE", "Kersh"),
    }
    (gold,) = gold_version(store, 1).events
    assert (gold.type, gold.subtype, gold.annotator, gold.origin) == (
        *SHELLING,
        JUDGE,
        GOLD_ORIGIN,
    )
    assert gold.trigger is not None and (gold.trigger.start, gold.trigger.end) == at("shelled")
    gold_span_ids = {s.id for s in gold_version(store, 1).spans}
    assert {(a.role, a.span.text) for a in gold.arguments if a.span} == {
        ("attacker", "Rebels"),
        ("place", "Kersh"),
    }
    assert {a.span.span_id for a in gold.arguments if a.span} <= gold_span_ids
    assert [p["annotator"] for p in gold.attributes[PROVENANCE_KEY]] == ["ana", "bob"]
    # The trigger's provenance names every annotator who marked those words.
    trigger = next(s for s in gold_version(store, 1).spans if s.label == "TRIGGER")
    names = [p["annotator"] for p in json.loads(trigger.attributes)[PROVENANCE_KEY]]
    assert names == ["ana", "bob", "cat"]

    after = adjudication_items(store, 1)
    assert item(after, "event", "shelled", annotators=("ana", "bob")).in_gold
    assert not item(after, "event", "shelled", annotators=("cat",)).in_gold
    assert item(after, "span", "Kersh", "GPE").in_gold
    assert not accept_items(store, 1, [event], JUDGE).changed


def test_accepting_a_version_copies_it_whole_with_the_claim_about_its_event(store: Store):
    before = snapshot(store)
    accept_version(store, 1, "ana", JUDGE)
    gold = gold_version(store, 1)
    ana = before["ana"]
    assert {(s.start, s.end, s.label, s.text) for s in gold.spans} == {
        (s.start, s.end, s.label, s.text) for s in ana.spans
    }
    for span in gold.spans:
        assert TEXT[span.start : span.end] == span.text
    (event,) = gold.events
    (claim,) = gold.claims
    assert claim.about_events == (event.id,)
    assert claim.stance == "negative" and claim.claimant is not None
    assert claim.claimant.text == "The Eastern Front"
    assert {claim.cue.span_id, claim.content.span_id} <= {s.id for s in gold.spans}
    assert [p["annotator"] for p in claim.attributes[PROVENANCE_KEY]] == ["ana", "bob"]
    assert snapshot(store) == before
    assert not accept_version(store, 1, "ana", JUDGE).changed

    # bob's version adds only his date; everything else he shares with ana is there already.
    change = accept_version(store, 1, "bob", JUDGE)
    assert change.result.added == 1
    assert (*at("Tuesday"), "DATE", "Tuesday") in gold_spans(store)


def test_a_claim_alone_leaves_its_event_out_of_gold(store: Store):
    claim = item(adjudication_items(store, 1), "claim", "denied")
    accept_items(store, 1, [claim], JUDGE)
    gold = gold_version(store, 1)
    (copied,) = gold.claims
    assert copied.about_events == () and gold.events == ()
    assert {s.label for s in gold.spans} == {"CUE", "CLAIM", "ORG"}


def test_copies_are_undone_and_redone_exactly(store: Store):
    first = merge_agreed(store, 1, JUDGE)
    second = accept_version(store, 1, "ana", JUDGE)
    full = gold_spans(store)
    store.undo_change(second)
    assert gold_spans(store) == {(*at("Rebels"), "ORG", "Rebels")}
    assert gold_version(store, 1).events == () and gold_version(store, 1).claims == ()
    store.undo_change(first)
    assert gold_spans(store) == set()
    store.redo_change(first)
    store.redo_change(second)
    assert gold_spans(store) == full
    (claim,) = gold_version(store, 1).claims
    (event,) = gold_version(store, 1).events
    assert claim.about_events == (event.id,)
    assert len(event.arguments) == 2


def test_refusals(store: Store):
    with pytest.raises(AdjudicationError, match="another name"):
        merge_agreed(store, 1, "ana")
    with pytest.raises(AdjudicationError, match="dan has accepted nothing"):
        accept_version(store, 1, "dan", JUDGE)
    assert gold_spans(store) == set()


# -- taking out of gold, marking reviewed, exporting -------------------------------------------


def test_removing_an_event_takes_its_trigger_and_keeps_used_spans(store: Store):
    accept_version(store, 1, "ana", JUDGE)
    items = adjudication_items(store, 1)
    rebels = item(items, "span", "Rebels")
    # The event still uses Rebels: the span stays, and says so.
    kept = remove_gold(store, 1, [rebels])
    assert kept.result.removed == 0 and len(kept.result.kept) == 1
    assert (*at("Rebels"), "ORG", "Rebels") in gold_spans(store)

    event = item(items, "event", "shelled", annotators=("ana", "bob"))
    change = remove_gold(store, 1, [event])
    gold = gold_version(store, 1)
    assert gold.events == ()
    (claim,) = gold.claims
    assert claim.about_events == ()
    labels = {s.label for s in gold.spans}
    assert "TRIGGER" not in labels and {"ORG", "GPE"} <= labels
    removed = remove_gold(store, 1, [rebels])
    assert removed.result.removed == 1
    assert (*at("Rebels"), "ORG", "Rebels") not in gold_spans(store)

    store.undo_change(removed)
    store.undo_change(change)
    (event_back,) = gold_version(store, 1).events
    (claim_back,) = gold_version(store, 1).claims
    assert claim_back.about_events == (event_back.id,)
    assert "TRIGGER" in {s.label for s in gold_version(store, 1).spans}

    # Removed and accepted again: the gold copy is made anew.
    remove_gold(store, 1, [event])
    accept_items(store, 1, [event], JUDGE)
    assert len(gold_version(store, 1).events) == 1


def test_a_record_only_gold_has_is_listed_for_removal(store: Store):
    accept_items(store, 1, [item(adjudication_items(store, 1), "span", "Kersh", "LOC")], JUDGE)
    (loc,) = gold_version(store, 1).spans
    store.relabel_span(loc.id, "FAC", annotator=JUDGE)
    items = adjudication_items(store, 1)
    orphan = [i for i in items if i.agreement == GOLD_ONLY]
    assert [(i.kind, i.label, i.text) for i in orphan] == [("span", "FAC", "Kersh")]
    remove_gold(store, 1, orphan)
    assert gold_version(store, 1).spans == ()


def test_mark_adjudicated_and_export_the_gold_layer(store: Store, tmp_path: Path):
    merge_agreed(store, 1, JUDGE)
    accept_items(store, 1, [item(adjudication_items(store, 1), "span", "Kersh", "GPE")], JUDGE)
    assert mark_adjudicated(store, 1) == "done"
    assert store.get_document(1).status == "reviewed"

    target = tmp_path / "gold.jsonl"
    report = export_native(store, target, ExportOptions(gold=True))
    (line,) = [json.loads(raw) for raw in target.read_text(encoding="utf-8").splitlines()]
    assert report.spans == 2
    assert line["status"] == "reviewed"
    assert line["events"] == [] and line["claims"] == []
    exported = {(s["start"], s["end"], s["label"], s["annotator"]) for s in line["spans"]}
    assert exported == {(*at("Rebels"), "ORG", JUDGE), (*at("Kersh"), "GPE", JUDGE)}
    for span in line["spans"]:
        assert line["text"][span["start"] : span["end"]] == span["text"]
        assert span["origin"] == GOLD_ORIGIN
    # Without the flag, everyone's records go out as before.
    everything = export_native(store, tmp_path / "all.jsonl")
    assert everything.spans > report.spans


def test_the_export_command_takes_the_gold_layer(tmp_path: Path):
    project = build_project(tmp_path)
    with Store.open(project) as store:
        merge_agreed(store, 1, JUDGE)
    out = tmp_path / "gold.jsonl"
    code = main(
        ["export", "--project", str(project), "--format", "jsonl", "--out", str(out), "--gold"]
    )
    assert code == 0
    (line,) = [json.loads(raw) for raw in out.read_text(encoding="utf-8").splitlines()]
    assert [(s["start"], s["end"], s["label"], s["annotator"]) for s in line["spans"]] == [
        (*at("Rebels"), "ORG", JUDGE)
    ]
