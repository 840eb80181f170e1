"""Metadata heuristics: title, author, date, publisher and URL read from an article's own text.

Scraped articles rarely come with clean metadata, but their first lines nearly always carry it
(title, byline, date, sometimes "Publisher, January 13, 2020"), and the site footer that
cleaning trimmed often names the publisher ("The original source of this article is ...").
The header is read line by line, at most ``_MAX_HEADER_LINES`` non-empty lines and never past
the first line that reads like body text, so a date mentioned in the story is never taken for
the publication date.

The text may be cleaned (``clean_article`` output) or raw with cleaning switched off, so every
header line is read through ``strip_inline_markup`` and site furniture lines are skipped here
too. Dates are parsed with compiled patterns; ``dateparser`` (slow to import and to run) is
only asked about a short header line that looks like a date the patterns cannot read, such as
one in another language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from newsmark.core.documents import Removal
from newsmark.corpus.cleaning import boilerplate_reason, strip_inline_markup

__all__ = ["ArticleMetadata", "extract_metadata", "parse_date"]

_MAX_HEADER_LINES = 8
_MAX_DATED_LINE = 120
_MAX_TITLE = 250
_MAX_NAME = 60
_MAX_SOURCE = 60
_MAX_HINT_LINE = 300
_FOOTER_TAIL_LINES = 12
_EARLIEST_YEAR, _LATEST_YEAR = 1800, 2100


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """What an article says about itself: title, byline, publication date, publisher and URL.

    ``published`` is ISO 8601 at the precision the article states (``YYYY-MM-DD``, ``YYYY-MM``
    or ``YYYY``); ``published_text`` is the date as written. Any field the text does not state
    clearly is ``None``: a missing value is better than a wrong one in a curated corpus.
    """

    title: str | None = None
    author: str | None = None
    published: str | None = None
    published_text: str | None = None
    source: str | None = None
    url: str | None = None


# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_DATE = (
    r"(?:(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2})"
    rf"|(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<m1>{_MONTH}),?\s+(?P<y1>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<m3>{_MONTH}),?\s+(?P<y3>\d{{4}})"
    r"|(?P<y4>\d{4})/(?P<m4>\d{1,2})/(?P<d4>\d{1,2})"
    r"|(?P<y5>\d{4}))"  # a bare year counts only after "Published" or the like
)
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_PREFIX = (
    r"(?:(?P<kind>first published|published|posted|last updated|updated|modified|date)"
    r"(?:\s+(?:on|at))?\s*[:\-]?\s*)"
)
_TIME = (
    r"(?:(?:T|,?\s+(?:at\s+)?|\s*[|·–—-]\s*)\d{1,2}[:.]\d{2}(?::\d{2})?(?:\.\d+)?"
    r"\s*(?:[ap]\.?m\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|\(?(?:[a-z]{2,5})(?:[+-]\d{1,2})?\)?)?)?"
)
# The end of a header line from where its date starts: "31 December 2019", "Tuesday, 31
# December 2019", "Published: Dec. 31, 2019 10:45 GMT". What comes before it may be a byline or
# a publisher: "Bill Van Auken 3 March 2021", "Global Research, January 13, 2020".
_DATE_TAIL = re.compile(
    rf"{_PREFIX}?(?P<written>{_WEEKDAY}?{_DATE}){_TIME}[\s)]*",
    re.IGNORECASE,
)
# Lower-cased first three characters of every word a date tail can start with; the pattern is
# only tried at words that pass this (or start with a digit), not at every character.
_DATE_STARTS = _words(
    "jan feb mar apr may jun jul aug sep oct nov dec mon tue wed thu fri sat sun pub pos las upd"
    " mod fir dat"
)
_MAX_DATE_LEAD = 48
_LEAD_SEPARATORS = " ,|·–—(\t"
# Any four-digit number from 1000 on; the range is checked when a date is built. Written to
# start with a character class, which the regex engine scans for quickly.
_YEAR = re.compile(r"[12](?<!\d[12])\d{3}(?!\d)")
_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
_MAX_FALLBACK_DATE = 40
_MAX_FALLBACK_TOKENS = 6
_LOOSE_SEPARATORS = re.compile(r"\s*(?:,|\||·|–|—|\s-\s)\s*")

_BYLINE = re.compile(
    r"(?:by|written by|words by|reporting by|report by|authors?\s*:)\s*(?P<name>\S.*)",
    re.IGNORECASE,
)
_BYLINE_STARTS = frozenset(("by ", "by:", "wri", "wor", "rep", "aut"))
_NAME_END = re.compile(r"\s*(?:[,|·–—(]|\s-\s|\bon\s+\w+day\b)")
_LABEL_STARTS = frozenset(("sou", "pub", "url", "lin"))
_LABELLED = re.compile(r"(?P<label>source|publisher|url|link)\s*:\s*(?P<value>\S.*)", re.I)

_NAME_PARTICLES = _words(
    "van von de der den da di du del della la le bin ibn ben abu y dos das al el st. mac"
)
_NAME_PREFIXES = ("al-", "el-", "d'", "o'", "d’", "o’")  # al-Sudani, d'Estaing
_DIGIT = re.compile(r"\d")
# Capitalised words that open headlines and section labels, never a person's name.
_NOT_NAMES = _words(
    "the a an in on at of for to and with from by how why what who news breaking live update"
    " updates opinion analysis exclusive report editorial home world says said"
)
_BREADCRUMB_SEPARATORS = re.compile(r"\s[›»>/|·]\s")

_URL = re.compile(r"https?://[^\s)\]>\"'<]+")
_BARE_URL = re.compile(r"<?(https?://[^\s>]+)>?")
_MARKDOWN_LINK = re.compile(r"\[(?P<label>[^\]\n]{1,120})\]\((?P<url>https?://[^)\s]+)\)")
_ARTICLE_LINK_LABEL = re.compile(
    r"\s*(?:source(?: link)?|original(?: article| source| post)?|permalink|read (?:it|this|the"
    r" (?:full|original)(?: article| story)?)(?: (?:at|on) .*)?|view (?:the )?original.*)\s*",
    re.IGNORECASE,
)
_URL_LABEL = re.compile(
    r"(?:source|original(?: article| source| url)?|url|permalink|link to (?:the )?(?:original|"
    r"article)|originally published (?:at|on|by)[^:\n]{0,60}?)\s*:?\s*(?P<url>https?://\S+)",
    re.IGNORECASE,
)
_URL_LABEL_PROBES = ("source", "original", "url", "link")
_NOT_ARTICLE_URL = re.compile(
    r"/contact|/share|sharer|/subscribe|/newsletter|/login|/donate|/tag/|/category/|mailto:"
    r"|facebook\.com|twitter\.com|x\.com/intent|wa\.me|whatsapp|t\.me/|linkedin\.com/share",
    re.IGNORECASE,
)

# Footer hints, in priority order (see _footer_source).
_ORIGINAL_SOURCE = re.compile(
    r"original source of (?:this|the) article is\s+(?P<source>[^\n]+)", re.IGNORECASE
)
# Only at the start of a line: a "©" inside a line is an image credit, not the site's notice.
_COPYRIGHT = re.compile(
    r"[*_\[\s]*(?:copyright\s*(?:©|\(c\))|©|copyright(?=\s+\d{4}))\s*(?P<source>[^\n]+)",
    re.IGNORECASE,
)
_RESERVED = re.compile(
    r"[*_\[\s]*(?P<source>[^\n©]{2,80}?)[\s,.–—-]*(?:a media company\s*[–—-]\s*)?"
    r"all rights? reserved",
    re.IGNORECASE,
)
# The capitalised run after "To contact the" at the start of a line: "WSWS" in
# "To contact the WSWS and the ...".
_CONTACT = re.compile(
    r"[Tt]o contact (?:the\s+)?(?P<source>[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*){0,4})(?![\w&.'-])"
)
# Removed pieces that never name the publisher (a caption's "©" credits a photographer).
_NOT_HINTS = frozenset(("image credit", "breadcrumb", "reading time", "header taxonomy"))
# Most explicit first; each pattern runs only on lines containing one of its probe strings.
_SOURCE_HINTS = (
    ("original source", _ORIGINAL_SOURCE),
    ("©", _COPYRIGHT),
    ("copyright", _COPYRIGHT),
    ("reserved", _RESERVED),
    ("to contact", _CONTACT),
)
_SOURCE_CUT = re.compile(r"\.\s|\s[|–—-]\s|,?\s*all rights? reserved|,?\s*a media company", re.I)
_LEADING_YEARS = re.compile(r"^(?:\d{4}(?:\s*[-–]\s*\d{4})?[\s,.]*)+")
_YEAR_ONLY = re.compile(r"\d{4}(?:\s*[-–]\s*\d{4})?")


# ---------------------------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Reading:
    """What the header has yielded so far; ``updated`` is a fallback for ``published``."""

    title: str | None = None
    author: str | None = None
    published: tuple[str, str] | None = None
    updated: tuple[str, str] | None = None
    source: str | None = None
    url: str | None = None


def extract_metadata(text: str, removals: Sequence[Removal] = ()) -> ArticleMetadata:
    """Read title, author, date, publisher and URL from an article's header and trimmed footer.

    ``removals`` are the pieces ``clean_article`` took out; their footer notices name the
    publisher. Without removals (cleaning off) the last lines of ``text`` are read instead.

    In a header line "X, <date>" the comma marks X as the publisher; in "X <date>" and
    "By X, <date>" X is the author. Publisher priority, from the most to the least explicit
    statement of who published the piece: a "Publisher, <date>" or "Source: X" header line,
    then "The original source of this article is X", then a copyright line ("Copyright ©
    Author, X, 2020"), then "X ... All Rights Reserved", then "To contact the X and ...".
    """
    reading = _Reading()
    _read_header(_header_lines(text), reading)
    hints = _footer_hint_lines(text, removals)
    if reading.source is None:
        reading.source = _footer_source(hints, reading.author)
    if reading.url is None:
        reading.url = _footer_url(hints)
    stated = reading.published or reading.updated
    return ArticleMetadata(
        title=reading.title,
        author=reading.author,
        published=stated[0] if stated else None,
        published_text=stated[1] if stated else None,
        source=reading.source,
        url=reading.url,
    )


def _header_lines(text: str) -> list[tuple[str, str]]:
    """The first non-empty lines as (raw, plain), stopping before the first body-like line."""
    lines: list[tuple[str, str]] = []
    position = 0
    length = len(text)
    while position < length and len(lines) < _MAX_HEADER_LINES:
        end = text.find("\n", position)
        if end < 0:
            end = length
        raw = text[position:end].strip()
        position = end + 1
        if not raw:
            continue
        plain = strip_inline_markup(raw).strip() if _may_have_markup(raw) else raw
        if not plain:
            continue  # only markup, e.g. an empty link
        if _looks_like_body(plain):
            break
        lines.append((raw, plain))
    return lines


def _may_have_markup(line: str) -> bool:
    return "[" in line or "*" in line or "_" in line or "#" in line or "\\" in line or "<" in line


def _looks_like_body(line: str) -> bool:
    if len(line) > _MAX_TITLE:
        return True
    return line[-1] in '.!?"”' and line.count(" ") >= 15


def _read_header(lines: list[tuple[str, str]], reading: _Reading) -> None:
    for index, (raw, line) in enumerate(lines):
        if reading.title and reading.author and reading.published:
            # Only a labelled "Source:" or "URL:" line can add anything now.
            _read_labelled(line, reading)
            continue
        if boilerplate_reason(line, header=True) or (
            line.startswith("Home ") and _is_breadcrumb(line, lines[index + 1 :])
        ):
            continue
        bare = _BARE_URL.fullmatch(raw) if raw[:1] in "h<" else None
        if bare:
            if reading.url is None and _is_article_url(bare[1]):
                reading.url = bare[1]
            continue
        if _read_dated_line(line, reading) or _read_byline(line, reading):
            continue
        if _read_labelled(line, reading):
            continue
        if reading.title is None:
            reading.title = line
        elif reading.author is None and _is_person_name(line):
            reading.author = line


def _is_breadcrumb(line: str, following: list[tuple[str, str]]) -> bool:
    if not line.startswith("Home "):
        return False
    if _BREADCRUMB_SEPARATORS.search(line):
        return True
    return any(len(plain) >= 8 and line.endswith(plain) for _raw, plain in following)


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------


def _read_dated_line(line: str, reading: _Reading) -> bool:
    """Take the date (and a byline or publisher glued before it) from a header line."""
    if len(line) > _MAX_DATED_LINE or not _DIGIT.search(line):
        return False
    year = _YEAR.search(line)
    if year is None:
        return False
    match = _find_date_tail(line, year.start())
    if match and (match["kind"] or not match["y5"]):
        # The patterns read this date; if it is impossible ("31 February") no other reading
        # is tried, or dateparser would happily swap day and month.
        iso = _iso_date(match)
        if iso is None:
            return False
        found = (iso, match["written"].strip())
        before = line[: match.start()]
        lead = before.rstrip(_LEAD_SEPARATORS)
        separator, kind = before[len(lead) :], (match["kind"] or "").lower()
    else:
        fallback = _fallback_date(line)
        if fallback is None:
            return False
        found, lead, separator, kind = fallback[0], fallback[1], fallback[2], ""
    if lead.strip() and not _read_date_lead(lead.strip(" ,|·–—-:"), separator, reading):
        return False
    if kind in ("updated", "last updated", "modified"):
        reading.updated = reading.updated or found
    elif reading.published is None:
        reading.published = found
    return True


def parse_date(text: str) -> str | None:
    """An ISO date, at the precision ``text`` states, from a date written alone.

    For dates that come with an article's metadata (a JSONL field, a CSV column): the same
    patterns as header dates, then dateparser in strict mode, which never invents a missing
    day or swaps day and month.
    """
    text = text.strip()
    match = _DATE_TAIL.fullmatch(text)
    if match:
        return _iso_date(match)
    if not _looks_like_date(text):
        return None
    parsed = _dateparser_parse(text)
    return parsed.isoformat() if parsed is not None else None


def _find_date_tail(line: str, year_start: int) -> re.Match[str] | None:
    """The date running to the end of ``line``, tried only where a word could start one."""
    # A date with its weekday and "Published on" fits in this many characters before its year.
    position = 0
    if year_start > _MAX_DATE_LEAD:
        position = line.find(" ", year_start - _MAX_DATE_LEAD) + 1
    while True:
        if line[position].isdigit() or line[position : position + 3].lower() in _DATE_STARTS:
            match = _DATE_TAIL.fullmatch(line, position)
            if match:
                return match
        position = line.find(" ", position) + 1
        if position <= 0 or position >= len(line):
            return None
        while line[position] in _LEAD_SEPARATORS and position < len(line) - 1:
            position += 1


def _read_date_lead(lead: str, separator: str, reading: _Reading) -> bool:
    """Whatever precedes a date: "By Name", "Name", or "Publisher," (a comma says publisher)."""
    if _read_byline(lead, reading):
        return True
    if "," in separator:
        if reading.source is None and len(lead) <= _MAX_SOURCE:
            reading.source = lead
        return True
    if _is_person_name(lead):
        reading.author = reading.author or lead
        return True
    return False


def _iso_date(match: re.Match[str]) -> str | None:
    iso_year, dmy_year, mdy_year, slash_year, year = match.group("iy", "y1", "y2", "y4", "y5")
    if year:
        return year if _EARLIEST_YEAR <= int(year) <= _LATEST_YEAR else None
    if iso_year:
        return _valid_date(iso_year, int(match["im"]), match["id"])
    if dmy_year:
        return _valid_date(dmy_year, _month(match["m1"]), match["d1"])
    if mdy_year:
        return _valid_date(mdy_year, _month(match["m2"]), match["d2"])
    if slash_year:
        return _valid_date(slash_year, int(match["m4"]), match["d4"])
    return _valid_date(match["y3"], _month(match["m3"]), None)


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _valid_date(year_text: str, month: int, day_text: str | None) -> str | None:
    year = int(year_text)
    if not _EARLIEST_YEAR <= year <= _LATEST_YEAR or not 1 <= month <= 12:
        return None
    if day_text is None:
        return f"{year:04d}-{month:02d}"
    day = int(day_text)
    try:
        date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _fallback_date(line: str) -> tuple[tuple[str, str], str, str] | None:
    """A short date-like line the patterns cannot read ("31 décembre 2019"), via dateparser.

    Returns ((iso, written), lead, separator), trying the whole line and then the part after
    its last separator ("Jane Doe, 31 décembre 2019").
    """
    if len(line) > _MAX_FALLBACK_DATE and line.count(" ") > 2 * _MAX_FALLBACK_TOKENS:
        return None  # a sentence or headline, not a date with a byline before it
    candidates = [("", "", line)]
    parts = _LOOSE_SEPARATORS.split(line)
    if len(parts) > 1:
        separator = _LOOSE_SEPARATORS.findall(line)[-1]
        candidates.append((line[: line.rfind(parts[-1]) - len(separator)], separator, parts[-1]))
    for lead, separator, candidate in candidates:
        if not _looks_like_date(candidate):
            continue
        parsed = _dateparser_parse(candidate)
        if parsed is not None:
            return (parsed.isoformat(), candidate.strip()), lead, separator
    return None


def _looks_like_date(text: str) -> bool:
    if len(text) > _MAX_FALLBACK_DATE or not _YEAR.search(text):
        return False
    return len(text.split()) <= _MAX_FALLBACK_TOKENS and _DAY_NUMBER.search(text) is not None


def _dateparser_parse(text: str) -> date | None:
    # Imported here: dateparser takes a noticeable time to import and most articles never
    # reach this point. STRICT_PARSING refuses to invent a missing day, month or year.
    import dateparser

    parsed = dateparser.parse(
        text,
        languages=None,
        settings={
            "STRICT_PARSING": True,
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    return parsed.date() if parsed is not None else None


# ---------------------------------------------------------------------------------------------
# Names, labels, publisher and URL
# ---------------------------------------------------------------------------------------------


def _read_byline(line: str, reading: _Reading) -> bool:
    if line[:3].lower() not in _BYLINE_STARTS:
        return False
    match = _BYLINE.fullmatch(line)
    if not match:
        return False
    name = match["name"]
    end = _NAME_END.search(name)
    if end:
        name = name[: end.start()]
    name = name.strip()
    if not _is_byline_name(name):
        return False
    reading.author = reading.author or name
    return True


def _read_labelled(line: str, reading: _Reading) -> bool:
    if line[:3].lower() not in _LABEL_STARTS:
        return False
    match = _LABELLED.fullmatch(line)
    if not match:
        return False
    value = match["value"].strip()
    url = _URL.match(value)
    if url:
        if reading.url is None and _is_article_url(url[0]):
            reading.url = url[0]
    elif match["label"].lower() in ("source", "publisher") and reading.source is None:
        reading.source = value[:_MAX_SOURCE]
    return True


def _is_person_name(text: str) -> bool:
    """Two to five capitalised words (particles like "van", "al-" allowed), no digits."""
    if len(text) > _MAX_NAME or _DIGIT.search(text):
        return False
    words = text.split()
    return 2 <= len(words) <= 5 and _capitalised_words(words)


def _is_byline_name(text: str) -> bool:
    # After "By" one word ("Reuters") or several names joined by "and" or "&" are fine.
    if not text or len(text) > 2 * _MAX_NAME or _DIGIT.search(text):
        return False
    words = [word for word in text.split() if word not in ("and", "&")]
    return 1 <= len(words) <= 8 and _capitalised_words(words)


def _capitalised_words(words: list[str]) -> bool:
    if words[0].lower() in _NOT_NAMES:
        return False
    for word in words:
        if not (_is_capitalised(word) or word.lower() in _NAME_PARTICLES):
            return False
    return _is_capitalised(words[-1])


def _is_capitalised(word: str) -> bool:
    if word[0].isupper():
        return True
    lowered = word.lower()
    return any(
        lowered.startswith(prefix) and word[len(prefix) : len(prefix) + 1].isupper()
        for prefix in _NAME_PREFIXES
    )


def _footer_hint_lines(text: str, removals: Sequence[Removal]) -> list[str]:
    """Lines that may name the publisher: the removed footer, or the text's own last lines.

    Without removals the text was imported uncleaned (or had no furniture), so its footer, if
    any, is still at its end.
    """
    if removals:
        lines = [
            line
            for removal in removals
            if removal.reason not in _NOT_HINTS
            for line in removal.text.split("\n")
        ]
    else:
        lines = list(_last_lines(text, _FOOTER_TAIL_LINES))
    return [line.strip() for line in lines if line and len(line) <= _MAX_HINT_LINE]


def _last_lines(text: str, count: int) -> Iterator[str]:
    end = len(text)
    for _ in range(count):
        if end <= 0:
            return
        start = text.rfind("\n", 0, end) + 1
        yield text[start:end]
        end = start - 1


def _footer_source(lines: list[str], author: str | None) -> str | None:
    if not lines:
        return None
    lowered = [line.lower() for line in lines]
    everything = "\n".join(lowered)
    for probe, pattern in _SOURCE_HINTS:
        if probe not in everything:
            continue
        for line, lower in zip(lines, lowered, strict=True):
            if probe not in lower:
                continue
            match = pattern.search(line) if pattern is _ORIGINAL_SOURCE else pattern.match(line)
            source = _clean_source(match["source"], author) if match else None
            if source:
                return source
    return None


def _clean_source(raw: str, author: str | None) -> str | None:
    """'[Tony Cartalucci](#), Global Research, 2020' -> 'Global Research'."""
    text = strip_inline_markup(raw).strip()
    text = _SOURCE_CUT.split(text, maxsplit=1)[0]
    parts = []
    for part in text.split(","):
        part = part.strip(" .;:")
        if part[:1].isdigit():
            if _YEAR_ONLY.fullmatch(part):
                continue
            part = _LEADING_YEARS.sub("", part).strip()
        if part and part != author:
            parts.append(part)
    if not parts:
        return None
    source = parts[-1]
    if len(source) > _MAX_SOURCE or not source[0].isalnum():
        return None
    return source


def _footer_url(lines: list[str]) -> str | None:
    for line in lines:
        if "http" not in line:
            continue
        for link in _MARKDOWN_LINK.finditer(line):
            if _ARTICLE_LINK_LABEL.fullmatch(link["label"]) and _is_article_url(link["url"]):
                return link["url"]
        lowered = line.lower()
        if "original source of" in lowered:
            url = _URL.search(line)
            if url and _is_article_url(url[0]):
                return url[0]
        labelled = _URL_LABEL.search(line) if _has_url_label(lowered) else None
        if labelled:
            url = labelled["url"].rstrip(".,;)")
            if _is_article_url(url):
                return url
    return None


def _has_url_label(lowered: str) -> bool:
    return any(label in lowered for label in _URL_LABEL_PROBES)


def _is_article_url(url: str) -> bool:
    return _NOT_ARTICLE_URL.search(url) is None
