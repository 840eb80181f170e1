"""Suggestion throughput against the bare library: ``suggest_project`` vs ``nlp.pipe``.

Both sides use the same pipeline with the same components over the same generated articles, in
one run. The bare side only parses (``nlp.pipe``); Newsmark's side reads the texts from the
project, parses them with the same ``nlp.pipe`` call, runs the gazetteer, event and claim
rules, and commits every suggestion to the project file. Pipeline loading is timed on neither
side; building the gazetteer and seeding the starter registry are included on Newsmark's.

    python bench/suggest_bench.py            # 100 articles, each side 3 times (about 2 minutes)
    python bench/suggest_bench.py --quick    # 20 articles: checks it still runs
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.nlp import suggest
from newsmark.nlp.loading import choose_pipeline, load_pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import articles


def bare_run(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=suggest.SuggestOptions().batch_size):
        pass
    return time.perf_counter() - start


def newsmark_run(nlp, info, texts: list[str]) -> tuple[float, suggest.SuggestReport]:
    with (
        tempfile.TemporaryDirectory(prefix="newsmark-bench-") as tmp,
        Store.open(Path(tmp) / "bench.nmk") as store,
    ):
        store.add_documents([Document(text=t) for t in texts])
        # The same loaded pipeline object: loading is not what is measured.
        start = time.perf_counter()
        report = suggest.suggest_project(store, pipeline=(nlp, info))
        return time.perf_counter() - start, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100, help="articles (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (default 3)")
    parser.add_argument("--quick", action="store_true", help="20 articles once, to check it runs")
    parser.add_argument("--model", help="pipeline (default: as newsmark suggest chooses)")
    args = parser.parse_args()
    count, repeat = (20, 1) if args.quick else (args.count, max(1, args.repeat))

    choice = choose_pipeline(args.model)
    if not isinstance(choice, str):
        sys.exit(f"bench: no pipeline: {choice.reason}")
    nlp, info = load_pipeline(choice)
    texts = list(articles(count, seed=7))
    words = sum(len(t.split()) for t in texts)
    print(
        f"{count} generated articles, {words:,} words; pipeline {info.display_name} "
        f"({', '.join(info.components)})"
    )

    list(nlp.pipe(texts[:2]))  # warm up both sides alike
    # The sides alternate, and each keeps its best run: a shared machine's noise then weighs
    # on both alike instead of on whichever side ran during a busy moment.
    bare_times, our_times = [], []
    report = None
    for _ in range(repeat):
        bare_times.append(bare_run(nlp, texts))
        elapsed, report = newsmark_run(nlp, info, texts)
        our_times.append(elapsed)
    bare, ours = min(bare_times), min(our_times)
    assert report is not None
    counts = report.counts
    print(f"{'side (best of ' + str(repeat) + ')':<34} {'seconds':>8} {'docs/s':>8}")
    print(f"{'bare nlp.pipe':<34} {bare:>8.2f} {count / bare:>8.1f}")
    print(f"{'newsmark suggest (stored)':<34} {ours:>8.2f} {count / ours:>8.1f}")
    per_run = ", ".join(f"{b / o:.2f}" for b, o in zip(bare_times, our_times, strict=True))
    print(
        f"throughput ratio (newsmark / bare): {bare / ours:.2f}  (target >= 0.85; "
        f"run by run: {per_run})"
    )
    print(
        f"stored per run: {counts.spans:,} entity and actor spans, {counts.events:,} events, "
        f"{counts.claims:,} claims; {report.actors_seeded:,} starter actors seeded"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
