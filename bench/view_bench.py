"""Opening a long annotated article: Newsmark's document view vs a bare Qt text widget.

Newsmark's side is ``DocumentView.show_document(document, spans)``: the metadata strip, the
text, and 2,000 highlighted spans (accepted ones filled, suggestions underlined, entities
nested in claims), then a synchronous repaint of the text pane so what is on screen is laid
out and painted. The bare side is ``setPlainText(text)`` on a plain ``QTextEdit``, and on a
plain ``QPlainTextEdit`` (the widget the view builds on), followed by the same repaint: what
any Qt app pays to show the same text without highlights. The bare widgets get the view's
text pane size, font and document margin, so each side lays out the same lines.

Four cases: *open* (the view shows nothing, the bare widgets are empty, then the article is
shown), *switch* (another article of the same size replaces the shown one, as moving through
the corpus does), *rehighlight* and *patch* (the curator accepts a suggestion on screen, then
undoes it, two timings per round: the view is given all of the document's spans again with
one status changed, ``set_spans``, or just the changed span, ``update_spans`` as the window
does after an edit, and repaints; the bare widgets set the same text again, their cheapest
way to show anything new). The text is generated here: 100,000 characters of news-like
paragraphs with a few emoji (characters outside the BMP, so the UTF-16 mapping is exercised)
and 2,000 spans. All widgets are created once and reused; after one warm-up round the sides
alternate, so a busy moment on a shared machine weighs on each alike.

    python bench/view_bench.py            # 100,000 characters, 2,000 spans, 7 rounds
    python bench/view_bench.py --quick    # 20,000 characters, 400 spans, 2 rounds: runs?
    python bench/view_bench.py --json     # the figures as JSON as well

Target: Newsmark at most 2.0x the bare QTextEdit in every case. The exit status is 0 either
way: timings on shared machines are too noisy to fail a build on.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextEdit

from newsmark.core.documents import StoredDocument
from newsmark.core.store import StoredSpan
from newsmark.gui.document_view import DocumentView

TARGET = 2.0
VIEW_SIZE = (1000, 800)

PEOPLE = ["Colonel Rami Aziz", "Governor Layla Mansour", "Dr. Nadia Farouk", "Karim Bashir"]
PEOPLE += ["Prime Minister Yusuf Darwish", "Marta Vlasic", "Peter Ayana", "Omar Khalil"]
ORGS = ["the Northern Liberation Front", "Saraya al-Fajr", "the interior ministry"]
ORGS += ["the Popular Guard", "the Red Crescent", "the United Nations", "Crescent News Wire"]
PLACES = ["Karsh", "Dar Salem", "Port Amal", "Tell Hamdan", "Qaryat al-Nahr", "Kessa"]
PLACES += ["Marun", "Al-Buraq", "New Halden", "Sefra", "Umm Tarif", "Zürich"]
DATES = ["on Monday", "on Tuesday", "late on Friday", "on 12 March", "last week"]
DATES += ["early on Sunday", "on 3 November 2023", "overnight"]
NUMBERS = ["12", "three", "dozens of", "at least 40", "more than 200", "two"]
GROUPS = ["Kessan", "Halden", "Amali", "Salemite"]
EMOJI = ["🎉", "📰", "🔥", "🚨", "🙏"]

# A sentence is a template of literal text and {slots}; each slot is filled from its pool and
# becomes a span with the slot's label. "claim" sentences are also covered by one CLAIM span.
SLOTS = {
    "PERSON": PEOPLE,
    "ORG": ORGS,
    "GPE": PLACES,
    "DATE": DATES,
    "QUANTITY": NUMBERS,
    "NORP": GROUPS,
}
TEMPLATES = [
    ("event", "Fighting broke out in {GPE} {DATE}, and {QUANTITY} people were wounded."),
    ("event", "{ORG} shelled the outskirts of {GPE} {DATE}, residents told reporters."),
    ("event", "Convoys from {ORG} reached {GPE} {DATE} after a two-day delay."),
    ("event", "{QUANTITY} families fled {GPE} towards {GPE} {DATE}."),
    ("event", "{NORP} volunteers set up a clinic near the market in {GPE}."),
    ("claim", "{PERSON} said that {ORG} had withdrawn from {GPE} {DATE}."),
    ("claim", "According to {ORG}, {QUANTITY} civilians were detained in {GPE}."),
    ("claim", "{PERSON} told {ORG} that the ceasefire would hold until {DATE}."),
    ("claim", "{ORG} denied any role in the attack on {GPE}, {PERSON} said."),
    ("plain", "The road between the two towns remained closed to traffic."),
    ("plain", "Prices of bread and fuel have doubled since the spring."),
    ("plain", "Schools in the area stayed shut, and many shops did not reopen."),
]


def article(length: int, span_count: int, seed: int) -> tuple[str, list[StoredSpan]]:
    """A news-like text of exactly ``length`` characters carrying exactly ``span_count`` spans.

    Paragraphs are separated by one newline. Spans mix accepted and suggested entity labels,
    CLAIM spans over whole sentences with the entities nested inside, and now and then a
    second label suggested for the same words. Deterministic for a given seed.
    """
    rng = random.Random(seed)
    parts: list[str] = []
    found: list[tuple[int, int, str]] = []  # (start, end, label) in str offsets
    position = 0
    while position < length:
        for index in range(rng.randint(3, 7)):
            kind, template = rng.choice(TEMPLATES)
            sentence_start = position
            pieces = template.replace("}", "{").split("{")
            for slot, piece in enumerate(pieces):
                if slot % 2:  # a slot name
                    value = rng.choice(SLOTS[piece])
                    found.append((position, position + len(value), piece))
                    if piece == "ORG" and rng.random() < 0.15:
                        found.append((position, position + len(value), "NORP"))
                    piece = value
                parts.append(piece)
                position += len(piece)
            if kind == "claim":
                found.append((sentence_start, position, "CLAIM"))
            if rng.random() < 0.08:
                emoji = f" {rng.choice(EMOJI)}"
                parts.append(emoji)
                position += len(emoji)
            separator = "\n" if index == 0 and rng.random() < 0.1 else " "
            parts.append(separator)
            position += 1
        parts[-1] = "\n"
    text = "".join(parts)[:length]
    inside = [entry for entry in found if entry[1] <= len(text.rstrip())]
    if len(inside) < span_count:
        sys.exit(f"bench: only {len(inside)} spans fit in {length:,} characters")
    chosen = sorted(rng.sample(inside, span_count), key=lambda e: (e[0], -e[1], e[2]))
    spans = []
    for number, (start, end, label) in enumerate(chosen, 1):
        status = "accepted" if rng.random() < 0.4 else "suggested"
        origin = "manual" if status == "accepted" else "model:en_core_web_sm@3.8.0"
        score = None if status == "accepted" else round(rng.uniform(0.5, 1.0), 2)
        annotator = "bench" if status == "accepted" else None
        spans.append(
            StoredSpan(
                seed * 100_000 + number,
                start,
                end,
                label,
                text[start:end],
                status,
                origin,
                score,
                annotator,
                None,
                None,
            )
        )
    return text, spans


def stored(doc_id: int, text: str) -> StoredDocument:
    """A document as the store would return it, without a project file."""
    return StoredDocument(
        id=doc_id,
        text=text,
        title=f"Long article {doc_id}: fighting and aid convoys around Karsh",
        author="Samira Haddad",
        published="2024-03-12",
        source="Crescent News Wire",
        url=f"https://example.org/news/{doc_id}",
        external_id=None,
        original_text=None,
        removals=(),
        meta={},
        origin="bench",
        status="new",
        content_hash="0" * 64,
        imported_at="2024-01-01T00:00:00.000+00:00",
        updated_at="2024-01-01T00:00:00.000+00:00",
    )


def timed(action: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def settle(app: QApplication) -> None:
    """Let posted events and deferred layout run, outside the timed part."""
    for _ in range(3):
        app.processEvents()


class Bare:
    """A bare Qt text widget: setPlainText, then a synchronous repaint of the viewport."""

    def __init__(self, edit: QTextEdit | QPlainTextEdit, like: QPlainTextEdit):
        self.edit = edit
        edit.setFont(like.font())
        edit.document().setDocumentMargin(like.document().documentMargin())
        edit.resize(like.size())
        edit.show()

    def reset(self) -> None:
        self.edit.clear()

    def show(self, document: StoredDocument, _spans: list[StoredSpan]) -> None:
        self.edit.setPlainText(document.text)
        self.edit.viewport().repaint()

    def rehighlight(self, document: StoredDocument, spans: list[StoredSpan]) -> None:
        self.show(document, spans)  # a bare widget has nothing cheaper to redraw with

    def patch(self, document: StoredDocument, spans: list[StoredSpan], _span_id: int) -> None:
        self.show(document, spans)


class Newsmark:
    """The app's document view: show_document, then the same repaint of its text pane."""

    def __init__(self, view: DocumentView):
        self.view = view

    def reset(self) -> None:
        self.view.show_message("")

    def show(self, document: StoredDocument, spans: list[StoredSpan]) -> None:
        self.view.show_document(document, spans)
        self.view.text_edit.viewport().repaint()

    def rehighlight(self, _document: StoredDocument, spans: list[StoredSpan]) -> None:
        self.view.set_spans(spans)
        self.view.text_edit.viewport().repaint()

    def patch(self, _document: StoredDocument, spans: list[StoredSpan], span_id: int) -> None:
        self.view.update_spans([span for span in spans if span.id == span_id], [span_id])
        self.view.text_edit.viewport().repaint()


def one_accepted(spans: list[StoredSpan]) -> tuple[list[StoredSpan], int]:
    """``spans`` after the curator accepts the first suggestion (near the top: on screen), and
    that span's id."""
    index = next(i for i, span in enumerate(spans) if span.status == "suggested")
    changed = replace(spans[index], status="accepted", origin="manual", annotator="bench")
    return [*spans[:index], changed, *spans[index + 1 :]], changed.id


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=100_000, help="text length (100,000)")
    parser.add_argument("--spans", type=int, default=2_000, help="spans per article (2,000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed rounds (default 7)")
    parser.add_argument("--quick", action="store_true", help="20,000 chars, 400 spans, 2 rounds")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    chars, span_count, repeat = (
        (20_000, 400, 2) if args.quick else (args.chars, args.spans, max(1, args.repeat))
    )

    app = QApplication.instance() or QApplication(sys.argv[:1])
    first_text, first_spans = article(chars, span_count, seed=1)
    second_text, second_spans = article(chars, span_count, seed=2)
    second_accepted, accepted_id = one_accepted(second_spans)
    first, second = stored(1, first_text), stored(2, second_text)
    astral = sum(1 for c in first_text if ord(c) > 0xFFFF)
    nested = sum(1 for s in first_spans if s.label == "CLAIM")
    accepted = sum(1 for s in first_spans if s.status == "accepted")
    print(
        f"2 generated articles of {chars:,} characters ({first_text.count(chr(10)) + 1} "
        f"paragraphs, {astral} emoji) with {span_count:,} spans each ({accepted} accepted, "
        f"{span_count - accepted} suggested, {nested} CLAIM spans around entities)"
    )

    view = DocumentView()
    view.resize(*VIEW_SIZE)
    view.show()
    view.show_document(first, first_spans)  # lays the page out, so the text pane has its size
    settle(app)
    sides = {
        "QTextEdit": Bare(QTextEdit(), view.text_edit),
        "QPlainTextEdit": Bare(QPlainTextEdit(), view.text_edit),
        "newsmark": Newsmark(view),
    }
    settle(app)
    pane = view.text_edit.viewport().size()
    print(
        f"text pane {pane.width()}x{pane.height()} px, {view.text_edit.font().pointSize()} pt; "
        f"{repeat} timed rounds after one warm-up (two re-highlights and two patches a round)"
    )

    cases = ("open", "switch", "rehighlight", "patch")
    times: dict[tuple[str, str], list[float]] = {(c, s): [] for c in cases for s in sides}
    for round_number in range(repeat + 1):  # round 0 is the warm-up
        order = list(sides.items())
        if round_number % 2:
            order.reverse()  # the sides take turns going first
        for name, side in order:
            side.reset()
            settle(app)
            opened = timed(lambda side=side: side.show(first, first_spans))
            settle(app)
            switched = timed(lambda side=side: side.show(second, second_spans))
            settle(app)
            edits, patches = [], []
            for spans in (second_accepted, second_spans):  # accept, then undo
                edits.append(timed(lambda side=side, s=spans: side.rehighlight(second, s)))
                settle(app)
            for spans in (second_accepted, second_spans):
                patches.append(timed(lambda side=side, s=spans: side.patch(second, s, accepted_id)))
                settle(app)
            if round_number:
                times["open", name].append(opened)
                times["switch", name].append(switched)
                times["rehighlight", name].extend(edits)
                times["patch", name].extend(patches)

    # Every side holds the second article now, scroll bar and all: the panes should match.
    for name, side in sides.items():
        size = side.edit.viewport().size() if isinstance(side, Bare) else pane
        if size != view.text_edit.viewport().size():
            print(f"bench: note: the bare {name} showed {size.width()}x{size.height()} px")

    results: dict[str, dict] = {}
    print()
    print(f"{'case':<11} {'side':<16} {'best ms':>9} {'median ms':>10} {'ours/bare':>11}")
    for case in cases:
        results[case] = {}
        for name in sides:
            runs = times[case, name]
            results[case][name] = {
                "best_ms": round(min(runs) * 1000, 3),
                "median_ms": round(statistics.median(runs) * 1000, 3),
                "runs_ms": [round(t * 1000, 3) for t in runs],
            }
        ours = results[case]["newsmark"]
        for name in ("QTextEdit", "QPlainTextEdit"):
            bare = results[case][name]
            ours[f"ratio_{name}"] = round(ours["best_ms"] / bare["best_ms"], 3)
            ours[f"median_ratio_{name}"] = round(ours["median_ms"] / bare["median_ms"], 3)
        for name in sides:
            figures = results[case][name]
            shown = f"{ours[f'ratio_{name}']:>10.2f}x" if name != "newsmark" else ""
            print(
                f"{case:<11} {name:<16} {figures['best_ms']:>9.1f} "
                f"{figures['median_ms']:>10.1f} {shown}".rstrip()
            )

    print()
    missed = []
    for case in cases:
        ours = results[case]["newsmark"]
        ratio = ours["ratio_QTextEdit"]
        ours["target_met"] = ratio <= TARGET
        if not ours["target_met"]:
            missed.append(case)
        print(
            f"{case}: newsmark / bare QTextEdit = {ratio:.2f}x best, "
            f"{ours['median_ratio_QTextEdit']:.2f}x median; / bare QPlainTextEdit = "
            f"{ours['ratio_QPlainTextEdit']:.2f}x best, "
            f"{ours['median_ratio_QPlainTextEdit']:.2f}x median"
        )
    met = not missed
    verdict = "MET" if met else f"NOT MET ({' and '.join(missed)})"
    print(
        f"target: newsmark at most {TARGET:.1f}x the bare QTextEdit, best of {repeat}, "
        f"in every case: {verdict}"
    )

    if args.json:
        summary = {
            "chars": chars,
            "spans": span_count,
            "repeat": repeat,
            "pane": [pane.width(), pane.height()],
            "target": TARGET,
            "target_met": met,
            "cases": results,
        }
        print(json.dumps(summary, indent=2))
    view.close()
    for side in sides.values():
        if isinstance(side, Bare):
            side.edit.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
