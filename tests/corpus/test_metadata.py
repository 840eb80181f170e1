"""Metadata heuristics: title, author, date, publisher and URL from an article's own text.

All articles here are invented, written in the style of scraped news pages.
"""

from __future__ import annotations

from importlib import resources

import pytest

from newsmark.core.documents import Removal, normalize_text
from newsmark.corpus.cleaning import clean_article
from newsmark.corpus.metadata import ArticleMetadata, extract_metadata

TITLE = "Rockets hit Karsh as truce talks stall"
BODY = (
    "Rockets struck the outskirts of Karsh on Sunday night, killing two farmers and wounding "
    "five, the provincial health office said in a statement issued on 2 January 2020."
)
BODY_2 = (
    "The Northern Front denied firing the rockets and accused the army of shelling its own "
    "positions to justify an offensive, a charge the defence ministry called absurd."
)


def article(*header: str, footer: str = "") -> str:
    parts = ["", *header, "", BODY, "", BODY_2]
    if footer:
        parts += ["", "", footer]
    return "\n".join(parts)


def meta(text: str) -> ArticleMetadata:
    """Metadata as the importer reads it: after cleaning, with the removals."""
    cleaned = clean_article(normalize_text(text))
    return extract_metadata(cleaned.text, cleaned.removals)


# ---------------------------------------------------------------------------------------------
# Header forms
# ---------------------------------------------------------------------------------------------


def test_title_name_and_date_lines():
    found = meta(article(TITLE, "", "Samira Haddad", "31 December 2019"))
    assert found == ArticleMetadata(
        title=TITLE,
        author="Samira Haddad",
        published="2019-12-31",
        published_text="31 December 2019",
    )


def test_byline_glued_to_a_bold_date():
    found = meta(article(TITLE, "", "Samira Haddad**3 March 2021**"))
    assert (found.author, found.published, found.published_text) == (
        "Samira Haddad",
        "2021-03-03",
        "3 March 2021",
    )


def test_markdown_title_and_bold_byline():
    found = meta(article(f"# {TITLE}", "", "**Samira Haddad**  ", "27 December 2013"))
    assert (found.title, found.author, found.published) == (TITLE, "Samira Haddad", "2013-12-27")


def test_linked_byline_and_publisher_date_line():
    text = article(
        TITLE,
        "",
        "By [Omar Khalil](#)",
        "",
        "Crescent Review, January 13, 2020",
        "",
        "Region: [Middle East](#)",
        "",
        "Theme: [Conflict Watch](#)",
    )
    found = meta(text)
    assert found == ArticleMetadata(
        title=TITLE,
        author="Omar Khalil",
        published="2020-01-13",
        published_text="January 13, 2020",
        source="Crescent Review",
    )


def test_breadcrumb_lower_case_byline_and_reading_time():
    text = article(f"Home World {TITLE}", "", TITLE, "", "by Karsh Finance", "9 minutes read")
    found = meta(text)
    assert (found.title, found.author, found.published) == (TITLE, "Karsh Finance", None)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Omar Khalil", "Omar Khalil"),
        ("BY OMAR KHALIL", "OMAR KHALIL"),
        ("By Omar Khalil and Lina Saeed", "Omar Khalil and Lina Saeed"),
        ("By Omar Khalil, Staff Reporter", "Omar Khalil"),
        ("By Omar Khalil | Karsh bureau", "Omar Khalil"),
        ("Written by Ana Ruiz", "Ana Ruiz"),
        ("Author: Mohammed al-Sudairi", "Mohammed al-Sudairi"),
        ("By Reuters", "Reuters"),
        ("Pieter van der Berg", "Pieter van der Berg"),
    ],
)
def test_author_forms(line: str, author: str):
    assert meta(article(TITLE, line)).author == author


@pytest.mark.parametrize(
    "line",
    [
        "By the time the shelling stopped, three houses had burned",
        "Analysis and opinion",
        "Live updates from the front",
        "12 people killed in two days",
    ],
)
def test_lines_that_are_not_authors(line: str):
    assert meta(article(TITLE, line)).author is None


def test_author_is_never_the_title_or_a_date():
    found = meta(article("Karsh Governor Resigns", "12 May 2022"))
    assert (found.title, found.author, found.published) == (
        "Karsh Governor Resigns",
        None,
        "2022-05-12",
    )


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "iso", "written"),
    [
        ("31 December 2019", "2019-12-31", "31 December 2019"),
        ("December 31, 2019", "2019-12-31", "December 31, 2019"),
        ("Dec. 31, 2019", "2019-12-31", "Dec. 31, 2019"),
        ("31 Dec 2019", "2019-12-31", "31 Dec 2019"),
        ("31st December, 2019", "2019-12-31", "31st December, 2019"),
        ("2019-12-31", "2019-12-31", "2019-12-31"),
        ("2019-12-31T08:15:00Z", "2019-12-31", "2019-12-31"),
        ("Tuesday, 31 December 2019", "2019-12-31", "Tuesday, 31 December 2019"),
        ("Published: Dec. 31, 2019 10:45 GMT", "2019-12-31", "Dec. 31, 2019"),
        ("Posted on December 31, 2019 at 3:15 pm", "2019-12-31", "December 31, 2019"),
        ("December 2019", "2019-12", "December 2019"),
        ("Published: 2019", "2019", "2019"),
        ("31 décembre 2019", "2019-12-31", "31 décembre 2019"),
        ("31. Dezember 2019", "2019-12-31", "31. Dezember 2019"),
    ],
)
def test_date_forms(line: str, iso: str, written: str):
    found = meta(article(TITLE, "Samira Haddad", line))
    assert (found.published, found.published_text) == (iso, written)


def test_published_is_preferred_to_updated_whatever_the_order():
    found = meta(article(TITLE, "Updated: 2 January 2020", "Published: 1 January 2020"))
    assert found.published == "2020-01-01"


def test_updated_date_is_used_when_it_is_the_only_one():
    assert meta(article(TITLE, "Last updated 2 January 2020")).published == "2020-01-02"


@pytest.mark.parametrize("line", ["31 February 2020", "2020-13-01", "14 Smarch 2020"])
def test_impossible_dates_are_not_invented(line: str):
    assert meta(article(TITLE, "Samira Haddad", line)).published is None


def test_dates_in_the_body_are_not_publication_dates():
    # BODY mentions 2 January 2020; the header states no date.
    assert meta(article(TITLE, "Samira Haddad")).published is None


def test_a_date_inside_a_title_is_not_a_publication_date():
    found = meta(article("Strikes on 3 March 2021 recalled by survivors", "Samira Haddad"))
    assert (found.title, found.published) == (
        "Strikes on 3 March 2021 recalled by survivors",
        None,
    )


# ---------------------------------------------------------------------------------------------
# Publisher
# ---------------------------------------------------------------------------------------------

RESEARCH_FOOTER = """\
Omar Khalil is a Karsh-based researcher. He is a frequent contributor to Crescent Review.

The original source of this article is Crescent Review
Copyright © [Omar Khalil](#), Crescent Review, 2020

[Become a Member of Crescent Review](#)"""

PORTAL_FOOTER = """\
Source link

You may also like

Leave a Comment

Karsh News, A Media Company – All Right Reserved. Designed and Developed by Karsh Tech"""


@pytest.mark.parametrize(
    ("footer", "source"),
    [
        (RESEARCH_FOOTER, "Crescent Review"),
        (PORTAL_FOOTER, "Karsh News"),
        ("To contact the KNW and the\nKarsh Press Union visit:\n\nknw.example/contact", "KNW"),
        ("Copyright © 2021 The Highland Monitor. All rights reserved.", "The Highland Monitor"),
        ("© 2020–2024 Riverside Ledger", "Riverside Ledger"),
    ],
)
def test_publisher_from_the_trimmed_footer(footer: str, source: str):
    text = article(TITLE, "Omar Khalil", "3 March 2021", footer=footer)
    assert meta(text).source == source
    # Imported with cleaning off, the footer is still at the end of the text.
    assert extract_metadata(normalize_text(text)).source == source


def test_publisher_in_the_header_wins_over_the_footer():
    text = article(TITLE, "By Omar Khalil", "Karsh Daily, January 13, 2020", footer=PORTAL_FOOTER)
    assert meta(text).source == "Karsh Daily"


def test_original_source_notice_wins_over_a_rights_notice():
    removals = [
        Removal("copyright notice", "Karsh Tech, A Media Company – All Right Reserved", 40),
        Removal("source notice", "The original source of this article is Karsh Daily", 38),
    ]
    found = extract_metadata(f"{TITLE}\n\n{BODY}", removals)
    assert found.source == "Karsh Daily"


def test_a_photo_credit_is_not_taken_for_the_publisher():
    text = article(
        TITLE,
        "Omar Khalil",
        "",
        BODY,
        "",
        "Smoke rises over Karsh on Sunday © Karsh Media Centre/AFP",
        "",
        BODY_2,
    )
    assert meta(text).source is None


# ---------------------------------------------------------------------------------------------
# URL
# ---------------------------------------------------------------------------------------------


def test_url_from_a_source_link_in_the_footer():
    url = "https://karshdaily.example/2021/03/03/rockets-hit-karsh"
    text = article(TITLE, "Omar Khalil", footer=f"[Source link]({url})")
    assert meta(text).url == url


def test_url_from_a_labelled_header_line():
    url = "https://karshdaily.example/news/rockets"
    assert meta(article(TITLE, "Omar Khalil", f"Source: {url}")).url == url


def test_contact_and_share_links_are_not_the_article_url():
    footer = (
        "To contact the KNW visit:\n\n[Source](https://www.knw.example/contact)\n\n"
        "Share: [Facebook](https://www.facebook.com/sharer/sharer.php?u=x)"
    )
    assert meta(article(TITLE, "Omar Khalil", footer=footer)).url is None


# ---------------------------------------------------------------------------------------------
# Raw text and texts without a header
# ---------------------------------------------------------------------------------------------


def test_raw_markdown_text_gives_the_same_metadata_as_cleaned_text():
    text = article(
        f"Home World {TITLE}",
        "",
        f"# {TITLE}",
        "",
        "By [Omar Khalil](#)  ",
        "6 minutes read",
        "**Crescent Review, January 13, 2020**",
        footer=RESEARCH_FOOTER,
    )
    raw = extract_metadata(normalize_text(text))
    assert raw == meta(text)
    assert raw == ArticleMetadata(
        title=TITLE,
        author="Omar Khalil",
        published="2020-01-13",
        published_text="January 13, 2020",
        source="Crescent Review",
    )


def test_article_without_header_metadata():
    text = f"{BODY}\n\n{BODY_2}"
    assert meta(text) == ArticleMetadata()
    assert extract_metadata("") == ArticleMetadata()


def test_short_first_line_is_the_title_even_without_byline_or_date():
    assert meta(f"{TITLE}\n\n{BODY}") == ArticleMetadata(title=TITLE)


# ---------------------------------------------------------------------------------------------
# The sample corpus shipped with the app
# ---------------------------------------------------------------------------------------------

EXPECTED_SAMPLES = {
    "01_rocket-attack-on-airbase.txt": (
        "Mira Castellanos",
        "2023-02-14",
        "Meridian Weekly Review",
    ),
    "02_protest-crackdown-in-port-selim.md": ("Jonah Abeywardena", "2021-11-09", None),
    "03_shelling-claims-and-denials.txt": ("Tomasz Wielgosz", "2022-03-08", "Crescent Observer"),
    "04_militia-claims-drone-strike.txt": ("Dunmore Finance", None, "Dunmore News"),
    "05_arrests-after-border-clash.txt": ("Leila Haddad", "2021-03-03", None),
    "06_ceasefire-accusations-social-media.txt": ("Samuel Okafor", "2023-09-12", None),
    "07_market-explosion-in-sefrou.txt": ("Nadia Belkacem", "2021-10-12", None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED_SAMPLES))
def test_sample_articles(name: str):
    entry = resources.files("newsmark.resources").joinpath("sample_corpus", name)
    found = meta(entry.read_bytes().decode("utf-8"))
    assert found.title and not found.title.startswith("#")
    assert (found.author, found.published, found.source) == EXPECTED_SAMPLES[name]
