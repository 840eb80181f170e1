"""Native JSONL export speed against a bare loop: ``export_native`` vs sqlite3 + ``json.dumps``.

A project of 10,000 generated articles with 200,000 accepted spans (20 capitalised words per
article, stored as suggestions and then accepted) is exported with
``export_native(store, path, ExportOptions(status="all"))``: every document read through the
Store's record readers (document, spans with their attributes, events, claims, relations,
actors), every span checked against the text, one line per document written atomically
(temporary file, fsync, rename). The bare side opens the same file with the standard
``sqlite3`` module, reads each document's row and its span rows, and writes
``json.dumps(..., ensure_ascii=False)`` of one object per document to a plain file: what any
script pays to dump the same rows, without checks, records or atomic writing. The sides run
alternately, the best of ``--repeat`` runs counting.

    python bench/export_bench.py            # 10,000 documents, 200,000 spans
    python bench/export_bench.py --quick    # 200 documents: checks it still runs

Target: throughput ratio (bare time / Newsmark time) at least 0.3. The exit status is 0
either way: timings on shared machines are too noisy to fail a build on.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import articles
from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.exchange.native import export_native
from newsmark.exchange.records import ExportOptions
from newsmark.nlp.candidates import DocumentSuggestions, SpanCandidate

TARGET = 0.3
SPANS_PER_DOCUMENT = 20
CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


def build(path: Path, count: int) -> tuple[int, int]:
    """A project of ``count`` articles and up to 20 accepted spans each; (documents, spans)."""
    with Store.open(path) as store:
        texts = list(articles(count))
        added = store.add_documents([Document(text=text) for text in texts], index=False)
        batch = []
        for result, text in zip(added, texts, strict=True):
            spans = [
                SpanCandidate(m.start(), m.end(), "ORG", m.group(), "bench", 0.9)
                for m in CAPITALISED.finditer(text)
            ][:SPANS_PER_DOCUMENT]
            batch.append(DocumentSuggestions(result.doc_id, spans=spans))
        for i in range(0, len(batch), 1000):
            store.add_suggestions(batch[i : i + 1000], run_origin="bench")
        # The bench is not the app: accepting them all at once needs no undo record.
        store.db.execute("UPDATE spans SET status = 'accepted'")
        store.db.conn.commit()
        spans = store.db.execute("SELECT count(*) FROM spans").fetchone()[0]
        return len(store.document_ids()), spans


def bare(project: Path, out: Path) -> float:
    """Read documents and their spans with sqlite3 and dump one JSON object per document."""
    start = time.perf_counter()
    conn = sqlite3.connect(project)
    with out.open("w", encoding="utf-8") as handle:
        for doc_id, text, title, status, meta in conn.execute(
            "SELECT id, text, title, status, meta FROM documents ORDER BY id"
        ):
            spans = [
                {
                    "id": row[0],
                    "start": row[1],
                    "end": row[2],
                    "text": row[3],
                    "label": row[4],
                    "status": row[5],
                    "origin": row[6],
                    "score": row[7],
                    "annotator": row[8],
                    "actor": row[9],
                    "attributes": json.loads(row[10]),
                }
                for row in conn.execute(
                    'SELECT id, start, "end", text, label, status, origin, score, annotator, '
                    "actor_id, attributes FROM spans WHERE doc_id = ? ORDER BY start",
                    [doc_id],
                )
            ]
            line = {
                "id": doc_id,
                "text": text,
                "meta": {"title": title, **json.loads(meta)},
                "status": status,
                "spans": spans,
            }
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    conn.close()
    return time.perf_counter() - start


def ours(project: Path, out: Path) -> tuple[float, int]:
    with Store.open(project, create=False) as store:
        start = time.perf_counter()
        report = export_native(store, out, ExportOptions(status="all"))
        return time.perf_counter() - start, report.spans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="documents (default 10,000)")
    parser.add_argument("--quick", action="store_true", help="200 documents, to check it runs")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the best counts")
    args = parser.parse_args()
    count = 200 if args.quick else args.count

    with tempfile.TemporaryDirectory(prefix="newsmark-bench-") as tmp:
        work = Path(tmp)
        project = work / "bench.nmk"
        began = time.perf_counter()
        documents, spans = build(project, count)
        print(
            f"{documents:,} documents, {spans:,} accepted spans "
            f"(built in {time.perf_counter() - began:.1f} s)"
        )
        base_best = ours_best = float("inf")
        for run in range(max(args.repeat, 1)):
            base_best = min(base_best, bare(project, work / f"bare-{run}.jsonl"))
            elapsed, exported = ours(project, work / f"ours-{run}.jsonl")
            ours_best = min(ours_best, elapsed)
            if exported != spans:
                print(f"warning: the export wrote {exported:,} spans of {spans:,}")
        size = (work / "ours-0.jsonl").stat().st_size

    print(f"{'side':<34} {'seconds':>8} {'docs/s':>9}")
    print(f"{'bare sqlite3 + json.dumps':<34} {base_best:>8.2f} {documents / base_best:>9.0f}")
    print(f"{'newsmark export_native':<34} {ours_best:>8.2f} {documents / ours_best:>9.0f}")
    ratio = base_best / ours_best
    verdict = "met" if ratio >= TARGET else "NOT met"
    print(f"throughput ratio (bare / newsmark): {ratio:.2f} (target at least {TARGET}: {verdict})")
    print(
        f"export file {size / 1e6:.1f} MB; python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
