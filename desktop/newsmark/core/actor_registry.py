"""The actor registry: actors, their aliases, the mentions linked to them, and CSV exchange.

An actor has a canonical name, a *kind* (``actors.type``: one of the schema's
``actor_types[].kinds``, which map it to an ACLED actor type), a country (ISO 3166-1
alpha-3), aliases (every other surface form, some of them listed as metonyms in
``attributes["metonyms"]``) and external ids (``{"wikidata": "Q794"}``). Spans that mention
it carry its id in ``spans.actor_id``; event arguments, claimants, claim targets and relations
may point at it too.

Every edit runs through :meth:`~newsmark.core.changes.ChangeReplay._recording` and returns a
:class:`~newsmark.core.changes.Change` for undo and redo. Registry-wide edits (a merge, linking
every mention of a name across the corpus, a CSV import) record ``doc_id`` None.

Two surface forms are *the same* when they differ only by case, spacing or apostrophe style
("Kata’ib  Hizbullah" and "kata'ib hizbullah"), as the gazetteer (nlp/gazetteer.py) reads
them; :func:`fold_form` gives the shared form. Everything added here reaches the gazetteer
through ``Store.list_actors``.

Pure Python: this module never imports Qt.
"""

from __future__ import annotations

import copy
import csv
import enum
import io
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pycountry

from newsmark.core.changes import Change
from newsmark.core.clock import utc_now
from newsmark.core.countries import country_codes
from newsmark.core.errors import InputError
from newsmark.core.span_curation import CurationError
from newsmark.core.wording import plural

if TYPE_CHECKING:
    from sqlite_utils import Database

# Between aliases in the CSV's aliases column; an alias may therefore not contain "|".
ALIAS_SEPARATOR = " | "
CSV_COLUMNS = (
    "id",
    "name",
    "type",
    "acled_type_code",
    "country",
    "aliases",
    "wikidata",
    "external_ids",
    "mention_count",
    # Not shown in the registry dialog but needed for a faithful round trip: the starter
    # registry keeps its metonyms ("Baghdad" for the Government of Iraq) here.
    "attributes",
)
# acled_type_code and mention_count are derived from the project: an import ignores them.
_LIVE = "('accepted', 'suggested')"
_FOLD_FUNCTION = "newsmark_fold"

_KEY = re.compile(r"[a-z][a-z0-9_]*")
_WIKIDATA = re.compile(r"Q[1-9][0-9]*")
# A curator pastes what the browser shows; the item id is all that is kept.
_WIKIDATA_URL = re.compile(
    r"https?://(?:www\.|m\.)?wikidata\.org/(?:wiki|entity)/(Q[1-9][0-9]*)/?", re.IGNORECASE
)

# The same characters the gazetteer reads as one (nlp/gazetteer.py): odd apostrophes and hyphens.
_FOLD_TABLE = str.maketrans({**dict.fromkeys("’‘ʼ′`´", "'"), "\u2010": "-", "\u2011": "-"})


def fold_form(text: str) -> str:
    """The form two mentions share when they differ only by case, spacing or apostrophes."""
    return " ".join(text.translate(_FOLD_TABLE).lower().split())


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _quoted(names: Iterable[str], most: int = 3) -> str:
    names = list(names)
    shown = ", ".join(f"“{n}”" for n in names[:most])
    return shown + (", …" if len(names) > most else "")


def _listed(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


class _Unset(enum.Enum):
    UNSET = "unset"


UNSET = _Unset.UNSET
"""Stands for "not given" in :meth:`ActorRegistry.update_actor` (None clears a field)."""


# ---------------------------------------------------------------------------------------------
# Results and errors
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorRecord:
    """One registry actor as the GUI shows it; ``mention_count`` counts the accepted and
    suggested spans linked to it."""

    id: int
    name: str
    type: str | None
    country: str | None
    aliases: tuple[str, ...]
    external_ids: dict[str, str] = field(hash=False)
    attributes: dict[str, Any] = field(hash=False)
    mention_count: int


class ActorMention(NamedTuple):
    """A span linked to an actor: which, in which document, and its text."""

    span_id: int
    doc_id: int
    text: str


@dataclass(frozen=True, slots=True)
class ActorImportReport:
    """What a CSV import did: actors created, updated and found unchanged, and the rows it
    skipped (``problems``, each ``FILE:LINE: column NAME: what is wrong``). ``change`` undoes
    the whole import in one step."""

    path: str
    created: int
    updated: int
    unchanged: int
    problems: list[str] = field(hash=False)
    change: Change


class UnknownActorError(CurationError, KeyError):
    """An actor id that is not (or no longer) in the registry."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


class ActorFileError(InputError, CurationError):
    """A CSV file of actors that cannot be read at all; nothing was imported."""


class _Invalid(Exception):
    """One field's value is refused; ``field`` names it, the message says why."""

    def __init__(self, field_name: str, message: str):
        super().__init__(message)
        self.field = field_name
        self.message = message


# ---------------------------------------------------------------------------------------------
# Validation of single values (shared by the edits and the CSV import)
# ---------------------------------------------------------------------------------------------


def checked_kind(value: str | None, kinds: Mapping[str, int]) -> str | None:
    """A registry kind as stored (lower snake case), or None; refuses kinds the schema lacks."""
    if value is None or not str(value).strip():
        return None
    # "Rebel group" typed in a spreadsheet means rebel_group.
    kind = re.sub(r"[\s-]+", "_", str(value).strip().lower())
    if kind not in kinds:
        known = ", ".join(sorted(kinds)) or "none: the schema lists no actor_types kinds"
        raise _Invalid("type", f"{value!r} is not an actor kind of the schema (one of: {known})")
    return kind


def checked_country(value: str | None) -> str | None:
    """ISO 3166-1 alpha-3 for a code or a country name (ISO, common, or as the press writes
    it: "Russia", "the UK" without "the"), or None; an unknown or ambiguous name is refused."""
    if value is None or not str(value).strip():
        return None
    text = _clean(value)
    codes = country_codes(text)
    if len(codes) == 1:
        return next(iter(codes))
    if codes:
        names = " or ".join(
            f"{c} ({pycountry.countries.get(alpha_3=c).name})" for c in sorted(codes)
        )
        raise _Invalid("country", f"{value!r} may be {names}: give the code")
    message = f"{value!r} is not an ISO 3166 country"
    try:
        close = pycountry.countries.search_fuzzy(text)[:2]
    except LookupError:
        close = []
    if close:
        hints = " or ".join(f"{c.alpha_3} ({c.name})" for c in close)
        message += f"; did you mean {hints}?"
    raise _Invalid("country", message)


def checked_wikidata(value: Any) -> str | None:
    """A Wikidata item id ("Q794"), also taken from its page address; None when empty."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    url = _WIKIDATA_URL.fullmatch(text)
    if url:
        return url.group(1).upper()
    if not _WIKIDATA.fullmatch(text):
        raise _Invalid("wikidata", f"{text!r} is not a Wikidata id (Q and digits, e.g. Q794)")
    return text


def checked_external_ids(value: Mapping[str, Any] | None) -> dict[str, str]:
    """External ids with lower-case identifier keys and text values (empty values dropped)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _Invalid("external_ids", f"must be an object of ids, not {type(value).__name__}")
    result: dict[str, str] = {}
    for key, raw in value.items():
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise _Invalid(
                "external_ids",
                f"{key!r} is not an id name (lower-case letters, digits and _, e.g. wikidata)",
            )
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        if isinstance(raw, bool) or not isinstance(raw, str | int):
            raise _Invalid("external_ids", f"{key}: must be text, not {type(raw).__name__}")
        if key == "wikidata":
            wikidata = checked_wikidata(raw)
            if wikidata:
                result[key] = wikidata
        else:
            result[key] = str(raw).strip()
    return result


def _checked_alias(value: str) -> str:
    alias = _clean(value)
    if not alias:
        raise _Invalid("aliases", "an alias cannot be empty")
    if "|" in alias:
        raise _Invalid("aliases", f"“{alias}” contains “|”, which separates aliases in CSV files")
    return alias


def _distinct_aliases(name: str, forms: Iterable[str]) -> list[str]:
    """``forms`` cleaned, without the name and without repeats (as the gazetteer reads them)."""
    seen = {fold_form(name)}
    aliases = []
    for form in forms:
        alias = _checked_alias(form)
        key = fold_form(alias)
        if key not in seen:
            seen.add(key)
            aliases.append(alias)
    return aliases


def _pruned_metonyms(attributes: dict[str, Any], aliases: Iterable[str]) -> dict[str, Any]:
    """``attributes`` with metonyms that are no longer aliases left out.

    The gazetteer matches every listed metonym whether or not it is an alias, so a removed
    alias must leave the list too or it would still be found in the text.
    """
    metonyms = attributes.get("metonyms")
    if not isinstance(metonyms, list):
        return attributes
    keys = {fold_form(a) for a in aliases}
    kept = [m for m in metonyms if isinstance(m, str) and fold_form(m) in keys]
    return {**attributes, "metonyms": kept} if kept != metonyms else attributes


@dataclass(slots=True)
class _Actor:
    """An actor's stored fields, as read for an edit (aliases in stored order)."""

    id: int
    name: str
    type: str | None
    country: str | None
    external_ids: dict[str, str]
    attributes: dict[str, Any]
    aliases: list[str]

    def same_as(self, other: _Actor) -> bool:
        return (
            self.name,
            self.type,
            self.country,
            self.external_ids,
            self.attributes,
            sorted(self.aliases),
        ) == (
            other.name,
            other.type,
            other.country,
            other.external_ids,
            other.attributes,
            sorted(other.aliases),
        )


class _Span(NamedTuple):
    id: int
    doc_id: int
    text: str
    actor_id: int | None


# ---------------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------------


class ActorRegistry:
    """The Store's actor registry: reading, editing, merging, linking mentions, CSV exchange.

    Mixed into :class:`~newsmark.core.store.Store`; uses its recording (ChangeReplay), its
    schema (SchemaCuration) and its annotator registration (SpanCuration).

    Threading: like the Store, one thread per instance.
    """

    db: Database

    # -- reading ----------------------------------------------------------------------------

    def actor(self, actor_id: int) -> ActorRecord:
        """One actor with its aliases and mention count; UnknownActorError if absent."""
        records = self._records(f"{_SELECT_ACTORS} WHERE id = ?", [actor_id])
        if not records:
            raise UnknownActorError(f"actor {actor_id} is not in the registry")
        return records[0]

    def search_actors(self, text: str, limit: int | None = 20) -> list[ActorRecord]:
        """Actors whose name or an alias contains ``text`` (case, spacing and apostrophes
        ignored), for type-ahead: prefix matches first, then by mention count, then by name.
        Empty ``text`` lists every actor by name. ``limit`` None: no limit."""
        cap = -1 if limit is None else max(int(limit), 0)
        needle = fold_form(text)
        if not needle:
            return self._records(
                f"{_SELECT_ACTORS} ORDER BY name COLLATE NOCASE, id LIMIT ?", [cap]
            )
        self._register_fold()
        # The registry is small (thousands of forms): a scan folding each form is fast enough
        # for every keystroke, and ranks exactly as the gazetteer compares.
        sql = f"""
            WITH forms(actor_id, at) AS (
                SELECT id, instr({_FOLD_FUNCTION}(name), :q) FROM actors
                UNION ALL
                SELECT actor_id, instr({_FOLD_FUNCTION}(alias), :q) FROM actor_aliases),
            hits(actor_id, rank) AS (
                SELECT actor_id, min(CASE WHEN at = 1 THEN 0 ELSE 1 END) FROM forms
                WHERE at > 0 GROUP BY actor_id)
            SELECT a.id FROM hits h JOIN actors a ON a.id = h.actor_id
            ORDER BY h.rank,
                (SELECT count(*) FROM spans s
                 WHERE s.actor_id = a.id AND s.status IN {_LIVE}) DESC,
                a.name COLLATE NOCASE, a.id
            LIMIT :limit"""
        ids = [row[0] for row in self.db.execute(sql, {"q": needle, "limit": cap})]
        found = {
            r.id: r
            for r in self._records(f"{_SELECT_ACTORS} WHERE id IN {_JSON_IDS}", [json.dumps(ids)])
        }
        return [found[i] for i in ids]

    def actor_mentions(self, actor_id: int, limit: int | None = None) -> list[ActorMention]:
        """The accepted and suggested spans linked to an actor, by document and position."""
        sql = f"""SELECT id, doc_id, text FROM spans WHERE actor_id = ? AND status IN {_LIVE}
                  ORDER BY doc_id, start, id LIMIT ?"""
        cap = -1 if limit is None else max(int(limit), 0)
        return [ActorMention(*row) for row in self.db.execute(sql, [actor_id, cap])]

    def unlinked_mentions(self, texts: Iterable[str]) -> int:
        """How many spans not rejected, of any label, read as one of ``texts`` and are linked
        to no actor (what :meth:`link_alias_mentions` with these texts would link)."""
        return len(self._unlinked_span_ids(texts))

    # -- creating and editing actors --------------------------------------------------------

    def create_actor(
        self,
        name: str,
        *,
        type: str | None = None,
        country: str | None = None,
        aliases: Iterable[str] = (),
        external_ids: Mapping[str, Any] | None = None,
        from_span_id: int | None = None,
        annotator: str | None = None,
    ) -> Change:
        """Add an actor; the change's ``result`` is its id.

        With ``from_span_id`` the mention is linked to the new actor and its text becomes an
        alias when it is not the name (the change belongs to the span's document).
        """
        clean = _clean(name)
        if not clean:
            raise CurationError("a new actor needs a name (field name is empty)")
        subject = f"new actor “{clean}”"
        span = self._span(from_span_id) if from_span_id is not None else None
        with _field_errors(subject):
            kind = checked_kind(type, self.project_schema().actor_kinds)
            code = checked_country(country)
            ids = checked_external_ids(external_ids)
            forms = [*aliases, *([span.text] if span else [])]
            alias_list = _distinct_aliases(clean, forms)
        description = f"Create actor {clean}"
        if span is not None:
            description += f" from “{_clean(span.text)}”"
        now = utc_now()
        with self._recording(span.doc_id if span else None, description) as rec:
            self._register(annotator, now)
            if span is not None:
                rec.watch_ids("spans", [span.id])
            cursor = self.db.execute(
                """INSERT INTO actors (name, type, country, external_ids, attributes,
                       created_at, updated_at) VALUES (?, ?, ?, ?, '{}', ?, ?)""",
                [clean, kind, code, _dumps(ids), now, now],
            )
            actor_id = int(cursor.lastrowid or 0)
            rec.created("actors", actor_id)
            rec.watch("actor_aliases", "actor_id = ?", [actor_id])
            self._insert_aliases(actor_id, alias_list)
            if span is not None:
                self._link_spans([span.id], actor_id, annotator, now)
            rec.result = actor_id
        return rec.change  # type: ignore[return-value]

    def update_actor(
        self,
        actor_id: int,
        *,
        name: str | _Unset = UNSET,
        type: str | _Unset | None = UNSET,
        country: str | _Unset | None = UNSET,
        external_ids: Mapping[str, Any] | _Unset | None = UNSET,
        annotator: str | None = None,
    ) -> Change:
        """Change the given fields of an actor (None clears type, country or external ids).

        Actors carry no annotator column; ``annotator`` is registered as one of the project's
        annotators. Renaming to one of the actor's aliases drops that alias (a name is never
        also an alias).
        """
        old = self._actor(actor_id)
        subject = f"actor {actor_id} (“{old.name}”)"
        values: dict[str, Any] = {}
        with _field_errors(subject):
            if name is not UNSET:
                clean = _clean(name)
                if not clean:
                    raise _Invalid("name", "cannot be empty")
                values["name"] = clean
            if type is not UNSET:
                values["type"] = checked_kind(type, self.project_schema().actor_kinds)
            if country is not UNSET:
                values["country"] = checked_country(country)
            if external_ids is not UNSET:
                values["external_ids"] = checked_external_ids(external_ids)
        changed = [key for key, value in values.items() if getattr(old, key) != value]
        new_name = values.get("name", old.name)
        if "name" in changed:
            description = f"Rename actor {old.name} to {new_name}"
        else:
            fields = ", ".join(changed) if changed else "nothing changed"
            description = f"Edit actor {old.name}: {fields}"
        now = utc_now()
        with self._recording(None, description) as rec:
            self._register(annotator, now)
            rec.watch_ids("actors", [actor_id])
            rec.watch("actor_aliases", "actor_id = ?", [actor_id])
            if changed:
                sets = ", ".join(f"[{key}] = ?" for key in changed)
                args = [_dumps(values[k]) if k == "external_ids" else values[k] for k in changed]
                self.db.execute(
                    f"UPDATE actors SET {sets}, updated_at = ? WHERE id = ?",
                    [*args, now, actor_id],
                )
            if "name" in changed:
                key = fold_form(new_name)
                self._delete_aliases(actor_id, [a for a in old.aliases if fold_form(a) == key])
            rec.result = actor_id
        return rec.change  # type: ignore[return-value]

    def add_alias(self, actor_id: int, alias: str) -> Change:
        """Give an actor another surface form; the change's ``result`` is the alias as stored.

        An alias another actor also has is allowed ("Washington" for a government and a
        team), and the change's description says who else has it.
        """
        actor = self._actor(actor_id)
        with _field_errors(f"actor {actor_id} (“{actor.name}”)"):
            clean = _checked_alias(alias)
        key = fold_form(clean)
        if key == fold_form(actor.name):
            raise CurationError(f"“{clean}” is the name of actor {actor.name}, not another alias")
        for existing in actor.aliases:
            if fold_form(existing) == key:
                raise CurationError(f"actor {actor.name} already has the alias “{existing}”")
        description = f"Add alias “{clean}” to {actor.name}"
        others = [name for other_id, name in self._actors_with_form(clean) if other_id != actor_id]
        if others:
            description += f" (also an alias or name of {_listed(others)})"
        with self._recording(None, description) as rec:
            rec.watch_ids("actors", [actor_id])
            rec.watch("actor_aliases", "actor_id = ?", [actor_id])
            self._insert_aliases(actor_id, [clean])
            self.db.execute("UPDATE actors SET updated_at = ? WHERE id = ?", [utc_now(), actor_id])
            rec.result = clean
        return rec.change  # type: ignore[return-value]

    def remove_alias(self, actor_id: int, alias: str) -> Change:
        """Remove a surface form of an actor (also from its metonyms, which the gazetteer reads)."""
        actor = self._actor(actor_id)
        clean = _clean(alias)
        matches = [a for a in actor.aliases if a == clean] or [
            a for a in actor.aliases if fold_form(a) == fold_form(clean)
        ]
        if not matches:
            raise CurationError(f"actor {actor.name} has no alias “{clean}”")
        remaining = [a for a in actor.aliases if a not in matches]
        attributes = _pruned_metonyms(actor.attributes, remaining)
        with self._recording(None, f"Remove alias “{matches[0]}” from {actor.name}") as rec:
            rec.watch_ids("actors", [actor_id])
            rec.watch("actor_aliases", "actor_id = ?", [actor_id])
            self._delete_aliases(actor_id, matches)
            self.db.execute(
                "UPDATE actors SET attributes = ?, updated_at = ? WHERE id = ?",
                [_dumps(attributes), utc_now(), actor_id],
            )
            rec.result = matches[0]
        return rec.change  # type: ignore[return-value]

    def delete_actor(self, actor_id: int) -> Change:
        """Remove an actor nothing uses; one in use is refused, saying what uses it.

        Rejected mentions still linked to it are unlinked, and it leaves the candidate lists
        of ambiguous suggestions.
        """
        actor = self._actor(actor_id)
        uses = self._actor_uses(actor_id)
        if uses:
            raise CurationError(
                f"actor {actor.name} is used by {_listed(uses)}; merge it into another actor "
                "instead of deleting it"
            )
        with self._recording(None, f"Delete actor {actor.name}") as rec:
            rec.watch_ids("actors", [actor_id])
            rec.watch("actor_aliases", "actor_id = ?", [actor_id])
            # Rejected mentions lose the link through ON DELETE SET NULL: watched by id, since
            # a scope on actor_id would not hold them afterwards.
            rejected = [
                row[0]
                for row in self.db.execute("SELECT id FROM spans WHERE actor_id = ?", [actor_id])
            ]
            rec.watch_ids("spans", rejected)
            candidates = self._candidate_spans(actor_id)
            rec.watch_ids("spans", candidates)
            self._replace_candidate(candidates, actor_id, None)
            self.db.execute("DELETE FROM actors WHERE id = ?", [actor_id])
            rec.result = actor_id
        return rec.change  # type: ignore[return-value]

    # -- linking mentions -------------------------------------------------------------------

    def link_mention(
        self, span_id: int, actor_id: int | None, *, annotator: str | None = None
    ) -> Change:
        """Link a span to an actor, or unlink it (``actor_id`` None)."""
        span = self._span(span_id)
        text = _clean(span.text)
        if actor_id is not None:
            actor = self._actor(actor_id)
            description = f"Link “{text}” to {actor.name}"
        else:
            old = self._actor_name(span.actor_id)
            description = f"Unlink “{text}” from {old}" if old else f"Unlink “{text}”"
        now = utc_now()
        with self._recording(span.doc_id, description) as rec:
            self._register(annotator, now)
            rec.watch_ids("spans", [span_id])
            if span.actor_id != actor_id:
                self._link_spans([span_id], actor_id, annotator, now)
            rec.result = actor_id
        return rec.change  # type: ignore[return-value]

    def link_alias_mentions(
        self,
        actor_id: int,
        texts: Iterable[str] | None = None,
        *,
        annotator: str | None = None,
    ) -> Change:
        """Link every unlinked, unrejected span in the corpus that reads as the actor's name or
        an alias (or as one of ``texts``) to the actor, in one step; ``result`` is how many."""
        actor = self._actor(actor_id)
        forms = [actor.name, *actor.aliases] if texts is None else [_clean(t) for t in texts]
        shown: dict[str, str] = {}
        for form in forms:
            if fold_form(form):
                shown.setdefault(fold_form(form), form)
        now = utc_now()
        with self._recording(None, f"Link mentions to {actor.name}") as rec:
            self._register(annotator, now)
            found = self._unlinked_span_ids(shown)
            ids = [span_id for span_id, _key in found]
            matched = {key for _span_id, key in found}
            rec.watch("spans", f"id IN {_JSON_IDS}", [json.dumps(ids)])
            self._link_spans(ids, actor_id, annotator, now)
            words = _quoted(shown[k] for k in shown if k in matched) or _quoted(shown.values())
            rec.description = f"Link {plural(len(ids), 'mention')} of {words} to {actor.name}"
            rec.result = len(ids)
        return rec.change  # type: ignore[return-value]

    # -- merging ----------------------------------------------------------------------------

    def merge_actors(self, keep_id: int, drop_id: int, *, annotator: str | None = None) -> Change:
        """Fold actor ``drop_id`` into ``keep_id`` and delete it.

        Every mention, event argument, claimant, claim target and relation of the dropped
        actor moves to the kept one; its name and aliases become aliases; external ids are
        merged with the kept actor's value winning, each conflict named in the description
        and listed in the change's ``result``; type, country and attributes fill what the
        kept actor lacks. Actors carry no annotator column: ``annotator`` is registered.
        """
        if keep_id == drop_id:
            raise CurationError(f"actor {keep_id} cannot be merged into itself")
        keep, drop = self._actor(keep_id), self._actor(drop_id)
        taken = {fold_form(form) for form in [keep.name, *keep.aliases]}
        added = []
        for form in [drop.name, *drop.aliases]:
            if fold_form(form) not in taken:
                taken.add(fold_form(form))
                added.append(_clean(form))
        ids = {**drop.external_ids, **keep.external_ids}
        conflicts = [
            f"{key}: kept {keep.external_ids[key]}, dropped {value}"
            for key, value in sorted(drop.external_ids.items())
            if key in keep.external_ids and keep.external_ids[key] != value
        ]
        attributes = {**drop.attributes, **keep.attributes}
        metonyms = [
            m
            for m in (keep.attributes.get("metonyms"), drop.attributes.get("metonyms"))
            if isinstance(m, list)
        ]
        if metonyms:
            attributes["metonyms"] = list(dict.fromkeys(m for group in metonyms for m in group))
        description = f"Merge {drop.name} into {keep.name}"
        if conflicts:
            description += f" ({'; '.join(conflicts)})"
        now = utc_now()
        pair = [keep_id, drop_id]
        with self._recording(None, description) as rec:
            self._register(annotator, now)
            # Each scope lists both ids: it holds the rows before (on either) and after (on keep).
            rec.watch_ids("actors", pair)
            rec.watch("actor_aliases", "actor_id IN (?, ?)", pair)
            rec.watch("spans", "actor_id IN (?, ?)", pair)
            candidates = self._candidate_spans(drop_id)
            rec.watch_ids("spans", candidates)
            rec.watch("event_arguments", "actor_id IN (?, ?)", pair)
            rec.watch("claims", "claimant_actor_id IN (?, ?)", pair)
            rec.watch("claim_targets", "actor_id IN (?, ?)", pair)
            rec.watch("relations", _ACTOR_RELATIONS, pair * 2)
            self.db.execute(
                """UPDATE actors SET type = coalesce(type, ?), country = coalesce(country, ?),
                       external_ids = ?, attributes = ?, updated_at = ? WHERE id = ?""",
                [drop.type, drop.country, _dumps(ids), _dumps(attributes), now, keep_id],
            )
            self._insert_aliases(keep_id, added)
            self._move_references(keep_id, drop_id, now)
            self._replace_candidate(candidates, drop_id, keep_id)
            self.db.execute("DELETE FROM actors WHERE id = ?", [drop_id])
            rec.result = conflicts
        return rec.change  # type: ignore[return-value]

    def _move_references(self, keep_id: int, drop_id: int, now: str) -> None:
        """Point everything at ``drop_id`` to ``keep_id``, leaving no duplicate behind."""
        self.db.execute(
            "UPDATE spans SET actor_id = ?, updated_at = ? WHERE actor_id = ?",
            [keep_id, now, drop_id],
        )
        # An event whose role already holds the kept actor would hold it twice.
        self.db.execute(
            """DELETE FROM event_arguments WHERE actor_id = :drop AND EXISTS (
                   SELECT 1 FROM event_arguments k WHERE k.actor_id = :keep
                   AND k.event_id = event_arguments.event_id AND k.role = event_arguments.role
                   AND k.span_id IS event_arguments.span_id
                   AND k.value IS event_arguments.value)""",
            {"keep": keep_id, "drop": drop_id},
        )
        self.db.execute(
            "UPDATE event_arguments SET actor_id = ? WHERE actor_id = ?", [keep_id, drop_id]
        )
        self.db.execute(
            "UPDATE claims SET claimant_actor_id = ?, updated_at = ? WHERE claimant_actor_id = ?",
            [keep_id, now, drop_id],
        )
        self.db.execute(
            """DELETE FROM claim_targets WHERE actor_id = ? AND claim_id IN (
                   SELECT claim_id FROM claim_targets WHERE actor_id = ?)""",
            [drop_id, keep_id],
        )
        self.db.execute(
            "UPDATE claim_targets SET actor_id = ? WHERE actor_id = ?", [keep_id, drop_id]
        )
        self._move_relations(keep_id, drop_id, now)

    def _move_relations(self, keep_id: int, drop_id: int, now: str) -> None:
        # A relation between the two actors would become one from the actor to itself, and one
        # the kept actor already has would be doubled: both are dropped instead of moved.
        rows = self.db.execute(
            f"""SELECT id, doc_id, head_kind, head_id, child_kind, child_id, label
                FROM relations WHERE {_ACTOR_RELATIONS} ORDER BY id""",
            [keep_id, drop_id] * 2,
        ).fetchall()

        def moved(kind: str, node: int) -> int:
            return keep_id if kind == "actor" and node == drop_id else node

        touches = [r for r in rows if _on(r, drop_id)]
        seen = {tuple(r[1:]) for r in rows if r not in touches}
        for rel_id, doc_id, head_kind, head_id, child_kind, child_id, label in touches:
            new = (doc_id, head_kind, moved(head_kind, head_id), child_kind)
            new += (moved(child_kind, child_id), label)
            loop = head_kind == child_kind == "actor" and new[2] == new[4]
            if loop or new in seen:
                self.db.execute("DELETE FROM relations WHERE id = ?", [rel_id])
                continue
            seen.add(new)
            self.db.execute(
                "UPDATE relations SET head_id = ?, child_id = ?, updated_at = ? WHERE id = ?",
                [new[2], new[4], now, rel_id],
            )

    # -- CSV --------------------------------------------------------------------------------

    def export_actors_csv(self, path: str | os.PathLike[str], *, bom: bool = False) -> int:
        """Write the registry as CSV (RFC 4180, UTF-8, a byte-order mark for Excel if asked);
        returns how many actors were written. Columns: :data:`CSV_COLUMNS`."""
        path = Path(path)
        kinds = self.project_schema().actor_kinds
        records = self._records(f"{_SELECT_ACTORS} ORDER BY id", [])
        # Written beside the target and moved over it: a failed export leaves no half file.
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(
                temporary, "w", encoding="utf-8-sig" if bom else "utf-8", newline=""
            ) as handle:
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerow(CSV_COLUMNS)
                for record in records:
                    writer.writerow(_csv_row(record, kinds))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return len(records)

    def import_actors_csv(self, path: str | os.PathLike[str]) -> ActorImportReport:
        """Create or update actors from a CSV file (as :meth:`export_actors_csv` writes it;
        only ``name`` is required, other columns may be left out).

        A row updates the actor with its id and the same name, else the one with its Wikidata
        id, else the one with its name (ignoring case), else creates one (with the row's id
        when that is free). A column the file has sets that field, empty cells clearing it;
        a column it lacks leaves the field alone. Rows with a bad value are skipped and
        listed in the report's ``problems``; the rest are imported in one transaction, one
        undo step (``report.change``, whose ``result`` lists the new actors' ids). A file that
        cannot be read at all (not UTF-8, no name column) raises ActorFileError and imports
        nothing.
        """
        path = Path(path)
        header, rows = _read_csv(path)
        kinds = self.project_schema().actor_kinds
        now = utc_now()
        with self._recording(None, f"Import actors from {path.name}") as rec:
            # Planned inside the transaction: a worker's edit cannot slip in between.
            plan = _ImportPlan(path.name, header, self._all_actors(), kinds)
            for line, cells in rows:
                plan.add(line, cells)
            created = [a for a in plan.actors.values() if a.id not in plan.before]
            updated = [
                a
                for a in plan.actors.values()
                if a.id in plan.before and not a.same_as(plan.before[a.id])
            ]
            scope = json.dumps(sorted(a.id for a in [*created, *updated]))
            rec.watch("actors", f"id IN {_JSON_IDS}", [scope])
            rec.watch("actor_aliases", f"actor_id IN {_JSON_IDS}", [scope])
            for actor in created:
                self.db.execute(
                    """INSERT INTO actors (id, name, type, country, external_ids, attributes,
                           created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                    [*_actor_values(actor), now, now],
                )
            for actor in updated:
                self.db.execute(
                    """UPDATE actors SET name = ?, type = ?, country = ?, external_ids = ?,
                           attributes = ?, updated_at = ? WHERE id = ?""",
                    [*_actor_values(actor)[1:], now, actor.id],
                )
            self.db.execute(f"DELETE FROM actor_aliases WHERE actor_id IN {_JSON_IDS}", [scope])
            for actor in [*created, *updated]:
                self._insert_aliases(actor.id, actor.aliases)
            rec.description += f": {len(created)} created, {len(updated)} updated"
            rec.result = [a.id for a in created]
        return ActorImportReport(
            str(path),
            created=len(created),
            updated=len(updated),
            unchanged=len(plan.matched - {a.id for a in updated}),
            problems=plan.problems,
            change=rec.change,  # type: ignore[arg-type]
        )

    # -- helpers ----------------------------------------------------------------------------

    def _register_fold(self) -> None:
        # Registered per call: cheap, and a Store's connection may be replaced by a test.
        self.db.conn.create_function(_FOLD_FUNCTION, 1, _sql_fold, deterministic=True)

    def _unlinked_span_ids(self, texts: Iterable[str]) -> list[tuple[int, str]]:
        """(id, folded text) of the unlinked, unrejected spans reading as one of ``texts``."""
        keys = sorted({fold_form(t) for t in texts} - {""})
        if not keys:
            return []
        self._register_fold()
        # One statement; SQLite reads the unlinked spans through the spans_actor index. The
        # length test spares most spans the call into Python (folding never lengthens a text).
        sql = f"""SELECT id, {_FOLD_FUNCTION}(text) AS folded FROM spans
                  WHERE actor_id IS NULL AND status != 'rejected' AND length(text) >= ?
                  AND {_FOLD_FUNCTION}(text) IN (SELECT value FROM json_each(?)) ORDER BY id"""
        shortest = min(len(k) for k in keys)
        return [(row[0], row[1]) for row in self.db.execute(sql, [shortest, json.dumps(keys)])]

    def _link_spans(
        self, span_ids: Sequence[int], actor_id: int | None, annotator: str | None, now: str
    ) -> None:
        # The curator who links a mention is the last to have decided about that span.
        self.db.execute(
            f"""UPDATE spans SET actor_id = ?, annotator = coalesce(?, annotator),
                    updated_at = ? WHERE id IN {_JSON_IDS}""",
            [actor_id, annotator, now, json.dumps(list(span_ids))],
        )

    def _insert_aliases(self, actor_id: int, aliases: Sequence[str]) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO actor_aliases (actor_id, alias) VALUES (?, ?)",
            [(actor_id, alias) for alias in aliases],
        )

    def _delete_aliases(self, actor_id: int, aliases: Sequence[str]) -> None:
        self.db.conn.executemany(
            "DELETE FROM actor_aliases WHERE actor_id = ? AND alias = ?",
            [(actor_id, alias) for alias in aliases],
        )

    def _records(self, sql: str, params: Sequence[Any]) -> list[ActorRecord]:
        rows = self.db.execute(sql, list(params)).fetchall()
        scope = json.dumps([row[0] for row in rows])
        aliases: dict[int, list[str]] = {}
        for actor_id, alias in self.db.execute(
            f"""SELECT actor_id, alias FROM actor_aliases WHERE actor_id IN {_JSON_IDS}
                ORDER BY actor_id, alias COLLATE NOCASE, alias""",
            [scope],
        ):
            aliases.setdefault(actor_id, []).append(alias)
        counts = dict(
            self.db.execute(
                f"""SELECT actor_id, count(*) FROM spans WHERE actor_id IN {_JSON_IDS}
                    AND status IN {_LIVE} GROUP BY actor_id""",
                [scope],
            ).fetchall()
        )
        return [
            ActorRecord(
                id=row[0],
                name=row[1],
                type=row[2],
                country=row[3],
                aliases=tuple(aliases.get(row[0], ())),
                external_ids=json.loads(row[4] or "{}"),
                attributes=json.loads(row[5] or "{}"),
                mention_count=int(counts.get(row[0], 0)),
            )
            for row in rows
        ]

    def _actor(self, actor_id: int) -> _Actor:
        actors = self._all_actors(actor_id)
        if not actors:
            raise UnknownActorError(f"actor {actor_id} is not in the registry")
        return actors[actor_id]

    def _all_actors(self, actor_id: int | None = None) -> dict[int, _Actor]:
        where, params = ("WHERE id = ?", [actor_id]) if actor_id is not None else ("", [])
        actors = {
            row[0]: _Actor(
                row[0],
                row[1],
                row[2],
                row[3],
                json.loads(row[4] or "{}"),
                json.loads(row[5] or "{}"),
                [],
            )
            for row in self.db.execute(f"{_SELECT_ACTORS} {where} ORDER BY id", params)
        }
        alias_where = "WHERE actor_id = ?" if actor_id is not None else ""
        for owner, alias in self.db.execute(
            f"SELECT actor_id, alias FROM actor_aliases {alias_where} ORDER BY rowid", params
        ):
            if owner in actors:
                actors[owner].aliases.append(alias)
        return actors

    def _actor_name(self, actor_id: int | None) -> str | None:
        if actor_id is None:
            return None
        row = self.db.execute("SELECT name FROM actors WHERE id = ?", [actor_id]).fetchone()
        return row[0] if row else None

    def _actors_with_form(self, form: str) -> list[tuple[int, str]]:
        """(id, name) of the actors whose name or an alias reads as ``form``, by id."""
        self._register_fold()
        sql = f"""SELECT id, name FROM actors WHERE {_FOLD_FUNCTION}(name) = :key
                  OR id IN (SELECT actor_id FROM actor_aliases
                            WHERE {_FOLD_FUNCTION}(alias) = :key)
                  ORDER BY id"""
        return [(row[0], row[1]) for row in self.db.execute(sql, {"key": fold_form(form)})]

    def _span(self, span_id: int) -> _Span:
        row = self.db.execute(
            "SELECT id, doc_id, text, actor_id FROM spans WHERE id = ?", [span_id]
        ).fetchone()
        if row is None:
            raise CurationError(f"span {span_id} is no longer in the project")
        return _Span(*row)

    def _actor_uses(self, actor_id: int) -> list[str]:
        """What keeps an actor from being deleted, as counted phrases ("3 mentions")."""
        counts = self.db.execute(
            f"""SELECT
                  (SELECT count(*) FROM spans WHERE actor_id = :id AND status IN {_LIVE}),
                  (SELECT count(*) FROM event_arguments WHERE actor_id = :id),
                  (SELECT count(*) FROM claims WHERE claimant_actor_id = :id
                   OR id IN (SELECT claim_id FROM claim_targets WHERE actor_id = :id)),
                  (SELECT count(*) FROM relations WHERE {_ACTOR_RELATIONS_ONE})""",
            {"id": actor_id},
        ).fetchone()
        words = ("mention", "event argument", "claim", "relation")
        return [plural(n, word) for n, word in zip(counts, words, strict=True) if n]

    def _candidate_spans(self, actor_id: int) -> list[int]:
        """Ambiguous suggestions that list the actor among their candidates (the gazetteer
        puts them in ``attributes["actor_ids"]`` and leaves ``actor_id`` empty)."""
        sql = """SELECT id FROM spans WHERE actor_id IS NULL AND attributes LIKE '%"actor_ids"%'
                 AND EXISTS (SELECT 1 FROM json_each(spans.attributes, '$.actor_ids')
                             WHERE value = ?)"""
        return [row[0] for row in self.db.execute(sql, [actor_id])]

    def _replace_candidate(self, span_ids: Sequence[int], old: int, new: int | None) -> None:
        for span_id in span_ids:
            row = self.db.execute("SELECT attributes FROM spans WHERE id = ?", [span_id]).fetchone()
            attributes = json.loads(row[0])
            listed = [new if i == old else i for i in attributes.get("actor_ids") or []]
            attributes["actor_ids"] = [i for i in dict.fromkeys(listed) if i is not None]
            self.db.execute(
                "UPDATE spans SET attributes = ? WHERE id = ?", [_dumps(attributes), span_id]
            )


@contextmanager
def _field_errors(subject: str) -> Iterator[None]:
    """Turn a refused field value into a CurationError naming the record and the field."""
    try:
        yield
    except _Invalid as error:
        raise CurationError(f"{subject}: field {error.field}: {error.message}") from None


_SELECT_ACTORS = "SELECT id, name, type, country, external_ids, attributes FROM actors"
# A JSON array bound as one parameter: any number of ids, one statement, no variable limit.
_JSON_IDS = "(SELECT value FROM json_each(?))"
_ACTOR_RELATIONS = (
    "((head_kind = 'actor' AND head_id IN (?, ?)) OR (child_kind = 'actor' AND child_id IN (?, ?)))"
)
_ACTOR_RELATIONS_ONE = (
    "(head_kind = 'actor' AND head_id = :id) OR (child_kind = 'actor' AND child_id = :id)"
)


def _on(relation: Sequence[Any], actor_id: int) -> bool:
    return (relation[2] == "actor" and relation[3] == actor_id) or (
        relation[4] == "actor" and relation[5] == actor_id
    )


def _sql_fold(text: Any) -> str | None:
    return fold_form(text) if isinstance(text, str) else None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------


def _csv_row(record: ActorRecord, kinds: Mapping[str, int]) -> list[Any]:
    others = dict(record.external_ids)
    wikidata = others.pop("wikidata", "")
    return [
        record.id,
        record.name,
        record.type or "",
        kinds.get(record.type, "") if record.type else "",
        record.country or "",
        ALIAS_SEPARATOR.join(record.aliases),
        wikidata,
        _dumps(others) if others else "",
        record.mention_count,
        _dumps(record.attributes) if record.attributes else "",
    ]


def _actor_values(actor: _Actor) -> list[Any]:
    return [
        actor.id,
        actor.name,
        actor.type,
        actor.country,
        _dumps(actor.external_ids),
        _dumps(actor.attributes),
    ]


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-blank rows of a CSV file, each row with the line it starts on.

    Raises ActorFileError when the file cannot be read as CSV text at all.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ActorFileError(str(path), f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Find the line by decoding line by line: the first that fails is the one to fix.
        line = next(
            n
            for n, raw in enumerate(data.split(b"\n"), 1)
            if not _decodes(raw.removeprefix(b"\xef\xbb\xbf"))
        )
        raise ActorFileError(
            str(path),
            f"is not UTF-8 text (line {line}); save it as “CSV UTF-8”",
        ) from None
    first = text.lstrip("\r\n").split("\n", 1)[0]
    # Excel in many European locales separates with ";"; a tab-separated file works too.
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for cells in reader:
            line, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = cells
            else:
                rows.append((line, cells))
    except csv.Error as exc:
        raise ActorFileError(f"{path}:{last + 1}", f"cannot be read as CSV ({exc})") from None
    if header is None:
        raise ActorFileError(str(path), "is empty; its first line must name the columns")
    if "name" not in {cell.strip().lower() for cell in header}:
        raise ActorFileError(
            str(path),
            "has no name column; its first line must name the columns "
            f"({', '.join(CSV_COLUMNS)}; only name is required)",
        )
    return header, rows


def _decodes(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _ImportPlan:
    """The rows of an actor CSV applied to an in-memory copy of the registry.

    Nothing is written here: the registry edit compares ``actors`` with ``before`` afterwards
    and writes what differs, so a row can match an actor an earlier row created or renamed.
    """

    def __init__(
        self,
        source: str,
        header: Sequence[str],
        actors: dict[int, _Actor],
        kinds: Mapping[str, int],
    ):
        self.source = source
        self.width = len(header)
        self.columns: dict[str, int] = {}
        for index, name in enumerate(header):
            self.columns.setdefault(name.strip().lower(), index)
        self.kinds = kinds
        self.before = copy.deepcopy(actors)
        self.actors = actors
        self.problems: list[str] = []
        self.matched: set[int] = set()
        self.by_wikidata: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        for actor in actors.values():
            self._index(actor)
        self.next_id = max(actors, default=0) + 1

    def _index(self, actor: _Actor) -> None:
        self.by_name.setdefault(fold_form(actor.name), actor.id)
        wikidata = actor.external_ids.get("wikidata")
        if wikidata:
            self.by_wikidata.setdefault(wikidata, actor.id)

    def _has(self, column: str) -> bool:
        return column in self.columns

    def add(self, line: int, cells: Sequence[str]) -> None:
        """Apply one row, or record its problems and skip it."""
        row = _Row(self, cells)
        if len(cells) > self.width and any(cell.strip() for cell in cells[self.width :]):
            row.fail("-", f"has {len(cells)} fields but the first line names {self.width} columns")
        values = row.values()
        if row.errors:
            self.problems += [
                f"{self.source}:{line}: " + (f"column {column}: " if column != "-" else "") + msg
                for column, msg in row.errors
            ]
            return
        actor = self._match(values)
        self._apply(actor, values)
        self._index(actor)

    def _match(self, values: dict[str, Any]) -> _Actor:
        name_key = fold_form(values["name"])
        row_id = values.get("id")
        wikidata = values["wikidata"] or values["external_ids"].get("wikidata")
        if row_id in self.actors and fold_form(self.actors[row_id].name) == name_key:
            found = row_id
        elif wikidata and wikidata in self.by_wikidata:
            found = self.by_wikidata[wikidata]
        else:
            found = self.by_name.get(name_key)
        if found is not None:
            if found in self.before:
                self.matched.add(found)
            return self.actors[found]
        new_id = row_id if row_id is not None and row_id not in self.actors else self.next_id
        self.next_id = max(self.next_id, new_id + 1)
        actor = _Actor(new_id, values["name"], None, None, {}, {}, [])
        self.actors[new_id] = actor
        return actor

    def _apply(self, actor: _Actor, values: dict[str, Any]) -> None:
        name, renamed = values["name"], values["name"] != actor.name
        old_key = fold_form(actor.name)
        if old_key != fold_form(name) and self.by_name.get(old_key) == actor.id:
            del self.by_name[old_key]
        actor.name = name
        for column in ("type", "country"):
            if self._has(column):
                setattr(actor, column, values[column])
        ids = dict(actor.external_ids)
        if self._has("external_ids"):
            others = values["external_ids"]
            if "wikidata" in ids and "wikidata" not in others:
                others = {**others, "wikidata": ids["wikidata"]}
            ids = others
        if self._has("wikidata"):
            ids.pop("wikidata", None)
            if values["wikidata"]:
                ids["wikidata"] = values["wikidata"]
        old_wikidata = actor.external_ids.get("wikidata")
        if (
            old_wikidata != ids.get("wikidata")
            and self.by_wikidata.get(old_wikidata or "") == actor.id
        ):
            del self.by_wikidata[old_wikidata or ""]
        actor.external_ids = ids
        if self._has("attributes"):
            actor.attributes = values["attributes"]
        if self._has("aliases"):
            listed = values["aliases"]
            # A cell listing what is stored leaves it be, repeats and all.
            if sorted(set(listed)) != sorted(set(actor.aliases)):
                actor.aliases = _distinct_aliases(name, listed)
            actor.attributes = _pruned_metonyms(actor.attributes, actor.aliases)
        elif renamed:
            key = fold_form(name)
            actor.aliases = [a for a in actor.aliases if fold_form(a) != key]


class _Row:
    """One CSV row's cells read and checked column by column; ``errors`` lists what failed."""

    def __init__(self, plan: _ImportPlan, cells: Sequence[str]):
        self.plan = plan
        self.cells = cells
        self.errors: list[tuple[str, str]] = []

    def fail(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    def cell(self, column: str) -> str:
        index = self.plan.columns.get(column)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index].strip()

    def check(self, column: str, check: Any, *args: Any) -> Any:
        try:
            return check(*args)
        except _Invalid as error:
            self.fail(column, error.message)
            return None

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {"name": _clean(self.cell("name"))}
        if not values["name"]:
            self.fail("name", "is empty (every actor needs a name)")
        raw_id = self.cell("id")
        if raw_id:
            if raw_id.isdigit() and int(raw_id) > 0:
                values["id"] = int(raw_id)
            else:
                self.fail("id", f"{raw_id!r} is not an actor id (a whole number above 0)")
        values["type"] = self.check("type", checked_kind, self.cell("type"), self.plan.kinds)
        values["country"] = self.check("country", checked_country, self.cell("country"))
        values["wikidata"] = self.check("wikidata", checked_wikidata, self.cell("wikidata"))
        values["aliases"] = [
            alias for part in self.cell("aliases").split("|") if (alias := _clean(part))
        ]
        others = self.json_object("external_ids")
        values["external_ids"] = self.check("external_ids", checked_external_ids, others) or {}
        values["attributes"] = self.json_object("attributes")
        return values

    def json_object(self, column: str) -> dict[str, Any]:
        text = self.cell(column)
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError as exc:
            self.fail(column, f"is not JSON ({exc})")
            return {}
        if not isinstance(value, dict):
            self.fail(column, f"must be a JSON object {{...}}, not {type(value).__name__}")
            return {}
        return value
