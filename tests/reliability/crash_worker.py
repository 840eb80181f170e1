"""A curator's session that runs until it is killed, for the crash-safety test.

Run as ``python crash_worker.py core|window PROJECT LOG SEED``. It opens the project and makes
random edits, either through the Store's public methods (``core``) or through the real main
window, offscreen (``window``). Around each edit it writes one JSON line to LOG, written,
flushed and fsynced before the next step:

- ``{"phase": "intent", "n", "op", "expect", "creates"}`` before the call: ``expect`` lists
  ``[kind, id, fields after, fields before]`` (fields None: the row is gone) for rows that
  exist already and that the edit changes, ``creates`` lists ``[kind, fields]`` of rows it
  may add;
- ``{"phase": "ack", "n", "op", "facts"}`` once the call has returned (the edit is committed
  and acknowledged): ``facts`` lists ``[kind, id, fields]`` now true of the project;
- ``{"phase": "refused", "n", "op", "reason"}`` when the edit was refused (nothing changed).

A line ``{"phase": "ready"}`` says the project is open and edits begin. The kinds and their
fields are those the test reads back: span (doc, start, end, label, status, actor), event
(doc, type, subtype, trigger, status), argument (event, role, span), claim (doc, type, stance,
content, cue, status), actor (name) and relation (label, head_kind, head_id, child_kind,
child_id, status).
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

WORD = re.compile(r"\w+(?:['-]\w+)*")
ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "FAC")
ACTOR_NAMES = ("Eastern Front", "Kersh Council", "Northern Brigade", "Relief Mission", "Governor")

Fact = list[Any]  # [kind, id, fields or None]
# In an intent: the field will hold a value not known before the call (a new actor's id).
NEW_VALUE = "<new>"
SPAN_ATTRIBUTES = {"status": "status", "actor": "actor_id"}
Plan = tuple[list[Fact], list[list[Any]], Callable[[], list[Fact]]]


def span_change(span: Any, after: dict[str, Any] | None) -> Fact:
    """An intent's ``[kind, id, fields after, fields before]`` for a span the edit changes;
    the fields before are as this session read them, for the test to check the edit whole
    even on a span it has no acknowledged facts about."""
    names = after or {"status": None}
    before = {name: getattr(span, SPAN_ATTRIBUTES[name]) for name in names}
    return ["span", span.id, after, before]


def facts(expect: list[Fact]) -> list[Fact]:
    """The facts an acknowledgement states: the intent's rows as they are after the edit."""
    return [fact[:3] for fact in expect]


class AckLog:
    """The acknowledgement log: one JSON line per record, on disk before the call returns."""

    def __init__(self, path: Path):
        self._file = path.open("a", encoding="utf-8", buffering=1)
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def run(self, op: str, plan: Plan | None, refused: tuple[type[BaseException], ...]) -> str:
        """Announce the edit, make it, and acknowledge it (or record its refusal); returns
        the phase written last ("" when there was nothing to do)."""
        if plan is None:
            return ""
        expect, creates, call = plan
        self.count += 1
        n = self.count
        self.write({"phase": "intent", "n": n, "op": op, "expect": expect, "creates": creates})
        try:
            facts = call()
        except refused as exc:
            self.write({"phase": "refused", "n": n, "op": op, "reason": str(exc)})
            return "refused"
        self.write({"phase": "ack", "n": n, "op": op, "facts": facts})
        return "ack"


def word_range(rng: random.Random, text: str, most: int) -> tuple[int, int]:
    """Offsets of 1 to ``most`` consecutive words of ``text``, from the first to the last."""
    words = [m.span() for m in WORD.finditer(text)]
    first = rng.randrange(len(words))
    last = min(len(words) - 1, first + rng.randrange(most))
    return words[first][0], words[last][1]


# ---------------------------------------------------------------------------------------------
# Edits through the Store
# ---------------------------------------------------------------------------------------------


class CoreSession:
    """Random edits through the Store's public methods; each returns an acknowledged plan."""

    WEIGHTS: ClassVar[dict[str, int]] = {
        "create_span": 6,
        "set_span_status": 3,
        "delete_span": 2,
        "create_event": 2,
        "add_argument": 2,
        "create_claim": 2,
        "create_actor": 1,
        "link_mention": 2,
        "add_relation": 1,
    }

    def __init__(self, store: Any, rng: random.Random, annotator: str):
        self.store = store
        self.rng = rng
        self.annotator = annotator
        self.schema = store.project_schema()
        self.texts = dict(store.document_texts(store.document_ids()))

    def plan(self, op: str) -> Plan | None:
        return getattr(self, f"plan_{op}")()

    def _doc(self) -> int:
        return self.rng.choice(sorted(self.texts))

    def _spans(self, doc_id: int) -> list[Any]:
        return self.store.document_spans(doc_id, include_rejected=True)

    def _reused(self, doc_id: int, offsets: tuple[int, int], label: str) -> list[Fact]:
        """What making a span at ``offsets`` does to one already there: it is accepted."""
        return reused(self._spans(doc_id), offsets, label)

    def plan_create_span(self) -> Plan:
        doc_id = self._doc()
        start, end = word_range(self.rng, self.texts[doc_id], 3)
        label = self.rng.choice(ENTITY_LABELS)

        def call() -> list[Fact]:
            edit = self.store.create_span(doc_id, start, end, label, annotator=self.annotator)
            (span_id,) = edit.span_ids()
            fields = {"doc": doc_id, "start": start, "end": end, "label": label}
            return [["span", span_id, {**fields, "status": "accepted"}]]

        creates = [["span", {"doc": doc_id, "start": start, "end": end, "label": label}]]
        return self._reused(doc_id, (start, end), label), creates, call

    def plan_set_span_status(self) -> Plan | None:
        spans = self._spans(self._doc())
        if not spans:
            return None
        chosen = self.rng.sample(spans, min(len(spans), self.rng.randint(1, 3)))
        status = self.rng.choice(("accepted", "rejected"))
        expect = [span_change(s, {"status": status}) for s in chosen]

        def call() -> list[Fact]:
            self.store.set_span_status([s.id for s in chosen], status, annotator=self.annotator)
            return facts(expect)

        return expect, [], call

    def plan_delete_span(self) -> Plan | None:
        spans = [s for s in self._spans(self._doc()) if not self.store.span_users(s.id)]
        if not spans:
            return None
        span = self.rng.choice(spans)
        # A suggestion is kept as rejected, so that suggesting again does not bring it back.
        after = None if span.origin == "manual" else {"status": "rejected"}
        expect = [span_change(span, after)]

        def call() -> list[Fact]:
            self.store.delete_span(span.id, annotator=self.annotator)
            return facts(expect)

        return expect, [], call

    def plan_create_event(self) -> Plan:
        doc_id = self._doc()
        start, end = word_range(self.rng, self.texts[doc_id], 1)
        kind = self.rng.choice(self.schema.event_types)
        subtype = self.rng.choice(kind.subtypes).name if kind.subtypes else None
        trigger = {"doc": doc_id, "start": start, "end": end, "label": "TRIGGER"}

        def call() -> list[Fact]:
            change = self.store.create_event(
                doc_id, kind.name, subtype, trigger=(start, end), annotator=self.annotator
            )
            event_id = int(change.result)
            trigger_id = self.store.event(event_id).trigger.span_id
            event = {"doc": doc_id, "type": kind.name, "subtype": subtype, "trigger": trigger_id}
            return [
                ["event", event_id, {**event, "status": "accepted"}],
                ["span", trigger_id, {**trigger, "status": "accepted"}],
            ]

        creates = [["span", trigger], ["event", {"doc": doc_id, "type": kind.name}]]
        return self._reused(doc_id, (start, end), "TRIGGER"), creates, call

    def plan_add_argument(self) -> Plan | None:
        doc_id = self._doc()
        events = self.store.document_events(doc_id)
        if not events:
            return None
        event = self.rng.choice(events)
        options = [
            (role.name, span)
            for role in self.schema.roles_for(event.type, event.subtype)
            for span in self._spans(doc_id)
            if span.status != "rejected" and role.accepts(span.label)
        ]
        if not options:
            return None
        role, span = self.rng.choice(options)
        # A suggested filler is accepted with the argument.
        expect = [span_change(span, {"status": "accepted"})] if span.status == "suggested" else []

        def call() -> list[Fact]:
            made = self.store.add_argument(
                event.id, role, span_id=span.id, annotator=self.annotator
            )
            argument = {"event": event.id, "role": role, "span": span.id}
            return [*facts(expect), ["argument", int(made.result), argument]]

        return expect, [["argument", {"event": event.id, "role": role, "span": span.id}]], call

    def plan_create_claim(self) -> Plan:
        doc_id = self._doc()
        text = self.texts[doc_id]
        content = word_range(self.rng, text, 6)
        cue = word_range(self.rng, text, 2)
        claim_type = self.rng.choice(self.schema.claim_types).name
        stance = self.rng.choice([None, *(s.name for s in self.schema.claim_stances)])

        def call() -> list[Fact]:
            change = self.store.create_claim(
                doc_id,
                claim_type,
                stance=stance,
                content=content,
                cue=cue,
                annotator=self.annotator,
            )
            claim = self.store.claim(int(change.result))
            content_id, cue_id = claim.content.span_id, claim.cue.span_id
            fields = {"doc": doc_id, "type": claim_type, "stance": stance}
            accepted = {"status": "accepted"}
            ends = {"content": content_id, "cue": cue_id, **accepted}
            return [
                ["claim", claim.id, {**fields, **ends}],
                ["span", content_id, {**_offsets(doc_id, content, "CLAIM"), **accepted}],
                ["span", cue_id, {**_offsets(doc_id, cue, "CUE"), **accepted}],
            ]

        creates = [
            ["span", _offsets(doc_id, content, "CLAIM")],
            ["span", _offsets(doc_id, cue, "CUE")],
            ["claim", {"doc": doc_id, "type": claim_type}],
        ]
        expect = self._reused(doc_id, content, "CLAIM") + self._reused(doc_id, cue, "CUE")
        return expect, creates, call

    def plan_create_actor(self) -> Plan:
        doc_id = self._doc()
        spans = [s for s in self._spans(doc_id) if s.label in ("PERSON", "ORG", "NORP")]
        span = self.rng.choice(spans) if spans else None
        name = f"{self.rng.choice(ACTOR_NAMES)} {self.rng.randrange(10_000)}"

        def call() -> list[Fact]:
            change = self.store.create_actor(
                name, from_span_id=span.id if span else None, annotator=self.annotator
            )
            actor_id = int(change.result)
            facts: list[Fact] = [["actor", actor_id, {"name": name}]]
            if span is not None:
                facts.append(["span", span.id, {"actor": actor_id}])
            return facts

        expect = [span_change(span, {"actor": NEW_VALUE})] if span is not None else []
        return expect, [["actor", {"name": name}]], call

    def plan_link_mention(self) -> Plan | None:
        spans = self._spans(self._doc())
        actors = self.store.list_actors()
        if not spans or not actors:
            return None
        span = self.rng.choice(spans)
        actor_id = self.rng.choice([None, *(a["id"] for a in actors)])
        expect = [span_change(span, {"actor": actor_id})]

        def call() -> list[Fact]:
            self.store.link_mention(span.id, actor_id, annotator=self.annotator)
            return facts(expect)

        return expect, [], call

    def plan_add_relation(self) -> Plan | None:
        doc_id = self._doc()
        spans = [s for s in self._spans(doc_id) if s.status != "rejected"]
        if len(spans) < 2:
            return None
        head, child = self.rng.sample(spans, 2)
        label = self.rng.choice(("affiliated_with", "located_in", "part_of"))
        fields = {
            "label": label,
            "head_kind": "span",
            "head_id": head.id,
            "child_kind": "span",
            "child_id": child.id,
        }

        def call() -> list[Fact]:
            change = self.store.add_relation(
                label, ("span", head.id), ("span", child.id), annotator=self.annotator
            )
            return [["relation", int(change.result), {**fields, "status": "accepted"}]]

        return [], [["relation", fields]], call


def reused(spans: list[Any], offsets: tuple[int, int], label: str) -> list[Fact]:
    """The span of ``spans`` a new span at ``offsets`` with ``label`` would be, accepted."""
    same = [s for s in spans if (s.start, s.end, s.label) == (*offsets, label)]
    return [span_change(min(same, key=lambda s: s.id), {"status": "accepted"})] if same else []


def _offsets(doc_id: int, offsets: tuple[int, int], label: str) -> dict[str, Any]:
    return {"doc": doc_id, "start": offsets[0], "end": offsets[1], "label": label}


def run_core(project: Path, log: AckLog, rng: random.Random) -> None:
    from newsmark.core.errors import NewsmarkError
    from newsmark.core.store import Store

    store = Store.open(project, create=False)
    session = CoreSession(store, rng, store.ensure_annotator("Crash Tester"))
    log.write({"phase": "ready"})
    ops, weights = zip(*CoreSession.WEIGHTS.items(), strict=True)
    while True:
        op = rng.choices(ops, weights)[0]
        log.run(op, session.plan(op), (NewsmarkError,))


# ---------------------------------------------------------------------------------------------
# Edits through the main window
# ---------------------------------------------------------------------------------------------


class WindowSession:
    """Random edits made as a curator makes them in the main window: select words and label
    them, go to suggestions and accept or reject them, delete, make events and claims."""

    WEIGHTS: ClassVar[dict[str, int]] = {
        "label": 5,
        "accept": 3,
        "reject": 1,
        "delete": 1,
        "event": 2,
        "claim": 1,
        "switch": 1,
    }

    def __init__(self, window: Any, rng: random.Random):
        self.window = window
        self.rng = rng
        self.view = window.document_view
        self.doc_ids = window.store().document_ids()

    def wait(self, condition: Callable[[], bool], seconds: float = 20.0) -> None:
        from PySide6.QtWidgets import QApplication

        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not get there in time")
            QApplication.processEvents()
            time.sleep(0.005)

    def show(self, doc_id: int) -> None:
        assert self.window.corpus_panel.select_document(doc_id)
        self.wait(lambda: self._shown(doc_id))

    def _shown(self, doc_id: int) -> bool:
        document = self.view.document()
        return document is not None and document.id == doc_id

    def select(self, start: int, end: int) -> None:
        from PySide6.QtGui import QTextCursor

        to_qt = self.view._text_to_qt
        cursor = self.view.text_edit.textCursor()
        cursor.setPosition(to_qt(start))
        cursor.setPosition(to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.view.text_edit.setTextCursor(cursor)

    def plan(self, op: str) -> Plan | None:
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        return getattr(self, f"plan_{op}")()

    def _document(self) -> Any:
        document = self.view.document()
        assert document is not None
        return document

    def plan_switch(self) -> None:
        self.show(self.rng.choice(self.doc_ids))
        return None

    def plan_label(self) -> Plan:
        document = self._document()
        start, end = word_range(self.rng, document.text, 3)
        label = self.rng.choice(ENTITY_LABELS)
        self.select(start, end)

        def call() -> list[Fact]:
            if not self.window.annotating.label_selection(label):
                raise Refused("the window did not label the selection")
            span = self.view.focused_span()
            fields = {"doc": document.id, "start": span.start, "end": span.end, "label": label}
            assert (span.start, span.end, span.label) == (start, end, label), span
            return [["span", span.id, {**fields, "status": "accepted"}]]

        creates = [["span", {"doc": document.id, "start": start, "end": end, "label": label}]]
        stored = self.window.store().document_spans(document.id, include_rejected=True)
        return reused(stored, (start, end), label), creates, call

    def _suggestion(self) -> Any:
        return self.view.next_suggestion(1)

    def plan_accept(self) -> Plan | None:
        return self._decide("accepted", self.window.annotating.accept_focused)

    def plan_reject(self) -> Plan | None:
        return self._decide("rejected", self.window.annotating.reject_focused)

    def _decide(self, status: str, action: Callable[[], bool]) -> Plan | None:
        span = self._suggestion()
        if span is None:
            return None
        expect = [span_change(span, {"status": status})]

        def call() -> list[Fact]:
            if not action():
                raise Refused("the window did not decide the suggestion")
            return facts(expect)

        return expect, [], call

    def plan_delete(self) -> Plan | None:
        store = self.window.store()
        spans = [
            s
            for s in self.view.spans()
            if s.origin == "manual" and s.label in ENTITY_LABELS and not store.span_users(s.id)
        ]
        if not spans:
            return None
        span = self.rng.choice(spans)
        self.view.go_to_span(span.id)
        expect = [span_change(span, None)]

        def call() -> list[Fact]:
            if self.view.focused_span() is None or self.view.focused_span().id != span.id:
                raise Refused("the caret is not on the span")
            if not self.window.annotating.delete_focused():
                raise Refused("the window did not delete the span")
            return facts(expect)

        return expect, [], call

    def plan_event(self) -> Plan | None:
        document = self._document()
        start, end = word_range(self.rng, document.text, 1)
        if any(s.start < end and start < s.end for s in self.view.spans()):
            return None  # keep the trigger plain text, so the menu offers a new event
        kind = self.rng.choice(self.window.schema.event_types)
        subtype = self.rng.choice(kind.subtypes).name if kind.subtypes else None
        trigger = {"doc": document.id, "start": start, "end": end, "label": "TRIGGER"}

        def call() -> list[Fact]:
            self.select(start, end)
            self.window.structure.popup = None
            if not self.window.structure.event_menu() or self.window.structure.popup is None:
                raise Refused("no event menu")
            choose(self.window.structure.popup, kind.name, subtype)
            event_id = self.window.event_panel.selected_event_id()
            (span,) = [s for s in self.view.spans() if _is(s, start, end, "TRIGGER")]
            event = {"doc": document.id, "type": kind.name, "subtype": subtype, "trigger": span.id}
            return [
                ["event", event_id, {**event, "status": "accepted"}],
                ["span", span.id, {**trigger, "status": "accepted"}],
            ]

        return [], [["span", trigger], ["event", {"doc": document.id, "type": kind.name}]], call

    def plan_claim(self) -> Plan | None:
        document = self._document()
        start, end = word_range(self.rng, document.text, 6)
        if any(s.start < end and start < s.end for s in self.view.spans()):
            return None  # plain text: the claim's content is the selection
        claim_type = self.rng.choice(self.window.schema.claim_types).name
        content = _offsets(document.id, (start, end), "CLAIM")

        def call() -> list[Fact]:
            self.select(start, end)
            self.window.structure.popup = None
            if not self.window.structure.claim_menu() or self.window.structure.popup is None:
                raise Refused("no claim menu")
            choose(self.window.structure.popup, claim_type.replace("_", " "))
            claim_id = self.window.claim_panel.selected_claim_id()
            (span,) = [s for s in self.view.spans() if _is(s, start, end, "CLAIM")]
            claim = {"doc": document.id, "type": claim_type, "content": span.id}
            return [
                ["claim", claim_id, {**claim, "status": "accepted"}],
                ["span", span.id, {**content, "status": "accepted"}],
            ]

        return [], [["span", content], ["claim", {"doc": document.id, "type": claim_type}]], call


class Refused(Exception):
    """The window did not make the edit (nothing to act on); nothing was written."""


def _is(span: Any, start: int, end: int, label: str) -> bool:
    return (span.start, span.end, span.label) == (start, end, label)


def choose(menu: Any, *path: str | None) -> None:
    """Trigger the entry at ``path`` (sub-menu titles, then the entry) of a popup menu."""
    top = menu
    names = [name for name in path if name is not None]
    for title in names[:-1]:
        (menu,) = [a.menu() for a in menu.actions() if a.menu() and a.text() == title]
    (entry,) = [a for a in menu.actions() if a.text() == names[-1]]
    entry.trigger()
    top.close()


def record_message_boxes() -> list[str]:
    """Keep what message boxes say instead of waiting for a click no one will make."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def record(box: QMessageBox) -> int:
        shown.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    QMessageBox.exec = record  # type: ignore[method-assign]
    return shown


def run_window(project: Path, log: AckLog, rng: random.Random) -> None:
    from PySide6.QtWidgets import QApplication

    from newsmark.core.errors import NewsmarkError
    from newsmark.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    refusals = record_message_boxes()
    window = MainWindow()
    window.resize(1200, 800)
    window.show()
    assert window.open_project(project)
    session = WindowSession(window, rng)
    session.wait(lambda: window.model.is_open() and not window.model.is_loading())
    session.show(rng.choice(session.doc_ids))
    # Started as a curator finds it: the language pipeline (and the tokenizer that snaps
    # selections to words) loaded in the background.
    session.wait(lambda: window.pipeline() is not None, 120.0)
    log.write({"phase": "ready"})
    ops, weights = zip(*WindowSession.WEIGHTS.items(), strict=True)
    while True:
        op = rng.choices(ops, weights)[0]
        phase = log.run(op, session.plan(op), (NewsmarkError, Refused))
        app.processEvents()
        if refusals and phase == "ack":
            raise RuntimeError(f"an acknowledged edit was also refused: {refusals}")
        refusals.clear()


def main(argv: list[str]) -> int:
    mode, project, log_path, seed = argv
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    log = AckLog(Path(log_path))
    rng = random.Random(int(seed))
    {"core": run_core, "window": run_window}[mode](Path(project), log, rng)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
