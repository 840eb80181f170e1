"""The project file: one SQLite database per project, and the only module that runs SQL on it."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from newsmark import __version__
from newsmark.core.actor_registry import ActorRegistry
from newsmark.core.annotation_import import AnnotationImport
from newsmark.core.changes import ChangeReplay
from newsmark.core.checks import DocumentChecks
from newsmark.core.claim_curation import ClaimCuration
from newsmark.core.clock import utc_now
from newsmark.core.documents import DOCUMENT_STATUSES, Document, Removal, StoredDocument
from newsmark.core.errors import (
    NotAProjectError,
    ProjectCorruptError,
    ProjectNotFoundError,
    ProjectTooNewError,
    SearchQueryError,
)
from newsmark.core.event_curation import EventCuration
from newsmark.core.gold_layer import GoldLayer
from newsmark.core.migrations import (
    APPLICATION_ID,
    MIGRATION_SET,
    known_migration_names,
    migrations,
)
from newsmark.core.relation_curation import RelationCuration
from newsmark.core.schema_curation import SchemaCuration
from newsmark.core.span_curation import SpanCuration

if TYPE_CHECKING:  # only the shapes; the store never runs a suggester
    from newsmark.nlp.candidates import DocumentSuggestions, SpanCandidate

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
SORTABLE_COLUMNS = ("id", "title", "published", "source", "status", "imported_at")
_SPAN_COLUMNS = """s.id, s.start, s."end", s.label, s.text, s.status, s.origin, s.score,
    s.annotator, s.actor_id, a.name"""
_ROW_COLUMNS = """d.id, d.title, d.author, d.published, d.source, d.status,
    (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.status = 'accepted'),
    (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.status = 'suggested')"""


# ---------------------------------------------------------------------------------------------
# Results handed back to callers
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddedDocument:
    """What happened to one document offered to :meth:`Store.add_documents`.

    ``outcome`` is ``"imported"`` (``doc_id`` is the new id) or ``"duplicate"`` (``doc_id`` is
    the document already holding the same content).
    """

    document: Document
    outcome: str
    doc_id: int


@dataclass(slots=True)
class SuggestionCounts:
    """What storing suggestions added, and what it left out and why."""

    documents: int = 0
    spans: int = 0
    events: int = 0
    claims: int = 0
    already_there: int = 0  # proposed before, accepted, or rejected by a curator: not added
    invalid: int = 0  # offsets that do not cover the text the suggester said they cover

    def add(self, other: SuggestionCounts) -> None:
        for name in ("documents", "spans", "events", "claims", "already_there", "invalid"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True, slots=True)
class StoredSpan:
    """A span as stored, with the name of the actor it is linked to (if any)."""

    id: int
    start: int
    end: int
    label: str
    text: str
    status: str
    origin: str
    score: float | None
    annotator: str | None
    actor_id: int | None
    actor_name: str | None


def span_order(span: StoredSpan) -> tuple[int, int, int]:
    """The order in which a document's spans are listed: by start, longer first, then id."""
    return (span.start, -span.end, span.id)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One line of the corpus list: everything but the texts."""

    id: int
    title: str | None
    author: str | None
    published: str | None
    source: str | None
    status: str
    span_count: int
    suggested_count: int


# ---------------------------------------------------------------------------------------------
# Opening a project
# ---------------------------------------------------------------------------------------------


def _inspect_existing(path: Path) -> None:
    """Refuse a file that is not a Newsmark project this version can open, without writing to it.

    The file is opened read-only, so a refused file (and its -wal/-shm neighbours) stays
    byte-for-byte as it was.
    """
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_MAGIC))
    if header != SQLITE_MAGIC:
        raise NotAProjectError(f"{path}: not a Newsmark project (not an SQLite database)")
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise ProjectCorruptError(f"{path}: cannot be read as a project file ({exc})") from exc
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        if application_id != APPLICATION_ID:
            if not tables:
                return  # an empty SQLite file: becomes a project
            raise NotAProjectError(
                f"{path}: not a Newsmark project (an SQLite database of another application)"
            )
        applied = []
        if "_sqlite_migrations" in tables:
            applied = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    [MIGRATION_SET],
                )
            ]
        unknown = sorted(set(applied) - set(known_migration_names()))
        if unknown:
            raise ProjectTooNewError(
                f"{path}: written by a newer Newsmark (schema steps {', '.join(unknown)} are "
                f"unknown to version {__version__}); upgrade Newsmark to open it"
            )
        if "documents" in tables:
            conn.execute("SELECT count(*) FROM documents").fetchone()
    except sqlite3.DatabaseError as exc:
        raise ProjectCorruptError(f"{path}: the project file is damaged ({exc})") from exc
    finally:
        conn.close()


class Store(
    SpanCuration,
    ChangeReplay,
    SchemaCuration,
    ActorRegistry,
    EventCuration,
    ClaimCuration,
    RelationCuration,
    DocumentChecks,
    AnnotationImport,
    GoldLayer,
):
    """A Newsmark project file, opened for reading and writing.

    Every public mutation runs in one transaction and returns what it changed. A Store wraps
    one SQLite connection and belongs to the thread that opened it; a worker thread opens its
    own Store on the same path (WAL mode lets readers and one writer work side by side, and the
    busy timeout makes a second writer wait instead of failing).
    """

    def __init__(self, db: Database, path: Path):
        self.db = db
        self.path = path

    # -- lifecycle --------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True) -> Store:
        path = Path(path)
        if path.is_dir():
            raise NotAProjectError(f"{path}: is a folder, not a project file")
        exists = path.exists() and path.stat().st_size > 0
        if exists:
            _inspect_existing(path)
        elif not create:
            raise ProjectNotFoundError(f"{path}: no project file there")
        elif not path.parent.exists():
            raise ProjectNotFoundError(f"{path}: the folder {path.parent} does not exist")
        try:
            db = Database(path)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not exists:
                # Articles fill several 4 KB pages each (text and original); 8 KB pages halve
                # the overflow chains. Only possible before the first table and WAL mode.
                db.execute("PRAGMA page_size = 8192")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA foreign_keys = ON")
            # FULL: an action acknowledged to the curator survives a power cut, not just a crash.
            db.execute("PRAGMA synchronous = FULL")
            migrations.apply(db)
            store = cls(db, path)
            if not exists:
                store._record_creation()
            # Documents queued for the index by an import that was killed before it finished.
            store.index_pending()
            return store
        except sqlite3.DatabaseError as exc:
            raise ProjectCorruptError(f"{path}: the project file is damaged ({exc})") from exc

    def _record_creation(self) -> None:
        with self.db.atomic():
            for key, value in (("created_at", utc_now()), ("created_by", __version__)):
                self.db.execute(
                    "INSERT OR IGNORE INTO project_info (key, value) VALUES (?, ?)", [key, value]
                )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[Any]:
        """One transaction around several of the Store's own edits (each of which nests in it
        as a savepoint): for callers that write many small things and would otherwise wait for
        the disk after each."""
        return self.db.atomic()

    def data_version(self) -> int:
        """SQLite's ``data_version``: it moves when another connection (another program, a
        worker) commits a change to the file, never for this connection's own."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def applied_migrations(self) -> list[str]:
        return [m.name for m in migrations.applied(self.db)]

    def info(self) -> dict[str, str]:
        return {row[0]: row[1] for row in self.db.execute("SELECT key, value FROM project_info")}

    # -- documents: writing -----------------------------------------------------------------

    def add_documents(
        self, documents: Sequence[Document], *, index: bool = True
    ) -> list[AddedDocument]:
        """Store a batch of documents in one transaction, skipping content already present.

        A document repeated inside the batch counts as a duplicate of its first copy. Either
        the whole batch is stored or, on error, none of it. With ``index=False`` the new
        documents wait in a queue for :meth:`index_pending` (a bulk import indexes once at the
        end, which is much faster); they are readable at once but not yet found by search.
        """
        if not documents:
            return []
        hashes = [doc.content_hash for doc in documents]
        now = utc_now()
        with self.db.atomic():
            known = self._ids_by_hash(set(hashes))
            fresh: dict[str, Document] = {}
            for doc, digest in zip(documents, hashes, strict=True):
                if digest not in known and digest not in fresh:
                    fresh[digest] = doc
            self.db.conn.executemany(
                """INSERT INTO documents (external_id, content_hash, title, author, published,
                       source, url, text, original_text, removals, meta, origin,
                       imported_at, updated_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    (
                        doc.external_id,
                        digest,
                        doc.title,
                        doc.author,
                        doc.published,
                        doc.source,
                        doc.url,
                        doc.text,
                        doc.original_text,
                        json.dumps([r.as_dict() for r in doc.removals], ensure_ascii=False),
                        json.dumps(doc.meta, ensure_ascii=False, default=str),
                        doc.origin,
                        now,
                        now,
                    )
                    for digest, doc in fresh.items()
                ],
            )
            new_ids = self._ids_by_hash(set(fresh))
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO fts_pending (doc_id) VALUES (?)",
                [(doc_id,) for doc_id in new_ids.values()],
            )
        if index:
            self.index_pending()
        results = []
        for doc, digest in zip(documents, hashes, strict=True):
            if digest in new_ids and fresh.get(digest) is doc:
                results.append(AddedDocument(doc, "imported", new_ids[digest]))
            else:
                results.append(
                    AddedDocument(doc, "duplicate", known.get(digest) or new_ids[digest])
                )
        return results

    def index_pending(self, *, chunk: int = 20_000) -> int:
        """Add queued documents to the full-text index; returns how many were indexed.

        Each chunk is one transaction, so a very large queue neither holds the write lock for
        long nor loses what was done if the process stops.
        """
        indexed = 0
        while True:
            ids = [
                row[0]
                for row in self.db.execute(
                    "SELECT doc_id FROM fts_pending ORDER BY doc_id LIMIT ?", [chunk]
                )
            ]
            if not ids:
                return indexed
            low, high = ids[0], ids[-1]
            with self.db.atomic():
                cursor = self.db.execute(
                    """INSERT INTO documents_fts (rowid, title, text)
                       SELECT d.id, d.title, d.text FROM fts_pending p
                       JOIN documents d ON d.id = p.doc_id
                       WHERE p.doc_id BETWEEN ? AND ?""",
                    [low, high],
                )
                indexed += max(cursor.rowcount, 0)
                self.db.execute("DELETE FROM fts_pending WHERE doc_id BETWEEN ? AND ?", [low, high])

    def _ids_by_hash(self, hashes: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        pending = list(hashes)
        # SQLite caps bound parameters per statement; 500 stays far below every build's limit.
        for i in range(0, len(pending), 500):
            chunk = pending[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            for digest, doc_id in self.db.execute(
                f"SELECT content_hash, id FROM documents WHERE content_hash IN ({marks})", chunk
            ):
                found[digest] = doc_id
        return found

    def set_document_status(self, doc_id: int, status: str) -> str:
        """Set a document's curation status; returns the previous one."""
        if status not in DOCUMENT_STATUSES:
            raise ValueError(
                f"status must be one of {', '.join(DOCUMENT_STATUSES)}, not {status!r}"
            )
        with self.db.atomic():
            row = self.db.execute("SELECT status FROM documents WHERE id = ?", [doc_id]).fetchone()
            if row is None:
                raise KeyError(f"no document {doc_id}")
            self.db.execute(
                "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?",
                [status, utc_now(), doc_id],
            )
        return str(row[0])

    # -- documents: reading -----------------------------------------------------------------

    def count_documents(
        self, *, status: str | None = None, search: str | None = None, label: str | None = None
    ) -> int:
        where, args = self._document_filter(status, search, label)
        sql = f"SELECT count(*) FROM documents d {where}"
        return int(self._query(sql, args, search)[0][0])

    def list_documents(
        self,
        *,
        offset: int = 0,
        limit: int | None = None,
        order_by: str = "id",
        descending: bool = False,
        status: str | None = None,
        search: str | None = None,
        label: str | None = None,
    ) -> list[DocumentRow]:
        """A page of the corpus list, with per-document annotation counts.

        ``search`` is an FTS5 query over title and text; plain words are quoted so that
        punctuation in what a curator types is never taken as query syntax. ``label`` keeps
        documents with at least one accepted or suggested span of that label.
        """
        if order_by not in SORTABLE_COLUMNS:
            raise ValueError(
                f"cannot sort by {order_by!r}; use one of {', '.join(SORTABLE_COLUMNS)}"
            )
        where, args = self._document_filter(status, search, label)
        # Undated or untitled documents go last whichever way the list is sorted. SQLite sorts
        # NULL first, so DESC puts them last by itself; ASC needs the IS NULL term.
        if order_by == "id":
            order = "d.id DESC" if descending else "d.id"
        elif descending:
            order = f"d.{order_by} DESC, d.id DESC"
        else:
            order = f"d.{order_by} IS NULL, d.{order_by}, d.id"
        page = f"LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        sql = f"SELECT {_ROW_COLUMNS} FROM documents d {where} ORDER BY {order} {page}"
        return [DocumentRow(*row) for row in self._query(sql, args, search)]

    def _document_filter(
        self, status: str | None, search: str | None, label: str | None = None
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if status:
            clauses.append("d.status = ?")
            args.append(status)
        if label:
            # Served by the spans_label (label, status) index.
            clauses.append(
                "d.id IN (SELECT doc_id FROM spans WHERE label = ? "
                "AND status IN ('accepted', 'suggested'))"
            )
            args.append(label)
        if search and search.strip():
            clauses.append("d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            args.append(fts_query(search))
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), args

    def document_row(self, doc_id: int) -> DocumentRow:
        """One document's corpus-list line (after an edit changed its counts or status)."""
        row = self.db.execute(
            f"SELECT {_ROW_COLUMNS} FROM documents d WHERE d.id = ?", [doc_id]
        ).fetchone()
        if row is None:
            raise KeyError(f"no document {doc_id} in {self.path}")
        return DocumentRow(*row)

    def span_labels(self) -> list[str]:
        """The labels of the project's accepted and suggested spans, sorted."""
        # Jumps from one label to the next through the spans_label index (a few lookups per
        # label) instead of reading all of it: DISTINCT over two million spans took 0.2 s, on
        # the UI thread, each time a project opened.
        return [
            row[0]
            for row in self.db.execute(
                """WITH RECURSIVE labels(label) AS (
                       SELECT min(label) FROM spans
                       UNION ALL
                       SELECT (SELECT min(label) FROM spans WHERE label > labels.label)
                       FROM labels WHERE labels.label IS NOT NULL
                   )
                   SELECT label FROM labels
                   WHERE label IS NOT NULL AND EXISTS (
                       SELECT 1 FROM spans s
                       WHERE s.label = labels.label AND s.status IN ('accepted', 'suggested')
                   )
                   ORDER BY label"""
            )
        ]

    def get_document(self, doc_id: int) -> StoredDocument:
        row = self.db.execute(
            """SELECT id, text, title, author, published, source, url, external_id, original_text,
                      removals, meta, origin, status, content_hash, imported_at, updated_at
               FROM documents WHERE id = ?""",
            [doc_id],
        ).fetchone()
        if row is None:
            raise KeyError(f"no document {doc_id} in {self.path}")
        values = list(row)
        values[9] = tuple(Removal.from_dict(r) for r in json.loads(values[9]))
        values[10] = json.loads(values[10])
        return StoredDocument(*values)

    def document_spans(self, doc_id: int, *, include_rejected: bool = False) -> list[StoredSpan]:
        """A document's spans by start offset (longest first where several start together)."""
        where = "" if include_rejected else "AND s.status != 'rejected'"
        sql = f"""SELECT {_SPAN_COLUMNS}
                  FROM spans s LEFT JOIN actors a ON a.id = s.actor_id
                  WHERE s.doc_id = ? {where}
                  ORDER BY s.start, s."end" DESC, s.id"""
        return [StoredSpan(*row) for row in self.db.execute(sql, [doc_id])]

    def spans_by_id(self, span_ids: Sequence[int]) -> list[StoredSpan]:
        """The given spans as :meth:`document_spans` shows them, whatever their status, in
        the same order; ids no longer stored are left out (after an edit, to redraw only
        what it changed)."""
        found: list[StoredSpan] = []
        ids = list(dict.fromkeys(span_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ", ".join("?" * len(chunk))
            sql = f"""SELECT {_SPAN_COLUMNS}
                      FROM spans s LEFT JOIN actors a ON a.id = s.actor_id
                      WHERE s.id IN ({marks})"""
            found.extend(StoredSpan(*row) for row in self.db.execute(sql, chunk))
        return sorted(found, key=span_order)

    def document_ids(self) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT id FROM documents ORDER BY id")]

    def search(self, query: str, *, limit: int = 50) -> list[tuple[int, str | None, str]]:
        """Documents matching an FTS5 query, best first, with a highlighted snippet each."""
        sql = """
            SELECT rowid, title, snippet(documents_fts, 1, '[', ']', ' … ', 12)
            FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?"""
        return [tuple(row) for row in self._query(sql, [fts_query(query), limit], query)]  # type: ignore[misc]

    def _query(self, sql: str, args: list[Any], search: str | None) -> list[tuple[Any, ...]]:
        """Run a read; an FTS5 syntax error becomes a SearchQueryError naming the query."""
        try:
            return self.db.execute(sql, args).fetchall()
        except sqlite3.OperationalError as exc:
            if search and "fts5" in str(exc):
                raise SearchQueryError(f"cannot search for {search!r}: {exc}") from exc
            raise

    # -- annotators -------------------------------------------------------------------------

    def ensure_annotator(self, name: str) -> str:
        """Register ``name`` as one of the project's annotators (once); returns it trimmed."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("an annotator needs a name")
        with self.db.atomic():
            self._register(name, utc_now())
        return name

    def annotators(self) -> list[str]:
        """The names of everyone who annotated in this project, sorted."""
        return [row[0] for row in self.db.execute("SELECT id FROM annotators ORDER BY id")]

    # -- settings ---------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.db.execute("SELECT value FROM project_settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable project setting; ``None`` removes it."""
        with self.db.atomic():
            if value is None:
                self.db.execute("DELETE FROM project_settings WHERE key = ?", [key])
            else:
                self.db.execute(
                    "INSERT INTO project_settings (key, value) VALUES (?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    [key, json.dumps(value, ensure_ascii=False)],
                )

    # -- actors -----------------------------------------------------------------------------

    def add_actors(self, actors: Iterable[Mapping[str, Any]]) -> list[int]:
        """Create registry entries in one transaction; returns their ids in order.

        Each mapping has ``name`` and optionally ``type``, ``country``, ``aliases``,
        ``external_ids`` and ``attributes``.
        """
        now = utc_now()
        ids: list[int] = []
        with self.db.atomic():
            for actor in actors:
                name = str(actor.get("name") or "").strip()
                if not name:
                    raise ValueError("an actor needs a name")
                cursor = self.db.execute(
                    """INSERT INTO actors (name, type, country, external_ids, attributes,
                           created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    [
                        name,
                        actor.get("type"),
                        actor.get("country"),
                        json.dumps(actor.get("external_ids") or {}, ensure_ascii=False),
                        json.dumps(actor.get("attributes") or {}, ensure_ascii=False),
                        now,
                        now,
                    ],
                )
                actor_id = int(cursor.lastrowid or 0)
                aliases = {a.strip() for a in actor.get("aliases") or () if a and a.strip()}
                aliases.discard(name)
                self.db.conn.executemany(
                    "INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?, ?)",
                    [(actor_id, alias) for alias in sorted(aliases)],
                )
                ids.append(actor_id)
        return ids

    def add_actors_once(self, marker: str, actors: Iterable[Mapping[str, Any]]) -> int:
        """Add actors unless the setting ``marker`` says it was done; both in one transaction.

        For seeding a registry exactly once per project: a crash in between can neither
        leave a half-seeded registry nor seed it twice.
        """
        with self.db.atomic():
            if self.get_setting(marker):
                return 0
            added = len(self.add_actors(actors))
            self.set_setting(marker, True)
        return added

    def list_actors(self) -> list[dict[str, Any]]:
        """Every actor with its aliases, by id."""
        aliases: dict[int, list[str]] = {}
        for actor_id, alias in self.db.execute(
            "SELECT actor_id, alias FROM actor_aliases ORDER BY actor_id, alias"
        ):
            aliases.setdefault(actor_id, []).append(alias)
        return [
            {
                "id": row[0],
                "name": row[1],
                "type": row[2],
                "country": row[3],
                "external_ids": json.loads(row[4]),
                "attributes": json.loads(row[5]),
                "aliases": aliases.get(row[0], []),
            }
            for row in self.db.execute(
                "SELECT id, name, type, country, external_ids, attributes FROM actors ORDER BY id"
            )
        ]

    # -- suggestions ------------------------------------------------------------------------

    def documents_to_suggest(self, origin: str, doc_ids: Sequence[int] | None = None) -> list[int]:
        """Ids of documents the suggester configuration ``origin`` has not seen yet, in order."""
        sql = """SELECT d.id FROM documents d WHERE NOT EXISTS (
                     SELECT 1 FROM suggestion_runs r WHERE r.doc_id = d.id AND r.origin = ?)"""
        found = [row[0] for row in self.db.execute(sql + " ORDER BY d.id", [origin])]
        if doc_ids is None:
            return found
        wanted = set(doc_ids)
        return [doc_id for doc_id in found if doc_id in wanted]

    def document_texts(self, doc_ids: Sequence[int]) -> list[tuple[int, str]]:
        """(id, text) for the given documents, in the order given (missing ids left out)."""
        texts: dict[int, str] = {}
        for i in range(0, len(doc_ids), 500):
            chunk = list(doc_ids[i : i + 500])
            marks = ", ".join("?" * len(chunk))
            for doc_id, text in self.db.execute(
                f"SELECT id, text FROM documents WHERE id IN ({marks})", chunk
            ):
                texts[doc_id] = text
        return [(doc_id, texts[doc_id]) for doc_id in doc_ids if doc_id in texts]

    def add_suggestions(
        self, batch: Sequence[DocumentSuggestions], *, run_origin: str
    ) -> SuggestionCounts:
        """Store suggested spans, events and claims for a batch of documents in one transaction.

        Idempotent and respectful of curation: a span already present at the same offsets
        with the same label (suggested, accepted or rejected), a span where a curator accepted
        another label, an event whose trigger offsets already carry an event, or a claim whose
        cue already carries one, is not added again. Each document is recorded as seen by
        ``run_origin``.
        """
        counts = SuggestionCounts()
        now = utc_now()
        with self.db.atomic():
            for suggestions in batch:
                counts.add(_SuggestionWriter(self.db, suggestions.doc_id, now).write(suggestions))
                self.db.execute(
                    "INSERT OR REPLACE INTO suggestion_runs (doc_id, origin, ran_at) "
                    "VALUES (?, ?, ?)",
                    [suggestions.doc_id, run_origin, now],
                )
        return counts

    # -- statistics -------------------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        """Counts a project summary shows: documents by status, annotations by status and label."""

        def grouped(sql: str) -> dict[str, int]:
            return {str(key): int(count) for key, count in self.db.execute(sql)}

        def by_label(table: str, column: str) -> dict[str, dict[str, int]]:
            result: dict[str, dict[str, int]] = {}
            sql = f"SELECT {column}, status, count(*) FROM {table} GROUP BY {column}, status"
            for label, status, count in self.db.execute(sql):
                result.setdefault(str(label), {})[str(status)] = int(count)
            return dict(sorted(result.items()))

        documents = grouped("SELECT status, count(*) FROM documents GROUP BY status")
        return {
            "project": str(self.path),
            "documents": {"total": sum(documents.values()), "by_status": documents},
            "spans": {
                "total": self._count("spans"),
                "by_status": grouped("SELECT status, count(*) FROM spans GROUP BY status"),
                "by_label": by_label("spans", "label"),
            },
            "events": {
                "total": self._count("events"),
                "by_status": grouped("SELECT status, count(*) FROM events GROUP BY status"),
                "by_type": by_label("events", "type"),
            },
            "claims": {
                "total": self._count("claims"),
                "by_status": grouped("SELECT status, count(*) FROM claims GROUP BY status"),
                "by_type": by_label("claims", "type"),
            },
            "actors": self._count("actors"),
            "relations": self._count("relations"),
        }

    def _count(self, table: str) -> int:
        return int(self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


class _SuggestionWriter:
    """Writes one document's suggestions inside the caller's transaction (see add_suggestions).

    Loads the document's existing span offsets, event triggers and claim cues once, so each
    candidate is checked against them without a query of its own.
    """

    def __init__(self, db: Database, doc_id: int, now: str):
        self.db = db
        self.doc_id = doc_id
        self.now = now
        row = db.execute("SELECT text FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise KeyError(f"no document {doc_id}")
        self.text: str = row[0]
        self.spans: dict[tuple[int, int, str], int] = {}
        self.decided: set[tuple[int, int]] = set()  # offsets a curator accepted a label for
        for span_id, start, end, label, status in db.execute(
            'SELECT id, start, "end", label, status FROM spans WHERE doc_id = ?', [doc_id]
        ):
            self.spans[(start, end, label)] = span_id
            if status == "accepted":
                self.decided.add((start, end))
        self.triggers = self._offsets_of(
            'SELECT s.start, s."end" FROM events e JOIN spans s ON s.id = e.trigger_span_id '
            "WHERE e.doc_id = ?"
        )
        self.cues = self._offsets_of(
            'SELECT s.start, s."end" FROM claims c JOIN spans s ON s.id = c.cue_span_id '
            "WHERE c.doc_id = ?"
        )
        self.counts = SuggestionCounts(documents=1)

    def _offsets_of(self, sql: str) -> set[tuple[int, int]]:
        return {(start, end) for start, end in self.db.execute(sql, [self.doc_id])}

    def write(self, suggestions: DocumentSuggestions) -> SuggestionCounts:
        fresh: dict[tuple[int, int, str], SpanCandidate] = {}
        for span in suggestions.spans:
            key = (span.start, span.end, span.label)
            if key in self.spans or key in fresh or (span.start, span.end) in self.decided:
                self.counts.already_there += 1
            elif self._valid(span):
                fresh[key] = span
        self._insert_spans(list(fresh.values()))
        self.counts.spans += len(fresh)
        for event in suggestions.events:
            self._write_event(event)
        for claim in suggestions.claims:
            self._write_claim(claim)
        return self.counts

    def _valid(self, span: SpanCandidate) -> bool:
        ok = 0 <= span.start < span.end <= len(self.text) and (
            self.text[span.start : span.end] == span.text
        )
        if not ok:
            self.counts.invalid += 1
        return ok

    _INSERT_SPAN = """INSERT INTO spans (doc_id, start, "end", label, text, actor_id, status,
                          origin, score, attributes, created_at, updated_at)
                      VALUES (?, ?, ?, ?, ?, ?, 'suggested', ?, ?, ?, ?, ?)"""

    def _row(self, span: SpanCandidate) -> tuple[Any, ...]:
        return (
            self.doc_id,
            span.start,
            span.end,
            span.label,
            span.text,
            span.actor_id,
            span.origin,
            span.score,
            json.dumps(span.attributes, ensure_ascii=False, default=str),
            self.now,
            self.now,
        )

    def _insert_spans(self, spans: list[SpanCandidate]) -> None:
        """Insert many new spans at once and learn their ids (an article has dozens)."""
        if not spans:
            return
        self.db.conn.executemany(self._INSERT_SPAN, [self._row(span) for span in spans])
        for span_id, start, end, label in self.db.execute(
            'SELECT id, start, "end", label FROM spans WHERE doc_id = ? AND created_at = ?',
            [self.doc_id, self.now],
        ):
            self.spans.setdefault((start, end, label), span_id)

    def _span_id(self, span: SpanCandidate) -> int:
        """The id of the span at these offsets with this label, created as a suggestion if new."""
        key = (span.start, span.end, span.label)
        if key in self.spans:
            return self.spans[key]
        span_id = int(self.db.execute(self._INSERT_SPAN, self._row(span)).lastrowid or 0)
        self.spans[key] = span_id
        return span_id

    def _optional_span(self, span: SpanCandidate | None) -> int | None:
        return self._span_id(span) if span is not None and self._valid(span) else None

    def _write_event(self, event: Any) -> None:
        trigger = event.trigger
        if (trigger.start, trigger.end) in self.triggers:
            self.counts.already_there += 1
            return
        if not self._valid(trigger):
            return
        trigger_id = self._span_id(trigger)
        cursor = self.db.execute(
            """INSERT INTO events (doc_id, type, subtype, trigger_span_id, status, origin, score,
                   attributes, created_at, updated_at)
               VALUES (?, ?, ?, ?, 'suggested', ?, ?, ?, ?, ?)""",
            [
                self.doc_id,
                event.type,
                event.subtype,
                trigger_id,
                event.origin,
                event.score,
                json.dumps(event.attributes, ensure_ascii=False, default=str),
                self.now,
                self.now,
            ],
        )
        event_id = int(cursor.lastrowid or 0)
        for argument in event.arguments:
            span_id = self._optional_span(argument.span)
            actor_id = argument.span.actor_id if argument.span is not None else None
            if span_id is None and actor_id is None and argument.value is None:
                continue
            self.db.execute(
                "INSERT INTO event_arguments (event_id, role, span_id, actor_id, value) "
                "VALUES (?, ?, ?, ?, ?)",
                [event_id, argument.role, span_id, actor_id, argument.value],
            )
        self.triggers.add((trigger.start, trigger.end))
        self.counts.events += 1

    def _write_claim(self, claim: Any) -> None:
        cue = claim.cue
        if (cue.start, cue.end) in self.cues:
            self.counts.already_there += 1
            return
        if not self._valid(cue):
            return
        cue_id = self._span_id(cue)
        content_id = self._optional_span(claim.content)
        claimant_id = self._optional_span(claim.claimant)
        claimant_actor = claim.claimant.actor_id if claim.claimant is not None else None
        self.db.execute(
            """INSERT INTO claims (doc_id, type, stance, content_span_id, cue_span_id,
                   claimant_span_id, claimant_actor_id, status, origin, score, attributes,
                   created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, 'suggested', ?, ?, ?, ?, ?)""",
            [
                self.doc_id,
                claim.type,
                claim.stance,
                content_id,
                cue_id,
                claimant_id,
                claimant_actor,
                claim.origin,
                claim.score,
                json.dumps(claim.attributes, ensure_ascii=False, default=str),
                self.now,
                self.now,
            ],
        )
        self.cues.add((cue.start, cue.end))
        self.counts.claims += 1


def fts_query(text: str) -> str:
    """Turn what a curator typed into a safe FTS5 query.

    Each word becomes a quoted term (so ``al-Maliki`` or ``U.S.`` never raise a syntax error);
    a trailing ``*`` keeps prefix search; the upper-case operators OR and NOT are kept.
    """
    terms: list[str] = []
    for word in text.split():
        if word in ("OR", "NOT", "AND"):
            terms.append(word)
            continue
        prefix = word.endswith("*")
        core = word.rstrip("*").replace('"', '""')
        if core:
            terms.append(f'"{core}"' + ("*" if prefix else ""))
    while terms and terms[-1] in ("OR", "NOT", "AND"):
        terms.pop()
    while terms and terms[0] in ("OR", "AND"):
        terms.pop(0)
    return " ".join(terms) or '""'
