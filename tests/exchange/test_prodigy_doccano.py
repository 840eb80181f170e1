"""Prodigy and doccano JSONL: the exported lines hold as those tools read them (tokens tile the
text and every span and relation sits on them, doccano entities cover their text), both read
back to the project's spans and relations, hand-written lines from the tools themselves read
correctly, bad lines are reported by file and line, and awkward text passes untouched."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from exchange_project import QUIET, TEXT, Project, at, texts_and_spans
from hypothesis import HealthCheck, given, settings
from spacy.tokens import Doc
from spacy.vocab import Vocab

from newsmark.core.documents import Document
from newsmark.core.imported import ImportedDocument, ImportProblem
from newsmark.core.store import Store
from newsmark.exchange.doccano import export_doccano, read_doccano
from newsmark.exchange.formats import run_export
from newsmark.exchange.prodigy import export_prodigy, read_prodigy
from newsmark.exchange.records import ExportOptions, RecordReader
from newsmark.exchange.tokens import aligned_tokens
from newsmark.exchange.writing import ExportError

Ends = tuple[int, int, str]  # a span as start, end, label


@pytest.fixture
def project(tmp_path: Path) -> Project:
    made = Project(tmp_path / "p.nmk")
    yield made
    made.store.close()


def jsonl(path: Path) -> list[dict[str, Any]]:
    raw = path.read_text(encoding="utf-8")
    assert raw.endswith("\n")
    return [json.loads(line) for line in raw.split("\n")[:-1]]


def write_jsonl(path: Path, lines: list[Any]) -> Path:
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def check_prodigy_task(task: dict[str, Any]) -> None:
    """What Prodigy and spaCy rely on: the tokens tile the text (a spaCy Doc made of their
    words and spaces is the text), every span starts and ends on the tokens it names, and every
    relation is anchored on the last token of spans of the task."""
    text, tokens = task["text"], task["tokens"]
    position = 0
    for index, token in enumerate(tokens):
        assert token["id"] == index
        assert token["start"] == position < token["end"]
        assert text[token["start"] : token["end"]] == token["text"]
        position = token["end"]
        if token["ws"]:
            assert text[position] == " "
            position += 1
    assert position == len(text)
    doc = Doc(Vocab(), words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])
    assert doc.text == text
    keys = ("start", "end", "token_start", "token_end", "label")
    anchors = [{key: span[key] for key in keys} for span in task["spans"]]
    for span in task["spans"]:
        covered = text[span["start"] : span["end"]]
        assert span.get("text", covered) == covered
        assert tokens[span["token_start"]]["start"] == span["start"]
        assert tokens[span["token_end"]]["end"] == span["end"]
        found = doc.char_span(span["start"], span["end"], label=span["label"])
        assert found is not None and found.text == covered
        assert (found.start, found.end - 1) == (span["token_start"], span["token_end"])
    for relation in task["relations"]:
        assert relation["head_span"] in anchors and relation["child_span"] in anchors
        assert relation["head"] == relation["head_span"]["token_end"]
        assert relation["child"] == relation["child_span"]["token_end"]
        assert isinstance(relation["label"], str)


def expected_spans(store: Store, doc_id: int, **options: Any) -> set[tuple[int, int, str, str]]:
    records = RecordReader(store, ExportOptions(**options)).read(doc_id)
    return {(s.start, s.end, s.text, s.label) for s in records.spans}


def expected_links(project: Project) -> set[tuple[Ends, Ends, str]]:
    """The first document's span links, worked out from the project's records."""
    store = project.store
    states = store.span_states([s.id for s in store.document_spans(1)])

    def ends(span_id: int) -> Ends:
        state = states[span_id]
        return state.start, state.end, state.label

    event = store.event(project.event)
    (claim,) = store.document_claims(1)
    trigger = ends(event.trigger.span_id)
    cue = ends(claim.cue.span_id)
    return {
        (trigger, ends(project.place), "located_in"),
        (trigger, ends(project.rebels), "attacker"),
        (trigger, ends(project.place), "place"),
        (trigger, ends(project.when), "time"),
        (cue, ends(claim.content.span_id), "content"),
        (cue, ends(project.front_span), "claimant"),
    }


def read_all(items: Any) -> tuple[list[ImportedDocument], list[ImportProblem]]:
    documents, problems = [], []
    for item in items:
        (documents if isinstance(item, ImportedDocument) else problems).append(item)
    return documents, problems


def imported_links(document: ImportedDocument) -> set[tuple[Ends, Ends, str]]:
    spans = {span.key: (span.start, span.end, span.label) for span in document.spans}
    return {
        (spans[relation.head[1]], spans[relation.child[1]], relation.label)
        for relation in document.relations
    }


# -- Prodigy export ----------------------------------------------------------------------------


def test_prodigy_lines_hold_as_prodigy_and_spacy_read_them(project, tmp_path):
    report = export_prodigy(project.store, tmp_path / "out.jsonl")
    first, second = jsonl(tmp_path / "out.jsonl")
    for task in (first, second):
        check_prodigy_task(task)
        assert "_input_hash" not in task and "_task_hash" not in task
    assert first["text"] == TEXT and second["text"] == QUIET
    spans = {(s["start"], s["end"], s["text"], s["label"]) for s in first["spans"]}
    assert spans == expected_spans(project.store, 1)
    place = next(s for s in first["spans"] if s["label"] == "GPE")
    assert (place["start"], place["end"]) == at("Ke\u0301rsh")
    assert first["tokens"][place["token_start"]]["text"] == "Ke\u0301rsh"
    relations = {
        (
            (r["head_span"]["start"], r["head_span"]["end"], r["head_span"]["label"]),
            (r["child_span"]["start"], r["child_span"]["end"], r["child_span"]["label"]),
            r["label"],
        )
        for r in first["relations"]
    }
    assert relations == expected_links(project)
    assert first["meta"] == {
        "title": "Market shelled",
        "published": "2024-03-12",
        "newsmark_id": 1,
        "status": "in_progress",
        "x": 1,
    }
    assert second["meta"] == {"title": "Quiet day", "newsmark_id": 2, "status": "done"}
    # Everything exported is accepted; the quiet document is done with nothing in it.
    assert first["answer"] == "accept" and second["answer"] == "accept"
    assert (report.documents, report.spans) == (2, 9)
    assert report.links == {"relation": 1, "role": 3, "claim part": 2}
    # The event's target is the Eastern Front as a registry actor, not a span.
    assert report.warnings == (
        "1 event role(s) left out: filled by an actor or a value, not a span",
    )
    assert "Wrote 2 documents (9 spans; 1 relations, 3 event roles, 2 claim parts)" in (
        report.summary()
    )


def test_a_task_with_suggestions_or_an_unfinished_empty_document_has_no_answer(project, tmp_path):
    project.store.set_document_status(2, "in_progress")
    export_prodigy(project.store, tmp_path / "all.jsonl", ExportOptions(status="all"))
    first, second = jsonl(tmp_path / "all.jsonl")
    check_prodigy_task(first)
    assert "answer" not in first and "answer" not in second
    # The suggestion, and the rejected span overlapping "on Tuesday", sit on tokens of their own.
    named = {(s["text"], s["label"]) for s in first["spans"]}
    assert {
        ("five traders", "QUANTITY"),
        ("Tuesday, killing", "DATE"),
        ("on Tuesday", "DATE"),
    } <= named
    assert {(s["start"], s["end"], s["text"], s["label"]) for s in first["spans"]} == (
        expected_spans(project.store, 1, status="all")
    )


def test_tokens_are_cut_at_span_ends_and_spans_are_never_moved():
    text = "Shelling in northKersh hit the  market"
    # Inside a token; starting on the one space spaCy keeps outside tokens; across a space token.
    spans = [at("Kersh", text), at(" hit", text), at("the  mar", text)]
    tokens = aligned_tokens(text, spans)
    pieces = [text[t.start : t.end] for t in tokens]
    assert pieces == ["Shelling", "in", "north", "Kersh", " ", "hit", "the", " ", "mar", "ket"]
    assert [t.ws for t in tokens] == [
        True,
        True,
        False,
        False,
        False,
        True,
        True,
        False,
        False,
        False,
    ]
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    assert all(start in starts and end in ends for start, end in spans)
    # Without spans, the tokens are spaCy's own.
    assert [text[t.start : t.end] for t in aligned_tokens(text, [])] == [
        "Shelling",
        "in",
        "northKersh",
        "hit",
        "the",
        " ",
        "market",
    ]


def test_a_damaged_span_stops_either_export_and_writes_nothing(project, tmp_path):
    project.store.db.execute("UPDATE spans SET text = 'Kirsh' WHERE id = ?", [project.place])
    for exporter, name in ((export_prodigy, "p.jsonl"), (export_doccano, "d.jsonl")):
        target = tmp_path / name
        target.write_text("previous\n", encoding="utf-8")
        with pytest.raises(ExportError) as info:
            exporter(project.store, target)
        assert [(m.doc_id, m.span_id) for m in info.value.mismatches] == [(1, project.place)]
        assert target.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir() if "jsonl" in p.name) == ["d.jsonl", "p.jsonl"]


def test_both_formats_run_from_the_format_table(project, tmp_path):
    for name in ("prodigy", "doccano"):
        report = run_export(project.store, name, tmp_path / f"{name}.jsonl")
        assert report.path == tmp_path / f"{name}.jsonl" and report.path.exists()
        assert report.summary().startswith("Wrote 2 documents")


# -- doccano export ----------------------------------------------------------------------------


def test_doccano_entities_cover_their_spans_one_by_one(project, tmp_path):
    export_doccano(project.store, tmp_path / "out.jsonl")
    first, second = jsonl(tmp_path / "out.jsonl")
    states = project.store.span_states([s.id for s in project.store.document_spans(1)])
    for entity in first["entities"]:
        state = states[entity["id"]]
        assert (entity["start_offset"], entity["end_offset"], entity["label"]) == (
            state.start,
            state.end,
            state.label,
        )
        assert first["text"][entity["start_offset"] : entity["end_offset"]] == state.text
    assert {
        (e["start_offset"], e["end_offset"], states[e["id"]].text, e["label"])
        for e in first["entities"]
    } == (expected_spans(project.store, 1))
    by_id = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in first["entities"]}
    links = {(by_id[r["from_id"]], by_id[r["to_id"]], r["type"]) for r in first["relations"]}
    assert links == expected_links(project)
    assert [r["id"] for r in first["relations"]] == list(range(1, len(first["relations"]) + 1))
    assert (first["newsmark_id"], first["title"], first["published"], first["x"]) == (
        1,
        "Market shelled",
        "2024-03-12",
        1,
    )
    assert second == {
        "text": QUIET,
        "entities": [],
        "relations": [],
        "title": "Quiet day",
        "newsmark_id": 2,
        "status": "done",
    }


def test_a_stored_meta_key_doccano_reads_otherwise_is_kept_aside(tmp_path):
    with Store.open(tmp_path / "p.nmk") as store:
        store.add_documents([Document(text="Calm.", meta={"label": "wire", "desk": "east"})])
        export_doccano(store, tmp_path / "out.jsonl")
    (line,) = jsonl(tmp_path / "out.jsonl")
    assert line["entities"] == [] and line["meta_label"] == "wire" and line["desk"] == "east"
    (document,) = read_all(read_doccano(tmp_path / "out.jsonl"))[0]
    assert document.meta == {"label": "wire", "desk": "east", "newsmark_id": 1}


# -- reading back ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exporter", "reader"), [(export_prodigy, read_prodigy), (export_doccano, read_doccano)]
)
def test_an_export_reads_back_to_the_projects_spans_and_relations(
    project, tmp_path, exporter, reader
):
    path = tmp_path / "out.jsonl"
    exporter(project.store, path)
    documents, problems = read_all(reader(path))
    assert problems == []
    first, second = documents
    assert [d.location for d in documents] == [f"{path}:1", f"{path}:2"]
    assert (first.text, second.text) == (TEXT, QUIET)
    assert (first.key, second.key, first.status, second.status) == (1, 2, "in_progress", "done")
    assert first.meta == {
        "title": "Market shelled",
        "published": "2024-03-12",
        "newsmark_id": 1,
        "x": 1,
    }
    assert {(s.start, s.end, s.text, s.label) for s in first.spans} == expected_spans(
        project.store, 1
    )
    for span in first.spans:
        assert TEXT[span.start : span.end] == span.text
    assert imported_links(first) == expected_links(project)
    assert len(first.relations) == len(expected_links(project))
    assert second.spans == () and second.relations == ()


def test_prodigy_spans_of_an_accepted_task_come_back_accepted(project, tmp_path):
    export_prodigy(project.store, tmp_path / "out.jsonl")
    (first, _second), _ = read_all(read_prodigy(tmp_path / "out.jsonl"))
    assert {s.status for s in first.spans} == {"accepted"}
    assert {r.status for r in first.relations} == {"accepted"}
    export_doccano(project.store, tmp_path / "d.jsonl")
    (first, _second), _ = read_all(read_doccano(tmp_path / "d.jsonl"))
    assert {s.status for s in first.spans} == {None}  # doccano does not say: pre-annotations


# -- lines written by the tools themselves -----------------------------------------------------

NEWS = "Rebels shelled the market in Kersh on Tuesday."


def news_tokens() -> list[dict[str, Any]]:
    words = [("Rebels", True), ("shelled", True), ("the", True), ("market", True), ("in", True)]
    words += [("Kersh", True), ("on", True), ("Tuesday", False), (".", False)]
    tokens, position = [], 0
    for index, (word, ws) in enumerate(words):
        tokens.append(
            {"text": word, "start": position, "end": position + len(word), "id": index, "ws": ws}
        )
        position += len(word) + ws
    return tokens


def test_a_ner_manual_answer_reads_as_prodigy_wrote_it(tmp_path):
    line = {
        "text": NEWS,
        "_input_hash": -1187364052,
        "_task_hash": 1820399911,
        "tokens": news_tokens(),
        "spans": [
            {"start": 0, "end": 6, "token_start": 0, "token_end": 0, "label": "ORG"},
            {"start": 29, "end": 34, "token_start": 5, "token_end": 5, "label": "GPE"},
            {"start": 35, "end": 45, "token_start": 6, "token_end": 7, "label": "DATE"},
        ],
        "_view_id": "ner_manual",
        "answer": "accept",
        "_timestamp": 1710240000,
        "_annotator_id": "news_ner-ana",
        "_session_id": "news_ner-ana",
    }
    check_prodigy_task({**line, "relations": []})
    (document,), problems = read_all(read_prodigy(write_jsonl(tmp_path / "ner.jsonl", [line])))
    assert problems == []
    assert document.text == NEWS and document.meta == {} and document.key is None
    assert [(s.key, s.text, s.label, s.status, s.annotator) for s in document.spans] == [
        (0, "Rebels", "ORG", "accepted", "news_ner-ana"),
        (1, "Kersh", "GPE", "accepted", "news_ner-ana"),
        (2, "on Tuesday", "DATE", "accepted", "news_ner-ana"),
    ]


def test_a_rel_manual_answer_reads_relations_by_span_or_by_last_token(tmp_path):
    rebels = {"start": 0, "end": 6, "token_start": 0, "token_end": 0, "label": "ORG"}
    shelled = {"start": 7, "end": 14, "token_start": 1, "token_end": 1, "label": "TRIGGER"}
    market = {"start": 15, "end": 25, "token_start": 2, "token_end": 3, "label": "FAC"}
    kersh = {"start": 29, "end": 34, "token_start": 5, "token_end": 5, "label": "GPE"}
    line = {
        "text": NEWS,
        "tokens": news_tokens(),
        "spans": [rebels, shelled, market],
        "relations": [
            {
                "head": 1,
                "child": 0,
                "head_span": shelled,
                "child_span": rebels,
                "label": "attacker",
            },
            # Given only by the last tokens of its spans, as in older tasks.
            {"head": 1, "child": 3, "label": "target"},
            # An end that is not among the spans, made a span from head_span/child_span.
            {"head": 1, "child": 5, "head_span": shelled, "child_span": kersh, "label": "place"},
        ],
        "answer": "accept",
        "meta": {"source": "Wire", "newsmark_id": 41, "status": "reviewed", "page": 2},
    }
    anchored = [r for r in line["relations"] if "head_span" in r]
    check_prodigy_task({**line, "spans": [rebels, shelled, market, kersh], "relations": anchored})
    (document,), problems = read_all(read_prodigy(write_jsonl(tmp_path / "rel.jsonl", [line])))
    assert problems == []
    assert [(s.key, s.text, s.label) for s in document.spans] == [
        (0, "Rebels", "ORG"),
        (1, "shelled", "TRIGGER"),
        (2, "the market", "FAC"),
        (3, "Kersh", "GPE"),
    ]
    assert [(r.head, r.child, r.label) for r in document.relations] == [
        (("span", 1), ("span", 0), "attacker"),
        (("span", 1), ("span", 2), "target"),
        (("span", 1), ("span", 3), "place"),
    ]
    assert (document.key, document.status) == (41, "reviewed")
    assert document.meta == {"source": "Wire", "newsmark_id": 41, "page": 2}


def test_a_rejected_or_ignored_task_gives_its_text_only(tmp_path):
    spans = [{"start": 0, "end": 6, "label": "ORG"}]
    path = write_jsonl(
        tmp_path / "answers.jsonl",
        [
            {"text": NEWS, "spans": spans, "answer": "reject"},
            {"text": NEWS, "spans": spans, "answer": "ignore"},
            {"text": NEWS, "spans": spans},
        ],
    )
    documents, problems = read_all(read_prodigy(path))
    assert [d.spans for d in documents[:2]] == [(), ()]
    assert [(s.text, s.status) for s in documents[2].spans] == [("Rebels", None)]
    assert [(p.location, p.fatal) for p in problems] == [(f"{path}:1", False), (f"{path}:2", False)]
    assert "'reject'" in problems[0].message and "1 span(s)" in problems[0].message
    assert "'ignore'" in problems[1].message


def test_doccano_lines_of_either_form_read(tmp_path):
    path = write_jsonl(
        tmp_path / "doccano.jsonl",
        [
            {
                "id": 7,
                "text": NEWS,
                "label": [[0, 6, "ORG"], [29, 34, "GPE"]],
                "Comments": [],
                "desk": "east",
            },
            {"id": 8, "text": "Calm day.", "label": ["quiet"], "Comments": ["checked"]},
            {
                "id": 9,
                "text": NEWS,
                "entities": [
                    {"id": 31, "label": "ORG", "start_offset": 0, "end_offset": 6},
                    {"id": 32, "label": "TRIGGER", "start_offset": 7, "end_offset": 14},
                ],
                "relations": [{"id": 4, "from_id": 32, "to_id": 31, "type": "attacker"}],
                "meta": {"source": "Wire"},
            },
        ],
    )
    (legacy, classified, current), problems = read_all(read_doccano(path))
    assert problems == []
    assert [(s.key, s.text, s.label) for s in legacy.spans] == [
        (0, "Rebels", "ORG"),
        (1, "Kersh", "GPE"),
    ]
    assert legacy.meta == {"desk": "east", "doccano_id": 7}
    assert classified.spans == ()
    assert classified.meta == {"Comments": ["checked"], "doccano_id": 8, "labels": ["quiet"]}
    assert [(s.key, s.text) for s in current.spans] == [(31, "Rebels"), (32, "shelled")]
    assert [(r.head, r.child, r.label) for r in current.relations] == [
        (("span", 32), ("span", 31), "attacker")
    ]
    assert current.meta == {"source": "Wire", "doccano_id": 9}


# -- bad lines ---------------------------------------------------------------------------------


def test_bad_prodigy_lines_are_named_by_file_and_line_and_never_stop_the_file(tmp_path):
    path = tmp_path / "bad.jsonl"
    lines = [
        json.dumps({"text": "Fine line."}),
        '{"text": "cut off',
        "[1, 2]",
        json.dumps({"meta": {"title": "no text"}}),
        json.dumps({"text": 5}),
        "",
        json.dumps(
            {
                "text": "Rebels shelled Kersh.",
                "spans": [
                    {"start": 15, "end": 40, "label": "GPE"},
                    {"start": 0, "end": 6, "label": "ORG", "text": "Rebel"},
                    {"start": 7, "end": 14, "label": "TRIGGER"},
                    {"start": 15, "end": 20, "label": "GPE", "text": "Kersh"},
                ],
                "relations": [
                    {"head": 9, "child": 2, "label": "place"},
                    {
                        "head_span": {"start": 7, "end": 14},
                        "child_span": {"start": 15, "end": 20, "label": "GPE"},
                        "label": "place",
                    },
                    {
                        "head_span": {"start": 0, "end": 3},
                        "child_span": {"start": 15, "end": 20},
                        "label": "x",
                    },
                ],
            }
        ),
    ]
    path.write_bytes("\n".join(lines).encode("utf-8") + b"\n" + b'{"text": "\xff"}\n')
    documents, problems = read_all(read_prodigy(path))
    assert [d.location for d in documents] == [f"{path}:1", f"{path}:7"]
    fatal = [(p.location, p.message) for p in problems if p.fatal]
    assert fatal == [
        (f"{path}:2", fatal[0][1]),
        (f"{path}:3", "expected a JSON object, found a list"),
        (f"{path}:4", "text: missing"),
        (f"{path}:5", "text: expected a string, found a number"),
        (f"{path}:8", "not valid UTF-8 (byte 11 of the line)"),
    ]
    assert fatal[0][1].startswith("not JSON (Unterminated string")
    partial = [p for p in problems if not p.fatal]
    assert {p.location for p in partial} == {f"{path}:7"}
    messages = [p.message for p in partial]
    assert messages[0].startswith("spans[0].end: 40 is past the end of the text (21 characters)")
    assert messages[1].startswith("spans[1].text: 'Rebel', but the text at 0-6 is 'Rebels'")
    assert messages[2].startswith("relations[0].head: token 9 is the last token of no span")
    assert messages[3].startswith(
        "relations[2].head_span: no span at 0-3, and no label to make one"
    )
    assert len(messages) == 4
    (_fine, partly) = documents
    assert [(s.text, s.label) for s in partly.spans] == [("shelled", "TRIGGER"), ("Kersh", "GPE")]
    assert [(r.head, r.child) for r in partly.relations] == [(("span", 2), ("span", 3))]


def test_bad_doccano_entities_and_relations_lose_only_themselves(tmp_path):
    path = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            {
                "text": NEWS,
                "entities": [
                    {"id": 1, "label": "ORG", "start_offset": 0, "end_offset": 6},
                    {"id": 2, "label": "GPE", "start_offset": 29, "end_offset": 99},
                    {"id": 1, "label": "GPE", "start_offset": 29, "end_offset": 34},
                    {"id": 3, "label": "", "start_offset": 7, "end_offset": 14},
                ],
                "relations": [
                    {"id": 1, "from_id": 1, "to_id": 2, "type": "place"},
                    {"id": 2, "from_id": 1, "to_id": 1, "type": "same"},
                ],
            },
            {"text": NEWS, "label": [[0, 6], [7, "14", "X"], [0, 6, "ORG"]]},
            {"entities": []},
        ],
    )
    documents, problems = read_all(read_doccano(path))
    assert [(p.location, p.fatal, p.message) for p in problems] == [
        (
            f"{path}:1",
            False,
            "entities[1].end_offset: 99 is past the end of the text (46 characters); span left out",
        ),
        (f"{path}:1", False, "entities[2].id: 1 is not a new entity id; span left out"),
        (f"{path}:1", False, "entities[3].label: expected a label, found ''; span left out"),
        (f"{path}:1", False, "relations[0].to_id: no entity 2 in this line; relation left out"),
        (f"{path}:2", False, "label[0]: expected [start, end, label]; span left out"),
        (f"{path}:2", False, "label[1][1]: expected a whole number, found '14'; span left out"),
        (f"{path}:3", True, "text: missing"),
    ]
    first, second = documents
    assert [s.key for s in first.spans] == [1]
    assert [(r.head, r.child, r.label) for r in first.relations] == [
        (("span", 1), ("span", 1), "same")
    ]
    assert [(s.key, s.text) for s in second.spans] == [(2, "Rebels")]


# -- awkward text ------------------------------------------------------------------------------

AWKWARD = "\ufeffRebels\tshelled Ke\u0301rsh 🎯.\r\nThe Front  denied it 𝄞."


def test_awkward_text_exports_with_exact_offsets_and_reads_back_unchanged(tmp_path):
    spans = [
        ("Ke\u0301rsh", "GPE"),
        ("🎯", "SYMBOL"),
        ("The Front", "ORG"),
        ("\ufeffRebels", "ORG"),
    ]
    spans += [("it 𝄞", "THING"), (" denied", "CUE")]
    with Store.open(tmp_path / "p.nmk") as store:
        store.add_documents([Document(text=AWKWARD)])
        assert store.get_document(1).text == AWKWARD
        ids = {
            words: store.create_span(1, *at(words, AWKWARD), label, annotator="ana").created()[0].id
            for words, label in spans
        }
        store.add_relation("located_in", ("span", ids["The Front"]), ("span", ids["Ke\u0301rsh"]))
        export_prodigy(store, tmp_path / "p.jsonl")
        export_doccano(store, tmp_path / "d.jsonl")
    raw = (tmp_path / "p.jsonl").read_text(encoding="utf-8")
    assert "\\r\\n" in raw and "\r" not in raw and len(raw.splitlines()) == 1
    (task,) = jsonl(tmp_path / "p.jsonl")
    assert task["text"] == AWKWARD
    check_prodigy_task(task)
    expected = {(*at(words, AWKWARD), words, label) for words, label in spans}
    assert {(s["start"], s["end"], s["text"], s["label"]) for s in task["spans"]} == expected
    (line,) = jsonl(tmp_path / "d.jsonl")
    assert line["text"] == AWKWARD
    assert {
        (
            e["start_offset"],
            e["end_offset"],
            AWKWARD[e["start_offset"] : e["end_offset"]],
            e["label"],
        )
        for e in line["entities"]
    } == expected
    for reader, name in ((read_prodigy, "p.jsonl"), (read_doccano, "d.jsonl")):
        (document,), problems = read_all(reader(tmp_path / name))
        assert problems == [] and document.text == AWKWARD
        assert {(s.start, s.end, s.text, s.label) for s in document.spans} == expected
        front, place = at("The Front", AWKWARD), at("Ke\u0301rsh", AWKWARD)
        assert imported_links(document) == {((*front, "ORG"), (*place, "GPE"), "located_in")}


def test_a_file_bom_goes_and_a_bom_or_crlf_inside_the_text_stays(tmp_path):
    text = "\ufeffOne\r\ntwo 🎯\tthree e\u0301"
    start = text.index("two")
    line = {
        "text": text,
        "spans": [{"start": start, "end": start + 5, "label": "X", "text": "two 🎯"}],
    }
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(line).encode("utf-8") + b"\r\n")
    (document,), problems = read_all(read_prodigy(path))
    assert problems == [] and document.text == text
    assert [(s.start, s.end, s.text) for s in document.spans] == [(start, start + 5, "two 🎯")]
    doccano = {
        "text": text,
        "entities": [{"id": 1, "label": "X", "start_offset": start, "end_offset": start + 5}],
    }
    path.write_bytes(
        b"\xef\xbb\xbf" + json.dumps(doccano, ensure_ascii=False).encode("utf-8") + b"\n"
    )
    (document,), problems = read_all(read_doccano(path))
    assert problems == [] and document.text == text and document.spans[0].text == "two 🎯"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=texts_and_spans())
def test_any_text_and_spans_make_a_valid_prodigy_task_and_read_back(document):
    text, spans = document
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "p.nmk") as store:
        store.add_documents([Document(text=text)])
        for start, end, label in spans:
            store.create_span(1, start, end, label, annotator="ana")
        out = Path(folder) / "out.jsonl"
        export_prodigy(store, out, ExportOptions(status="all"))
        (task,) = jsonl(out)
        assert task["text"] == text
        check_prodigy_task(task)
        expected = {(s, e, text[s:e], label) for s, e, label in spans}
        assert {(s["start"], s["end"], s["text"], s["label"]) for s in task["spans"]} == expected
        (read,), problems = read_all(read_prodigy(out))
        assert problems == [] and read.text == text
        assert {(s.start, s.end, s.text, s.label) for s in read.spans} == expected
