"""Date expressions of an article resolved against its publication date."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import date

import pytest

from newsmark.core.dates import DateProposal, resolve_date

PUBLISHED = "2019-12-31"  # a Tuesday


def test_a_weekday_is_the_latest_such_day_before_publication():
    assert resolve_date("Sunday", date(2019, 12, 31)) == DateProposal(
        "2019-12-29", "day", "Sunday", "2019-12-31", True
    )


@pytest.mark.parametrize(
    ("text", "value", "precision", "relative"),
    [
        ("Sunday", "2019-12-29", "day", True),
        ("on Friday", "2019-12-27", "day", True),
        ("last week", "2019-12-23", "week", True),  # a week is named by its Monday
        ("yesterday", "2019-12-30", "day", True),
        ("two days ago", "2019-12-29", "day", True),
        ("earlier this month", "2019-12", "month", True),
        ("in March", "2019-03", "month", True),
        ("March 3", "2019-03-03", "day", True),
        ("3 March 2019", "2019-03-03", "day", False),
        ("2019", "2019", "year", False),
        ("early on Sunday", "2019-12-29", "day", True),
        ("Sunday's", "2019-12-29", "day", True),
        ("Sunday morning", "2019-12-29", "day", True),
        ("this Sunday", "2019-12-29", "day", True),
        ("late last month", "2019-11", "month", True),
        ("in mid-March", "2019-03", "month", True),
        ("over the weekend", "2019-12-23", "week", True),
        ("6 a.m.", "2019-12-31", "day", True),
    ],
)
def test_each_expression_gives_its_date_and_precision(text, value, precision, relative):
    proposal = resolve_date(text, PUBLISHED)
    assert proposal is not None
    assert (proposal.value, proposal.precision, proposal.relative) == (value, precision, relative)
    assert (proposal.text, proposal.base) == (text, PUBLISHED)


def test_a_weekday_on_the_day_of_publication_is_that_day_and_last_names_the_week_before():
    assert resolve_date("on Tuesday", PUBLISHED).value == "2019-12-31"
    assert resolve_date("last Tuesday", PUBLISHED).value == "2019-12-24"
    assert resolve_date("Sunday", "2019-12-29").value == "2019-12-29"
    assert resolve_date("last weekend", "2019-12-29").value == "2019-12-16"


def test_a_base_known_to_the_month_resolves_what_the_month_settles():
    def got(text: str) -> tuple[str, str] | None:
        proposal = resolve_date(text, "2019-12")
        return (proposal.value, proposal.precision) if proposal else None

    assert got("in March") == ("2019-03", "month")
    assert got("last month") == ("2019-11", "month")
    assert got("earlier this month") == ("2019-12", "month")
    # Any Sunday of December 2019: only the month is known.
    assert got("Sunday") == ("2019-12", "month")
    assert got("3 March 2019") == ("2019-03-03", "day")
    assert resolve_date("in March", "2019-12").base == "2019-12"
    assert resolve_date("last year", "2019").value == "2018"
    # The day before a day of 2019 may be 31 December 2018: not even the year is settled.
    assert resolve_date("yesterday", "2019") is None


def test_without_a_base_only_absolute_dates_resolve():
    assert resolve_date("Sunday", None) is None
    assert resolve_date("March 3", None) is None  # which year?
    assert resolve_date("last week", "not a date") is None
    proposal = resolve_date("3 March 2019", None)
    assert proposal == DateProposal("2019-03-03", "day", "3 March 2019", None, False)
    assert resolve_date("December 2018", None).value == "2018-12"


@pytest.mark.parametrize(
    "text",
    ["banana", "", "   ", "the ministry said", "15", "3", "1990s", "December 29 and 30",
     "between Monday and Wednesday", "the previous day"],
)  # fmt: skip
def test_what_is_not_one_date_gives_none(text):
    assert resolve_date(text, PUBLISHED) is None


def test_a_proposal_becomes_the_date_attribute():
    proposal = resolve_date("Sunday", PUBLISHED)
    assert proposal.as_attribute(confirmed=True) == {
        "value": "2019-12-29",
        "precision": "day",
        "text": "Sunday",
        "base": "2019-12-31",
        "relative": True,
        "confirmed": True,
    }


def test_resolving_works_offline(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("dateparser tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert resolve_date("two days ago", PUBLISHED).value == "2019-12-29"
    assert resolve_date("in March", PUBLISHED).value == "2019-03"


def test_importing_the_module_does_not_load_dateparser():
    code = "import sys, newsmark.core.dates; print('dateparser' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
