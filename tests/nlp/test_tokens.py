"""Snapping selections to tokens: what a curator gets, and the same tokens as the whole text."""

from __future__ import annotations

import random
import threading

import pytest

from newsmark.nlp import tokens
from newsmark.nlp.tokens import default_tokenizer, snap_span, token_bounds, warm_up

TEXTS = {
    "news": (
        "KARSH, March 3 (Reuters) - U.S.-backed forces said on Tuesday they had retaken the "
        "well-known market town, where 1,200 people live.\n\n“We don't negotiate with "
        'terrorists,” Gen. Ali Hassan told reporters at 3p.m. local time; "never", he added. '
        "Officials didn't say how many died.\u00a0More: "
        "https://example.com/news/karsh-2024?id=7&x=y "
        "or e-mail press@example.org. Prices rose 50% to $1.2bn — a record… (AFP)"
    ),
    "quotes and contractions": (
        "'It's over,' she said. \"I can't believe it's 2024's worst.\" He'd've gone; "
        "y'all won't. The players' union (NFLPA) and the U.K.'s ministry—both—agreed. "
        "Rock 'n' roll, ol' man, 'cause ’twas the boss’s call."
    ),
    "non-BMP": (
        '🎉 Party in 𝔸thens🎉 tonight! 𝔸𝔹ℂ news: 👍🏽 fans (🇺🇸 and 🇬🇷) sang "𝔾lory" — '
        "e-mail 𝕩@𝕪.com 🎉🎉 end."
    ),
    "layout": (
        "  Headline\tline\n\n\n   Body  text   with\u2003odd\u00a0\u00a0spacing,"
        "numbers 3.14, 10,000.5 and -7; dates 2024-03-01, 03/01/2024.\r\nEnd. "
    ),
    # Emoticon-like punctuation on both sides of spaces: spaCy's special-case matcher runs over
    # the whole doc's tokens and here splits ":(" , which a chunk tokenized alone keeps whole.
    "special cases across spaces": "m( :(s) and he:) )m’D and ' 's*'' and ) :(s p :-( ( ( (:",
}


def full_tokens(text, tokenizer):
    return [(t.idx, t.idx + len(t)) for t in tokenizer(text) if not t.is_space]


def expected_snap(text, start, end, tokenizer):
    """What snapping means, computed on the whole text with spaCy's own char_span."""
    start, end = sorted((min(max(start, 0), len(text)), min(max(end, 0), len(text))))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    span = tokenizer(text).char_span(start, end, alignment_mode="expand")
    return span.start_char, span.end_char


def selected(text, start, end, **kwargs):
    span = snap_span(text, start, end, **kwargs)
    return None if span is None else text[span[0] : span[1]]


def select(text, part, **kwargs):
    start = text.index(part)
    return selected(text, start, start + len(part), **kwargs)


class CountingTokenizer:
    """Wraps a tokenizer and counts the characters it was given."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.calls = 0
        self.chars = 0

    def __call__(self, text):
        self.calls += 1
        self.chars += len(text)
        return self.tokenizer(text)


@pytest.mark.parametrize(
    ("text", "part", "expected"),
    [
        ("They marched in London.", "ondon", "London"),
        ("They marched in London.", "Lond", "London"),
        ("Then the protest began.", "he protest", "the protest"),
        ("Then the protest began.", "he prot", "the protest"),
        ("Then the protest began.", "n the protest b", "Then the protest began"),
        ("the U.S.-backed forces", "S.-ba", "U.S.-backed"),
        ("the U.S.-backed forces", "cked for", "U.S.-backed forces"),
        ("a well-known town", "ell-kn", "well-known"),
        ("a well-known town", "now", "known"),
        ("They don't know.", "o", "do"),
        ("They don't know.", "'t", "n't"),
        ("They don't know.", "on't kn", "don't know"),
        ("about 1,200 people", ",2", "1,200"),
        ("see https://example.com/a-b?x=1 now", "example", "https://example.com/a-b?x=1"),
    ],
)
def test_partial_words_expand_to_whole_tokens(text, part, expected):
    assert select(text, part) == expected


@pytest.mark.parametrize(
    ("text", "part", "expected"),
    [
        ("They marched in London.", "ondo", "London"),
        ("(Reuters) reported", "euter", "Reuters"),
        ("protesters, police", "rotester", "protesters"),
        ("“We won,” he said", "We wo", "We won"),
        ('"never", he added', "eve", "never"),
        ("They marched in London.", "London.", "London."),
    ],
)
def test_punctuation_is_not_pulled_in(text, part, expected):
    assert select(text, part) == expected


def test_whitespace_and_newlines_are_trimmed():
    text = "Intro.\n\n  \u00a0London\u2003is\t\n\nbig "
    start = text.index("\n")
    assert selected(text, start, text.index("is") + 4) == "London\u2003is"
    assert selected(text, start, len(text)) == "London\u2003is\t\n\nbig"
    assert selected(text, start + 1, text.index("ondon") + 3) == "London"


@pytest.mark.parametrize("exact", [False, True])
def test_whitespace_only_or_empty_selection_is_none(exact):
    text = "one \n\u00a0\t two"
    assert snap_span(text, 3, 8, exact=exact) is None
    assert snap_span(text, 8, 3, exact=exact) is None
    assert snap_span(text, 2, 2, exact=exact) is None
    assert snap_span("", 0, 0, exact=exact) is None
    assert snap_span("   ", 0, 3, exact=exact) is None


def test_exact_keeps_mid_word_offsets_but_trims():
    text = "They marched\n in London."
    start = text.index("rched\n in Lo")
    assert selected(text, start, start + 12, exact=True) == "rched\n in Lo"
    assert snap_span(text, start, start + 12, exact=True) == (start, start + 12)
    assert selected(text, start + 5, start + 12, exact=True) == "in Lo"
    assert selected(text, start + 6, start + 13, exact=True) == "in Lon"
    assert selected(text, start + 5, start + 12) == "in London"


def test_non_bmp_characters_keep_str_offsets():
    text = "🎉 Party in 𝔸thens🎉 tonight, 𝔸𝔹ℂ 👍🏽 news."
    start = text.index("thens")
    assert selected(text, start, start + 2) == "𝔸thens"
    assert snap_span(text, start, start + 2) == (start - 1, start + 5)
    assert (
        selected(text, text.index("arty"), text.index("tonig") + 2) == "Party in 𝔸thens🎉 tonight"
    )
    assert selected(text, text.index("𝔹"), text.index("news") + 2) == "𝔸𝔹ℂ 👍🏽 news"
    assert selected(text, text.index("𝔹"), text.index("news") + 2, exact=True) == "𝔹ℂ 👍🏽 ne"


def test_reversed_and_out_of_range_offsets():
    text = " They marched in London. "
    start, end = text.index("arch"), text.index("ondon")
    assert snap_span(text, end, start) == snap_span(text, start, end)
    assert selected(text, end, start) == "marched in London"
    assert selected(text, -10, 10_000) == "They marched in London."
    assert selected(text, 10_000, -10, exact=True) == "They marched in London."
    assert snap_span(text, 10_000, 20_000) is None
    assert snap_span(text, -5, -1) is None


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_snapping_agrees_with_tokenizing_the_whole_text(name):
    text = TEXTS[name]
    tokenizer = default_tokenizer()
    rng = random.Random(name)
    pairs = [(i, i + 1) for i in range(len(text))]
    pairs += [(i, i + rng.randint(2, 40)) for i in range(0, len(text), 3)]
    pairs += [tuple(rng.sample(range(-3, len(text) + 3), 2)) for _ in range(200)]
    for start, end in pairs:
        assert snap_span(text, start, end) == expected_snap(text, start, end, tokenizer), (
            start,
            end,
        )


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_token_bounds_are_the_whole_texts_tokens(name):
    text = TEXTS[name]
    whole = full_tokens(text, default_tokenizer())
    assert token_bounds(text, 0, len(text)) == whole
    rng = random.Random(name)
    for _ in range(200):
        start, end = sorted(rng.sample(range(len(text) + 1), 2))
        assert token_bounds(text, start, end) == [(a, b) for a, b in whole if a < end and b > start]
    assert token_bounds(text, 5, 5) == []


def test_the_margin_is_what_makes_special_cases_agree(monkeypatch):
    # Without chunks of context, the window tokenizer and the whole text disagree here.
    text = TEXTS["special cases across spaces"]
    tokenizer = default_tokenizer()
    colon = text.index(":(")
    assert expected_snap(text, colon, colon + 1, tokenizer) == (colon, colon + 1)
    assert snap_span(text, colon, colon + 1) == (colon, colon + 1)
    monkeypatch.setattr(tokens, "_CONTEXT_CHUNKS", 0)
    assert snap_span(text, colon, colon + 1) == (colon, colon + 2)


def test_pipeline_tokenizer_gives_the_same_tokens(nlp):
    for text in TEXTS.values():
        assert full_tokens(text, nlp.tokenizer) == full_tokens(text, default_tokenizer())
        for start in range(0, len(text), 7):
            assert snap_span(text, start, start + 5, tokenizer=nlp.tokenizer) == snap_span(
                text, start, start + 5
            )


def test_a_two_megabyte_article_is_tokenized_only_near_the_selection():
    paragraph = TEXTS["news"] + "\n\n" + TEXTS["quotes and contractions"] + "\n\n"
    text = paragraph * (2_000_000 // len(paragraph) + 1)
    assert len(text) > 2_000_000
    counter = CountingTokenizer(default_tokenizer())

    middle = text.index("well-known", len(text) // 2)
    span = snap_span(text, middle + 2, middle + 7, tokenizer=counter)
    assert text[span[0] : span[1]] == "well-known"
    assert 0 < counter.chars < 1_000

    # Selecting nearly everything still tokenizes only around the two ends.
    counter.calls = counter.chars = 0
    span = snap_span(text, 3, len(text) - 3, tokenizer=counter)
    assert span == (0, len(text) - 3)
    assert text[span[1] - 5 :].startswith(" call.")
    assert counter.calls == 2
    assert counter.chars < 2_000

    counter.chars = 0
    bounds = token_bounds(text, middle, middle + 20, tokenizer=counter)
    assert [text[a:b] for a, b in bounds] == ["well", "-", "known", "market", "town"]
    assert counter.chars < 1_000


def test_the_default_tokenizer_is_created_once_across_threads(monkeypatch):
    import spacy

    created = []
    real_blank = spacy.blank

    def counting_blank(lang):
        created.append(lang)
        return real_blank(lang)

    monkeypatch.setattr(spacy, "blank", counting_blank)
    monkeypatch.setattr(tokens, "_tokenizer", None)
    results = []
    start = threading.Barrier(8)

    def worker():
        start.wait()
        results.append(default_tokenizer())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert created == ["en"]
    assert len(results) == 8
    assert all(result is results[0] for result in results)
    warm_up()
    assert default_tokenizer() is results[0]
    assert created == ["en"]
