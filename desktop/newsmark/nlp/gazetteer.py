"""The actor gazetteer: finds registry actors' names and aliases in a document and links each
mention to its actor.

Matching works on a copy of the text in which every curly or odd apostrophe becomes ``'``, every
whitespace character a space and every non-breaking hyphen ``-``. Each of those replaces one
code point with one code point, so character offsets in the copy are offsets in the document;
and because registry aliases are normalised the same way, "Kata'ib" in the registry finds
"Kata’ib" in the text and the reverse, whatever spaCy's tokenizer makes of either.

Case: a single word of at most four characters ("US", "UN", "IS", "Iraq") must match exactly,
so "us", "un" and "is" are not actors; anything longer or of several words ignores case
("IRAQI FORCES", "Government Of Iraq"), except that a text written all in lowercase never
matches an alias that has capitals ("turkey", "china", "chad" are common words).

spaCy is imported inside functions only: importing this module is cheap.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsmark.nlp.candidates import SpanCandidate
from newsmark.nlp.doc_cache import doc_text, facts

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_ORIGIN = "rule:actor-gazetteer"
METONYM_LABEL = "GPE"
DEFAULT_LABEL = "ORG"
# Actor types whose mentions are not organisations; everything else is ORG.
_TYPE_LABELS = {"person": "PERSON"}
# An alias of a single word up to this long is matched case-sensitively.
CASE_SENSITIVE_MAX_CHARS = 4

_APOSTROPHES = "’‘ʼ′`´"
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(_APOSTROPHES, "'"))
_WHITESPACE = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)
_WHITESPACE += "\u2028\u2029\u202f\u205f\u3000"
_MATCH_TABLE = str.maketrans(
    {
        **dict.fromkeys(_APOSTROPHES, "'"),
        **dict.fromkeys(_WHITESPACE, " "),
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
    }
)


# What makes matching on the parsed Doc itself miss an alias: an odd apostrophe, hyphen or
# space inside a name, or a lone line break between two words of one ("United\nNations"). A
# line break next to a digit or punctuation, or a paragraph break, cannot split a registry
# name; texts with nothing else are matched without tokenising a normalised copy.
_NEEDS_COPY = re.compile(
    "[" + re.escape(_APOSTROPHES + _WHITESPACE.replace("\n", "") + "\u2010\u2011") + "]"
    r"|[^\W\d_]\n[^\W\d_]"
)


def normalise_apostrophes(text: str) -> str:
    """``text`` with ’ ‘ ʼ ′ ` ´ replaced by a straight apostrophe (same length)."""
    return text.translate(_APOSTROPHE_TABLE)


def _matching_text(text: str) -> str:
    # One code point for one code point: offsets stay valid (see the module docstring).
    return text.translate(_MATCH_TABLE)


def _normalise_alias(alias: str) -> str:
    return " ".join(_matching_text(alias).split())


def case_sensitive(alias: str) -> bool:
    """Whether ``alias`` must match exactly: a single word of at most four characters."""
    alias = _normalise_alias(alias)
    return len(alias) <= CASE_SENSITIVE_MAX_CHARS and " " not in alias


def alias_key(alias: str) -> str:
    """Two aliases with the same key match exactly the same text."""
    alias = _normalise_alias(alias)
    # str.lower, as spaCy's LOWER attribute does, so keys agree with what the matcher compares.
    return alias if case_sensitive(alias) else alias.lower()


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One surface form of one actor: what to look for, which actor, which span label."""

    actor_id: int
    alias: str
    label: str
    metonym: bool = False


# ---------------------------------------------------------------------------------------------
# The matcher
# ---------------------------------------------------------------------------------------------


class ActorGazetteer:
    """Finds registry actors' names and aliases in a parsed Doc (spaCy PhraseMatcher), linked
    to the actor.

    Longest match wins where matches overlap; a span that two actors share ("Congolese army")
    comes back once, without ``actor_id`` and with ``attributes["actor_ids"]`` listing both.
    A metonym inside a longer named entity the pipeline found ("America" in "Latin America",
    "Washington" in "Washington Post") is left out.

    Threading: build once per pipeline, then read-only; one instance per process. Calls
    tokenise a copy of the text with the pipeline's tokenizer, which adds strings to the shared
    vocab, so call it from the thread that runs that pipeline, like ``nlp`` itself.
    """

    def __init__(
        self,
        nlp: Language,
        entries: Iterable[GazetteerEntry],
        origin: str = DEFAULT_ORIGIN,
    ):
        from spacy.matcher import PhraseMatcher

        self.origin = origin
        # The tokenizer itself, not nlp.make_doc: a document parsed in pieces (over
        # nlp.max_length, see suggest.py) is longer than make_doc accepts.
        self._tokenize = nlp.tokenizer
        # Patterns are keyed by their token texts (exact or lowercased), so a match leads back
        # to its entries without a matcher key per alias in the shared string store.
        self._exact: dict[tuple[str, ...], list[GazetteerEntry]] = {}
        self._folded: dict[tuple[str, ...], list[GazetteerEntry]] = {}
        by_alias: dict[str, list[GazetteerEntry]] = {}
        for entry in entries:
            alias = _normalise_alias(entry.alias)
            if alias:
                by_alias.setdefault(alias, []).append(entry)
        texts = list(by_alias)
        tokenizer = nlp.tokenizer
        # Tokenizer.pipe: the whole registry (thousands of aliases) tokenises in milliseconds.
        pipe = getattr(tokenizer, "pipe", None)
        docs = pipe(texts) if pipe is not None else (nlp.make_doc(t) for t in texts)
        exact_patterns: dict[tuple[str, ...], Doc] = {}
        folded_patterns: dict[tuple[str, ...], Doc] = {}
        for text, pattern in zip(texts, docs, strict=True):
            if case_sensitive(text):
                key = tuple(t.orth_ for t in pattern)
                self._exact.setdefault(key, []).extend(by_alias[text])
                exact_patterns.setdefault(key, pattern)
            else:
                key = tuple(t.lower_ for t in pattern)
                self._folded.setdefault(key, []).extend(by_alias[text])
                folded_patterns.setdefault(key, pattern)
        self._exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._folded_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        if exact_patterns:
            self._exact_matcher.add("ACTOR", list(exact_patterns.values()))
        if folded_patterns:
            self._folded_matcher.add("ACTOR", list(folded_patterns.values()))

    def __len__(self) -> int:
        """Number of distinct patterns (aliases that match the same text count once)."""
        return len(self._exact) + len(self._folded)

    def __call__(self, doc: Doc) -> list[SpanCandidate]:
        """Actor mentions in ``doc``, by start offset; offsets index ``doc.text``."""
        if not len(self):
            return []
        from spacy.util import filter_spans

        text = doc_text(doc)
        mdoc = doc if not _NEEDS_COPY.search(text) else self._tokenize(_matching_text(text))
        entities = [(ent.start_char, ent.end_char) for ent in facts(doc).ents]
        entity_starts = [start for start, _end in entities]
        found: dict[tuple[int, int], list[GazetteerEntry]] = {}
        for matcher, index, folded in (
            (self._exact_matcher, self._exact, False),
            (self._folded_matcher, self._folded, True),
        ):
            for _key, start, end in matcher(mdoc):
                span = mdoc[start:end]
                covered = text[span.start_char : span.end_char]
                key = tuple((t.lower_ if folded else t.orth_) for t in span)
                for entry in index.get(key, ()):
                    if folded and _is_lowercase_use(entry.alias, covered):
                        continue
                    if entry.metonym and _inside_longer_entity(
                        span.start_char, span.end_char, entities, entity_starts
                    ):
                        continue
                    found.setdefault((start, end), []).append(entry)
        kept = filter_spans([mdoc[start:end] for start, end in found])
        candidates = [self._candidate(text, span, found[(span.start, span.end)]) for span in kept]
        return sorted(candidates, key=lambda c: (c.start, c.end))

    def _candidate(self, text: str, span: Any, entries: list[GazetteerEntry]) -> SpanCandidate:
        # One entry per actor, preferring the actor's non-metonym form of the same text.
        per_actor: dict[int, GazetteerEntry] = {}
        for entry in entries:
            held = per_actor.get(entry.actor_id)
            if held is None or (held.metonym and not entry.metonym):
                per_actor[entry.actor_id] = entry
        chosen = [per_actor[i] for i in sorted(per_actor)]
        first = chosen[0]
        attributes: dict[str, Any] = {"alias": first.alias}
        if all(e.metonym for e in chosen):
            attributes["metonym"] = True
        actor_id: int | None = first.actor_id
        if len(chosen) > 1:
            actor_id = None  # ambiguous: the curator picks; the candidates travel along
            attributes["actor_ids"] = [e.actor_id for e in chosen]
        start, end = span.start_char, span.end_char
        return SpanCandidate(
            start=start,
            end=end,
            label=first.label,
            text=text[start:end],
            origin=self.origin,
            actor_id=actor_id,
            attributes=attributes,
        )


def _is_lowercase_use(alias: str, covered: str) -> bool:
    return any(ch.isupper() for ch in alias) and not any(ch.isupper() for ch in covered)


def _inside_longer_entity(
    start: int, end: int, entities: list[tuple[int, int]], starts: list[int]
) -> bool:
    """Is [start, end) inside a longer one of ``entities`` (in order, never overlapping;
    ``starts`` their starts)? Only the last entity starting at or before ``start`` can hold it.
    """
    i = bisect_right(starts, start) - 1
    if i < 0:
        return False
    e_start, e_end = entities[i]
    return end <= e_end and (e_end - e_start) > (end - start)


# ---------------------------------------------------------------------------------------------
# From the registry
# ---------------------------------------------------------------------------------------------


def entries_from_actors(actors: Iterable[Mapping[str, Any]]) -> list[GazetteerEntry]:
    """Gazetteer entries for registry actors, as ``Store.list_actors`` returns them.

    Each actor is a mapping with ``id``, ``name``, ``type``, ``aliases`` (every surface form)
    and ``attributes`` (a dict or its JSON text). Aliases listed in
    ``attributes["metonyms"]`` (country and capital names used for a government) are metonyms
    labelled GPE; the name and other aliases are ORG, PERSON for a ``person`` actor, or
    ``attributes["label"]`` when set. Forms that would match the same text are given once.
    """
    entries: list[GazetteerEntry] = []
    for actor in actors:
        actor_id = int(actor["id"])
        attributes = actor.get("attributes") or {}
        if isinstance(attributes, str):
            attributes = json.loads(attributes or "{}")
        label = str(
            attributes.get("label") or _TYPE_LABELS.get(actor.get("type") or "", DEFAULT_LABEL)
        )
        metonyms = [m for m in attributes.get("metonyms") or () if isinstance(m, str)]
        metonym_keys = {alias_key(m) for m in metonyms}
        seen: set[str] = set()
        name = actor.get("name")
        forms: list[tuple[str, bool]] = []
        if isinstance(name, str):
            forms.append((name, False))  # the canonical name is never a metonym
        forms += [
            (alias, alias_key(alias) in metonym_keys)
            for alias in actor.get("aliases") or ()
            if isinstance(alias, str)
        ]
        forms += [(m, True) for m in metonyms]
        for alias, metonym in forms:
            key = alias_key(alias)
            if not key or key in seen:
                continue
            seen.add(key)
            entries.append(
                GazetteerEntry(
                    actor_id=actor_id,
                    alias=alias.strip(),
                    label=METONYM_LABEL if metonym else label,
                    metonym=metonym,
                )
            )
    return entries
