"""Annotation import speed against a bare loop: ``newsmark import`` of a native JSONL file vs
``json.loads`` + sqlite3 inserts of the same rows.

The project of ``export_bench.py`` (10,000 generated articles, 200,000 accepted spans) is
exported to native JSONL once; that file is then imported into a new, empty project with
``import_annotations``: every line parsed and checked field by field, every name fitted to
the schema, each document found by content or added, every span checked against the text and
against the spans already there, one transaction per document, the full-text index built at
the end. The bare side reads the same file with ``json.loads`` and inserts the documents and
spans into a project file of the same schema with the standard ``sqlite3`` module, in one
transaction, with no checks: what any script pays to load the same rows. The sides run
alternately into fresh files, the best of ``--repeat`` runs counting.

    python bench/import_annotations_bench.py            # 10,000 documents, 200,000 spans
    python bench/import_annotations_bench.py --quick    # 200 documents: checks it still runs

Target: throughput ratio (bare time / Newsmark time) at least 0.2. The exit status is 0
either way: timings on shared machines are too noisy to fail a build on.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export_bench import build
from newsmark.core.clock import utc_now
from newsmark.core.documents import content_hash
from newsmark.core.store import Store
from newsmark.exchange.importing import import_annotations
from newsmark.exchange.native import export_native
from newsmark.exchange.records import ExportOptions

TARGET = 0.2


def bare(source: Path, project: Path) -> float:
    """Load the file's documents and spans into ``project`` (already made, empty) with
    json.loads and sqlite3 executemany, one transaction, no checks."""
    start = time.perf_counter()
    conn = sqlite3.connect(project)
    now = utc_now()
    with conn, source.open(encoding="utf-8") as handle:
        for raw in handle:
            line = json.loads(raw)
            cursor = conn.execute(
                "INSERT INTO documents (content_hash, title, text, meta, imported_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    content_hash(line["text"]),
                    line["meta"].get("title"),
                    line["text"],
                    "{}",
                    now,
                    now,
                ],
            )
            doc_id = cursor.lastrowid
            conn.executemany(
                'INSERT INTO spans (doc_id, start, "end", label, text, status, origin, score, '
                "annotator, attributes, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc_id,
                        s["start"],
                        s["end"],
                        s["label"],
                        s["text"],
                        s["status"],
                        s["origin"],
                        s["score"],
                        s["annotator"],
                        json.dumps(s["attributes"]),
                        now,
                        now,
                    )
                    for s in line["spans"]
                ],
            )
    conn.close()
    return time.perf_counter() - start


def ours(source: Path, project: Path) -> tuple[float, int]:
    with Store.open(project) as store:
        start = time.perf_counter()
        report = import_annotations(store, [source])
        elapsed = time.perf_counter() - start
    if report.refused or report.left_out:
        print(f"warning: {len(report.refused)} refused, {len(report.left_out)} left out")
    return elapsed, report.counts.spans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="documents (default 10,000)")
    parser.add_argument("--quick", action="store_true", help="200 documents, to check it runs")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each side; the best counts")
    args = parser.parse_args()
    count = 200 if args.quick else args.count

    with tempfile.TemporaryDirectory(prefix="newsmark-bench-") as tmp:
        work = Path(tmp)
        began = time.perf_counter()
        documents, spans = build(work / "source.nmk", count)
        source = work / "source.jsonl"
        with Store.open(work / "source.nmk", create=False) as store:
            export_native(store, source, ExportOptions(status="all"))
        print(
            f"{documents:,} documents, {spans:,} spans, {source.stat().st_size / 1e6:.1f} MB of "
            f"native JSONL (built in {time.perf_counter() - began:.1f} s)"
        )
        base_best = ours_best = float("inf")
        for run in range(max(args.repeat, 1)):
            empty = work / f"bare-{run}.nmk"
            Store.open(empty).close()  # the same schema, migrations applied
            base_best = min(base_best, bare(source, empty))
            elapsed, imported = ours(source, work / f"ours-{run}.nmk")
            ours_best = min(ours_best, elapsed)
            if imported != spans:
                print(f"warning: the import wrote {imported:,} spans of {spans:,}")

    print(f"{'side':<34} {'seconds':>8} {'docs/s':>9}")
    print(f"{'bare json.loads + sqlite3':<34} {base_best:>8.2f} {documents / base_best:>9.0f}")
    print(f"{'newsmark import_annotations':<34} {ours_best:>8.2f} {documents / ours_best:>9.0f}")
    ratio = base_best / ours_best
    verdict = "met" if ratio >= TARGET else "NOT met"
    print(f"throughput ratio (bare / newsmark): {ratio:.2f} (target at least {TARGET}: {verdict})")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
