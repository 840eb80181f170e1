"""The command line: exit codes, messages, project resolution, every command's help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsmark import __version__
from newsmark.cli import build_parser, main
from newsmark.core.documents import Document
from newsmark.core.store import Store

ARTICLE = """Rebels shell market in Karsh

By Ana Ruiz
12 March 2024

Rebel fighters shelled the main market in Karsh on Tuesday, killing five traders, the
provincial governor said. The rebels denied responsibility.

Police arrested three men near the bus station hours later.
"""


def run(*argv: str) -> int:
    return main(list(argv))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "sub" / "b.md").write_text(
        "# Protest in Port Amal\n\nThousands marched in **Port Amal** on Friday against fuel "
        "prices.\n",
        encoding="utf-8",
    )
    (folder / "feed.jsonl").write_text(
        json.dumps(
            {"id": "w1", "text": "Drone strike near Sefra kills two.", "meta": {"title": "Sefra"}}
        )
        + "\n{broken json\n",
        encoding="utf-8",
    )
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "empty.txt").write_text("")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    return folder


def test_version(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as info:
        run("--version")
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsmark {__version__}"


def test_module_entry_point_runs():
    result = subprocess.run(
        [sys.executable, "-m", "newsmark", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and __version__ in result.stdout


def test_import_reports_each_rejection_and_imports_the_rest(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    project = tmp_path / "p.nmk"
    assert run("import", str(corpus), "--project", str(project)) == 1
    out, err = capsys.readouterr()
    assert f"Imported 3 document(s) into {project}: 0 skipped as duplicates, 3 rejected." in out
    assert "1 file(s) in folders passed over" in out
    assert f"rejected: {corpus / 'blob.txt'}: binary file (contains NUL bytes)" in err
    assert f"rejected: {corpus / 'empty.txt'}: empty file" in err
    assert f"rejected: {corpus / 'feed.jsonl'}:2: invalid JSON" in err
    with Store.open(project, create=False) as store:
        titles = sorted(row.title for row in store.list_documents())
    assert titles == ["Protest in Port Amal", "Rebels shell market in Karsh", "Sefra"]


def test_reimport_skips_duplicates_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(
        ARTICLE.replace("\n", "\r\n").encode("utf-8-sig")
    )  # same content, Windows-saved
    project = str(tmp_path / "p.nmk")
    assert run("import", str(article), "--project", project) == 0
    capsys.readouterr()
    assert run("import", str(article), str(copy), "--project", project) == 0
    out, _ = capsys.readouterr()
    assert "Imported 0 document(s)" in out and "2 skipped as duplicates" in out
    assert f"duplicate: {copy} (same content as document 1)" in out


def test_import_json_report(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert (
        run(
            "import",
            str(corpus / "a.txt"),
            str(corpus / "blob.txt"),
            "--project",
            str(tmp_path / "p.nmk"),
            "--json",
        )
        == 1
    )
    report = json.loads(capsys.readouterr().out)
    assert [i["title"] for i in report["imported"]] == ["Rebels shell market in Karsh"]
    assert report["rejected"][0]["location"].endswith("blob.txt")


def test_no_clean_keeps_the_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "a.md"
    path.write_text(
        "\ufeff# Title\r\n\r\nSee [the report](https://example.org).\r\n\r\nShare this article\r\n"
    )
    project = str(tmp_path / "p.nmk")
    assert run("import", str(path), "--project", project, "--no-clean") == 0
    with Store.open(project) as store:
        doc = store.get_document(1)
    assert doc.text == "# Title\n\nSee [the report](https://example.org).\n\nShare this article\n"
    assert doc.removals == ()


def test_csv_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "a.csv"
    path.write_text(
        "key,copy,hed,when\nk1,Clashes in Marun left four dead.,Marun clashes,2020-02-03\n"
    )
    project = str(tmp_path / "p.nmk")
    assert (
        run(
            "import",
            str(path),
            "--project",
            project,
            "--text-column",
            "copy",
            "--id-column",
            "key",
            "--column",
            "title=hed",
            "--column",
            "published=when",
        )
        == 0
    )
    with Store.open(project) as store:
        doc = store.get_document(1)
    assert (doc.title, doc.published, doc.external_id) == ("Marun clashes", "2020-02-03", "k1")
    assert run("import", str(path), "--project", project) == 1
    assert "no text column 'text' or 'body'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["import"],
        ["import", "x.txt", "--column", "colour=c"],
        ["import", "x.txt", "--max-size", "0"],
        ["list", "--status", "finished"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as info:
        run(*argv)
    assert info.value.code == 2
    assert "usage: newsmark" in capsys.readouterr().err


def test_project_errors_exit_2_and_name_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    bogus = tmp_path / "notes.nmk"
    bogus.write_text("not a database")
    assert run("stats", "--project", str(bogus)) == 2
    assert f"newsmark: {bogus}: not a Newsmark project" in capsys.readouterr().err
    assert run("list", "--project", str(tmp_path / "missing.nmk")) == 2
    assert "no project file there" in capsys.readouterr().err
    assert not (tmp_path / "missing.nmk").exists()


def test_project_from_environment_then_default(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    _isolated_home: Path,
    capsys: pytest.CaptureFixture[str],
):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    env_project = tmp_path / "env.nmk"
    monkeypatch.setenv("NEWSMARK_PROJECT", str(env_project))
    assert run("import", str(article)) == 0
    assert env_project.exists()
    monkeypatch.delenv("NEWSMARK_PROJECT")
    assert run("import", str(article)) == 0
    assert (_isolated_home / "default.nmk").exists()
    capsys.readouterr()
    assert run("list") == 0
    assert "Rebels shell market in Karsh" in capsys.readouterr().out


def test_stats_list_show_search(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    project = str(tmp_path / "p.nmk")
    run("import", str(corpus), "--project", project)
    capsys.readouterr()

    assert run("stats", "--project", project) == 0
    out = capsys.readouterr().out
    assert "Documents: 3  (new 3)" in out and "Spans: 0" in out

    assert run("stats", "--project", project, "--json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"]["total"] == 3 and stats["claims"]["total"] == 0

    assert run("list", "--project", project) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    assert lines[0].split("\t") == ["1", "Rebels shell market in Karsh", "2024-03-12", "-", "new"]

    assert run("list", "--project", project, "--json", "--search", "fuel") == 0
    [line] = capsys.readouterr().out.strip().splitlines()
    assert json.loads(line)["title"] == "Protest in Port Amal"

    assert run("show", "1", "--project", project) == 0
    out = capsys.readouterr().out
    assert "Title: Rebels shell market in Karsh" in out and "Author: Ana Ruiz" in out
    assert "Published: 2024-03-12" in out and "killing five traders" in out

    assert run("show", "99", "--project", project) == 2
    assert "no document 99" in capsys.readouterr().err

    assert run("search", "drone", "--project", project) == 0
    assert capsys.readouterr().out.startswith("2\tSefra\t")
    assert run("search", "zeppelin", "--project", project) == 1
    assert run("list", "--project", project, "--search", "NOT police") == 2
    assert "cannot search for 'NOT police'" in capsys.readouterr().err


def test_show_lists_what_cleaning_removed(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "a.txt"
    path.write_text(
        ARTICLE + "\nShare this article on Facebook\n\nThis website uses cookies to "
        "improve your experience. Accept Read More\n"
    )
    project = str(tmp_path / "p.nmk")
    run("import", str(path), "--project", project)
    capsys.readouterr()
    assert run("show", "1", "--project", project, "--removed") == 0
    out = capsys.readouterr().out
    assert "Removed by cleaning: 2 piece(s)" in out
    assert "This website uses cookies" in out
    assert run("show", "1", "--project", project, "--original") == 0
    assert "Share this article on Facebook" in capsys.readouterr().out


def test_demo_builds_the_sample_project_without_rejections(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    project = tmp_path / "sample.nmk"
    assert run("demo", "--project", str(project), "--no-window") == 0
    out, err = capsys.readouterr()
    assert err == ""
    with Store.open(project, create=False) as store:
        count = store.count_documents()
        rows = store.list_documents()
        stats = store.stats()
    assert count >= 8
    assert all(row.title for row in rows)
    assert f"Sample project {project}: {count} documents" in out
    # Built for the first time: pre-highlighted, so the window opens on suggestions.
    assert "Pre-highlighting the sample articles" in out
    assert stats["spans"]["by_status"]["suggested"] > 100
    assert stats["events"]["total"] > 0 and stats["claims"]["total"] > 0
    assert all(row.suggested_count > 0 for row in rows)
    assert run("demo", "--project", str(project), "--no-window") == 0  # idempotent
    out = capsys.readouterr().out
    assert "(0 new" in out and "Pre-highlighting" not in out


def test_demo_without_suggestions(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    project = tmp_path / "sample.nmk"
    assert run("demo", "--project", str(project), "--no-window", "--no-suggest") == 0
    assert "Pre-highlighting" not in capsys.readouterr().out
    with Store.open(project, create=False) as store:
        assert store.stats()["spans"]["total"] == 0


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]):
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) == {
        "import",
        "suggest",
        "stats",
        "list",
        "show",
        "search",
        "gui",
        "demo",
        "schema",
        "actors",
        "export",
        "merge",
        "agreement",
        "restore",
    }
    for name, sub in subparsers.choices.items():
        assert sub.description, name
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.dest} has no help text"
        with pytest.raises(SystemExit) as info:
            run(name, "--help")
        assert info.value.code == 0
        assert sub.description.split(" (")[0][:30] in capsys.readouterr().out


# -- schema and actors -----------------------------------------------------------------------


@pytest.fixture
def annotated(tmp_path: Path) -> Path:
    project = tmp_path / "p.nmk"
    with Store.open(project) as store:
        store.add_documents([Document(text="Police detained a reporter in Karsh.", title="K")])
        store.create_span(1, 30, 35, "GPE", annotator="ana")
    return project


def test_schema_rename_carries_spans_and_remove_is_refused_while_in_use(
    annotated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    assert run("schema", "--project", str(annotated), "rename", "label", "GPE", "PLACE") == 0
    assert "Rename label GPE to PLACE (1 span)" in capsys.readouterr().out
    with Store.open(annotated) as store:
        assert [s.label for s in store.document_spans(1)] == ["PLACE"]
        assert store.project_schema().has_label("PLACE")
    assert run("schema", "--project", str(annotated), "remove", "label", "PLACE") == 1
    assert "used by 1 span" in capsys.readouterr().err
    assert run("schema", "--project", str(annotated), "remove", "label", "FAC") == 0

    exported = tmp_path / "schema.json"
    assert run("schema", "--project", str(annotated), "export", str(exported)) == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert "FAC" not in [label["name"] for label in data["entity_labels"]]
    data["entity_labels"][0]["colour"] = "red"
    exported.write_text(json.dumps(data, indent=2), encoding="utf-8")
    capsys.readouterr()
    assert run("schema", "--project", str(annotated), "load", str(exported)) == 1
    err = capsys.readouterr().err
    assert f"{exported}:" in err and "entity_labels[0].colour" in err


def test_actors_export_and_import_round_trip_with_bad_rows_reported(
    annotated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    with Store.open(annotated) as store:
        store.create_actor("Karsh Police", type="police", country="IQ", aliases=["the police"])
    out = tmp_path / "actors.csv"
    assert run("actors", "--project", str(annotated), "export", str(out), "--bom") == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    other = tmp_path / "q.nmk"
    Store.open(other).close()
    with out.open("a", encoding="utf-8", newline="") as handle:
        handle.write(",Somebody,,,Narnia,,,,,\r\n")
    capsys.readouterr()
    assert run("actors", "--project", str(other), "import", str(out)) == 1
    captured = capsys.readouterr()
    assert "1 created" in captured.out and "1 rows refused" in captured.out
    assert "column country" in captured.err and "Narnia" in captured.err
    assert run("actors", "--project", str(other), "list") == 0
    listed = capsys.readouterr().out
    assert "Karsh Police\tpolice\tIRQ  (the police)" in listed


def test_gui_takes_the_project_as_a_file_manager_passes_it(monkeypatch, tmp_path):
    import newsmark.gui.app

    opened = []
    monkeypatch.setattr(newsmark.gui.app, "run_app", lambda project: opened.append(project) or 0)
    target = tmp_path / "team.nmk"
    assert main(["gui", str(target)]) == 0
    assert main(["gui", "--project", str(target)]) == 0
    assert main(["gui"]) == 0
    assert opened == [target, target, None]
