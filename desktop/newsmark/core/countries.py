"""Country names as news text and curators write them, mapped to ISO 3166-1 alpha-3 codes.

pycountry has the ISO names ("Russian Federation", "Iran, Islamic Republic of") and common
names for some; the press and ACLED write others ("Russia", "Turkey", "the UK", "Burma"). The
tables here are those hand-made differences, used both by the registry, to read a country a
curator types, and by the starter registry, to name countries as the news does.

Pure Python: this module never imports Qt.
"""

from __future__ import annotations

from functools import cache

# Canonical short names where pycountry has only a formal or inverted one ("Russian Federation",
# "Congo, The Democratic Republic of the"), or where ACLED and the press use another ("Turkey").
NAME_OVERRIDES = {
    "BRN": "Brunei",
    "COD": "Democratic Republic of Congo",
    "COG": "Republic of Congo",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "RUS": "Russia",
    "TUR": "Turkey",
    "VAT": "Holy See",
}

# Abbreviations used as the country's name and attributively ("US forces", "the UK government").
SHORT_FORMS = {
    "ARE": ("UAE", "U.A.E."),
    "COD": ("DRC", "DR Congo"),
    "GBR": ("UK", "U.K."),
    "PRK": ("DPRK",),
    "USA": ("US", "U.S."),
}

# Further country names that neither package has in a usable form.
# "Congo" alone is given to both Congos on purpose: text that says only "Congo" is ambiguous.
EXTRA_COUNTRY_NAMES = {
    "BIH": ("Bosnia",),
    "COD": ("Congo", "Congo-Kinshasa"),
    "COG": ("Congo-Brazzaville",),
    "GBR": ("Britain", "Great Britain"),
    "KOR": ("Republic of Korea",),
    "MMR": ("Burma",),
    "USA": ("USA", "U.S.A.", "America"),
    "VAT": ("Vatican", "Vatican City"),
}


@cache
def _codes_by_name() -> dict[str, frozenset[str]]:
    import pycountry  # its data takes a moment to load: only when a country is looked up

    found: dict[str, set[str]] = {}

    def add(name: str | None, code: str) -> None:
        if name:
            found.setdefault(" ".join(name.casefold().split()), set()).add(code)

    for country in pycountry.countries:
        code = str(country.alpha_3)
        for attribute in ("name", "common_name", "official_name"):
            add(getattr(country, attribute, None), code)
    for code, name in NAME_OVERRIDES.items():
        add(name, code)
    for table in (SHORT_FORMS, EXTRA_COUNTRY_NAMES):
        for code, names in table.items():
            for name in names:
                add(name, code)
    return {name: frozenset(codes) for name, codes in found.items()}


def country_codes(text: str) -> frozenset[str]:
    """The alpha-3 codes ``text`` may name: an alpha-2 or alpha-3 code, or a name (ISO,
    common, or as the press writes it; case and spacing ignored). Several codes when the
    name is ambiguous ("Congo"), none when it names no country."""
    import pycountry

    text = " ".join(text.split())
    if text.isascii() and text.isalpha() and len(text) in (2, 3):
        key = "alpha_2" if len(text) == 2 else "alpha_3"
        found = pycountry.countries.get(**{key: text.upper()})
        if found is not None:
            return frozenset({str(found.alpha_3)})
    return _codes_by_name().get(text.casefold(), frozenset())
