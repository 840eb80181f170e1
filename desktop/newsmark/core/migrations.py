"""The project file's schema, as an ordered list of recorded migrations.

Migrations are registered with sqlite-utils' ``Migrations`` registry; each runs in one
transaction together with its record in ``_sqlite_migrations``. They never change once
released: a later schema change is a new function appended below.

DDL is issued statement by statement through ``db.execute`` rather than ``executescript`` or
``Table.enable_fts``: both of those commit first, which would break the all-or-nothing promise
of a migration.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

# Written into the SQLite header (PRAGMA application_id) so a Newsmark project can be told from
# any other SQLite file without reading its tables: ASCII "NMK1".
APPLICATION_ID = 0x4E4D4B31
MIGRATION_SET = "newsmark"

migrations = Migrations(MIGRATION_SET)

_STATUS = "'suggested', 'accepted', 'rejected'"
_ANNOTATION_COLUMNS = f"""
    status TEXT NOT NULL DEFAULT 'suggested' CHECK (status IN ({_STATUS})),
    origin TEXT NOT NULL DEFAULT 'manual',
    score REAL,
    annotator TEXT REFERENCES annotators(id),
    attributes TEXT NOT NULL DEFAULT '{{}}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL"""

_INITIAL_SCHEMA = [
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE project_info (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE annotators (
        id TEXT PRIMARY KEY,
        name TEXT,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE label_schema (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        external_id TEXT,
        content_hash TEXT NOT NULL UNIQUE,
        title TEXT,
        author TEXT,
        published TEXT,
        source TEXT,
        url TEXT,
        text TEXT NOT NULL,
        original_text TEXT,
        removals TEXT NOT NULL DEFAULT '[]',
        meta TEXT NOT NULL DEFAULT '{}',
        origin TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'new'
            CHECK (status IN ('new', 'in_progress', 'done', 'reviewed')),
        imported_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX documents_external_id ON documents(external_id)",
    "CREATE INDEX documents_status ON documents(status)",
    # The corpus list sorts by date both ways with undated documents last; these two indexes
    # serve exactly the ORDER BY clauses Store.list_documents builds, so a page of a large
    # corpus is read from the index instead of sorting every row.
    "CREATE INDEX documents_published ON documents(published, id)",
    "CREATE INDEX documents_published_nulls_last ON documents(published IS NULL, published, id)",
    """CREATE TABLE actors (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT,
        country TEXT,
        external_ids TEXT NOT NULL DEFAULT '{}',
        attributes TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX actors_name ON actors(name COLLATE NOCASE)",
    """CREATE TABLE actor_aliases (
        actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        PRIMARY KEY (actor_id, alias)
    )""",
    "CREATE INDEX actor_aliases_alias ON actor_aliases(alias COLLATE NOCASE)",
    f"""CREATE TABLE spans (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        label TEXT NOT NULL,
        text TEXT NOT NULL,
        actor_id INTEGER REFERENCES actors(id) ON DELETE SET NULL,
        {_ANNOTATION_COLUMNS},
        CHECK (start >= 0 AND "end" > start)
    )""",
    "CREATE INDEX spans_doc ON spans(doc_id, start)",
    "CREATE INDEX spans_label ON spans(label, status)",
    "CREATE INDEX spans_actor ON spans(actor_id)",
    f"""CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        subtype TEXT,
        trigger_span_id INTEGER REFERENCES spans(id) ON DELETE SET NULL,
        {_ANNOTATION_COLUMNS}
    )""",
    "CREATE INDEX events_doc ON events(doc_id)",
    """CREATE TABLE event_arguments (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        span_id INTEGER REFERENCES spans(id) ON DELETE CASCADE,
        actor_id INTEGER REFERENCES actors(id) ON DELETE CASCADE,
        value TEXT,
        CHECK (span_id IS NOT NULL OR actor_id IS NOT NULL OR value IS NOT NULL)
    )""",
    "CREATE INDEX event_arguments_event ON event_arguments(event_id)",
    f"""CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        stance TEXT,
        content_span_id INTEGER REFERENCES spans(id) ON DELETE SET NULL,
        cue_span_id INTEGER REFERENCES spans(id) ON DELETE SET NULL,
        claimant_span_id INTEGER REFERENCES spans(id) ON DELETE SET NULL,
        claimant_actor_id INTEGER REFERENCES actors(id) ON DELETE SET NULL,
        {_ANNOTATION_COLUMNS}
    )""",
    "CREATE INDEX claims_doc ON claims(doc_id)",
    """CREATE TABLE claim_targets (
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        event_id INTEGER REFERENCES events(id) ON DELETE CASCADE,
        actor_id INTEGER REFERENCES actors(id) ON DELETE CASCADE,
        CHECK ((event_id IS NULL) != (actor_id IS NULL))
    )""",
    "CREATE INDEX claim_targets_claim ON claim_targets(claim_id)",
    f"""CREATE TABLE relations (
        id INTEGER PRIMARY KEY,
        doc_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
        head_kind TEXT NOT NULL CHECK (head_kind IN ('span', 'event', 'claim', 'actor')),
        head_id INTEGER NOT NULL,
        child_kind TEXT NOT NULL CHECK (child_kind IN ('span', 'event', 'claim', 'actor')),
        child_id INTEGER NOT NULL,
        label TEXT NOT NULL,
        {_ANNOTATION_COLUMNS}
    )""",
    "CREATE INDEX relations_doc ON relations(doc_id)",
    # Full-text search over title and text. Names follow sqlite-utils' conventions so
    # Table.search() and detect_fts() work on it.
    """CREATE VIRTUAL TABLE documents_fts USING FTS5 (
        title, text, content=documents, content_rowid=id
    )""",
    # New documents are indexed in bulk, not by an insert trigger: FTS5 fed one row at a time
    # made a large import more than twice as slow. Store.add_documents queues them here and
    # Store.index_pending indexes the queue in a few large statements; a queue left by a crash
    # is indexed the next time the project opens.
    # No foreign key: the delete trigger below must still see a deleted document's queue
    # entry; index_pending drops entries whose document is gone.
    """CREATE TABLE fts_pending (doc_id INTEGER PRIMARY KEY)""",
    # Deletes and edits keep the index in step, for documents already in it: an FTS5 'delete'
    # of a row that was never indexed would corrupt the index.
    """CREATE TRIGGER documents_ad AFTER DELETE ON documents
    WHEN old.id NOT IN (SELECT doc_id FROM fts_pending) BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
    END""",
    # Only title and text feed the index: a status change must not rewrite it.
    """CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents
    WHEN old.id NOT IN (SELECT doc_id FROM fts_pending) BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
]


@migrations(name="0001_initial_schema")
def initial_schema(db: Database) -> None:
    for statement in _INITIAL_SCHEMA:
        db.execute(statement)


def known_migration_names() -> list[str]:
    """Every migration this version knows, in order (all are pending on an empty database)."""
    return [m.name for m in migrations.pending(Database(memory=True))]


@migrations(name="0002_settings_and_suggestion_runs")
def settings_and_suggestion_runs(db: Database) -> None:
    for statement in (
        # Per-project choices: the spaCy pipeline, a label map override, registry seeding.
        """CREATE TABLE project_settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        # Which documents a suggester configuration has already seen, so a second run skips
        # them instead of parsing the corpus again.
        """CREATE TABLE suggestion_runs (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            origin TEXT NOT NULL,
            ran_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, origin)
        )""",
        'CREATE INDEX spans_doc_offsets ON spans(doc_id, start, "end", label)',
        "CREATE INDEX events_trigger ON events(trigger_span_id)",
        "CREATE INDEX claims_cue ON claims(cue_span_id)",
    ):
        db.execute(statement)


@migrations(name="0003_span_counts_index")
def span_counts_index(db: Database) -> None:
    # The corpus list and every edit count a document's spans by status; with this index the
    # count reads the index alone instead of visiting each span row (a 2 MB article carries
    # tens of thousands).
    db.execute("CREATE INDEX spans_doc_status ON spans(doc_id, status)")


@migrations(name="0004_nested_claims")
def nested_claims(db: Database) -> None:
    # A claim reported inside another ("the ministry said the rebels denied ...") points at the
    # claim that reports it; deleting the outer claim leaves the inner one standing on its own.
    # SQLite adds a column with a REFERENCES clause only when its default is NULL, as here.
    db.execute(
        "ALTER TABLE claims ADD COLUMN parent_claim_id INTEGER "
        "REFERENCES claims(id) ON DELETE SET NULL"
    )
    db.execute("CREATE INDEX claims_parent ON claims(parent_claim_id)")
