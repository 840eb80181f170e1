"""Where Newsmark keeps user files: one place, overridable with NEWSMARK_HOME."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "newsmark"
PROJECT_SUFFIX = ".nmk"


def data_dir() -> Path:
    """The folder for default projects and settings (created on demand).

    ``NEWSMARK_HOME`` wins over the platform's user data folder so that tests, portable
    installs and several profiles on one machine stay apart.
    """
    override = os.environ.get("NEWSMARK_HOME")
    base = Path(override).expanduser() if override else Path(platformdirs.user_data_dir(APP_NAME))
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_project_path() -> Path:
    return data_dir() / f"default{PROJECT_SUFFIX}"


def resolve_project_path(explicit: str | os.PathLike[str] | None) -> Path:
    """The project the user means: the explicit path, else NEWSMARK_PROJECT, else the default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("NEWSMARK_PROJECT")
    if env:
        return Path(env).expanduser()
    return default_project_path()
