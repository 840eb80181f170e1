"""brat standoff: bratly loads the export span by span, read_brat gives the project back,
annotation.conf declares every name used, a damaged span or an escaping path writes nothing,
and the reader keeps offsets exact on BOM/CRLF/emoji text and reports bad lines where they
are while taking the good ones."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bratly import (
    AnnotationCollection,
    EntityAnnotation,
    EventAnnotation,
    NormalizationAnnotation,
    RelationAnnotation,
)
from bratly.io import read_and_load_ann_file, read_document_collection_from_folder
from exchange_project import TEXT, Project, at

from newsmark.core.imported import ImportedDocument, ImportProblem
from newsmark.exchange.brat_export import export_brat
from newsmark.exchange.brat_reader import read_brat
from newsmark.exchange.brat_standoff import (
    ANNOTATION_CONF,
    VISUAL_CONF,
    brat_name,
    fragments,
    note_text,
    parse_note,
    same_name,
)
from newsmark.exchange.formats import run_export
from newsmark.exchange.records import ExportOptions
from newsmark.exchange.writing import ExportError

EVERYTHING = ExportOptions(status="all")
SHELLING = "Explosions-Remote_violence"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    made = Project(tmp_path / "p.nmk")
    yield made
    made.store.close()


def bratly_document(folder: Path, name: str) -> object:
    """The bratly Document of ``name``.txt, ids kept as written."""
    collection = read_document_collection_from_folder(
        str(folder), no_duplicates_ann=False, sort_ann=False, renumerotize_ann=False
    )
    (document,) = [d for d in collection.documents if d.filename_without_ext == name]
    return document


def annotations(loaded: object, kind: type | None = None) -> dict[str, object]:
    """The annotations of a bratly Document or AnnotationCollection by id (of one kind)."""
    if isinstance(loaded, AnnotationCollection):
        collection = loaded
    else:
        (collection,) = loaded.annotation_collections
    return {a.id: a for a in collection.get_annotations(descendant_type=kind) if a.id}


def read_all(folder: Path) -> tuple[list[ImportedDocument], list[ImportProblem]]:
    found = list(read_brat(folder))
    documents = [d for d in found if isinstance(d, ImportedDocument)]
    return documents, [p for p in found if isinstance(p, ImportProblem)]


def parse_conf(text: str) -> dict[str, dict[str, str]]:
    """annotation.conf as section -> first field -> rest of the line."""
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
        elif line.strip() and not line.startswith("#"):
            name, _, rest = line.partition("\t")
            current[name] = rest
    return sections


def conf_arguments(rest: str) -> dict[str, set[str]]:
    """``Role*:A|B, Other?:C`` as role (without ?*+) -> types."""
    found = {}
    for part in filter(None, (p.strip() for p in rest.split(","))):
        role, _, types = part.partition(":")
        found[role.rstrip("?*+")] = set(types.split("|"))
    return found


# ---------------------------------------------------------------------------------------------
# Export, checked with bratly
# ---------------------------------------------------------------------------------------------


def test_bratly_loads_every_span_as_stored(project, tmp_path, capsys):
    folder = tmp_path / "brat"
    report = export_brat(project.store, folder, EVERYTHING)
    assert report.path == folder
    assert (report.documents, report.spans, report.events, report.claims) == (2, 11, 1, 1)
    assert report.relations == 1 and report.actors == 1
    assert "actor or a value kept in AnnotatorNotes" in report.warnings[0]
    assert (folder / "1.txt").read_bytes() == TEXT.encode("utf-8")

    document = bratly_document(folder, "1")
    assert document.text == TEXT
    assert document.check_ann_compatibility_with_txt()
    entities = annotations(document, EntityAnnotation)
    by_offsets = {(e.fragments[0].start, e.fragments[-1].end): e for e in entities.values()}
    spans = project.store.document_spans(1, include_rejected=True)
    assert len(entities) == len(spans)
    expected_type = {project.event: SHELLING}
    for span in spans:
        entity = by_offsets[(span.start, span.end)]
        assert [(f.start, f.end) for f in entity.fragments] == [(span.start, span.end)]
        assert entity.content == span.text == TEXT[span.start : span.end]
        if span.label == "TRIGGER":
            assert entity.label == expected_type[project.event]
        elif span.label == "CUE":
            assert entity.label == "Claim"  # the trigger of the claim's E line
        else:
            assert entity.label == span.label

    events = annotations(document, EventAnnotation)
    shelling = events["E1"]
    assert shelling.label == SHELLING
    assert shelling.event_trigger.content == "shelled"
    assert {role: e.content for role, e in shelling.args.items()} == {
        "attacker": "Rebel fighters",
        "place": "Ke\u0301rsh",
        "time": "on Tuesday",
    }
    # bratly takes only T lines as arguments, so it skips the claim (About:E1), which brat
    # itself allows; read_brat reads it (below).
    written = {line.split("\t")[0] for line in (folder / "1.ann").read_text("utf-8").splitlines()}
    assert written - set(annotations(document)) == {"E2", "A3", "A4", "A5"}  # E2 and its A lines
    assert "E2\tClaim:T10 Content:T11 Claimant:T9 About:E1" in capsys.readouterr().out
    (relation,) = annotations(document, RelationAnnotation).values()
    assert relation.label == "located_in"
    assert relation.argument1[1].content == "shelled"  # the event's trigger
    assert relation.argument2[1].content == "Ke\u0301rsh"
    (reference,) = annotations(document, NormalizationAnnotation).values()
    assert reference.external_resource == ("Newsmark", str(project.front))
    assert reference.content == "Eastern Front"
    assert reference.component.content == "The Eastern Front"


def test_a_span_across_lines_becomes_fragments_brat_and_bratly_accept(project, tmp_path):
    crossing = project.store.create_span(1, *at("said.\nThe Eastern"), "ORG", annotator="ana")
    span_id = crossing.created()[0].id
    tabbed = project.store.create_span(1, *at("fighters\tshelled"), "ORG", annotator="ana")
    tab_id = tabbed.created()[0].id
    folder = tmp_path / "brat"
    export_brat(project.store, folder)

    lines = (folder / "1.ann").read_text("utf-8").splitlines()
    start, end = at("said.\nThe Eastern")
    newline = TEXT.index("\n", start)
    assert f"ORG {start} {newline};{newline + 1} {end}\tsaid. The Eastern" in "\n".join(lines)
    entities = annotations(
        read_and_load_ann_file(str(folder / "1.ann"), renumerotize=False, sorting=False),
        EntityAnnotation,
    )
    cut = [e for e in entities.values() if len(e.fragments) == 2]
    assert sorted(e.content for e in cut) == ["fighters shelled", "said. The Eastern"]
    for entity in cut:
        for fragment in entity.fragments:
            assert TEXT[fragment.start : fragment.end] in entity.content

    # Read back, the fragments are one span again: only a line break or a tab lay between.
    (document, _quiet), problems = read_all(folder)
    assert problems == []
    by_text = {s.text: s for s in document.spans}
    for words, stored in (("said.\nThe Eastern", span_id), ("fighters\tshelled", tab_id)):
        span = by_text[words]
        assert (span.start, span.end) == at(words)
        assert project.store.span_states([stored])[stored].text == words


def test_read_brat_gives_the_project_back(project, tmp_path):
    folder = tmp_path / "brat"
    export_brat(project.store, folder, EVERYTHING)
    (document, quiet), problems = read_all(folder)
    assert problems == []
    assert (document.key, document.location, document.text) == ("1", "1.ann", TEXT)
    assert (quiet.key, quiet.spans) == ("2", ())

    stored = project.store.document_spans(1, include_rejected=True)
    states = project.store.span_states([s.id for s in stored])
    keys = {}
    assert len(document.spans) == len(stored)
    for span in document.spans:
        assert span.text == TEXT[span.start : span.end]
        (state,) = [s for s in states.values() if (s.start, s.end) == (span.start, span.end)]
        keys[state.id] = span.key
        assert (span.label, span.status, span.origin, span.annotator, span.score) == (
            state.label,
            state.status,
            state.origin,
            state.annotator,
            state.score,
        )
    suggestion = next(s for s in document.spans if s.key == keys[project.suggested])
    assert suggestion.attributes == {"n": 5}
    front = next(s for s in document.spans if s.key == keys[project.front_span])
    assert front.actor == f"Newsmark:{project.front}"
    (actor,) = document.actors
    assert (actor.key, actor.name) == (f"Newsmark:{project.front}", "Eastern Front")

    (event,) = document.events
    record = project.store.event(project.event)
    assert (event.type, event.subtype, event.status, event.annotator) == (
        record.type,
        record.subtype,
        record.status,
        record.annotator,
    )
    assert event.trigger == keys[record.trigger.span_id]
    assert event.attributes == record.attributes
    assert [(a.role, a.span, a.actor) for a in event.arguments] == [
        ("attacker", keys[project.rebels], None),
        ("place", keys[project.place], None),
        ("time", keys[project.when], None),
        ("target", None, f"Newsmark:{project.front}"),
    ]

    (claim,) = document.claims
    assert (claim.type, claim.stance, claim.status) == ("denial", "negative", "accepted")
    assert [claim.cue, claim.content, claim.claimant] == [
        keys[s.id] for s in stored if s.label in ("CUE", "CLAIM")
    ] + [keys[project.front_span]]
    assert claim.about_events == (event.key,)
    assert claim.claimant_actor == claim.about_actors[0] == f"Newsmark:{project.front}"

    (relation,) = document.relations
    assert (relation.label, relation.head, relation.child) == (
        "located_in",
        ("event", event.key),
        ("span", keys[project.place]),
    )


def test_annotation_conf_declares_every_name_used(project, tmp_path):
    folder = tmp_path / "brat"
    export_brat(project.store, folder, EVERYTHING)
    conf = parse_conf((folder / ANNOTATION_CONF).read_text("utf-8"))
    assert set(conf) == {"entities", "relations", "events", "attributes"}
    entities, events = set(conf["entities"]), conf["events"]
    t_types: dict[str, str] = {}
    for line in (folder / "1.ann").read_text("utf-8").splitlines():
        ident, rest = line.split("\t", 2)[:2]
        head = rest.split(" ")
        if ident.startswith("T"):
            t_types[ident] = head[0]
            assert head[0] in entities or head[0] in events
        elif ident.startswith("E"):
            event_type, trigger = head[0].split(":")
            assert t_types[trigger] == event_type and event_type in events
            declared = conf_arguments(events[event_type])
            for argument in head[1:]:
                role, target = argument.split(":")
                types = declared[role.rstrip("0123456789")]
                assert target.startswith("E") or t_types[target] in types or "<ENTITY>" in types
        elif ident.startswith("R"):
            declared = conf_arguments(conf["relations"][head[0]])
            for role, target in (part.split(":") for part in head[1:]):
                types = declared[role]
                assert t_types[target] in types or (
                    "<ENTITY>" in types and t_types[target] in entities
                )
        elif ident.startswith("A"):
            name, _target, value = head
            assert value in conf_arguments(conf["attributes"][name])["Value"]
    assert {label.name for label in project.store.project_schema().entity_labels} <= entities
    assert SHELLING in events and "Claim" in events
    assert "located_in" in conf["relations"] and "<OVERLAP>" in conf["relations"]
    visual = (folder / VISUAL_CONF).read_text("utf-8")
    assert f"{SHELLING} | Explosions/Remote violence" in visual
    assert f"{SHELLING}\tbgColor:#" in visual


def test_the_format_registry_runs_the_brat_export(project, tmp_path):
    seen = []
    report = run_export(project.store, "brat", tmp_path / "out", progress=lambda *a: seen.append(a))
    assert seen == [(1, 2), (2, 2)]
    assert sorted(p.name for p in report.files) == sorted(
        ["1.txt", "1.ann", "2.txt", "2.ann", ANNOTATION_CONF, VISUAL_CONF]
    )
    assert report.summary().startswith("Wrote 2 documents (")
    # Accepted only, by default: the suggestion and the rejected span stay out.
    assert "five traders" not in (tmp_path / "out" / "1.ann").read_text("utf-8")


def test_a_damaged_span_writes_nothing(project, tmp_path):
    project.store.db.execute("UPDATE spans SET text = 'Kersh' WHERE id = ?", [project.place])
    fresh = tmp_path / "fresh"
    with pytest.raises(ExportError) as info:
        export_brat(project.store, fresh)
    assert [(m.doc_id, m.span_id) for m in info.value.mismatches] == [(1, project.place)]
    assert not fresh.exists()

    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "1.ann").write_text("T1\tORG 0 5\tRebel\n", encoding="utf-8")
    with pytest.raises(ExportError):
        export_brat(project.store, kept)
    assert sorted(p.name for p in kept.iterdir()) == ["1.ann"]
    assert (kept / "1.ann").read_text("utf-8") == "T1\tORG 0 5\tRebel\n"


def test_a_path_leading_out_of_the_folder_is_refused(project, tmp_path):
    folder, outside = tmp_path / "brat", tmp_path / "outside.txt"
    folder.mkdir()
    outside.write_text("keep me", encoding="utf-8")
    os.symlink(outside, folder / "1.txt")
    with pytest.raises(ExportError, match="outside"):
        export_brat(project.store, folder)
    assert outside.read_text("utf-8") == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["1.txt"]


def test_a_file_as_the_folder_is_refused(project, tmp_path):
    blocker = tmp_path / "brat"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ExportError, match="folder"):
        export_brat(project.store, blocker)


# ---------------------------------------------------------------------------------------------
# Reading brat files made elsewhere
# ---------------------------------------------------------------------------------------------


def test_bom_crlf_and_emoji_keep_their_offsets(tmp_path):
    text = "\ufeffTroops 🎯 fired on\r\nprotesters in Ke\u0301rsh.\r\nThe army denied it 𝄞.\r\n"
    (tmp_path / "wire.txt").write_bytes(text.encode("utf-8"))

    def t(ident: str, label: str, words: str) -> str:
        start = text.index(words)
        return f"{ident}\t{label} {start} {start + len(words)}\t{words}"

    crlf = text.index("\r\n")
    ann = "\r\n".join(
        [
            t("T1", "ORG", "Troops 🎯"),
            t("T2", "GPE", "Ke\u0301rsh"),
            t("T3", "ORG", "The army"),
            # Cut at the line break, as brat does with a selection across lines.
            f"T4\tNORP {crlf - 2} {crlf};{crlf + 2} {crlf + 12}\ton protesters",
            t("T5", "CUE", "denied"),
        ]
    )
    (tmp_path / "wire.ann").write_bytes(("\ufeff" + ann + "\r\n").encode("utf-8"))
    (document,), problems = read_all(tmp_path)
    assert problems == []
    assert document.text == text  # BOM and CRLF kept
    by_key = {s.key: s for s in document.spans}
    for key, words in (("T1", "Troops 🎯"), ("T2", "Ke\u0301rsh"), ("T3", "The army")):
        span = by_key[key]
        assert text[span.start : span.end] == span.text == words
    assert by_key["T4"].text == "on\r\nprotesters"  # one span again, line break inside
    assert by_key["T1"].status is None  # no notes: the import decides


def test_a_typical_brat_file_reads_with_roles_attributes_and_references(tmp_path):
    text = "Gunmen killed two villagers and a teacher in Kersh, police said."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8", newline="")

    def t(ident: str, kind: str, words: str) -> str:
        start = text.index(words)
        return f"{ident}\t{kind} {start} {start + len(words)}\t{words}"

    ann = [
        t("T1", "ORG", "Gunmen"),
        t("T2", "Violence_against_civilians", "killed"),
        t("T3", "NORP", "two villagers"),
        t("T4", "PERSON", "a teacher"),
        t("T5", "GPE", "Kersh"),
        "E1\tViolence_against_civilians:T2 attacker:T1 victim:T3 victim2:T4 place:T5 ",
        "A1\tSubtype E1 Attack",
        "A2\tNegation E1",
        "N1\tReference T5 Wikidata:Q1234\tKersh",
        "#1\tAnnotatorNotes T1\tunclear who; check later",
        "R1\tlocated_in Arg1:E1 Arg2:T5",
    ]
    (tmp_path / "a.ann").write_text("\n".join(ann) + "\n", encoding="utf-8")
    (document,), problems = read_all(tmp_path)
    assert problems == []
    spans = {s.key: s for s in document.spans}
    assert spans["T2"].label == "TRIGGER"  # a trigger T line is typed with its event
    assert spans["T1"].attributes == {"note": "unclear who; check later"}
    (event,) = document.events
    assert (event.type, event.subtype, event.trigger) == (
        "Violence_against_civilians",
        "Attack",
        "T2",
    )
    assert [(a.role, a.span) for a in event.arguments] == [
        ("attacker", "T1"),
        ("victim", "T3"),
        ("victim", "T4"),
        ("place", "T5"),
    ]
    assert event.attributes == {"Negation": True}
    assert spans["T5"].actor == "Wikidata:Q1234"
    (actor,) = document.actors
    assert (actor.name, actor.external_ids) == ("Kersh", {"wikidata": "Q1234"})
    (relation,) = document.relations
    assert (relation.head, relation.child) == (("event", "E1"), ("span", "T5"))


def test_bad_lines_are_located_and_the_good_ones_still_read(tmp_path):
    text = "Rebels shelled the market in Kersh on Tuesday."
    (tmp_path / "news.txt").write_text(text, encoding="utf-8")
    ann = [
        "T1\tORG 0 6\tRebels",  # 1
        "T2\tGPE 29\tKersh",  # 2: broken (no end offset)
        "T3\tDATE 35 99\ton Tuesday.",  # 3: past the end
        "T4\tFAC 15 25\tthe markte",  # 4: not the text there
        "T5\tTRIGGER 7 14\tshelled",  # 5
        "E1\tBattles:T5 attacker:T1 target:T4",  # 6: target was refused
        "E2\tBattles:T9 attacker:T1",  # 7: no such trigger
        "R1\tlocated_in Arg1:T1 Arg2:T8",  # 8: no such end
        "this is not brat",  # 9
        "T1\tORG 0 6\tRebels",  # 10: the id again
        "",
    ]
    (tmp_path / "news.ann").write_text("\n".join(ann), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "lost.ann").write_text("T1\tORG 0 4\tLost\n", encoding="utf-8")

    found = list(read_brat(tmp_path))
    problems = [p for p in found if isinstance(p, ImportProblem)]
    assert [(p.location, p.fatal) for p in problems] == [
        ("news.ann:2", False),
        ("news.ann:3", False),
        ("news.ann:4", False),
        ("news.ann:9", False),
        ("news.ann:10", False),
        ("news.ann:6", False),
        ("news.ann:7", False),
        ("news.ann:8", False),
        ("sub/lost.ann", True),
    ]
    assert "past" in problems[1].message or "not a stretch" in problems[1].message
    assert "'the markte'" in problems[2].message and "'the market'" in problems[2].message
    assert "lost.txt" in problems[-1].message
    (document,) = [d for d in found if isinstance(d, ImportedDocument)]
    assert [(s.key, s.text) for s in document.spans] == [("T1", "Rebels"), ("T5", "shelled")]
    (event,) = document.events
    assert [(a.role, a.span) for a in event.arguments] == [("attacker", "T1")]
    assert document.relations == ()


def test_a_folder_that_is_not_there_is_one_problem(tmp_path):
    (problem,) = list(read_brat(tmp_path / "missing"))
    assert problem.fatal and "not a folder" in problem.message


# ---------------------------------------------------------------------------------------------
# Names, fragments and notes
# ---------------------------------------------------------------------------------------------


def test_names_are_made_brat_safe_and_match_their_originals():
    assert brat_name("Explosions/Remote violence") == SHELLING
    assert brat_name("Change to group/activity") == "Change_to_group-activity"
    assert brat_name("Ke\u0301rsh (east)") == "Ke-rsh_-east-"
    assert same_name(SHELLING, "Explosions/Remote violence")
    assert not same_name("Battles", "Riots")


def test_fragments_skip_line_breaks_and_tabs():
    assert fragments(10, "a\nb") == [(10, 11), (12, 13)]
    assert fragments(0, "x\r\n\ty") == [(0, 1), (4, 5)]
    assert fragments(3, "\u2028") == []
    assert fragments(0, "🎯 z") == [(0, 3)]


def test_notes_carry_awkward_values():
    fields = [
        ("annotator", "ana; bob"),
        ("origin", "rule:test"),
        ("value.instrument", '"mortars"\nand rockets'),
        ("attr.date", {"value": "2024-03-12", "text": "on\u2028Tuesday"}),
        ("about_actor", "Newsmark:3 Front; East"),
    ]
    written = note_text(fields)
    assert "\n" not in written and "\u2028" not in written
    assert parse_note(written) == fields
    assert parse_note("check the date with the desk") is None
