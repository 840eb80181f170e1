"""Claim suggestions from attribution rules over a parsed spaCy Doc.

A claim is found at a reporting or stance verb (the cue: "said", "denied", "accused",
"called for", "claimed responsibility", "according to"). Its claimant is the verb's subject,
or the subject of the verb it hangs off ("..., adding that", "accusing them of"); its content
is the reported clause, the quotation the verb introduces or closes (which may run over
several sentences), or, for verbs that take one, the object ("condemned the attack",
"denied any involvement"). A cue with no content is not a claim: "said goodbye" proposes
nothing, and neither does a negated cue ("did not say") or one under "declined to".

The type comes from the cue, corrected by the content where the verb hides it: a plain "said"
over "we will respond" is a threat, over "there was no airstrike" a denial; "warned that the
dam could burst" is a prediction, not a threat. Decisions a curator should know: any
reported clause is an assertion, however mundane ("said the festival would go ahead"), since
check-worthiness is judged later, in the review.

spaCy is imported inside methods only, so importing this module costs nothing at start-up.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from newsmark.nlp.candidates import ClaimCandidate, SpanCandidate
from newsmark.nlp.doc_cache import doc_text
from newsmark.nlp.events import (
    ACTOR_LABELS,
    PARAGRAPH_BREAK,
    actor_span,
    entity_of,
    in_url,
    make_span,
    noun_phrase_tokens,
    same_sentence,
    subject_of,
    token_range_span,
    word_set,
)
from newsmark.nlp.trigger_matching import TriggerMatcher

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

# ---------------------------------------------------------------------------------------------
# Cue lexicon
# ---------------------------------------------------------------------------------------------

ASSERTION = "assertion"
DENIAL = "denial"
ACCUSATION = "accusation"
CONDEMNATION = "condemnation"
THREAT = "threat"
PREDICTION = "prediction"
DEMAND = "demand"
RESPONSIBILITY = "responsibility_claim"

CUE_TYPES: dict[str, str] = {
    **dict.fromkeys(word_set("deny reject disavow dismiss refute"), DENIAL),
    **dict.fromkeys(word_set("accuse blame allege"), ACCUSATION),
    **dict.fromkeys(word_set("condemn denounce"), CONDEMNATION),
    **dict.fromkeys(word_set("warn threaten vow"), THREAT),
    **dict.fromkeys(word_set("predict forecast"), PREDICTION),
    **dict.fromkeys(word_set("demand urge insist call appeal"), DEMAND),
    **dict.fromkeys(
        word_set(
            "say tell state add announce describe confirm report argue claim admit acknowledge "
            "write note explain stress declare assert welcome praise hail"
        ),
        ASSERTION,
    ),
}
POSITIVE = word_set("welcome praise hail")
# Verbs whose direct object is what they claim ("condemned the attack"). Others ("told
# reporters", "said goodbye") need a clause or a quotation.
OBJECT_CONTENT = word_set(
    "deny reject disavow dismiss refute accuse blame allege condemn denounce threaten vow "
    "predict forecast demand urge announce confirm report acknowledge admit claim welcome "
    "praise hail describe"
)
# Verbs that need an "as" phrase for their object to be a claim ("described X as Y").
NEEDS_AS = frozenset({"describe", "dismiss"})
# Verbs whose object is their claim before any clause ("welcomed the raids", where a
# mis-parse may hang a clause on the verb too).
OBJECT_FIRST = word_set("welcome praise hail condemn denounce")
# "claimed over one million lives" is a death toll, not a claim.
NOT_CLAIMED = word_set("life victim casualty")
# Things that "threaten" without making a threat ("an escalation that threatens the region").
INANIMATE_NOUNS = word_set(
    "escalation conflict violence crisis situation move decision spiral war fighting storm "
    "flood fire drought policy plan law measure development tension tensions instability "
    "attack strike action disease outbreak pandemic inflation shortage spillover collapse "
    "deal vote change rise fall"
)
# Subjects that make threats with a bare object ("the union threatened a strike").
ANIMATE_NOUNS = word_set(
    "group militia army government official minister president spokesman spokeswoman "
    "spokesperson leader commander force rebel militant movement ministry state country "
    "regime administration party faction union organisation organization man woman people "
    "protester worker police soldier fighter gunman insurgent chief general"
)
# Verbs whose infinitive is their claim ("threatened to shell", "denied carrying out").
XCOMP_CONTENT = word_set("threaten vow deny urge demand claim admit warn predict refuse")
# Climbing from a subjectless cue to the verb whose subject speaks: "..., adding that",
# "accusing them of", "and called for", "after accusing".
INHERIT_DEPS = word_set("advcl xcomp conj pcomp prep acl")
SILENCING_HEADS = word_set("decline refuse fail")
SAYING = word_set("say tell add")
RESPONSIBILITY_NOUNS = frozenset({"responsibility", "credit"})
# "claimed the attack": claiming an act is claiming responsibility for it.
CLAIMED_ACTS = word_set(
    "attack bombing killing assault strike ambush operation kidnapping explosion blast "
    "assassination raid shooting"
)
# "said it had fired rockets at X": a speaker saying it did this claims responsibility.
RESPONSIBLE_ACTS = word_set(
    "attack target fire launch strike shell bomb kill destroy hit down ambush"
)
SPEAKER_PRONOUNS = word_set("we i it they")
# "said the army had not carried out the strike": a denial under a neutral verb.
ACT_WORDS = word_set(
    "attack target strike kill bomb shell fire carry launch order conduct involve involvement "
    "responsible airstrike raid shoot hit use commit"
)
RETALIATION_WORDS = word_set("respond retaliate avenge strike attack punish hit destroy pay crush")
# "it would strike a deal" is business, not retaliation.
PEACEFUL_OBJECTS = word_set("deal agreement balance chord note bargain compromise")
QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"))


@dataclass(frozen=True, slots=True)
class _Quote:
    """A quotation's inside: offsets between its marks, trimmed of a final comma."""

    start: int  # first character inside the quotation marks
    end: int  # one past the last character inside


class ClaimSuggester:
    """Proposes claims (cue, claimant, content, type, stance) at reporting and stance verbs.

    Builds its trigger matcher on the pipeline's vocabulary once and keeps no per-document
    state, so one instance serves every document of a run. A call only reads the Doc (facts
    about it are cached in :mod:`newsmark.nlp.doc_cache`). Run it on the thread that owns the
    Doc: spaCy's ``Doc`` and ``Vocab`` are not safe to share with a thread that is parsing, so a
    background worker keeps its own suggester.
    """

    def __init__(self, nlp: Language, origin: str = "rule:attribution"):
        self.origin = origin
        lemmas = sorted(CUE_TYPES)
        forms = lemmas + [w.capitalize() for w in lemmas]
        self._matcher = TriggerMatcher(
            nlp.vocab,
            [
                ("CUE", [[{"LEMMA": {"IN": forms}, "POS": {"IN": ["VERB", "AUX"]}}]]),
                ("ACCORDING", [[{"LOWER": "according"}, {"LOWER": "to"}]]),
            ],
        )

    def __call__(self, doc: Doc) -> list[ClaimCandidate]:
        quotes = _Quotes(doc_text(doc))
        claims: list[ClaimCandidate] = []
        seen: set[tuple[int, int]] = set()
        for match_id, start, end in sorted(self._matcher(doc), key=lambda m: m[1]):
            name = doc.vocab.strings[match_id]
            if in_url(doc, doc[start].idx):
                continue
            if name == "ACCORDING":
                claim = self._according_to(doc[start:end])
            else:
                claim = self._verb_claim(doc[start], quotes)
            if claim is None or (claim.cue.start, claim.cue.end) in seen:
                continue
            seen.add((claim.cue.start, claim.cue.end))
            claims.append(claim)
        claims = _fold_quoted_cues(claims)
        _attach_continued_quotes(doc, claims, quotes)
        return claims

    # -- "according to X" ----------------------------------------------------------------------

    def _according_to(self, cue: Span) -> ClaimCandidate | None:
        according = cue[0]
        to = cue[-1]
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        # The claim is the clause "according to" modifies, minus the attribution itself.
        head = according.head
        while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT":
            head = head.head
        drop = {t.i for t in according.subtree}
        tokens = [t for t in same_sentence(head.subtree, cue) if t.i not in drop]
        content = token_range_span(tokens, "CLAIM", self.origin, according.idx)
        if content is None:
            return None
        doc = cue.doc
        return ClaimCandidate(
            type=ASSERTION,
            cue=make_span(doc, cue.start_char, cue.end_char, "CUE", self.origin),
            origin=self.origin,
            content=content,
            claimant=None if source is None else _claimant_span(source, self.origin),
            score=0.8,
        )

    # -- verbs ---------------------------------------------------------------------------------

    def _verb_claim(self, verb: Token, quotes: _Quotes) -> ClaimCandidate | None:
        lemma = verb.lemma_.lower()
        if verb.dep_ in ("amod", "compound") or _negated(verb) or _silenced(verb):
            return None
        if verb.dep_ == "acl" and verb.tag_ == "VBN" and not _has_agent(verb):
            return None  # "a man accused of blasphemy": a description, nobody speaks
        if lemma == "claim" and any(
            t.lemma_.lower() in NOT_CLAIMED
            for c in verb.children
            if c.dep_ == "dobj"
            for t in c.subtree
        ):
            return None  # "claimed over one million lives", "claimed thousands of lives"
        if lemma == "threaten" and not _can_threaten(verb):
            return None  # "an escalation that threatens the region"
        speaker = _speaker(verb)
        attributes: dict[str, Any] = {}
        found = self._content(verb, lemma, quotes, speaker, attributes)
        if found is None:
            return None
        content, claim_type, cue_tokens = found
        if _empty_content(verb.doc, content):
            return None

        claim_type = _refine_type(claim_type, lemma, verb, content)
        stance = None
        if claim_type in (DENIAL, CONDEMNATION, ACCUSATION):
            stance = "negative"
        elif lemma in POSITIVE:
            stance = "positive"
        if content.attributes.get("quote"):
            attributes["quote"] = True
        cue = token_range_span(_contiguous(cue_tokens), "CUE", self.origin)
        if cue is None:
            return None
        return ClaimCandidate(
            type=claim_type,
            cue=cue,
            origin=self.origin,
            content=SpanCandidate(content.start, content.end, "CLAIM", content.text, self.origin),
            claimant=None if speaker is None else _claimant_span(speaker, self.origin),
            stance=stance,
            attributes=attributes,
            score=0.8 if speaker is not None else 0.6,
        )

    def _content(
        self,
        verb: Token,
        lemma: str,
        quotes: _Quotes,
        speaker: Token | None,
        attributes: dict[str, Any],
    ) -> tuple[SpanCandidate, str, list[Token]] | None:
        """The claim's content, its type as the cue gives it, and the cue's tokens."""
        cue_tokens = [verb, *(c for c in verb.children if c.dep_ == "prt" and c.i == verb.i + 1)]
        responsibility = _responsibility_object(verb)
        if responsibility is not None:
            # "claimed responsibility for X" (content X); "claimed the attack" (content: it)
            target = _prep_object(responsibility, "for") or _prep_object(verb, "for")
            if target is not None:
                content = self._subtree_span(target, verb)
                cue_tokens.append(responsibility)
            elif responsibility.lemma_.lower() in CLAIMED_ACTS:
                content = self._subtree_span(responsibility, verb)
            else:
                return None  # "claimed responsibility" for nothing named: nothing to check
            return None if content is None else (content, RESPONSIBILITY, cue_tokens)
        if lemma == "call":
            content, claim_type, extra = self._call(verb)
            return None if content is None else (content, claim_type, [*cue_tokens, *extra])
        claim_type = CUE_TYPES[lemma]
        content = None
        if lemma in ("accuse", "blame"):
            content = self._accusation(verb, attributes)
        if content is None and (lemma in OBJECT_FIRST or _object_before_clause(verb)):
            content = self._object_content(verb)
        if content is None:
            content = self._clause_or_quote(verb, quotes)
        if content is None and lemma in ("warn", "threaten"):
            of = _prep_object(verb, "of") or _prep_object(verb, "against")
            content = self._subtree_span(of, verb) if of is not None else None
        if content is None and lemma == "insist":
            on = _prep_object(verb, "on")
            content = self._subtree_span(on, verb) if on is not None else None
        if content is None and lemma in OBJECT_CONTENT:
            content = self._object_content(verb)
        if content is None:
            content = self._preceding_clause(verb, speaker)
        if content is None:
            return None
        if lemma == "insist":
            claim_type = DEMAND if _is_directive(verb) else ASSERTION
        return content, claim_type, cue_tokens

    def _preceding_clause(self, verb: Token, speaker: Token | None) -> SpanCandidate | None:
        """'Exports fell, the union said': the clause the cue is attached to, before it."""
        if verb.dep_ not in ("parataxis", "advcl", "conj") or verb.head.i > verb.i:
            return None
        children = list(verb.children)
        if any(c.dep_ in ("dobj", "ccomp", "xcomp", "auxpass", "nsubjpass") for c in children):
            return None  # its own content, or passive: "after the verdict was announced"
        first = min(t.i for t in verb.subtree if not t.is_punct)
        if speaker is not None:
            ent = entity_of(speaker)
            starts = [t.i for t in speaker.subtree if not t.is_punct]
            first = min(first, ent.start if ent is not None else min(starts))
        if first == 0 or not verb.doc[first - 1].is_punct:
            return None  # the attribution is set off by a comma: "..., the union said"
        tokens = [t for t in same_sentence(verb.head.subtree, verb) if t.i < first]
        if len([t for t in tokens if not t.is_punct]) < 3:
            return None
        return token_range_span(_strip_markers(tokens), "CLAIM", self.origin, verb.idx)

    def _subtree_span(self, head: Token, verb: Token) -> SpanCandidate | None:
        # A cue coordinated into the complement ("that Y had been stolen and called for Z",
        # a common mis-parse) is a claim of its own, not part of this one.
        skip = {
            t.i
            for c in head.children
            if c.dep_ == "conj" and c.lemma_.lower() in CUE_TYPES
            for t in c.subtree
        }
        skip |= {
            c.i
            for c in head.children
            if c.dep_ == "cc" and any(k.dep_ == "conj" and k.i in skip for k in head.children)
        }
        tokens = [t for t in same_sentence(head.subtree, verb) if t.i not in skip]
        tokens = _strip_markers(tokens)
        return token_range_span(tokens, "CLAIM", self.origin, verb.idx)

    def _clause_or_quote(self, verb: Token, quotes: _Quotes) -> SpanCandidate | None:
        """The reported clause, or the quotation the verb introduces or closes."""
        complement = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "csubj")), None)
        if complement is not None and complement.dep_ == "xcomp" and verb.lemma_.lower() in SAYING:
            complement = None  # "told them to leave" reports an order, not what was claimed
        quote = _quote_for(verb, complement, quotes)
        if quote is not None:
            text = doc_text(verb.doc)
            return (
                make_span(verb.doc, quote.start, quote.end, "CLAIM", self.origin, quote=True)
                if text[quote.start : quote.end].strip()
                else None
            )
        if complement is None:
            return None
        if (
            complement.dep_ == "xcomp"
            and verb.lemma_.lower() not in XCOMP_CONTENT
            and not any(c.dep_ == "nsubj" for c in complement.children)
        ):
            return None  # "said to be": raising, not a reported claim
        return self._subtree_span(complement, verb)

    def _object_content(self, verb: Token) -> SpanCandidate | None:
        obj = next((c for c in verb.children if c.dep_ in ("dobj",)), None)
        if obj is None and verb.dep_ == "relcl" and verb.head.pos_ == "NOUN":
            # "an allegation the military rejected": the object is the noun the clause modifies
            return token_range_span(noun_phrase_tokens(verb.head), "CLAIM", self.origin, verb.idx)
        if obj is None:
            return None
        lemma = verb.lemma_.lower()
        as_phrase = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
        if lemma in NEEDS_AS and as_phrase is None:
            return None
        tokens = same_sentence(obj.subtree, verb)
        if as_phrase is not None:
            tokens.extend(same_sentence(as_phrase.subtree, verb))
        # "urged residents to stay indoors": the request is the object and its clause
        tokens.extend(t for c in verb.children if c.dep_ in ("xcomp", "oprd") for t in c.subtree)
        tokens = sorted(set(tokens), key=lambda t: t.i)
        return token_range_span(_strip_markers(tokens), "CLAIM", self.origin, verb.idx)

    def _accusation(self, verb: Token, attributes: dict[str, Any]) -> SpanCandidate | None:
        """'accused X of Y', 'blamed X for Y': content Y, the accused X as ``target``."""
        accused = next((c for c in verb.children if c.dep_ == "dobj"), None)
        charge = _prep_object(verb, "of") or _prep_object(verb, "for")
        if charge is None:
            return None
        if accused is not None:
            target = actor_span(accused, self.origin)
            if target is not None:
                attributes["target"] = {
                    "start": target.start,
                    "end": target.end,
                    "text": target.text,
                    "label": target.label,
                }
        return self._subtree_span(charge, verb)

    def _call(self, verb: Token) -> tuple[SpanCandidate | None, str, list[Token]]:
        """'called for X' and 'called on X to Y' are demands; 'called X a Y' an assertion."""
        for_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"), None)
        if for_ is not None:
            obj = next((c for c in for_.children if c.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return self._subtree_span(obj, verb), DEMAND, [for_]
        on = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "on"), None)
        request = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp")), None)
        if on is not None and request is not None:
            return self._subtree_span(request, verb), DEMAND, [on]
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        label = next(
            (c for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp", "attr")), None
        )
        if obj is not None and label is not None:
            if obj.lower_ in ("itself", "themselves", "himself", "herself"):
                return None, ASSERTION, []  # "a group calling itself X" names, not claims
            tokens = [*obj.subtree, *label.subtree]
            return token_range_span(tokens, "CLAIM", self.origin, verb.idx), ASSERTION, []
        return None, ASSERTION, []


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _object_before_clause(verb: Token) -> bool:
    """'announced the arrest of five suspects, none of whom ...': an object-taking cue
    whose object comes before any clause; the clause after it is not the claim."""
    if verb.lemma_.lower() not in OBJECT_CONTENT or verb.lemma_.lower() in NEEDS_AS:
        return False
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "csubj")), None)
    return obj is not None and (clause is None or obj.i < clause.i)


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens that start inside character offsets [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return [] if span is None else [t for t in span if start <= t.idx < end]


def _empty_content(doc: Doc, content: SpanCandidate) -> bool:
    """'what it claims are ...': a lone pronoun says nothing on its own."""
    tokens = _tokens_in(doc, content.start, content.end)
    return len(tokens) == 1 and tokens[0].pos_ in ("PRON", "DET")


def _can_threaten(verb: Token) -> bool:
    """Is 'threaten' a threat made by someone, not 'tactics that threaten stability'?

    'threatened to' / 'threatened that' only needs a subject that is not plainly a thing;
    'threatened X' needs one that is plainly someone (a name, a person, a group).
    """
    speaker = _speaker(verb)
    if speaker is None:
        return True  # unknown speaker: keep the claim, the curator decides
    lemma = speaker.lemma_.lower()
    if lemma in INANIMATE_NOUNS:
        return False
    if any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
        return True
    ent = entity_of(speaker)
    if (ent is not None and ent.label_ in ACTOR_LABELS) or speaker.pos_ == "PROPN":
        return True
    if speaker.pos_ == "PRON":
        return speaker.lower_ not in ("it", "this", "that", "which", "what")
    return lemma in ANIMATE_NOUNS


def _negated(verb: Token) -> bool:
    """'did not say', 'never claimed', 'no group claimed', 'nobody has claimed'."""
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ == "never":
            return True
        if child.dep_ == "nsubj" and (
            child.lower_ in ("nobody", "none", "noone")
            or any(d.dep_ == "det" and d.lower_ == "no" for d in child.children)
            or (child.lower_ == "one" and child.i > 0 and child.nbor(-1).lower_ == "no")
        ):
            return True
    return False


def _has_agent(verb: Token) -> bool:
    return any(c.dep_ == "agent" for c in verb.children)


def _silenced(verb: Token) -> bool:
    """'declined to say', 'refused to confirm': nothing was claimed."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in SILENCING_HEADS


def _responsibility_object(verb: Token) -> Token | None:
    """'claimed responsibility', 'took credit': the noun that makes it a responsibility claim."""
    if verb.lemma_.lower() not in ("claim", "take", "accept", "assume"):
        return None
    for child in verb.children:
        if child.dep_ == "dobj" and child.lemma_.lower() in RESPONSIBILITY_NOUNS:
            return child
        if (
            child.dep_ == "dobj"
            and verb.lemma_.lower() == "claim"
            and child.lemma_.lower() in CLAIMED_ACTS
        ):
            return child
    return None


def _prep_object(head: Token, preposition: str) -> Token | None:
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == preposition:
            return next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
    return None


def _is_directive(verb: Token) -> bool:
    """'insisted that talks resume/must resume' or 'insisted on X' asks for something."""
    if _prep_object(verb, "on") is not None:
        return True
    complement = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if complement is None:
        return False
    modals = {c.lower_ for c in complement.children if c.dep_ == "aux"}
    return bool(modals & {"must", "should"}) or complement.tag_ == "VB"


def _strip_markers(tokens: list[Token]) -> list[Token]:
    """Drop a leading complementiser ('that', 'to') and edge punctuation."""
    ordered = sorted(tokens, key=lambda t: t.i)
    while ordered and (
        ordered[0].is_punct
        or (ordered[0].dep_ in ("mark", "aux") and ordered[0].lower_ in ("that", "to"))
    ):
        ordered = ordered[1:]
    return ordered


def _contiguous(tokens: list[Token]) -> list[Token]:
    """The run of tokens adjacent to the first (a cue span must be one stretch of text)."""
    ordered = sorted(tokens, key=lambda t: t.i)
    run = [ordered[0]]
    for token in ordered[1:]:
        if token.i == run[-1].i + 1:
            run.append(token)
        else:
            break
    return run


def _speaker(verb: Token, depth: int = 0) -> Token | None:
    """The cue's subject, or the subject of the verb a subjectless cue depends on."""
    if depth < 2 and verb.tag_ == "VBG":
        # "..., the union said, warning that": the participle continues the previous cue
        before = _previous_cue(verb)
        if before is not None:
            return _speaker(before, depth + 1)
    if (
        depth < 2
        and verb.dep_ == "conj"
        and verb.head.dep_ == "ccomp"
        and verb.head.head.lemma_.lower() in CUE_TYPES
    ):
        # "told reporters that the talks had stalled and called for calm": a cue coordinated
        # into a reported clause (a common mis-parse) is the reporter's second claim
        return _speaker(verb.head.head, depth + 1)
    current = verb
    for _ in range(6):
        subject = subject_of(current)
        if subject is not None:
            return subject
        if current.i == verb.i and verb.tag_ in ("VBD", "VBZ", "VBP"):
            # A finite cue without a subject ends a sentence ("..., the Observatory reported"):
            # its speaker is the name before it, not the subject of the reported clause.
            trailing = _trailing_speaker(verb)
            if trailing is not None:
                return trailing
        agent = next((c for c in current.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((c for c in agent.children if c.dep_ == "pobj"), None)
        if current.i == verb.i and _opens_with_quote(verb):
            # "“...,” insisted a militia commander": the parser takes the speaker after the
            # verb for its object
            after = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
            if after is not None and after.i > verb.i:
                return after
        if current.dep_ == "acl" and current.tag_ in ("VBD", "VBG") and current.i == verb.i:
            # "workers demanding higher wages"; "The envoy called on ..." mis-parsed as a
            # reduced relative: the noun is the speaker
            return current.head
        if current.dep_ == "pcomp" and current.head.lower_ == "with":
            # "with its foreign minister calling them ...": the speaker is the object of with
            return next((c for c in current.head.children if c.dep_ == "pobj"), None)
        if any(c.dep_ == "nsubjpass" for c in current.children):
            return None  # "it was reported": nobody in particular
        if current.dep_ not in INHERIT_DEPS or current.head.i == current.i:
            break
        current = current.head
    return _trailing_speaker(verb)


def _opens_with_quote(verb: Token) -> bool:
    """Does the cue come right after a closing quotation mark (and a comma)?"""
    index = verb.i - 1
    while index >= verb.sent.start and verb.doc[index].is_punct:
        if verb.doc[index].text in ("”", '"', "»", "''"):
            return True
        index -= 1
    return False


def _previous_cue(verb: Token) -> Token | None:
    """A cue verb just before this one, past a comma ('said, adding')."""
    index = verb.i - 1
    sent_start = verb.sent.start
    while index >= sent_start and verb.doc[index].is_punct:
        index -= 1
    if index < sent_start or index == verb.i - 1:
        return None
    token = verb.doc[index]
    if token.pos_ == "VERB" and token.lemma_.lower() in CUE_TYPES:
        return token
    return None


def _trailing_speaker(verb: Token) -> Token | None:
    """', the Syrian Observatory reported.': the name right before a sentence-final cue.

    The small model often hangs such a name on the previous noun; the words between the
    last comma and the cue are then the speaker.
    """
    sent = verb.sent
    doc = verb.doc
    # The first word after the cue, if any (one look, not a list of the sentence's words).
    after = next((doc[i] for i in range(verb.i + 1, sent.end) if not doc[i].is_punct), None)
    if after is not None and after.dep_ != "prep":
        return None
    previous = verb.doc[verb.i - 1] if verb.i > sent.start else None
    if previous is None or previous.pos_ not in ("NOUN", "PROPN"):
        return None
    ent = entity_of(previous)
    if ent is not None and ent.label_ in ACTOR_LABELS:
        start = ent.start
    else:
        start = previous.i
        while start > sent.start and verb.doc[start - 1].pos_ in ("NOUN", "PROPN", "ADJ", "DET"):
            start -= 1
    if start == sent.start or not verb.doc[start - 1].is_punct:
        return None
    return previous


def _claimant_span(token: Token, origin: str) -> SpanCandidate | None:
    span = actor_span(token, origin)
    if span is None:
        return None
    if span.label not in ("PERSON", "ORG", "GPE", "NORP"):
        span = SpanCandidate(span.start, span.end, "ACTOR", span.text, origin)
    return span


def _refine_type(claim_type: str, lemma: str, verb: Token, content: SpanCandidate) -> str:
    """Correct the cue's type by what the content says."""
    tokens = _tokens_in(verb.doc, content.start, content.end)
    if not tokens:
        return claim_type
    # "warned that the dam could burst" foresees; "warned it would respond" threatens.
    if (
        claim_type == THREAT
        and lemma == "warn"
        and not _speaker_acts(tokens, verb)
        and _has_modal(tokens)
    ):
        return PREDICTION
    if claim_type == ASSERTION and lemma not in POSITIVE:
        if _denies_an_act(tokens):
            return DENIAL
        if (_speaker_acts(tokens, verb) and _retaliates(tokens)) or _warns_of_a_price(tokens):
            return THREAT
        if _speaker_acts(tokens, verb) and _admits_an_act(tokens):
            return RESPONSIBILITY
    return claim_type


def _retaliates(tokens: list[Token]) -> bool:
    """'We will respond', 'they would retaliate': a retaliation verb with will/would."""
    for token in tokens:
        if token.lemma_.lower() not in RETALIATION_WORDS or token.pos_ != "VERB":
            continue
        modals = {c.lower_ for c in token.children if c.dep_ == "aux"}
        objects = {c.lemma_.lower() for c in token.children if c.dep_ == "dobj"}
        if modals & {"will", "would", "shall", "'ll"} and not objects & PEACEFUL_OBJECTS:
            return True
    return False


def _warns_of_a_price(tokens: list[Token]) -> bool:
    """'X will pay a heavy price', 'they will pay dearly': a threat whoever the subject is."""
    for token in tokens:
        if token.lemma_.lower() != "pay" or token.pos_ != "VERB":
            continue
        modals = {c.lower_ for c in token.children if c.dep_ == "aux"}
        said = {c.lemma_.lower() for c in token.children if c.dep_ in ("dobj", "advmod")}
        if modals & {"will", "would", "shall", "'ll"} and said & {"price", "dearly"}:
            return True
    return False


def _admits_an_act(tokens: list[Token]) -> bool:
    """'it had fired rockets at', 'we targeted': an attack verb, affirmed, in the past."""
    for token in tokens:
        if token.pos_ != "VERB" or token.lemma_.lower() not in RESPONSIBLE_ACTS:
            continue
        if token.dep_ not in ("ccomp", "ROOT", "conj"):
            continue
        children = list(token.children)
        if any(c.dep_ == "neg" for c in children) or any(
            c.dep_ == "aux" and c.lower_ in ("will", "would", "could", "may", "might", "'ll")
            for c in children
        ):
            continue
        subject = next((c for c in children if c.dep_ == "nsubj"), None)
        if (
            subject is not None
            and subject.lower_ in SPEAKER_PRONOUNS
            and token.tag_ in ("VBD", "VBN")
        ):
            return True
    return False


def _has_modal(tokens: list[Token], modals: set[str] | None = None) -> bool:
    wanted = modals or {"could", "may", "might", "would", "will", "'ll", "likely"}
    return any(t.lower_ in wanted for t in tokens)


def _speaker_acts(tokens: list[Token], verb: Token) -> bool:
    """Is the subject of the content the speaker ('we', 'it', 'they', the claimant itself)?"""
    indexes = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in indexes or t.head.i == t.i]
    for root in roots:
        for clause in (root, *[t for t in root.subtree if t.dep_ == "ccomp"]):
            subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subject is None:
                continue
            if subject.lower_ in SPEAKER_PRONOUNS:
                return True
            speaker = _speaker(verb)
            if speaker is not None and subject.lemma_.lower() == speaker.lemma_.lower():
                return True
    return False


def _denies_an_act(tokens: list[Token]) -> bool:
    """A negated act: 'did not target civilians', 'there was no airstrike'."""
    for token in tokens:
        if token.dep_ == "neg" and token.head.lemma_.lower() in ACT_WORDS:
            return True
        if (
            token.dep_ == "neg"
            and token.head.lemma_.lower() in ("be", "have")
            and any(t.lemma_.lower() in ACT_WORDS for t in token.head.subtree)
        ):
            return True
        if token.lower_ == "no" and token.dep_ == "det" and token.head.lemma_.lower() in ACT_WORDS:
            return True
        if (
            token.dep_ == "nsubj"
            and token.lower_ in ("nobody", "none", "noone")
            and token.head.lemma_.lower() in ACT_WORDS
        ):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# Quotations
# ---------------------------------------------------------------------------------------------


def _straight_pairs(text: str) -> list[tuple[int, int]]:
    """Pair straight quotes by their look: an opening one follows a space or bracket and
    precedes a word, a closing one follows a word. An unbalanced mark so cannot shift every
    later pair."""
    pairs = []
    opened: int | None = None
    n = text.find('"')
    while n >= 0:
        before = text[n - 1] if n else " "
        after = text[n + 1] if n + 1 < len(text) else " "
        opening = (before.isspace() or before in "([{—–-") and not after.isspace()
        closing = not before.isspace() and (after.isspace() or not after.isalnum())
        if opening and not (closing and opened is not None):
            opened = n
        elif closing and opened is not None:
            pairs.append((opened, n))
            opened = None
        n = text.find('"', n + 1)
    return pairs


def _curly_pairs(text: str, opening: str, closing: str) -> list[tuple[int, int]]:
    """Pair curly quotes; an opening mark left unclosed (a quotation continued in the next
    paragraph opens again without closing) gives way to the next opening mark."""
    pairs = []
    start = text.find(opening)
    while start >= 0:
        end = text.find(closing, start + 1)
        if end < 0:
            break
        again = text.rfind(opening, start + 1, end)
        if again >= 0:
            start = again
        pairs.append((start, end))
        start = text.find(opening, end + 1)
    return pairs


def find_quotes(text: str) -> list[_Quote]:
    """Quotations in ``text`` as offsets inside the marks (curly, straight or guillemets).

    A quotation is trimmed of the comma or colon English puts inside the closing mark, and
    never runs over a blank line (a sign of mismatched marks).
    """
    found: list[_Quote] = []
    for opening, closing in QUOTE_PAIRS:
        if opening == closing:
            pairs = _straight_pairs(text)
        else:
            pairs = _curly_pairs(text, opening, closing)
        for start, end in pairs:
            if PARAGRAPH_BREAK.search(text, start, end):
                continue
            inner_start, inner_end = start + 1, end
            while inner_end > inner_start and text[inner_end - 1] in ",;: \n":
                inner_end -= 1
            while inner_start < inner_end and text[inner_start].isspace():
                inner_start += 1
            if inner_end > inner_start:
                found.append(_Quote(inner_start, inner_end))
    return sorted(found, key=lambda q: q.start)


# What may stand between a quotation and the cue that closes it ("“...,” said X") or opens it
# ("X said: “...”", "said X, “...”"); see _quote_for.
_CLOSING_GAP = re.compile(r"[\s,;:”\"»]*")
_CLOSING_GAP_CHAR = re.compile(r"[\s,;:”\"»]")
_OPENING_CLAUSE = re.compile(r"[^.!?\n“\"]*[,:]\s*[“\"«]")
_OPENING_MARKS = re.compile(r"[\s,:]*[“\"«]")
# Neither opening gap can hold one of these before the opening mark (which may be one).
_OPENING_STOP = re.compile(r"[.!?“\"]")
_CONTINUATION_GAP = re.compile(r"[\s“\"«]*")


class _Quotes:
    """A document's quotations in text order, indexed so that a cue finds the few it may
    report by bisection: a pass over every quotation of the document for each cue made a
    long article cost the square of its length.

    Quotations with the same kind of mark never overlap; a curly and a straight one may.
    """

    __slots__ = ("by_end", "ends", "items", "reach", "starts", "stops", "text")

    def __init__(self, text: str):
        self.text = text
        self.items = find_quotes(text)
        self.starts = [q.start for q in self.items]
        # reach[i]: the furthest end among the first i + 1 quotations (never decreasing)
        self.reach = list(accumulate((q.end for q in self.items), max))
        self.by_end = sorted(range(len(self.items)), key=lambda i: self.items[i].end)
        self.ends = [self.items[i].end for i in self.by_end]
        self.stops = [m.start() for m in _OPENING_STOP.finditer(text)] if self.items else []

    def holding(self, offset: int) -> _Quote | None:
        """The first quotation, in text order, that holds the character at ``offset``.

        Every quotation before the first one reaching past ``offset`` ends before it; if that
        one starts after ``offset``, so does every later one.
        """
        i = bisect_right(self.reach, offset)
        if i < len(self.items) and self.items[i].start <= offset:
            return self.items[i]
        return None

    def ending_within(self, low: int, high: int) -> list[int]:
        """Indexes of the quotations that end in [low, high]."""
        return self.by_end[bisect_left(self.ends, low) : bisect_right(self.ends, high)]

    def starting_within(self, low: int, high: int) -> range:
        """Indexes of the quotations that start in (low, high]."""
        return range(bisect_right(self.starts, low), bisect_right(self.starts, high))

    def first_starting_at(self, offset: int) -> int:
        """Index of the first quotation starting at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def next_stop(self, offset: int) -> int:
        """The first full stop, ?, ! or opening quotation mark at or after ``offset``."""
        i = bisect_left(self.stops, offset)
        return self.stops[i] if i < len(self.stops) else len(self.text)


def _quote_for(verb: Token, complement: Token | None, quotes: _Quotes) -> _Quote | None:
    """The quotation this verb reports: holding its complement, or right before or after it."""
    if not quotes.items:
        return None
    text = doc_text(verb.doc)
    if complement is not None:
        holding = quotes.holding(complement.idx)
        if holding is not None:
            return holding
    # Speaker material around the verb: its subject and its own subtree outside any quote.
    clause = same_sentence(verb.subtree, verb)
    clause_end = max(t.idx + len(t.text) for t in clause)
    verb_end = verb.idx + len(verb.text)
    for index in _quotes_near(text, clause, verb, quotes):
        quote = quotes.items[index]
        if quote.end <= verb.idx:
            # "“...,” said X" / "“...,” X said": only marks, commas and space in between,
            # the quotation ends with a comma, ? or ! (a full stop ends someone else's
            # sentence) and it is not the object of another verb ("described it as “...”")
            if (
                _CLOSING_GAP.fullmatch(text, quote.end, _first_outside(clause, quote, verb))
                and text[quote.end - 1] not in "."
                and _only_head(verb, quote)
            ):
                return quote
        elif quote.start > verb_end:
            # "X said: “...”" / "said X, “...”": the quotation follows the cue's clause
            if clause_end <= quote.start and _OPENING_CLAUSE.fullmatch(text, verb_end, quote.start):
                return quote
            if _OPENING_MARKS.fullmatch(text, verb_end, quote.start):
                return quote
    return None


def _quotes_near(text: str, clause: list[Token], verb: Token, quotes: _Quotes) -> list[int]:
    """Indexes, in text order, of the quotations _quote_for may accept for this cue: every
    other one fails its tests, so trying these few in order picks the same quotation.

    Before the cue, the gap from a quotation's end to the cue's first word (_first_outside)
    holds only marks, commas and space: the quotation ends within the run of those before
    that word, or further on, among the cue's own words. After it, the opening mark comes
    at or before the first full stop, ?, ! or quotation mark following the verb.
    """
    words = [t.idx for t in clause if not t.is_punct]
    low = min(words) if words else verb.idx
    while low > 0 and _CLOSING_GAP_CHAR.match(text, low - 1):
        low -= 1
    verb_end = verb.idx + len(verb.text)
    before = quotes.ending_within(low, verb.idx)
    after = quotes.starting_within(verb_end, quotes.next_stop(verb_end) + 1)
    return sorted({*before, *after})


def _only_head(verb: Token, quote: _Quote) -> bool:
    """Is the cue the only word outside the quotation that the quotation's words hang on?"""
    for token in _tokens_in(verb.doc, quote.start, quote.end):
        head = token.head
        outside = not (quote.start <= head.idx < quote.end)
        if outside and head.i != verb.i and not head.is_punct and head.sent == verb.sent:
            return False
    return True


def _first_outside(clause: list[Token], quote: _Quote, verb: Token) -> int:
    """Where the cue's own words begin after a quotation (its subject or the verb)."""
    after = [t.idx for t in clause if t.idx >= quote.end and not t.is_punct]
    return min(after) if after else verb.idx


def _fold_quoted_cues(claims: list[ClaimCandidate]) -> list[ClaimCandidate]:
    """'“We reject these allegations,” the spokesperson said' is one claim, a denial.

    A cue inside another claim's quotation, spoken by the quoted speaker ('we', 'I', or
    nobody named), is folded into the first quoting claim, which takes its type when it had
    only the neutral one.
    """
    # One slot per claim, in order: the claim as it now stands (a quoting claim may have taken
    # a folded cue's type), or None once folded away. A claim whose slot was rewritten is no
    # longer the claim itself, so it may quote its own cue and is not folded away.
    slots: list[ClaimCandidate | None] = list(claims)
    # Quoted contents by start, with the furthest end reached so far, to find the ones
    # around a cue without a pass over every claim.
    quoting = sorted(
        (c.content.start, c.content.end, n)
        for n, c in enumerate(claims)
        if c.content is not None and c.attributes.get("quote")
    )
    starts = [start for start, _end, _n in quoting]
    reach = list(accumulate((end for _start, end, _n in quoting), max))
    for n, inner in enumerate(claims):
        speaker = inner.claimant
        if speaker is not None and speaker.text.lower() not in ("we", "i"):
            continue
        cue_start, cue_end = inner.cue.start, inner.cue.end
        around = []
        i = bisect_right(starts, cue_start) - 1
        while i >= 0 and reach[i] >= cue_end:
            if quoting[i][1] >= cue_end:
                around.append(quoting[i][2])
            i -= 1
        for m in sorted(around):
            outer = slots[m]
            if outer is None or outer is inner:
                continue
            if outer.type == ASSERTION and inner.type != ASSERTION:
                slots[m] = replace(outer, type=inner.type, stance=inner.stance)
            if slots[n] is inner:
                slots[n] = None
            break
    return [c for c in slots if c is not None]


def _attach_continued_quotes(doc: Doc, claims: list[ClaimCandidate], quotes: _Quotes) -> None:
    """A quotation right after a quoted claim, with no cue of its own, continues it.

    ("“We have lost everything,” said X. “They burned our village.”") The content stays the
    first quotation; the continuation is recorded in ``attributes["continued_quote"]``.
    """
    # The claims are this call's own fresh candidates, so filling in their attributes here
    # changes nothing anyone else holds.
    used = {(c.content.start, c.content.end) for c in claims if c.content is not None}
    cue_sentences = {
        doc.char_span(c.cue.start, c.cue.end, alignment_mode="expand").sent.start for c in claims
    }
    text = doc_text(doc)
    items = quotes.items
    # free[i]: the first quotation from i on that is no claim's content (the candidates)
    free = [len(items)] * (len(items) + 1)
    for i in range(len(items) - 1, -1, -1):
        free[i] = free[i + 1] if (items[i].start, items[i].end) in used else i
    for claim in claims:
        if not claim.attributes.get("quote") or claim.content is None:
            continue
        cue_sentence = doc.char_span(claim.cue.start, claim.cue.end, alignment_mode="expand").sent
        # The first quotation after the cue's sentence that no claim has taken.
        index = free[quotes.first_starting_at(cue_sentence.end_char)]
        if index == len(items):
            continue
        quote = items[index]
        if not _CONTINUATION_GAP.fullmatch(text, cue_sentence.end_char, quote.start):
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is not None and span.sent.start in cue_sentences:
            continue
        claim.attributes["continued_quote"] = {
            "start": quote.start,
            "end": quote.end,
            "text": text[quote.start : quote.end],
        }
