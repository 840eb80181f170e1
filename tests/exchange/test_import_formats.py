"""Every exchange format through ``newsmark import``: a project exported as Prodigy, doccano
or brat and imported into an empty project gives back every span at the same offsets with the
same label and text; brat also brings back the event with its type, sub-type and fillers, the
claim and the actor link. Imported records are pre-annotations unless asked otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_project import Project

from newsmark.cli import main
from newsmark.core.store import Store
from newsmark.exchange.formats import run_export
from newsmark.exchange.importing import import_annotations
from newsmark.exchange.records import ExportOptions

TARGETS = {"prodigy": "p.jsonl", "doccano": "d.jsonl", "brat": "brat"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, dict[str, Path], set[tuple[str, int, int, str, str]]]:
    folder = tmp_path_factory.mktemp("formats")
    project = Project(folder / "source.nmk")
    store = project.store
    paths = {}
    for fmt, name in TARGETS.items():
        paths[fmt] = folder / name
        run_export(store, fmt, paths[fmt], ExportOptions())
    spans = {
        (store.get_document(doc_id).text, s.start, s.end, s.text, s.label)
        for doc_id in store.document_ids()
        for s in store.document_spans(doc_id)
        if s.status == "accepted"
    }
    store.close()
    return folder, paths, spans


@pytest.mark.parametrize("fmt", list(TARGETS))
def test_every_span_comes_back_where_it_was(exported, tmp_path, fmt):
    _folder, paths, expected = exported
    with Store.open(tmp_path / "copy.nmk") as copy:
        report = import_annotations(copy, [paths[fmt]])
        found = {
            (copy.get_document(doc_id).text, s.start, s.end, s.text, s.label)
            for doc_id in copy.document_ids()
            for s in copy.document_spans(doc_id, include_rejected=True)
        }
        statuses = {
            (s.status, s.origin)
            for doc_id in copy.document_ids()
            for s in copy.document_spans(doc_id, include_rejected=True)
        }
    assert report.files == [(str(paths[fmt]), fmt)]
    assert report.refused == [] and report.left_out == []
    assert found == expected
    assert statuses == {("suggested", f"import:{fmt}")}


def test_brat_brings_back_events_claims_and_actor_links(exported, tmp_path):
    _folder, paths, _spans = exported
    with Store.open(tmp_path / "copy.nmk") as copy:
        import_annotations(copy, [paths["brat"]], status="accepted", annotator="zoe")
        (event,) = copy.document_events(1)
        (claim,) = copy.document_claims(1)
        linked = [s for s in copy.document_spans(1) if s.actor_id is not None]
        actor = copy.actor(linked[0].actor_id)
    assert (event.type, event.subtype) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    fillers = {(a.role, a.span.text if a.span else None) for a in event.arguments}
    assert {("attacker", "Rebel fighters"), ("time", "on Tuesday")} <= fillers
    assert (claim.type, claim.stance, claim.status) == ("denial", "negative", "accepted")
    assert claim.annotator == "zoe"
    assert actor.name == "Eastern Front"


def test_the_command_reads_each_format_and_a_second_run_adds_nothing(exported, tmp_path, capsys):
    _folder, paths, expected = exported
    target = tmp_path / "all.nmk"
    args = ["import", *map(str, paths.values()), "--project", str(target), "--quiet"]
    assert main(args) == 0
    with Store.open(target) as store:
        spans = store.db.execute("SELECT count(*) FROM spans").fetchone()[0]
        assert len(store.document_ids()) == 2
    # The three files hold the same spans: the first brings them, the others find them there.
    assert spans == len(expected)
    assert main(args) == 0
    with Store.open(target) as store:
        assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == spans
