"""Quality of the rule suggesters: precision, recall and F1 of events and claims on gold sets.

Runs the English pipeline and the event and claim suggesters over each gold set in
``bench/gold/`` (sentences written for this purpose, never taken from real articles) and
prints a table per set: event detection and typing, claim detection and typing, claimant. See
newsmark.nlp.evaluation for how predictions are matched to the gold.

    python bench/suggest_quality.py            # every set (a few seconds each)
    python bench/suggest_quality.py --quick    # the first 15 items of each: checks it runs
    python bench/suggest_quality.py --errors   # also list every miss, spurious and wrong type

The sets, and how far to trust them:

* ``events_claims.jsonl`` was written before the rules, and the rules were then developed
  against it: its figures are optimistic.
* ``heldout_1.jsonl`` and ``heldout_2.jsonl`` were written later and first measured
  untouched (held-out 1: events P 0.76 / R 0.63, claims P 0.95 / R 0.97; held-out 2: events
  P 1.00 / R 0.83, claims P 0.89 / R 1.00); general fixes for the errors they showed came
  after, so today's figures on them are optimistic too. A new untouched set is the honest
  measure for the next change of the rules.

How the gold is annotated, for whoever extends it:

* Events: every mention of an event whose ACLED sub-type the text settles, whatever its
  modality (reported, denied, "threatened to shell", "called for protests"). A killing
  caused by another event of the sentence is that event's toll, not an event of its own;
  arrests and tear gas at a protest make one protest with intervention; arson and looting
  by a crowd are the riot; a defused bomb or downed drone is disrupted weapons use only.
  "Attack" with nothing to type it, labour strikes and sport are no events; a hunger strike
  is a peaceful protest. A headline and the body mention an event separately.
* Claims: one per cue (the verb, "called for", "claimed responsibility", "according to").
  The type is what a curator would pick from the whole claim, not the verb alone: "said"
  over "we will respond" is a threat, over "we did not target civilians" a denial, over
  "it fired rockets at X" a responsibility claim. Any reported clause is an assertion,
  however mundane; "said goodbye" is no claim. The claimant is the speaker's name or noun
  phrase (pronouns allowed), null when nobody is named.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newsmark.nlp.claims import ClaimSuggester
from newsmark.nlp.evaluation import evaluate, format_table, load_gold
from newsmark.nlp.events import EventSuggester
from newsmark.nlp.loading import choose_pipeline, load_pipeline

GOLD = Path(__file__).resolve().parent / "gold"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--gold", type=Path, action="append", help="gold JSONL file (default: every set)"
    )
    parser.add_argument("--quick", action="store_true", help="the first 15 items of each set")
    parser.add_argument("--errors", action="store_true", help="list the mistakes")
    parser.add_argument("--model", help="pipeline (default: as newsmark suggest chooses)")
    args = parser.parse_args()

    choice = choose_pipeline(args.model)
    if not isinstance(choice, str):
        sys.exit(f"bench: no pipeline: {choice.reason}")
    started = time.perf_counter()
    nlp, info = load_pipeline(choice)
    print(f"pipeline {info.display_name} (loaded in {time.perf_counter() - started:.1f} s)")
    events = EventSuggester(nlp)
    claims = ClaimSuggester(nlp)
    for gold in args.gold or sorted(GOLD.glob("*.jsonl")):
        items = load_gold(gold)
        if args.quick:
            items = items[:15]
        started = time.perf_counter()
        predictions = [(events(doc), claims(doc)) for doc in nlp.pipe(i.text for i in items)]
        report = evaluate(items, predictions)
        n_events = sum(len(i.events) for i in items)
        n_claims = sum(len(i.claims) for i in items)
        print(f"\ngold: {gold.name}, {len(items)} items, {n_events} events, {n_claims} claims")
        print(format_table(report))
        print(f"(parse + suggest {time.perf_counter() - started:.2f} s)")
        if args.errors:
            for mistake in report.mistakes:
                print(
                    f"[{mistake.item:>2}] {mistake.kind:<5} {mistake.problem:<14} "
                    f"{mistake.detail}\n     {mistake.text}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
