"""Dates an article mentions, resolved against the day it was published.

News reports past events in words relative to the day of publication ("on Sunday", "last
week", "two days ago"), so an event's date is proposed by resolving its time expression
against the document's ``published`` date: a weekday name means the latest such day on or
before publication (AP style writes "Tuesday" for the day of publication itself), "last
Sunday" the one before that. The proposal carries the schema's precision names: ``day``,
``week`` (the value is the Monday the week starts on), ``month`` (``YYYY-MM``) and ``year``
(``YYYY``).

Parsing is dateparser's, English only, with the publication date as its relative base and
past dates preferred. dateparser has no network code and reads only the locale data it
ships, so this works offline; it is imported inside the functions because loading it costs
time at start-up. A relative expression is never resolved against today's date: without a
base it gives no proposal. A base known only to the month or year (``"2019-12"``) is tried
at both ends of that period; where the two answers differ, the proposal falls back to the
finest precision they share ("Sunday" in an article of December 2019 is December 2019).

Pure Python: this module never imports Qt.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

PRECISIONS = ("day", "week", "month", "year")

# dateparser's periods, as the schema's precision names (a time of day dates the day).
_PERIODS = {
    "year": "year",
    "month": "month",
    "week": "week",
    "day": "day",
    "part_of_day": "day",
    "time": "day",
    "hour": "day",
    "minute": "day",
    "second": "day",
}
# Two unrelated days: an expression that gives the same answer against both does not depend
# on its base, i.e. it is absolute ("3 March 2019", "2019").
_PROBES = (date(2003, 7, 16), date(2011, 2, 9))

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Words in front of a date that carry no date of their own ("early on Sunday", "in March",
# "late last month", "the end of last year"), stripped one after the other.
_LEADING = re.compile(
    r"^(?:on|in|at|during|over|around|about|since|from|as of|early|earlier|late|later|"
    r"mid|the (?:end|beginning|start|middle) of)\s+",
)
_MID = re.compile(r"^mid-")
_POSSESSIVE = re.compile(r"[’']s$")
_WEEKDAY = re.compile(rf"^(?:(?P<det>last|this|past)\s+)?(?P<day>{'|'.join(_WEEKDAYS)})\b")
_WEEKEND = re.compile(r"^(?:(?P<det>last|this|past|the)\s+)?weekend$")
# Ranges and lists name more than one date ("December 29 and 30", "Monday to Wednesday");
# dateparser would read part of them as something else (a year 1930), so they get none.
_SEVERAL = re.compile(r"\b(?:and|or|to|until|till|through|between)\b|[–—]")
_DECADE = re.compile(r"^\d{2,4}[’']?s$")
_BASE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?$")


@dataclass(frozen=True, slots=True)
class DateProposal:
    """A date read from ``text``: ``value`` in ISO form at ``precision``.

    ``base`` is the publication date it was resolved against (as given, ISO), ``relative``
    whether the answer depends on it ("Sunday" does, "3 March 2019" does not).
    """

    value: str
    precision: str
    text: str
    base: str | None
    relative: bool

    def as_attribute(self, *, confirmed: bool = False) -> dict[str, Any]:
        """The event attribute ``date`` this proposal stands for."""
        return {
            "value": self.value,
            "precision": self.precision,
            "text": self.text,
            "base": self.base,
            "relative": self.relative,
            "confirmed": confirmed,
        }


def resolve_date(text: str, base: date | str | None) -> DateProposal | None:
    """Resolve a date expression of an article published on ``base``; None if not a date.

    ``base`` is a ``datetime.date`` or an ISO string ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``
    (a time after the date is ignored); anything else counts as no base.
    """
    phrase = _cleaned(text)
    if phrase is None:
        return None
    base_text, period = _base_period(base)
    first = _resolve(phrase, _PROBES[0])
    if first is None:
        return None
    second = _resolve(phrase, _PROBES[1])
    relative = second is None or _iso(*first) != _iso(*second)
    if not relative:
        return DateProposal(_iso(*first), first[1], text, base_text, False)
    if period is None:
        return None
    low, high = period
    early = _resolve(phrase, low)
    late = early if low == high else _resolve(phrase, high)
    if early is None or late is None:
        return None
    precision = _shared_precision(early, late)
    if precision is None:
        return None
    return DateProposal(_iso(early[0], precision), precision, text, base_text, True)


def _cleaned(text: str) -> str | None:
    """The expression without what carries no date, lower case; None if it cannot be one."""
    phrase = " ".join(text.split()).lower().strip(" .,;:!?\"“”‘’'()[]")
    phrase = _POSSESSIVE.sub("", phrase)
    while True:
        shorter = _MID.sub("", _LEADING.sub("", phrase))
        if shorter == phrase:
            break
        phrase = shorter
    if not phrase or _SEVERAL.search(phrase) or _DECADE.match(phrase):
        return None
    # A bare number is a date only as a year: "15" or "3" are counts, not days or months.
    if phrase.isdigit() and len(phrase) != 4:
        return None
    return phrase


def _base_period(base: date | str | None) -> tuple[str | None, tuple[date, date] | None]:
    """``base`` as ISO text, and the first and last day it may be."""
    if isinstance(base, datetime):
        base = base.date()
    if isinstance(base, date):
        return base.isoformat(), (base, base)
    if not isinstance(base, str):
        return None, None
    match = _BASE.match(base.strip())
    if match is None:
        return None, None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        if month is None:
            return f"{year:04d}", (date(year, 1, 1), date(year, 12, 31))
        last = calendar.monthrange(year, month)[1]
        if day is None:
            return f"{year:04d}-{month:02d}", (date(year, month, 1), date(year, month, last))
        exact = date(year, month, day)
    except ValueError:
        return None, None
    return exact.isoformat(), (exact, exact)


def _resolve(phrase: str, base: date) -> tuple[date, str] | None:
    """The day ``phrase`` names as seen on ``base``, and its precision."""
    weekend = _WEEKEND.match(phrase)
    if weekend:
        return _weekend(base, weekend["det"]), "week"
    weekday = _WEEKDAY.match(phrase)
    if weekday and weekday["det"]:
        # dateparser reads "this Sunday" as the coming one; news means the one just past.
        phrase = phrase[len(weekday["det"]) :].strip()
    found = _parse(phrase, base)
    if found is None:
        return None
    day, precision = found
    if (
        weekday
        and weekday["det"] != "last"
        and base.weekday() == _WEEKDAYS.index(weekday["day"])
        and day == base - timedelta(days=7)
    ):
        # Preferring the past, dateparser skips the base's own weekday; a report published
        # on a Tuesday says "on Tuesday" for that very day.
        day = base
    if precision == "week":
        day -= timedelta(days=day.weekday())
    return day, precision


def _parse(phrase: str, base: date) -> tuple[date, str] | None:
    from dateparser.date import DateDataParser  # slow to import: only when a date is read

    settings = {
        # The end of the day: a time alone ("6 a.m.") is earlier on the day of publication.
        "RELATIVE_BASE": datetime(base.year, base.month, base.day, 23, 59, 59),
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": True,
    }
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    if data.date_obj is None:
        return None
    precision = _PERIODS.get(data.period or "day")
    if precision is None:
        return None
    return data.date_obj.date(), precision


def _weekend(base: date, det: str | None) -> date:
    """The Monday of the week whose weekend ``base`` last saw (dateparser has no weekends)."""
    saturday = base - timedelta(days=(base.weekday() - 5) % 7)
    if det == "last" and base - saturday <= timedelta(days=1):
        saturday -= timedelta(days=7)  # on a weekend, "last weekend" is the one before
    return saturday - timedelta(days=5)


def _shared_precision(early: tuple[date, str], late: tuple[date, str]) -> str | None:
    """The finest precision at which two answers agree, no finer than theirs."""
    start = PRECISIONS.index(early[1])
    for precision in PRECISIONS[start:]:
        if precision == "week" and precision != early[1]:
            continue  # weeks straddle months: coarsening goes from a day to its month
        if _iso(early[0], precision) == _iso(late[0], precision):
            return precision
    return None


def _iso(day: date, precision: str) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
