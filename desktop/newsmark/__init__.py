"""Newsmark: annotate news articles with entities, events, actors and claims."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsmark")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
