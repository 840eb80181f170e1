"""Importing Newsmark's own JSONL: a project survives the round trip record for record (for any
text and spans, BOM and CRLF included), a second import adds nothing, documents are matched by
content, foreign names join the schema or follow a label map, and bad lines are located
without stopping the rest. Also ``newsmark import`` telling annotation files from articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from exchange_project import QUIET, TEXT, Project, at, texts_and_spans
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsmark.cli import main
from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.exchange.importing import (
    NameMap,
    detect_format,
    import_annotations,
    load_name_map,
)
from newsmark.exchange.native import export_native
from newsmark.exchange.records import ExportOptions

ALL = ExportOptions(status="all")


def lines_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def canonical(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The lines with every project id replaced by its order of appearance in the file, so
    that two projects holding the same records compare equal whatever ids they gave them."""
    ids: dict[str, dict[Any, int]] = {k: {} for k in ("doc", "span", "event", "claim", "actor")}

    def new(kind: str, old: Any) -> Any:
        if old is None:
            return None
        return ids[kind].setdefault(old, len(ids[kind]) + 1)

    for line in lines:
        new("doc", line["id"])
        for kind, records in (
            ("span", line["spans"]),
            ("event", line["events"]),
            ("claim", line["claims"]),
            ("actor", line["actors"]),
        ):
            for record in records:
                new(kind, record["id"])
    out = []
    for line in lines:
        line = json.loads(json.dumps(line))
        line["id"] = new("doc", line["id"])
        spans = sorted(line["spans"], key=lambda s: (s["start"], -s["end"], s["label"]))
        for span in spans:
            span["id"] = new("span", span["id"])
            span["actor"] = new("actor", span["actor"])
        line["spans"] = spans
        for actor in line["actors"]:
            actor["id"] = new("actor", actor["id"])
        line["actors"] = sorted(line["actors"], key=lambda a: a["name"])
        for event in line["events"]:
            event["id"] = new("event", event["id"])
            event["trigger"] = new("span", event["trigger"])
            for argument in event["arguments"]:
                argument["span"] = new("span", argument["span"])
                argument["actor"] = new("actor", argument["actor"])
        for claim in line["claims"]:
            claim["id"] = new("claim", claim["id"])
            for part in ("content", "cue", "claimant"):
                claim[part] = new("span", claim[part])
            claim["claimant_actor"] = new("actor", claim["claimant_actor"])
            claim["attributes"]["parent"] = new("claim", claim["attributes"]["parent"])
            for target in claim["about"]:
                if "event" in target:
                    target["event"] = new("event", target["event"])
                    if "doc" in target:
                        target["doc"] = new("doc", target["doc"])
                else:
                    target["actor"] = new("actor", target["actor"])
        for relation in line["relations"]:
            relation.pop("id")
            for end in (relation["head"], relation["child"]):
                end["id"] = new(end["kind"], end["id"])
                if "doc" in end:
                    end["doc"] = new("doc", end["doc"])
        line["relations"] = sorted(line["relations"], key=json.dumps)
        out.append(line)
    return out


def round_trip(store: Store, folder: Path, name: str) -> tuple[Path, Path, Any]:
    """Export ``store``, import the file into a new project, export that: both files."""
    first, second = folder / f"{name}-1.jsonl", folder / f"{name}-2.jsonl"
    export_native(store, first, ALL)
    with Store.open(folder / f"{name}-copy.nmk") as copy:
        report = import_annotations(copy, [first])
        export_native(copy, second, ALL)
    return first, second, report


# -- the round trip --------------------------------------------------------------------------


def test_a_project_survives_the_round_trip_record_for_record(tmp_path):
    project = Project(tmp_path / "p.nmk")
    first, second, report = round_trip(project.store, tmp_path, "p")
    project.store.close()
    assert report.refused == [] and report.left_out == []
    assert report.counts.documents == report.counts.new_documents == 2
    assert report.schema.added == []
    assert canonical(lines_of(first)) == canonical(lines_of(second))
    # Once ids are the importer's own, a further round trip gives the very same file.
    with Store.open(tmp_path / "third.nmk") as third:
        import_annotations(third, [second])
        export_native(third, tmp_path / "p-3.jsonl", ALL)
    assert (tmp_path / "p-3.jsonl").read_bytes() == second.read_bytes()


def test_origin_status_annotator_and_scores_are_kept(tmp_path):
    project = Project(tmp_path / "p.nmk")
    _first, second, _ = round_trip(project.store, tmp_path, "p")
    project.store.close()
    (line, _quiet) = lines_of(second)
    by_text = {(s["text"], s["label"]): s for s in line["spans"]}
    suggestion = by_text[("five traders", "QUANTITY")]
    assert (suggestion["status"], suggestion["origin"], suggestion["score"]) == (
        "suggested",
        "rule:test",
        0.5,
    )
    assert suggestion["attributes"] == {"n": 5}
    assert by_text[("the governor", "PERSON")]["annotator"] == "bob"
    assert by_text[("Tuesday, killing", "DATE")]["status"] == "rejected"
    (event,) = line["events"]
    assert event["attributes"]["date"]["confirmed"] is True
    assert _quiet["status"] == "done"


def test_a_second_import_adds_nothing(tmp_path):
    project = Project(tmp_path / "p.nmk")
    path = tmp_path / "p.jsonl"
    export_native(project.store, path, ALL)
    project.store.close()
    with Store.open(tmp_path / "copy.nmk") as copy:
        first = import_annotations(copy, [path])
        before = copy.stats()
        again = import_annotations(copy, [path])
        assert copy.stats() == before
    assert again.counts.spans == again.counts.events == again.counts.claims == 0
    assert again.counts.relations == again.counts.actors == again.counts.new_documents == 0
    assert again.counts.already_there == (
        first.counts.spans + first.counts.events + first.counts.claims + first.counts.relations
    )


def test_claims_about_events_of_other_documents_are_linked(tmp_path):
    project = Project(tmp_path / "p.nmk")
    store = project.store
    other = store.create_claim(2, "assertion", cue=(0, 7), content=(8, 35), annotator="ana").result
    store.set_claim_about(other, [project.event], [], annotator="ana")
    elsewhere = store.create_event(
        2, "Explosions/Remote violence", None, trigger=at("happened", QUIET), annotator="ana"
    ).result
    store.add_relation(
        "same_event", ("event", project.event), ("event", elsewhere), annotator="ana"
    )
    first, second, report = round_trip(store, tmp_path, "p")
    store.close()
    assert report.left_out == []
    assert report.linked_across >= 1
    assert canonical(lines_of(first)) == canonical(lines_of(second))


# -- offsets for any text --------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=st.lists(texts_and_spans(), min_size=1, max_size=3))
def test_any_text_and_spans_survive_with_identical_offsets(tmp_path_factory, documents):
    folder = tmp_path_factory.mktemp("any")
    with Store.open(folder / "p.nmk") as store:
        added = store.add_documents([Document(text=text) for text, _spans in documents])
        expected = []
        for result, (text, spans) in zip(added, documents, strict=True):
            if result.outcome != "imported":
                continue  # the same content twice: one document
            for start, end, label in spans:
                if store.create_span(result.doc_id, start, end, label, annotator="ana").created():
                    expected.append((text, start, end, text[start:end], label))
        first, second, report = round_trip(store, folder, "p")
    assert report.refused == [] and report.left_out == []
    assert canonical(lines_of(first)) == canonical(lines_of(second))
    found = sorted(
        (line["text"], s["start"], s["end"], s["text"], s["label"])
        for line in lines_of(second)
        for s in line["spans"]
    )
    assert found == sorted(set(expected))


# -- matching documents by content -----------------------------------------------------------


def test_a_crlf_copy_of_a_stored_article_lands_on_it_with_offsets_carried_over(tmp_path):
    crlf = "\ufeff" + TEXT.replace("\n", "\r\n")
    start, end = crlf.index("The Eastern Front"), crlf.index(" denied")
    line = {
        "format": "newsmark/1",
        "id": "a",
        "text": crlf,
        "spans": [
            {"id": 1, "start": start, "end": end, "text": crlf[start:end], "label": "ORG"},
            # Across the line break: CRLF in the file, LF in the project.
            {
                "id": 2,
                "start": crlf.index("said."),
                "end": start + 3,
                "text": None,
                "label": "EVENT_TEXT",
            },
        ],
    }
    line["spans"][1]["text"] = crlf[line["spans"][1]["start"] : line["spans"][1]["end"]]
    path = tmp_path / "crlf.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with Store.open(tmp_path / "p.nmk") as store:
        store.add_documents([Document(text=TEXT)])
        report = import_annotations(store, [path])
        spans = {s.label: s for s in store.document_spans(1)}
        assert report.left_out == []
        assert report.counts.new_documents == 0 and report.counts.spans == 2
        assert (spans["ORG"].start, spans["ORG"].end) == at("The Eastern Front")
        assert spans["EVENT_TEXT"].text == "said.\nThe"
        assert TEXT[spans["EVENT_TEXT"].start : spans["EVENT_TEXT"].end] == "said.\nThe"
        assert store.document_ids() == [1]


def test_a_new_article_keeps_its_text_exactly(tmp_path):
    raw = "\ufeffLine one\r\nLine\ttwo 🎯\r\n"
    line = {
        "format": "newsmark/1",
        "id": 7,
        "text": raw,
        "meta": {"title": "Raw", "published": "2024-01-02", "feed": "x"},
        "spans": [{"id": 1, "start": 16, "end": 19, "text": raw[16:19], "label": "GPE"}],
    }
    path = tmp_path / "raw.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with Store.open(tmp_path / "p.nmk") as store:
        import_annotations(store, [path])
        document = store.get_document(1)
        (span,) = store.document_spans(1)
    assert document.text == raw
    assert (document.title, document.published, document.meta) == (
        "Raw",
        "2024-01-02",
        {"feed": "x"},
    )
    assert raw[span.start : span.end] == span.text == "two"


# -- names and the schema --------------------------------------------------------------------


def one_line(tmp_path: Path, **records: Any) -> Path:
    text = "Rebels shelled Kersh on Tuesday, the governor said."
    line = {"format": "newsmark/1", "id": 1, "text": text, **records}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    return path


def span(key: int, words: str, label: str) -> dict[str, Any]:
    text = "Rebels shelled Kersh on Tuesday, the governor said."
    start = text.index(words)
    return {"id": key, "start": start, "end": start + len(words), "text": words, "label": label}


def test_names_the_schema_lacks_are_added_and_reported(tmp_path):
    path = one_line(
        tmp_path,
        spans=[
            span(1, "Rebels", "ARMED_GROUP"),
            span(2, "shelled", "TRIGGER"),
            span(3, "Kersh", "gpe"),
        ],
        events=[
            {
                "id": 1,
                "type": "Bombardment",
                "subtype": "Night shelling",
                "trigger": 2,
                "arguments": [{"role": "Shooter", "span": 1}],
            }
        ],
        relations=[
            {
                "id": 1,
                "head": {"kind": "span", "id": 1},
                "child": {"kind": "span", "id": 3},
                "label": "based_in",
            }
        ],
    )
    with Store.open(tmp_path / "p.nmk") as store:
        report = import_annotations(store, [path])
        schema = store.project_schema()
        labels = {s.text: s.label for s in store.document_spans(1)}
        (event,) = store.document_events(1)
    assert "label 'ARMED_GROUP'" in report.schema.added
    assert "event type 'Bombardment'" in report.schema.added
    assert "subtype 'Night shelling' of 'Bombardment'" in report.schema.added
    assert schema.has_label("ARMED_GROUP")
    assert schema.event_type("Bombardment").subtypes[0].name == "Night shelling"
    # A role must be lower_snake_case: "Shooter" joins as "shooter", and the report says so.
    assert report.schema.renamed["role 'Shooter'"] == "shooter"
    assert [a.role for a in event.arguments] == ["shooter"]
    # The schema's own spelling wins when only case or punctuation differ.
    assert labels["Kersh"] == "GPE" and report.schema.renamed["label 'gpe'"] == "GPE"
    assert schema.relation_label("based_in")
    assert report.refused == []
    summary = "\n".join(report.summary_lines())
    assert "added to the schema" in summary and "ARMED_GROUP" in summary


def test_a_label_map_renames_and_leaves_out_with_counts(tmp_path):
    path = one_line(
        tmp_path,
        spans=[span(1, "Rebels", "PER"), span(2, "Kersh", "MISC"), span(3, "Tuesday", "MISC")],
    )
    map_file = tmp_path / "map.json"
    map_file.write_text(json.dumps({"PER": "ORG", "labels": {"MISC": None}}), encoding="utf-8")
    with Store.open(tmp_path / "p.nmk") as store:
        report = import_annotations(store, [path], names=load_name_map(map_file))
        spans = store.document_spans(1)
    assert [(s.text, s.label) for s in spans] == [("Rebels", "ORG")]
    assert report.schema.dropped == {"label 'MISC'": 2}
    assert report.schema.added == []


def test_a_bad_label_map_is_named(tmp_path):
    bad = tmp_path / "map.json"
    bad.write_text('{"PER": 3}', encoding="utf-8")
    with pytest.raises(Exception, match=r"map.json: PER: a label map value"):
        load_name_map(bad)
    bad.write_text("[1]", encoding="utf-8")
    with pytest.raises(Exception, match="is a JSON object"):
        load_name_map(bad)
    assert NameMap().get("label", "X") == (False, None)


# -- bad input -------------------------------------------------------------------------------


def test_bad_lines_are_located_and_the_good_ones_imported(tmp_path):
    good = {"format": "newsmark/1", "id": 1, "text": QUIET, "spans": []}
    partly = {
        "format": "newsmark/1",
        "id": 2,
        "text": "Police arrested six protesters in Basra.",
        "spans": [
            {"id": 1, "start": 0, "end": 6, "text": "Police", "label": "ORG"},
            {"id": 2, "start": 30, "end": 99, "text": "Basra", "label": "GPE"},
            {"id": 3, "start": "x", "end": 3, "text": "Pol", "label": "ORG"},
            {"id": 4, "start": 7, "end": 15, "text": "arrests", "label": "TRIGGER"},
        ],
    }
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b"\n".join(
            [
                json.dumps(good).encode(),
                b"{not json",
                json.dumps({"format": "prodigy", "text": "x"}).encode(),
                b"\xff\xfe broken",
                json.dumps(partly).encode(),
                json.dumps({"format": "newsmark/1", "id": 3, "text": 5}).encode(),
            ]
        )
        + b"\n"
    )
    with Store.open(tmp_path / "p.nmk") as store:
        report = import_annotations(store, [path])
        spans = store.document_spans(2)
    refused = [str(p) for p in report.refused]
    assert any(r.startswith(f"{path}:2: not JSON") for r in refused)
    assert any(r.startswith(f"{path}:3:") and "newsmark/1" in r for r in refused)
    assert any(r.startswith(f"{path}:4: not UTF-8") for r in refused)
    assert any(r.startswith(f"{path}:6:") and '"text" must be a string' in r for r in refused)
    left_out = [str(p) for p in report.left_out]
    assert any(f"{path}:5" in r and "outside the text" in r for r in left_out)
    assert any(f"{path}:5" in r and 'spans[2]: "start" must be an integer' in r for r in left_out)
    assert any(f"{path}:5" in r and "'arrests'" in r for r in left_out)
    assert [s.text for s in spans] == ["Police"]
    assert report.counts.new_documents == 2
    assert report.exit_code == 1


def test_a_document_that_fails_midway_leaves_nothing(tmp_path, monkeypatch):
    path = one_line(tmp_path, spans=[span(1, "Rebels", "ORG"), span(2, "Kersh", "GPE")])
    with Store.open(tmp_path / "p.nmk") as store:
        from newsmark.core import annotation_import

        def boom(self, claim):
            raise RuntimeError("disk gone")

        monkeypatch.setattr(annotation_import._DocumentWriter, "_parents", boom)
        with pytest.raises(RuntimeError):
            import_annotations(store, [path])
        assert store.document_ids() == []
        assert store.db.execute("SELECT count(*) FROM spans").fetchone()[0] == 0


def test_files_that_are_not_annotations_are_refused_by_name(tmp_path):
    articles = tmp_path / "feed.jsonl"
    articles.write_text(json.dumps({"text": "An article.", "title": "T"}) + "\n", "utf-8")
    with Store.open(tmp_path / "p.nmk") as store:
        report = import_annotations(store, [articles, tmp_path / "missing.jsonl"])
    assert [p.location for p in report.refused] == [str(articles), str(tmp_path / "missing.jsonl")]


def test_formats_are_told_from_the_first_record(tmp_path):
    def write(name: str, record: Any) -> Path:
        path = tmp_path / name
        path.write_text("\n" + json.dumps(record) + "\n", encoding="utf-8")
        return path

    assert detect_format(write("n.jsonl", {"format": "newsmark/1", "text": "a"})) == "jsonl"
    assert detect_format(write("d.jsonl", {"text": "a", "entities": []})) == "doccano"
    assert detect_format(write("d2.jsonl", {"text": "a", "label": [[0, 1, "X"]]})) == "doccano"
    assert detect_format(write("p.jsonl", {"text": "a", "spans": []})) == "prodigy"
    assert detect_format(write("a.jsonl", {"text": "a", "title": "x"})) is None
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "1.ann").write_text("", encoding="utf-8")
    assert detect_format(brat) == "brat"
    assert detect_format(tmp_path / "nothing.txt") is None


# -- the command -----------------------------------------------------------------------------


def test_the_import_command_takes_annotations_and_articles_together(tmp_path, capsys):
    project = Project(tmp_path / "p.nmk")
    exported = tmp_path / "p.jsonl"
    export_native(project.store, exported, ALL)
    project.store.close()
    article = tmp_path / "extra.txt"
    article.write_text("Protesters gathered in Basra on Friday.\n", encoding="utf-8")
    target = tmp_path / "new.nmk"
    code = main(["import", str(exported), str(article), "--project", str(target)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Imported annotations from 1 file(s)" in out and "2 document(s) (2 new)" in out
    assert "Imported 1 document(s)" in out
    with Store.open(target) as store:
        assert len(store.document_ids()) == 3
    code = main(["import", str(exported), "--project", str(target), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["counts"]["spans"] == 0 and report["counts"]["already_there"] > 0


def test_the_import_command_with_a_label_map_and_a_status(tmp_path, capsys):
    path = one_line(tmp_path, spans=[span(1, "Rebels", "PER")])
    map_file = tmp_path / "map.json"
    map_file.write_text('{"PER": "ORG"}', encoding="utf-8")
    target = tmp_path / "p.nmk"
    code = main(
        [
            "import",
            str(path),
            "--project",
            str(target),
            "--label-map",
            str(map_file),
            "--annotator",
            "zoe",
            "--quiet",
        ]
    )
    assert code == 0
    with Store.open(target) as store:
        (only,) = store.document_spans(1)
    assert (only.label, only.annotator, only.origin) == ("ORG", "zoe", "import:jsonl")
    map_file.write_text("{", encoding="utf-8")
    code = main(["import", str(path), "--project", str(target), "--label-map", str(map_file)])
    assert code == 1
    assert "map.json: the label map is not JSON" in capsys.readouterr().err
