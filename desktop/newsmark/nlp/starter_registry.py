"""The starter actor registry: a government and a military for every sovereign state, plus the
major international organisations, named the way ACLED names them.

Everything comes from data that ships inside installed packages (pycountry for codes and names,
countryinfo for capitals and demonyms); nothing is fetched at run time. Where the packages are
silent or say something a news reader would not, a short hand-written table below fills in, and
each table says why it exists.

Which states: the 193 UN member states and the two UN observer states (Palestine, the Holy See),
plus Taiwan. ISO 3166-1 also codes dependent territories (Guam, Puerto Rico, Greenland...), and
neither pycountry nor countryinfo marks sovereignty, so the filter is the UN membership list,
written out below as alpha-3 codes (it last changed in 2011, with South Sudan). Taiwan is not a
UN member but has its own government and armed forces, which news reports and ACLED treat as
such. Kosovo has no ISO 3166-1 code in pycountry and is left out.

Aliases are phrases that occur in news text ("Iraqi government", "Iraqi forces"); metonyms are
the country's names and its seat of government used for the government ("Baghdad said...",
"Washington warned..."), kept apart so the gazetteer can mark them. Aliases may be shared by
two actors ("Congolese army" for both Congos); the gazetteer reports such a match as ambiguous
instead of guessing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from newsmark.core.countries import EXTRA_COUNTRY_NAMES, NAME_OVERRIDES, SHORT_FORMS
from newsmark.nlp.gazetteer import alias_key

GOVERNMENT = "government"
MILITARY = "military"
STATE = "state"  # reserved for registries that code the state itself; the starter set has none
INTERNATIONAL_ORGANISATION = "international_organisation"
ACTOR_TYPES = (GOVERNMENT, MILITARY, STATE, INTERNATIONAL_ORGANISATION)


@dataclass(frozen=True)
class ActorSeed:
    """One registry entry to create: canonical name, type, country, surface forms, external ids.

    Plain data, immutable; safe to share between threads.
    """

    key: str  # stable within the starter set: "state:IRQ:government", "io:UN"
    name: str  # canonical, ACLED style: "Government of Iraq", "United Nations"
    type: str  # one of ACTOR_TYPES
    country: str | None  # ISO 3166-1 alpha-3
    aliases: tuple[str, ...]  # other surface forms of the actor itself
    aliases_metonym: tuple[str, ...]  # places standing for it: "Iraq", "Baghdad"
    external_ids: dict[str, str] = field(default_factory=dict, hash=False)  # hashable seeds

    def as_actor(self, actor_id: int | None = None) -> dict[str, Any]:
        """The mapping ``Store.add_actors`` takes and ``entries_from_actors`` reads back.

        ``aliases`` carries every surface form (so a registry search finds "Baghdad") and
        ``attributes["metonyms"]`` marks which of them are metonyms.
        """
        actor: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "country": self.country,
            "aliases": [*self.aliases, *self.aliases_metonym],
            "external_ids": dict(self.external_ids),
            "attributes": {"metonyms": list(self.aliases_metonym), "starter": self.key},
        }
        if actor_id is not None:
            actor["id"] = actor_id
        return actor


# ---------------------------------------------------------------------------------------------
# Which states
# ---------------------------------------------------------------------------------------------

# The 193 UN member states (alpha-3), sorted. Membership is the sovereignty test: see above.
UN_MEMBER_STATES: tuple[str, ...] = tuple(
    """
    AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH BLR BLZ
    BOL BRA BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CUB CYP CZE
    DEU DJI DMA DNK DOM DZA ECU EGY ERI ESP EST ETH FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB
    GNB GNQ GRC GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ
    KEN KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG
    MDV MEX MHL MKD MLI MLT MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU
    NZL OMN PAK PAN PER PHL PLW PNG POL PRK PRT PRY QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE
    SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ SYC SYR TCD TGO THA TJK TKM TLS TON TTO TUN
    TUR TUV TZA UGA UKR URY USA UZB VCT VEN VNM VUT WSM YEM ZAF ZMB ZWE
    """.split()  # noqa: SIM905 - a block of codes is easier to check than 193 quoted lines
)
UN_OBSERVER_STATES: tuple[str, ...] = ("PSE", "VAT")
# Not UN members, but with a government and armed forces of their own in the news.
DE_FACTO_STATES: tuple[str, ...] = ("TWN",)


def starter_state_codes() -> tuple[str, ...]:
    """Alpha-3 codes of the states the starter registry covers, sorted."""
    return tuple(sorted({*UN_MEMBER_STATES, *UN_OBSERVER_STATES, *DE_FACTO_STATES}))


# ---------------------------------------------------------------------------------------------
# Hand overrides: each one is a place where the packages' data is not what news text uses
# ---------------------------------------------------------------------------------------------

# Names that take the definite article inside a phrase: "Government of the United States".
_DEFINITE_ARTICLE = frozenset(
    "ARE BHS CAF COD COG COM DOM GBR GMB MDV MHL NLD PHL SLB USA VAT".split()  # noqa: SIM905
)

# Seat of government where countryinfo's capital is not what news uses for the government:
# added names (older or alternative spellings, the actual seat) and, for Palestine, a
# replacement (the Palestinian Authority sits in Ramallah; "Jerusalem" stands for Israel's).
_EXTRA_SEATS = {
    "BOL": ("La Paz",),
    "KAZ": ("Astana",),
    "MMR": ("Naypyitaw", "Nay Pyi Taw"),
    "UKR": ("Kiev",),
    "USA": ("Washington",),
    "YEM": ("Sanaa",),
}
_SEAT_REPLACEMENTS = {"PSE": ("Ramallah",)}

# countryinfo's demonym is sometimes a noun for a person, not the adjective news uses
# ("New Zealander army" never occurs): these are dropped, and the adjectives below added.
_NOUN_DEMONYMS = frozenset(
    {
        "Djibouti",
        "I-Kiribati",
        "Icelander",
        "Liechtensteiner",
        "Luxembourger",
        "Mosotho",
        "Motswana",
        "New Zealander",
        "Surinamer",
        "Tadzhik",
    }
)
_EXTRA_ADJECTIVES = {
    "ARG": ("Argentine",),
    "BWA": ("Botswana",),
    "CPV": ("Cape Verdean",),
    "DJI": ("Djiboutian",),
    "ECU": ("Ecuadorian",),
    "ISL": ("Icelandic",),
    "KAZ": ("Kazakh",),
    "KGZ": ("Kyrgyz",),
    "LIE": ("Liechtenstein",),
    "LSO": ("Basotho",),
    "LUX": ("Luxembourgish",),
    "MDV": ("Maldivian",),
    "NZL": ("New Zealand",),
    "PHL": ("Philippine",),
    "PSE": ("Palestinian",),
    "SAU": ("Saudi",),
    "SUR": ("Surinamese",),
    "TJK": ("Tajik",),
    "TLS": ("Timorese",),
    "UZB": ("Uzbek",),
    "VAT": ("Vatican",),
}

# Official names of a few armed forces and governments that are frequent in conflict reporting.
_EXTRA_GOVERNMENT_ALIASES = {
    "GBR": ("His Majesty's Government", "Her Majesty's Government"),
    "PSE": ("Palestinian Authority",),
}
_EXTRA_MILITARY_ALIASES = {
    "CHN": ("People's Liberation Army", "PLA"),
    "COD": ("FARDC",),
    "ISR": ("Israel Defense Forces", "Israel Defence Forces", "IDF"),
    "MMR": ("Tatmadaw",),
    "PAK": ("Pakistan Army",),
    "PHL": ("Armed Forces of the Philippines",),
    "SYR": ("Syrian Arab Army",),
}

# Folding accents makes the spelling English-language news mostly uses ("Bogota", "Lome");
# a folded form that is a common English word is not added.
_FOLD_STOPWORDS = frozenset({"Male"})

_GOVERNMENT_NOUNS = ("government", "authorities")
_MILITARY_NOUNS = ("army", "military", "armed forces", "forces", "security forces", "troops")
_POSSESSED_MILITARY = ("army", "military", "armed forces")


# ---------------------------------------------------------------------------------------------
# International organisations (no package lists them)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Organisation:
    key: str
    name: str
    aliases: tuple[str, ...]
    wikidata: str | None = None  # only where checked against two independent sources


_ORGANISATIONS = (
    _Organisation("io:UN", "United Nations", ("UN", "U.N."), "Q1065"),
    _Organisation(
        "io:NATO",
        "North Atlantic Treaty Organization",
        ("NATO", "Nato", "North Atlantic Treaty Organisation"),
        "Q7184",
    ),
    _Organisation("io:EU", "European Union", ("EU", "E.U."), "Q458"),
    _Organisation("io:AU", "African Union", ("AU",), "Q7159"),
    _Organisation("io:ARAB_LEAGUE", "League of Arab States", ("Arab League",), "Q7172"),
    _Organisation("io:ICRC", "International Committee of the Red Cross", ("ICRC",)),
    _Organisation(
        "io:IAEA",
        "International Atomic Energy Agency",
        ("IAEA", "UN nuclear watchdog", "U.N. nuclear watchdog"),
    ),
    _Organisation(
        "io:WHO", "World Health Organization", ("WHO", "World Health Organisation"), "Q7817"
    ),
    _Organisation("io:ECOWAS", "Economic Community of West African States", ("ECOWAS",)),
    _Organisation(
        "io:ASEAN",
        "Association of Southeast Asian Nations",
        ("ASEAN", "Association of South-East Asian Nations"),
        "Q7768",
    ),
    _Organisation(
        "io:OSCE",
        "Organization for Security and Co-operation in Europe",
        (
            "OSCE",
            "Organisation for Security and Co-operation in Europe",
            "Organization for Security and Cooperation in Europe",
        ),
    ),
    _Organisation(
        "io:OPEC",
        "Organization of the Petroleum Exporting Countries",
        ("OPEC", "Opec", "Organisation of the Petroleum Exporting Countries"),
        "Q7795",
    ),
    _Organisation("io:WORLD_BANK", "World Bank", ("World Bank Group",), "Q7164"),
    _Organisation("io:IMF", "International Monetary Fund", ("IMF",), "Q7804"),
)


# ---------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------


def starter_registry() -> list[ActorSeed]:
    """The starter actors: per state a government then a military (by alpha-3 code), then the
    international organisations. Deterministic; built from installed data in well under a second.
    """
    seeds: list[ActorSeed] = []
    for code in starter_state_codes():
        seeds.extend(_state_seeds(_StateFacts.of(code)))
    for org in _ORGANISATIONS:
        seeds.append(
            ActorSeed(
                key=org.key,
                name=org.name,
                type=INTERNATIONAL_ORGANISATION,
                country=None,
                aliases=_unique(org.aliases, exclude=(org.name,)),
                aliases_metonym=(),
                external_ids={"wikidata": org.wikidata} if org.wikidata else {},
            )
        )
    return seeds


@dataclass(frozen=True)
class _StateFacts:
    """What the seeds of one state are built from."""

    code: str
    name: str  # canonical short name: "Iran", "United States"
    name_in_phrase: str  # with the article where one is needed: "the United States"
    attributive: tuple[str, ...]  # names that also work before a noun: "Iraq", "US"
    country_names: tuple[str, ...]  # every name of the country: + "America", "Republic of Iraq"
    seats: tuple[str, ...]  # capital and seat-of-government names
    adjectives: tuple[str, ...]  # "Iraqi", "American"

    @classmethod
    def of(cls, code: str) -> _StateFacts:
        import pycountry  # ships its ISO data in the wheel

        country = pycountry.countries.get(alpha_3=code)
        if country is None:  # pragma: no cover - the code lists are checked by the tests
            raise LookupError(f"{code} is not an ISO 3166-1 alpha-3 code")
        info = _countryinfo(code)
        name = (
            NAME_OVERRIDES.get(code)
            or getattr(country, "common_name", None)
            or _clean_name(country.name)
            or country.name
        )
        # countryinfo's own name is often the one the press uses: "Ivory Coast", "Czech Republic".
        info_name = _clean_name(str(info.get("name") or ""))
        attributive = _unique([name, info_name, *SHORT_FORMS.get(code, ())])
        formal = [
            _clean_name(country.name),
            _clean_name(getattr(country, "official_name", "") or ""),
        ]
        country_names = _with_folds([*attributive, *EXTRA_COUNTRY_NAMES.get(code, ()), *formal])
        return cls(
            code=code,
            name=name,
            name_in_phrase=f"the {name}" if code in _DEFINITE_ARTICLE else name,
            attributive=attributive,
            country_names=country_names,
            seats=_with_folds(_seats(code, info)),
            adjectives=_adjectives(code, info),
        )


def _state_seeds(facts: _StateFacts) -> tuple[ActorSeed, ActorSeed]:
    code, the_name = facts.code, facts.name_in_phrase
    # Names that read naturally in a possessive: "Iraq's government", "America's military";
    # not abbreviations ("US's" is rare) nor formal names ("Republic of Iraq's").
    possessives = [
        _possessive(n)
        for n in (*facts.attributive, *EXTRA_COUNTRY_NAMES.get(code, ()))
        if not _is_abbreviation(n)
    ]
    modifiers = _unique([*facts.adjectives, *facts.attributive])

    government_name = f"Government of {the_name}"
    government_aliases = [f"government of {the_name}"]
    government_aliases += [f"{m} {noun}" for m in modifiers for noun in _GOVERNMENT_NOUNS]
    government_aliases += [f"{p} government" for p in possessives]
    government_aliases += _EXTRA_GOVERNMENT_ALIASES.get(code, ())
    government_aliases_t = _unique(government_aliases, exclude=(government_name,))
    metonyms = _unique(
        [*facts.country_names, *facts.seats], exclude=(government_name, *government_aliases_t)
    )

    military_name = f"Military Forces of {the_name}"
    military_aliases = [f"armed forces of {the_name}"]
    military_aliases += [f"{m} {noun}" for m in modifiers for noun in _MILITARY_NOUNS]
    military_aliases += [f"{p} {noun}" for p in possessives for noun in _POSSESSED_MILITARY]
    military_aliases += _EXTRA_MILITARY_ALIASES.get(code, ())

    external_ids = {"iso3166": code}
    return (
        ActorSeed(
            key=f"state:{code}:{GOVERNMENT}",
            name=government_name,
            type=GOVERNMENT,
            country=code,
            aliases=government_aliases_t,
            aliases_metonym=metonyms,
            external_ids=dict(external_ids),
        ),
        ActorSeed(
            key=f"state:{code}:{MILITARY}",
            name=military_name,
            type=MILITARY,
            country=code,
            aliases=_unique(military_aliases, exclude=(military_name,)),
            aliases_metonym=(),
            external_ids=dict(external_ids),
        ),
    )


def _countryinfo(code: str) -> dict[str, Any]:
    """countryinfo's record for an alpha-3 code, or {} when it has none (never raises)."""
    from countryinfo import CountryInfo  # reads the JSON files inside the package, once

    try:
        return dict(CountryInfo(code).info())
    except Exception:  # CountryNotFoundError, or a damaged record: build without it
        return {}


def _seats(code: str, info: dict[str, Any]) -> list[str]:
    if code in _SEAT_REPLACEMENTS:
        return list(_SEAT_REPLACEMENTS[code])
    capital = info.get("capital")
    seats: list[str] = []
    if isinstance(capital, str):
        # Multi-capital records are written "A / B" or "A; B"; a missing one is None or "".
        for part in capital.replace(";", "/").split("/"):
            if part.strip():
                seats.append(part.strip())
    return [*seats, *_EXTRA_SEATS.get(code, ())]


def _adjectives(code: str, info: dict[str, Any]) -> tuple[str, ...]:
    demonym = info.get("demonym")
    found: list[str] = []
    if isinstance(demonym, str):
        # "Bosnian,Herzegovinian", "Kittian and Nevisian"
        for part in demonym.replace(" and ", ",").split(","):
            part = part.strip()
            if part and part not in _NOUN_DEMONYMS:
                found.append(part)
    return _unique([*found, *_EXTRA_ADJECTIVES.get(code, ())])


def _possessive(name: str) -> str:
    # "the Philippines' army", "Iraq's army"
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _clean_name(name: str) -> str:
    """A name as it reads in running text, or "" for inverted or annotated ISO forms."""
    name = " ".join(name.split())
    if not name or "," in name or "(" in name:
        return ""  # "Korea, Republic of", "Holy See (Vatican City State)"
    if name.lower().startswith("the "):
        name = name[4:]  # "the State of Eritrea", "The Gambia": the article is not the name
    return name


def _is_abbreviation(name: str) -> bool:
    return not any(ch.islower() for ch in name)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _with_folds(names: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for name in names:
        out.append(name)
        folded = _fold(name)
        if folded != name and folded not in _FOLD_STOPWORDS:
            out.append(folded)
    return _unique(out)


def _unique(items: Iterable[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """Items in first-seen order without blanks or forms the gazetteer would match identically
    (same case-folding rule), and without anything in ``exclude``."""
    seen = {alias_key(x) for x in exclude}
    out: list[str] = []
    for item in items:
        item = " ".join(item.split())
        key = alias_key(item)
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)
