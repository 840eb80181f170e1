"""Claim suggestions on sentences written for these tests: cue, claimant, content, type."""

from __future__ import annotations

import pytest

from newsmark.nlp.candidates import CLAIM_TYPES, ClaimCandidate
from newsmark.nlp.claims import ClaimSuggester, find_quotes


@pytest.fixture(scope="module")
def suggest(nlp):
    suggester = ClaimSuggester(nlp)

    def run(text: str) -> list[ClaimCandidate]:
        claims = suggester(nlp(text))
        for claim in claims:
            spans = [claim.cue, claim.content, claim.claimant]
            for span in (s for s in spans if s is not None):
                assert text[span.start : span.end] == span.text
            assert claim.type in CLAIM_TYPES
        return claims

    return run


def only(claims: list[ClaimCandidate]) -> ClaimCandidate:
    assert len(claims) == 1, [(c.cue.text, c.type) for c in claims]
    return claims[0]


def test_reported_clause(suggest):
    claim = only(suggest("The health ministry said that the strikes had killed 12 civilians."))
    assert claim.type == "assertion" and claim.stance is None
    assert (claim.cue.text, claim.cue.label) == ("said", "CUE")
    assert claim.content.text == "the strikes had killed 12 civilians"
    assert claim.content.label == "CLAIM"
    assert claim.claimant.text == "health ministry" and claim.claimant.label == "ACTOR"
    assert claim.origin == "rule:attribution"


def test_quote_then_speaker_with_a_named_person(suggest):
    claim = only(suggest("“We will not negotiate under fire,” said Foreign Minister Amal Haddad."))
    assert claim.content.text == "We will not negotiate under fire"
    assert (claim.claimant.text, claim.claimant.label) == ("Amal Haddad", "PERSON")
    assert claim.attributes["quote"] is True


def test_quote_then_pronoun_speaker(suggest):
    claim = only(suggest("“The situation in the camps is desperate,” she said."))
    assert claim.claimant.text == "she"
    assert claim.content.text == "The situation in the camps is desperate"


@pytest.mark.parametrize("apostrophe", ["'", "’"])
@pytest.mark.parametrize("quotes", [("“", "”"), ('"', '"')])
def test_quote_marks_and_apostrophes(suggest, apostrophe, quotes):
    opening, closing = quotes
    text = (
        f"{opening}We have nothing to do with it,{closing} the group{apostrophe}s spokesman "
        "told AFP."
    )
    claim = only(suggest(text))
    assert claim.cue.text == "told"
    assert claim.content.text == "We have nothing to do with it"
    assert claim.claimant.text == f"group{apostrophe}s spokesman"


def test_speaker_then_quote(suggest):
    claim = only(suggest("The governor told reporters: “The road to the airport is open.”"))
    assert claim.content.text == "The road to the airport is open."
    assert claim.claimant.text == "governor"


def test_a_quote_over_two_sentences_is_one_content(suggest):
    text = "“We did not fire first. Our units only returned fire,” the commander said."
    claim = only(suggest(text))
    assert claim.content.text == "We did not fire first. Our units only returned fire"
    assert claim.type == "denial" and claim.stance == "negative"


def test_a_quote_continued_after_the_speaker_is_recorded(suggest):
    text = "“We lost everything,” said Amina Ali, a farmer. “They burned the granary too.”"
    claim = only(suggest(text))
    assert claim.content.text == "We lost everything"
    assert claim.attributes["continued_quote"]["text"] == "They burned the granary too."


def test_accusation_with_its_target(suggest):
    claim = only(suggest("The opposition accused the government of rigging the vote."))
    assert claim.type == "accusation" and claim.stance == "negative"
    assert claim.content.text == "rigging the vote"
    assert claim.attributes["target"]["text"] == "government"


@pytest.mark.parametrize(
    ("text", "claim_type", "cue", "content"),
    [
        (
            "The United Nations condemned the attack on the convoy.",
            "condemnation",
            "condemned",
            "the attack on the convoy",
        ),
        (
            "The army denied any involvement in the killings.",
            "denial",
            "denied",
            "any involvement in the killings",
        ),
        (
            "The Islamic State group claimed responsibility for the bombing.",
            "responsibility_claim",
            "claimed responsibility",
            "the bombing",
        ),
        (
            "Protest leaders called for a general strike.",
            "demand",
            "called for",
            "a general strike",
        ),
        (
            "The rebels threatened to attack the capital.",
            "threat",
            "threatened",
            "attack the capital",
        ),
        (
            "The militia vowed revenge for the death of its commander.",
            "threat",
            "vowed",
            "revenge for the death of its commander",
        ),
        (
            "Economists warned that prices could rise sharply.",
            "prediction",
            "warned",
            "prices could rise sharply",
        ),
        (
            "The group warned that it would respond to any incursion.",
            "threat",
            "warned",
            "it would respond to any incursion",
        ),
        (
            "Analysts predicted that the offensive would stall.",
            "prediction",
            "predicted",
            "the offensive would stall",
        ),
        (
            "The mayor urged residents to stay indoors.",
            "demand",
            "urged",
            "residents to stay indoors",
        ),
        (
            "The spokesman said the army had not targeted civilians.",
            "denial",
            "said",
            "the army had not targeted civilians",
        ),
    ],
)
def test_types_from_cues(suggest, text, claim_type, cue, content):
    claim = only(suggest(text))
    assert (claim.type, claim.cue.text, claim.content.text) == (claim_type, cue, content)


def test_welcome_is_a_positive_assertion(suggest):
    claim = only(suggest("The president welcomed the ceasefire agreement."))
    assert (claim.type, claim.stance) == ("assertion", "positive")
    assert claim.content.text == "the ceasefire agreement"


@pytest.mark.parametrize(
    "text",
    [
        "The minister did not say when the talks would resume.",
        "The spokesman declined to confirm the report.",
        "He said goodbye and left the building.",
        "The verdict was announced on Monday.",
        "No group has claimed responsibility for the blast.",
        "A group calling itself the Dawn Brigades posted the video.",
        "The war claimed thousands of lives.",
        "The escalation threatens the stability of the region.",
        "The so-called alleged mastermind was released.",
    ],
)
def test_no_claim(suggest, text):
    assert suggest(text) == []


def test_claimant_of_a_participle_is_the_main_subject(suggest):
    claims = suggest("Police detained 40 people, accusing them of looting.")
    claim = only(claims)
    assert claim.type == "accusation" and claim.claimant.text == "Police"
    assert claim.content.text == "looting"


def test_coordinated_cues_share_the_speaker(suggest):
    text = "The envoy told reporters that the talks had stalled and called for calm."
    told, called = suggest(text)
    assert told.content.text == "the talks had stalled"
    assert (called.cue.text, called.type, called.content.text) == ("called for", "demand", "calm")
    assert told.claimant.text == called.claimant.text == "envoy"


def test_trailing_attribution(suggest):
    claims = suggest(
        "Three soldiers were killed overnight, the ministry said, adding that two were wounded."
    )
    said, adding = claims
    assert said.content.text == "Three soldiers were killed overnight"
    assert said.claimant.text == adding.claimant.text == "ministry"
    assert adding.content.text == "two were wounded"


def test_according_to(suggest):
    claim = only(suggest("According to the Red Cross, 30 people were wounded in the blast."))
    assert claim.cue.text == "According to" and claim.type == "assertion"
    assert claim.claimant.text == "the Red Cross"
    assert claim.content.text == "30 people were wounded in the blast"


def test_nested_claims_are_both_found(suggest):
    text = "The ministry said the militia had accused the army of shelling the camp."
    said, accused = suggest(text)
    assert said.type == "assertion" and accused.type == "accusation"
    assert accused.claimant.text == "militia" and accused.content.text == "shelling the camp"


def test_a_cue_inside_the_speakers_own_quote_is_folded_in(suggest):
    text = "“We reject these false allegations,” the foreign ministry spokesperson said."
    claim = only(suggest(text))
    assert claim.cue.text == "said" and claim.type == "denial"


def test_find_quotes_pairs_marks_and_skips_a_stray_one():
    text = 'He said "yes" and 5" pipes, then: "no," she said. “One,” “two.”'
    inside = [text[q.start : q.end] for q in find_quotes(text)]
    assert inside == ["yes", "no", "One", "two."]


def test_a_description_is_not_a_claim(suggest):
    assert suggest("The court freed a journalist accused of espionage.") == []


def test_inverted_speaker_after_a_quote_and_a_denial_by_nobody(suggest):
    claim = only(suggest("“Nobody here attacked the convoy,” insisted the village chief."))
    assert claim.type == "denial" and claim.claimant.text == "village chief"


def test_a_price_to_pay_is_a_threat(suggest):
    claim = only(suggest("“They will pay a heavy price,” the commander said."))
    assert claim.type == "threat"
