"""The import pipeline: parallel and in-process builds agree, cancel, progress, odd failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsmark.core.store import Store
from newsmark.corpus import building
from newsmark.corpus.importer import ImportOptions, ImportProgress, import_paths

ARTICLE = """Clashes reported near {place} ({n})

By Ana Ruiz
{day} March 2022

Fighting broke out near {place} on Tuesday between the army and rebel fighters, leaving {n}
people dead, a local official said.

The rebels accused the army of shelling homes; the army denied it.

To contact the Example Wire editors
visit:

[example.org/contact](https://example.org/contact)
"""


def write_feed(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            if i % 50 == 7:
                out.write("{not json\n")
            text = ARTICLE.format(place=f"Village{i}", n=i, day=1 + i % 28)
            out.write(json.dumps({"id": f"r{i}", "text": text}) + "\n")
    return path


def summary(project: Path, report) -> tuple:
    with Store.open(project) as store:
        rows = [(r.id, r.title, r.published, r.author) for r in store.list_documents()]
        searchable = store.count_documents(search="rebels")
    rejected = [(e.location, e.message) for e in report.rejected]
    return rows, rejected, searchable


def test_worker_processes_give_the_same_result_as_in_process(tmp_path: Path):
    feed = write_feed(tmp_path / "feed.jsonl", 300)
    results = []
    for workers in (0, 2):
        project = tmp_path / f"p{workers}.nmk"
        with Store.open(project) as store:
            report = import_paths(store, [str(feed)], ImportOptions(workers=workers, batch_size=40))
        assert len(report.imported) == 300
        results.append(summary(project, report))
    assert results[0] == results[1]
    rows, rejected, searchable = results[1]
    assert rows[0] == (1, "Clashes reported near Village0 (0)", "2022-03-01", "Ana Ruiz")
    assert len(rejected) == 6 and rejected[0][0] == f"{tmp_path / 'feed.jsonl'}:8"
    assert rejected[0][1].startswith("invalid JSON")
    assert searchable == 300


def test_worker_count_follows_input_size(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(building.os, "cpu_count", lambda: 4)
    assert building.worker_count(10_000, None) == 0
    assert building.worker_count(building.PARALLEL_MIN_BYTES, None) == 4
    assert building.worker_count(10**9, 1) == 1
    monkeypatch.setattr(building.os, "cpu_count", lambda: 1)
    assert building.worker_count(10**9, None) == 0


def test_cancel_keeps_what_was_stored_and_indexes_it(tmp_path: Path):
    feed = write_feed(tmp_path / "feed.jsonl", 120)
    with Store.open(tmp_path / "p.nmk") as store:
        report = import_paths(
            store, [str(feed)], ImportOptions(workers=0, batch_size=25), should_cancel=lambda: True
        )
        assert report.cancelled
        assert len(report.imported) == 25
        assert store.count_documents() == 25
        assert store.count_documents(search="rebels") == 25


def test_progress_reports_each_file(tmp_path: Path):
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text(ARTICLE.format(place=f"P{i}", n=i, day=3))
    seen: list[ImportProgress] = []
    with Store.open(tmp_path / "p.nmk") as store:
        import_paths(store, [str(tmp_path)], progress=seen.append)
    assert [(p.files_done, p.files_total, p.articles) for p in seen] == [
        (1, 3, 1),
        (2, 3, 2),
        (3, 3, 3),
    ]
    assert seen[-1].current.endswith("a2.txt")


def test_a_failure_inside_cleaning_loses_only_that_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    real_clean = building.clean_article

    def fragile(text: str):
        if "Village2 " in text:
            raise RuntimeError("unexpected shape")
        return real_clean(text)

    monkeypatch.setattr(building, "clean_article", fragile)
    feed = write_feed(tmp_path / "feed.jsonl", 5)
    with Store.open(tmp_path / "p.nmk") as store:
        report = import_paths(store, [str(feed)], ImportOptions(workers=0))
        assert store.count_documents() == 4
    [error] = report.rejected
    assert error.location == f"{feed}:3"
    assert error.message == "could not be processed (RuntimeError: unexpected shape)"


def test_windows_1252_file_imports_with_a_warning(tmp_path: Path):
    path = tmp_path / "old.txt"
    path.write_bytes(
        "Caf\xe9 owners protest \x93new\x94 tax in Marun\n\nShops closed.".encode("latin-1")
    )
    with Store.open(tmp_path / "p.nmk") as store:
        report = import_paths(store, [str(path)])
        doc = store.get_document(report.imported[0][1])
    assert doc.title == "Café owners protest “new” tax in Marun"
    [(location, warning)] = report.warnings
    assert location == str(path) and "read as Windows-1252" in warning


def test_metadata_given_with_the_article_wins_over_the_text(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    record = {
        "text": ARTICLE.format(place="Kessa", n=3, day=9),
        "meta": {"headline": "Given title", "date": "2022-03-10T08:00:00Z", "outlet": "Wire"},
        "url": "https://example.org/kessa",
    }
    feed.write_text(json.dumps(record) + "\n")
    with Store.open(tmp_path / "p.nmk") as store:
        import_paths(store, [str(feed)])
        doc = store.get_document(1)
    assert (doc.title, doc.published, doc.source, doc.url, doc.author) == (
        "Given title",
        "2022-03-10",
        "Wire",
        "https://example.org/kessa",
        "Ana Ruiz",
    )
    assert doc.meta["format"] == "jsonl"
    assert [r.reason for r in doc.removals] == ["contact notice", "site footer"]
    assert "To contact the Example Wire" in doc.original_text
    assert "To contact" not in doc.text


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2021-01-02", "2021-01-02"),
        ("2022-03-10T08:00:00Z", "2022-03-10"),
        ("March 3, 2021", "2021-03-03"),
        ("Tue, 31 Dec 2019", "2019-12-31"),
        ("31 décembre 2019", "2019-12-31"),
        ("March 2021", "2021-03"),  # the precision stated, no invented day
        ("2021", "2021"),
        ("31 February 2020", None),
        ("last week", None),
    ],
)
def test_dates_given_as_metadata(given: str, expected: str | None):
    assert building.normalize_date(given) == expected


def test_an_unreadable_given_date_is_kept_raw_with_a_warning(tmp_path: Path):
    feed = tmp_path / "feed.jsonl"
    text = ARTICLE.format(place="Marun", n=2, day=4)
    feed.write_text(json.dumps({"text": text, "meta": {"date": "sometime in spring"}}) + "\n")
    with Store.open(tmp_path / "p.nmk") as store:
        report = import_paths(store, [str(feed)])
        doc = store.get_document(1)
    assert doc.meta["published_raw"] == "sometime in spring"
    assert doc.published == "2022-03-04"  # read from the article's own header instead
    assert "cannot read the date 'sometime in spring'" in report.warnings[0][1]
