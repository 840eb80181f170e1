"""Broken and hostile input: every bad file is refused with a message naming it (and the line
or field), nothing else changes, and the good files of the same run still import. Markup and
SQL in what files say are stored as they are and shown as text; importing a web page fetches
nothing; and a project file is data (no code in the package reads files into code).
"""

from __future__ import annotations

import ast
import csv
import hashlib
import http.server
import json
import sqlite3
import sys
import threading
import time
import tracemalloc
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile_corpus import (
    BAD_SCHEMA,
    BAD_SCHEMA_PROBLEMS,
    BOM_TEXT,
    GOOD_TEXTS,
    HTML_BOLD,
    HTML_IMG,
    MIXED_NORMALISED,
    SQL,
    SYNTAX_SCHEMA,
    Rejection,
    annotation_files,
    article_files,
    brat_folder,
    first_word,
    good_articles,
    page_with_remote_resources,
    truncated_copy,
    write_big_text,
)

import newsmark
from newsmark.cli import main
from newsmark.core.documents import Document
from newsmark.core.errors import ProjectCorruptError, ProjectTooNewError
from newsmark.core.migrations import MIGRATION_SET
from newsmark.core.store import Store
from newsmark.corpus.importer import ImportOptions, import_paths

PACKAGE = Path(newsmark.__file__).parent


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main([*argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def texts_in(project: Path) -> dict[str, int]:
    """Each stored text, with its document id."""
    with Store.open(project, create=False) as store:
        return {store.get_document(i).text: i for i in store.document_ids()}


def assert_reported(found: list[tuple[str, str]], expected: list[Rejection], folder: Path):
    """``found`` (location, message) holds exactly one entry per expected rejection."""
    unmatched = list(found)
    for rejection in expected:
        where = str(folder / rejection.where) if folder else rejection.where
        hits = [f for f in unmatched if f[0] == where and rejection.says in f[1]]
        assert hits, f"no rejection at {where} saying {rejection.says!r} in {unmatched}"
        unmatched.remove(hits[0])
    assert unmatched == []


# -- articles ----------------------------------------------------------------------------------


def test_bad_article_files_are_refused_by_name_and_the_good_ones_still_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    hostile = article_files()
    for item in hostile:
        item.write(inputs)
    good = good_articles(inputs)
    project = tmp_path / "p.nmk"

    code, report = run_json(capsys, "import", str(inputs), "--project", str(project))

    assert code == 1
    rejected = [(r["location"], r["error"]) for r in report["rejected"]]
    assert_reported(rejected, [r for item in hostile for r in item.rejections], inputs)
    imported = {entry["location"] for entry in report["imported"]}
    assert {str(path) for path in good} <= imported
    assert len(imported) == len(good) + sum(item.imports for item in hostile)
    assert [w["location"] for w in report["warnings"]] == [str(inputs / "latin1.txt")]
    stored = texts_in(project)
    assert len(stored) == len(imported)
    assert GOOD_TEXTS[0] in stored
    # CRLF, CR and LF each became one "\n"; the original keeps the bytes as they were.
    assert MIXED_NORMALISED in stored
    with Store.open(project, create=False) as store:
        mixed = store.get_document(stored[MIXED_NORMALISED])
        assert mixed.original_text == (inputs / "mixed_endings.txt").read_bytes().decode()
    assert "Troops entered the café in Kersh on Monday, officials said." in stored
    assert BOM_TEXT in stored
    assert not any("\x00" in text for text in stored)


def test_a_file_over_the_size_limit_is_refused_without_being_read(tmp_path: Path):
    big = write_big_text(tmp_path / "huge.txt", 50)
    (good,) = [p for p in good_articles(tmp_path) if p.name.startswith("good")]
    with Store.open(tmp_path / "p.nmk") as store:
        tracemalloc.start()
        started = time.perf_counter()
        report = import_paths(store, [str(big), str(good)], ImportOptions())
        elapsed = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert [(e.location, e.message) for e in report.rejected] == [
            (str(big), "file too large (50.0 MB; the limit is 10.0 MB)")
        ]
        assert [loc for loc, _id, _title in report.imported] == [str(good)]
        assert store.count_documents() == 1
    # Reading the file whole would take 50 MB (and far more time) on its own.
    assert peak < 5 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    assert elapsed < 5.0


# -- annotations -------------------------------------------------------------------------------


def test_bad_annotation_lines_are_refused_by_line_and_the_good_lines_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    hostile = annotation_files()
    paths = [str(item.write(inputs)) for item in hostile]
    project = tmp_path / "p.nmk"

    code, report = run_json(capsys, "import", *paths, "--project", str(project))

    assert code == 1
    assert [f["format"] for f in report["files"]] == ["jsonl", "jsonl", "prodigy", "doccano"]
    problems = [tuple(entry.split(": ", 1)) for entry in [*report["refused"], *report["left_out"]]]
    located = [(str(Path(loc)), what) for loc, what in problems]
    assert_reported(located, [r for item in hostile for r in item.rejections], inputs)
    assert report["counts"]["documents"] == sum(item.imports for item in hostile) == 4
    stored = texts_in(project)
    assert sorted(stored) == sorted(GOOD_TEXTS)
    with Store.open(project, create=False) as store:
        for text in GOOD_TEXTS:
            wanted = first_word(text)
            spans = store.document_spans(stored[text])
            assert [(s.start, s.end, s.text, s.label) for s in spans] == [
                (wanted["start"], wanted["end"], wanted["text"], "ORG")
            ]


def test_a_brat_folder_with_bad_lines_keeps_its_good_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    folder, expected = brat_folder(tmp_path / "brat")
    project = tmp_path / "p.nmk"

    code, report = run_json(capsys, "import", str(folder), "--project", str(project))

    assert code == 1
    problems = [tuple(entry.split(": ", 1)) for entry in [*report["refused"], *report["left_out"]]]
    assert_reported(problems, list(expected), Path())
    stored = texts_in(project)
    assert list(stored) == [GOOD_TEXTS[0]]
    with Store.open(project, create=False) as store:
        spans = store.document_spans(stored[GOOD_TEXTS[0]])
    assert [(s.start, s.end, s.text, s.label) for s in spans] == [
        (0, 6, "Rebels", "ORG"),
        (29, 34, "Kersh", "GPE"),
    ]


# -- schema and project files ------------------------------------------------------------------


def test_a_schema_file_with_errors_is_refused_with_located_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    project = tmp_path / "p.nmk"
    Store.open(project).close()
    assert main(["schema", "--project", str(project), "show"]) == 0
    before = capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text(BAD_SCHEMA, encoding="utf-8")
    syntax = tmp_path / "syntax.json"
    syntax.write_text(SYNTAX_SCHEMA, encoding="utf-8")

    assert main(["schema", "--project", str(project), "load", str(bad)]) == 1
    err = capsys.readouterr().err
    for line, fragment in BAD_SCHEMA_PROBLEMS:
        assert f"{bad}:{line}: field {fragment}" in err or f"{bad}:{line}: {fragment}" in err
    assert main(["schema", "--project", str(project), "load", str(syntax)]) == 1
    assert f"{syntax}:2:21: Expecting property name" in capsys.readouterr().err

    assert main(["schema", "--project", str(project), "show"]) == 0
    assert capsys.readouterr().out == before


def small_project(path: Path, documents: int = 1) -> Path:
    articles = [
        Document(text=f"{GOOD_TEXTS[i % 4]} Report {i}: " + "details " * 200, title=f"R{i}")
        for i in range(documents)
    ]
    with Store.open(path) as store:
        store.add_documents(articles)
    return path


def test_a_project_from_a_newer_version_is_refused_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    project = small_project(tmp_path / "newer.nmk")
    with sqlite3.connect(project) as conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
            [MIGRATION_SET, "0099_from_the_future", "2031-01-01 00:00:00"],
        )
    conn.close()
    before = digest(project)

    with pytest.raises(ProjectTooNewError) as info:
        Store.open(project)
    assert str(info.value).startswith(f"{project}: written by a newer Newsmark")
    assert "0099_from_the_future" in str(info.value)
    assert main(["stats", "--project", str(project)]) == 2
    assert "upgrade Newsmark to open it" in capsys.readouterr().err
    assert digest(project) == before
    wal = project.with_name(project.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_truncated_project_is_refused_as_damaged_and_left_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    whole = small_project(tmp_path / "whole.nmk", documents=40)
    assert whole.stat().st_size > 10 * 1024 * 4
    project = truncated_copy(whole, tmp_path / "cut.nmk", 10 * 1024)
    before = digest(project)
    (good,) = [p for p in good_articles(tmp_path) if p.name.startswith("good")]

    with pytest.raises(ProjectCorruptError) as info:
        Store.open(project)
    assert str(info.value).startswith(f"{project}: the project file is damaged")
    assert main(["import", str(good), "--project", str(project)]) == 2
    assert f"newsmark: {project}: the project file is damaged" in capsys.readouterr().err
    assert digest(project) == before


# -- SQL and markup in what files say ------------------------------------------------------------

HOSTILE_TEXT = (
    "Rebels shelled the market in Kersh on Tuesday. A banner read <b>bold</b> and "
    "'); DROP TABLE documents;-- in red paint, the governor said."
)


def hostile_project(folder: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A project whose article came from a CSV with SQL and markup in its title and metadata,
    annotated from a Newsmark JSONL with those in a label and an actor's name."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "feed.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "author", "source", "desk", "text"])
        writer.writerow(["a1", SQL, HTML_IMG, HTML_BOLD, SQL, HOSTILE_TEXT])
    project = folder / "hostile.nmk"
    assert main(["import", str(source), "--project", str(project), "--quiet"]) == 0
    start = HOSTILE_TEXT.index("Kersh")
    line = {
        "format": "newsmark/1",
        "id": 1,
        "text": HOSTILE_TEXT,
        "spans": [
            {"id": 1, "start": 0, "end": 6, "text": "Rebels", "label": HTML_BOLD, "actor": 7},
            {"id": 2, "start": start, "end": start + 5, "text": "Kersh", "label": SQL, "actor": 8},
        ],
        "actors": [{"id": 7, "name": HTML_IMG}, {"id": 8, "name": SQL}],
    }
    annotations = folder / "annotations.jsonl"
    annotations.write_text(json.dumps(line) + "\n", encoding="utf-8")
    code, report = run_json(capsys, "import", str(annotations), "--project", str(project))
    assert (code, report["refused"], report["left_out"]) == (0, [], [])
    # A label may not hold spaces: the SQL one joins the schema in snake case, and says so.
    assert report["schema_added"] == [f"label {HTML_BOLD!r}", "label 'drop_table_documents'"]
    assert report["renamed"] == {f"label {SQL!r}": "drop_table_documents"}
    return project


def test_sql_and_markup_in_titles_labels_and_metadata_are_stored_verbatim(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    project = hostile_project(tmp_path, capsys)
    with Store.open(project, create=False) as store:
        assert store.count_documents() == 1
        doc = store.get_document(1)
        assert (doc.title, doc.author, doc.source, doc.text) == (
            SQL,
            HTML_IMG,
            HTML_BOLD,
            HOSTILE_TEXT,
        )
        assert doc.meta["desk"] == SQL
        spans = store.document_spans(1)
        assert [(s.text, s.label, s.actor_name) for s in spans] == [
            ("Rebels", HTML_BOLD, HTML_IMG),
            ("Kersh", "drop_table_documents", SQL),
        ]
        assert sorted(a["name"] for a in store.list_actors()) == sorted([HTML_IMG, SQL])
        assert store.search("DROP") and store.search('"bold"')
    assert main(["list", "--project", str(project)]) == 0
    assert capsys.readouterr().out.split("\t")[1] == SQL


# -- the window ---------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot):
    from PySide6.QtTest import QTest

    from newsmark.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    QTest.qWaitForWindowExposed(window)
    yield window
    window.close()


def shown_as(raw: str, rich: bool) -> str:
    """What a reader sees of ``raw``: itself, or what is left once Qt renders it as HTML."""
    if not rich:
        return raw
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(raw)
    return document.toPlainText()


def label_is_rich(label) -> bool:
    from PySide6.QtCore import Qt

    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and Qt.mightBeRichText(label.text())
    )


def tooltip_is_rich(tip: str) -> bool:
    from PySide6.QtCore import Qt

    return Qt.mightBeRichText(tip)


def assert_literal(shown: str, where: str) -> None:
    """No piece of the hostile strings shows unless the whole string shows as typed."""
    for hostile, piece in ((HTML_BOLD, "bold"), (HTML_IMG, "onerror"), (HTML_IMG, "\ufffc")):
        if piece in shown.replace(HTML_BOLD, "").replace(HTML_IMG, ""):
            raise AssertionError(f"{where} shows {shown!r}: {hostile!r} was rendered")


def item_texts(model) -> Iterator[tuple[str, bool]]:
    """(text, rendered as rich text) of every cell's display text and tooltip in ``model``."""
    from PySide6.QtCore import QModelIndex, Qt

    def walk(parent: QModelIndex) -> Iterator[tuple[str, bool]]:
        for row in range(model.rowCount(parent)):
            for column in range(model.columnCount(parent)):
                index = model.index(row, column, parent)
                display = index.data(Qt.ItemDataRole.DisplayRole)
                if isinstance(display, str):
                    yield display, False  # item views draw display text as plain text
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    yield tip, tooltip_is_rich(tip)
            yield from walk(model.index(row, 0, parent))

    yield from walk(QModelIndex())


def visible_strings(window) -> list[tuple[str, str]]:
    """(where, what a reader sees) for every label, tooltip and item text in the window."""
    from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

    from newsmark.gui.document_view import ElidedLabel

    found: list[tuple[str, str]] = []
    for label in window.findChildren(QLabel):
        raw = label.full_text() if isinstance(label, ElidedLabel) else label.text()
        found.append(
            (
                f"label {label.objectName() or type(label).__name__}",
                shown_as(raw, label_is_rich(label)),
            )
        )
    for widget in window.findChildren(QWidget):
        if widget.toolTip():
            found.append(
                (
                    f"tooltip of {type(widget).__name__}",
                    shown_as(widget.toolTip(), tooltip_is_rich(widget.toolTip())),
                )
            )
    for view in window.findChildren(QAbstractItemView):
        if view.model() is not None:
            for text, rich in item_texts(view.model()):
                found.append((f"item of {type(view).__name__}", shown_as(text, rich)))
    return found


def test_sql_and_markup_show_as_plain_text_in_the_window(
    qtbot, window, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    from PySide6.QtCore import Qt

    from newsmark.gui.corpus_model import COL_SOURCE, COL_TITLE

    project = hostile_project(tmp_path, capsys)
    assert window.open_project(project)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.model.index(0, COL_TITLE).data() == SQL
    assert window.model.index(0, COL_SOURCE).data() == HTML_BOLD
    assert window.corpus_panel.select_document(1)
    view = window.document_view
    qtbot.waitUntil(lambda: view.is_showing_document())
    assert view.title_label.textFormat() == Qt.TextFormat.PlainText
    assert view.title_label.text() == SQL
    assert view.text_edit.toPlainText() == HOSTILE_TEXT

    seen: dict[str, int] = {SQL: 0, HTML_BOLD: 0, HTML_IMG: 0}
    for panel in [window.span_panel, *window.record_panels.values()]:
        window.inspector.show_panel(panel)
        qtbot.wait(50)
        for where, shown in visible_strings(window):
            assert_literal(shown, where)
            for hostile in seen:
                seen[hostile] += hostile in shown
    # Each string is on screen somewhere, as typed: the title and metadata, the span's label
    # in the span list, the actor's name in the actor panel.
    assert all(seen.values()), seen


# -- web pages -----------------------------------------------------------------------------------


class _Counting(http.server.BaseHTTPRequestHandler):
    """Answers every GET with a tiny body and records its path on the server."""

    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A local web server on a free port: its base URL and the paths asked of it so far."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    server.paths = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.paths  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def html_project(folder: Path, base_url: str) -> tuple[Path, Path]:
    page = folder / "kersh.html"
    page.write_text(page_with_remote_resources(base_url), encoding="utf-8")
    project = folder / "web.nmk"
    assert main(["import", str(page), "--project", str(project), "--quiet"]) == 0
    return page, project


def test_importing_a_web_page_fetches_none_of_its_resources(
    tmp_path: Path, counting_server: tuple[str, list[str]]
):
    base_url, requests = counting_server
    page, project = html_project(tmp_path, base_url)
    with Store.open(project, create=False) as store:
        doc = store.get_document(1)
    assert "Rebels shelled the market in Kersh on Tuesday" in doc.text
    assert "Aid groups said the only hospital" in doc.text
    assert base_url not in doc.text
    assert doc.original_text == page.read_text(encoding="utf-8")
    # The server does answer: a request made now is counted, so none came before.
    with urllib.request.urlopen(f"{base_url}/probe") as answer:
        assert answer.status == 200
    assert requests == ["/probe"]


def test_showing_a_web_page_in_the_window_fetches_none_of_its_resources(
    qtbot, window, tmp_path: Path, counting_server: tuple[str, list[str]]
):
    from newsmark.gui.document_view import TAB_ORIGINAL

    base_url, requests = counting_server
    _page, project = html_project(tmp_path, base_url)
    assert window.open_project(project)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    assert window.corpus_panel.select_document(1)
    view = window.document_view
    qtbot.waitUntil(lambda: view.is_showing_document())
    view.tabs.setCurrentIndex(TAB_ORIGINAL)
    qtbot.waitUntil(lambda: f'<img src="{base_url}/x.png"' in view.original_edit.toPlainText())
    qtbot.wait(300)
    assert requests == []


# -- a project file is data ----------------------------------------------------------------------

# Modules that turn bytes into live objects or code.
UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "cloudpickle"}
UNSAFE_BUILTINS = {"eval", "exec", "__import__", "compile", "execfile"}
UNSAFE_YAML = {"load", "load_all", "unsafe_load", "full_load"}
# The only dynamic imports, each of a name from a table in the code or of a spaCy pipeline
# package vetted by newsmark.nlp.loading.choose_pipeline (one with a meta.json at its root).
KNOWN_DYNAMIC_IMPORTS = {
    ("exchange/importing.py", "_reader"),
    ("exchange/formats.py", "exporter"),
    ("nlp/loading.py", "_pipeline_folder"),
}


def _enclosing_function(tree: ast.Module, node: ast.AST) -> str:
    """The name of the innermost function around ``node`` ("" at module level)."""
    around = [
        fn
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        and fn.lineno <= node.lineno <= (fn.end_lineno or fn.lineno)  # type: ignore[attr-defined]
    ]
    return max(around, key=lambda fn: fn.lineno).name if around else ""


def unsafe_calls(source: str, name: str) -> Iterator[str]:
    """Each place in ``source`` (the module ``name``, relative to the package) that could turn
    data into code: unpickling, eval/exec, yaml.load, an import by a computed name."""
    tree = ast.parse(source, filename=name)
    for node in ast.walk(tree):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            names = {alias.name.split(".")[0] for alias in node.names}
            if names & (UNSAFE_MODULES | {"yaml"}):
                yield f"{where}: imports {sorted(names)}"
        elif isinstance(node, ast.ImportFrom):
            if (node.module or "").split(".")[0] in UNSAFE_MODULES | {"yaml"}:
                yield f"{where}: imports from {node.module}"
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in UNSAFE_BUILTINS:
                yield f"{where}: calls {func.id}()"
            elif isinstance(func, ast.Attribute):
                owner = func.value.id if isinstance(func.value, ast.Name) else None
                if owner == "yaml" and func.attr in UNSAFE_YAML:
                    yield f"{where}: calls yaml.{func.attr}()"
                elif owner in UNSAFE_MODULES:
                    yield f"{where}: calls {owner}.{func.attr}()"
                elif func.attr == "import_module" and (
                    (name, _enclosing_function(tree, node)) not in KNOWN_DYNAMIC_IMPORTS
                ):
                    yield f"{where}: imports a module by a name computed at run time"


def test_the_source_scan_finds_each_way_of_running_data():
    sample = (
        "import pickle\n"
        "import yaml\n"
        "def read(path, data):\n"
        "    box.exec()\n"  # a Qt dialog's exec method is no builtin
        "    eval(data)\n"
        "    exec(data)\n"
        "    __import__(data)\n"
        "    pickle.loads(data)\n"
        "    yaml.load(data)\n"
        "    yaml.safe_load(data)\n"
        "    importlib.import_module(data)\n"
    )
    assert [line.split(": ", 1)[0] for line in unsafe_calls(sample, "x.py")] == [
        f"x.py:{n}" for n in (1, 2, 5, 6, 7, 8, 9, 11)
    ]


def test_no_code_in_the_package_turns_file_content_into_code():
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 50
    found = [
        problem
        for path in sources
        for problem in unsafe_calls(
            path.read_text(encoding="utf-8"), path.relative_to(PACKAGE).as_posix()
        )
    ]
    assert found == []


def test_a_project_naming_an_ordinary_module_as_its_pipeline_does_not_import_it(
    tmp_path: Path,
):
    from newsmark.nlp.suggest import PIPELINE_SETTING, suggest_project

    assert "this" not in sys.modules  # the standard library's Easter egg prints on import
    with Store.open(small_project(tmp_path / "p.nmk")) as store:
        store.set_setting(PIPELINE_SETTING, "this")
        report = suggest_project(store)
        assert report.unavailable is not None
        assert report.unavailable.startswith("The pipeline this chosen for this project is not")
        assert store.stats()["spans"]["total"] == 0
    assert "this" not in sys.modules
