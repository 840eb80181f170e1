"""Native JSONL export: the lines validate against the shipped JSON Schema, offsets hold for
awkward texts, filters choose what they say, a damaged span stops the export, writing is
atomic, and the ``newsmark export`` command."""

from __future__ import annotations

import json
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from exchange_project import QUIET, TEXT, Project, at, texts_and_spans
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmark.cli import main
from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.exchange import native
from newsmark.exchange.native import FORMAT, SCHEMA_RESOURCE, export_native
from newsmark.exchange.records import ExportOptions
from newsmark.exchange.writing import ExportError, atomic_text_file, safe_join


@pytest.fixture(scope="module")
def line_schema() -> jsonschema.protocols.Validator:
    body = resources.files("newsmark.resources").joinpath(SCHEMA_RESOURCE).read_text("utf-8")
    schema = json.loads(body)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    made = Project(tmp_path / "p.nmk")
    yield made
    made.store.close()


def export_lines(store: Store, path: Path, **options: Any) -> list[dict[str, Any]]:
    export_native(store, path, ExportOptions(**options))
    raw = path.read_text(encoding="utf-8")
    assert raw.endswith("\n")
    return [json.loads(line) for line in raw.split("\n")[:-1]]


def check_line(line: dict[str, Any]) -> None:
    """Every span covers its text; every id the line uses resolves inside it (or names the
    other document it lies in)."""
    text = line["text"]
    spans = {s["id"] for s in line["spans"]}
    actors = {a["id"] for a in line["actors"]}
    events = {e["id"] for e in line["events"]}
    claims = {c["id"] for c in line["claims"]}
    for span in line["spans"]:
        assert text[span["start"] : span["end"]] == span["text"]
        assert span["actor"] is None or span["actor"] in actors
    for event in line["events"]:
        assert event["trigger"] is None or event["trigger"] in spans
        for argument in event["arguments"]:
            assert argument["span"] is None or argument["span"] in spans
            assert argument["actor"] is None or argument["actor"] in actors
    for claim in line["claims"]:
        for key in ("content", "cue", "claimant"):
            assert claim[key] is None or claim[key] in spans
        assert claim["claimant_actor"] is None or claim["claimant_actor"] in actors
        parent = claim["attributes"]["parent"]
        assert parent is None or parent in claims
        for target in claim["about"]:
            if "actor" in target:
                assert target["actor"] in actors
            elif "doc" not in target:
                assert target["event"] in events
    pools = {"span": spans, "actor": actors, "event": events, "claim": claims}
    for relation in line["relations"]:
        for end in (relation["head"], relation["child"]):
            if "doc" not in end:
                assert end["id"] in pools[end["kind"]]


def by_id(records: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {record["id"]: record for record in records}


# -- the format -------------------------------------------------------------------------------


def test_every_line_validates_and_every_id_resolves(project, tmp_path, line_schema):
    lines = export_lines(project.store, tmp_path / "out.jsonl")
    assert [line["id"] for line in lines] == [1, 2]
    for line in lines:
        line_schema.validate(line)
        check_line(line)
        assert line["format"] == FORMAT
    first, second = lines
    assert first["text"] == TEXT and "\r" not in first["text"] and "\ufeff" not in first["text"]
    assert first["meta"] == {
        "title": "Market shelled",
        "author": None,
        "published": "2024-03-12",
        "source": None,
        "url": None,
        "external_id": None,
        "x": 1,
    }
    # Offsets count code points: the decomposed é is two, the emoji and the clef one each.
    place = by_id(first["spans"])[project.place]
    assert (place["start"], place["end"]) == at("Ke\u0301rsh")
    assert place["end"] - place["start"] == 6
    assert set(by_id(first["spans"])) == {
        project.rebels,
        project.place,
        project.when,
        project.front_span,
        project.governor,
        project.market,
        *(s["id"] for s in first["spans"] if s["label"] in ("TRIGGER", "CUE", "CLAIM")),
    }
    (event,) = first["events"]
    assert event["type"] == "Explosions/Remote violence"
    assert event["attributes"]["date"]["value"] == "2024-03-12"
    assert event["attributes"]["date"]["confirmed"] is True
    assert [(a["role"], a["span"], a["actor"]) for a in event["arguments"]] == [
        ("attacker", project.rebels, None),
        ("place", project.place, None),
        ("time", project.when, None),
        ("target", None, project.front),
    ]
    (claim,) = first["claims"]
    assert (claim["type"], claim["stance"], claim["claimant"], claim["claimant_actor"]) == (
        "denial",
        "negative",
        project.front_span,
        project.front,
    )
    assert claim["about"] == [{"event": project.event}, {"actor": project.front}]
    assert claim["attributes"] == {"parent": None}
    (relation,) = first["relations"]
    assert relation["head"] == {"kind": "event", "id": project.event}
    assert relation["child"] == {"kind": "span", "id": project.place}
    assert first["actors"] == [
        {
            "id": project.front,
            "name": "Eastern Front",
            "type": None,
            "country": None,
            "aliases": ["EF", "The Eastern Front"],
            "external_ids": {},
        }
    ]
    # The second document has no annotation yet is exported, with its status.
    assert second["status"] == "done" and second["spans"] == [] and second["text"] == QUIET


def test_the_report_counts_what_was_written(project, tmp_path):
    report = export_native(project.store, tmp_path / "out.jsonl")
    assert (report.documents, report.events, report.claims, report.relations, report.actors) == (
        2,
        1,
        1,
        1,
        1,
    )
    assert report.spans == 9  # six made by hand, the trigger, the cue and the claim content
    assert report.path == tmp_path / "out.jsonl" and report.seconds >= 0
    assert "Wrote 2 documents (9 spans" in report.summary()


def test_line_separators_inside_a_text_stay_inside_the_line(tmp_path):
    text = "One\u2028two\u2029three\x85four"
    with Store.open(tmp_path / "p.nmk") as store:
        store.add_documents([Document(text=text)])
        store.create_span(1, 4, 7, "ORG", annotator="ana")
        export_native(store, tmp_path / "out.jsonl")
    raw = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert len(raw.splitlines()) == 1
    line = json.loads(raw)
    assert line["text"] == text and line["spans"][0]["text"] == "two"


# -- filters ----------------------------------------------------------------------------------


def span_ids(line: dict[str, Any]) -> set[int]:
    return {span["id"] for span in line["spans"]}


def test_status_accepted_by_default_all_takes_every_status(project, tmp_path):
    (first, _second) = export_lines(project.store, tmp_path / "a.jsonl")
    assert project.suggested not in span_ids(first) and project.rejected not in span_ids(first)
    (first, _second) = export_lines(project.store, tmp_path / "b.jsonl", status="all")
    assert {project.suggested, project.rejected} <= span_ids(first)
    suggested = by_id(first["spans"])[project.suggested]
    assert (suggested["origin"], suggested["score"], suggested["annotator"]) == (
        "rule:test",
        0.5,
        None,
    )
    assert suggested["attributes"] == {"n": 5}
    (first, _second) = export_lines(project.store, tmp_path / "c.jsonl", status="suggested")
    assert span_ids(first) == {project.suggested}
    assert first["events"] == first["claims"] == first["relations"] == []


def test_an_annotator_filter_keeps_their_records_and_what_those_point_at(project, tmp_path):
    (first, _second) = export_lines(project.store, tmp_path / "bob.jsonl", annotators=["bob"])
    assert span_ids(first) == {project.governor, project.market}
    assert first["events"] == first["claims"] == first["relations"] == first["actors"] == []
    (first, _second) = export_lines(project.store, tmp_path / "ana.jsonl", annotators=["ana"])
    assert project.governor not in span_ids(first)
    assert {project.rebels, project.place, project.front_span} <= span_ids(first)
    assert [e["id"] for e in first["events"]] == [project.event]
    check_line(first)


def test_a_label_filter_chooses_spans_but_keeps_referenced_ones(project, tmp_path):
    (first, _second) = export_lines(project.store, tmp_path / "l.jsonl", labels=["PERSON", "FAC"])
    labels = {span["label"] for span in first["spans"]}
    assert {"PERSON", "FAC"} <= labels
    # ORG spans are not chosen, but the event's attacker and the claimant come along.
    assert {project.rebels, project.front_span} <= span_ids(first)
    check_line(first)
    with Store.open(tmp_path / "empty.nmk") as store:
        store.add_documents([Document(text=QUIET)])
        store.create_span(1, *at("Port Amal", QUIET), "GPE", annotator="ana")
        (line,) = export_lines(store, tmp_path / "e.jsonl", labels=["PERSON"])
        assert line["spans"] == []
        options = ExportOptions(labels=["PERSON"], skip_empty=True)
        report = export_native(store, tmp_path / "s.jsonl", options)
        assert report.documents == 0 and (tmp_path / "s.jsonl").read_text() == ""


def test_a_document_status_filter_chooses_documents(project, tmp_path):
    lines = export_lines(project.store, tmp_path / "done.jsonl", doc_statuses=["done"])
    assert [line["id"] for line in lines] == [2]
    lines = export_lines(
        project.store, tmp_path / "two.jsonl", doc_statuses=["done", "in_progress"]
    )
    assert [line["id"] for line in lines] == [1, 2]
    with pytest.raises(ExportError, match="'finished'"):
        ExportOptions(doc_statuses=["finished"])
    with pytest.raises(ExportError, match="status 'maybe'"):
        ExportOptions(status="maybe")


def test_a_rejected_event_a_claim_is_about_comes_along(project, tmp_path):
    project.store.set_event_status(project.event, "rejected")
    (first, _second) = export_lines(project.store, tmp_path / "out.jsonl")
    (event,) = first["events"]
    assert (event["id"], event["status"]) == (project.event, "rejected")
    check_line(first)


# -- damaged spans and atomic writing -----------------------------------------------------------


def test_a_span_that_no_longer_matches_its_text_stops_the_export(project, tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("previous export\n", encoding="utf-8")
    project.store.db.execute("UPDATE spans SET text = 'Kirsh' WHERE id = ?", [project.place])
    with pytest.raises(ExportError) as info:
        export_native(project.store, target)
    message = str(info.value)
    assert f"document 1, span {project.place}" in message and "'Kirsh'" in message
    assert [(m.doc_id, m.span_id) for m in info.value.mismatches] == [(1, project.place)]
    assert target.read_text(encoding="utf-8") == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if "out" in p.name) == ["out.jsonl"]


def test_a_failure_midway_leaves_neither_a_file_nor_a_temporary(project, tmp_path, monkeypatch):
    written: list[int] = []
    real = native.write_line

    def failing(handle, line):
        if written:
            raise OSError("disk full")
        written.append(line["id"])
        real(handle, line)

    monkeypatch.setattr(native, "write_line", failing)
    with pytest.raises(OSError, match="disk full"):
        export_native(project.store, tmp_path / "out.jsonl")
    assert written == [1]
    assert not [p for p in tmp_path.iterdir() if "out" in p.name]


def test_an_interrupted_write_keeps_the_previous_file(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_text_file(target) as handle:
        handle.write("half")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]
    with (
        pytest.raises(ExportError, match="does not exist"),
        atomic_text_file(tmp_path / "no" / "f"),
    ):
        pass


def test_safe_join_refuses_paths_out_of_the_folder(tmp_path):
    assert safe_join(tmp_path, "a", "b.txt") == (tmp_path / "a" / "b.txt").resolve()
    for parts in (("..", "x"), ("/etc/passwd",), ("a/../../x",), ("",), (".",)):
        with pytest.raises(ExportError):
            safe_join(tmp_path, *parts)
    (tmp_path / "link").symlink_to(tmp_path.parent)
    with pytest.raises(ExportError, match="outside"):
        safe_join(tmp_path, "link", "x")


# -- the command ------------------------------------------------------------------------------


def test_the_export_command(project, tmp_path, capsys):
    path = project.store.path
    out = tmp_path / "cli.jsonl"
    code = main(["export", "--project", str(path), "--format", "jsonl", "--out", str(out),
                 "--status", "all", "--annotator", "ana", "--annotator", "bob"])  # fmt: skip
    assert code == 0
    # Ana's and Bob's, not Cy's rejected span nor the suggestion nobody made.
    assert f"Wrote 2 documents (9 spans, 1 events, 1 claims, 1 relations, 1 actors) to {out}" in (
        capsys.readouterr().out
    )
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    code = main(["export", "--project", str(path), "--format", "jsonl", "--out", str(out),
                 "--doc-status", "done", "--label", "PERSON"])  # fmt: skip
    assert code == 0 and "Wrote 1 documents (0 spans" in capsys.readouterr().out

    project.store.db.execute("UPDATE spans SET text = 'X' WHERE id = ?", [project.governor])
    bad = tmp_path / "bad.jsonl"
    code = main(["export", "--project", str(path), "--format", "jsonl", "--out", str(bad)])
    assert code == 1
    assert f"document 1, span {project.governor}" in capsys.readouterr().err
    assert not bad.exists()


def test_the_export_command_help(capsys):
    with pytest.raises(SystemExit) as info:
        main(["export", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for option in ("--format", "--out", "--status", "--annotator", "--doc-status", "--label"):
        assert option in out
    for name in ("jsonl", "prodigy", "doccano", "csv", "spacy", "brat"):
        assert name in out
    with pytest.raises(SystemExit) as info:
        main(["export", "--format", "xml", "--out", "x"])
    assert info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


# -- offsets, for any text ----------------------------------------------------------------------


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=st.lists(texts_and_spans(), min_size=1, max_size=3))
def test_any_text_and_spans_export_with_exact_offsets(documents):
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "p.nmk") as store:
        added = store.add_documents([Document(text=text) for text, _spans in documents])
        for result, (_text, spans) in zip(added, documents, strict=True):
            for start, end, label in spans:
                store.create_span(result.doc_id, start, end, label, annotator="ana")
        out = Path(folder) / "out.jsonl"
        export_native(store, out, ExportOptions(status="all"))
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n")[:-1]]
        assert [line["id"] for line in lines] == store.document_ids()
        for line in lines:
            stored = store.get_document(line["id"])
            assert line["text"] == stored.text
            spans = store.document_spans(line["id"], include_rejected=True)
            states = store.span_states([s.id for s in spans])
            assert [s["id"] for s in line["spans"]] == [s.id for s in spans]
            for span in line["spans"]:
                state = states[span["id"]]
                assert line["text"][span["start"] : span["end"]] == span["text"]
                assert (span["start"], span["end"], span["text"], span["label"]) == (
                    state.start,
                    state.end,
                    state.text,
                    state.label,
                )
                assert (span["status"], span["annotator"], span["origin"]) == (
                    state.status,
                    state.annotator,
                    state.origin,
                )


def test_records_of_another_document_are_named_with_their_document(project, tmp_path, line_schema):
    store = project.store
    other = store.create_event(2, "Protests", "Peaceful protest", trigger=at("happened", QUIET))
    other = other.result
    store.set_claim_about(project.claim, [project.event, other], [], annotator="ana")
    same = store.add_relation("same_event", ("event", project.event), ("event", other)).result
    first, second = export_lines(store, tmp_path / "out.jsonl")
    for line in (first, second):
        line_schema.validate(line)
        check_line(line)
    assert first["claims"][0]["about"] == [{"event": project.event}, {"event": other, "doc": 2}]
    assert by_id(first["relations"])[same]["child"] == {"kind": "event", "id": other, "doc": 2}
    assert by_id(second["relations"])[same]["head"] == {
        "kind": "event",
        "id": project.event,
        "doc": 1,
    }
    assert by_id(second["relations"])[same]["child"] == {"kind": "event", "id": other}
