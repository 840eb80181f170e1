"""Curating claims: who said what, about which events and actors, and whether it holds up.

A claim points at up to three spans of its document: the *cue* (the reporting words, "denied"),
the *content* (what was said) and the *claimant* (who said it); the claimant may instead, or
as well, be a registry actor. ``claim_targets`` lists the events and actors the claim is about
(in any document), and ``parent_claim_id`` nests a claim reported inside another ("the
ministry said the rebels had denied ..."). A curator's judgement of the claim lives in its
``attributes``: ``check_worthy`` (true/false), ``verdict`` (one of :data:`VERDICTS`) and
``evidence`` (free text).

Every edit is recorded for undo (see core/changes.py). Editing a suggested claim decides it:
the claim is accepted, with the suggested spans it uses. Pure Python: never imports Qt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from newsmark.core.changes import Change
from newsmark.core.clock import utc_now
from newsmark.core.records import SpanRef, json_object, span_ref
from newsmark.core.span_curation import ACCEPTED, MANUAL, REJECTED, SUGGESTED, CurationError
from newsmark.core.wording import short

if TYPE_CHECKING:
    from sqlite_utils import Database

    from newsmark.core.changes import ChangeRecorder
    from newsmark.core.schema import Schema

CUE_LABEL = "CUE"
CLAIM_LABEL = "CLAIM"
VERDICTS = ("supported", "refuted", "not_enough_information")
# Keys of claims.attributes that hold the curator's assessment.
ASSESSMENT_KEYS = ("check_worthy", "verdict", "evidence")


class _Unset:
    """The type of :data:`UNSET`: "this field was not given", as opposed to None ("clear it")."""

    _instance: _Unset | None = None

    def __new__(cls) -> _Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = _Unset()


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One claim as stored, with its spans, claimant actor and targets resolved for display.

    ``about_events`` are event ids (possibly of other documents); ``about_actors`` are
    (id, name) pairs. ``check_worthy``, ``verdict`` and ``evidence`` are read from
    ``attributes`` (None, None and "" when the curator has not assessed the claim).
    """

    id: int
    doc_id: int
    type: str
    stance: str | None
    content: SpanRef | None
    cue: SpanRef | None
    claimant: SpanRef | None
    claimant_actor_id: int | None
    claimant_actor_name: str | None
    about_events: tuple[int, ...]
    about_actors: tuple[tuple[int, str], ...]
    parent_claim_id: int | None
    status: str
    origin: str
    score: float | None
    annotator: str | None
    check_worthy: bool | None
    verdict: str | None
    evidence: str
    attributes: dict[str, Any] = field(hash=False)

    @property
    def anchor(self) -> SpanRef | None:
        """The span that places the claim in the text: its cue, else its content."""
        return self.cue or self.content

    @property
    def display_text(self) -> str:
        """A short label for lists and menus: the type and the cue (or content) words."""
        anchor = self.anchor
        return f"{self.type} “{short(anchor.text)}”" if anchor else f"{self.type} (claim {self.id})"


@dataclass(frozen=True, slots=True)
class _StoredClaim:
    """The columns of a claims row that edits check and rewrite."""

    id: int
    doc_id: int
    type: str
    stance: str | None
    content_span_id: int | None
    cue_span_id: int | None
    claimant_span_id: int | None
    claimant_actor_id: int | None
    parent_claim_id: int | None
    status: str
    origin: str
    attributes: str
    created_at: str

    def span_ids(self) -> list[int]:
        ids = (self.content_span_id, self.cue_span_id, self.claimant_span_id)
        return [span_id for span_id in ids if span_id is not None]


@dataclass(frozen=True, slots=True)
class _SpanInfo:
    id: int
    doc_id: int
    label: str
    text: str
    status: str


_STORED = """id, doc_id, type, stance, content_span_id, cue_span_id, claimant_span_id,
    claimant_actor_id, parent_claim_id, status, origin, attributes, created_at"""
_RECORD = """c.id, c.doc_id, c.type, c.stance,
    cs.id, cs.start, cs."end", cs.text, cs.label, cs.status,
    qs.id, qs.start, qs."end", qs.text, qs.label, qs.status,
    ks.id, ks.start, ks."end", ks.text, ks.label, ks.status,
    c.claimant_actor_id, a.name, c.parent_claim_id, c.status, c.origin, c.score, c.annotator,
    c.attributes"""
_RECORD_FROM = """claims c
    LEFT JOIN spans cs ON cs.id = c.content_span_id
    LEFT JOIN spans qs ON qs.id = c.cue_span_id
    LEFT JOIN spans ks ON ks.id = c.claimant_span_id
    LEFT JOIN actors a ON a.id = c.claimant_actor_id"""
# Text order of the cue, else the content; claims that have lost both come last.
_RECORD_ORDER = "coalesce(qs.start, cs.start) IS NULL, coalesce(qs.start, cs.start), c.id"


class ClaimCuration:
    """The Store's claim reads and edits; mixed into :class:`~newsmark.core.store.Store`.

    Relies on the Store's other mixins for recording (``_recording``), the schema
    (``project_schema``) and annotator rows (``_register``). Threading: like the Store, one
    thread per instance.
    """

    db: Database

    # -- reading ----------------------------------------------------------------------------

    def document_claims(self, doc_id: int, *, include_rejected: bool = False) -> list[ClaimRecord]:
        """A document's claims in text order of their cue (or content)."""
        where = "c.doc_id = ?" + ("" if include_rejected else " AND c.status != 'rejected'")
        rows = self.db.execute(
            f"SELECT {_RECORD} FROM {_RECORD_FROM} WHERE {where} ORDER BY {_RECORD_ORDER}",
            [doc_id],
        ).fetchall()
        targets = self._claim_targets("SELECT id FROM claims WHERE doc_id = ?", [doc_id])
        return [_record(row, targets) for row in rows]

    def claim(self, claim_id: int) -> ClaimRecord:
        """One claim; :class:`CurationError` when it is no longer in the project."""
        row = self.db.execute(
            f"SELECT {_RECORD} FROM {_RECORD_FROM} WHERE c.id = ?", [claim_id]
        ).fetchone()
        if row is None:
            raise CurationError(f"claim {claim_id} is no longer in the project")
        return _record(row, self._claim_targets("?", [claim_id]))

    def _claim_targets(
        self, claims_sql: str, params: Sequence[Any]
    ) -> dict[int, tuple[list[int], list[tuple[int, str]]]]:
        found: dict[int, tuple[list[int], list[tuple[int, str]]]] = {}
        for claim_id, event_id, actor_id, name in self.db.execute(
            "SELECT t.claim_id, t.event_id, t.actor_id, a.name FROM claim_targets t "
            f"LEFT JOIN actors a ON a.id = t.actor_id WHERE t.claim_id IN ({claims_sql}) "
            "ORDER BY t.rowid",
            list(params),
        ):
            events, actors = found.setdefault(claim_id, ([], []))
            if event_id is not None:
                events.append(event_id)
            else:
                actors.append((actor_id, name))
        return found

    # -- edits ------------------------------------------------------------------------------

    def create_claim(
        self,
        doc_id: int,
        claim_type: str,
        *,
        stance: str | None = None,
        content_span_id: int | None = None,
        content: tuple[int, int] | None = None,
        cue_span_id: int | None = None,
        cue: tuple[int, int] | None = None,
        claimant_span_id: int | None = None,
        claimant_actor_id: int | None = None,
        parent_claim_id: int | None = None,
        annotator: str | None = None,
    ) -> Change:
        """Add an accepted claim; ``result`` is its id.

        ``content``/``cue`` are (start, end) offsets: a CLAIM/CUE span there is reused (and
        accepted) when one is stored, else created. Spans given by id must be in the document;
        suggested ones are accepted. A claim needs a content or a cue.
        """
        with self._recording(doc_id, "Create claim") as rec:
            text, _status = self._document_text_and_status(doc_id)
            schema: Schema = self.project_schema()
            _check_type(schema, claim_type)
            _check_stance(schema, stance)
            for name, span_id, offsets in (
                ("content", content_span_id, content),
                ("cue", cue_span_id, cue),
            ):
                if span_id is not None and offsets is not None:
                    raise CurationError(
                        f"give the claim's {name} as a span or as offsets, not both"
                    )
            if content_span_id is None and content is None and cue_span_id is None and cue is None:
                raise CurationError(
                    "a claim needs its content (what was said) or its cue (the reporting words)"
                )
            ids: dict[str, int] = {}
            used: list[_SpanInfo] = []
            for name, span_id in (
                ("content", content_span_id),
                ("cue", cue_span_id),
                ("claimant", claimant_span_id),
            ):
                if span_id is not None:
                    used.append(self._claim_span(span_id, doc_id, name))
                    ids[name] = span_id
            to_create: list[tuple[str, int, int, str]] = []
            for name, label, offsets in (
                ("content", CLAIM_LABEL, content),
                ("cue", CUE_LABEL, cue),
            ):
                if offsets is None:
                    continue
                start, end = _checked_offsets(offsets, text, doc_id, name)
                found = self._span_at(doc_id, start, end, label)
                if found is None:
                    to_create.append((name, start, end, label))
                else:
                    used.append(found)
                    ids[name] = found.id
            if claimant_actor_id is not None:
                self._require_actor(claimant_actor_id)
            if parent_claim_id is not None:
                self._check_parent(None, doc_id, parent_claim_id)

            now = utc_now()
            to_accept = [span.id for span in used if span.status != ACCEPTED]
            rec.watch_ids("spans", to_accept)
            self._register(annotator, now)
            self._accept_spans(to_accept, annotator, now)
            for name, start, end, label in to_create:
                cursor = self.db.execute(
                    """INSERT INTO spans (doc_id, start, "end", label, text, status, origin,
                           annotator, created_at, updated_at)
                       VALUES (?, ?, ?, ?, ?, 'accepted', 'manual', ?, ?, ?)""",
                    [doc_id, start, end, label, text[start:end], annotator, now, now],
                )
                ids[name] = int(cursor.lastrowid or 0)
                rec.created("spans", ids[name])
            cursor = self.db.execute(
                """INSERT INTO claims (doc_id, type, stance, content_span_id, cue_span_id,
                       claimant_span_id, claimant_actor_id, parent_claim_id, status, origin,
                       annotator, attributes, created_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'accepted', 'manual', ?, '{}', ?, ?)""",
                [
                    doc_id,
                    claim_type,
                    stance,
                    ids.get("content"),
                    ids.get("cue"),
                    ids.get("claimant"),
                    claimant_actor_id,
                    parent_claim_id,
                    annotator,
                    now,
                    now,
                ],
            )
            claim_id = int(cursor.lastrowid or 0)
            rec.created("claims", claim_id)
            rec.result = claim_id
            rec.description = f"Create claim {self.claim(claim_id).display_text}"
        return rec.change

    def update_claim(
        self,
        claim_id: int,
        *,
        annotator: str | None = None,
        type: str | _Unset = UNSET,
        stance: str | _Unset | None = UNSET,
        content_span_id: int | _Unset | None = UNSET,
        cue_span_id: int | _Unset | None = UNSET,
        claimant_span_id: int | _Unset | None = UNSET,
        claimant_actor_id: int | _Unset | None = UNSET,
        parent_claim_id: int | _Unset | None = UNSET,
    ) -> Change:
        """Change the given fields of a claim (None clears one; a field not given is kept).

        Spans must be in the claim's document (suggested ones are accepted); the claim must
        keep a content or a cue; a claim cannot be nested inside itself or its own sub-claims.
        """
        with self._editing(claim_id, "Edit claim") as (rec, old):
            schema: Schema = self.project_schema()
            new = {
                "type": old.type,
                "stance": old.stance,
                "content_span_id": old.content_span_id,
                "cue_span_id": old.cue_span_id,
                "claimant_span_id": old.claimant_span_id,
                "claimant_actor_id": old.claimant_actor_id,
                "parent_claim_id": old.parent_claim_id,
            }
            given = {
                "type": type,
                "stance": stance,
                "content_span_id": content_span_id,
                "cue_span_id": cue_span_id,
                "claimant_span_id": claimant_span_id,
                "claimant_actor_id": claimant_actor_id,
                "parent_claim_id": parent_claim_id,
            }
            new.update({key: value for key, value in given.items() if value is not UNSET})
            if not isinstance(type, _Unset):
                _check_type(schema, type)
            if not isinstance(stance, _Unset):
                _check_stance(schema, stance)
            if new["content_span_id"] is None and new["cue_span_id"] is None:
                raise CurationError(
                    f"claim {claim_id} would keep neither its content nor its cue; "
                    "a claim needs one of them"
                )
            used: list[_SpanInfo] = []
            for key in ("content_span_id", "cue_span_id", "claimant_span_id"):
                value = given[key]
                if isinstance(value, int):
                    used.append(self._claim_span(value, old.doc_id, key.removesuffix("_span_id")))
            if isinstance(claimant_actor_id, int):
                self._require_actor(claimant_actor_id)
            if isinstance(parent_claim_id, int):
                self._check_parent(claim_id, old.doc_id, parent_claim_id)
            status = ACCEPTED if old.status == SUGGESTED else old.status
            if status == ACCEPTED:
                span_ids = [new[k] for k in ("content_span_id", "cue_span_id", "claimant_span_id")]
                used.extend(self._unaccepted(span_id for span_id in span_ids if span_id))
            self._write_claim(rec, old, new, status, used, annotator)
            rec.description = f"Edit claim {self.claim(claim_id).display_text}"
        return rec.change

    def set_claim_about(
        self,
        claim_id: int,
        event_ids: Iterable[int],
        actor_ids: Iterable[int],
        *,
        annotator: str | None = None,
    ) -> Change:
        """Make the claim about exactly these events and actors (events of any document)."""
        events = list(dict.fromkeys(event_ids))
        actors = list(dict.fromkeys(actor_ids))
        with self._editing(claim_id, "Set what a claim is about") as (rec, old):
            self._require_ids("events", "event", events)
            self._require_ids("actors", "actor", actors)
            targets = [(event_id, None) for event_id in events]
            targets += [(None, actor_id) for actor_id in actors]
            current = self.db.execute(
                "SELECT event_id, actor_id FROM claim_targets WHERE claim_id = ? ORDER BY rowid",
                [claim_id],
            ).fetchall()
            rec.watch("claim_targets", "claim_id = ?", [claim_id])
            self._write_claim(
                rec,
                old,
                {},
                ACCEPTED if old.status == SUGGESTED else old.status,
                self._decided_spans(old),
                annotator,
                touch=[tuple(row) for row in current] != targets,
            )
            self.db.execute("DELETE FROM claim_targets WHERE claim_id = ?", [claim_id])
            self.db.conn.executemany(
                "INSERT INTO claim_targets (claim_id, event_id, actor_id) VALUES (?, ?, ?)",
                [(claim_id, *target) for target in targets],
            )
            rec.description = f"Set what claim {self.claim(claim_id).display_text} is about"
        return rec.change

    def set_claim_assessment(
        self,
        claim_id: int,
        *,
        check_worthy: bool | _Unset | None = UNSET,
        verdict: str | _Unset | None = UNSET,
        evidence: str | _Unset | None = UNSET,
        annotator: str | None = None,
    ) -> Change:
        """Record whether a claim is worth checking, the verdict and the evidence for it.

        None (or "" for evidence) clears a field; a field not given is kept.
        """
        if not isinstance(check_worthy, _Unset | bool | None):
            raise CurationError(f"check-worthy is yes, no or not decided, not {check_worthy!r}")
        if not isinstance(verdict, _Unset) and verdict is not None and verdict not in VERDICTS:
            raise CurationError(f"{verdict!r} is not a verdict (one of: {', '.join(VERDICTS)})")
        if not isinstance(evidence, _Unset | str | None):
            raise CurationError(f"the evidence is text, not {evidence!r}")
        with self._editing(claim_id, "Assess claim") as (rec, old):
            attributes = json_object(old.attributes)
            for key, value in (
                ("check_worthy", check_worthy),
                ("verdict", verdict),
                ("evidence", evidence),
            ):
                if isinstance(value, _Unset):
                    continue
                if value is None or value == "":
                    attributes.pop(key, None)
                else:
                    attributes[key] = value
            status = ACCEPTED if old.status == SUGGESTED else old.status
            self._write_claim(
                rec,
                old,
                {"attributes": json.dumps(attributes, ensure_ascii=False)},
                status,
                self._decided_spans(old),
                annotator,
            )
            rec.description = f"Assess claim {self.claim(claim_id).display_text}"
        return rec.change

    def set_claim_status(
        self, claim_id: int, status: str, *, annotator: str | None = None
    ) -> Change:
        """Accept or reject a claim; accepting also accepts the suggested spans it uses."""
        if status not in (ACCEPTED, REJECTED):
            raise CurationError(f"a curator sets claims accepted or rejected, not {status!r}")
        verb = "Accept" if status == ACCEPTED else "Reject"
        with self._editing(claim_id, f"{verb} claim") as (rec, old):
            spans = self._unaccepted(old.span_ids()) if status == ACCEPTED else []
            if old.status != status or spans:
                self._write_claim(rec, old, {}, status, spans, annotator)
            rec.description = f"{verb} claim {self.claim(claim_id).display_text}"
        return rec.change

    def delete_claim(self, claim_id: int) -> Change:
        """Remove a claim with its targets and the relations pointing at it.

        Claims nested in it stay, on their own. The CUE and CLAIM spans the claim's creation
        made, and that nothing else uses, go with it.
        """
        with self._editing(claim_id, "Delete claim") as (rec, old):
            rec.description = f"Delete claim {self.claim(claim_id).display_text}"
            children = [
                row[0]
                for row in self.db.execute(
                    "SELECT id FROM claims WHERE parent_claim_id = ? ORDER BY id", [claim_id]
                )
            ]
            own_spans = self._spans_made_for(old)
            relations = (
                "(head_kind = 'claim' AND head_id = ?) OR (child_kind = 'claim' AND child_id = ?)"
            )
            # The claim's own scope comes before its children's: undo writes rows in scope
            # order, and a child's parent_claim_id must find its parent already there.
            rec.watch_ids("claims", [claim_id])
            rec.watch_ids("claims", children)
            rec.watch("claim_targets", "claim_id = ?", [claim_id])
            rec.watch("relations", relations, [claim_id, claim_id])
            rec.watch_ids("spans", own_spans)
            self.db.execute(f"DELETE FROM relations WHERE {relations}", [claim_id, claim_id])
            self.db.execute("DELETE FROM claims WHERE id = ?", [claim_id])
            for span_id in own_spans:
                self.db.execute("DELETE FROM spans WHERE id = ?", [span_id])
        return rec.change

    # -- helpers ----------------------------------------------------------------------------

    @contextmanager
    def _editing(
        self, claim_id: int, description: str
    ) -> Iterator[tuple[ChangeRecorder, _StoredClaim]]:
        """Record an edit of one claim, on the claim's document; the claim as stored."""
        # The claim is read inside the edit's transaction, so it cannot change in between.
        with self.db.atomic():
            old = self._stored_claim(claim_id)
            with self._recording(old.doc_id, description) as rec:
                yield rec, old

    def _stored_claim(self, claim_id: int) -> _StoredClaim:
        row = self.db.execute(f"SELECT {_STORED} FROM claims WHERE id = ?", [claim_id]).fetchone()
        if row is None:
            raise CurationError(f"claim {claim_id} is no longer in the project")
        return _StoredClaim(*row)

    def _claim_span(self, span_id: int, doc_id: int, role: str) -> _SpanInfo:
        row = self.db.execute(
            "SELECT id, doc_id, label, text, status FROM spans WHERE id = ?", [span_id]
        ).fetchone()
        if row is None:
            raise CurationError(f"the claim's {role}: span {span_id} is no longer in the project")
        span = _SpanInfo(*row)
        if span.doc_id != doc_id:
            raise CurationError(
                f"the claim's {role}: span {span_id} (“{short(span.text)}”) is in document "
                f"{span.doc_id}, not in the claim's document {doc_id}"
            )
        return span

    def _span_at(self, doc_id: int, start: int, end: int, label: str) -> _SpanInfo | None:
        row = self.db.execute(
            "SELECT id, doc_id, label, text, status FROM spans WHERE doc_id = ? AND start = ? "
            'AND "end" = ? AND label = ? ORDER BY id LIMIT 1',
            [doc_id, start, end, label],
        ).fetchone()
        return _SpanInfo(*row) if row else None

    def _unaccepted(self, span_ids: Iterable[int]) -> list[_SpanInfo]:
        ids = sorted(set(span_ids))
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        return [
            _SpanInfo(*row)
            for row in self.db.execute(
                f"SELECT id, doc_id, label, text, status FROM spans WHERE id IN ({marks}) "
                "AND status != 'accepted'",
                ids,
            )
        ]

    def _decided_spans(self, old: _StoredClaim) -> list[_SpanInfo]:
        """The spans to accept along with a suggested claim an edit decides."""
        return self._unaccepted(old.span_ids()) if old.status == SUGGESTED else []

    def _accept_spans(self, span_ids: Sequence[int], annotator: str | None, now: str) -> None:
        for span_id in span_ids:
            self.db.execute(
                "UPDATE spans SET status = 'accepted', annotator = coalesce(?, annotator), "
                "updated_at = ? WHERE id = ?",
                [annotator, now, span_id],
            )

    def _write_claim(
        self,
        rec: ChangeRecorder,
        old: _StoredClaim,
        new: dict[str, Any],
        status: str,
        spans: Sequence[_SpanInfo],
        annotator: str | None,
        *,
        touch: bool = False,
    ) -> None:
        """Watch and write a claim's new columns, its status, and the spans it accepts.

        Nothing is written when nothing differs from ``old`` (unless ``touch``: the edit
        changed rows that belong to the claim, such as its targets), so an edit that changes
        nothing is no change.
        """
        now = utc_now()
        span_ids = sorted({span.id for span in spans if span.status != ACCEPTED})
        rec.watch_ids("claims", [old.id])
        rec.watch_ids("spans", span_ids)
        differs = status != old.status or any(
            getattr(old, name) != value for name, value in new.items()
        )
        if not (differs or span_ids or touch):
            return
        self._register(annotator, now)
        self._accept_spans(span_ids, annotator, now)
        columns = {**new, "status": status, "annotator": annotator, "updated_at": now}
        # An edit made without an annotator's name keeps the one the claim has.
        assignments = ", ".join(
            "annotator = coalesce(?, annotator)" if name == "annotator" else f"{name} = ?"
            for name in columns
        )
        self.db.execute(
            f"UPDATE claims SET {assignments} WHERE id = ?", [*columns.values(), old.id]
        )

    def _require_actor(self, actor_id: int) -> None:
        self._require_ids("actors", "actor", [actor_id])

    def _require_ids(self, table: str, what: str, ids: Sequence[int]) -> None:
        for i in range(0, len(ids), 500):
            chunk = list(ids[i : i + 500])
            marks = ", ".join("?" * len(chunk))
            found = {
                row[0]
                for row in self.db.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", chunk)
            }
            missing = [str(x) for x in chunk if x not in found]
            if missing:
                raise CurationError(f"{what} {', '.join(missing)} is no longer in the project")

    def _check_parent(self, claim_id: int | None, doc_id: int, parent_id: int) -> None:
        parent = self._stored_claim(parent_id)
        if parent.doc_id != doc_id:
            raise CurationError(
                f"claim {parent_id} is in document {parent.doc_id}; a claim can only be nested "
                f"inside a claim of its own document ({doc_id})"
            )
        if claim_id is None:
            return
        if parent_id == claim_id:
            raise CurationError(f"claim {claim_id} cannot be nested inside itself")
        # UNION (not UNION ALL) stops at a row seen before, so a damaged chain cannot loop.
        loop = self.db.execute(
            """WITH RECURSIVE up(id) AS (
                   SELECT ? UNION
                   SELECT c.parent_claim_id FROM claims c JOIN up ON c.id = up.id
                   WHERE c.parent_claim_id IS NOT NULL)
               SELECT 1 FROM up WHERE id = ?""",
            [parent_id, claim_id],
        ).fetchone()
        if loop:
            raise CurationError(
                f"claim {claim_id} cannot be nested inside claim {parent_id}: that claim is "
                f"itself nested inside claim {claim_id}"
            )

    def _spans_made_for(self, claim: _StoredClaim) -> list[int]:
        """The CUE/CLAIM spans created together with ``claim`` that nothing else uses.

        :meth:`create_claim` stamps a span it makes with the claim's own creation time; a span
        the curator made beforehand, or that another annotation uses, is left alone.
        """
        found = []
        for span_id in (claim.content_span_id, claim.cue_span_id):
            if span_id is None or span_id in found:
                continue
            row = self.db.execute(
                "SELECT 1 FROM spans WHERE id = ? AND origin = ? AND label IN (?, ?) "
                "AND created_at = ?",
                [span_id, MANUAL, CUE_LABEL, CLAIM_LABEL, claim.created_at],
            ).fetchone()
            if row is None:
                continue
            used = self.db.execute(
                """SELECT 1 FROM events WHERE trigger_span_id = :s
                   UNION ALL SELECT 1 FROM event_arguments WHERE span_id = :s
                   UNION ALL SELECT 1 FROM claims WHERE id != :c
                       AND :s IN (content_span_id, cue_span_id, claimant_span_id)
                   UNION ALL SELECT 1 FROM relations WHERE (head_kind = 'span' AND head_id = :s)
                       OR (child_kind = 'span' AND child_id = :s)
                   LIMIT 1""",
                {"s": span_id, "c": claim.id},
            ).fetchone()
            if used is None:
                found.append(span_id)
        return found


# ---------------------------------------------------------------------------------------------
# Validation and decoding
# ---------------------------------------------------------------------------------------------


def _check_type(schema: Schema, claim_type: object) -> None:
    names = [item.name for item in schema.claim_types]
    if claim_type not in names:
        raise CurationError(
            f"{claim_type!r} is not a claim type of this project (one of: {', '.join(names)})"
        )


def _check_stance(schema: Schema, stance: object) -> None:
    names = [item.name for item in schema.claim_stances]
    if stance is not None and stance not in names:
        raise CurationError(
            f"{stance!r} is not a claim stance of this project (one of: {', '.join(names)})"
        )


def _checked_offsets(
    offsets: tuple[int, int], text: str, doc_id: int, role: str
) -> tuple[int, int]:
    try:
        start, end = (int(x) for x in offsets)
    except (TypeError, ValueError):
        raise CurationError(f"the claim's {role} needs (start, end) offsets") from None
    if not 0 <= start < end <= len(text):
        raise CurationError(
            f"the claim's {role}: offsets {start}-{end} are outside document {doc_id}'s text "
            f"(0-{len(text)})"
        )
    return start, end


def _record(
    row: Sequence[Any], targets: dict[int, tuple[list[int], list[tuple[int, str]]]]
) -> ClaimRecord:
    attributes = json_object(row[29])
    check_worthy = attributes.get("check_worthy")
    verdict = attributes.get("verdict")
    evidence = attributes.get("evidence")
    events, actors = targets.get(row[0], ([], []))
    return ClaimRecord(
        id=row[0],
        doc_id=row[1],
        type=row[2],
        stance=row[3],
        content=span_ref(row[4:10]),
        cue=span_ref(row[10:16]),
        claimant=span_ref(row[16:22]),
        claimant_actor_id=row[22],
        claimant_actor_name=row[23],
        about_events=tuple(events),
        about_actors=tuple(actors),
        parent_claim_id=row[24],
        status=row[25],
        origin=row[26],
        score=row[27],
        annotator=row[28],
        check_worthy=check_worthy if isinstance(check_worthy, bool) else None,
        verdict=verdict if verdict in VERDICTS else None,
        evidence=evidence if isinstance(evidence, str) else "",
        attributes=attributes,
    )
