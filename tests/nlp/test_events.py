"""Event suggestions on sentences written for these tests: types, triggers, roles, numbers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsmark.nlp.candidates import ACLED_EVENT_TYPES, EventCandidate
from newsmark.nlp.events import EventSuggester


@pytest.fixture(scope="module")
def suggest(nlp):
    suggester = EventSuggester(nlp)

    def run(text: str) -> list[EventCandidate]:
        return suggester(nlp(text))

    return run


def only(events: list[EventCandidate]) -> EventCandidate:
    assert len(events) == 1, [(e.trigger.text, e.subtype) for e in events]
    return events[0]


def role(event: EventCandidate, name: str) -> list[str]:
    return [a.span.text for a in event.arguments if a.role == name and a.span is not None]


def test_air_strike_with_attacker_place_time_fatalities(suggest):
    text = "A US drone strike killed four militants near the village of Ayn Issa on Tuesday."
    event = only(suggest(text))
    assert (event.type, event.subtype) == ("Explosions/Remote violence", "Air/drone strike")
    assert event.trigger.text == "drone strike" and event.trigger.label == "TRIGGER"
    assert event.origin == "rule:event-triggers"
    attacker = [a.span for a in event.arguments if a.role == "attacker"]
    assert [(s.text, s.label) for s in attacker] == [("US", "GPE")]
    assert role(event, "place") == ["Ayn Issa"]
    assert role(event, "time") == ["Tuesday"]
    assert event.attributes["fatalities"] == 4
    assert "modality" not in event.attributes


def test_passive_killing_gives_victims_and_the_count(suggest):
    event = only(suggest("Five journalists were killed by Israeli airstrikes on Gaza City."))
    assert event.subtype == "Air/drone strike" and event.trigger.text == "airstrikes"
    assert role(event, "attacker") == ["Israeli"]
    assert role(event, "place") == ["Gaza City"]
    assert role(event, "victim") == ["Five journalists"]
    assert event.attributes["fatalities"] == 5


@pytest.mark.parametrize(
    ("text", "subtype", "trigger"),
    [
        (
            "Militants shelled the outskirts of Kharkiv overnight.",
            "Shelling/artillery/missile attack",
            "shelled",
        ),
        (
            "A roadside bomb hit an army truck near Kandahar.",
            "Remote explosive/landmine/IED",
            "roadside bomb",
        ),
        (
            "A suicide bomber blew himself up at a wedding in Kabul.",
            "Suicide bomb",
            "suicide bomber",
        ),
        ("Attackers threw a grenade into a bar in Goma.", "Grenade", "grenade"),
        ("Rebels and soldiers clashed near the border town of Kidal.", "Armed clash", "clashed"),
        (
            "Gunmen kidnapped a priest in Enugu state.",
            "Abduction/forced disappearance",
            "kidnapped",
        ),
        ("Police arrested 14 opposition activists in Harare.", "Arrests", "arrested"),
        ("The warring parties signed a truce in Jeddah.", "Agreement", "truce"),
        ("Armed men looted the clinic in the village.", "Looting/property destruction", "looted"),
        ("Engineers defused a landmine on the road to Marib.", "Disrupted weapons use", "defused"),
        ("A mob lynched two men in the market.", "Mob violence", "mob"),
    ],
)
def test_lexicon_subtypes(suggest, text, subtype, trigger):
    event = only(suggest(text))
    assert event.subtype == subtype and event.trigger.text == trigger
    assert subtype in ACLED_EVENT_TYPES[event.type]


@pytest.mark.parametrize(
    "text",
    [
        "Dock workers went on strike in Antwerp on Monday.",
        "Teachers have been on strike for three weeks over pay.",
        "The union called a general strike for Thursday.",
        "The hunger for change struck a chord with voters.",
        "Liverpool's attack was blunted by a well-organised defence.",
        "The two teams clashed in the cup final on Sunday.",
        "The company said it would strike a deal with its lenders.",
        "She was fighting for her life in hospital.",
        "Stocks rallied after the announcement.",
        "Read more at https://example.org/news/airstrike-kills-five-in-gaza",
        "The ceasefire committee met on Monday.",
        "The carrier strike group sailed into the Mediterranean.",
    ],
)
def test_no_event_without_a_conflict_reading(suggest, text):
    assert suggest(text) == []


def test_hunger_strike_is_a_protest_not_an_air_strike(suggest):
    event = only(suggest("The detainees began a hunger strike on Friday."))
    assert (event.type, event.subtype) == ("Protests", "Peaceful protest")


def test_who_captured_decides_the_territory_subtype(suggest):
    state = only(suggest("Government troops recaptured the town of Shusha from separatists."))
    assert state.subtype == "Government regains territory"
    rebels = only(suggest("Rebel fighters captured the airport in Goma."))
    assert rebels.subtype == "Non-state actor overtakes territory"
    # Nobody named: the documented default.
    unknown = only(suggest("The town of Bakhmut was captured on Saturday."))
    assert unknown.subtype == "Non-state actor overtakes territory"
    # Capturing a person is not taking territory.
    assert suggest("Soldiers captured a rebel commander.") == []


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("Thousands of people protested in Tbilisi against the new law.", "Peaceful protest"),
        ("Police fired tear gas to disperse protesters in Nairobi.", "Protest with intervention"),
        ("Police dispersed the rally and arrested its organisers.", "Protest with intervention"),
        (
            "Soldiers opened fire on protesters in Khartoum, killing seven.",
            "Excessive force against protesters",
        ),
    ],
)
def test_protest_subtypes_follow_what_happened_to_the_crowd(suggest, text, subtype):
    assert only(suggest(text)).subtype == subtype


def test_a_crowd_that_burns_and_loots_is_one_riot(suggest):
    event = only(suggest("Protesters torched a police station and looted shops in Dhaka."))
    assert (event.type, event.subtype) == ("Riots", "Violent demonstration")


def test_duplicates_in_a_sentence_merge(suggest):
    event = only(suggest("The drone strike was the third strike on the town this week."))
    assert event.trigger.text == "drone strike"


def test_a_killing_caused_by_an_attack_is_its_toll_not_a_second_event(suggest):
    event = only(suggest("A car bomb killed at least 38 civilians outside a market in Mogadishu."))
    assert event.subtype == "Remote explosive/landmine/IED"
    assert event.attributes["fatalities"] == 38
    assert role(event, "place") == ["Mogadishu"]


def test_killing_civilians_alone_is_violence_against_civilians(suggest):
    event = only(suggest("Gunmen shot dead two journalists in Culiacan on Monday."))
    assert (event.type, event.subtype) == ("Violence against civilians", "Attack")
    assert event.trigger.text == "shot dead"
    assert role(event, "attacker") == ["Gunmen"]
    # Soldiers are not civilians: no violence-against-civilians event.
    assert suggest("Gunmen shot dead two soldiers at a checkpoint.") == []


@pytest.mark.parametrize(
    ("text", "key", "count"),
    [
        ("An airstrike on the school killed 18 people.", "fatalities", 18),
        ("Two dozen people were killed in an airstrike on the market.", "fatalities", 24),
        ("Mortar fire hit the camp, killing five and wounding 12 children.", "fatalities", 5),
        ("Mortar fire hit the camp, killing five and wounding 12 children.", "injured", 12),
        ("Five journalists died in the shelling of the hotel.", "fatalities", 5),
    ],
)
def test_casualty_counts(suggest, text, key, count):
    assert only(suggest(text)).attributes[key] == count


def test_a_shot_down_drone_is_disrupted_weapons_use_only(suggest):
    event = only(suggest("Air defences shot down a drone over the capital overnight."))
    assert event.subtype == "Disrupted weapons use"


def test_arrests_by_an_armed_group_are_abductions(suggest):
    event = only(suggest("Militiamen arrested three journalists at a checkpoint."))
    assert event.subtype == "Abduction/forced disappearance"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("The army denied carrying out the airstrike.", "denied"),
        ("There was no airstrike on the village.", "denied"),
        ("The rebels threatened to shell the city.", "hypothetical"),
        ("The ministry said an airstrike hit the hospital.", "reported"),
    ],
)
def test_modality_hints(suggest, text, modality):
    assert only(suggest(text)).attributes["modality"] == modality


def test_headline_and_paragraph_are_separate_units(suggest):
    text = "Drone strike hits Jilib\n\nA drone strike hit a vehicle near Jilib on Sunday."
    events = suggest(text)
    assert [e.trigger.start for e in events] == [0, text.index("drone strike", 10)]


def test_offsets_and_texts_match_the_document(nlp, suggest):
    text = (
        "Hamas’s armed wing said it fired rockets at Ashkelon after Israel's strikes on Gaza "
        "killed 14 people on Sunday. Protesters hurled stones at police in Ramallah, who "
        "responded with tear gas; 23 people were arrested."
    )
    doc = nlp(text)
    events = EventSuggester(nlp)(doc)
    assert {e.subtype for e in events} >= {
        "Shelling/artillery/missile attack",
        "Air/drone strike",
        "Violent demonstration",
    }
    for event in events:
        spans = [event.trigger, *(a.span for a in event.arguments if a.span is not None)]
        for span in spans:
            assert text[span.start : span.end] == span.text
            assert span.origin == "rule:event-triggers"
        sentence = doc.char_span(event.trigger.start, event.trigger.end).sent
        for span in spans:
            assert sentence.start_char <= span.start and span.end <= sentence.end_char


def test_one_suggester_serves_many_documents(nlp):
    suggester = EventSuggester(nlp, origin="rule:test")
    first = suggester(nlp("Gunmen kidnapped a priest in Enugu state."))
    suggester(nlp("Dock workers went on strike."))
    again = suggester(nlp("Gunmen kidnapped a priest in Enugu state."))
    assert first == again and first[0].origin == "rule:test"


def test_importing_the_suggesters_does_not_import_spacy():
    code = (
        "import sys, newsmark.nlp.events, newsmark.nlp.claims, newsmark.nlp.evaluation; "
        "print('spacy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("text", "subtype"),
    [
        ("A crowd beat a suspected thief to death in Kampala.", "Mob violence"),
        ("Rival supporters clashed with police in Lusaka.", "Violent demonstration"),
        ("Warplanes carried out raids on the port of Hodeidah.", "Air/drone strike"),
        ("Bulldozers demolished three shops in the old market.", "Looting/property destruction"),
    ],
)
def test_who_did_it_decides(suggest, text, subtype):
    assert only(suggest(text)).subtype == subtype


def test_police_raids_are_not_air_raids(suggest):
    assert suggest("Police raided the offices of the newspaper.") == []


def test_a_span_never_ends_in_a_paragraph_break():
    import spacy

    from newsmark.nlp.events import make_span

    doc = spacy.blank("en")("Rocket attack on Kirkuk base\n\nThe base was hit.")
    span = make_span(doc, 17, 30, "ACTOR", "rule:test")
    assert (span.start, span.end, span.text) == (17, 28, "Kirkuk base")
