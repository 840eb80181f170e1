"""``newsmark --self-test``: prove that an installation works, end to end, in a few seconds.

Meant for the installed (frozen) application as much as for a source checkout: it opens the
main window (offscreen when there is no display), loads the spaCy pipeline, imports one of the
bundled sample articles into a temporary project, runs the suggestions, suggests for a second
one in a spawned child process as the window does for large runs, exports native JSONL,
reads the export back and checks every span against the text. Each step prints one line;
the first failure prints what went wrong and the exit status is 1.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

SAMPLE = "01_rocket-attack-on-airbase.txt"
SECOND = "03_shelling-claims-and-denials.txt"
CHILD_TIMEOUT = 120  # seconds for the child process to load the pipeline and suggest


class SelfTestFailure(Exception):
    """A step that ran but did not give what it should; the message says what."""


def run_self_test(out: TextIO | None = None) -> int:
    """Run every step; 0 when all pass, 1 at the first failure (with the reason)."""
    out = out or sys.stdout
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    home = os.environ.get("NEWSMARK_HOME")
    with tempfile.TemporaryDirectory(prefix="newsmark-self-test-") as folder:
        # Settings and data of the run stay in the temporary folder: the user's recent
        # projects and annotator name are not touched.
        os.environ["NEWSMARK_HOME"] = folder
        state: dict[str, Any] = {"folder": Path(folder)}
        try:
            passed = _run_steps(state, out)
        finally:
            _close(state)
            if home is None:
                os.environ.pop("NEWSMARK_HOME", None)
            else:
                os.environ["NEWSMARK_HOME"] = home
    if not passed:
        return 1
    print(f"self-test passed in {time.perf_counter() - started:.1f} s", file=out)
    return 0


def _run_steps(state: dict[str, Any], out: TextIO) -> bool:
    """Each step in turn, one line each; False at the first failure (said, with why)."""
    for name, step in STEPS:
        began = time.perf_counter()
        try:
            detail = step(state)
        except Exception as exc:
            print(f"FAILED {name}: {exc}", file=out)
            if not isinstance(exc, SelfTestFailure):
                traceback.print_exc(file=out)
            return False
        print(f"ok   {name} ({time.perf_counter() - began:.1f} s): {detail}", file=out)
    return True


def _window(state: dict[str, Any]) -> str:
    from PySide6.QtWidgets import QApplication

    from newsmark.gui.app import application
    from newsmark.gui.main_window import MainWindow

    app = application([sys.argv[0]])
    window = state["window"] = MainWindow()
    window.show()
    QApplication.processEvents()
    return f"Qt {app.platformName()} platform, window {window.width()}x{window.height()}"


def _pipeline(state: dict[str, Any]) -> str:
    from newsmark.nlp.loading import PipelineUnavailable, choose_pipeline, load_pipeline

    choice = choose_pipeline(None)
    if isinstance(choice, PipelineUnavailable):
        raise SelfTestFailure(f"no spaCy pipeline: {choice.reason}")
    nlp, info = state["pipeline"] = load_pipeline(choice)
    if "ner" not in nlp.pipe_names:
        raise SelfTestFailure(f"{info.display_name} has no ner component")
    return f"{info.display_name} ({', '.join(nlp.pipe_names)})"


def _import(state: dict[str, Any]) -> str:
    from newsmark.core.store import Store
    from newsmark.corpus.importer import import_paths

    project = state["project"] = state["folder"] / "self-test.nmk"
    with (
        resources.as_file(resources.files("newsmark.resources") / "sample_corpus" / SAMPLE) as f,
        Store.open(project) as store,
    ):
        report = import_paths(store, [os.fspath(f)])
        if len(report.imported) != 1:
            raise SelfTestFailure(f"the sample article was not imported: {report.rejected}")
        title = store.get_document(1).title
    return f"{SAMPLE} as document 1, {title!r}"


def _suggest(state: dict[str, Any]) -> str:
    from newsmark.core.store import Store
    from newsmark.nlp.suggest import suggest_project

    with Store.open(state["project"], create=False) as store:
        report = suggest_project(store, pipeline=state["pipeline"])
    counts = report.counts
    if counts.spans == 0:
        raise SelfTestFailure("the pipeline suggested no span in the sample article")
    return f"{counts.spans} spans, {counts.events} events, {counts.claims} claims suggested"


def _child_process(state: dict[str, Any]) -> str:
    """The window suggests for many documents in a spawned child process: in a frozen app
    that child is this executable started again, which must find its way to the child's code."""
    import multiprocessing
    import queue

    from newsmark.core.store import Store
    from newsmark.corpus.importer import import_paths
    from newsmark.nlp.suggest_process import run_in_child

    with (
        resources.as_file(resources.files("newsmark.resources") / "sample_corpus" / SECOND) as f,
        Store.open(state["project"], create=False) as store,
    ):
        (imported,) = [
            doc_id for _where, doc_id, _title in import_paths(store, [os.fspath(f)]).imported
        ]
    spawn = multiprocessing.get_context("spawn")
    messages, cancel = spawn.Queue(), spawn.Event()
    child = spawn.Process(
        target=run_in_child,
        args=(os.fspath(state["project"]), None, [imported], 8, messages, cancel),
        daemon=True,
    )
    child.start()
    deadline = time.monotonic() + CHILD_TIMEOUT
    try:
        while time.monotonic() < deadline:
            try:
                message = messages.get(timeout=1)
            except queue.Empty:
                if not child.is_alive():
                    why = f"the child process ended ({child.exitcode}) without a word"
                    raise SelfTestFailure(why) from None
                continue
            if message[0] == "failed":
                raise SelfTestFailure(f"the child process failed: {message[1]} {message[2]}")
            if message[0] == "done":
                spans = message[1].counts.spans
                if spans == 0:
                    raise SelfTestFailure("the child process suggested no span")
                return f"{spans} spans suggested for {SECOND} in a spawned process"
        raise SelfTestFailure(f"no answer from the child process in {CHILD_TIMEOUT} s")
    finally:
        child.join(timeout=10)
        if child.is_alive():
            child.kill()


def _show(state: dict[str, Any]) -> str:
    from PySide6.QtWidgets import QApplication

    window = state["window"]
    if not window.open_project(state["project"]):
        raise SelfTestFailure("the window did not open the project")
    deadline = time.monotonic() + 30
    while window.model.total_count() < 2 and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    if window.model.total_count() != 2:
        raise SelfTestFailure("the window's document list does not show both articles")
    return "the document list shows both articles"


def _export(state: dict[str, Any]) -> str:
    from newsmark.core.store import Store
    from newsmark.exchange.native import export_native
    from newsmark.exchange.records import ExportOptions

    target = state["folder"] / "self-test.jsonl"
    with Store.open(state["project"], create=False) as store:
        export_native(store, target, ExportOptions(status="all"))
    lines = [json.loads(raw) for raw in target.read_text(encoding="utf-8").splitlines()]
    spans = [(line["text"], span) for line in lines for span in line["spans"]]
    wrong = [s["id"] for text, s in spans if text[s["start"] : s["end"]] != s["text"]]
    if len(lines) != 2 or wrong or not spans:
        raise SelfTestFailure(
            f"the export has {len(lines)} documents; spans not matching the text: {wrong[:5]}"
        )
    return f"{len(spans)} spans of 2 documents exported to JSONL, every one matching the text"


def _close(state: dict[str, Any]) -> None:
    window = state.pop("window", None)
    if window is not None:
        window.close()


STEPS: tuple[tuple[str, Callable[[dict[str, Any]], str]], ...] = (
    ("window", _window),
    ("pipeline", _pipeline),
    ("import", _import),
    ("suggest", _suggest),
    ("suggest in a child process", _child_process),
    ("window shows the project", _show),
    ("export", _export),
)
