"""The project file: creation, migrations, refusing foreign/newer/damaged files, documents, FTS."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from newsmark.core.documents import Document, Removal, content_hash, normalize_text
from newsmark.core.errors import (
    NotAProjectError,
    ProjectCorruptError,
    ProjectNotFoundError,
    ProjectTooNewError,
    SearchQueryError,
)
from newsmark.core.migrations import APPLICATION_ID, known_migration_names
from newsmark.core.store import Store, fts_query

TABLES = {
    "documents",
    "spans",
    "actors",
    "actor_aliases",
    "events",
    "event_arguments",
    "claims",
    "claim_targets",
    "relations",
    "annotators",
    "label_schema",
    "project_info",
    "_sqlite_migrations",
    "documents_fts",
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sibling_files(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "project.nmk") as s:
        yield s


# -- creating and opening ---------------------------------------------------------------------


def test_new_project_has_the_whole_schema_and_pragmas(store: Store):
    tables = set(store.db.table_names())
    assert tables >= TABLES
    assert store.db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert store.applied_migrations() == known_migration_names()
    assert store.info()["created_by"]


def test_reopening_applies_nothing_twice_and_keeps_data(tmp_path: Path):
    path = tmp_path / "p.nmk"
    with Store.open(path) as s:
        s.add_documents([Document(text="A rocket hit the base.", title="Rocket")])
    with Store.open(path) as s:
        assert s.count_documents() == 1
        rows = s.db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        assert rows == len(known_migration_names())


def test_migrations_from_an_empty_file(tmp_path: Path):
    empty = tmp_path / "empty.nmk"
    empty.touch()
    with Store.open(empty) as s:
        assert s.applied_migrations() == known_migration_names()
    blank_sqlite = tmp_path / "blank.nmk"
    sqlite3.connect(blank_sqlite).close()
    with Store.open(blank_sqlite) as s:
        assert "documents" in s.db.table_names()


def test_any_extension_works(tmp_path: Path):
    with Store.open(tmp_path / "team-project.sqlite") as s:
        assert s.count_documents() == 0


def test_missing_project_is_not_created_when_reading(tmp_path: Path):
    path = tmp_path / "nope.nmk"
    with pytest.raises(ProjectNotFoundError, match=r"nope\.nmk"):
        Store.open(path, create=False)
    assert not path.exists()


def test_missing_folder_and_folder_path_are_refused(tmp_path: Path):
    with pytest.raises(ProjectNotFoundError, match="does not exist"):
        Store.open(tmp_path / "no" / "such" / "p.nmk")
    with pytest.raises(NotAProjectError, match="folder"):
        Store.open(tmp_path)


def test_text_file_is_not_a_project_and_stays_untouched(tmp_path: Path):
    path = tmp_path / "notes.nmk"
    path.write_text("just some notes\n")
    before, names = digest(path), sibling_files(path)
    with pytest.raises(NotAProjectError, match=r"notes\.nmk.*not an SQLite database"):
        Store.open(path)
    assert digest(path) == before
    assert sibling_files(path) == names


def test_other_applications_database_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.commit()
    conn.close()
    before, names = digest(path), sibling_files(path)
    with pytest.raises(NotAProjectError, match="another application"):
        Store.open(path)
    assert digest(path) == before
    assert sibling_files(path) == names


def test_project_from_a_newer_version_is_refused_untouched(tmp_path: Path):
    path = tmp_path / "future.nmk"
    with Store.open(path) as s:
        s.db["_sqlite_migrations"].insert(
            {
                "migration_set": "newsmark",
                "name": "9999_from_the_future",
                "applied_at": "2031-01-01",
            }
        )
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(path)
    with pytest.raises(ProjectTooNewError, match="9999_from_the_future"):
        Store.open(path)
    assert digest(path) == before


def test_truncated_project_is_reported_as_damaged_untouched(tmp_path: Path):
    path = tmp_path / "p.nmk"
    with Store.open(path) as s:
        s.add_documents([Document(text=f"Article number {i} about shelling.") for i in range(300)])
        s.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    before = digest(path)
    with pytest.raises(ProjectCorruptError, match="damaged"):
        Store.open(path)
    assert digest(path) == before


def test_garbage_after_a_valid_header_is_reported_as_damaged(tmp_path: Path):
    path = tmp_path / "p.nmk"
    path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    with pytest.raises((ProjectCorruptError, NotAProjectError)) as info:
        Store.open(path)
    assert "p.nmk" in str(info.value)


# -- documents --------------------------------------------------------------------------------


def test_documents_round_trip_with_removals_and_meta(store: Store):
    doc = Document(
        text="Protesters 🙂 gathered in the square.\n\nPolice arrested 12.",
        title="Protest",
        author="Ana Ruiz",
        published="2024-03-09",
        source="Example Wire",
        url="https://example.org/p",
        external_id="wire-17",
        original_text="Protesters 🙂 gathered in the square.\n\nPolice arrested 12.\n\nShare this!",
        removals=(Removal("share prompt", "Share this!", 5),),
        meta={"format": "txt", "tags": ["a", "b"]},
        origin="in/a.txt",
    )
    [added] = store.add_documents([doc])
    assert added.outcome == "imported"
    stored = store.get_document(added.doc_id)
    assert stored.text == doc.text
    assert stored.text[11:12] == "🙂"  # code-point offsets survive the round trip
    assert stored.removals == doc.removals
    assert stored.meta == {"format": "txt", "tags": ["a", "b"]}
    assert (stored.title, stored.author, stored.published, stored.source, stored.url) == (
        "Protest",
        "Ana Ruiz",
        "2024-03-09",
        "Example Wire",
        "https://example.org/p",
    )
    assert stored.external_id == "wire-17"
    assert stored.status == "new"
    assert stored.content_hash == content_hash(doc.text)


def test_duplicates_within_a_batch_and_across_batches(store: Store):
    first = store.add_documents(
        [
            Document(text="Shelling hit the market.", origin="a"),
            Document(text="Shelling  hit\nthe market.", origin="b"),  # same words, other spacing
            Document(text="A different article.", origin="c"),
        ]
    )
    assert [r.outcome for r in first] == ["imported", "duplicate", "imported"]
    assert first[1].doc_id == first[0].doc_id
    again = store.add_documents([Document(text="Shelling hit the market.", origin="d")])
    assert again[0].outcome == "duplicate" and again[0].doc_id == first[0].doc_id
    assert store.count_documents() == 2


def test_a_failing_batch_leaves_nothing_behind(store: Store):
    good = Document(text="A good article.")
    circular: dict = {}
    circular["self"] = circular  # fails to serialise after the first document was written
    broken = Document(text="A broken article.", meta=circular)
    with pytest.raises(ValueError, match=r"[Cc]ircular"):
        store.add_documents([good, broken])
    assert store.count_documents() == 0
    assert store.search("good") == []


def test_normalize_text_strips_bom_and_unifies_line_endings():
    assert normalize_text("\ufeffA\r\nB\rC\u2028D\n") == "A\nB\nC\nD\n"
    assert normalize_text("no change\n") == "no change\n"


def test_status_changes_and_listing(store: Store):
    results = store.add_documents(
        [
            Document(text="Zeta text", title="Zeta", published="2020-01-02", source="B"),
            Document(text="Alpha text", title="Alpha", published=None, source="A"),
            Document(text="Mid text", title="Mid", published="2019-05-01", source="C"),
        ]
    )
    ids = [r.doc_id for r in results]
    assert store.set_document_status(ids[0], "done") == "new"
    with pytest.raises(ValueError, match="status must be one of"):
        store.set_document_status(ids[0], "finished")
    assert [r.title for r in store.list_documents(order_by="title")] == ["Alpha", "Mid", "Zeta"]
    by_date = [r.title for r in store.list_documents(order_by="published")]
    assert by_date == ["Mid", "Zeta", "Alpha"]  # undated last
    assert [r.title for r in store.list_documents(order_by="published", descending=True)] == [
        "Zeta",
        "Mid",
        "Alpha",
    ]
    assert [r.title for r in store.list_documents(status="done")] == ["Zeta"]
    assert store.count_documents(status="new") == 2
    assert [r.id for r in store.list_documents(offset=1, limit=1)] == [ids[1]]
    with pytest.raises(ValueError, match="cannot sort"):
        store.list_documents(order_by="text; DROP TABLE documents")


def test_full_text_search_over_title_and_text(store: Store):
    store.add_documents(
        [
            Document(text="Officials said al-Maliki spoke.", title="Baghdad statement"),
            Document(text="Drone strike near Erbil.", title="Strike"),
        ]
    )
    assert [hit[1] for hit in store.search("baghdad")] == ["Baghdad statement"]
    assert [hit[1] for hit in store.search("al-Maliki")] == ["Baghdad statement"]
    assert [hit[1] for hit in store.search("erb*")] == ["Strike"]
    assert store.count_documents(search="strike") == 1
    assert store.search('"unbalanced') == []  # odd input is quoted, never a syntax error
    with pytest.raises(SearchQueryError, match="cannot search for 'NOT police'"):
        store.count_documents(search="NOT police")
    doc_id = store.search("erbil")[0][0]
    store.set_document_status(doc_id, "in_progress")  # does not disturb the index
    assert store.count_documents(search="erbil") == 1


def test_full_text_index_matches_the_documents(store: Store):
    for batch in range(3):
        store.add_documents([Document(text=f"Batch {batch} article {i}.") for i in range(120)])
        store.add_documents([Document(text=f"Batch {batch} article 1.")])  # a duplicate
    store.db.execute("UPDATE documents SET title = 'Retitled' WHERE id = 5")
    store.db.execute("DELETE FROM documents WHERE id = 7")
    # FTS5 compares every indexed row with the documents table and raises on any difference.
    store.db.execute(
        "INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)"
    )
    assert store.count_documents(search="article") == 359
    assert store.count_documents(search="retitled") == 1


def test_bulk_import_queue_is_indexed_later_or_on_reopen(tmp_path: Path):
    path = tmp_path / "p.nmk"
    with Store.open(path) as store:
        store.add_documents(
            [Document(text=f"Queued article {i} on shelling.") for i in range(50)], index=False
        )
        assert store.count_documents() == 50
        assert store.count_documents(search="shelling") == 0  # not searchable yet
        # Editing and deleting queued documents must not touch the index they are not in.
        store.db.execute("UPDATE documents SET title = 'Edited' WHERE id = 3")
        store.db.execute("DELETE FROM documents WHERE id = 4")
        assert store.index_pending(chunk=7) == 49
        assert store.count_documents(search="shelling") == 49
        assert store.count_documents(search="edited") == 1
        store.add_documents([Document(text="Left queued by a crash about mortars.")], index=False)
    with Store.open(path) as store:  # reopening indexes what a killed import left queued
        assert store.count_documents(search="mortars") == 1
        assert store.db.execute("SELECT count(*) FROM fts_pending").fetchone()[0] == 0
        store.db.execute(
            "INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)"
        )


def test_fts_query_quotes_words_and_keeps_operators():
    assert fts_query("al-Maliki U.S.") == '"al-Maliki" "U.S."'
    assert fts_query("rocket OR mortar") == '"rocket" OR "mortar"'
    assert fts_query('say "hi"') == '"say" """hi"""'
    assert fts_query("kirk* OR") == '"kirk"*'
    assert fts_query("   ") == '""'


def test_stats_counts_annotations_by_status_and_label(store: Store):
    [added] = store.add_documents([Document(text="Rebels attacked Karsh on Friday.")])
    now = "2024-01-01T00:00:00"
    for start, end, label, status in [
        (0, 6, "ORG", "accepted"),
        (16, 21, "GPE", "suggested"),
        (25, 31, "DATE", "suggested"),
    ]:
        store.db.execute(
            'INSERT INTO spans (doc_id, start, "end", label, text, status, origin, created_at,'
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, 'manual', ?, ?)",
            [added.doc_id, start, end, label, "x", status, now, now],
        )
    store.db.execute(
        "INSERT INTO events (doc_id, type, subtype, status, created_at, updated_at)"
        " VALUES (?, 'Battles', 'Armed clash', 'accepted', ?, ?)",
        [added.doc_id, now, now],
    )
    stats = store.stats()
    assert stats["documents"] == {"total": 1, "by_status": {"new": 1}}
    assert stats["spans"]["total"] == 3
    assert stats["spans"]["by_status"] == {"accepted": 1, "suggested": 2}
    assert stats["spans"]["by_label"]["GPE"] == {"suggested": 1}
    assert stats["events"]["by_type"] == {"Battles": {"accepted": 1}}
    assert stats["claims"]["total"] == 0
    assert store.list_documents()[0].span_count == 1
    assert store.list_documents()[0].suggested_count == 2


def test_span_constraints_hold(store: Store):
    [added] = store.add_documents([Document(text="Some text here.")])
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            'INSERT INTO spans (doc_id, start, "end", label, text, created_at, updated_at)'
            " VALUES (?, 5, 2, 'X', 'x', 'now', 'now')",
            [added.doc_id],
        )
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            'INSERT INTO spans (doc_id, start, "end", label, text, created_at, updated_at)'
            " VALUES (9999, 0, 2, 'X', 'x', 'now', 'now')"
        )


def test_the_content_hash_ignores_spacing_line_ends_unicode_form_and_a_bom():
    text = "Caf\u00e9 owners in Kersh said the shelling stopped.\nNo one was hurt."
    for copy in (
        "\ufeff" + text,
        text.replace("\n", "\r\n"),
        text.replace(" ", "\u00a0").replace("\n", "\n\n"),
        text.replace("\u00e9", "e\u0301"),
    ):
        assert content_hash(copy) == content_hash(text)
    assert content_hash(text.replace("Kersh", "Kersk")) != content_hash(text)
