"""Event suggestions from trigger rules over a parsed spaCy Doc.

A trigger lexicon (lemmas, parts of speech, multi-word phrases) finds candidate event words
with spaCy's ``Matcher``; each match then passes a context check that keeps precision up
("strike" needs a military sentence, "killed" needs civilian victims, "clash" needs armed
actors), and the survivors of one sentence are reconciled the way ACLED codes a report: the
killing an air strike caused is the air strike's fatality count, not a second event; arrests
and tear gas at a protest make it a protest with intervention; a shot-down drone is disrupted
weapons use, not an air strike. Arguments come from the dependency parse and the entities of
the sentence.

Conventions a curator should know (and that the gold set in ``bench/gold`` follows):

* Event mentions are suggested whatever their modality; ``attributes["modality"]`` says
  ``reported``, ``hypothetical`` or ``denied`` when the sentence shows it, and is absent for
  plain assertions.
* Who captured a place decides the territory sub-type: state forces give "Government regains
  territory", anyone else, and an actor the rules cannot place, "Non-state actor overtakes
  territory" (the more common case in news of territory changing hands).
* Arrests by a non-state armed group are coded as abductions, as ACLED does.
* "Attack" on its own names no sub-type and is never a trigger; "strike" is one only in a
  military sentence and never next to workers, unions, pay or hunger.

spaCy is imported inside methods only, so importing this module costs nothing at start-up.
The span helpers at the end are shared with ``claims.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from newsmark.nlp.candidates import ArgumentCandidate, EventCandidate, SpanCandidate
from newsmark.nlp.doc_cache import doc_text, facts, sentence_ents
from newsmark.nlp.trigger_matching import TriggerMatcher

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token


def word_set(text: str) -> frozenset[str]:
    """A word list written as one space-separated string (easier to read and extend)."""
    return frozenset(text.split())


# ---------------------------------------------------------------------------------------------
# Event labels
# ---------------------------------------------------------------------------------------------

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

AIR = (REMOTE, "Air/drone strike")
SHELLING = (REMOTE, "Shelling/artillery/missile attack")
IED = (REMOTE, "Remote explosive/landmine/IED")
SUICIDE = (REMOTE, "Suicide bomb")
GRENADE = (REMOTE, "Grenade")
CHEMICAL = (REMOTE, "Chemical weapon")
CLASH = (BATTLES, "Armed clash")
GOV_TERRITORY = (BATTLES, "Government regains territory")
NSA_TERRITORY = (BATTLES, "Non-state actor overtakes territory")
VAC_ATTACK = (VAC, "Attack")
ABDUCTION = (VAC, "Abduction/forced disappearance")
SEXUAL = (VAC, "Sexual violence")
PEACEFUL = (PROTESTS, "Peaceful protest")
INTERVENTION = (PROTESTS, "Protest with intervention")
EXCESSIVE = (PROTESTS, "Excessive force against protesters")
VIOLENT_DEMO = (RIOTS, "Violent demonstration")
MOB = (RIOTS, "Mob violence")
AGREEMENT = (STRATEGIC, "Agreement")
ARRESTS = (STRATEGIC, "Arrests")
LOOTING = (STRATEGIC, "Looting/property destruction")
DISRUPTED = (STRATEGIC, "Disrupted weapons use")

Label = tuple[str, str]

# ---------------------------------------------------------------------------------------------
# Word lists (lower-case lemmas)
# ---------------------------------------------------------------------------------------------

# Words that make "strike"/"struck"/"bombed" military. Entities (a GPE or NORP modifying the
# trigger, "US strikes") count too, see _military_strike.
MILITARY_WORDS = word_set(
    "military army troop force drone uav warplane jet aircraft plane helicopter gunship bomber "
    "missile rocket artillery pentagon navy militia militant coalition airstrike air airforce "
    "defence defense war weapon soldier rebel insurgent target base ceasefire truce offensive "
    "frontline warring"
)
AIR_WORDS = word_set(
    "drone uav warplane jet aircraft plane helicopter gunship bomber air airstrike airforce aerial"
)
PROJECTILE_WORDS = word_set("missile rocket artillery mortar shell projectile")
# A sentence about work stoppages or hunger strikes is never an air strike.
LABOUR_WORDS = word_set(
    "worker union employee staff wage pay salary hunger labour labor docker nurse teacher "
    "driver miner picket walkout pension employer"
)
# Actors who fight: "clash" and "battle" need one of them in the sentence.
ARMED_WORDS = word_set(
    "army troop soldier force military militant rebel fighter militia militiaman insurgent "
    "jihadist guerrilla gunman separatist police policeman gendarme commando marine "
    "paratrooper armed taliban shabab isis isil hezbollah houthi hamas wagner"
)
SPORT_WORDS = word_set(
    "footballer player team fan match game referee whistle coach league goal tournament "
    "club championship stadium"
)
NONSTATE_WORDS = word_set(
    "rebel militant insurgent fighter militia militiaman jihadist guerrilla gunman separatist "
    "group front movement brigade brigades faction resistance liberation mujahideen assailant "
    "attacker extremist terrorist bandit taliban shabab isis isil"
)
STATE_WORDS = word_set(
    "army troop soldier force forces military police policeman government regime navy "
    "gendarmerie marine paratrooper commando authority junta ministry"
)
COMBATANT_WORDS = NONSTATE_WORDS | word_set(
    "soldier troop policeman officer guard commander sniper paratrooper marine combatant "
    "personnel serviceman"
)
CIVILIAN_WORDS = word_set(
    "civilian villager resident journalist reporter student pupil child kid woman man girl boy "
    "people person worshipper farmer herder passenger worker teacher doctor nurse patient "
    "refugee family infant baby mourner pilgrim shopper trader activist lawyer priest imam "
    "inhabitant fisherman miner driver tourist voter politician candidate mayor chief "
    "councillor villager teenager youth elder employee volunteer humanitarian"
)
PROTESTER_WORDS = word_set("protester protestor demonstrator marcher")
CROWD_WORDS = PROTESTER_WORDS | word_set(
    "people thousand hundred dozen student worker resident woman farmer activist supporter "
    "teacher crowd citizen villager youth opposition doctor nurse lawyer employee"
)
PLACE_NOUNS = word_set(
    "town city village district province region area territory base airport position capital "
    "hill border crossing port oilfield outpost checkpoint centre center headquarters "
    "stronghold neighbourhood neighborhood suburb county state island bridge road highway dam "
    "camp barracks garrison locality settlement municipality valley mountain front airbase "
    "enclave"
)
PROPERTY_NOUNS = word_set(
    "house home village shop store building car vehicle church mosque school office market hut "
    "crop field property station warehouse factory hospital clinic temple tyre tire bus"
)
WEAPON_NOUNS = word_set(
    "drone missile rocket projectile aircraft plane jet helicopter uav bomb device ied "
    "explosive explosives shipment weapon arm truck vehicle boat vessel ammunition mine "
    "landmine grenade shell mortar round munition warhead"
)
# What an "attack" or "opened fire" hit decides what it was: a battle or violence on civilians.
MILITARY_TARGETS = word_set(
    "post base checkpoint convoy patrol barracks position outpost garrison headquarters "
    "airbase army troop soldier force military unit"
)
CIVILIAN_TARGETS = CIVILIAN_WORDS | word_set(
    "village market church mosque school wedding funeral bus worshipper congregation "
    "hospital clinic home house settlement hamlet"
)
PROTEST_PURPOSES = word_set(
    "protest denounce demand condemn oppose demonstrate reject decry mourn voice express call"
)
COMMUNICATION_NOUNS = word_set("call message communication email letter signal")
# Violence by the crowd itself turns a protest into a violent demonstration (ACLED "Riots").
CROWD_VIOLENCE = word_set(
    "hurl throw torch loot storm smash vandalise vandalize ransack clash riot attack"
)
PROJECTILES_THROWN = word_set("stone rock bottle molotov brick firebomb cocktail")
INTERVENTION_WORDS = word_set(
    "disperse arrest detain baton teargas tear cannon rubber crackdown clear beat"
)
LETHAL_WORDS = word_set("kill shoot fire ammunition dead die death")
MODAL_WORDS = word_set("would could may might will shall should can must")
HYPOTHETICAL_HEADS = word_set(
    "threaten plan vow warn call urge demand fear prepare intend consider propose seek want "
    "aim risk prevent avert threat plan plot"
)
HYPOTHETICAL_MODIFIERS = word_set("future possible potential planned imminent further")
REPORTING_HEADS = word_set(
    "say report tell claim confirm state add announce allege accuse blame write post cite"
)
DENIAL_HEADS = word_set("deny reject dismiss refute disavow")
LOC_PREPS = word_set(
    "in near at outside around across inside into on over off along throughout within "
    "towards toward through from"
)
TARGET_PREPS = word_set("on against at")
CLAUSE_DEPS = word_set("ROOT ccomp advcl relcl xcomp conj csubj parataxis acl pcomp")
ACTOR_LABELS = word_set("ORG GPE NORP PERSON")
PLACE_LABELS = word_set("GPE LOC FAC")
TIME_LABELS = word_set("DATE TIME")
POINT_IN_TIME = word_set(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today tonight "
    "overnight morning afternoon evening night dawn dusk midnight noon last earlier ago this "
    "weekend january february march april may june july august september october november "
    "december"
)

NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "dozen": 12,
    "a": 1,
    "an": 1,
}

# ---------------------------------------------------------------------------------------------
# Matcher patterns
# ---------------------------------------------------------------------------------------------

HYPHEN = {"ORTH": "-", "OP": "?"}


def _tok(words: str, pos: str | None = None) -> dict[str, Any]:
    """One token by lemma (space-separated alternatives), optionally restricted by POS."""
    forms = words.split()
    spec: dict[str, Any] = {"LEMMA": {"IN": forms + [w.capitalize() for w in forms]}}
    if pos:
        spec["POS"] = {"IN": pos.split()}
    return spec


def _phrase(*parts: str) -> list[dict[str, Any]]:
    """Consecutive tokens, each given as lemma alternatives; a hyphen may join them."""
    pattern: list[dict[str, Any]] = []
    for i, part in enumerate(parts):
        if i:
            pattern.append(HYPHEN)
        pattern.append(_tok(part))
    return pattern


@dataclass(frozen=True, slots=True)
class _Entry:
    """A lexicon entry: Matcher patterns, the label it gives and the check a match must pass.

    ``check`` returns the label to use (it may refine the default) or None to drop the match.
    ``family`` groups entries that describe one happening, for merging within a sentence;
    ``agentive`` marks participant nouns ("protesters"), a weaker trigger than an event word.
    """

    key: str
    patterns: tuple[list[dict[str, Any]], ...]
    label: Label
    family: str
    check: Callable[[Span, Label], Label | None] | None = None
    agentive: bool = False
    score: float = 0.8


# ---------------------------------------------------------------------------------------------
# Context checks, one per ambiguous entry
# ---------------------------------------------------------------------------------------------


def _lemmas(tokens: Iterable[Token]) -> set[str]:
    return {t.lemma_.lower() for t in tokens}


def _sentence_lemmas(span: Span) -> frozenset[str]:
    """The lemmas of the span's sentence, read once per sentence (see doc_cache)."""
    sent = span.sent
    return facts(span.doc).per_sentence("lemmas", sent, lambda: frozenset(_lemmas(sent)))


def _in_labour_context(span: Span) -> bool:
    """Is this 'strike' a work stoppage (workers, unions, pay; 'went on strike')?"""
    root = span.root
    if _sentence_lemmas(span) & LABOUR_WORDS:
        return True
    # "went on strike", "general strike", "strike action"
    if root.head.lower_ == "on" and root.dep_ == "pobj":
        return True
    return any(c.lower_ in ("general", "national", "nationwide") for c in root.children) or (
        root.dep_ == "compound" and root.head.lemma_.lower() in ("action", "ballot", "vote")
    )


def _local_lemmas(root: Token) -> set[str]:
    """Lemmas around a trigger: its modifiers, its verb's arguments, a light verb's subject.

    What flew or was fired is named here ("Israeli jets struck", "a missile strike", "jets
    carried out strikes"), not elsewhere in the sentence, which may report another attack.
    """
    tokens = list(root.subtree) if root.pos_ != "VERB" else []
    if root.pos_ == "VERB":
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj", "agent", "prep"):
                tokens.extend(child.subtree)
    elif root.dep_ in ("dobj", "nsubjpass") and root.head.pos_ == "VERB":
        tokens.extend(t for c in root.head.children if c.dep_ == "nsubj" for t in c.subtree)
    return _lemmas(tokens)


def _subtype_from_instruments(lemmas: set[str], default: Label) -> Label:
    if lemmas & AIR_WORDS:
        return AIR
    if lemmas & PROJECTILE_WORDS:
        return SHELLING
    return default


def _military_strike(span: Span, label: Label) -> Label | None:
    """'strike'/'struck' alone: an air or missile strike only in a military sentence."""
    if _in_labour_context(span):
        return None
    root = span.root
    if root.dep_ == "compound" or (root.dep_ == "amod" and root.head.pos_ == "NOUN"):
        return None  # "carrier strike group", "strike force", "strike aircraft"
    lemmas = _sentence_lemmas(span)
    modifiers = [c for c in root.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    by_state = any(c.ent_type_ in ("GPE", "NORP") for c in modifiers)
    if root.pos_ == "VERB":
        # "struck a deal", "an earthquake struck": the subject or object must be military.
        args = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent")]
        arg_lemmas = _lemmas(t for a in args for t in a.subtree)
        if not (arg_lemmas & (MILITARY_WORDS | ARMED_WORDS)) and not (lemmas & AIR_WORDS):
            return None
        if any(c.lemma_.lower() in ("deal", "chord", "balance", "agreement") for c in args):
            return None
    elif not (by_state or lemmas & MILITARY_WORDS):
        return None
    return _subtype_from_instruments(_local_lemmas(root), label)


def _bombing(span: Span, label: Label) -> Label | None:
    """'bombing'/'bombed': from the air when aircraft are in the sentence, else a bomb."""
    root = span.root
    if root.dep_ == "compound" and root.head.lemma_.lower() in ("campaign", "suspect"):
        return label
    lemmas = _sentence_lemmas(span)
    if lemmas & AIR_WORDS:
        return AIR
    return IED if root.pos_ == "NOUN" else None


def _air_raid(span: Span, label: Label) -> Label | None:
    """'raids' alone: air raids when aircraft carried them out ('jets carried out raids'),
    not police raids on offices."""
    return label if _local_lemmas(span.root) & AIR_WORDS else None


def _bomb_noun(span: Span, label: Label) -> Label | None:
    root = span.root
    if root.dep_ == "compound" and root.head.lemma_.lower() in (
        "disposal",
        "squad",
        "threat",
        "shelter",
        "scare",
        "hoax",
        "expert",
        "technician",
        "detector",
    ):
        return None
    if any(c.lemma_.lower() in ("atomic", "nuclear", "petrol", "smoke") for c in root.children):
        return None
    return label


def _projectile(span: Span, label: Label) -> Label | None:
    """'rockets'/'missiles' alone: only when fired, or when they hit or fell somewhere."""
    root = span.root
    head = root.head.lemma_.lower()
    if root.dep_ in ("dobj", "nsubjpass") and head in ("fire", "launch", "lob"):
        return label
    if root.dep_ in ("nsubj",) and head in (
        "hit",
        "land",
        "fall",
        "strike",
        "slam",
        "target",
        "rain",
        "explode",
        "crash",
    ):
        return label
    if root.dep_ == "pobj" and root.head.lower_ == "with":
        # "targeted the base with rockets"
        verb = _clause_head(root.head)
        if verb.lemma_.lower() in ("target", "attack", "hit", "strike", "pound", "shell"):
            return label
    return None


def _mortar(span: Span, label: Label) -> Label | None:
    lemmas = _sentence_lemmas(span)
    if lemmas & (MILITARY_WORDS | ARMED_WORDS) or span.root.tag_ == "NNS":
        return label
    if span.root.dep_ == "compound" or any(c.dep_ == "compound" for c in span.root.children):
        return label
    return None


def _grenade(span: Span, label: Label) -> Label | None:
    # "rocket-propelled grenades" are a weapon of battle, not a grenade attack.
    left = span.doc[max(span.start - 3, 0) : span.start]
    return None if any(t.lower_ == "propelled" for t in left) else label


def _armed_context(span: Span, label: Label) -> Label | None:
    """'clash'/'battle'/'skirmish': armed actors in the sentence and no sport or politics;
    a crowd clashing with police is a riot."""
    lemmas = _sentence_lemmas(span)
    if lemmas & SPORT_WORDS:
        return None
    root = span.root
    if root.pos_ == "VERB" and _is_crowd(subject_of(root)) and "police" in lemmas:
        return VIOLENT_DEMO
    if any(
        c.lemma_.lower() in ("legal", "political", "court", "electoral", "verbal", "diplomatic")
        for c in span.root.children
    ):
        return None
    if lemmas & (ARMED_WORDS | MILITARY_WORDS | PLACE_NOUNS - {"state"}):
        return label
    return None


def _fighting(span: Span, label: Label) -> Label | None:
    """'fighting' as a noun ('weeks of fighting', 'fled the fighting'), not 'fighting fires'."""
    root = span.root
    if _sentence_lemmas(span) & SPORT_WORDS:
        return None
    children = list(root.children)
    if any(c.dep_ in ("dobj", "xcomp") for c in children):
        return None
    if any(c.dep_ == "prep" and c.lower_ in ("for", "against", "to", "back") for c in children):
        return None
    if root.dep_ in ("pcomp", "ROOT") or any(c.dep_ in ("aux", "nsubj") for c in children):
        # a verb: "they were fighting", kept only with armed actors around
        return _armed_context(span, label)
    return label


def subject_of(verb: Token) -> Token | None:
    """The verb's subject; a relative pronoun ('students who gathered') gives its noun."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
        return verb.head
    return subject


def _is_crowd(token: Token | None) -> bool:
    if token is None:
        return False
    if token.like_num or token.pos_ == "NUM":
        return True
    return bool(_lemmas(noun_phrase_tokens(token)) & (CROWD_WORDS | {"angry"}))


def _place_object(verb: Token) -> Token | None:
    """The place a capture verb's object names ('the town of X', 'control of X'), if any."""
    for child in verb.children:
        if child.dep_ not in ("dobj", "nsubjpass"):
            continue
        for obj in (child, *[t for t in child.subtree if t.dep_ == "pobj"]):
            if obj.ent_type_ in PLACE_LABELS or obj.lemma_.lower() in PLACE_NOUNS:
                return obj
    return None


def _capturer(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def actor_kind(token: Token | None) -> str | None:
    """'state', 'nonstate' or None for an actor noun phrase headed by ``token``."""
    if token is None:
        return None
    phrase = list(noun_phrase_tokens(token))
    lemmas = _lemmas(phrase)
    if lemmas & NONSTATE_WORDS:
        return "nonstate"
    head = token.lemma_.lower()
    if head in STATE_WORDS or token.lower_ in STATE_WORDS:
        # "Arakan Army", "Kachin Independence Army": a capitalised name without a country
        # adjective is an armed group; "the Sudanese army" and "government forces" are states.
        proper = token.pos_ == "PROPN" and token.text[:1].isupper()
        national = any(t.ent_type_ in ("NORP", "GPE") for t in phrase if t.i != token.i)
        if proper and not national:
            return "nonstate"
        return "state"
    if any(t.lemma_.lower() in STATE_WORDS for t in phrase):
        return "state"
    return None


def _territory(span: Span, label: Label) -> Label | None:
    """Capture verbs: the object must be a place; who took it decides the sub-type."""
    verb = span.root
    if verb.pos_ != "VERB":
        verb = verb.head if verb.head.pos_ == "VERB" else verb
    if _place_object(verb) is None:
        # Only places are retaken or overrun, so any proper-noun object will do ("retook
        # Palmyra", tagged PERSON by the small model); "captured" may take a person.
        retaking = span.root.lower_[:5] in ("retoo", "retak", "recap", "overr")
        named = any(c.dep_ == "dobj" and c.pos_ == "PROPN" for c in verb.children)
        if not (retaking and named):
            return None
    kind = actor_kind(_capturer(verb))
    return GOV_TERRITORY if kind == "state" else NSA_TERRITORY


def _fell_to(span: Span, label: Label) -> Label | None:
    """'the town fell to the rebels'."""
    verb = span.root
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or not (
        subject.ent_type_ in PLACE_LABELS or subject.lemma_.lower() in PLACE_NOUNS
    ):
        return None
    prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "to"), None)
    taker = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
    if taker is None:
        return None
    return GOV_TERRITORY if actor_kind(taker) == "state" else NSA_TERRITORY


def _victims(verb: Token) -> list[Token]:
    """People a violent verb acts on: its object, passive subject, or 'of' object for nouns."""
    found = []
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            found.append(child)
        elif child.dep_ == "prep" and child.lower_ == "of" and verb.pos_ == "NOUN":
            found.extend(c for c in child.children if c.dep_ == "pobj")
    if not found and verb.dep_ in ("acl", "amod") and verb.head.pos_ in ("NOUN", "PROPN"):
        found.append(verb.head)  # "18 people killed"
    expanded = []
    for token in found:
        expanded.append(token)
        expanded.extend(c for c in token.conjuncts)
    return expanded


def _victim_kind(token: Token) -> str | None:
    """'civilian', 'combatant' or None for a victim noun (looks into 'members of X')."""
    lemma = token.lemma_.lower()
    words = {lemma}
    if lemma in ("member", "one", "some", "many", "dozen", "hundred") or token.like_num:
        words |= _lemmas(t for t in token.subtree)
    if words & COMBATANT_WORDS:
        return "combatant"
    if words & CIVILIAN_WORDS or token.ent_type_ == "PERSON":
        return "civilian"
    return None


def _civilian_victims(span: Span, label: Label) -> Label | None:
    """Killings are violence against civilians only when the victims are civilians."""
    victims = _victims(span.root)
    if _lemmas(victims) & PROTESTER_WORDS:
        return EXCESSIVE
    kinds = {_victim_kind(v) for v in victims}
    if "civilian" in kinds and "combatant" not in kinds:
        return label
    return None


def _mob_or_victims(span: Span, label: Label) -> Label | None:
    """A crowd that lynches or beats someone to death is mob violence (ACLED 'Riots')."""
    if _is_crowd(subject_of(span.root)) or _lemmas(span.root.children) & {"mob"}:
        return MOB
    return _not_combatant_victims(span, label)


def _not_combatant_victims(span: Span, label: Label) -> Label | None:
    """Shootings, murders: civilians unless the victims are fighters or soldiers."""
    victims = _victims(span.root)
    if _lemmas(victims) & PROTESTER_WORDS:
        return EXCESSIVE
    if any(_victim_kind(v) == "combatant" for v in victims):
        return None
    return label


def _targets(verb: Token) -> list[Token]:
    """What a verb was aimed at: its object, passive subject, or 'on|at X'."""
    found = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("on", "at"):
            found.extend(c for c in child.children if c.dep_ == "pobj")
    return [m for t in found for m in (t, *t.conjuncts)]


def _by_target(span: Span, label: Label) -> Label | None:
    """'attacked'/'stormed'/'opened fire on': a battle against soldiers or military posts,
    violence against civilians when villagers, worshippers or a market were hit, a protest
    met with force when protesters were; anything else (the tennis net) is no event."""
    verb = span.root
    if _is_crowd(subject_of(verb)) and span.root.lemma_.lower() != "open":
        return None  # crowds storming buildings are handled as riots
    targets = _targets(verb)
    lemmas = _lemmas(targets)
    around = _lemmas(t for target in targets for t in target.subtree)
    if lemmas & PROTESTER_WORDS:
        return EXCESSIVE
    if lemmas & MILITARY_TARGETS or "military" in around or lemmas & COMBATANT_WORDS:
        return CLASH
    if lemmas & CIVILIAN_TARGETS:
        return VAC_ATTACK
    return None


def _gathering(span: Span, label: Label) -> Label | None:
    """'gathered/assembled ... to denounce X': a crowd meeting for a purpose is a protest."""
    verb = span.root
    if not _is_crowd(subject_of(verb)):
        return None
    purposes = [c for c in verb.children if c.dep_ in ("advcl", "xcomp", "conj")]
    if any(p.lemma_.lower() in PROTEST_PURPOSES for p in purposes):
        return label
    return None


def _execution(span: Span, label: Label) -> Label | None:
    root = span.root
    if root.pos_ == "NOUN":
        if any(
            c.lemma_.lower() in ("extrajudicial", "summary", "public", "mass")
            for c in root.children
        ):
            return label
        return _civilian_victims(span, label)
    return _civilian_victims(span, label)


def _protest_verb(span: Span, label: Label) -> Label | None:
    """'protest'/'rally'/'march'/'demonstrate' as verbs: a crowd does it, somewhere."""
    verb = span.root
    if verb.ent_type_ in TIME_LABELS:
        return None  # "March"
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None:
        if actor_kind(subject) == "state" or subject.lemma_.lower() in COMBATANT_WORDS:
            return None  # "troops marched into the city"
        if subject.lemma_.lower() in ("stock", "share", "market", "price", "currency", "index"):
            return None
    if any(c.dep_ == "dobj" for c in verb.children) and verb.lemma_.lower() != "stage":
        return None  # "rallied support", "demonstrated the need", "protested his innocence"
    crowd = subject is not None and (
        _lemmas(subject.subtree) & CROWD_WORDS or subject.like_num or subject.pos_ == "NUM"
    )
    located = any(c.dep_ == "prep" and c.lower_ in LOC_PREPS | {"against"} for c in verb.children)
    return label if crowd or located else None


def _protest_noun(span: Span, label: Label) -> Label | None:
    root = span.root
    if root.ent_type_ in TIME_LABELS:
        return None
    if any(
        c.lemma_.lower() in ("diplomatic", "formal", "official", "strong") for c in root.children
    ):
        return None
    if root.head.lemma_.lower() in ("lodge", "file", "register", "note", "letter", "vote"):
        return None
    if root.dep_ == "pobj" and root.head.lower_ == "in" and root.head.head.pos_ == "VERB":
        return None  # "resigned in protest"
    if root.lemma_.lower() == "demonstration" and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in root.children
    ):
        return None  # "a demonstration of force"
    if root.lemma_.lower() == "rally" and any(
        c.lemma_.lower() in ("market", "stock", "price", "share") for c in root.children
    ):
        return None
    return label


def _riot(span: Span, label: Label) -> Label | None:
    root = span.root
    if root.dep_ == "compound" and root.head.lemma_.lower() in (
        "police",
        "gear",
        "squad",
        "shield",
        "control",
        "officer",
        "unit",
    ):
        return None
    return label


def _arrest(span: Span, label: Label) -> Label | None:
    root = span.root
    if root.pos_ == "NOUN" and root.dep_ == "compound":
        return None  # "arrest warrant"
    if root.pos_ == "VERB" and actor_kind(_capturer(root)) == "nonstate":
        return ABDUCTION
    return label


def _agreement_head(span: Span, label: Label) -> Label | None:
    """'ceasefire', 'truce': not as a modifier ('ceasefire committee', 'truce monitors')."""
    root = span.root
    if root.dep_ == "compound" and root.head.pos_ in ("NOUN", "PROPN"):
        return None
    return label


def _agreement_noun(span: Span, label: Label) -> Label | None:
    """'deal'/'agreement'/'accord' alone: signed or reached between armed parties."""
    root = span.root
    head = root.head.lemma_.lower()
    if head not in ("sign", "reach", "strike", "agree", "broker", "conclude", "seal", "announce"):
        return None
    if _sentence_lemmas(span) & (ARMED_WORDS | {"side", "party", "warring", "government"}):
        return label
    return None


def _property(span: Span, label: Label) -> Label | None:
    """Looting and arson; done by a crowd ('angry residents set fire to') it is a riot."""
    verb = span.root
    if verb.pos_ != "VERB" and verb.head.pos_ == "VERB":
        verb = verb.head
    return VIOLENT_DEMO if _is_crowd(subject_of(verb)) else label


def _burn(span: Span, label: Label) -> Label | None:
    victims = _victims(span.root)
    if any(v.lemma_.lower() in PROPERTY_NOUNS for v in victims):
        return _property(span, label)
    return None


def _disrupt(span: Span, label: Label) -> Label | None:
    """'intercepted', 'shot down': weapons or vehicles, not phone calls or people."""
    objects = _victims(span.root)
    lemmas = _lemmas(t for o in objects for t in o.subtree)
    if lemmas & COMMUNICATION_NOUNS:
        return None
    # Without an object ("the missile was intercepted" as a passive subject is an object
    # here) the verb alone is specific enough.
    return label if lemmas & WEAPON_NOUNS or not objects else None


# ---------------------------------------------------------------------------------------------
# The lexicon
# ---------------------------------------------------------------------------------------------


def _lexicon() -> tuple[_Entry, ...]:
    T = _tok
    P = _phrase
    return (
        # Explosions/remote violence
        _Entry(
            "air_strike",
            (
                [T("airstrike air-strike airstrikes", "NOUN VERB PROPN")],
                P("air", "strike raid attack bombardment"),
                P("drone uav", "strike attack"),
                P("aerial", "bombardment bombing attack strike"),
                P("bombing", "raid run"),
                [T("airraid")],
            ),
            AIR,
            "air",
            score=0.9,
        ),
        _Entry("strike", ([T("strike", "NOUN VERB")],), AIR, "air", _military_strike, score=0.6),
        _Entry("bombing", ([T("bombing", "NOUN")], [T("bomb", "VERB")]), AIR, "air", _bombing),
        _Entry("raid", ([T("raid", "NOUN")],), AIR, "air", _air_raid, score=0.6),
        _Entry(
            "shelling",
            (
                [T("shelling", "NOUN")],
                [T("shell", "VERB")],
                [{"LOWER": {"IN": ["shelled", "shelling"]}}],
            ),
            SHELLING,
            "shell",
            score=0.9,
        ),
        _Entry(
            "artillery",
            ([T("artillery", "NOUN PROPN")], [T("bombardment barrage", "NOUN")]),
            SHELLING,
            "shell",
        ),
        _Entry("mortar", ([T("mortar", "NOUN")],), SHELLING, "shell", _mortar),
        _Entry(
            "missile_attack",
            (
                P("rocket missile", "attack strike fire barrage salvo"),
                [T("rocket missile"), T("and"), T("mortar rocket"), T("attack strike fire")],
            ),
            SHELLING,
            "shell",
            score=0.9,
        ),
        _Entry("projectile", ([T("rocket missile", "NOUN")],), SHELLING, "shell", _projectile),
        _Entry(
            "ied",
            (
                P("roadside car truck", "bomb"),
                P("roadside", "explosion blast device mine"),
                [T("ied ieds", "NOUN PROPN")],
                [{"LOWER": {"IN": ["ied", "ieds"]}}],
                P("land", "mine"),
                [T("landmine", "NOUN")],
                P("explosive", "device"),
                P("improvised", "explosive", "device"),
                P("bomb", "blast explosion attack"),
            ),
            IED,
            "ied",
            score=0.9,
        ),
        _Entry("bomb", ([T("bomb", "NOUN")],), IED, "ied", _bomb_noun, score=0.7),
        _Entry(
            "suicide",
            (
                [
                    T("suicide"),
                    {"OP": "?", "LEMMA": {"IN": ["car", "truck", "vest"]}},
                    T("bombing bomber bomb attack attacker blast"),
                ],
                [T("blow"), {"LOWER": {"IN": ["himself", "herself", "themselves"]}}, T("up")],
            ),
            SUICIDE,
            "suicide",
            score=0.9,
        ),
        _Entry("grenade", ([T("grenade", "NOUN")],), GRENADE, "grenade", _grenade),
        _Entry(
            "chemical",
            (
                P("chemical gas chlorine sarin", "attack weapon"),
                P("poison", "gas"),
            ),
            CHEMICAL,
            "chemical",
            score=0.9,
        ),
        # Battles
        _Entry(
            "battle_sure",
            (
                [T("firefight gunfight shootout skirmish", "NOUN VERB")],
                P("gun", "battle fight"),
                [T("exchange"), T("of"), T("fire gunfire")],
                [T("exchange", "VERB"), T("fire gunfire")],
                [T("ambush", "NOUN VERB")],
            ),
            CLASH,
            "battle",
            score=0.9,
        ),
        _Entry("clash", ([T("clash battle", "NOUN VERB")],), CLASH, "battle", _armed_context),
        _Entry("fighting", ([{"LOWER": "fighting"}],), CLASH, "battle", _fighting),
        _Entry(
            "territory",
            (
                [T("capture recapture retake overrun", "VERB")],
                [{"LOWER": {"IN": ["retook", "retaken", "retakes", "retaking"]}}],
                [T("seize take regain wrest", "VERB"), T("control")],
                [T("seize", "VERB")],
                [T("take", "VERB"), T("over")],
            ),
            NSA_TERRITORY,
            "territory",
            _territory,
        ),
        _Entry(
            "attack_verb",
            ([T("attack storm", "VERB")], [T("open", "VERB"), T("fire")]),
            VAC_ATTACK,
            "kill",
            _by_target,
            score=0.6,
        ),
        _Entry("fell_to", ([T("fall", "VERB"), T("to")],), NSA_TERRITORY, "territory", _fell_to),
        # Violence against civilians
        _Entry("kill", ([T("kill", "VERB")],), VAC_ATTACK, "kill", _civilian_victims, score=0.6),
        _Entry(
            "murder",
            (
                [T("massacre", "NOUN VERB")],
                [T("murder behead lynch", "VERB NOUN")],
                [T("gun", "VERB"), T("down")],
                [
                    T("hack beat stab stone burn", "VERB"),
                    # "beat a suspected thief to death": the victim's words in between
                    {
                        "OP": "{0,4}",
                        "POS": {"IN": ["PRON", "NOUN", "NUM", "DET", "ADJ", "VERB", "PROPN"]},
                    },
                    T("to"),
                    T("death"),
                ],
            ),
            VAC_ATTACK,
            "kill",
            _mob_or_victims,
        ),
        _Entry(
            "shot_dead",
            ([T("shoot", "VERB"), T("dead")],),
            VAC_ATTACK,
            "kill",
            _not_combatant_victims,
        ),
        _Entry("execute", ([T("execute execution", "VERB NOUN")],), VAC_ATTACK, "kill", _execution),
        _Entry(
            "abduct",
            (
                [T("kidnap abduct", "VERB")],
                [T("kidnapping abduction", "NOUN")],
                [T("take", "VERB"), T("hostage")],
                P("hostage", "taking"),
            ),
            ABDUCTION,
            "abduct",
            score=0.9,
        ),
        _Entry(
            "sexual",
            (
                [T("rape", "VERB NOUN")],
                [{"LOWER": {"IN": ["raped", "rapes", "raping", "rape"]}}],
                P("sexual", "violence assault"),
                [T("sexually"), T("assault abuse")],
            ),
            SEXUAL,
            "sexual",
        ),
        # Protests and riots
        _Entry(
            "protest_noun",
            (
                [T("protest demonstration rally march vigil", "NOUN")],
                P("sit", "in"),
                P("hunger", "strike"),
            ),
            PEACEFUL,
            "protest",
            _protest_noun,
        ),
        _Entry(
            "protest_verb",
            ([T("protest demonstrate rally march", "VERB")],),
            PEACEFUL,
            "protest",
            _protest_verb,
        ),
        _Entry(
            "gathering",
            ([T("gather assemble converge", "VERB")],),
            PEACEFUL,
            "protest",
            _gathering,
            score=0.6,
        ),
        _Entry(
            "protester",
            ([T("protester protestor demonstrator marcher", "NOUN PROPN")],),
            PEACEFUL,
            "protest",
            agentive=True,
        ),
        _Entry(
            "riot",
            ([T("riot rioting", "NOUN VERB")], [T("rioter", "NOUN PROPN")]),
            VIOLENT_DEMO,
            "protest",
            _riot,
        ),
        _Entry("mob", ([T("mob", "NOUN")], P("mob", "violence justice")), MOB, "mob", _riot),
        # Strategic developments
        _Entry(
            "arrest",
            (
                [T("arrest detain apprehend", "VERB NOUN")],
                [T("round", "VERB"), T("up")],
                [T("take", "VERB"), T("into"), T("custody")],
            ),
            ARRESTS,
            "arrest",
            _arrest,
        ),
        _Entry(
            "agreement_sure",
            (
                [T("ceasefire truce armistice", "NOUN PROPN VERB")],
                P("cease", "fire"),
                P("ceasefire truce peace", "agreement deal accord treaty"),
            ),
            AGREEMENT,
            "agreement",
            _agreement_head,
            score=0.9,
        ),
        _Entry(
            "agreement",
            ([T("agreement deal accord", "NOUN")],),
            AGREEMENT,
            "agreement",
            _agreement_noun,
            score=0.6,
        ),
        _Entry(
            "loot",
            (
                [T("loot ransack torch raze vandalise vandalize demolish bulldoze", "VERB")],
                [T("looting", "NOUN")],
                [
                    T("set", "VERB"),
                    {"OP": "?", "POS": {"IN": ["DET", "PRON", "NOUN"]}},
                    T("fire ablaze alight"),
                ],
            ),
            LOOTING,
            "loot",
            _property,
        ),
        _Entry("burn", ([T("burn", "VERB")],), LOOTING, "loot", _burn),
        _Entry(
            "disrupt",
            (
                [T("intercept defuse thwart foil", "VERB")],
                [T("shoot", "VERB"), T("down")],
                [T("interception", "NOUN")],
            ),
            DISRUPTED,
            "disrupt",
            _disrupt,
        ),
    )


# ---------------------------------------------------------------------------------------------
# The suggester
# ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Hit:
    """A trigger match that passed its check, before the sentence is reconciled.

    ``family`` follows the label the check gave: a killing of protesters belongs with the
    protest, an "attack" on a military post with the battles.
    """

    span: Span
    entry: _Entry
    label: Label
    family: str = ""

    def __post_init__(self) -> None:
        if self.label[0] == PROTESTS or self.label == VIOLENT_DEMO:
            self.family = "protest"
        elif self.label == CLASH:
            self.family = "battle"
        else:
            self.family = self.entry.family


class EventSuggester:
    """Proposes ACLED-style events from trigger words, with role arguments and attributes.

    Builds its trigger matcher on the pipeline's vocabulary once; afterwards it holds no
    per-document state, so one instance serves every document of a run. A call only reads
    the Doc, apart from caching facts about it in :mod:`newsmark.nlp.doc_cache`. Run it
    on the thread that owns the Doc: spaCy's ``Doc`` and ``Vocab`` are not safe to share
    with a thread that is parsing, so a background worker keeps its own suggester.
    """

    def __init__(self, nlp: Language, origin: str = "rule:event-triggers"):
        self.origin = origin
        self._entries = {entry.key: entry for entry in _lexicon()}
        self._matcher = TriggerMatcher(
            nlp.vocab, [(entry.key, entry.patterns) for entry in self._entries.values()]
        )

    def __call__(self, doc: Doc) -> list[EventCandidate]:
        hits = self._hits(doc)
        # A sentence as the parser sees it can run over a title, a byline and the first
        # paragraph; a blank line ends the unit within which triggers are merged.
        by_sentence: dict[tuple[int, int], list[_Hit]] = {}
        for hit in hits:
            sent = hit.span.sent
            line = len(PARAGRAPH_BREAK.findall(doc_text(doc), sent.start_char, hit.span.start_char))
            by_sentence.setdefault((sent.start, line), []).append(hit)
        events: list[EventCandidate] = []
        for sentence_hits in by_sentence.values():
            for hit in _reconcile(sentence_hits):
                events.append(self._event(hit))
        return events

    # -- matching ------------------------------------------------------------------------------

    def _hits(self, doc: Doc) -> list[_Hit]:
        from spacy.util import filter_spans

        vocab = doc.vocab
        spans = {}
        for match_id, start, end in self._matcher(doc):
            key = vocab.strings[match_id]
            span = doc[start:end]
            # A match must stay inside one sentence, and not inside a link's address.
            if span.sent.start != doc[end - 1].sent.start or in_url(doc, span.start_char):
                continue
            spans.setdefault((start, end), (span, key))
        # Longest match wins where matches overlap: "drone strike" over "strike".
        kept = filter_spans([span for span, _ in spans.values()])
        hits = []
        for span in sorted(kept, key=lambda s: s.start):
            entry = self._entries[spans[(span.start, span.end)][1]]
            label = entry.check(span, entry.label) if entry.check else entry.label
            if label is not None:
                hits.append(_Hit(span, entry, label))
        return hits

    # -- building one candidate ----------------------------------------------------------------

    def _event(self, hit: _Hit) -> EventCandidate:
        span = hit.span
        trigger = replace(
            make_span(span.doc, span.start_char, span.end_char, "TRIGGER", self.origin),
            score=hit.entry.score,
        )
        arguments, attributes = _arguments(hit, self.origin)
        attributes["rule"] = hit.entry.key
        modality = _modality(span)
        if modality:
            attributes["modality"] = modality
        return EventCandidate(
            type=hit.label[0],
            subtype=hit.label[1],
            trigger=trigger,
            origin=self.origin,
            arguments=tuple(arguments),
            attributes=attributes,
            score=hit.entry.score,
        )


# ---------------------------------------------------------------------------------------------
# One sentence: fold outcomes into their events, merge duplicates
# ---------------------------------------------------------------------------------------------


def _reconcile(hits: list[_Hit]) -> list[_Hit]:
    """Apply ACLED's precedence to the triggers of one sentence and merge duplicates."""
    families = {h.family for h in hits}
    sentence = hits[0].span.sent
    lemmas = _lemmas(sentence)

    # A weapon that was shot down, intercepted or defused did not strike.
    if "disrupt" in families:
        hits = [h for h in hits if h.label[0] != REMOTE]
    # A bare "bomb" or "struck" next to a named weapon is that weapon's attack ("glide bombs"
    # beside artillery, "a suicide car bomb struck a convoy").
    named = [h for h in hits if h.label[0] == REMOTE and h.entry.key not in ("bomb", "strike")]
    if named:
        hits = [h for h in hits if h.entry.key != "bomb"]
        hits = [h for h in hits if not (h.entry.key == "strike" and _acted_by(h, named))]

    # Protests: arrests and property damage are part of the protest; clashes make it a riot.
    crowd = [h for h in hits if h.family in ("protest",)]
    if crowd:
        label = _protest_label(crowd, hits, lemmas)
        absorbed = {"arrest", "loot", "kill"}
        if label == VIOLENT_DEMO:
            absorbed.add("battle")
        hits = [h for h in hits if h.family not in absorbed]
        for h in hits:
            if h.family == "protest":
                h.label = label

    # A killing in a sentence with another event is that event's outcome, not a second event.
    others = [h for h in hits if h.family not in ("kill", "agreement")]
    if others:
        hits = [h for h in hits if h.family != "kill"]
    if {"mob"} & families:
        hits = [h for h in hits if h.family != "loot"]
    # "rockets struck the base, setting fire to a depot": the fire is the strike's damage.
    if any(h.family not in ("loot", "agreement", "arrest") for h in hits):
        hits = [h for h in hits if not (h.family == "loot" and subject_of(h.span.root) is None)]

    merged: dict[Label | str, _Hit] = {}
    for hit in hits:
        key: Label | str = "protest" if hit.family == "protest" else hit.label
        best = merged.get(key)
        if best is None or (best.entry.agentive and not hit.entry.agentive):
            merged[key] = hit
    return sorted(merged.values(), key=lambda h: h.span.start)


def _acted_by(hit: _Hit, others: list[_Hit]) -> bool:
    """Is the subject of this trigger verb another trigger ('a car bomb struck')?"""
    subject = next((c for c in hit.span.root.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    inside = {t.i for t in subject.subtree}
    return any(inside & set(range(o.span.start, o.span.end)) for o in others)


def _protest_label(crowd: list[_Hit], hits: list[_Hit], lemmas: set[str]) -> Label:
    if any(h.label == VIOLENT_DEMO for h in crowd):
        return VIOLENT_DEMO
    if any(h.family == "battle" for h in hits) or _crowd_violence(crowd):
        return VIOLENT_DEMO
    if any(h.family == "loot" for h in hits):
        return VIOLENT_DEMO
    if _lethal_force(crowd[0].span.sent):
        return EXCESSIVE
    if lemmas & INTERVENTION_WORDS or any(h.family == "arrest" for h in hits):
        return INTERVENTION
    return PEACEFUL


def _lethal_force(sentence: Span) -> bool:
    """Were people killed or shot at: 'killing four', 'opened fire on', 'live ammunition'?

    A protest sentence that only counts the dead of months of unrest ('leaving 460 people
    dead') is not excessive force at this protest.
    """
    lemmas = _lemmas(sentence)
    if "live" in lemmas and lemmas & {"ammunition", "fire", "round", "bullet"}:
        return True
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB":
            continue
        if lemma == "kill" or (lemma == "shoot" and not lemmas & {"rubber", "gas", "teargas"}):
            return True
        if lemma == "open" and any(c.lemma_.lower() == "fire" for c in token.children):
            return True
        if lemma == "die" and _lemmas(c for c in token.children if c.dep_ == "nsubj") & (
            PROTESTER_WORDS
        ):
            return True
    return False


def _crowd_violence(crowd: list[_Hit]) -> bool:
    """Did the protesters themselves throw stones, loot, torch or storm something?"""
    sentence = crowd[0].span.sent
    for token in sentence:
        lemma = token.lemma_.lower()
        if token.pos_ != "VERB" or lemma not in CROWD_VIOLENCE:
            continue
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        doers = _lemmas(subject.subtree) if subject is not None else set()
        by_crowd = bool(doers & CROWD_WORDS) or any(
            h.span.root == subject for h in crowd if subject is not None
        )
        if lemma in ("hurl", "throw"):
            thrown = _lemmas(t for c in token.children if c.dep_ == "dobj" for t in c.subtree)
            if thrown & PROJECTILES_THROWN and (by_crowd or subject is None):
                return True
        elif by_crowd:
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Arguments and attributes
# ---------------------------------------------------------------------------------------------

# Verbs that only say an attack was made: their subject made it.
LIGHT_VERBS = word_set(
    "carry launch conduct stage mount fire order unleash execute perpetrate commit "
    "intensify step resume"
)
# Verbs whose object a weapon or attack (their subject) hit.
HITTING_VERBS = word_set(
    "hit target strike kill destroy damage wound injure struck slam tear rip level flatten wreck"
)


def _role_tokens(hit: _Hit) -> list[tuple[str, Token]]:
    """(role, head token) pairs from the dependency parse around the trigger."""
    span = hit.span
    root = span.root
    kind = hit.label[0]
    people_role = "victim" if kind == VAC else "target"
    found: list[tuple[str, Token]] = []

    verb = root if root.pos_ == "VERB" else None
    if verb is None and root.head.lemma_.lower() in LIGHT_VERBS:
        # "carried out air raids", "air raids were carried out by X": the light verb's
        # subject or agent acts (not the subject of "described the strikes").
        light = root.head
        if root.dep_ == "dobj":
            found.extend(("attacker", c) for c in light.children if c.dep_ == "nsubj")
        elif root.dep_ == "nsubjpass":
            for agent in (c for c in light.children if c.dep_ == "agent"):
                found.extend(("attacker", c) for c in agent.children if c.dep_ == "pobj")
    if verb is None and root.dep_ == "nsubj" and root.head.lemma_.lower() in HITTING_VERBS:
        # "A missile attack targeted a ship", "an IED hit a vehicle"
        found.extend((people_role, c) for c in root.head.children if c.dep_ == "dobj")
    if verb is not None:
        for child in verb.children:
            if child.dep_ == "nsubj":
                found.append(("attacker", child))
            elif child.dep_ == "agent":
                found.extend(("attacker", c) for c in child.children if c.dep_ == "pobj")
            elif child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() not in (
                "control",  # "seized control of X": X is the place
                "fire",  # "opened fire"
                "hostage",  # "took hostage"
            ):
                found.append((people_role, child))
    else:
        for child in root.children:
            if child.ent_type_ in TIME_LABELS:
                continue  # "Sunday's airstrikes"
            if child.dep_ == "poss" or (
                child.dep_ in ("compound", "amod") and child.ent_type_ in ACTOR_LABELS
            ):
                found.append(("attacker", child))  # "US airstrikes", "Israel's strikes"
    # "by X", "on|against X", "with|between X" under the trigger (nouns) or its verb
    for child in (verb or root).children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            if verb is None:
                found.extend(("attacker", c) for c in child.children if c.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ in TARGET_PREPS | {"with", "between"}:
            for obj in (c for c in child.children if c.dep_ == "pobj"):
                if obj.ent_type_ in PLACE_LABELS and child.lower_ != "with":
                    continue  # "strikes on Gaza": a place, picked up with the places
                if child.lower_ in ("with", "between") and kind in (BATTLES, STRATEGIC):
                    found.append(("participant", obj))
                    found.extend(("participant", c) for c in obj.conjuncts)
                elif child.lower_ in TARGET_PREPS:
                    found.append((people_role, obj))

    # Protesters and parties to an agreement take part; nobody attacks.
    if kind in (PROTESTS, RIOTS):
        found = [("participant" if role == "attacker" else role, tok) for role, tok in found]
        if hit.entry.agentive:
            found.append(("participant", root))
    if hit.label == AGREEMENT:
        found = [("participant", tok) for _, tok in found]
    if hit.label == ARRESTS:
        found = [(role if role == "attacker" else "target", tok) for role, tok in found]
    return found


def _arguments(hit: _Hit, origin: str) -> tuple[list[ArgumentCandidate], dict[str, Any]]:
    """Role arguments (spans) and attributes (fatalities, injured, date_text) of an event."""
    span = hit.span
    sent = span.sent
    doc = span.doc
    found = _role_tokens(hit)

    arguments: list[ArgumentCandidate] = []
    seen: set[tuple[str, int, int]] = set()

    def add(role: str, candidate: SpanCandidate | None) -> None:
        if candidate is None:
            return
        key = (role, candidate.start, candidate.end)
        overlaps_trigger = candidate.start < span.end_char and span.start_char < candidate.end
        if key in seen or overlaps_trigger:
            return
        seen.add(key)
        arguments.append(ArgumentCandidate(role=role, span=candidate))

    for role, token in found:
        if (
            token.i < sent.start
            or token.i >= sent.end
            or (token.pos_ in ("PRON",) and (token.lower_ in ("who", "which", "that")))
        ):
            continue
        if not same_paragraph(doc, span.start_char, token.idx) or token.ent_type_ in TIME_LABELS:
            continue
        add(role, actor_span(token, origin))

    attributes: dict[str, Any] = {}
    taken = {(a.span.start, a.span.end) for a in arguments if a.span is not None}
    for ent in _places(span):
        if not any(s <= ent.start_char and ent.end_char <= e for s, e in taken):
            add("place", make_span(doc, ent.start_char, ent.end_char, ent.label_, origin))
    times = _times(span)
    for ent in times[:1]:
        add("time", make_span(doc, ent.start_char, ent.end_char, ent.label_, origin))
        attributes["date_text"] = ent.text

    counts = _casualties(hit)
    for name, (value, victims) in counts.items():
        attributes[name] = value
        if name == "fatalities" and hit.label[0] != BATTLES:
            for token in victims:
                add("victim", actor_span(token, origin))
    return arguments, attributes


def _clause_head(token: Token) -> Token:
    """The verb whose clause holds ``token`` (the token itself when it is one)."""
    current = token
    while current.pos_ not in ("VERB", "AUX") and current.dep_ != "ROOT":
        current = current.head
    return current


def _path_to(token: Token, stops: set[int]) -> list[Token] | None:
    """Tokens from ``token`` up to the first ancestor in ``stops`` (exclusive), else None."""
    path = []
    current = token
    while current.i not in stops:
        path.append(current)
        if current.head.i == current.i:
            return None
        current = current.head
    return path


def _places(span: Span) -> list[Span]:
    """GPE/LOC/FAC entities attached to the trigger's clause by a locative preposition."""
    root = span.root
    clause = _clause_head(root)
    anchors = {t.i for t in span} | {clause.i}
    attached = []
    for ent in _place_names(span.sent):
        if ent.start < span.end and span.start < ent.end:
            continue
        if not same_paragraph(span.doc, span.start_char, ent.start_char):
            continue
        path = _path_to(ent.root, anchors)
        preps = [t for t in path or () if t.dep_ == "prep"]
        if (
            path is not None
            and any(p.lower_ in LOC_PREPS for p in preps)
            and all(t.dep_ not in CLAUSE_DEPS for t in path)
        ):
            attached.append(ent)
    return attached


def _place_names(sent: Span) -> list[Span]:
    """GPE/LOC/FAC entities, and names after 'the town/village/city of' whatever the model
    took them for (the small model reads many unfamiliar place names as people)."""
    ents = sentence_ents(sent)
    found = [ent for ent in ents if ent.label_ in PLACE_LABELS]
    for ent in ents:
        if ent.label_ in PLACE_LABELS or ent.root.dep_ != "pobj":
            continue
        of = ent.root.head
        if of.lower_ == "of" and of.head.lemma_.lower() in PLACE_NOUNS:
            relabelled = sent.doc.char_span(ent.start_char, ent.end_char, label="GPE")
            if relabelled is not None:
                found.append(relabelled)
    return found


def _is_point_in_time(ent: Span) -> bool:
    words = {t.lower_ for t in ent}
    if words & POINT_IN_TIME:
        return True
    return any(t.like_num and len(t.text) == 4 for t in ent)  # a year


def _times(span: Span) -> list[Span]:
    """DATE/TIME entities of the sentence that name a moment, the trigger's clause first."""
    clause = _clause_head(span.root)
    anchors = {t.i for t in span} | {clause.i}
    points = [
        e
        for e in sentence_ents(span.sent)
        if e.label_ in TIME_LABELS
        and _is_point_in_time(e)
        and same_paragraph(span.doc, span.start_char, e.start_char)
    ]
    attached = [
        e
        for e in points
        if _path_to(e.root, anchors) is not None
        and all(t.dep_ not in CLAUSE_DEPS for t in _path_to(e.root, anchors) or ())
    ]
    return attached + [e for e in points if e not in attached]


def _tree_distance(a: Token, b: Token) -> int:
    ancestors_a = [a, *a.ancestors]
    ancestors_b = [b, *b.ancestors]
    index_b = {t.i: n for n, t in enumerate(ancestors_b)}
    for n, token in enumerate(ancestors_a):
        if token.i in index_b:
            return n + index_b[token.i]
    return 10_000


def _casualties(hit: _Hit) -> dict[str, tuple[int, list[Token]]]:
    """Fatalities and injured counted in the trigger's sentence ('killing five', '18 died')."""
    sent = hit.span.sent
    totals: dict[str, tuple[int, list[Token]]] = {}
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma in ("kill", "die", "dead") or (lemma == "shoot" and _has_child(token, "dead")):
            name = "fatalities"
        elif lemma in ("wound", "injure", "hurt", "injured", "wounded"):
            name = "injured"
        else:
            continue
        if token.pos_ not in ("VERB", "ADJ", "NOUN"):
            continue
        if (
            lemma == "dead"
            and token.dep_ not in ("oprd", "acomp", "ccomp", "attr", "ROOT")
            and not (token.head.like_num or token.head.pos_ == "NUM")
        ):
            continue  # "dead" qualifying something else: "a dead end"
        count, victims = _count_for(token)
        if count is None:
            continue
        # Several events in a sentence: the count belongs to the nearest trigger in the tree.
        if _tree_distance(token, hit.span.root) > _nearest_other(token, hit):
            continue
        # Two casualty words in one sentence are usually two reports of one toll ("reported
        # to have killed 17, while later reports said one died"): keep the larger.
        if count > totals.get(name, (0, []))[0]:
            totals[name] = (count, victims)
    return totals


def _nearest_other(token: Token, hit: _Hit) -> int:
    """Tree distance from a casualty word to the closest trigger of another event word."""
    sent = hit.span.sent
    best = 10_000
    for other in sent:
        if other.i in range(hit.span.start, hit.span.end):
            continue
        if other.lemma_.lower() in _EVENT_HEADS and other.i != token.i:
            best = min(best, _tree_distance(token, other))
    return best


# Words that head other events: a casualty word nearer one of these is not ours.
_EVENT_HEADS = word_set(
    "airstrike strike raid bombing shelling artillery rocket missile bomb ied landmine clash "
    "battle fighting ambush firefight grenade protest demonstration rally riot"
)


def _has_child(token: Token, lower: str) -> bool:
    return any(c.lower_ == lower for c in token.children)


def _count_for(token: Token) -> tuple[int | None, list[Token]]:
    """The number of people a casualty word reports, and the victim nouns it names."""
    lemma = token.lemma_.lower()
    candidates: list[Token] = []
    if lemma == "dead" and (token.head.like_num or token.head.pos_ == "NUM"):
        candidates = [token.head]  # "five dead"
    elif lemma in ("dead", "wounded", "injured") and token.dep_ in ("oprd", "acomp", "ccomp"):
        verb = token.head  # "left five dead"
        candidates = [c for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass")]
    elif lemma in ("die",):
        candidates = [c for c in token.children if c.dep_ == "nsubj"]
    else:
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children)
        deps = ("nsubjpass",) if passive else ("dobj",)
        candidates = [c for c in token.children if c.dep_ in deps]
        if not candidates and passive is False and token.dep_ in ("acl", "amod"):
            candidates = [token.head]  # "18 people killed", "12 wounded civilians"
        if not candidates and token.dep_ == "acl":
            candidates = [token.head]
    total = 0
    victims: list[Token] = []
    for noun in candidates:
        for member in (noun, *noun.conjuncts):
            value = _number_of(member)
            if value is not None:
                total += value
                if not member.like_num:
                    victims.append(member)
    return (total if total else None), victims


def _number_of(noun: Token) -> int | None:
    """'38' -> 38; 'five journalists' -> 5; 'two dozen people' -> 24; 'dozens' -> None."""
    if noun.like_num or noun.pos_ == "NUM":
        return parse_number(
            [*(c for c in noun.children if c.dep_ in ("compound", "quantmod", "nummod")), noun]
        )
    for child in noun.children:
        if child.dep_ == "nummod":
            return parse_number(
                [
                    *(c for c in child.children if c.dep_ in ("compound", "quantmod", "nummod")),
                    child,
                ]
            )
    return None


def parse_number(tokens: Sequence[Token]) -> int | None:
    """Digits or English number words ('1,200', 'five', 'two dozen', 'twenty-one') to an int."""
    words = [t.lower_ for t in sorted(tokens, key=lambda t: t.i)]
    total = 0
    current = 0
    seen = False
    for word in words:
        if word in (
            "least",
            "at",
            "more",
            "than",
            "about",
            "some",
            "nearly",
            "over",
            "around",
            "almost",
            "up",
            "to",
        ):
            continue
        digits = word.replace(",", "")
        if digits.isdigit():
            current += int(digits)
            seen = True
            continue
        parts = word.split("-")
        if all(p in NUMBER_WORDS for p in parts):
            value = sum(NUMBER_WORDS[p] for p in parts)
            if value in (100, 1000) and current:
                current *= value
            elif value == 12 and word == "dozen" and current:
                current *= 12
            else:
                current += value
            if value == 1000:
                total += current
                current = 0
            seen = True
            continue
        return None
    return total + current if seen else None


def _modality(span: Span) -> str | None:
    """'denied', 'hypothetical' or 'reported' from negation, modals and governing verbs."""
    root = span.root
    sent = span.sent
    if any(c.dep_ == "neg" or c.lower_ in ("no", "never") for c in root.children):
        return "denied"
    if any(c.lower_ in HYPOTHETICAL_MODIFIERS for c in root.children):
        return "hypothetical"
    clause_verb = _clause_head(root)
    chain = [root, *root.ancestors]
    in_own_clause = True
    result = None
    for token in chain:
        lemma = token.lemma_.lower()
        if token.i != root.i and lemma in DENIAL_HEADS:
            return "denied"
        if (
            in_own_clause
            and any(c.dep_ == "neg" for c in token.children)
            and token.pos_
            in (
                "VERB",
                "AUX",
            )
        ):
            return "denied"
        if token.i != root.i and lemma in HYPOTHETICAL_HEADS and token.pos_ == "VERB":
            return "hypothetical"
        if in_own_clause and any(
            c.dep_ == "aux" and c.lower_ in MODAL_WORDS for c in token.children
        ):
            result = result or "hypothetical"
        if token.i != root.i and lemma in REPORTING_HEADS and token.pos_ == "VERB":
            result = result or "reported"
        if token.i == clause_verb.i:
            in_own_clause = False
    if result is None and any(
        t.lower_ == "according"
        and t.nbor(1).lower_ == "to"
        and same_paragraph(span.doc, span.start_char, t.idx)
        for t in sent
        if t.i + 1 < sent.end
    ):
        result = "reported"
    return result


# ---------------------------------------------------------------------------------------------
# Span helpers (shared with claims.py)
# ---------------------------------------------------------------------------------------------

# Children whose subtrees are not part of a compact noun phrase: clauses, appositions, asides.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_URL = re.compile(r"https?://|www\.|\w\.\w+/\S")
_CUT_DEPS = word_set("relcl acl appos punct advcl parataxis cc conj prep")
_KEEP_PREPS = word_set("of from in by")


def noun_phrase_tokens(head: Token) -> list[Token]:
    """The head's compact noun phrase: modifiers and 'of/from/in/by X', no clauses or asides.

    Coordinated heads ("the army and the militia") are separate arguments, not one phrase.
    """
    tokens = [head]
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in _KEEP_PREPS and child.i > head.i:
            tokens.append(child)
            for grand in child.children:
                if grand.dep_ == "pobj":
                    tokens.extend(noun_phrase_tokens(grand))
            continue
        if child.dep_ in _CUT_DEPS:
            continue
        tokens.extend(child.subtree)
    # Keep the contiguous run around the head: a cut in the middle ends the phrase.
    indexes = sorted({t.i for t in tokens})
    position = indexes.index(head.i)
    start = end = position
    while start > 0 and indexes[start - 1] == indexes[start] - 1:
        start -= 1
    while end + 1 < len(indexes) and indexes[end + 1] == indexes[end] + 1:
        end += 1
    doc = head.doc
    run = [doc[i] for i in indexes[start : end + 1]]
    while (
        run
        and run[0].i != head.i
        and (run[0].dep_ in ("det", "punct", "cc", "case") or run[0].is_punct)
    ):
        if run[0].dep_ == "det" and run[0].lower_ not in ("the", "a", "an"):
            break
        run = run[1:]
    while (
        run
        and run[-1].i != head.i
        and (run[-1].is_punct or run[-1].dep_ in ("cc", "case", "prep") or run[-1].pos_ == "ADP")
    ):
        run = run[:-1]
    return run


def same_sentence(tokens: Iterable[Token], anchor: Token) -> list[Token]:
    """The tokens that lie in the anchor's sentence.

    ``Token.sent`` walks to the sentence's edges on every access; comparing it per token made
    claim extraction quadratic in sentence length, so the bounds are read once here.
    """
    sent = anchor.sent
    return [t for t in tokens if sent.start <= t.i < sent.end]


def in_url(doc: Doc, offset: int) -> bool:
    """Is this character part of a web address ('.../fuel-protest-port-selim')?"""
    text = doc_text(doc)
    # The nearer of a space and a line break on each side; the line break is looked for only
    # as far as the space (a text without line breaks is not read to its ends each time).
    space = text.rfind(" ", 0, offset)
    start = max(space, text.rfind("\n", space + 1, offset)) + 1
    space = text.find(" ", offset)
    end = space if space >= 0 else len(text)
    newline = text.find("\n", offset, end)
    chunk = text[start : newline if newline >= 0 else end]
    return bool(_URL.search(chunk))


def same_paragraph(doc: Doc, a: int, b: int) -> bool:
    """Are character offsets a and b in one paragraph (no blank line between them)?

    The parser's sentences can run from a headline over a byline into the first paragraph;
    what a trigger or a cue says stays on its side of a blank line.
    """
    low, high = (a, b) if a <= b else (b, a)
    return not facts(doc).has_paragraph_break(low, high)


def _trim_markup(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop markdown emphasis and stray marks from a span's edges ('Farah Ondieki**')."""
    while end > start + 1 and text[end - 1] in "*_#|":
        end -= 1
    while start < end - 1 and text[start] in "*_#|":
        start += 1
    return start, end


def make_span(
    doc: Doc, start: int, end: int, label: str, origin: str, **attributes: Any
) -> SpanCandidate:
    """A SpanCandidate over character offsets of ``doc``, its text taken from the document.

    Whitespace at either end is left out: a noun phrase that ends at a headline takes the
    paragraph break after it as a token of its own.
    """
    text = doc_text(doc)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return SpanCandidate(
        start=start,
        end=end,
        label=label,
        text=text[start:end],
        origin=origin,
        attributes=dict(attributes),
    )


def entity_of(token: Token) -> Span | None:
    """The named entity covering ``token``, if any."""
    if not token.ent_type_:
        return None
    return facts(token.doc).at[token.i]


def actor_span(head: Token, origin: str) -> SpanCandidate | None:
    """An actor-like argument: the entity covering the head, else its compact noun phrase.

    Labelled with the entity label (ORG, GPE, NORP, PERSON, ...) when it is an entity, else
    ``ACTOR``. Stays inside the head's sentence.
    """
    doc = head.doc
    sent = head.sent
    ent = entity_of(head)
    if ent is not None and ent.label_ in ACTOR_LABELS | PLACE_LABELS:
        start, end = ent.start_char, ent.end_char
        # "the United Nations" keeps its article; a leading "the" of a plain entity is dropped.
        if ent[0].lower_ == "the" and len(ent) > 1 and ent.label_ not in ("ORG",):
            start = ent[1].idx
        start, end = _trim_markup(doc_text(doc), start, end)
        return make_span(doc, start, end, ent.label_, origin)
    tokens = [
        t
        for t in noun_phrase_tokens(head)
        if sent.start <= t.i < sent.end and same_paragraph(doc, head.idx, t.idx)
    ]
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    start, end = _trim_markup(doc_text(doc), start, end)
    label = "ACTOR"
    for ent in sentence_ents(sent):
        if ent.start_char == start and ent.end_char == end and ent.label_ in ACTOR_LABELS:
            label = ent.label_
    return make_span(doc, start, end, label, origin)


def token_range_span(
    tokens: Sequence[Token],
    label: str,
    origin: str,
    anchor: int | None = None,
    **attributes: Any,
) -> SpanCandidate | None:
    """A span from the first to the last of ``tokens``, trimmed of edge punctuation.

    With ``anchor`` (a character offset, the cue's) only tokens in its paragraph count.
    """
    ordered = sorted(tokens, key=lambda t: t.i)
    if anchor is not None and ordered:
        ordered = [t for t in ordered if same_paragraph(t.doc, anchor, t.idx)]
    while ordered and (ordered[0].is_punct or ordered[0].is_space):
        ordered = ordered[1:]
    while ordered and (ordered[-1].is_punct or ordered[-1].is_space):
        ordered = ordered[:-1]
    if not ordered:
        return None
    doc = ordered[0].doc
    start = ordered[0].idx
    end = ordered[-1].idx + len(ordered[-1].text)
    return make_span(doc, start, end, label, origin, **attributes)
