"""Promises about the code base itself: lint clean, Qt only in the GUI, resources installed."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_ruff_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_gui_imports_qt_import_linter_contract():
    result = subprocess.run(
        [str(BIN / "lint-imports"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Only the GUI layer imports Qt KEPT" in result.stdout


def test_command_line_and_import_never_load_qt():
    code = (
        "import sys, newsmark.cli, newsmark.corpus.importer, newsmark.core.store; "
        "newsmark.cli.build_parser(); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_every_package_is_listed_for_the_wheel():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {
        ".".join(init.parent.relative_to(ROOT / "desktop").parts)
        for init in (ROOT / "desktop" / "newsmark").rglob("__init__.py")
    }
    assert on_disk | {"newsmark.resources"} == listed


def test_pyside_is_held_below_the_crashing_release():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pins = [d for d in config["project"]["dependencies"] if d.lower().startswith("pyside6")]
    assert pins and all("<6.12" in pin for pin in pins)


def test_sample_corpus_ships_as_package_data():
    folder = resources.files("newsmark.resources") / "sample_corpus"
    names = sorted(entry.name for entry in folder.iterdir())
    suffixes = {name.rsplit(".", 1)[1] for name in names}
    assert {"txt", "md", "html", "jsonl", "csv"} <= suffixes
