"""Synthetic news articles in the style of scraped conflict reporting, for benchmarks.

Each article has a title, a byline, a date line, 6-14 paragraphs built from event and claim
sentence templates, and often the clutter of real scrapes: a page-break fragment, a site
footer, a cookie banner, markdown links. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

PLACES = [
    "Karsh",
    "Dar Salem",
    "Port Amal",
    "Tell Hamdan",
    "Qaryat al-Nahr",
    "Ostrava Nova",
    "Kessa",
    "Marun",
    "Al-Buraq",
    "New Halden",
    "Sefra",
    "Umm Tarif",
]
ACTORS = [
    "the army",
    "the Northern Liberation Front",
    "Saraya al-Fajr",
    "police",
    "the interior ministry",
    "government forces",
    "the Popular Guard",
    "rebel fighters",
    "the coalition",
    "an unidentified armed group",
]
PEOPLE = [
    "Colonel Rami Aziz",
    "Governor Layla Mansour",
    "Dr. Nadia Farouk",
    "Karim Bashir",
    "Prime Minister Yusuf Darwish",
    "Marta Vlasic",
    "Peter Ayana",
    "Omar Khalil",
]
AUTHORS = ["Samira Haddad", "Omar Khalil", "Lina Saeed", "Daniel Osei", "Ana Ruiz", "Tomas Berg"]
SOURCES = ["Crescent News Wire", "The Riverside Ledger", "Highland Monitor", "Example Daily"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
EVENTS = [
    "{actor} shelled the outskirts of {place} on {day}, killing {n} civilians, officials said.",
    "A drone strike hit a vehicle near {place} on {day}, killing {n} people, according to {actor}.",
    "Gunmen ambushed a convoy on the road to {place}, and {n} soldiers were wounded in the clash.",
    "Several thousand people marched through {place} on {day} to protest against rising prices.",
    "{actor} arrested {n} suspects during a raid on a house in {place} early on {day}.",
    "A roadside bomb exploded as a patrol passed through {place}, wounding {n} members of {actor}.",
    "Rockets fell on a base near {place} on {day}; {actor} said there were no casualties.",
]
CLAIMS = [
    '{person} accused {actor} of carrying out the attack and said "those responsible will pay".',
    "{actor} denied any involvement in a statement posted on its channel on {day}.",
    "{person} condemned the violence and demanded an independent investigation.",
    "{person} told reporters that {n} more people were missing after the attack on {place}.",
    "{actor} warned that it would respond to any further raid on its positions near {place}.",
    "Witnesses told local media they had seen smoke rising over {place} for several hours.",
]
FILLER = [
    "The area has changed hands several times since the fighting began, and residents say "
    "that basic services have not been restored in the villages along the river.",
    "Aid agencies have repeatedly warned that the humanitarian situation in the province is "
    "deteriorating, with food prices doubling since the start of the year.",
    "Diplomats in the capital said talks on a ceasefire had stalled over the question of who "
    "would control the border crossings and the revenue they bring.",
]
FOOTERS = [
    "To contact the {src} editors\nvisit:\n\n[{dom}/contact](https://www.{dom}/contact)",
    "Source link\n\nYou may also like\n\nLeave a Comment\n\n{src}, A Media Company – All Right "
    "Reserved. Designed and Developed by {src} Tech\n\nThis website uses cookies to improve your "
    "experience. We'll assume you're ok with this, but you can opt-out if you wish. "
    "Accept Read More",
    "The original source of this article is {src}\n\nCopyright © [{author}](#), {src}, {year}\n\n"
    "[Become a Member of {src}](#)",
]


def _fill(rng: random.Random, template: str, day: str) -> str:
    sentence = template.format(
        actor=rng.choice(ACTORS),
        place=rng.choice(PLACES),
        person=rng.choice(PEOPLE),
        n=rng.randint(2, 60),
        day=day,
    )
    return sentence[0].upper() + sentence[1:]


def article(rng: random.Random, index: int) -> str:
    """One article's text, in the shape a scraper would save it."""
    published = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3650))
    day = published.strftime("%A")
    author, src = rng.choice(AUTHORS), rng.choice(SOURCES)
    dom = src.lower().replace(" ", "") + ".example"
    event = _fill(rng, rng.choice(EVENTS), day)
    headline = event.split(",")[0].split(";")[0].rstrip(".")
    title = " ".join(headline.split()[:12]) + f" ({index})"
    date_line = rng.choice(
        [
            f"{published.day} {MONTHS[published.month - 1]} {published.year}",
            f"{MONTHS[published.month - 1]} {published.day}, {published.year}",
        ]
    )
    paragraphs = [title, f"By {author}\n{date_line}", event]
    # 8-20 paragraphs of 2-5 sentences: 4-9 KB, the size of the agency and site articles
    # curators bring.
    for _ in range(rng.randint(8, 20)):
        kind = rng.random()
        if kind < 0.45:
            sentences = [_fill(rng, rng.choice(CLAIMS), day) for _ in range(rng.randint(2, 4))]
        elif kind < 0.75:
            sentences = [_fill(rng, rng.choice(EVENTS), day) for _ in range(rng.randint(2, 3))]
        else:
            sentences = rng.sample(FILLER, 2)
        paragraphs.append(" ".join(sentences))
    if rng.random() < 0.3:  # a page break in the middle of a sentence
        i = rng.randrange(3, len(paragraphs))
        words = paragraphs[i].split(" ")
        cut = len(words) // 2
        paragraphs[i] = " ".join(words[:cut]) + "\n\n" + " ".join(words[cut:]).lower()
    if rng.random() < 0.2:
        paragraphs.insert(
            3, f"Related: [{rng.choice(PLACES)} talks stall](https://{dom}/r/{index})"
        )
    if rng.random() < 0.7:
        paragraphs.append(
            rng.choice(FOOTERS).format(src=src, dom=dom, author=author, year=published.year)
        )
    return "\n\n".join(paragraphs) + "\n"


def articles(count: int, seed: int = 20191231) -> Iterator[str]:
    rng = random.Random(seed)
    for index in range(count):
        yield article(rng, index)
