"""CSV export: pandas reads every file back with the values an ACLED user expects, awkward
text survives the round trip, the BOM option, filters, a damaged span writes nothing, and the
``newsmark export --format csv`` command."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from newsmark.cli import main
from newsmark.core.actor_registry import CSV_COLUMNS
from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.exchange.csv_export import (
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    country_name,
    export_csv,
    interaction,
)
from newsmark.exchange.records import ExportOptions
from newsmark.exchange.writing import ExportError

TITLE = 'Strike near Al-Qaim, "again" 🎯'
TEXT = (
    "US military aircraft struck a convoy near Al-Qaim on 29 December, killing 3 civilians "
    '🎯, officials said.\nThe "Pentagon" denied that civilians, women and children were hit.'
)
OTHER = "Police arrested protesters in Basra."
FILES = ["actors.csv", "claims.csv", "events.csv", "mentions.csv"]


def at(words: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


class Project:
    """An article with an air strike (a military attacker, civilian targets, a dated place,
    3 dead) and a denial about it; a second, finished article with a rejected event by bob."""

    def __init__(self, path: Path):
        self.store = store = Store.open(path)
        store.add_documents(
            [
                Document(text=TEXT, title=TITLE, published="2019-12-30", source="Wire, Inc."),
                Document(text=OTHER, title="Basra"),
            ]
        )

        def span(words: str, label: str, doc: int = 1, text: str = TEXT) -> int:
            edit = store.create_span(doc, *at(words, text), label, annotator="ana")
            return edit.created()[0].id

        self.aircraft = span("US military aircraft", "ORG")
        self.civilians = span("civilians", "NORP")
        self.place = span("Al-Qaim", "GPE")
        self.pentagon = span("Pentagon", "ORG")
        # Commas, quotes, a line break and an emoji in one mention.
        self.odd = span('🎯, officials said.\nThe "Pentagon"', "ORG")
        self.military = store.create_actor(
            "Military Forces of the United States",
            type="military",
            country="USA",
            from_span_id=self.aircraft,
        ).result
        self.iraqis = store.create_actor(
            "Civilians (Iraq)", type="civilians", country="IRQ", from_span_id=self.civilians
        ).result
        store.link_mention(self.pentagon, self.military, annotator="ana")
        self.event = store.create_event(
            1,
            "Explosions/Remote violence",
            "Air/drone strike",
            trigger=at("struck"),
            annotator="ana",
        ).result
        store.add_argument(self.event, "attacker", span_id=self.aircraft, annotator="ana")
        store.add_argument(self.event, "target", span_id=self.civilians, annotator="ana")
        store.add_argument(self.event, "place", span_id=self.place, annotator="ana")
        date = {"value": "2019-12-29", "precision": "day", "text": "on 29 December"}
        store.set_event_attribute(self.event, "date", {**date, "confirmed": True})
        store.set_event_attribute(
            self.event,
            "location",
            {"value": "Al-Qaim", "precision": "exact", "span_id": self.place, "country": "IRQ"},
        )
        store.set_event_attribute(self.event, "fatalities", 3)
        self.claim = store.create_claim(
            1,
            "denial",
            stance="negative",
            cue=at("denied"),
            content=at("civilians, women and children were hit"),
            claimant_span_id=self.pentagon,
            claimant_actor_id=self.military,
            annotator="ana",
        ).result
        store.set_claim_about(self.claim, [self.event], [self.iraqis], annotator="ana")

        self.police = span("Police", "ORG", doc=2, text=OTHER)
        self.arrest = store.create_event(
            2, "Strategic developments", "Arrests", trigger=at("arrested", OTHER), annotator="bob"
        ).result
        store.add_argument(self.arrest, "participant", span_id=self.police, annotator="bob")
        store.set_event_status(self.arrest, "rejected", annotator="bob")
        store.set_document_status(2, "done")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    made = Project(tmp_path / "p.nmk")
    yield made
    made.store.close()


def read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, dtype=str, keep_default_na=False, encoding="utf-8")


def test_events_load_in_pandas_with_acled_values(project, tmp_path):
    out = tmp_path / "csv"
    report = export_csv(project.store, out)
    assert sorted(p.name for p in out.iterdir()) == FILES
    events = read(out, "events.csv")
    assert tuple(events.columns) == EVENT_COLUMNS
    assert len(events) == 1  # the rejected arrest is not accepted
    row = events.iloc[0].to_dict()
    updated = project.store.event(project.event).updated_at
    assert updated.startswith("20")  # an ISO time in UTC
    assert row == {
        "event_date": "2019-12-29",
        "year": "2019",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Military Forces of the United States",
        "assoc_actor_1": "",
        "inter1": "1",
        "actor2": "Civilians (Iraq)",
        "assoc_actor_2": "",
        "inter2": "7",
        "interaction": "17",
        "civilian_targeting": "Civilian targeting",
        "country": "Iraq",
        "location": "Al-Qaim",
        "geo_precision": "1",
        "source": "Wire, Inc.",
        "notes": f"“struck” in “{TITLE}”",
        "fatalities": "3",
        "tags": "",
        "timestamp": str(int(datetime.fromisoformat(updated).timestamp())),
        "event_id": str(project.event),
        "doc_id": "1",
        "doc_title": TITLE,
        "trigger_text": "struck",
        "trigger_start": str(at("struck")[0]),
        "trigger_end": str(at("struck")[1]),
        "modality": "asserted",
        "polarity": "positive",
        "status": "accepted",
        "annotator": "ana",
        "claim_ids": str(project.claim),
    }
    # Read with pandas' own type inference, the numbers are numbers.
    typed = pd.read_csv(out / "events.csv")
    assert typed["fatalities"].iloc[0] == 3 and typed["interaction"].iloc[0] == 17
    assert report.events == 1 and report.claims == 1 and report.documents == 2
    order = ("events.csv", "claims.csv", "actors.csv", "mentions.csv")
    assert report.files == tuple(out.resolve() / name for name in order)
    assert "Wrote 1 events, 1 claims" in report.summary()


def test_claims_mentions_and_actors_load_in_pandas(project, tmp_path):
    out = tmp_path / "csv"
    export_csv(project.store, out)
    claims = read(out, "claims.csv")
    assert tuple(claims.columns) == CLAIM_COLUMNS
    claim = claims.iloc[0].to_dict()
    content = at("civilians, women and children were hit")
    assert claim == {
        "claim_id": str(project.claim),
        "doc_id": "1",
        "doc_title": TITLE,
        "type": "denial",
        "stance": "negative",
        "claimant_text": "Pentagon",
        "claimant_actor": "Military Forces of the United States",
        "cue_text": "denied",
        "content_text": "civilians, women and children were hit",
        "content_start": str(content[0]),
        "content_end": str(content[1]),
        "about_event_ids": str(project.event),
        "about_actors": "Civilians (Iraq)",
        "parent_claim_id": "",
        "check_worthy": "",
        "verdict": "",
        "evidence": "",
        "status": "accepted",
        "annotator": "ana",
    }

    mentions = read(out, "mentions.csv")
    assert tuple(mentions.columns) == MENTION_COLUMNS
    # Every exported span covers its text, read back through pandas (emoji, quotes, newline).
    texts = {"1": TEXT, "2": OTHER}
    for row in mentions.itertuples():
        assert texts[row.doc_id][int(row.start) : int(row.end)] == row.text
    odd = mentions[mentions.span_id == str(project.odd)].iloc[0]
    assert odd.text == '🎯, officials said.\nThe "Pentagon"'
    aircraft = mentions[mentions.span_id == str(project.aircraft)].iloc[0]
    assert (aircraft.actor_id, aircraft.actor_name) == (
        str(project.military),
        "Military Forces of the United States",
    )
    # Triggers, cues and claim contents are mentions too.
    first = mentions[mentions.doc_id == "1"]
    assert set(first.label) == {"ORG", "NORP", "GPE", "TRIGGER", "CUE", "CLAIM"}

    actors = read(out, "actors.csv")
    assert tuple(actors.columns) == CSV_COLUMNS
    by_name = actors.set_index("name")
    assert by_name.loc["Civilians (Iraq)", "acled_type_code"] == "7"
    assert by_name.loc["Military Forces of the United States", "country"] == "USA"


def test_files_are_rfc_4180_and_the_bom_is_optional(project, tmp_path):
    plain, excel = tmp_path / "plain", tmp_path / "excel"
    export_csv(project.store, plain)
    export_csv(project.store, excel, bom=True)
    for name in FILES:
        data = (plain / name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")
        assert (excel / name).read_bytes() == b"\xef\xbb\xbf" + data
        assert data.endswith(b"\r\n")
    raw = (plain / "mentions.csv").read_bytes()
    # Rows end with CRLF; the line break inside a quoted cell stays a bare LF.
    assert b'"\xf0\x9f\x8e\xaf, officials said.\nThe ""Pentagon"""' in raw
    with open(plain / "mentions.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, strict=True))
    assert rows[0] == list(MENTION_COLUMNS) and all(len(r) == len(MENTION_COLUMNS) for r in rows)
    # pandas with utf-8-sig reads the Excel flavour to the same table.
    events = pd.read_csv(excel / "events.csv", dtype=str, encoding="utf-8-sig")
    assert events.columns[0] == "event_date" and events.doc_title.iloc[0] == TITLE


def test_filters_choose_events_claims_and_mentions(project, tmp_path):
    every = tmp_path / "all"
    export_csv(project.store, every, ExportOptions(status="all"))
    events = read(every, "events.csv")
    assert list(events.event_id) == [str(project.event), str(project.arrest)]
    arrest = events.iloc[1]
    assert (arrest.status, arrest.annotator, arrest.disorder_type) == (
        "rejected",
        "bob",
        "Strategic developments",
    )
    # One side, no second: ACLED's "sole actor" code would need a typed actor; police unlinked.
    assert (arrest.actor1, arrest.inter1, arrest.interaction, arrest.claim_ids) == (
        "Police",
        "",
        "",
        "",
    )

    bob = tmp_path / "bob"
    export_csv(project.store, bob, ExportOptions(status="all", annotators=("bob",)))
    assert list(read(bob, "events.csv").event_id) == [str(project.arrest)]
    assert read(bob, "claims.csv").empty

    done = tmp_path / "done"
    export_csv(project.store, done, ExportOptions(status="all", doc_statuses=("done",)))
    assert list(read(done, "events.csv").doc_id) == ["2"]
    assert set(read(done, "mentions.csv").doc_id) == {"2"}

    places = tmp_path / "places"
    export_csv(project.store, places, ExportOptions(labels=("GPE",)))
    mentions = read(places, "mentions.csv")
    # Spans of other labels come along only because the event and the claim point at them;
    # the stray ORG mention does not.
    assert "GPE" in set(mentions.label) and str(project.odd) not in set(mentions.span_id)
    assert str(project.aircraft) in set(mentions.span_id)


def test_a_damaged_span_writes_nothing(project, tmp_path):
    project.store.db.execute("UPDATE spans SET text = 'Al-Kaim' WHERE id = ?", [project.place])
    fresh = tmp_path / "fresh"
    with pytest.raises(ExportError) as info:
        export_csv(project.store, fresh)
    assert [(m.doc_id, m.span_id) for m in info.value.mismatches] == [(1, project.place)]
    assert f"document 1, span {project.place}" in str(info.value)
    assert not fresh.exists()  # the folder it would have made is not left behind

    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "events.csv").write_text("previous\n", encoding="utf-8")
    with pytest.raises(ExportError):
        export_csv(project.store, kept)
    assert [p.name for p in kept.iterdir()] == ["events.csv"]
    assert (kept / "events.csv").read_text(encoding="utf-8") == "previous\n"


def test_a_file_as_the_folder_is_refused(project, tmp_path):
    blocker = tmp_path / "x.csv"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ExportError, match="folder"):
        export_csv(project.store, blocker)


def test_interaction_codes_and_country_names():
    assert interaction(1, 7, has_actor2=True) == 17
    assert interaction(7, 2, has_actor2=True) == 27
    assert interaction(6, None, has_actor2=False) == 60
    assert interaction(6, None, has_actor2=True) is None
    assert interaction(None, 1, has_actor2=True) is None
    assert [country_name(c) for c in ("IRQ", "RUS", "IRN", None)] == ["Iraq", "Russia", "Iran", ""]


def test_the_export_command_writes_csv(project, tmp_path, capsys):
    out = tmp_path / "cli"
    path = str(project.store.path)
    code = main(["export", "--project", path, "--format", "csv", "--out", str(out), "--bom",
                 "--status", "all"])  # fmt: skip
    assert code == 0
    assert "Wrote 2 events, 1 claims, 2 actors and" in capsys.readouterr().out
    assert (out / "events.csv").read_bytes().startswith(b"\xef\xbb\xbfevent_date,year,")
    assert len(pd.read_csv(out / "events.csv", encoding="utf-8-sig")) == 2

    project.store.db.execute("UPDATE spans SET text = 'X' WHERE id = ?", [project.odd])
    bad = tmp_path / "bad"
    code = main(["export", "--project", path, "--format", "csv", "--out", str(bad)])
    assert code == 1
    assert f"document 1, span {project.odd}" in capsys.readouterr().err
    assert not bad.exists()
