"""Every test runs with its own data folder, no inherited project, and Qt offscreen."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("newsmark-home")
    monkeypatch.setenv("NEWSMARK_HOME", str(home))
    monkeypatch.delenv("NEWSMARK_PROJECT", raising=False)
    # Qt's settings would otherwise land in the real user's config folder.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home
