"""spaCy DocBin export, read back with spaCy's own DocBin: texts kept exactly, every span on
token boundaries (cut out of a token when it must be), entities chosen without overlap and
the rest reported, filters, a damaged span stops the export, atomic writing, and a real
``spacy train`` run on an export with the shipped config."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import spacy
from exchange_project import QUIET, TEXT, Project, at
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, DocBin

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.exchange.docbin_export import (
    DOC_ID_KEY,
    TITLE_KEY,
    aligned_doc,
    blank_tokenizer,
    export_docbin,
)
from newsmark.exchange.formats import run_export
from newsmark.exchange.records import ExportOptions
from newsmark.exchange.writing import ExportError, atomic_bytes_file
from newsmark.nlp.candidates import DocumentSuggestions, SpanCandidate

REPO = Path(__file__).resolve().parents[2]
CONFIG = REPO / "docs" / "formats" / "spacy-train.cfg"
STRUCTURAL = {"TRIGGER", "CUE", "CLAIM", "ACTOR"}
TOKENIZER = blank_tokenizer()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    made = Project(tmp_path / "p.nmk")
    yield made
    made.store.close()


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "s.nmk")
    yield opened
    opened.close()


def read_docs(path: Path) -> list[Doc]:
    """The file as spaCy reads it for training."""
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def spans_of(doc: Doc, key: str = "sc") -> list[tuple[int, int, str, str, str]]:
    return sorted((s.start_char, s.end_char, s.label_, s.text, s.id_) for s in doc.spans[key])


def ents_of(doc: Doc) -> list[tuple[int, int, str, str]]:
    return [(s.start_char, s.end_char, s.label_, s.text) for s in doc.ents]


def stored_spans(store: Store, doc_id: int, statuses: set[str]) -> list[tuple]:
    """What the project holds, in the shape of :func:`spans_of`."""
    return sorted(
        (s.start, s.end, s.label, s.text, str(s.id))
        for s in store.document_spans(doc_id, include_rejected=True)
        if s.status in statuses
    )


def check_entities(doc: Doc) -> None:
    """doc.ents: entity labels only, each one of the spans of the group, no two sharing a token
    (spaCy enforces the last; checked so a failure says where)."""
    group = {(s.start, s.end, s.label_) for s in doc.spans["sc"]}
    used: set[int] = set()
    for ent in doc.ents:
        assert ent.label_ not in STRUCTURAL
        assert (ent.start, ent.end, ent.label_) in group
        assert not used.intersection(range(ent.start, ent.end))
        used.update(range(ent.start, ent.end))


# -- the shared project -----------------------------------------------------------------------


def test_every_span_of_the_project_comes_back_from_spacy(project, tmp_path):
    out = tmp_path / "train.spacy"
    report = export_docbin(project.store, out, ExportOptions(status="all"))
    first, second = read_docs(out)

    assert first.text == TEXT and second.text == QUIET
    assert first.user_data[DOC_ID_KEY] == 1 and first.user_data[TITLE_KEY] == "Market shelled"
    assert second.user_data[DOC_ID_KEY] == 2 and second.user_data[TITLE_KEY] == "Quiet day"
    every = {"accepted", "suggested", "rejected"}
    assert spans_of(first) == stored_spans(project.store, 1, every)
    for start, end, _label, text, _id in spans_of(first):
        assert TEXT[start:end] == text
    assert spans_of(second) == [] and ents_of(second) == []
    check_entities(first)

    # The awkward characters: a combining accent inside a span, an emoji and a symbol from
    # beyond the Basic Multilingual Plane, a tab between words.
    assert (*at("Ke\u0301rsh"), "GPE", "Ke\u0301rsh") in ents_of(first)
    claim = (*at("responsibility 𝄞 for the attack"), "CLAIM", "responsibility 𝄞 for the attack")
    assert claim in [span[:4] for span in spans_of(first)]
    assert "\t" in [token.text for token in first]

    # The rejected "Tuesday, killing" overlaps the accepted "on Tuesday": span group only.
    assert (*at("on Tuesday"), "DATE", "on Tuesday") in ents_of(first)
    assert not [e for e in ents_of(first) if e[3] == "Tuesday, killing"]
    assert [t.ent_iob_ for t in first if t.text in (",", "killing")][:2] == ["", ""]
    assert report.warnings == (
        "1 overlapping span in 1 document kept in doc.spans['sc'] only, not in doc.ents",
    )
    assert (report.documents, report.docs_written, report.spans) == (2, 2, 11)
    assert (report.ents, report.left_out, report.not_entity_labels) == (7, 1, 3)
    assert report.summary().startswith("Wrote 2 documents (11 spans in doc.spans['sc'], 7 of")


def test_by_default_only_accepted_spans_are_exported(project, tmp_path):
    out = tmp_path / "accepted.spacy"
    report = export_docbin(project.store, out)
    first, _second = read_docs(out)
    assert spans_of(first) == stored_spans(project.store, 1, {"accepted"})
    texts = {span[3] for span in spans_of(first)}
    assert "five traders" not in texts and "Tuesday, killing" not in texts
    assert report.warnings == ()
    assert sorted(ents_of(first)) == sorted(
        (s.start, s.end, s.label, s.text)
        for s in project.store.document_spans(1)
        if s.status == "accepted" and s.label not in STRUCTURAL
    )
    # Nothing was left out, so every token is either in an entity or outside one.
    assert all(token.ent_iob_ in ("B", "I", "O") for token in first)


def test_filters_choose_documents_and_labels(project, tmp_path):
    out = tmp_path / "done.spacy"
    report = export_docbin(project.store, out, ExportOptions(doc_statuses=("done",)))
    (only,) = read_docs(out)
    assert only.text == QUIET and report.docs_written == 1

    export_docbin(project.store, out, ExportOptions(labels=("PERSON",)))
    first, _second = read_docs(out)
    labelled = {(s[2], s[3]) for s in spans_of(first)}
    # PERSON spans, and the spans the exported event and claim point at, but no other FAC.
    assert ("PERSON", "the governor") in labelled and ("FAC", "main market") not in labelled
    assert ("TRIGGER", "shelled") in labelled

    report = export_docbin(project.store, out, ExportOptions(labels=("PERSON",), skip_empty=True))
    assert (report.documents, report.docs_written) == (2, 1)
    assert len(read_docs(out)) == 1


def test_the_format_table_passes_the_spans_key(project, tmp_path):
    out = tmp_path / "key.spacy"
    report = run_export(project.store, "spacy", out, spans_key="mentions", bom=True)
    first, _second = read_docs(out)
    assert list(first.spans) == ["mentions"]
    assert spans_of(first, "mentions") == stored_spans(project.store, 1, {"accepted"})
    assert "doc.spans['mentions']" in report.summary()
    with pytest.raises(ExportError, match="spans key"):
        export_docbin(project.store, out, spans_key="")


# -- tokens cut for spans ---------------------------------------------------------------------


def add_spans(store: Store, doc_id: int, text: str, marks: list[tuple[str, str]]) -> None:
    for words, label in marks:
        store.create_span(doc_id, *at(words, text), label, annotator="ana")


def test_spans_inside_tokens_and_around_whitespace_keep_their_offsets(store, tmp_path):
    text = (
        "U.N.-backed forces entered Kersh-based camps\ton Friday 🎉, and #KershAttack trended.\n"
        "Residents of Ke\u0301rsh  fled east."
    )
    store.add_documents([Document(text=text, title="Camps")])
    # The blank tokenizer keeps these whole: the export has to cut them.
    tokens = [token.text for token in TOKENIZER(text)]
    assert "U.N.-backed" in tokens and "#" in tokens and "KershAttack" in tokens
    add_spans(
        store,
        1,
        text,
        [
            ("U.N.", "ORG"),
            ("Kersh", "GPE"),
            ("Kersh-based camps", "FAC"),
            ("on Friday 🎉", "DATE"),
            ("KershAttack", "CLAIM"),
            ("Attack", "TRIGGER"),
            ("Ke\u0301rsh ", "GPE"),  # takes in the space after it
            (" fled", "TRIGGER"),  # starts on the second space
        ],
    )
    out = tmp_path / "cut.spacy"
    report = export_docbin(store, out)
    (doc,) = read_docs(out)
    assert doc.text == text
    assert spans_of(doc) == stored_spans(store, 1, {"accepted"})
    for span in doc.spans["sc"]:
        assert text[span.start_char : span.end_char] == span.text
    tokens = [token.text for token in doc]
    assert tokens[:3] == ["U.N.", "-backed", "forces"]
    assert tokens[tokens.index("#") + 1 : tokens.index("#") + 3] == ["Kersh", "Attack"]
    check_entities(doc)
    assert (*at("U.N.", text), "ORG", "U.N.") in ents_of(doc)
    # "Kersh" lies inside the longer "Kersh-based camps", which wins.
    assert (*at("Kersh-based camps", text), "FAC", "Kersh-based camps") in ents_of(doc)
    assert report.warnings == (
        "1 overlapping span in 1 document kept in doc.spans['sc'] only, not in doc.ents",
        "1 span starting or ending with whitespace in 1 document kept in doc.spans['sc'] only, "
        "not in doc.ents",
    )


def test_overlaps_keep_one_entity_and_every_span(store, tmp_path):
    text = "The Eastern Front said Eastern Front fighters held the Amal bridge on Monday."
    store.add_documents([Document(text=text, title="Overlaps")])
    # Accepted "Amal" against a longer suggestion "the Amal bridge": accepted wins.
    add_spans(store, 1, text, [("Eastern Front", "ORG"), ("Amal", "GPE")])
    # "The Eastern Front" (longer) against "Eastern Front" (accepted): accepted wins.
    first = text.index("Eastern Front")
    second = text.index("Eastern Front", first + 1)
    store.create_span(1, second, second + len("Eastern Front fighters"), "ORG", annotator="ana")
    store.create_span(1, second, second + len("Eastern Front"), "NORP", annotator="bob")
    suggestions = [
        SpanCandidate(*at("The Eastern Front", text), "ORG", "The Eastern Front", "rule:t", 0.9),
        SpanCandidate(*at("the Amal bridge", text), "FAC", "the Amal bridge", "rule:t", 0.9),
        SpanCandidate(*at("on Monday", text), "DATE", "on Monday", "rule:t", 0.4),
    ]
    store.add_suggestions([DocumentSuggestions(1, spans=suggestions)], run_origin="test")
    out = tmp_path / "overlaps.spacy"
    report = export_docbin(store, out, ExportOptions(status="all"))
    (doc,) = read_docs(out)
    assert spans_of(doc) == stored_spans(store, 1, {"accepted", "suggested"})
    assert len(doc.spans["sc"]) == 7
    check_entities(doc)
    assert ents_of(doc) == [
        (first, first + 13, "ORG", "Eastern Front"),
        # Of the two accepted spans at the second mention, the longer one.
        (second, second + 22, "ORG", "Eastern Front fighters"),
        (*at("Amal", text), "GPE", "Amal"),
        (*at("on Monday", text), "DATE", "on Monday"),
    ]
    # Words of a left-out span that no entity covers are unknown, not "outside".
    iob = {token.text: token.ent_iob_ for token in doc if token.text in ("the", "bridge", "The")}
    assert iob == {"The": "", "the": "", "bridge": ""}
    assert report.warnings == (
        "3 overlapping spans in 1 document kept in doc.spans['sc'] only, not in doc.ents",
    )


def test_a_span_stored_twice_is_one_entity(store, tmp_path):
    text = "Police arrested two men in Velk on Sunday."
    store.add_documents([Document(text=text, title="Twice")])
    add_spans(store, 1, text, [("Velk", "GPE"), ("Police", "ORG")])
    # As an import from two annotation files can leave it: the same span a second time.
    store.db.execute(
        'INSERT INTO spans (doc_id, start, "end", label, text, status, origin, annotator, '
        'created_at, updated_at) SELECT doc_id, start, "end", label, text, status, origin, '
        "annotator, created_at, updated_at FROM spans WHERE text = 'Velk'"
    )
    out = tmp_path / "twice.spacy"
    report = export_docbin(store, out)
    (doc,) = read_docs(out)
    assert spans_of(doc) == stored_spans(store, 1, {"accepted"})
    assert [s[3] for s in spans_of(doc)] == ["Police", "Velk", "Velk"]
    assert ents_of(doc) == [(0, 6, "ORG", "Police"), (*at("Velk", text), "GPE", "Velk")]
    assert all(token.ent_iob_ in ("B", "I", "O") for token in doc)
    assert report.warnings == (
        "1 span repeating an entity (same words, same label) in 1 document kept in "
        "doc.spans['sc'] only, not in doc.ents",
    )


@given(
    text=st.text(alphabet=st.sampled_from(list("ab .,-'\t\n\u0301🎯𝄞é")), min_size=1, max_size=40),
    data=st.data(),
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_span_lands_on_token_boundaries(text, data):
    bounds = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(text) - 1), st.integers(1, len(text)))
            .map(sorted)
            .filter(lambda pair: pair[0] < pair[1]),
            max_size=6,
        )
    )
    doc = aligned_doc(text, [tuple(pair) for pair in bounds], TOKENIZER)
    assert doc.text == text
    for start, end in bounds:
        span = doc.char_span(start, end, alignment_mode="strict")
        assert span is not None and span.text == text[start:end]


# -- damaged spans and atomic writing -----------------------------------------------------------


def test_a_span_that_no_longer_matches_its_text_stops_the_export(project, tmp_path):
    target = tmp_path / "out.spacy"
    target.write_bytes(b"previous export")
    project.store.db.execute("UPDATE spans SET text = 'Kirsh' WHERE id = ?", [project.place])
    with pytest.raises(ExportError) as info:
        export_docbin(project.store, target)
    assert f"document 1, span {project.place}" in str(info.value) and "'Kirsh'" in str(info.value)
    assert [(m.doc_id, m.span_id) for m in info.value.mismatches] == [(1, project.place)]
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir() if "out" in p.name] == ["out.spacy"]


def test_atomic_bytes_file_keeps_the_previous_file_on_failure(store, tmp_path):
    target = tmp_path / "t.spacy"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), atomic_bytes_file(target) as handle:
        handle.write(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if ".spacy" in p.name] == ["t.spacy"]
    with atomic_bytes_file(target) as handle:
        handle.write(b"new")
    assert target.read_bytes() == b"new"
    with pytest.raises(ExportError, match="does not exist"):
        export_docbin(store, tmp_path / "no" / "f.spacy")
    with pytest.raises(ExportError, match="is a folder"), atomic_bytes_file(tmp_path):
        pass


def test_progress_is_reported_per_document(project, tmp_path):
    seen: list[tuple[int, int]] = []
    export_docbin(project.store, tmp_path / "p.spacy", progress=lambda d, t: seen.append((d, t)))
    assert seen == [(1, 2), (2, 2)]


# -- training for real --------------------------------------------------------------------------

# Short news sentences of one shape, varied enough for a few training steps.
_ACTORS = ("Rebels", "Government troops", "The Eastern Front", "Militiamen", "Police")
_PLACES = ("Kersh", "Port Amal", "Dorvan", "Tessaly", "Upper Mirra", "Velk")
_DAYS = ("on Monday", "on Tuesday", "on Friday", "on Sunday")
_SOURCES = ("the governor", "a local official", "the mayor", "a police spokesman")


def training_project(path: Path) -> Store:
    """Forty documents: thirty done (for training), ten reviewed (for evaluation)."""
    store = Store.open(path)
    rows = []
    for i in range(40):
        actor, place = _ACTORS[i % 5], _PLACES[i % 6]
        day, source = _DAYS[i % 4], _SOURCES[i % 4]
        text = (
            f"{actor} shelled the market in {place} {day}, killing {i % 7 + 2} people, "
            f"{source} said. The {place} Brigade denied responsibility."
        )
        rows.append((text, actor, place, day, source))
    store.add_documents([Document(text=row[0], title=f"Report {i}") for i, row in enumerate(rows)])
    for doc_id, (text, actor, place, day, source) in enumerate(rows, start=1):
        add_spans(
            store,
            doc_id,
            text,
            [
                (actor, "ORG"),
                (place, "GPE"),
                (day, "DATE"),
                (source, "PERSON"),
                (f"The {place} Brigade", "ORG"),
                ("shelled", "TRIGGER"),
                ("denied", "CUE"),
            ],
        )
        store.set_document_status(doc_id, "done" if doc_id <= 30 else "reviewed")
    return store


@pytest.mark.slow
def test_spacy_trains_on_an_export_with_the_shipped_config(tmp_path):
    store = training_project(tmp_path / "train.nmk")
    train, dev = tmp_path / "train.spacy", tmp_path / "dev.spacy"
    report = export_docbin(store, train, ExportOptions(doc_statuses=("done",)))
    assert (report.docs_written, report.ents, report.warnings) == (30, 150, ())
    export_docbin(store, dev, ExportOptions(doc_statuses=("reviewed",)))
    store.close()

    output = tmp_path / "model"
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(CONFIG),
         "--paths.train", str(train), "--paths.dev", str(dev), "--output", str(output),
         "--training.max_steps", "20", "--training.eval_frequency", "10"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"spacy train, 20 steps on 30 documents: {seconds:.1f} s")

    nlp = spacy.load(output / "model-last")
    assert nlp.pipe_names == ["tok2vec", "ner", "spancat"]
    assert set(nlp.get_pipe("ner").labels) == {"ORG", "GPE", "DATE", "PERSON"}
    assert set(nlp.get_pipe("spancat").labels) == {
        "ORG",
        "GPE",
        "DATE",
        "PERSON",
        "TRIGGER",
        "CUE",
    }
    # The trained pipeline runs on new text (what it finds after 20 steps is not judged).
    doc = nlp("Rebels shelled Velk on Sunday, the mayor said.")
    assert doc.text == "Rebels shelled Velk on Sunday, the mayor said."
    assert "sc" in doc.spans
