"""Reading Newsmark's own JSONL ("newsmark/1", docs/FORMAT.md) back for an import.

One line at a time, so a file of any size is read in constant memory. Each line becomes an
:class:`ImportedDocument` with every record's own status, origin, score and annotator; a line
that is not a document of the format is an :class:`ImportProblem` naming the file, the line
and the field, and the next line is read as if nothing happened. A bad record inside a good
line (a span without offsets) is left out with a problem naming it; the rest of the line goes
in. Pure Python; never imports Qt.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from newsmark.core.imported import (
    ElsewhereRef,
    ImportedActor,
    ImportedArgument,
    ImportedClaim,
    ImportedDocument,
    ImportedEvent,
    ImportedRelation,
    ImportedSpan,
    ImportProblem,
)
from newsmark.exchange.native import FORMAT


class _Bad(ValueError):
    """A field of a line that is not what the format says; the message names the field."""


def read_native(path: str | os.PathLike[str]) -> Iterator[ImportedDocument | ImportProblem]:
    """The documents of a native JSONL file, and a problem for each line that is not one."""
    source = Path(path)
    with source.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            location = f"{source}:{number}"
            if number == 1:
                # detect_format reads a first line after a byte-order mark; so must this.
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            try:
                line = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield ImportProblem(location, f"not UTF-8 (byte {exc.start}); line left out")
                continue
            except json.JSONDecodeError as exc:
                yield ImportProblem(location, f"not JSON ({exc.msg}, column {exc.colno})")
                continue
            problems: list[ImportProblem] = []
            try:
                yield document_from_line(line, location, problems)
            except _Bad as exc:
                yield ImportProblem(location, f"{exc}; line left out")
                continue
            yield from problems


def document_from_line(line: Any, location: str, problems: list[ImportProblem]) -> ImportedDocument:
    """One line of the format as an imported document (raises _Bad for a line that is not
    one; adds a problem to ``problems`` for each record left out)."""
    if not isinstance(line, dict):
        raise _Bad(f"a line must be a JSON object, not {type(line).__name__}")
    if line.get("format") != FORMAT:
        raise _Bad(f'"format" is {line.get("format")!r}, not {FORMAT!r}')
    text = line.get("text")
    if not isinstance(text, str):
        raise _Bad('"text" must be a string')
    meta = line.get("meta") or {}
    if not isinstance(meta, dict):
        raise _Bad('"meta" must be an object')

    def records(name: str, build: Callable[[dict[str, Any], str], Any]) -> tuple[Any, ...]:
        items = line.get(name) or []
        if not isinstance(items, list):
            raise _Bad(f'"{name}" must be a list')
        built = []
        for index, item in enumerate(items):
            where = f"{name}[{index}]"
            try:
                if not isinstance(item, dict):
                    raise _Bad("must be an object")
                built.append(build(item, where))
            except _Bad as exc:
                problems.append(ImportProblem(location, f"{where}: {exc}; left out", fatal=False))
        return tuple(built)

    return ImportedDocument(
        location=location,
        text=text,
        key=line.get("id"),
        meta={key: value for key, value in meta.items() if value is not None},
        status=_optional_str(line, "status"),
        spans=records("spans", _span),
        actors=records("actors", _actor),
        events=records("events", _event),
        claims=records("claims", _claim),
        relations=records("relations", _relation),
    )


def _span(item: dict[str, Any], where: str) -> ImportedSpan:
    start, end = _int(item, "start"), _int(item, "end")
    return ImportedSpan(
        key=_key(item, "id"),
        start=start,
        end=end,
        text=_str(item, "text"),
        label=_str(item, "label"),
        status=_optional_str(item, "status"),
        origin=_optional_str(item, "origin"),
        score=_score(item),
        annotator=_optional_str(item, "annotator"),
        actor=_optional_key(item, "actor"),
        attributes=_object(item, "attributes"),
    )


def _actor(item: dict[str, Any], where: str) -> ImportedActor:
    aliases = item.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise _Bad('"aliases" must be a list of strings')
    external = _object(item, "external_ids")
    return ImportedActor(
        key=_key(item, "id"),
        name=_str(item, "name"),
        type=_optional_str(item, "type"),
        country=_optional_str(item, "country"),
        aliases=tuple(aliases),
        external_ids={str(k): str(v) for k, v in external.items() if v is not None},
    )


def _event(item: dict[str, Any], where: str) -> ImportedEvent:
    arguments = item.get("arguments") or []
    if not isinstance(arguments, list):
        raise _Bad('"arguments" must be a list')
    built = []
    for index, argument in enumerate(arguments):
        if not isinstance(argument, dict):
            raise _Bad(f"arguments[{index}] must be an object")
        value = argument.get("value")
        built.append(
            ImportedArgument(
                role=_str(argument, "role"),
                span=_optional_key(argument, "span"),
                actor=_optional_key(argument, "actor"),
                value=None if value is None else str(value),
            )
        )
    return ImportedEvent(
        key=_key(item, "id"),
        type=_str(item, "type"),
        subtype=_optional_str(item, "subtype"),
        trigger=_optional_key(item, "trigger"),
        arguments=tuple(built),
        attributes=_object(item, "attributes"),
        status=_optional_str(item, "status"),
        origin=_optional_str(item, "origin"),
        score=_score(item),
        annotator=_optional_str(item, "annotator"),
    )


def _claim(item: dict[str, Any], where: str) -> ImportedClaim:
    attributes = dict(_object(item, "attributes"))
    parent = attributes.pop("parent", None)
    about = item.get("about") or []
    if not isinstance(about, list):
        raise _Bad('"about" must be a list')
    events: list[Any] = []
    actors: list[Any] = []
    for index, target in enumerate(about):
        if not isinstance(target, dict) or ("event" in target) == ("actor" in target):
            raise _Bad(f'about[{index}] must be {{"event": id}} or {{"actor": id}}')
        if "actor" in target:
            actors.append(_key(target, "actor"))
        elif "doc" in target:
            events.append(ElsewhereRef(_key(target, "doc"), _key(target, "event")))
        else:
            events.append(_key(target, "event"))
    return ImportedClaim(
        key=_key(item, "id"),
        type=_str(item, "type"),
        content=_optional_key(item, "content"),
        cue=_optional_key(item, "cue"),
        claimant=_optional_key(item, "claimant"),
        claimant_actor=_optional_key(item, "claimant_actor"),
        stance=_optional_str(item, "stance"),
        about_events=tuple(events),
        about_actors=tuple(actors),
        parent=parent if isinstance(parent, (int, str)) else None,
        attributes=attributes,
        status=_optional_str(item, "status"),
        origin=_optional_str(item, "origin"),
        score=_score(item),
        annotator=_optional_str(item, "annotator"),
    )


def _relation(item: dict[str, Any], where: str) -> ImportedRelation:
    def end(name: str) -> tuple[str, Any]:
        value = item.get(name)
        if not isinstance(value, dict):
            raise _Bad(f'"{name}" must be {{"kind": ..., "id": ...}}')
        kind = _str(value, "kind")
        if "doc" in value:
            return kind, ElsewhereRef(_key(value, "doc"), _key(value, "id"))
        return kind, _key(value, "id")

    return ImportedRelation(
        key=_key(item, "id"),
        head=end("head"),
        child=end("child"),
        label=_str(item, "label"),
        status=_optional_str(item, "status"),
        origin=_optional_str(item, "origin"),
        score=_score(item),
        annotator=_optional_str(item, "annotator"),
    )


# -- fields ----------------------------------------------------------------------------------


def _int(item: dict[str, Any], name: str) -> int:
    value = item.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(f'"{name}" must be an integer, not {json.dumps(value)}')
    return value


def _str(item: dict[str, Any], name: str) -> str:
    value = item.get(name)
    if not isinstance(value, str):
        raise _Bad(f'"{name}" must be a string, not {json.dumps(value)}')
    return value


def _optional_str(item: dict[str, Any], name: str) -> str | None:
    value = item.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Bad(f'"{name}" must be a string or null, not {json.dumps(value)}')
    return value


def _key(item: dict[str, Any], name: str) -> int | str:
    value = item.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise _Bad(f'"{name}" must be an id (integer or string), not {json.dumps(value)}')
    return value


def _optional_key(item: dict[str, Any], name: str) -> int | str | None:
    return None if item.get(name) is None else _key(item, name)


def _score(item: dict[str, Any]) -> float | None:
    value = item.get("score")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Bad(f'"score" must be a number or null, not {json.dumps(value)}')
    return float(value)


def _object(item: dict[str, Any], name: str) -> dict[str, Any]:
    value = item.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Bad(f'"{name}" must be an object, not {json.dumps(value)}')
    return value
