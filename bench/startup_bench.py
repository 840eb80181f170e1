"""Start-up time to a shown window: the installed (frozen) bundle against the source install,
with a bare PySide6 QTextEdit window as the floor.

Each side is a fresh process, timed from its start until it prints "window shown": Newsmark
with ``NEWSMARK_STARTUP_PROBE`` set (the window shown on an empty project, its first events
handled, then it quits; the spaCy pipeline loads in a worker afterwards and is not waited
for), the bare side a script that shows a QTextEdit and does the same. Every run gets a fresh
data folder. The sides run in turn, ``--repeat`` times; best and median count.

    python bench/startup_bench.py                          # bundle in dist/newsmark if built
    python bench/startup_bench.py --bundle path/to/newsmark
    python bench/startup_bench.py --quick                  # 2 runs each: checks it still runs

Target: the bundle at most 1.5x the source install's start-up. The exit status is 0 either
way: timings on shared machines are too noisy to fail a build on.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5
TIMEOUT = 120
BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QTextEdit
app = QApplication(sys.argv)
edit = QTextEdit()
edit.resize(1400, 860)
edit.show()
QTimer.singleShot(0, lambda: (print("window shown", flush=True), app.quit()))
app.exec()
"""


def time_to_window(command: list[str]) -> float:
    """Seconds from starting ``command`` to its "window shown" line."""
    with tempfile.TemporaryDirectory(prefix="newsmark-startup-") as home:
        env = {
            **os.environ,
            "NEWSMARK_HOME": home,
            "NEWSMARK_STARTUP_PROBE": "1",
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        }
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
        )
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip() == "window shown":
                elapsed = time.perf_counter() - started
                process.wait(timeout=TIMEOUT)
                return elapsed
        process.wait(timeout=TIMEOUT)
        raise RuntimeError(f"{command[0]} ended ({process.returncode}) without a window")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "newsmark" / "newsmark")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each side (default 7)")
    parser.add_argument("--quick", action="store_true", help="2 runs each, to check it runs")
    args = parser.parse_args()
    repeat = 2 if args.quick else max(args.repeat, 1)
    sides = {
        "bare QTextEdit window": [sys.executable, "-c", BARE],
        "newsmark, source install": [sys.executable, "-m", "newsmark"],
    }
    if args.bundle.is_file():
        sides["newsmark, frozen bundle"] = [str(args.bundle)]
    else:
        print(f"no bundle at {args.bundle} (packaging/build makes it): source install only")
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _run in range(repeat):
        for name, command in sides.items():
            times[name].append(time_to_window(command))
    print(f"{'side':<28} {'best s':>7} {'median s':>9}")
    for name, found in times.items():
        print(f"{name:<28} {min(found):>7.2f} {statistics.median(found):>9.2f}")
    source = min(times["newsmark, source install"])
    bare = min(times["bare QTextEdit window"])
    print(f"source install / bare QTextEdit: {source / bare:.2f}x (best of {repeat})")
    if "newsmark, frozen bundle" in times:
        frozen = min(times["newsmark, frozen bundle"])
        ratio = frozen / source
        verdict = "met" if ratio <= TARGET else "NOT met"
        print(
            f"frozen bundle / source install: {ratio:.2f}x (best of {repeat}; target at most "
            f"{TARGET}x: {verdict})"
        )
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
