"""The export formats, in one table the command line and the export dialog both read.

Each format names the function that writes it (imported only when used, so that asking for
CSV never loads spaCy) and whether it writes one file or a folder. Every exporter has the
signature ``(store, path, options, *, progress=None, **extra) -> report`` where the report
has ``path``, ``warnings`` (what the format could not hold, one sentence each) and
``summary()``. Pure Python; never imports Qt.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from newsmark.core.store import Store
    from newsmark.exchange.records import ExportOptions


class ExportSummary(Protocol):
    """What every exporter returns."""

    @property
    def path(self) -> Path: ...

    @property
    def warnings(self) -> tuple[str, ...]: ...

    def summary(self) -> str: ...


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format: its command-line name, a title, whether ``--out`` is a folder, the
    usual file suffix, which tools load it, and ``module:function`` of its exporter.
    ``extras`` names the keyword options the exporter takes beyond the common ones."""

    name: str
    title: str
    folder: bool
    suffix: str
    loaded_by: str
    function: str
    extras: tuple[str, ...] = ()

    def exporter(self) -> Callable[..., ExportSummary]:
        module, _, attribute = self.function.partition(":")
        return getattr(importlib.import_module(module), attribute)


EXPORT_FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat(
            "jsonl",
            "Newsmark JSONL (everything)",
            False,
            ".jsonl",
            "newsmark import; any JSON reader (see docs/FORMAT.md)",
            "newsmark.exchange.native:export_native",
        ),
        ExportFormat(
            "prodigy",
            "Prodigy JSONL (spans, relations)",
            False,
            ".jsonl",
            "Prodigy (db-in, ner.manual, rel.manual), spacy-llm, newsmark import",
            "newsmark.exchange.prodigy:export_prodigy",
        ),
        ExportFormat(
            "doccano",
            "doccano JSONL (entities, relations)",
            False,
            ".jsonl",
            "doccano's sequence labelling / relation import, newsmark import",
            "newsmark.exchange.doccano:export_doccano",
        ),
        ExportFormat(
            "csv",
            "CSV tables (ACLED-style events, claims, actors, mentions)",
            True,
            "",
            "spreadsheets, pandas, R; events.csv follows ACLED's columns",
            "newsmark.exchange.csv_export:export_csv",
            ("bom",),
        ),
        ExportFormat(
            "spacy",
            "spaCy DocBin (.spacy, for training)",
            False,
            ".spacy",
            "spacy train, spacy.tokens.DocBin",
            "newsmark.exchange.docbin_export:export_docbin",
            ("spans_key",),
        ),
        ExportFormat(
            "brat",
            "brat standoff (.txt + .ann, annotation.conf)",
            True,
            "",
            "brat, INCEpTION, bratly and other brat readers, newsmark import",
            "newsmark.exchange.brat_export:export_brat",
        ),
    )
}


def run_export(
    store: Store,
    name: str,
    path: str | os.PathLike[str],
    options: ExportOptions | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    **extra: Any,
) -> ExportSummary:
    """Export the project in format ``name`` to ``path`` (a file or a folder, as the format
    says); extras the format does not take are ignored."""
    fmt = EXPORT_FORMATS[name]
    taken = {key: value for key, value in extra.items() if key in fmt.extras}
    return fmt.exporter()(store, path, options, progress=progress, **taken)
