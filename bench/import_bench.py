"""Import speed against the bare library: ``newsmark import`` vs ``sqlite-utils insert`` + FTS.

Both sides get the same generated articles and run as the commands a user would type, in one
run, on the same machine. Newsmark's side includes decoding, cleaning, metadata extraction,
duplicate detection and its FTS index over title and text; sqlite-utils' side inserts the raw
texts and then builds an FTS5 index over them.

    python bench/import_bench.py            # 10,000 articles (about a minute)
    python bench/import_bench.py --quick    # 300 articles: checks it still runs
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import articles


def tool(name: str) -> str:
    """The console script installed beside this Python (the venv's), else one on PATH."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"bench: '{name}' is not installed; run the README's install command first")
    return found


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(
            f"bench: {' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}"
        )
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="articles (default 10,000)")
    parser.add_argument("--quick", action="store_true", help="300 articles, to check it runs")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side; the best counts")
    args = parser.parse_args()
    count = 300 if args.quick else args.count
    sqlite_utils, newsmark = tool("sqlite-utils"), tool("newsmark")

    with tempfile.TemporaryDirectory(prefix="newsmark-bench-") as tmp:
        work = Path(tmp)
        jsonl = work / "articles.jsonl"
        folder = work / "articles"
        folder.mkdir()
        size = 0
        with jsonl.open("w", encoding="utf-8") as out:
            for i, text in enumerate(articles(count)):
                out.write(json.dumps({"id": f"a{i}", "text": text}, ensure_ascii=False) + "\n")
                (folder / f"article-{i:05d}.txt").write_text(text, encoding="utf-8")
                size += len(text.encode("utf-8"))
        print(
            f"{count:,} generated articles, {size / 1e6:.1f} MB of text "
            f"({size / count / 1024:.1f} KB each on average)"
        )

        rows = []
        for label, baseline, ours in (
            (
                "JSONL file",
                lambda db: [
                    [sqlite_utils, "insert", db, "docs", str(jsonl), "--nl"],
                    [sqlite_utils, "enable-fts", db, "docs", "text", "--fts5"],
                ],
                lambda db: [newsmark, "import", str(jsonl), "--project", db, "--quiet"],
            ),
            (
                "folder of .txt",
                lambda db: [
                    [sqlite_utils, "insert-files", db, "docs", str(folder), "--text"],
                    [sqlite_utils, "enable-fts", db, "docs", "text", "--fts5"],
                ],
                lambda db: [newsmark, "import", str(folder), "--project", db, "--quiet"],
            ),
        ):
            base_best = ours_best = float("inf")
            for run in range(args.repeat):
                base_db, our_db = str(work / f"base-{run}.db"), str(work / f"ours-{run}.nmk")
                base_best = min(base_best, sum(timed(c) for c in baseline(base_db)))
                ours_best = min(ours_best, timed(ours(our_db)))
                for path in work.glob(f"*-{run}.*"):
                    path.unlink()
            rows.append((label, base_best, ours_best))

    print(f"{'input':<16} {'sqlite-utils+FTS':>17} {'newsmark import':>16} {'ratio':>7}")
    for label, base, ours in rows:
        print(f"{label:<16} {base:>16.2f}s {ours:>15.2f}s {ours / base:>6.2f}x")
    print(
        "target: newsmark import at most 1.5x sqlite-utils insert + enable-fts (cleaning included)"
    )
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
