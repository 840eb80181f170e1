"""How long one curation action takes in the window on a long, entity-dense article.

A curator's action (accept a suggestion, fill an event role, make an event, undo) is written
to the project file in one transaction, and the window then redraws the changed spans, the
Spans table, the inspector tab on screen and the corpus row. What the curator feels is the
whole of it, so the timing runs from the call the key or button makes until the event loop
is idle again.

The article is made of bench/generate.py's articles joined into one (600 of them: about
2.5 MB), with every capitalised word a suggested span (about 75,000) and an event on every
150th (about 500). Two references, on the same file and data in the same run:

* raw ``sqlite3``: the same row change (one UPDATE or INSERT and its commit, WAL and
  ``synchronous = FULL`` as the project uses), what any program pays to store the action;
* a bare ``QTextEdit``: ``setPlainText`` of the same text and a repaint, a plain widget's
  cheapest way to show anything new in it.

    python bench/curation_bench.py            # 600 articles, 7 rounds after a warm-up
    python bench/curation_bench.py --quick    # 20 articles, 2 rounds: checks it runs

Target: every action under 100 ms on the long article (the same bound as the stall
benchmark). The exit status is 0 either way: shared machines are too noisy to fail a build on.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication, QTextEdit

from generate import articles

TARGET_MS = 100.0


def build(path: Path, count: int) -> str:
    from newsmark.core.documents import Document
    from newsmark.core.store import Store
    from newsmark.nlp.candidates import DocumentSuggestions, SpanCandidate

    text = "\n\n".join(articles(count))
    with Store.open(path) as store:
        store.add_documents([Document(text=text, title="Long article", published="2020-01-05")])
        spans = tuple(
            SpanCandidate(m.start(), m.end(), "GPE", m.group(), "model:bench", 0.8)
            for m in re.finditer(r"\b[A-Z][a-z]+\b", text)
        )
        store.add_suggestions([DocumentSuggestions(1, spans)], run_origin="bench")
        for span in store.document_spans(1)[::150]:
            store.create_event(1, "Battles", "Armed clash", trigger=(span.start, span.end))
    return text


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def timed(app: QApplication, action: Callable[[], object], rounds: int) -> list[float]:
    found = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        settle(app)
        found.append((time.perf_counter() - start) * 1000)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 articles, 2 rounds")
    args = parser.parse_args(argv)
    count, rounds = (20, 2) if args.quick else (600, 7)
    folder = tempfile.TemporaryDirectory(prefix="newsmark-curation-bench-")
    os.environ["NEWSMARK_HOME"] = folder.name
    project = Path(folder.name) / "long.nmk"
    text = build(project, count)

    from newsmark.gui.app import application
    from newsmark.gui.main_window import MainWindow

    app = application([sys.argv[0]])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    window.open_project(project)
    deadline = time.time() + 60
    while window.model.rowCount() == 0 and time.time() < deadline:
        app.processEvents()
    window.corpus_panel.select_document(1)
    while window.document_view.document() is None and time.time() < deadline:
        app.processEvents()
    settle(app)
    store = window.store()
    assert store is not None
    spans = window.document_view.spans()
    events = store.document_events(1)
    span = spans[len(spans) // 2]
    place = next(s for s in spans[len(spans) // 2 + 1 :] if s.label == "GPE")
    event_id = events[len(events) // 2].id
    curator, stack = window.curator, window.curator.undo_stack
    window.inspector.show_panel(window.event_panel)
    window.event_panel.select(event_id)
    settle(app)
    print(
        f"one article of {len(text):,} characters, {len(spans):,} spans, {len(events):,} "
        f"events; {rounds} rounds, the Events tab on screen"
    )

    ours = {
        "accept a suggestion": lambda: curator.set_status([span.id], "accepted"),
        "fill a role": lambda: curator.change(
            lambda s, who: s.add_argument(event_id, "place", span_id=place.id, annotator=who)
        ),
        "make an event": lambda: curator.change(
            lambda s, who: s.create_event(
                1, "Riots", "Mob violence", trigger=(span.start, span.end), annotator=who
            )
        ),
    }
    # One untimed round first: the first edit pays for lazy imports and first layouts.
    for action in ours.values():
        action()
        settle(app)
        stack.undo()
        settle(app)
    results: dict[str, tuple[list[float], list[float]]] = {}
    for name, action in ours.items():
        done, undone = [], []
        for _ in range(rounds):
            done += timed(app, action, 1)
            undone += timed(app, stack.undo, 1)
        results[name] = (done, undone)

    # Raw sqlite3 on a copy of the file: the same rows written, each in its own transaction.
    window.close()
    settle(app)
    conn = sqlite3.connect(project, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")

    def bare(sql: str, params: tuple[object, ...]) -> Callable[[], None]:
        def run() -> None:
            conn.execute("BEGIN")
            conn.execute(sql, params)
            conn.execute("COMMIT")

        return run

    raw = {
        "accept a suggestion": bare(
            "UPDATE spans SET status = 'accepted' WHERE id = ?", (span.id,)
        ),
        "fill a role": bare(
            "INSERT INTO event_arguments (event_id, role, span_id) VALUES (?, 'place', ?)",
            (event_id, place.id),
        ),
        "make an event": bare(
            "INSERT INTO events (doc_id, type, subtype, status, created_at, updated_at) "
            "VALUES (1, 'Riots', 'Mob violence', 'accepted', 't', 't')",
            (),
        ),
    }
    raw_ms = {name: timed(app, action, rounds) for name, action in raw.items()}
    conn.close()

    plain = QTextEdit()
    plain.resize(1000, 800)
    plain.show()

    def show_again() -> None:
        plain.setPlainText(text)
        plain.viewport().repaint()

    bare_widget = timed(app, show_again, rounds)

    print(f"{'action':22} {'ours ms':>8} {'undo ms':>8} {'sqlite3 ms':>11} {'ours/sqlite3':>13}")
    worst = 0.0
    for name, (done, undone) in results.items():
        best, best_undo, best_raw = min(done), min(undone), min(raw_ms[name])
        worst = max(worst, statistics.median(done), statistics.median(undone))
        print(f"{name:22} {best:8.1f} {best_undo:8.1f} {best_raw:11.2f} {best / best_raw:12.0f}x")
    shown = min(bare_widget)
    print(f"bare QTextEdit showing the same text again: {shown:.1f} ms")
    for name, (done, _undone) in results.items():
        print(f"{name}: ours / bare QTextEdit re-show = {min(done) / shown:.2f}x")
    verdict = "MET" if worst < TARGET_MS else "NOT MET"
    print(f"target: every action (median) under {TARGET_MS:.0f} ms: {verdict} (worst {worst:.1f})")
    folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
