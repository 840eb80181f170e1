"""How long the window stops answering while it suggests for a whole project in its worker.

Suggest ▸ Suggest for all documents runs spaCy and the rules in a child process (a worker
thread relays its progress and reads the changed rows), so that the curator can keep reading
and annotating. Whether they can depends on the UI thread: it redraws the corpus rows and the
shown document as batches are committed and updates the progress dialog, and every Python
handler it runs must first get the GIL from the relaying thread. What the
curator feels is a late event loop, so that is what is measured: a 5 ms precise QTimer (the
heartbeat, a Python slot like the window's own) records ``time.perf_counter()`` at each
timeout, and each gap between two beats, less the interval, is a stall.

The project is built in a temporary folder from bench/generate.py's articles, and the window
runs with a temporary NEWSMARK_HOME, so the user's settings are untouched. Once the pipeline has
loaded (in the window's background task, as for a curator) and document 1 is shown (it is in
the first batch, so the view is redrawn with its suggestions), the heartbeat records an idle
baseline, the event loop's noise floor on this machine, and then the run: from the
``window.suggest(None)`` call that the menu action makes until the task has finished. The run
includes what suggesting includes in the window: seeding the starter actors, building the
gazetteer, committing every 8 documents. After it, in the same process and with the same
pipeline object, bare ``nlp.pipe`` (batch_size=16, as suggest uses) parses the same texts
into fresh Docs, all consumed, for the throughput ratio "suggest in the window / bare
nlp.pipe". Both sides get the same two-article warm-up; the bare side, running second, finds
the tokenizer's cache warm, which if anything favours it.

    python bench/ui_stall_bench.py             # 1,000 articles (about 4 minutes on 2 cores)
    python bench/ui_stall_bench.py --quick     # 40 articles: checks it still runs
    python bench/ui_stall_bench.py --json      # the figures as one JSON object
    python bench/ui_stall_bench.py --diagnose  # and what each gap over 50 ms was made of

``--diagnose`` times the window's handlers (and the worker's rules, commits and gazetteer
build), records Python's garbage collections (a collection holds the GIL: every thread
stops), records the UI thread's CPU time at each beat (work on the UI thread, or waiting?),
and runs a probe thread that wakes every millisecond: a late wake-up means the worker held
the GIL in C code, and the probe notes where the worker was; while a beat is overdue it
samples the UI thread's Python frame. The probe competes for the GIL too, so the figures of a
``--diagnose`` run are not the headline ones.

Target: no stall over 100 ms. The exit status is 0 whatever the figures (shared machines are
too noisy to fail a build on), and 1 if the run failed: no pipeline, a task error, or a
report that processed fewer documents than the project has.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from newsmark.core.documents import Document
from newsmark.core.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import articles

TARGET_MS = 100.0
BEAT_MS = 5
IDLE_SECONDS = 2.0
BARE_BATCH_SIZE = 16
WAIT_PIPELINE_S = 300.0
WAIT_RUN_S = 3 * 3600.0


class BenchFailure(Exception):
    """The run could not be measured (no pipeline, a task error, nothing processed)."""


# ---------------------------------------------------------------------------------------------
# The heartbeat and waiting without blocking the event loop
# ---------------------------------------------------------------------------------------------


class Heartbeat:
    """A 5 ms precise QTimer that records when it fires (UI thread only).

    With ``cpu`` it also records the UI thread's CPU time at each beat, so a gap can be told
    apart as work on the UI thread (CPU time went up with it) or waiting (for the GIL, or for
    the OS to schedule the thread).
    """

    def __init__(self, *, cpu: bool = False) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.beats: list[float] = []
        self.cpu: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(BEAT_MS)
        self._with_cpu = cpu
        self.timer.timeout.connect(self._beat)

    def _beat(self) -> None:
        self.beats.append(time.perf_counter())
        if self._with_cpu:
            self.cpu.append(time.thread_time())

    def start(self) -> None:
        self.beats, self.cpu = [], []
        self._beat()
        self.timer.start()

    def stop(self) -> list[float]:
        """The stalls in ms: each gap between beats less the interval (never below 0)."""
        self.timer.stop()
        self._beat()
        return [
            max(0.0, (later - earlier) * 1000 - BEAT_MS)
            for earlier, later in zip(self.beats, self.beats[1:], strict=False)
        ]


def wait_until(predicate: Callable[[], bool], timeout: float) -> bool:
    """Run the event loop (never sleeping on the UI thread) until ``predicate`` holds."""
    from PySide6.QtCore import QEventLoop, QTimer

    if predicate():
        return True
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout
    check = QTimer()
    check.setInterval(10)
    check.timeout.connect(
        lambda: loop.quit() if predicate() or time.perf_counter() > deadline else None
    )
    check.start()
    loop.exec()
    check.stop()
    return predicate()


@dataclass(frozen=True, slots=True)
class GapSummary:
    beats: int
    max_ms: float
    p99_ms: float
    p50_ms: float
    over_50: int
    over_100: int

    @classmethod
    def of(cls, gaps: list[float]) -> GapSummary:
        if len(gaps) < 2:
            p99 = p50 = max(gaps, default=0.0)
        else:
            cuts = statistics.quantiles(gaps, n=100, method="inclusive")
            p99, p50 = cuts[98], cuts[49]
        return cls(
            beats=len(gaps),
            max_ms=max(gaps, default=0.0),
            p99_ms=p99,
            p50_ms=p50,
            over_50=sum(gap > 50 for gap in gaps),
            over_100=sum(gap > 100 for gap in gaps),
        )


# ---------------------------------------------------------------------------------------------
# --diagnose: what the long gaps were made of
# ---------------------------------------------------------------------------------------------

# (module, class, method): timed on every call. The UI thread's handlers of a suggest run,
# and on the worker the gazetteer's build, the rules and the commits.
TIMED = [
    ("newsmark.gui.main_window", "MainWindow", "suggest"),
    ("newsmark.gui.main_window", "MainWindow", "_on_suggestions_stored"),
    ("newsmark.gui.main_window", "MainWindow", "_refresh_document"),
    ("newsmark.gui.main_window", "MainWindow", "_on_suggested"),
    ("newsmark.gui.main_window", "MainWindow", "_on_task_finished"),
    ("newsmark.gui.main_window", "MainWindow", "_show_stats"),
    ("newsmark.gui.corpus_model", "CorpusModel", "update_row"),
    ("newsmark.gui.document_view", "DocumentView", "set_spans"),
    ("newsmark.gui.document_view", "SpanTextEdit", "paintEvent"),
    ("newsmark.gui.span_list", "SpanListPanel", "set_spans"),
    ("newsmark.gui.tasks", "Task", "__init__"),
    ("newsmark.gui.tasks", "Task", "_on_progress"),
    ("newsmark.gui.tasks", "Task", "_on_finished"),
    ("newsmark.core.store", "Store", "document_spans"),
    ("newsmark.core.store", "Store", "document_row"),
    ("newsmark.core.store", "Store", "add_suggestions"),
    ("newsmark.nlp.suggest", "DocumentSuggester", "__call__"),
    ("newsmark.nlp.gazetteer", "ActorGazetteer", "__init__"),
]
# Python methods Qt's C++ calls on the UI thread (item models, an event filter): each call
# must first get the GIL, so with the worker busy every one of them may wait for it.
FROM_QT = [
    ("newsmark.gui.corpus_model", "CorpusModel", "data"),
    ("newsmark.gui.corpus_model", "CorpusModel", "rowCount"),
    ("newsmark.gui.corpus_model", "CorpusModel", "columnCount"),
    ("newsmark.gui.corpus_model", "CorpusModel", "canFetchMore"),
    ("newsmark.gui.span_list", "SpanListModel", "data"),
    ("newsmark.gui.span_list", "SpanListModel", "rowCount"),
    ("newsmark.gui.span_list", "SpanListModel", "columnCount"),
    ("newsmark.gui.document_view", "DocumentView", "eventFilter"),
]
FROM_QT_PREFIX = "from Qt: "
PROBE_SLEEP_S = 0.001
PROBE_LATE_S = 0.020  # a probe wake-up this late: it waited for the GIL
UI_LATE_S = 0.030  # a heartbeat this overdue: sample what the UI thread is doing
LONG_GAP_MS = 50.0


@dataclass(frozen=True, slots=True)
class Interval:
    """Something that took time on a thread ("ui" or "worker") during the run."""

    name: str
    thread: str
    start: float
    end: float

    def overlap_ms(self, begin: float, end: float) -> float:
        return max(0.0, min(end, self.end) - max(begin, self.start)) * 1000


def _thread() -> str:
    return "ui" if threading.current_thread() is threading.main_thread() else "worker"


@dataclass(slots=True)
class Diagnosis:
    """What the long gaps of a run were made of (``--diagnose``).

    Three sources, each an :class:`Interval` list: the timed calls (:data:`TIMED`, and the
    progress dialog's show), Python's garbage collections (a collection holds the GIL, so
    it stops every thread), and the probe thread's late wake-ups (it asked for the GIL and
    did not get it: the worker held it, in C code that does not let go every 5 ms). When a
    wake-up is late the probe notes where the worker then is, and while a heartbeat is
    overdue it samples the UI thread's Python frame.
    """

    heartbeat: Heartbeat
    intervals: list[Interval] = field(default_factory=list)
    gil_waits: list[tuple[Interval, str]] = field(default_factory=list)  # and the worker's frame
    ui_samples: list[tuple[float, str]] = field(default_factory=list)  # when, UI thread's frame
    recording: bool = False
    _gc_started: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _probe: threading.Thread | None = None

    def install(self) -> None:
        """Wrap the timed methods (before the window connects them to signals)."""
        import importlib

        from newsmark.gui import tasks

        for prefix, methods in (("", TIMED), (FROM_QT_PREFIX, FROM_QT)):
            for module_name, class_name, method in methods:
                owner = getattr(importlib.import_module(module_name), class_name)
                name = f"{prefix}{class_name}.{method}"
                setattr(owner, method, self._timed(name, getattr(owner, method)))
        diagnosis = self

        class TimedProgressDialog(tasks.QProgressDialog):  # type: ignore[misc, valid-type]
            # QProgressDialog shows itself after minimumDuration, from C++, through the
            # virtual setVisible: the first show lays out and polishes a new window.
            def setVisible(self, visible: bool) -> None:
                start = time.perf_counter()
                super().setVisible(visible)
                diagnosis._record(f"QProgressDialog.setVisible({visible})", start)

        tasks.QProgressDialog = TimedProgressDialog  # type: ignore[misc]

    def _timed(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self._record(name, start)

        return timed

    def _record(self, name: str, start: float) -> None:
        if self.recording:
            self.intervals.append(Interval(name, _thread(), start, time.perf_counter()))

    def start(self) -> None:
        self.intervals.clear()
        self.gil_waits.clear()
        self.ui_samples.clear()
        self.recording = True
        gc.callbacks.append(self._on_gc)
        self._stop.clear()
        self._probe = threading.Thread(target=self._run_probe, name="bench-probe", daemon=True)
        self._probe.start()

    def stop(self) -> None:
        self.recording = False
        gc.callbacks.remove(self._on_gc)
        self._stop.set()
        if self._probe is not None:
            self._probe.join()

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        # Called with the GIL held, on the thread whose allocation set the collection off.
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self._record(f"gc generation {info['generation']}", self._gc_started)

    def _run_probe(self) -> None:
        main, me = threading.main_thread().ident, threading.get_ident()
        while not self._stop.is_set():
            before = time.perf_counter()
            time.sleep(PROBE_SLEEP_S)  # releases the GIL; waking up needs it back
            now = time.perf_counter()
            if now - before > PROBE_LATE_S:
                frames = sys._current_frames()
                worker = [f for ident, f in frames.items() if ident not in (main, me)]
                where = "; ".join(_where(f) for f in worker if _in_suggest(f)) or "?"
                wait = Interval("GIL held (probe waited > 20 ms)", "worker", before, now)
                self.gil_waits.append((wait, where))
            beats = self.heartbeat.beats
            if beats and now - beats[-1] > UI_LATE_S:
                frame = sys._current_frames().get(main)
                self.ui_samples.append((now, _where(frame) if frame is not None else "?"))

    def explain(self, gaps: list[float], start: float) -> dict[str, Any]:
        """Totals per timed call, and for each long gap what overlapped it and the cause."""
        beats, cpu = self.heartbeat.beats, self.heartbeat.cpu
        long_gaps = []
        causes: Counter[str] = Counter()
        for index, gap in enumerate(gaps):
            if gap <= LONG_GAP_MS:
                continue
            begin, end = beats[index], beats[index + 1]
            handlers: Counter[str] = Counter()
            collections: Counter[str] = Counter()
            from_qt = 0
            for item in self.intervals:
                overlap = item.overlap_ms(begin, end)
                if overlap <= 0:
                    continue
                if item.name.startswith("gc "):
                    collections[f"{item.name} ({item.thread})"] += overlap
                elif item.name.startswith(FROM_QT_PREFIX):
                    from_qt += 1
                elif item.thread == "ui":
                    handlers[item.name] += overlap
            gil_ms = 0.0
            worker_at: Counter[str] = Counter()
            for wait, where in self.gil_waits:
                overlap = wait.overlap_ms(begin, end)
                if overlap > 0:
                    gil_ms += overlap
                    worker_at[where] += 1
            frames = Counter(_ui_frame(w) for when, w in self.ui_samples if begin < when <= end)
            handler_ms = max(handlers.values(), default=0.0)  # the outermost one
            gc_ms = sum(collections.values())
            ui_cpu_ms = (cpu[index + 1] - cpu[index]) * 1000
            if gc_ms >= gap / 2:
                cause = "garbage collection"
            elif handler_ms >= gap / 2:
                cause = f"UI handler {handlers.most_common(1)[0][0]}"
            elif ui_cpu_ms >= gap / 2:
                cause = "UI thread busy (Qt's C++: layout, painting)"
            elif gil_ms >= gap / 2:
                cause = "GIL held by the worker"
            else:
                cause = "UI thread waiting (GIL hand-offs, OS scheduling)"
            causes[cause] += 1
            long_gaps.append(
                {
                    "at_s": round(begin - start, 3),
                    "gap_ms": round(gap, 1),
                    "cause": cause,
                    "ui_cpu_ms": round(ui_cpu_ms, 1),
                    "ui_handlers_ms": {k: round(v, 1) for k, v in handlers.most_common(4)},
                    "python_calls_from_qt": from_qt,
                    "gc_ms": {k: round(v, 1) for k, v in collections.items()},
                    "probe_gil_wait_ms": round(gil_ms, 1),
                    "worker_after_gil_wait": [w for w, _n in worker_at.most_common(2)],
                    "ui_thread_at": [w for w, _n in frames.most_common(2)],
                }
            )
        totals: dict[str, dict[str, float]] = {}
        for item in self.intervals + [wait for wait, _where in self.gil_waits]:
            ms = (item.end - item.start) * 1000
            entry = totals.setdefault(
                f"{item.thread}: {item.name}", {"calls": 0, "total_ms": 0.0, "max_ms": 0.0}
            )
            entry["calls"] += 1
            entry["total_ms"] = round(entry["total_ms"] + ms, 1)
            entry["max_ms"] = round(max(entry["max_ms"], ms), 1)
        return {
            "causes_of_long_gaps": dict(causes.most_common()),
            "long_gaps": long_gaps,
            "timed": dict(sorted(totals.items(), key=lambda kv: -kv[1]["max_ms"])),
        }


def _in_suggest(frame: Any) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "suggest_project":
            return True
        frame = frame.f_back
    return False


def _where(frame: Any) -> str:
    """The innermost frame and, if it is not Newsmark's, the innermost Newsmark frame."""
    parts: list[str] = []
    while frame is not None and len(parts) < 2:
        code = frame.f_code
        if code.co_filename == __file__ and code.co_name in ("_on_gc", "_record", "timed"):
            frame = frame.f_back  # the benchmark's own gc callback or timing wrapper
            continue
        ours = "newsmark" in code.co_filename
        if not parts or ours:
            parts.append(f"{Path(code.co_filename).stem}:{code.co_name}:{frame.f_lineno}")
            if ours:
                break
        frame = frame.f_back
    return " < ".join(parts)


def _ui_frame(where: str) -> str:
    # The UI thread's innermost Python frame is the benchmark's own event loop while Qt runs
    # C++ (layout, painting) or while it waits for the GIL to call a Python slot.
    return "event loop (Qt's C++, or waiting for the GIL)" if "wait_until" in where else where


# ---------------------------------------------------------------------------------------------
# The measurement
# ---------------------------------------------------------------------------------------------


def build_project(path: Path, count: int) -> list[str]:
    """A project of ``count`` generated articles; returns their texts as stored, in id order."""
    with Store.open(path) as store:
        added = store.add_documents(
            [Document(text=text, title=text.split("\n", 1)[0]) for text in articles(count)]
        )
        ids = [item.doc_id for item in added if item.outcome == "imported"]
        if len(ids) != count:
            raise BenchFailure(f"{count - len(ids)} generated articles were duplicates")
        return [text for _id, text in store.document_texts(ids)]


def measure(args: argparse.Namespace, count: int, folder: Path) -> dict[str, Any]:
    from PySide6.QtCore import QThreadPool

    from newsmark.gui.app import application
    from newsmark.gui.main_window import MainWindow

    project = folder / "bench.nmk"
    texts = build_project(project, count)
    words = sum(len(text.split()) for text in texts)

    app = application([sys.argv[0]])
    diagnosis: Diagnosis | None = None
    if args.diagnose:
        diagnosis = Diagnosis(Heartbeat(cpu=True))
        diagnosis.install()  # before the window connects its slots
    window = MainWindow()
    # A modal message box would stop the benchmark: keep what it would say instead.
    errors: list[str] = []
    window.show_error = lambda title, text: errors.append(f"{title}: {text}")  # type: ignore[method-assign]
    window._on_task_failed = lambda failure: errors.append(  # type: ignore[method-assign]
        f"{failure.title}: {failure.message}\n{failure.details}"
    )
    try:
        window.show()
        if not window.open_project(project):
            raise BenchFailure(f"cannot open {project}: {errors}")
        wait_until(lambda: window.pipeline() is not None, WAIT_PIPELINE_S)
        loaded = window.pipeline()
        if loaded is None or not loaded.ready:
            raise BenchFailure(f"no pipeline: {loaded.reason if loaded else 'still loading'}")
        wait_until(lambda: window.model.rowCount() > 0, 60)
        if not window.corpus_panel.select_document(1):
            raise BenchFailure("document 1 is not in the corpus list")
        wait_until(lambda: window.document_view.document() is not None, 60)
        list(loaded.nlp.pipe(texts[:2]))  # the same warm-up for both sides
        pool = QThreadPool.globalInstance()
        wait_until(lambda: pool.activeThreadCount() == 0, 60)

        heartbeat = diagnosis.heartbeat if diagnosis is not None else Heartbeat()
        heartbeat.start()
        wait_until(lambda: False, IDLE_SECONDS)
        idle = GapSummary.of(heartbeat.stop())

        if diagnosis is not None:
            diagnosis.start()
        finished: list[float] = []
        heartbeat.start()
        start = time.perf_counter()
        task = window.suggest(None)
        if task is None:
            heartbeat.stop()
            raise BenchFailure(f"suggest did not start: {errors}")
        task.sig_finished.connect(lambda: finished.append(time.perf_counter()))
        wait_until(lambda: window.task() is None, WAIT_RUN_S)
        run_gaps = heartbeat.stop()
        beats = heartbeat.beats
        if diagnosis is not None:
            diagnosis.stop()
        if not finished:
            raise BenchFailure("the suggest task did not finish")
        run_seconds = finished[0] - start
        report = window.last_suggest_report
        if errors or report is None:
            raise BenchFailure(f"suggest failed: {errors or 'no report'}")
        if report.counts.documents != count:
            raise BenchFailure(f"suggest processed {report.counts.documents} of {count} documents")
        wait_until(lambda: pool.activeThreadCount() == 0, 60)  # the statistics count after it

        # Bare spaCy over the same texts with the same pipeline object: new Docs, all consumed.
        bare_start = time.perf_counter()
        tokens = sum(len(doc) for doc in loaded.nlp.pipe(texts, batch_size=BARE_BATCH_SIZE))
        bare_seconds = time.perf_counter() - bare_start
    finally:
        window.close()
        window.deleteLater()
    del app

    run = GapSummary.of(run_gaps)
    counts = report.counts
    result: dict[str, Any] = {
        "articles": count,
        "words": words,
        "tokens": tokens,
        "pipeline": loaded.info.display_name,
        "beat_ms": BEAT_MS,
        "idle": {"seconds": IDLE_SECONDS, **_rounded(idle)},
        "run": {"seconds": round(run_seconds, 2), **_rounded(run)},
        "bare_nlp_pipe_seconds": round(bare_seconds, 2),
        "throughput_ratio": round(bare_seconds / run_seconds, 3),
        "stored": {"spans": counts.spans, "events": counts.events, "claims": counts.claims},
        "target_ms": TARGET_MS,
        "target_met": run.max_ms <= TARGET_MS,
        "diagnose": args.diagnose,
        "python": sys.version.split()[0],
        "cores": os.cpu_count(),
    }
    longest = sorted(range(len(run_gaps)), key=lambda i: -run_gaps[i])[:5]
    result["run"]["longest"] = [
        {"at_s": round(beats[i] - start, 3), "ms": round(run_gaps[i], 1)} for i in sorted(longest)
    ]
    if diagnosis is not None:
        result["diagnosis"] = diagnosis.explain(run_gaps, start)
    return result


def _rounded(summary: GapSummary) -> dict[str, float | int]:
    return {
        "beats": summary.beats,
        "max_ms": round(summary.max_ms, 1),
        "p99_ms": round(summary.p99_ms, 1),
        "p50_ms": round(summary.p50_ms, 2),
        "over_50ms": summary.over_50,
        "over_100ms": summary.over_100,
    }


def print_result(result: dict[str, Any]) -> None:
    idle, run = result["idle"], result["run"]
    print(
        f"{result['articles']:,} generated articles, {result['words']:,} words; pipeline "
        f"{result['pipeline']}; heartbeat every {result['beat_ms']} ms"
    )
    print(f"{'UI thread stalls (ms)':<24} {'max':>7} {'p99':>7} {'p50':>7} {'>50':>5} {'>100':>5}")
    for label, row in ((f"idle ({idle['seconds']:.0f} s)", idle), ("during suggest", run)):
        print(
            f"{label:<24} {row['max_ms']:>7.1f} {row['p99_ms']:>7.1f} {row['p50_ms']:>7.2f} "
            f"{row['over_50ms']:>5} {row['over_100ms']:>5}"
        )
    longest = ", ".join(f"{gap['ms']:.0f} ms at {gap['at_s']:.2f} s" for gap in run["longest"])
    print(f"longest gaps: {longest}")
    print(
        f"suggest in the window: {run['seconds']:.2f} s ({result['articles'] / run['seconds']:.1f}"
        f" docs/s); bare nlp.pipe after it: {result['bare_nlp_pipe_seconds']:.2f} s; "
        f"throughput ratio (window / bare): {result['throughput_ratio']:.2f}"
    )
    stored = result["stored"]
    print(
        f"stored: {stored['spans']:,} spans, {stored['events']:,} events, "
        f"{stored['claims']:,} claims; the bare side parsed {result['tokens']:,} tokens"
    )
    met = "met" if result["target_met"] else "NOT met"
    print(f"target: no stall over {result['target_ms']:.0f} ms: {met}")
    diagnosis = result.get("diagnosis")
    if diagnosis is None:
        return
    print("\n--diagnose (the probe thread competes for the GIL: the figures above are perturbed)")
    print(f"{'timed (thread: what)':<46} {'count':>6} {'total ms':>9} {'max ms':>8}")
    for name, entry in diagnosis["timed"].items():
        print(f"{name:<46} {entry['calls']:>6} {entry['total_ms']:>9.1f} {entry['max_ms']:>8.1f}")
    causes = ", ".join(f"{n} {cause}" for cause, n in diagnosis["causes_of_long_gaps"].items())
    print(f"gaps over {LONG_GAP_MS:.0f} ms: {causes or 'none'}")
    for gap in diagnosis["long_gaps"]:
        print(f"  {gap['gap_ms']:5.0f} ms at {gap['at_s']:7.2f} s: {gap['cause']}")
        details = [
            ("UI thread CPU time (ms)", gap["ui_cpu_ms"]),
            ("UI handlers", gap["ui_handlers_ms"]),
            ("Python methods called by Qt (models, event filter)", gap["python_calls_from_qt"]),
            ("collections", gap["gc_ms"]),
            ("probe waited for the GIL", gap["probe_gil_wait_ms"] or None),
            ("worker then at", gap["worker_after_gil_wait"]),
            ("UI thread at", gap["ui_thread_at"]),
        ]
        for label, value in details:
            if value:
                print(f"        {label}: {value}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="articles (default 1,000)")
    parser.add_argument("--quick", action="store_true", help="40 articles, to check it runs")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--diagnose", action="store_true", help="time the handlers and probe the GIL as well"
    )
    args = parser.parse_args()
    count = 40 if args.quick else args.count
    if count < 1:
        parser.error("--count must be at least 1")

    with tempfile.TemporaryDirectory(prefix="newsmark-bench-") as tmp:
        folder = Path(tmp)
        # Before newsmark.gui is imported: the window's settings go to the temporary folder.
        os.environ["NEWSMARK_HOME"] = str(folder / "home")
        try:
            result = measure(args, count, folder)
        except BenchFailure as exc:
            print(f"bench: {exc}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
