"""CSV export: ``events.csv`` in ACLED's columns, plus ``claims.csv``, ``actors.csv`` and
``mentions.csv``, for spreadsheets, pandas and R.

Files are RFC 4180 (comma-separated, double quotes doubled, rows ended by CRLF; a line break
inside a cell is kept as it is, inside quotes), UTF-8, with a byte-order mark when asked
(Excel needs one to read UTF-8). The columns are described in docs/FORMAT.md ("CSV"). Records
are chosen by the same :class:`ExportOptions` as the native export, and every exported span is
checked against its text first: on a mismatch nothing is written. Each file is written
atomically. Pure Python; never imports Qt.
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from newsmark.core.countries import NAME_OVERRIDES
from newsmark.exchange.records import CheckedRecords, DocumentRecords, ExportOptions, RecordReader
from newsmark.exchange.writing import (
    atomic_text_file,
    export_folder,
    safe_join,
)

if TYPE_CHECKING:
    from newsmark.core.actor_registry import ActorRecord
    from newsmark.core.claim_curation import ClaimRecord
    from newsmark.core.event_curation import ArgumentRecord, EventRecord
    from newsmark.core.schema import Choice, Schema
    from newsmark.core.span_curation import SpanState
    from newsmark.core.store import Store

EVENTS_FILE, CLAIMS_FILE, ACTORS_FILE, MENTIONS_FILE = (
    "events.csv",
    "claims.csv",
    "actors.csv",
    "mentions.csv",
)

# ACLED's own column names, in ACLED's order, for what Newsmark can fill.
ACLED_COLUMNS = (
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "country",
    "location",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
EVENT_COLUMNS = (
    *ACLED_COLUMNS,
    "event_id",
    "doc_id",
    "doc_title",
    "trigger_text",
    "trigger_start",
    "trigger_end",
    "modality",
    "polarity",
    "status",
    "annotator",
    "claim_ids",
)
CLAIM_COLUMNS = (
    "claim_id",
    "doc_id",
    "doc_title",
    "type",
    "stance",
    "claimant_text",
    "claimant_actor",
    "cue_text",
    "content_text",
    "content_start",
    "content_end",
    "about_event_ids",
    "about_actors",
    "parent_claim_id",
    "check_worthy",
    "verdict",
    "evidence",
    "status",
    "annotator",
)
MENTION_COLUMNS = (
    "span_id",
    "doc_id",
    "start",
    "end",
    "text",
    "label",
    "status",
    "origin",
    "annotator",
    "actor_id",
    "actor_name",
)

# ACLED's disorder type of each event type (ACLED codebook, 2023). Two sub-types are both
# political violence and a demonstration: force used on protesters, and a violent
# demonstration; ACLED writes "Political violence; Demonstrations" for those.
DISORDER_TYPES = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
DISORDER_SUBTYPES = {
    ("Protests", "Excessive force against protesters"): "Political violence; Demonstrations",
    ("Riots", "Violent demonstration"): "Political violence; Demonstrations",
}
# The roles whose fillers are ACLED's actor1 side (who acts) and actor2 side (who it is done
# to), in the order their fillers are taken.
ACTOR1_ROLES = ("attacker", "participant")
ACTOR2_ROLES = ("target", "victim")
# Fillers of these labels are places or buildings, not actors (a target "market"): left out of
# actor1/actor2 unless the curator linked them to a registry actor.
NOT_ACTOR_LABELS = frozenset({"FAC", "LOC"})
PLACE_ROLE = "place"
CIVILIANS = 7  # ACLED's actor type code for civilians
CIVILIAN_TARGETING = "Civilian targeting"
LIST_SEPARATOR = "; "  # between names in one cell (assoc_actor_*, about_actors)
ID_SEPARATOR = ";"  # between ids in one cell (claim_ids, about_event_ids)


@dataclass(frozen=True, slots=True)
class CsvExportReport:
    """What a CSV export wrote: documents read, rows of each file, the folder, the files in
    it, and the time it took. Immutable, so any thread may read it."""

    documents: int
    events: int
    claims: int
    actors: int
    mentions: int
    folder: Path
    files: tuple[Path, ...]
    seconds: float
    warnings: tuple[str, ...] = ()

    @property
    def path(self) -> Path:
        return self.folder

    def summary(self) -> str:
        return (
            f"Wrote {self.events} events, {self.claims} claims, {self.actors} actors and "
            f"{self.mentions} mentions from {self.documents} documents to {self.folder} "
            f"({', '.join(p.name for p in self.files)}) in {self.seconds:.2f} s"
        )


def export_csv(
    store: Store,
    folder: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    bom: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> CsvExportReport:
    """Write ``events.csv``, ``claims.csv``, ``mentions.csv`` and ``actors.csv`` into
    ``folder`` (made when missing) for the records ``options`` choose.

    ``actors.csv`` is the whole registry as ``newsmark actors export`` writes it, so every
    actor named in the other files is in it. Raises :class:`ExportError`, with nothing written
    (files already in the folder left as they were), when a span's offsets do not cover its
    stored text. ``progress(done, total)`` is called after each document.
    """
    started = time.perf_counter()
    with export_folder(folder, "CSV") as target:
        report = _export(store, target, options, bom, progress)
    return CsvExportReport(**report, folder=target, seconds=time.perf_counter() - started)


def _export(
    store: Store,
    folder: Path,
    options: ExportOptions | None,
    bom: bool,
    progress: Callable[[int, int], None] | None,
) -> dict[str, Any]:
    reader = RecordReader(store, options)
    rows = _EventRows(store.project_schema())
    paths = {name: safe_join(folder, name) for name in (EVENTS_FILE, CLAIMS_FILE, MENTIONS_FILE)}
    counts = {"documents": 0, "claims": 0, "mentions": 0}
    with (
        atomic_text_file(paths[EVENTS_FILE]) as events_file,
        atomic_text_file(paths[CLAIMS_FILE]) as claims_file,
        atomic_text_file(paths[MENTIONS_FILE]) as mentions_file,
    ):
        claims = _writer(claims_file, CLAIM_COLUMNS, bom)
        mentions = _writer(mentions_file, MENTION_COLUMNS, bom)
        for records in CheckedRecords(reader, folder, progress):
            counts["documents"] += 1
            for claim in records.claims:
                claims.writerow(claim_row(records, claim))
                rows.add_claim(claim)
            names = {actor.id: actor.name for actor in records.actors}
            for span in records.spans:
                mentions.writerow(mention_row(span, names))
            rows.add(records)
            counts["claims"] += len(records.claims)
            counts["mentions"] += len(records.spans)
        # Last, because a claim of a later document may be about an earlier document's event.
        events = _writer(events_file, EVENT_COLUMNS, bom)
        for row in rows.rows():
            events.writerow(row)
    actors_path = safe_join(folder, ACTORS_FILE)
    actors = store.export_actors_csv(actors_path, bom=bom)
    return {
        **counts,
        "events": len(rows),
        "actors": actors,
        "files": (paths[EVENTS_FILE], paths[CLAIMS_FILE], actors_path, paths[MENTIONS_FILE]),
    }


def _writer(handle: TextIO, header: Iterable[str], bom: bool) -> Any:
    # atomic_text_file translates no line ends, like open(newline=""), so the csv module's
    # CRLF row ends and the bare line breaks inside quoted cells reach the file unchanged.
    if bom:
        handle.write("\ufeff")
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(header)
    return writer


# ---------------------------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    return "" if value is None else value


def claim_row(records: DocumentRecords, claim: ClaimRecord) -> list[Any]:
    """One row of ``claims.csv`` (columns :data:`CLAIM_COLUMNS`)."""
    content = claim.content
    return [
        claim.id,
        records.document.id,
        _cell(records.document.title),
        claim.type,
        _cell(claim.stance),
        claim.claimant.text if claim.claimant is not None else "",
        _cell(claim.claimant_actor_name),
        claim.cue.text if claim.cue is not None else "",
        content.text if content is not None else "",
        content.start if content is not None else "",
        content.end if content is not None else "",
        ID_SEPARATOR.join(str(event_id) for event_id in claim.about_events),
        LIST_SEPARATOR.join(name for _id, name in claim.about_actors),
        _cell(claim.parent_claim_id),
        "" if claim.check_worthy is None else str(claim.check_worthy).lower(),
        _cell(claim.verdict),
        claim.evidence,
        claim.status,
        _cell(claim.annotator),
    ]


def mention_row(span: SpanState, actor_names: Mapping[int, str]) -> list[Any]:
    """One row of ``mentions.csv`` (columns :data:`MENTION_COLUMNS`); ``actor_names`` maps
    the document's exported actors' ids to their names."""
    return [
        span.id,
        span.doc_id,
        span.start,
        span.end,
        span.text,
        span.label,
        span.status,
        span.origin,
        _cell(span.annotator),
        _cell(span.actor_id),
        actor_names.get(span.actor_id, "") if span.actor_id is not None else "",
    ]


def _actors(records: DocumentRecords) -> dict[int, ActorRecord]:
    return {actor.id: actor for actor in records.actors}


class _EventRows:
    """Builds the rows of ``events.csv`` over a whole export, collecting the exported claims
    about each event (from any document) for ``claim_ids``.

    Threading: like the Store, one thread per instance.
    """

    def __init__(self, schema: Schema):
        self.kinds = schema.actor_kinds
        self.date_codes = _precision_codes(schema, "date")
        self.place_codes = _precision_codes(schema, "location")
        self.defaults = {name: _default(schema, name) for name in ("modality", "polarity")}
        self._rows: list[tuple[int, list[Any]]] = []
        self._claims: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def add_claim(self, claim: ClaimRecord) -> None:
        for event_id in claim.about_events:
            self._claims.setdefault(event_id, []).append(claim.id)

    def add(self, records: DocumentRecords) -> None:
        actors = _actors(records)
        for event in records.events:
            self._rows.append((event.id, self.row(records.document, event, actors)))

    def rows(self) -> Iterable[list[Any]]:
        """The rows, each completed with the claims about its event."""
        for event_id, row in self._rows:
            yield [*row, ID_SEPARATOR.join(map(str, self._claims.get(event_id, ())))]

    def row(
        self, document: Any, event: EventRecord, actors: Mapping[int, ActorRecord]
    ) -> list[Any]:
        """The row of one event, without its last column (``claim_ids``)."""
        attributes = event.attributes
        date = attributes.get("date") if isinstance(attributes.get("date"), dict) else {}
        place = attributes.get("location") if isinstance(attributes.get("location"), dict) else {}
        iso = str(date.get("value") or "")
        side1 = self._side(event, ACTOR1_ROLES, actors)
        side2 = self._side(event, ACTOR2_ROLES, actors)
        inter1 = side1[0][1] if side1 else None
        inter2 = side2[0][1] if side2 else None
        places = [a for a in event.arguments if a.role == PLACE_ROLE]
        trigger = event.trigger
        return [
            iso,
            iso[:4],
            _cell(self.date_codes.get(date.get("precision"))),
            DISORDER_SUBTYPES.get((event.type, event.subtype), DISORDER_TYPES.get(event.type, "")),
            event.type,
            _cell(event.subtype),
            side1[0][0] if side1 else "",
            LIST_SEPARATOR.join(name for name, _code in side1[1:]),
            _cell(inter1),
            side2[0][0] if side2 else "",
            LIST_SEPARATOR.join(name for name, _code in side2[1:]),
            _cell(inter2),
            _cell(interaction(inter1, inter2, has_actor2=bool(side2))),
            CIVILIAN_TARGETING if any(code == CIVILIANS for _n, code in side2) else "",
            country_name(_country(place, places, actors)),
            place.get("value") or (places[0].filler_text if places else ""),
            _cell(self.place_codes.get(place.get("precision"))),
            _cell(document.source),
            _notes(trigger.text if trigger is not None else None, document.title),
            _cell(attributes.get("fatalities")),
            "",  # tags: ACLED's free-form qualifiers (crowd size, ...); Newsmark has none
            _unix_time(event.updated_at),
            event.id,
            document.id,
            _cell(document.title),
            trigger.text if trigger is not None else "",
            trigger.start if trigger is not None else "",
            trigger.end if trigger is not None else "",
            _cell(attributes.get("modality", self.defaults["modality"])),
            _cell(attributes.get("polarity", self.defaults["polarity"])),
            event.status,
            _cell(event.annotator),
        ]

    def _side(
        self, event: EventRecord, roles: tuple[str, ...], actors: Mapping[int, ActorRecord]
    ) -> list[tuple[str, int | None]]:
        """The names and ACLED type codes of the fillers of ``roles``, in role order then
        argument order, each name once."""
        found: dict[str, int | None] = {}
        for role in roles:
            for argument in event.arguments:
                if argument.role != role or not _is_actor(argument):
                    continue
                name = " ".join((argument.actor_name or argument.filler_text).split())
                actor = actors.get(argument.actor_id) if argument.actor_id is not None else None
                code = self.kinds.get(actor.type) if actor is not None and actor.type else None
                if name and name not in found:
                    found[name] = code
        return list(found.items())


def _is_actor(argument: ArgumentRecord) -> bool:
    if argument.actor_id is not None:
        return True
    if argument.span is not None:
        return argument.span.label not in NOT_ACTOR_LABELS
    return bool(argument.value)


def interaction(inter1: int | None, inter2: int | None, *, has_actor2: bool) -> int | None:
    """ACLED's interaction code: the two actor type codes, smaller first (17: state forces
    and civilians); a code and 0 when the event has one side only (60: protesters alone);
    None when a side's type is unknown."""
    if inter1 is None:
        return None
    if not has_actor2:
        return inter1 * 10
    if inter2 is None:
        return None
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _country(
    place: Mapping[str, Any], places: list[ArgumentRecord], actors: Mapping[int, ActorRecord]
) -> str | None:
    if place.get("country"):
        return str(place["country"])
    for argument in places:
        actor = actors.get(argument.actor_id) if argument.actor_id is not None else None
        if actor is not None and actor.country:
            return actor.country
    return None


@cache
def country_name(code: str | None) -> str:
    """The name ACLED and the press give an ISO 3166 alpha-3 code ("" for None; the code
    itself when pycountry does not know it)."""
    if not code:
        return ""
    if code in NAME_OVERRIDES:
        return NAME_OVERRIDES[code]
    import pycountry  # large tables: only when a country is written

    found = pycountry.countries.get(alpha_3=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


def _notes(trigger: str | None, title: str | None) -> str:
    if trigger and title:
        return f"“{trigger}” in “{title}”"
    if trigger:
        return f"“{trigger}”"
    return title or ""


def _precision_codes(schema: Schema, name: str) -> dict[str, int]:
    try:
        levels: tuple[Choice, ...] = schema.attribute(name).precision
    except KeyError:  # a project schema without this attribute
        return {}
    return {level.name: level.acled for level in levels if level.acled is not None}


def _default(schema: Schema, name: str) -> Any:
    try:
        return schema.attribute(name).default
    except KeyError:
        return None


def _unix_time(stamp: str) -> int | str:
    """ACLED's ``timestamp``: when the row last changed, as whole seconds since 1970 (UTC)."""
    if not stamp:
        return ""
    return int(datetime.fromisoformat(stamp).timestamp())
