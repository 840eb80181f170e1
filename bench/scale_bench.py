"""Newsmark on a large project: 100,000 articles and 2,000,000 spans, against bare libraries.

The project is generated once from bench/generate.py's articles (4-9 KB each, about 430 MB of
text) with 20 spans on each (PERSON, GPE, DATE and ORG on capitalised words; a third of them
accepted by a curator, the rest suggested; a seventh of the documents marked done), stored
the fast way: ``add_documents(index=False)`` and ``add_suggestions`` in batches of 5,000
documents, then one ``index_pending``. It is built in a child process (so the figures below
are those of a process that only opened it) and kept for the next run: in the temporary
folder by default, or at ``--project PATH``. Then, in one process:

* open: ``Store.open`` of the file (checks, migrations, pending index) against a bare
  ``sqlite3.connect`` and ``SELECT count(*) FROM documents``; and the real ``MainWindow``'s
  ``open_project`` until the first page of the corpus list is painted;
* search: ``Store.search(query)`` (ranked, with snippets) for several queries, against bare
  FTS5 on the same file (``SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?
  LIMIT 50``), and bare FTS5 with the same ranking and snippets as a second reference; then
  the corpus list's own search (typed in its search field: count and first page of matches);
* list pages: ``Store.list_documents`` for 200 rows at the top and at the bottom of the list,
  as the list's loader thread asks for them, against bare ``sqlite3`` reading the same
  columns of the same rows by id (``WHERE d.id > ? ORDER BY d.id LIMIT 200``);
* scrolling: the corpus list's scroll bar is moved from the top to the last document in 200
  steps, one screen refresh (16 ms) apart, the list loading its pages as a curator's
  dragging would make it, while a 5 ms heartbeat (bench/ui_stall_bench.py's) records every
  stall of the event loop;
* document open: the window showing one document with its 20 spans (``show_document``, as
  selecting its row does, and a repaint of the text pane) against a bare ``QTextEdit``'s
  ``setPlainText`` of the same text and the same repaint;
* the process's peak resident memory (``ru_maxrss``) after all of it, and the file's size.

Before scrolling, the window's background work (the spaCy pipeline loading, the annotation
count) is allowed to finish, so the stalls are the scrolling's own.

    python bench/scale_bench.py                     # 100,000 documents, 2,000,000 spans
    python bench/scale_bench.py --quick             # 2,000 documents: checks it still runs
    python bench/scale_bench.py --project big.nmk   # build there once, reuse it afterwards

Targets: no event-loop stall over 100 ms while scrolling; peak resident memory under 1.5 GB.
The other figures are ratios to the bare libraries, printed for the record. The exit status
is 0 whatever the figures (shared machines are too noisy to fail a build on), and 1 if the
run could not be measured.
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import PEOPLE, PLACES, SOURCES, articles

STALL_TARGET_MS = 100.0
RSS_TARGET_MB = 1536.0
SPANS_PER_DOCUMENT = 20
BATCH = 5_000
SCROLL_STEPS = 200
FRAME_S = 0.016
ROUNDS = 5
MARKER = "bench.scale"  # the project setting that says a file was built by this bench
# Common words, a phrase's words, a prefix, NOT, and a title's number (one document) or none.
QUERIES = ("Karsh", "drone strike", "ceasefire talks", "Kess*", "Ostrava NOT Karsh")
CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
PLACE_WORDS = {word for place in PLACES for word in place.split() if word[0].isupper()}
PERSON_WORDS = {word for person in PEOPLE for word in person.split()[-2:]}


class BenchFailure(Exception):
    """The run could not be measured (the window did not open the project, a wait ran out)."""


# ---------------------------------------------------------------------------------------------
# The project, built once
# ---------------------------------------------------------------------------------------------


def label_of(word: str) -> str:
    if word in PLACE_WORDS:
        return "GPE"
    if word in PERSON_WORDS:
        return "PERSON"
    if word in WEEKDAYS:
        return "DATE"
    return "ORG"


def batches(count: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for text in articles(count):
        batch.append(text)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def build(path: Path, count: int) -> None:
    """Write the project to a temporary name beside ``path``, then rename it into place, so
    an interrupted build is never taken for a finished one."""
    from newsmark.core.documents import Document
    from newsmark.core.store import Store
    from newsmark.nlp.candidates import DocumentSuggestions, SpanCandidate

    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    first_day = date(2015, 1, 1)
    with Store.open(partial) as store:
        # The bench is not the app: nothing here needs to survive a power cut.
        store.db.execute("PRAGMA synchronous = OFF")
        number = 0
        for texts in batches(count):
            documents = []
            for text in texts:
                documents.append(
                    Document(
                        text=text,
                        title=text.split("\n", 1)[0],
                        published=(first_day + timedelta(days=number % 3650)).isoformat(),
                        source=SOURCES[number % len(SOURCES)],
                        origin="bench",
                    )
                )
                number += 1
            added = store.add_documents(documents, index=False)
            store.add_suggestions(
                [
                    DocumentSuggestions(
                        result.doc_id,
                        spans=[
                            SpanCandidate(
                                m.start(),
                                m.end(),
                                label_of(m.group()),
                                m.group(),
                                "model:bench",
                                0.8,
                            )
                            for m in CAPITALISED.finditer(result.document.text)
                        ][:SPANS_PER_DOCUMENT],
                    )
                    for result in added
                ],
                run_origin="bench",
            )
        annotator = store.ensure_annotator("bench")
        with store.transaction():
            # A curator's decisions, without the undo records a real edit would write.
            store.db.execute(
                "UPDATE spans SET status = 'accepted', origin = 'manual', annotator = ? "
                "WHERE id % 3 = 0",
                [annotator],
            )
            store.db.execute("UPDATE documents SET status = 'done' WHERE id % 7 = 0")
        store.index_pending()
        documents_stored, spans_stored = counts(store.db.conn)
        store.set_setting(MARKER, {"documents": documents_stored, "spans": spans_stored})
    os.replace(partial, path)


def counts(conn: sqlite3.Connection) -> tuple[int, int]:
    documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    spans = conn.execute("SELECT count(*) FROM spans").fetchone()[0]
    return int(documents), int(spans)


def built_for(path: Path) -> dict[str, int] | None:
    """What the bench built at ``path`` ({documents, spans}), None if nothing is there.

    Raises BenchFailure for a file this bench did not write: it is never overwritten.
    """
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute(
                "SELECT value FROM project_settings WHERE key = ?", [MARKER]
            ).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        row = None
    if row is None:
        raise BenchFailure(f"{path} exists and was not built by this bench; choose another path")
    return json.loads(row[0])


def ensure_project(path: Path, count: int) -> tuple[int, int, float | None]:
    """(documents, spans, seconds the build took or None if the file was reused)."""
    found = built_for(path)
    if found is not None and found["documents"] == count:
        return found["documents"], found["spans"], None
    if found is not None:
        for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
    began = time.perf_counter()
    # In a child process: the measuring process's peak memory is then the app's alone.
    child = multiprocessing.get_context("spawn").Process(target=build, args=(path, count))
    child.start()
    child.join()
    if child.exitcode != 0:
        raise BenchFailure(f"building the project failed (exit status {child.exitcode})")
    found = built_for(path)
    assert found is not None
    return found["documents"], found["spans"], time.perf_counter() - began


# ---------------------------------------------------------------------------------------------
# Timing helpers
# ---------------------------------------------------------------------------------------------


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def alternate(
    ours: Callable[[], object], bare: Callable[[], object]
) -> tuple[list[float], list[float]]:
    """ROUNDS timings of each side in seconds, the sides taking turns to go first."""
    mine: list[float] = []
    theirs: list[float] = []
    for round_number in range(ROUNDS):
        if round_number % 2:
            theirs.append(timed(bare))
            mine.append(timed(ours))
        else:
            mine.append(timed(ours))
            theirs.append(timed(bare))
    return mine, theirs


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.1f}"


def ratio_line(name: str, ours: list[float], bare: list[float], bare_name: str) -> str:
    return (
        f"{name:<40} {ms(min(ours))} {ms(statistics.median(ours))} "
        f"{ms(min(bare))} {min(ours) / min(bare):9.1f}x   ({bare_name})"
    )


HEADER = f"{'':<40} {'best ms':>9} {'median ms':>9} {'bare ms':>9} {'ours/bare':>10}"


# ---------------------------------------------------------------------------------------------
# Without a window: opening and searching
# ---------------------------------------------------------------------------------------------


def measure_open(path: Path) -> None:
    from newsmark.core.store import Store

    def ours() -> None:
        Store.open(path, create=False).close()

    def bare() -> None:
        conn = sqlite3.connect(path)
        conn.execute("SELECT count(*) FROM documents").fetchone()
        conn.close()

    mine, theirs = alternate(ours, bare)
    print(ratio_line("Store.open + close", mine, theirs, "sqlite3.connect + count(*)"))


def measure_search(path: Path, documents: int) -> None:
    from newsmark.core.store import Store, fts_query

    store = Store.open(path, create=False)
    conn = sqlite3.connect(path)
    unranked = "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? LIMIT 50"
    ranked = (
        "SELECT rowid, title, snippet(documents_fts, 1, '[', ']', ' … ', 12) FROM documents_fts "
        "WHERE documents_fts MATCH ? ORDER BY rank LIMIT 50"
    )
    try:
        for query in (*QUERIES, str(documents * 3 // 7), "zeppelin"):
            match = fts_query(query)
            found = len(store.search(query))
            matching = conn.execute(
                "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", [match]
            ).fetchone()[0]
            mine, theirs = alternate(
                lambda q=query: store.search(q),
                lambda m=match: conn.execute(unranked, [m]).fetchall(),
            )
            ranked_ms = [timed(lambda m=match: conn.execute(ranked, [m]).fetchall())]
            ranked_ms += [timed(lambda m=match: conn.execute(ranked, [m]).fetchall())]
            name = f"search {query!r}: {matching:,} found"
            print(ratio_line(name, mine, theirs, "FTS5 MATCH LIMIT 50"))
            print(
                f"{'':<40} {'':>9} {'':>9} {ms(min(ranked_ms))} "
                f"{min(mine) / min(ranked_ms):9.1f}x   (the same, ranked, with snippets)"
            )
            if found != min(50, matching):
                raise BenchFailure(f"Store.search({query!r}) found {found} of {matching}")
    finally:
        store.close()
        conn.close()


def measure_pages(path: Path, documents: int) -> None:
    """A page of the corpus list at the top and at the bottom, as the list's loader thread
    reads it, against bare sqlite3 reading the same columns of the same rows by id."""
    from newsmark.core.store import Store

    page = 200
    bare_sql = """SELECT d.id, d.title, d.author, d.published, d.source, d.status,
        (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.status = 'accepted'),
        (SELECT count(*) FROM spans s WHERE s.doc_id = d.id AND s.status = 'suggested')
        FROM documents d WHERE d.id > ? ORDER BY d.id LIMIT ?"""
    store = Store.open(path, create=False)
    conn = sqlite3.connect(path)
    try:
        for offset in (0, documents - page):
            after = store.list_documents(offset=offset, limit=1)[0].id - 1
            mine, theirs = alternate(
                lambda o=offset: store.list_documents(offset=o, limit=page),
                lambda a=after: conn.execute(bare_sql, [a, page]).fetchall(),
            )
            name = f"corpus list page at row {offset:,}"
            print(ratio_line(name, mine, theirs, "the same rows, WHERE id > ?"))
    finally:
        store.close()
        conn.close()


# ---------------------------------------------------------------------------------------------
# In the window
# ---------------------------------------------------------------------------------------------


def settle(app: Any) -> None:
    """Let posted events and deferred layout run."""
    for _ in range(3):
        app.processEvents()


def spin(seconds: float) -> None:
    """Run the event loop for ``seconds`` (a curator's pause between two moves)."""
    from ui_stall_bench import wait_until

    wait_until(lambda: False, seconds)


def stall_summary(gaps: list[float]) -> str:
    """Longest stall, the 99th percentile when there are enough beats for one, and how many
    stalls went over the target."""
    ordered = sorted(gaps) or [0.0]
    over = sum(1 for gap in gaps if gap > STALL_TARGET_MS)
    p99 = f", p99 {ordered[len(ordered) * 99 // 100]:.1f} ms" if len(gaps) >= 100 else ""
    return (
        f"longest stall {ordered[-1]:.1f} ms{p99}, {over} over {STALL_TARGET_MS:.0f} ms, "
        f"{len(gaps):,} beats"
    )


class Session:
    """The real MainWindow, offscreen, on the generated project; one method per measurement.

    A message box would stop the run: the window's errors are collected instead.
    """

    def __init__(self, path: Path, documents: int):
        from newsmark.gui.app import application
        from newsmark.gui.main_window import MainWindow

        self.path = path
        self.documents = documents
        self.app = application([sys.argv[0]])
        self.window = MainWindow()
        self.errors: list[str] = []
        self.window.show_error = lambda title, text: self.errors.append(f"{title}: {text}")  # type: ignore[method-assign]
        self.window.resize(1400, 900)
        self.window.show()
        settle(self.app)
        self.model = self.window.model
        self.table = self.window.corpus_panel.table
        self.scroll_stall_ms = 0.0

    def close(self) -> None:
        self.window.close()
        settle(self.app)

    def open_project(self) -> float:
        """Seconds from ``open_project`` until the corpus list's first page is painted."""
        from ui_stall_bench import Heartbeat, wait_until

        heartbeat = Heartbeat()
        heartbeat.start()
        start = time.perf_counter()
        if not self.window.open_project(self.path):
            raise BenchFailure(f"the window did not open {self.path}: {self.errors}")
        call = time.perf_counter() - start
        wait_until(lambda: self.model.rowCount() > 0, 120)
        if self.model.rowCount() == 0:
            raise BenchFailure("the corpus list showed no rows within 2 minutes")
        self.table.viewport().repaint()
        shown = time.perf_counter() - start
        gaps = heartbeat.stop()
        print(
            f"window open_project until the first page is painted: {shown * 1000:.1f} ms "
            f"(the call itself {call * 1000:.1f} ms on the UI thread; {stall_summary(gaps)})"
        )
        return shown

    def wait_for_background(self) -> float:
        """Let the pipeline load and the annotation count finish; returns the seconds taken."""
        from PySide6.QtCore import QThreadPool

        from ui_stall_bench import wait_until

        start = time.perf_counter()
        pool = QThreadPool.globalInstance()
        wait_until(lambda: self.window.pipeline() is not None, 300)
        wait_until(lambda: pool.activeThreadCount() == 0 and not self.model.is_loading(), 300)
        settle(self.app)
        return time.perf_counter() - start

    def scroll(self) -> None:
        """Drag the list from the top to the last document in SCROLL_STEPS moves."""
        from PySide6.QtCore import QModelIndex
        from PySide6.QtWidgets import QAbstractItemView

        from ui_stall_bench import Heartbeat, wait_until

        bar = self.table.verticalScrollBar()
        row_height = self.table.verticalHeader().defaultSectionSize()
        per_item = self.table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem
        unit = 1 if per_item else row_height
        # Where the bar ends once every row is loaded: the last page of rows fills the view.
        last = max(0, self.documents - self.table.viewport().height() // row_height) * unit
        # With the UI thread's CPU time at each beat: a stall in which it hardly ran was spent
        # waiting (for the GIL, or for a core on a busy machine), not working.
        heartbeat = Heartbeat(cpu=True)
        heartbeat.start()
        start = time.perf_counter()
        pages_waited = 0
        for step in range(1, SCROLL_STEPS + 1):
            wanted = last * step // SCROLL_STEPS
            while bar.maximum() < wanted and self.model.rowCount() < self.documents:
                before = bar.maximum()
                if bar.value() == before:
                    # At the bottom already: the view asks for more rows when the last row
                    # shows (as here) or the bar reaches its end (moved below).
                    self.model.fetchMore(QModelIndex())
                bar.setValue(before)
                pages_waited += 1
                if not wait_until(lambda b=before: bar.maximum() > b, 120):
                    raise BenchFailure(f"the list stopped loading at {self.model.rowCount()} rows")
            bar.setValue(wanted)
            spin(FRAME_S)
        took = time.perf_counter() - start
        gaps = heartbeat.stop()
        beats = heartbeat.beats
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        shown = self.model.document_id(bottom) if bottom >= 0 else None
        print(
            f"scrolled {self.model.rowCount():,} rows in {SCROLL_STEPS} moves "
            f"({pages_waited} waits for a page) in {took:.1f} s; the bottom row shows "
            f"document {shown}"
        )
        longest = sorted(range(len(gaps)), key=lambda i: -gaps[i])[:5]
        cpu = heartbeat.cpu
        print(f"  {stall_summary(gaps)}; the longest:")
        for i in sorted(longest):
            print(
                f"    {gaps[i]:.0f} ms at {beats[i] - start:.2f} s, the UI thread running "
                f"{(cpu[i + 1] - cpu[i]) * 1000:.0f} ms of it"
            )
        self.scroll_stall_ms = max(gaps, default=0.0)

    def open_documents(self) -> None:
        """Select rows across the list (the window shows the document and its spans) against a
        bare QTextEdit showing the same texts."""
        from PySide6.QtWidgets import QTextEdit

        store = self.window.store()
        assert store is not None
        pane = self.window.document_view.text_edit
        bare_edit = QTextEdit()
        bare_edit.setFont(pane.font())
        bare_edit.document().setDocumentMargin(pane.document().documentMargin())
        bare_edit.resize(pane.size())
        bare_edit.show()
        rows = self.model.rowCount()
        picks = [
            self.model.document_id(rows * (i + 1) // (ROUNDS * 2 + 2)) for i in range(ROUNDS * 2)
        ]
        texts = {doc_id: store.get_document(doc_id).text for doc_id in picks if doc_id}

        def ours(doc_id: int) -> None:
            if not self.window.corpus_panel.select_document(doc_id):
                raise BenchFailure(f"document {doc_id} is not in the corpus list")
            pane.viewport().repaint()
            settle(self.app)

        def bare(doc_id: int) -> None:
            bare_edit.setPlainText(texts[doc_id])
            bare_edit.viewport().repaint()
            settle(self.app)

        mine: list[float] = []
        theirs: list[float] = []
        for number, doc_id in enumerate(texts):
            settle(self.app)
            if number % 2:  # the sides take turns going first
                theirs.append(timed(functools.partial(bare, doc_id)))
                mine.append(timed(functools.partial(ours, doc_id)))
            else:
                mine.append(timed(functools.partial(ours, doc_id)))
                theirs.append(timed(functools.partial(bare, doc_id)))
            spans = len(self.window.document_view.spans())
            if spans != SPANS_PER_DOCUMENT:
                raise BenchFailure(f"document {doc_id} showed {spans} spans")
        bare_edit.close()
        print(ratio_line("show a document, 20 spans", mine, theirs, "QTextEdit.setPlainText"))

    def list_search(self) -> None:
        """Type queries in the corpus list's search field: until the matches are shown."""
        from ui_stall_bench import Heartbeat, wait_until

        panel = self.window.corpus_panel
        heartbeat = Heartbeat()
        heartbeat.start()
        for query in (QUERIES[0], QUERIES[-1], ""):
            panel.search_edit.setText(query)
            start = time.perf_counter()
            panel.apply_filter()
            wait_until(lambda: not self.model.is_loading(), 120)
            self.table.viewport().repaint()
            took = time.perf_counter() - start
            if self.model.error():
                raise BenchFailure(f"the list search for {query!r} failed: {self.model.error()}")
            shown = f"search {query!r}" if query else "search cleared"
            print(
                f"corpus list {shown}: {took * 1000:.1f} ms until "
                f"{self.model.matching_count():,} matches are listed"
            )
        gaps = heartbeat.stop()
        print(f"  {stall_summary(gaps)}")


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------


def peak_rss_mb() -> float | None:
    """The process's peak resident memory in MB; None where the platform does not say
    (Windows has no ``resource`` module)."""
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes there, KB here


def file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def run(path: Path, count: int) -> int:
    documents, spans, built = ensure_project(path, count)
    how = f"built in {built:.0f} s" if built is not None else "reused"
    print(f"{path}: {documents:,} documents, {spans:,} spans ({how})")
    print(HEADER)
    measure_open(path)
    measure_search(path, documents)
    measure_pages(path, documents)
    print()

    session = Session(path, documents)
    try:
        session.open_project()
        waited = session.wait_for_background()
        print(f"(pipeline loading and the annotation count finished {waited:.1f} s later)")
        session.scroll()
        print(HEADER)
        session.open_documents()
        session.list_search()
    finally:
        session.close()
    if session.errors:
        raise BenchFailure(f"the window reported: {session.errors}")

    print()
    stall = session.scroll_stall_ms
    verdict = "met" if stall <= STALL_TARGET_MS else "NOT met"
    print(
        f"target: longest stall while scrolling {stall:.1f} ms "
        f"(at most {STALL_TARGET_MS:.0f} ms): {verdict}"
    )
    rss = peak_rss_mb()
    if rss is None:
        print("target: peak resident memory: not measurable on this platform")
    else:
        verdict = "met" if rss <= RSS_TARGET_MB else "NOT met"
        print(
            f"target: peak resident memory {rss:,.0f} MB "
            f"(under {RSS_TARGET_MB / 1024:.1f} GB): {verdict}"
        )
    size = file_size(path)
    print(
        f"project file {size / 2**20:,.0f} MB; python {sys.version.split()[0]}, "
        f"sqlite {sqlite3.sqlite_version}, {os.cpu_count()} cores"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000, help="documents (100,000)")
    parser.add_argument("--quick", action="store_true", help="2,000 documents, to check it runs")
    parser.add_argument(
        "--project", type=Path, help="where to build the project, or the one built there before"
    )
    args = parser.parse_args()
    count = 2_000 if args.quick else args.count
    if count < 100:
        parser.error("--count must be at least 100")
    cache = Path(tempfile.gettempdir()) / "newsmark-scale-bench"
    path = args.project or cache / f"scale-{count}.nmk"
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsmark-scale-home-") as home:
        # Before the window is created: its settings go to the temporary folder.
        os.environ["NEWSMARK_HOME"] = home
        try:
            return run(path.resolve(), count)
        except BenchFailure as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1


if __name__ == "__main__":
    sys.exit(main())
