"""Merging annotators' project files: documents matched by content and added whole, actors by
id and name with conflicts reported, every annotation kept with its annotator, the first
file's schema adopted by a fresh team project, and a second merge adding nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsmark.cli import main
from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.exchange.importing import import_annotations
from newsmark.review.merge import MergeError, merge_projects

STRIKE = (
    "Rebels shelled the market in Kersh on Tuesday, killing five traders, the governor said.\n"
    "The Eastern Front denied responsibility for the attack."
)
PROTEST = "Police dispersed protesters in Basra on Friday."


def at(words: str, text: str = STRIKE) -> dict[str, int]:
    start = text.index(words)
    return {"start": start, "end": start + len(words)}


def span(key: int, words: str, label: str, annotator: str, text: str = STRIKE) -> dict[str, Any]:
    return {
        "id": key,
        **at(words, text),
        "text": words,
        "label": label,
        "status": "accepted",
        "origin": "manual",
        "annotator": annotator,
    }


def annotator_project(folder: Path, name: str, lines: list[dict[str, Any]]) -> Path:
    """An annotator's project: the shared articles (with what cleaning removed), the shared
    starter actor, then their own annotations imported from a native JSONL file."""
    path = folder / f"{name}.nmk"
    with Store.open(path) as store:
        store.add_documents(
            [
                Document(
                    text=STRIKE, title="Market shelled", original_text="Share this\n" + STRIKE
                ),
                Document(text=PROTEST, title="Basra protest"),
            ]
        )
        store.add_actors([{"name": "Eastern Front", "aliases": ["EF"]}])
        source = folder / f"{name}.jsonl"
        source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
        report = import_annotations(store, [source])
        assert report.refused == [] and report.left_out == []
    return path


def line(text: str, spans: list[dict[str, Any]], **records: Any) -> dict[str, Any]:
    return {"format": "newsmark/1", "id": 1, "text": text, "spans": spans, **records}


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    ana = annotator_project(
        tmp_path,
        "ana",
        [
            line(
                STRIKE,
                [
                    span(1, "Rebels", "ORG", "ana"),
                    span(2, "shelled", "TRIGGER", "ana"),
                    span(3, "Kersh", "GPE", "ana"),
                    span(4, "The Eastern Front", "ORG", "ana") | {"actor": 1},
                ],
                actors=[
                    {
                        "id": 1,
                        "name": "Eastern Front",
                        "type": None,
                        "country": None,
                        "aliases": ["EF"],
                        "external_ids": {},
                    }
                ],
                events=[
                    {
                        "id": 1,
                        "type": "Explosions/Remote violence",
                        "trigger": 2,
                        "arguments": [
                            {"role": "attacker", "span": 1},
                            {"role": "target", "actor": 1},
                        ],
                        "status": "accepted",
                        "annotator": "ana",
                    }
                ],
            )
        ],
    )
    bob = annotator_project(
        tmp_path,
        "bob",
        [
            line(STRIKE, [span(1, "Rebels", "NORP", "bob"), span(2, "Kersh", "GPE", "bob")]),
            line(PROTEST, [span(1, "Police", "ORG", "bob", PROTEST)]) | {"id": 2},
        ],
    )
    return ana, bob


def spans_by_annotator(store: Store) -> set[tuple[str, str, str, str]]:
    return {
        (store.get_document(doc_id).title, s.text, s.label, s.annotator)
        for doc_id in store.document_ids()
        for s in store.document_spans(doc_id)
    }


def test_two_annotators_land_side_by_side_in_the_team_project(files, tmp_path):
    ana, bob = files
    with Store.open(tmp_path / "team.nmk") as team:
        report = merge_projects(team, [ana, bob])
        assert report.refused == [] and report.left_out == [] and report.conflicts == []
        assert len(team.document_ids()) == 2
        assert spans_by_annotator(team) == {
            ("Market shelled", "Rebels", "ORG", "ana"),
            ("Market shelled", "shelled", "TRIGGER", "ana"),
            ("Market shelled", "Kersh", "GPE", "ana"),
            ("Market shelled", "The Eastern Front", "ORG", "ana"),
            ("Market shelled", "Rebels", "NORP", "bob"),
            ("Market shelled", "Kersh", "GPE", "bob"),
            ("Basra protest", "Police", "ORG", "bob"),
        }
        (event,) = team.document_events(1)
        assert event.annotator == "ana"
        assert {a.role for a in event.arguments} == {"attacker", "target"}
        (actor,) = team.list_actors()
        assert (actor["id"], actor["name"], actor["aliases"]) == (1, "Eastern Front", ["EF"])
        linked = [s for s in team.document_spans(1) if s.actor_id is not None]
        assert [s.text for s in linked] == ["The Eastern Front"]
        # The document came whole: what cleaning removed is still there.
        assert team.get_document(1).original_text.startswith("Share this\n")
    assert report.counts.new_documents == 2 and report.counts.spans == 7


def test_merging_the_same_files_again_adds_nothing(files, tmp_path):
    ana, bob = files
    with Store.open(tmp_path / "team.nmk") as team:
        merge_projects(team, [ana, bob])
        before = team.stats()
        again = merge_projects(team, [ana, bob, ana])
        assert team.stats() == before
        assert len(team.list_actors()) == 1
    counts = again.counts
    assert counts.spans == counts.events == counts.relations == counts.actors == 0
    assert counts.new_documents == 0 and counts.already_there > 0


def test_an_actor_id_that_means_another_actor_is_reported_not_overwritten(files, tmp_path):
    ana, bob = files
    with Store.open(bob) as store:
        store.db.execute("UPDATE actors SET name = 'Northern Army', type = NULL WHERE id = 1")
        store.db.conn.commit()
    with Store.open(ana) as store:
        store.db.execute("UPDATE actors SET country = 'SYR' WHERE id = 1")
        store.db.conn.commit()
    with Store.open(tmp_path / "team.nmk") as team:
        team.add_actors([{"name": "Eastern Front", "country": "IRQ"}])
        report = merge_projects(team, [ana, bob])
        actors = {a["id"]: (a["name"], a["country"]) for a in team.list_actors()}
    assert actors[1] == ("Eastern Front", "IRQ")  # the team's own values kept
    assert ("Northern Army", None) in actors.values()
    assert len(report.conflicts) == 2
    assert any("country 'SYR' (kept 'IRQ')" in c and str(ana) in c for c in report.conflicts)
    assert any(
        "is 'Eastern Front' here but 'Northern Army' there" in c and str(bob) in c
        for c in report.conflicts
    )


def test_a_fresh_team_project_adopts_the_first_schema(files, tmp_path):
    ana, bob = files
    with Store.open(ana) as store:
        store.add_to_schema("label", "WEAPON", colour="#123456")
    with Store.open(tmp_path / "team.nmk") as team:
        report = merge_projects(team, [ana, bob])
        assert team.project_schema().label("WEAPON").colour == "#123456"
    assert report.schema.added == []


def test_bad_sources_are_refused_by_name_and_the_target_itself_is_refused(files, tmp_path):
    ana, _bob = files
    junk = tmp_path / "junk.nmk"
    junk.write_bytes(b"not a database at all" * 100)
    with Store.open(tmp_path / "team.nmk") as team:
        report = merge_projects(team, [junk, tmp_path / "missing.nmk", ana])
        assert len(team.document_ids()) == 2
        with pytest.raises(MergeError, match="is the project merged into"):
            merge_projects(team, [tmp_path / "team.nmk"])
    assert [p.location for p in report.refused] == [str(junk), str(tmp_path / "missing.nmk")]
    assert report.exit_code == 1


def test_the_merge_command(files, tmp_path, capsys):
    ana, bob = files
    team = tmp_path / "team.nmk"
    assert main(["merge", str(ana), str(bob), "--into", str(team)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Merged annotations from 2 file(s)")
    assert main(["merge", str(ana), "--into", str(team), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["spans"] == 0
    assert main(["merge", str(team), "--into", str(team)]) == 2
    assert "is the project merged into" in capsys.readouterr().err
