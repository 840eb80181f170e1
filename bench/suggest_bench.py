"""Suggestion throughput against the bare library: ``suggest_project`` vs ``nlp.pipe``.

Both sides use the same pipeline with the same components over the same generated articles, in
one run. The bare side only parses (``nlp.pipe``); Newsmark's side reads the texts from the
project, parses them with the same ``nlp.pipe`` call, runs the gazetteer, event and claim
rules, and commits every suggestion to the project file. Pipeline loading is timed on neither
side; building the gazetteer and seeding the starter registry are included on Newsmark's.

    python bench/suggest_bench.py            # 100 articles, each side 3 times (about 2 minutes)
    python bench/suggest_bench.py --quick    # 20 articles: checks it still runs
    python bench/suggest_bench.py --long     # one 2 MB article, each side once (about 4 minutes)

``--long`` runs generated articles together into one document of ``--chars`` characters (a
live blog, a report converted from PDF): the suggesters must cost as much on it as on the
same text in separate articles. spaCy refuses a text over ``nlp.max_length`` (a million
characters); Newsmark parses such a text in pieces of 100,000 characters cut at paragraph
breaks, one at a time, and the bare side parses the same pieces the same way, so both sides
do the same parsing. ``--chars 990000`` gives an article both parse whole.
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
from newsmark.nlp.suggest import split_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import articles


def pieces_of(nlp, text: str) -> list[str]:
    """How Newsmark parses a text over nlp.max_length: in these pieces, one at a time."""
    return split_text(text, min(nlp.max_length, suggest.PIECE_CHARS))


def bare_run(nlp, texts: list[str]) -> float:
    short = [t for t in texts if len(t) <= nlp.max_length]
    long = [t for t in texts if len(t) > nlp.max_length]
    start = time.perf_counter()
    for _doc in nlp.pipe(short, batch_size=suggest.SuggestOptions().batch_size):
        pass
    for text in long:
        for _doc in nlp.pipe(pieces_of(nlp, text), batch_size=1):
            pass
    return time.perf_counter() - start


def long_article(chars: int) -> tuple[str, int]:
    """Generated articles run together (a blank line between them) to at least ``chars``
    characters, and how many went in."""
    parts: list[str] = []
    length = 0
    for text in articles(1_000_000, seed=7):
        if length >= chars:
            break
        parts.append(text)
        length += len(text) + 2
    return "\n\n".join(parts), len(parts)


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
    parser.add_argument("--repeat", type=int, help="runs of each side (default 3, --long 1)")
    parser.add_argument(
        "--quick", action="store_true", help="20 articles (--long: 200,000 characters) once"
    )
    parser.add_argument("--long", action="store_true", help="one long article instead")
    parser.add_argument(
        "--chars", type=int, default=2_000_000, help="length of the --long article (default 2 MB)"
    )
    parser.add_argument("--model", help="pipeline (default: as newsmark suggest chooses)")
    args = parser.parse_args()
    if args.quick:
        count, repeat, chars = 20, 1, min(args.chars, 200_000)
    else:
        count, chars = args.count, args.chars
        repeat = max(1, args.repeat or (1 if args.long else 3))

    choice = choose_pipeline(args.model)
    if not isinstance(choice, str):
        sys.exit(f"bench: no pipeline: {choice.reason}")
    nlp, info = load_pipeline(choice)
    if args.long:
        text, joined = long_article(chars)
        texts, count = [text], 1
        pieces = len(pieces_of(nlp, text)) if len(text) > nlp.max_length else 1
        what = (
            f"one article of {len(text):,} characters ({joined} generated articles run "
            f"together, parsed in {pieces} piece{'s' if pieces > 1 else ''})"
        )
    else:
        texts = list(articles(count, seed=7))
        what = f"{count} generated articles"
    words = sum(len(t.split()) for t in texts)
    print(f"{what}, {words:,} words; pipeline {info.display_name} ({', '.join(info.components)})")

    list(nlp.pipe(t[:10_000] for t in texts[:2]))  # warm up both sides alike
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
    # One long article: characters per second say more than documents per second.
    unit, size = ("kchars/s", sum(len(t) for t in texts) / 1000) if args.long else ("docs/s", count)
    print(f"{'side (best of ' + str(repeat) + ')':<34} {'seconds':>8} {unit:>8}")
    print(f"{'bare nlp.pipe':<34} {bare:>8.2f} {size / bare:>8.1f}")
    print(f"{'newsmark suggest (stored)':<34} {ours:>8.2f} {size / ours:>8.1f}")
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
