"""Finding where token patterns match, as spaCy's ``Matcher`` does, at a fraction of its cost.

The event lexicon has about ninety patterns; spaCy's Matcher tries every one at every token and
cost as much time as parsing the article. Most of the lexicon is single tokens ("airstrike",
"shell" as a verb): those are array look-ups over the whole Doc at once. The longer patterns
still go to spaCy's Matcher, but only over windows around the words they name, since a match
must contain one of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

Pattern = list[dict[str, Any]]
# Token attributes a single-token pattern may test for the array look-up.
_ARRAY_ATTRS = ("LEMMA", "LOWER", "ORTH", "POS", "TAG")
_WORD_ATTRS = ("LEMMA", "LOWER", "ORTH", "TEXT")


def repeats(op: str | None) -> tuple[int, int | None]:
    """How many tokens a pattern token with this operator covers: (at least, at most)."""
    if op is None or op == "!":
        return 1, 1  # "!" still consumes one token, one that must not match
    fixed = {"?": (0, 1), "*": (0, None), "+": (1, None)}
    if op in fixed:
        return fixed[op]
    low, comma, high = op.strip("{}").partition(",")  # "{n}", "{n,m}", "{,m}", "{n,}"
    least = int(low or 0)
    if not comma:
        return least, least
    return least, int(high) if high else None


def _values(spec: Any) -> list[str] | None:
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict) and set(spec) == {"IN"}:
        return list(spec["IN"])
    return None


class TriggerMatcher:
    """Matches keyed token patterns in a Doc, returning what spaCy's Matcher would.

    Results are ``(key hash, start, end)`` sorted by start, end and the order the keys were
    added, so that where two keys match the same tokens the first added comes first, as with
    the Matcher. Threading: read-only after construction; one instance serves every Doc.
    """

    def __init__(self, vocab: Vocab, keyed_patterns: Sequence[tuple[str, Sequence[Pattern]]]):
        from spacy.matcher import Matcher

        self._order: dict[int, int] = {}
        self._single: list[tuple[int, list[tuple[int, Any]]]] = []
        self._matcher = Matcher(vocab)
        longer: list[Pattern] = []
        for index, (key, patterns) in enumerate(keyed_patterns):
            key_hash = vocab.strings.add(key)
            self._order[key_hash] = index
            rest = []
            for pattern in patterns:
                tests = self._array_tests(vocab, pattern)
                if tests is None:
                    rest.append(pattern)
                else:
                    self._single.append((key_hash, tests))
            if rest:
                self._matcher.add(key, rest)
                longer.extend(rest)
        self._anchors = self._anchor_words(vocab, longer) if longer else None
        self._has_longer = bool(longer)
        self._index_single()

    def _index_single(self) -> None:
        """Index one-token patterns by the words they name, so a Doc needs one array test.

        ``_by_word`` maps a word's hash to the patterns naming it; patterns that name no word
        (only a part of speech, say) are tested on every token instead.
        """
        import numpy

        self._by_word: dict[int, list[tuple[int, list[tuple[int, frozenset[int]]]]]] = {}
        self._wordless: list[tuple[int, list[tuple[int, Any]]]] = []
        word_columns = {_ARRAY_ATTRS.index(attr) for attr in ("LEMMA", "LOWER", "ORTH")}
        for key_hash, tests in self._single:
            as_sets = [(column, frozenset(allowed.tolist())) for column, allowed in tests]
            named = [allowed for column, allowed in as_sets if column in word_columns]
            if not named:
                self._wordless.append((key_hash, tests))
                continue
            for word in min(named, key=len):
                self._by_word.setdefault(word, []).append((key_hash, as_sets))
        self._single_words = numpy.array(sorted(self._by_word), dtype="uint64")

    @staticmethod
    def _array_tests(vocab: Vocab, pattern: Pattern) -> list[tuple[int, Any]] | None:
        """(column, allowed values) tests for a one-token pattern; None if it needs the Matcher."""
        import numpy
        from spacy.parts_of_speech import IDS as POS_IDS

        if len(pattern) != 1 or "OP" in pattern[0] or not pattern[0]:
            return None
        tests = []
        for attr, spec in pattern[0].items():
            values = _values(spec)
            if attr not in _ARRAY_ATTRS or values is None:
                return None
            if attr == "POS":
                ids = [POS_IDS[v] for v in values if v in POS_IDS]
            else:
                ids = [vocab.strings.add(v) for v in values]
            tests.append((_ARRAY_ATTRS.index(attr), numpy.array(ids, dtype="uint64")))
        return tests

    @staticmethod
    def _anchor_words(vocab: Vocab, patterns: list[Pattern]) -> Any:
        """Where to look for each longer pattern: its most specific required token's words.

        Returns ``(hashes, before, after)``: sorted word hashes and, for each, how many tokens
        a match may reach before and after a token with that word; None when some pattern
        names no required word or may repeat a token without bound (look everywhere then).
        """
        import numpy

        reach: dict[int, tuple[int, int]] = {}
        for pattern in patterns:
            spans = [repeats(token.get("OP")) for token in pattern]
            if any(most is None for _least, most in spans):
                return None
            choice = None
            for index, token in enumerate(pattern):
                least, _most = spans[index]
                if least == 0 or token.get("OP") == "!":
                    continue  # optional or negated: says nothing a match must contain
                words = [w for attr in _WORD_ATTRS for w in _values(token.get(attr)) or ()]
                if words and (choice is None or len(words) < len(choice[1])):
                    choice = (index, words)
            if choice is None:
                return None
            index, words = choice
            before = sum(most for _least, most in spans[:index])  # type: ignore[misc]
            after = sum(most for _least, most in spans[index + 1 :])  # type: ignore[misc]
            for form in {f for word in words for f in (word, word.lower())}:
                key = vocab.strings.add(form)
                old_before, old_after = reach.get(key, (0, 0))
                reach[key] = (max(old_before, before), max(old_after, after))
        hashes = numpy.array(sorted(reach), dtype="uint64")
        before_arr = numpy.array([reach[int(h)][0] for h in hashes], dtype="int64")
        after_arr = numpy.array([reach[int(h)][1] for h in hashes], dtype="int64")
        return hashes, before_arr, after_arr

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        import numpy

        columns = doc.to_array(list(_ARRAY_ATTRS))
        found: list[tuple[int, int, int]] = []
        word_columns = [_ARRAY_ATTRS.index(a) for a in ("LEMMA", "LOWER", "ORTH")]
        candidates = numpy.isin(columns[:, word_columns], self._single_words).any(axis=1)
        for i in numpy.flatnonzero(candidates).tolist():
            row = columns[i].tolist()
            tried: set[int] = set()
            for word in {row[column] for column in word_columns}:
                for key_hash, tests in self._by_word.get(word, ()):
                    if id(tests) in tried:
                        continue
                    tried.add(id(tests))
                    if all(row[column] in allowed for column, allowed in tests):
                        found.append((key_hash, i, i + 1))
        for key_hash, tests in self._wordless:
            mask = numpy.ones(len(doc), dtype=bool)
            for column, allowed in tests:
                mask &= numpy.isin(columns[:, column], allowed)
            found.extend((key_hash, i, i + 1) for i in numpy.flatnonzero(mask).tolist())
        if self._has_longer:
            found.extend(self._longer_matches(doc, columns))
        found.sort(key=lambda m: (m[1], m[2], self._order[m[0]]))
        return found

    def _longer_matches(self, doc: Doc, columns: Any) -> list[tuple[int, int, int]]:
        import numpy

        if self._anchors is None:
            return list(self._matcher(doc))
        hashes, before, after = self._anchors
        low = numpy.full(len(doc), len(doc), dtype="int64")
        high = numpy.zeros(len(doc), dtype="int64")
        for attr in ("LEMMA", "LOWER"):
            values = columns[:, _ARRAY_ATTRS.index(attr)]
            where = numpy.searchsorted(hashes, values).clip(0, len(hashes) - 1)
            hit = hashes[where] == values
            positions = numpy.flatnonzero(hit)
            low[positions] = numpy.minimum(low[positions], positions - before[where[hit]])
            high[positions] = numpy.maximum(high[positions], positions + after[where[hit]] + 1)
        windows: list[list[int]] = []
        for i in numpy.flatnonzero(high).tolist():
            start, end = max(0, int(low[i])), min(len(doc), int(high[i]))
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        return [
            (key, start + begin, start + finish)
            for start, end in windows
            for key, begin, finish in self._matcher(doc[start:end])
        ]
