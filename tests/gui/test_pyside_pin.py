"""PySide6 6.12.0 kills CPython 3.11 ("Fatal Python error: none_dealloc") after ~10^4 calls of
a method returning None. The dependency pin keeps it out; these tests notice if it comes back.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys

import PySide6

NONE_RETURNING_CALLS = """
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextDocument

app = QGuiApplication([])
document = QTextDocument("x" * 100)
cursor = QTextCursor(document)
for i in range(30_000):
    cursor.setPosition(i % 100)  # returns None: each call drops a reference to None
print("survived", cursor.position())
"""


def test_many_calls_returning_none_do_not_kill_the_interpreter():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", NONE_RETURNING_CALLS],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["survived", "99"]


def test_installed_pyside6_is_older_than_the_crashing_release():
    version = importlib.metadata.version("PySide6-Essentials")
    assert version == PySide6.__version__
    major, minor = (int(part) for part in re.match(r"(\d+)\.(\d+)", version).groups())
    assert (major, minor) < (6, 12), f"PySide6 {version} is not below 6.12"
