"""What suggesters propose for one document, before it is stored.

Offsets are Python ``str`` indices into the document text (spaCy's ``token.idx`` and
``Span.start_char``/``end_char`` are exactly that), and every candidate span carries the text
it covers so the store can check it against the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# ACLED's six event types and twenty-five sub-event types, the default schema's event labels.
ACLED_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

EVENT_ROLES = ("attacker", "target", "victim", "instrument", "place", "time", "participant")

CLAIM_TYPES = (
    "assertion",
    "denial",
    "accusation",
    "condemnation",
    "threat",
    "prediction",
    "demand",
    "responsibility_claim",
)


@dataclass(frozen=True, slots=True)
class SpanCandidate:
    """A proposed span: offsets, label, covered text; linked to an actor when a gazetteer found it.

    ``origin`` says who proposed it: ``model:<name>@<version>`` or ``rule:<name>``.
    """

    start: int
    end: int
    label: str
    text: str
    origin: str
    score: float | None = None
    actor_id: int | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ArgumentCandidate:
    """One role filler of a proposed event: a span, or a plain value (e.g. a number)."""

    role: str
    span: SpanCandidate | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class EventCandidate:
    """A proposed event: ACLED type and sub-type, the trigger span, role arguments, attributes.

    ``attributes`` may hold ``fatalities`` (int), ``date_text`` and the like.
    """

    type: str
    subtype: str | None
    trigger: SpanCandidate
    origin: str
    arguments: tuple[ArgumentCandidate, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)
    score: float | None = None


@dataclass(frozen=True, slots=True)
class ClaimCandidate:
    """A proposed claim: the cue (reporting verb), content, claimant, type and stance."""

    type: str
    cue: SpanCandidate
    origin: str
    content: SpanCandidate | None = None
    claimant: SpanCandidate | None = None
    stance: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    score: float | None = None


@dataclass(slots=True)
class DocumentSuggestions:
    """Everything proposed for one document."""

    doc_id: int
    spans: list[SpanCandidate] = field(default_factory=list)
    events: list[EventCandidate] = field(default_factory=list)
    claims: list[ClaimCandidate] = field(default_factory=list)
