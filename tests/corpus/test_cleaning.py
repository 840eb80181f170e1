"""Boilerplate trimming: what goes, what stays, and that every removed piece is accounted for.

All articles here are invented, written in the style of scraped news pages.
"""

from __future__ import annotations

import re
from importlib import resources

import pytest

from newsmark.core.documents import normalize_text
from newsmark.corpus.cleaning import (
    MOJIBAKE_WARNING,
    CleanedText,
    boilerplate_reason,
    clean_article,
    strip_inline_markup,
)

BODY = (
    "Rockets struck the outskirts of Karsh on Sunday night, killing two farmers and wounding "
    "five, the provincial health office said in a statement issued on Monday morning."
)
BODY_2 = (
    "The Northern Front denied firing the rockets and accused the army of shelling its own "
    "positions to justify an offensive, a charge the defence ministry called absurd."
)
BODY_3 = (
    "Residents said dozens of families had left the villages east of the river overnight, "
    "and aid agencies warned that the only road to the district hospital was now cut."
)
BODY_4 = (
    "Governor Layla Mansour ordered an inquiry and said the results would be published "
    "within a week, while the army said it had sent reinforcements to the area."
)

NOTE = (
    "Note to readers: please click the share buttons above or below. "
    "Forward this article to your email lists."
)
BIO = (
    "Omar Khalil is a Karsh-based researcher who writes on the northern conflict. "
    "He is a frequent contributor to Crescent Review."
)
DISCLAIMER = (
    "Disclaimer: The contents of this article are of sole responsibility of the author(s). "
    "Crescent Review will not be responsible for any inaccurate statement in this article."
)
FAIR_USE = (
    "www.crescentreview.example contains copyrighted material the use of which has not "
    "always been specifically authorized by the copyright owner."
)
COOKIES = (
    "This website uses cookies to improve your experience. We'll assume you're ok with this, "
    "but you can opt-out if you wish. Accept Read More"
)

# Seed-style articles, one per header and footer form.
PLAIN_HEADER = f"""

Rockets hit Karsh as truce talks stall

Samira Haddad
31 December 2019

{BODY}

{BODY_2}

{BODY_3}



To contact the KNW and the
Karsh Press Union visit:

[knw.example/contact](https://www.knw.example/contact)
"""

GLUED_HEADER = f"""

Rockets hit Karsh as truce talks stall

Samira Haddad**3 March 2021**

{BODY}

{BODY_2}
"""

MARKDOWN_HEADER = f"""

# Rockets hit Karsh as truce talks stall

**Samira Haddad**\u0020\u0020
27 December 2013

{BODY} The *Karsh Ledger* [reported](https://ledger.example/a/1) that the strike cost \\$2 million.

{BODY_2}

To contact the KNW and the Karsh Press Union visit:

**[knw.example/contact](http://knw.example/contact)**
"""

RESEARCH_HEADER = f"""

Rockets hit Karsh: who gains from the escalation?

By [Omar Khalil](#)

Crescent Review, January 13, 2020

Region: [Middle East](#)

Theme: [Conflict Watch](#)

In-depth Report: [KARSH FILE](#), [TRUCE](#)

{BODY}

{BODY_2}

{BODY_3}

*

{NOTE}

{BIO}

Featured image is from Karsh Media Centre

The original source of this article is Crescent Review
Copyright © [Omar Khalil](#), Crescent Review, 2020

[Comment on Crescent Review Articles on our Facebook page](#)

[Become a Member of Crescent Review](#)

Articles by: [Omar Khalil](#)

{DISCLAIMER}
{FAIR_USE}

For media inquiries: press@crescentreview.example
"""

PORTAL_HEADER = f"""Home World Rockets hit Karsh as truce talks stall

Rockets hit Karsh as truce talks stall

by Karsh Finance
9 minutes read

{BODY}\u00a0

{BODY_2}

Smoke rises over the outskirts of Karsh on Sunday © Karsh Media Centre/AFP

{BODY_3}

{BODY_4}

Source link

You may also like

Leave a Comment

Karsh News: your window on the valley. Read us first, every morning, on every device.

Karsh News, A Media Company – All Right Reserved. Designed and Developed by Karsh Tech

{COOKIES}"""

ALL_FIXTURES = [PLAIN_HEADER, GLUED_HEADER, MARKDOWN_HEADER, RESEARCH_HEADER, PORTAL_HEADER]


def clean(text: str) -> CleanedText:
    return clean_article(normalize_text(text))


def paragraphs(result: CleanedText) -> list[str]:
    return result.text.split("\n\n")


def reasons(result: CleanedText) -> list[str]:
    return [removal.reason for removal in result.removals]


# ---------------------------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------------------------


def test_plain_header_is_kept_as_content():
    result = clean(PLAIN_HEADER)
    assert paragraphs(result)[:3] == [
        "Rockets hit Karsh as truce talks stall",
        "Samira Haddad\n31 December 2019",
        BODY,
    ]
    assert result.text.startswith("Rockets") and result.text.endswith(BODY_3)


def test_byline_glued_to_bold_date_is_unglued():
    result = clean(GLUED_HEADER)
    assert paragraphs(result)[1] == "Samira Haddad 3 March 2021"
    assert "*" not in result.text


def test_markdown_heading_bold_byline_and_inline_markup_are_unwrapped():
    result = clean(MARKDOWN_HEADER)
    assert paragraphs(result)[:2] == [
        "Rockets hit Karsh as truce talks stall",
        "Samira Haddad\n27 December 2013",
    ]
    assert paragraphs(result)[2] == (
        f"{BODY} The Karsh Ledger reported that the strike cost $2 million."
    )
    assert reasons(result) == ["contact notice", "site footer"]


def test_taxonomy_lines_go_but_byline_and_publisher_date_stay():
    result = clean(RESEARCH_HEADER)
    assert paragraphs(result)[:4] == [
        "Rockets hit Karsh: who gains from the escalation?",
        "By Omar Khalil",
        "Crescent Review, January 13, 2020",
        BODY,
    ]
    assert reasons(result)[:3] == ["header taxonomy"] * 3
    assert [r.line for r in result.removals[:3]] == [9, 11, 13]


def test_breadcrumb_and_reading_time_go():
    result = clean(PORTAL_HEADER)
    assert paragraphs(result)[:3] == [
        "Rockets hit Karsh as truce talks stall",
        "by Karsh Finance",
        BODY,
    ]
    assert result.removals[0].reason == "breadcrumb"
    assert result.removals[0].line == 1
    assert result.removals[1].text == "9 minutes read"
    assert result.removals[1].reason == "reading time"
    assert result.removals[1].line == 6


def test_reading_time_is_only_furniture_in_the_header():
    text = f"Title of the piece\n\n{BODY}\n\n5 min read\n\n{BODY_2}"
    assert "5 min read" in clean(text).text


# ---------------------------------------------------------------------------------------------
# Footers and boilerplate
# ---------------------------------------------------------------------------------------------


def test_contact_footer_and_its_link_are_cut():
    result = clean(PLAIN_HEADER)
    assert [(r.reason, r.line) for r in result.removals] == [
        ("contact notice", 16),
        ("site footer", 19),
    ]
    assert result.removals[0].text == "To contact the KNW and the\nKarsh Press Union visit:"
    assert result.removals[1].text == "[knw.example/contact](https://www.knw.example/contact)"


def test_research_site_footer_goes_but_author_bio_stays():
    result = clean(RESEARCH_HEADER)
    assert paragraphs(result)[-1] == BIO
    assert reasons(result)[3:] == [
        "separator",
        "share prompt",
        "image credit",
        "source notice",
        "site footer",
        "membership prompt",
        "author index",
        "disclaimer",
        "media contact",
    ]
    disclaimer = result.removals[-2]
    assert "contains copyrighted material" in disclaimer.text  # one removal per paragraph


def test_portal_footer_caption_and_cookie_banner_go():
    result = clean(PORTAL_HEADER)
    assert paragraphs(result)[-1] == BODY_4
    assert "\u00a0" not in result.text and f"{BODY}\n\n{BODY_2}" in result.text
    assert reasons(result)[2:] == [
        "image credit",
        "site footer",
        "site footer",
        "comments prompt",
        "site footer",
        "copyright notice",
        "cookie banner",
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share this article", "share prompt"),
        ("Share on WhatsApp", "share prompt"),
        ("**Share this:**", "share prompt"),
        ("Click to share on Twitter (Opens in new window)", "share prompt"),
        ("Subscribe to our newsletter for a daily briefing from the region", "newsletter prompt"),
        ("Sign up for email alerts", "newsletter prompt"),
        ("Read more: Truce talks stall in Karsh", "related link"),
        ("Related: Karsh governor orders inquiry", "related link"),
        ("Advertisement", "advertisement"),
        ("ADVERTISEMENT", "advertisement"),
        ("Follow us on Telegram for live updates", "follow prompt"),
        ("Featured image is from Karsh Media Centre", "image credit"),
        ("Photo: Karsh Media Centre", "image credit"),
        ("* * *", "separator"),
        ("This website uses cookies to improve your experience. Accept", "cookie banner"),
        ("Leave a Comment", "comments prompt"),
    ],
)
def test_boilerplate_lines(line: str, reason: str):
    assert boilerplate_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Share prices fell sharply in Karsh after the strike.",
        "Related fighting was reported in two villages.",
        "Advertisement boards were torn down by protesters.",
        "Follow-up raids took place on Tuesday.",
        "By the time the shelling stopped, three houses had burned.",
        "10 minutes later the second rocket hit.",
        "Photographs published by the army showed a burned vehicle.",
    ],
)
def test_prose_that_starts_like_boilerplate_is_not_boilerplate(line: str):
    assert boilerplate_reason(line, header=True) is None


def test_boilerplate_inside_the_body_goes_and_the_text_around_it_stays():
    text = (
        f"Title of the piece\n\n{BODY}\n\nAdvertisement\n\n{BODY_2}\n"
        f"Share this article\n\n![Smoke over Karsh](https://img.example/smoke.jpg)\n\n{BODY_3}"
    )
    result = clean(text)
    assert paragraphs(result) == ["Title of the piece", BODY, BODY_2, BODY_3]
    assert [(r.reason, r.line) for r in result.removals] == [
        ("advertisement", 5),
        ("share prompt", 8),
        ("image", 10),
    ]


def test_footer_phrases_early_in_an_article_do_not_cut_it():
    text = (
        f"Title of the piece\n\n{BODY}\n\n"
        "Disclaimer: the reporter was briefly detained by the army in 2019.\n\n"
        + "\n\n".join([BODY_2, BODY_3, BODY_4] * 2)
    )
    result = clean(text)
    assert "Disclaimer: the reporter" in result.text
    assert result.removals == ()


def test_mostly_boilerplate_text_gets_a_warning():
    text = f"Title\n\n{BODY}\n\n{BODY_2}\n\nSource link\n\nDisclaimer: {'terms ' * 150}"
    result = clean(text)
    assert result.text == f"Title\n\n{BODY}\n\n{BODY_2}"
    assert reasons(result) == ["site footer", "disclaimer"]
    assert any("more than half" in warning for warning in result.warnings)


# ---------------------------------------------------------------------------------------------
# Page breaks
# ---------------------------------------------------------------------------------------------


def test_page_break_fragment_with_lower_case_continuation_is_rejoined():
    text = (
        f"Title\n\n{BODY}\n\nThe clashes left at least 40 people dead and some 2,000\n\n"
        f"wounded. Hospitals in the city said they had run out of blood.\n\n{BODY_2}"
    )
    assert paragraphs(clean(text)) == [
        "Title",
        BODY,
        "The clashes left at least 40 people dead and some 2,000 wounded. "
        "Hospitals in the city said they had run out of blood.",
        BODY_2,
    ]


def test_page_break_after_a_dangling_article_is_rejoined_even_before_a_capital():
    text = (
        f"Title\n\n{BODY}\n\nThe buildup, which has brought thousands more troops to the region, "
        "came a year after the\n\nInterior Ministry banned all demonstrations in the capital."
    )
    assert paragraphs(clean(text))[-1].endswith(
        "came a year after the Interior Ministry banned all demonstrations in the capital."
    )


def test_page_break_across_a_removed_advertisement_is_rejoined():
    text = (
        f"Title\n\n{BODY}\n\nShelling resumed at\n\nAdvertisement\n\ndawn on Tuesday.\n\n{BODY_2}"
    )
    result = clean(text)
    assert "Shelling resumed at dawn on Tuesday." in paragraphs(result)
    assert reasons(result) == ["advertisement"]


def test_hyphenated_word_split_by_a_page_break_is_rejoined_without_a_space():
    text = f"Title\n\n{BODY}\n\nThe ministry called the raid an act of self-\n\ndefence."
    assert paragraphs(clean(text))[-1] == "The ministry called the raid an act of self-defence."


def test_heading_followed_by_a_capitalised_paragraph_is_not_joined():
    text = f"Title\n\n{BODY}\n\nWho controls the road to the\n\nThe army said it held the pass."
    result = clean(text)
    assert "Who controls the road to the" in paragraphs(result)
    markdown = f"Title\n\n{BODY}\n\n## Background of the\n\nthe dispute began in 2011."
    assert "Background of the" in paragraphs(clean(markdown))


def test_list_items_are_not_joined():
    text = f"Title\n\n{BODY}\n\nThe demands were:\n\n- release of detainees\n\n- an end to curfews"
    assert paragraphs(clean(text))[-2:] == ["- release of detainees", "- an end to curfews"]


def test_header_lines_are_never_joined_to_each_other():
    text = f"Rockets hit Karsh as truce talks stall\n\nby Karsh Finance\n\n{BODY}"
    assert paragraphs(clean(text))[:2] == [
        "Rockets hit Karsh as truce talks stall",
        "by Karsh Finance",
    ]


# ---------------------------------------------------------------------------------------------
# Characters
# ---------------------------------------------------------------------------------------------


def test_mojibake_is_repaired_with_a_warning():
    good = f"Title\n\nThe governor’s café in Zürich — closed. {BODY}"
    broken = good.encode("utf-8").decode("cp1252")
    assert "â€™" in broken
    result = clean(broken)
    assert result.text == good
    assert result.warnings == (MOJIBAKE_WARNING,)


def test_ftfy_is_not_run_on_text_without_mojibake_signs(monkeypatch: pytest.MonkeyPatch):
    import ftfy

    def refuse(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("ftfy ran on clean text")

    monkeypatch.setattr(ftfy, "fix_text", refuse)
    text = f"Title\n\n“Quotes”, thin\u2009spaces, é, ü, ø and — dashes. {BODY}"
    assert clean(text).warnings == ()


def test_emoji_and_non_bmp_characters_survive_intact():
    post = "“We did not fire 🙄🔥 #Karsh” 👨‍👩‍👧 𝕏 𠀋 ﷽"
    text = f"Title\n\n{BODY}\n\nThe militia posted: {post}\n\n{BODY_2}"
    result = clean(text)
    assert f"The militia posted: {post}" in paragraphs(result)
    assert result.warnings == ()


def test_trailing_non_breaking_spaces_are_trimmed_but_inner_thin_spaces_kept():
    text = (
        f"Title\n\n“We reserve the right to respond\u2009.\u2009.\u2009.” he said.\u00a0\n\n{BODY}"
    )
    assert (
        paragraphs(clean(text))[1]
        == "“We reserve the right to respond\u2009.\u2009.\u2009.” he said."
    )


# ---------------------------------------------------------------------------------------------
# Markup helper
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marked", "plain"),
    [
        ("[the report](https://x.example/a_(b))", "the report"),
        ("see [it](#) now", "see it now"),
        ("**bold** and *italic* and __strong__ and _em_", "bold and italic and strong and em"),
        ("snake_case_name and 5*3*2", "snake_case_name and 5*3*2"),
        ("costs \\$27 billion \\*not emphasis\\*", "costs $27 billion *not emphasis*"),
        ("## A heading ##", "A heading"),
        ("#Hashtag stays", "#Hashtag stays"),
        ("> quoted line", "quoted line"),
        ("<https://x.example/page>", "https://x.example/page"),
        ("Name**3 March 2021**", "Name 3 March 2021"),
    ],
)
def test_strip_inline_markup(marked: str, plain: str):
    assert strip_inline_markup(marked) == plain


def test_strip_inline_markup_keeps_line_count():
    text = "# Title\n\n**By** [Jo](#)\n*x*\n"
    assert strip_inline_markup(text).count("\n") == text.count("\n")


# ---------------------------------------------------------------------------------------------
# Invariants
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", strip_inline_markup(text))


@pytest.mark.parametrize("text", ALL_FIXTURES)
def test_nothing_is_lost(text: str):
    original = normalize_text(text)
    result = clean_article(original)
    lines = original.split("\n")
    for removal in result.removals:
        assert removal.text in original
        assert lines[removal.line - 1] == removal.text.split("\n", 1)[0]
    kept = set(_words(result.text))
    for removal in result.removals:
        kept.update(_words(removal.text))
    assert [word for word in _words(original) if word not in kept] == []


@pytest.mark.parametrize("text", ALL_FIXTURES)
def test_removals_are_in_input_order(text: str):
    lines = [removal.line for removal in clean(text).removals]
    assert lines == sorted(lines)


@pytest.mark.parametrize("text", ALL_FIXTURES)
def test_cleaning_is_idempotent(text: str):
    once = clean(text)
    twice = clean_article(once.text)
    assert twice.text == once.text
    assert twice.removals == ()


def test_output_layout():
    text = f"\n\n\n  Title  \n\n\n\n{BODY}   \n\n\n{BODY_2}\n\n\n"
    assert clean(text).text == f"Title\n\n{BODY}\n\n{BODY_2}"


def test_article_without_any_header_or_footer_is_unchanged():
    text = f"{BODY}\n\n{BODY_2}\n\n{BODY_3}"
    result = clean(text)
    assert result == CleanedText(text, (), ())


def test_lines_holding_only_markup_vanish():
    text = f"Title\n\n[](#)\n\n{BODY}\n\n[]()\n\n{BODY_2}\n\n{BODY_3}\n\n[](#)"
    assert clean(text).text == f"Title\n\n{BODY}\n\n{BODY_2}\n\n{BODY_3}"


def test_empty_and_blank_text():
    assert clean("") == CleanedText("", (), ())
    assert clean(" \n\u00a0\n\n") == CleanedText("", (), ())


# ---------------------------------------------------------------------------------------------
# The sample corpus shipped with the app
# ---------------------------------------------------------------------------------------------

SAMPLES = sorted(
    entry
    for entry in resources.files("newsmark.resources").joinpath("sample_corpus").iterdir()
    if entry.name[:1] == "0" and entry.name.endswith((".txt", ".md"))
)


def test_there_are_sample_articles():
    assert 6 <= len(SAMPLES) <= 8


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda entry: entry.name)
def test_sample_articles_clean_without_loss_and_idempotently(sample):
    original = normalize_text(sample.read_bytes().decode("utf-8"))
    result = clean_article(original)
    assert "\r" not in result.text and "\ufeff" not in result.text
    assert clean_article(result.text).text == result.text
    kept = set(_words(result.text))
    for removal in result.removals:
        assert removal.text in original
        kept.update(_words(removal.text))
    assert [word for word in _words(original) if word not in kept] == []
