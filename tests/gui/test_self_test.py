"""``newsmark --self-test`` in a source install: every step passes and says so; a step that
fails is named and the exit status is 1."""

from __future__ import annotations

import io
import os

from newsmark.cli import main
from newsmark.gui import self_test


def test_the_self_test_passes_in_a_source_install(monkeypatch, capsys):
    home = os.environ["NEWSMARK_HOME"]
    assert main(["--self-test"]) == 0
    assert os.environ["NEWSMARK_HOME"] == home  # the run's own data folder is given back
    out = capsys.readouterr().out
    for step, _run in self_test.STEPS:
        assert f"ok   {step} (" in out
    assert "spans of 2 documents exported to JSONL, every one matching the text" in out
    assert out.rstrip().splitlines()[-1].startswith("self-test passed in")


def test_a_failing_step_is_named(monkeypatch):
    def no_spans(state):
        raise self_test.SelfTestFailure("the pipeline suggested no span in the sample article")

    steps = tuple((name, no_spans if name == "suggest" else run) for name, run in self_test.STEPS)
    monkeypatch.setattr(self_test, "STEPS", steps)
    out = io.StringIO()
    assert self_test.run_self_test(out) == 1
    lines = out.getvalue().splitlines()
    assert lines[-1] == "FAILED suggest: the pipeline suggested no span in the sample article"
    assert not any(line.startswith("ok   export") for line in lines)
