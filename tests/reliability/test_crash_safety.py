"""Killing Newsmark at random moments never loses an acknowledged edit nor damages the file.

A child process (crash_worker.py) curates a small project, through the Store or through the
real main window offscreen, and logs each edit before making it and again once it returned.
The test kills it with SIGKILL after a random delay, then opens the project and checks:
SQLite's integrity and foreign-key checks, every span's text against its document, every
acknowledged fact (a span's offsets, label, status and actor as last acknowledged, events,
arguments, claims, actors, relations, deletions), and that the edit in flight when the kill
came was applied whole or not at all. The next round goes on with the same project, so damage
would pile up. The seed is fixed, so a failing round can be run again.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from newsmark.core.documents import Document
from newsmark.core.store import Store
from newsmark.nlp.candidates import (
    ClaimCandidate,
    DocumentSuggestions,
    EventCandidate,
    SpanCandidate,
)

WORKER = Path(__file__).with_name("crash_worker.py")
SEED = 20240611
CORE_ROUNDS = 24
WINDOW_ROUNDS = 6
DELAY_MS = (50, 800)
READY_TIMEOUT_S = 60.0
NEW_VALUE = "<new>"  # crash_worker.NEW_VALUE: a value the intent could not know

TEXTS = (
    "Rebels shelled the market in Kersh on Tuesday, killing five, the governor said. "
    "The Eastern Front denied responsibility and accused the army of staging the attack 🎯.",
    "Police in Dovra detained twelve protesters outside the ministry on Monday.\t"
    "Amnesty Watch condemned the arrests; the interior minister said order had to be kept.",
    "A drone strike hit a convoy near the Lazar bridge, officials said. "
    "Café owners in Mirë reported explosions at dawn, and the Northern Brigade vowed revenge.",
)

# Each kind the test reads back: the query and the names of its fields after the id.
READS = {
    "span": ('SELECT doc_id, start, "end", label, status, actor_id FROM spans WHERE id = ?',
             ("doc", "start", "end", "label", "status", "actor")),
    "event": ("SELECT doc_id, type, subtype, trigger_span_id, status FROM events WHERE id = ?",
              ("doc", "type", "subtype", "trigger", "status")),
    "argument": ("SELECT event_id, role, span_id FROM event_arguments WHERE id = ?",
                 ("event", "role", "span")),
    "claim": ("SELECT doc_id, type, stance, content_span_id, cue_span_id, status FROM claims "
              "WHERE id = ?", ("doc", "type", "stance", "content", "cue", "status")),
    "actor": ("SELECT name FROM actors WHERE id = ?", ("name",)),
    "relation": ("SELECT label, head_kind, head_id, child_kind, child_id, status FROM relations "
                 "WHERE id = ?", ("label", "head_kind", "head_id", "child_kind", "child_id",
                                  "status")),
}  # fmt: skip

Key = tuple[str, int]


# ---------------------------------------------------------------------------------------------
# The project
# ---------------------------------------------------------------------------------------------


def candidate(text: str, words: str, label: str, nth: int = 0) -> SpanCandidate:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return SpanCandidate(start, start + len(words), label, words, "rule:crash-test")


def suggestions(doc_id: int, text: str) -> DocumentSuggestions:
    """A suggester's output: every capitalised word as a name, an event and a claim."""
    found = DocumentSuggestions(doc_id)
    for word in {w.strip(".,;🎯") for w in text.split() if w[:1].isupper()}:
        found.spans.append(candidate(text, word, "ORG" if len(word) > 5 else "GPE"))
    verb = next(v for v in ("shelled", "detained", "strike") if v in text)
    found.events.append(
        EventCandidate(
            "Battles", "Armed clash", candidate(text, verb, "TRIGGER"), "rule:crash-test"
        )
    )
    found.claims.append(
        ClaimCandidate("assertion", candidate(text, "said", "CUE"), "rule:crash-test")
    )
    return found


def build_project(path: Path) -> Path:
    with Store.open(path) as store:
        added = store.add_documents(
            [Document(text=text, title=f"Report {i}") for i, text in enumerate(TEXTS)]
        )
        batch = [suggestions(a.doc_id, a.document.text) for a in added]
        counts = store.add_suggestions(batch, run_origin="rule:crash-test")
        assert counts.spans > 10 and counts.events == 3 and counts.claims == 3
    return path


# ---------------------------------------------------------------------------------------------
# What was acknowledged, and checking the project against it
# ---------------------------------------------------------------------------------------------


def read_row(store: Store, kind: str, row_id: int) -> dict[str, Any] | None:
    sql, names = READS[kind]
    row = store.db.execute(sql, [row_id]).fetchone()
    return None if row is None else dict(zip(names, row, strict=True))


def holds(row: dict[str, Any] | None, fields: dict[str, Any] | None) -> bool:
    """Whether a stored row (None: absent) is as ``fields`` say (None: absent)."""
    if fields is None or row is None:
        return fields is None and row is None
    return all(
        row[name] is not None if value == NEW_VALUE else row[name] == value
        for name, value in fields.items()
    )


@dataclass
class RoundLog:
    """One child's log: its records in order, and the edit under way when it was killed."""

    records: list[dict[str, Any]]
    torn: bool  # the kill cut the last line short

    @classmethod
    def read(cls, path: Path) -> RoundLog:
        data = path.read_bytes() if path.exists() else b""
        *lines, rest = data.split(b"\n")
        # Every line but an unfinished last one is whole JSON: lines are written one at a time.
        return cls([json.loads(line) for line in lines], torn=bool(rest))

    @property
    def ready(self) -> bool:
        return any(r["phase"] == "ready" for r in self.records)

    def edits(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r["phase"] in ("intent", "ack", "refused")]

    def in_flight(self) -> dict[str, Any] | None:
        """The intent with no outcome after it: the edit the kill interrupted, if any."""
        edits = self.edits()
        return edits[-1] if edits and edits[-1]["phase"] == "intent" else None

    def acks(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r["phase"] == "ack"]


@dataclass
class Acknowledged:
    """Every fact acknowledged so far, per (kind, id): its fields, or None once deleted."""

    facts: dict[Key, dict[str, Any] | None] = field(default_factory=dict)
    count: int = 0

    def apply(self, kind: str, row_id: int, fields: dict[str, Any] | None) -> None:
        key = (kind, row_id)
        known = self.facts.get(key) or {}
        self.facts[key] = None if fields is None else {**known, **fields}

    def take(self, log: RoundLog) -> None:
        for record in log.acks():
            self.count += 1
            for kind, row_id, fields in record["facts"]:
                self.apply(kind, row_id, fields)

    def check(self, store: Store, in_flight: dict[str, Any] | None) -> list[str]:
        """What in the project contradicts the facts; the in-flight edit may be applied or
        not, but whole (then its outcome joins the facts)."""
        problems: list[str] = []
        changes = in_flight["expect"] if in_flight else []
        expect = {(kind, row_id): after for kind, row_id, after, _before in changes}
        creates = in_flight["creates"] if in_flight else []
        outcomes = {"before", "after"}
        for kind, row_id, after, seen in changes:
            key = (kind, row_id)
            row = read_row(store, *key)
            # As acknowledged, else as the child read it just before the edit.
            before = self.facts.get(key, seen)
            known = self.facts.get(key) or {}
            after = None if after is None else {**known, **after}
            fits = {
                name for name, state in (("before", before), ("after", after)) if holds(row, state)
            }
            if not fits:
                problems.append(f"{key}: {row} is neither {before} nor {after}")
            outcomes &= fits
        if expect and not outcomes:
            problems.append(f"the interrupted edit {in_flight} was applied in part")
        for key, fields in self.facts.items():
            if key in expect:
                continue
            row = read_row(store, *key)
            if fields is None and row is not None and _made_by(row, key[0], creates):
                self.facts[key] = row  # an id freed by a deletion, taken by the new row
            elif not holds(row, fields):
                problems.append(f"acknowledged {key[0]} {key[1]} {fields}, stored: {row}")
        if "after" in outcomes:
            for (kind, row_id), fields in expect.items():
                self.apply(kind, row_id, fields)
                if fields is not None and NEW_VALUE in fields.values():
                    self.facts[(kind, row_id)] = read_row(store, kind, row_id)
        return problems


def _made_by(row: dict[str, Any], kind: str, creates: list[list[Any]]) -> bool:
    return any(made_kind == kind and holds(row, fields) for made_kind, fields in creates)


def check_project(path: Path, acknowledged: Acknowledged, log: RoundLog) -> list[str]:
    """Open the project as the app does and list everything wrong with it."""
    with Store.open(path, create=False) as store:
        problems = []
        (integrity,) = store.db.execute("PRAGMA integrity_check").fetchone()
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        broken = store.db.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            problems.append(f"foreign_key_check: {[tuple(r) for r in broken]}")
        texts = dict(store.document_texts(store.document_ids()))
        for doc_id, text in texts.items():
            for span in store.document_spans(doc_id, include_rejected=True):
                if text[span.start : span.end] != span.text:
                    problems.append(f"span {span.id} reads {span.text!r}, its text differs")
        acknowledged.take(log)
        problems += acknowledged.check(store, log.in_flight())
    return problems


# ---------------------------------------------------------------------------------------------
# Killing the child
# ---------------------------------------------------------------------------------------------


@dataclass
class Rounds:
    """Runs the child again and again on one project, killing it each time."""

    mode: str
    project: Path
    folder: Path
    rng: random.Random
    acknowledged: Acknowledged = field(default_factory=Acknowledged)
    kills: int = 0
    in_flight: int = 0
    torn: int = 0

    def run(self, number: int, *, from_start: bool) -> None:
        """One round: start the child, kill it after a random delay (counted from its start,
        or from the moment it has the project open), then check the project."""
        log_path = self.folder / f"{self.mode}-{number:02d}.jsonl"
        errors = self.folder / f"{self.mode}-{number:02d}.stderr"
        seed = self.rng.randrange(2**31)
        delay = self.rng.uniform(*DELAY_MS) / 1000
        with errors.open("wb") as stderr:
            child = subprocess.Popen(
                [
                    sys.executable,
                    str(WORKER),
                    self.mode,
                    str(self.project),
                    str(log_path),
                    str(seed),
                ],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            try:
                if not from_start:
                    self._wait_ready(child, log_path, errors)
                time.sleep(delay)
                died = child.poll()
                assert died is None, (
                    f"round {number}: the child (seed {seed}) stopped by itself ({died}):\n"
                    + errors.read_text(errors="replace")
                )
                os.kill(child.pid, signal.SIGKILL)
            finally:
                if child.poll() is None:
                    child.kill()
                child.wait()
        assert child.returncode == -signal.SIGKILL
        self.kills += 1
        log = RoundLog.read(log_path)
        self.in_flight += log.in_flight() is not None
        self.torn += log.torn
        problems = check_project(self.project, self.acknowledged, log)
        assert not problems, (
            f"round {number} ({self.mode}, child seed {seed}, killed {delay * 1000:.0f} ms "
            f"after {'start' if from_start else 'ready'}):\n" + "\n".join(problems)
        )

    def _wait_ready(self, child: subprocess.Popen[bytes], log_path: Path, errors: Path) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not RoundLog.read(log_path).ready:
            assert child.poll() is None, errors.read_text(errors="replace")
            assert time.monotonic() < deadline, "the child never opened the project"
            time.sleep(0.01)


def report(rounds: Rounds) -> str:
    return (
        f"{rounds.mode}: {rounds.kills} kills survived, {rounds.acknowledged.count} acknowledged "
        f"edits checked, {len(rounds.acknowledged.facts)} facts, {rounds.in_flight} kills "
        f"mid-edit, {rounds.torn} torn log lines"
    )


@pytest.mark.slow
def test_store_edits_survive_sigkill_at_random_moments(tmp_path: Path) -> None:
    rounds = Rounds("core", build_project(tmp_path / "crash.nmk"), tmp_path, random.Random(SEED))
    for number in range(CORE_ROUNDS):
        # Every fourth kill counts from the start, to land while the project is being opened.
        rounds.run(number, from_start=number % 4 == 3)
    print(report(rounds))
    assert rounds.kills == CORE_ROUNDS
    assert rounds.acknowledged.count > CORE_ROUNDS * 5  # the kills came amid real work
    assert rounds.in_flight > 0


@pytest.mark.slow
@pytest.mark.gui
def test_window_edits_survive_sigkill_at_random_moments(tmp_path: Path) -> None:
    rounds = Rounds(
        "window", build_project(tmp_path / "crash.nmk"), tmp_path, random.Random(SEED + 1)
    )
    for number in range(WINDOW_ROUNDS):
        rounds.run(number, from_start=False)
    print(report(rounds))
    assert rounds.kills == WINDOW_ROUNDS
    assert rounds.acknowledged.count > WINDOW_ROUNDS


# ---------------------------------------------------------------------------------------------
# The checks themselves catch what they are there for
# ---------------------------------------------------------------------------------------------


def intent(n: int, expect: list[list[Any]]) -> dict[str, Any]:
    return {"phase": "intent", "n": n, "op": "set_span_status", "expect": expect, "creates": []}


def test_the_checks_catch_a_lost_edit_and_a_half_applied_one(tmp_path: Path) -> None:
    project = build_project(tmp_path / "checked.nmk")
    with Store.open(project) as store:
        first, second = [s.id for s in store.document_spans(1)][:2]
        made = store.create_span(1, 0, 6, "NORP", annotator="Checker").span_ids()[0]
        store.delete_span(made, annotator="Checker")
    lost = {"doc": 1, "start": 0, "end": 6, "label": "NORP", "status": "accepted"}
    ack = {"phase": "ack", "n": 1, "op": "create_span", "facts": [["span", made, lost]]}
    log = RoundLog([ack], torn=False)
    assert check_project(project, Acknowledged(), log) == [
        f"acknowledged span {made} {lost}, stored: None"
    ]

    # Killed while rejecting two spans: only one of them was written.
    both_keys = [("span", first), ("span", second)]
    both = [[k, i, {"status": "rejected"}, {"status": "suggested"}] for k, i in both_keys]
    with Store.open(project) as store:
        store.set_span_status([first], "rejected", annotator="Checker")
    problems = check_project(project, Acknowledged(), RoundLog([intent(1, both)], True))
    assert len(problems) == 1 and "applied in part" in problems[0]

    # Both written (or neither): fine, and what was written is known from then on.
    with Store.open(project) as store:
        store.set_span_status([second], "rejected", annotator="Checker")
    acknowledged = Acknowledged()
    assert check_project(project, acknowledged, RoundLog([intent(1, both)], True)) == []
    assert acknowledged.facts == {key: {"status": "rejected"} for key in both_keys}
    # A later change nobody acknowledged (here: made behind the log's back) is caught.
    with Store.open(project) as store:
        store.set_span_status([first], "accepted", annotator="Checker")
    (problem,) = check_project(project, acknowledged, RoundLog([], False))
    assert problem.startswith(f"acknowledged span {first} {{'status': 'rejected'}}, stored:")
