"""Readers: finding files, decoding, and every format's good and bad records."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from newsmark.core.errors import InputError
from newsmark.corpus.building import build_document
from newsmark.corpus.readers import (
    CsvColumns,
    JsonRecord,
    RawArticle,
    decode_bytes,
    expand_inputs,
    extract_html,
    read_file,
)


def read_all(path: Path, **kwargs) -> tuple[list[RawArticle], list[InputError]]:
    items = []
    for item in read_file(path, **kwargs):
        if isinstance(item, JsonRecord):  # parsed by the build step during an import
            try:
                item = item.parse()
            except InputError as exc:
                item = exc
        items.append(item)
    return (
        [i for i in items if isinstance(i, RawArticle)],
        [i for i in items if isinstance(i, InputError)],
    )


# -- finding files ----------------------------------------------------------------------------


def test_expand_folders_recursively_globs_and_reports_missing(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / "b" / "two.md").write_text("x")
    (tmp_path / "a" / "b" / "three.HTML").write_text("x")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden" / "secret.txt").write_text("x")
    (tmp_path / "loose.jsonl").write_text("{}")
    (tmp_path / "report.pdf").write_bytes(b"%PDF")

    files, errors, passed_over = expand_inputs([str(tmp_path / "a")])
    assert [f.name for f in files] == ["one.txt", "three.HTML", "two.md"]
    assert passed_over == 1 and errors == []

    files, errors, _ = expand_inputs([str(tmp_path / "*.jsonl"), str(tmp_path / "a" / "one.txt")])
    assert [f.name for f in files] == ["loose.jsonl", "one.txt"]

    files, errors, _ = expand_inputs(
        [
            str(tmp_path / "missing.txt"),
            str(tmp_path / "report.pdf"),
            str(tmp_path / "*.csv"),
        ]
    )
    assert files == []
    messages = [str(e) for e in errors]
    assert "missing.txt: no such file or folder" in messages[0]
    assert "report.pdf: unsupported file type .pdf" in messages[1]
    assert "no file matches" in messages[2]


def test_the_same_file_named_twice_is_read_once(tmp_path: Path):
    (tmp_path / "a.txt").write_text("x")
    files, _, _ = expand_inputs([str(tmp_path), str(tmp_path / "a.txt")])
    assert len(files) == 1


# -- decoding ---------------------------------------------------------------------------------


def test_decoding_utf8_utf16_and_windows_1252():
    assert decode_bytes("Kata’ib 🙂".encode(), "f") == ("Kata’ib 🙂", [])
    assert decode_bytes("\ufeffHi".encode("utf-16"), "f")[0].lstrip("\ufeff") == "Hi"
    text, warnings = decode_bytes("“Quoted” café".encode("cp1252"), "f.txt")
    assert text == "“Quoted” café"
    assert warnings and "not valid UTF-8" in warnings[0] and "Windows-1252" in warnings[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"  \n\r\n\t", "empty file"),
        (b"abc\x00def", "binary file (contains NUL bytes)"),
        (b"%PDF-1.7\n...", "a PDF document"),
        (b"PK\x03\x04rest", "ZIP archive"),
        (b"caf\xc3 and \x81\x8d", "not UTF-8 (byte 0xc3 at offset 3) and not Windows-1252"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(data: bytes, message: str):
    with pytest.raises(InputError) as info:
        decode_bytes(data, "in/file.txt")
    assert str(info.value).startswith("in/file.txt: ")
    assert message in str(info.value)


def test_oversized_file_is_refused(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 5000)
    articles, errors = read_all(path, max_bytes=1000)
    assert not articles
    assert "big.txt: file too large" in str(errors[0])


# -- plain text -------------------------------------------------------------------------------


def test_text_file_keeps_its_raw_content(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffTitle\r\n\r\nBody 🙂\r\n".encode())
    [article], errors = read_all(path)
    assert errors == []
    assert article.text == "\ufeffTitle\r\n\r\nBody 🙂\r\n"
    assert article.location == str(path) and article.fmt == "txt"


# -- JSONL ------------------------------------------------------------------------------------


def test_jsonl_bad_lines_are_reported_and_the_rest_read(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": 7, "text": "First article.", "meta": {"title": "One"}}),
        "",
        '{"text": "broken',
        json.dumps(["not", "an", "object"]),
        json.dumps({"meta": {}}),
        json.dumps({"text": 42}),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Ok", "meta": "nope"}),
        json.dumps({"text": "Second article.", "title": "Two", "meta": {"title": "Meta wins"}}),
        json.dumps({"text": "x", "id": {"a": 1}}),
    ]
    data = "\n".join(lines).encode() + b'\n{"text": "bad \xff byte"}\n'
    path.write_bytes(data)
    articles, errors = read_all(path)
    assert [a.text for a in articles] == ["First article.", "Second article."]
    assert articles[0].external_id == "7"
    assert articles[0].meta == {"title": "One"}
    assert articles[1].meta["title"] == "Meta wins"
    assert articles[0].location == f"{path}:1"
    found = {e.location.rsplit(":", 1)[1]: e.message for e in errors}
    assert found["3"].startswith("invalid JSON")
    assert found["4"] == "expected a JSON object, found list"
    assert found["5"] == "missing field 'text'"
    assert found["6"] == "field 'text' must be a string, not int"
    assert found["7"] == "field 'text' is empty"
    assert found["8"] == "field 'meta' must be an object, not str"
    assert found["10"].startswith("field 'id' must be a string or number")
    assert found["11"].startswith("not valid UTF-8")


# -- CSV --------------------------------------------------------------------------------------


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_csv_finds_the_text_column_and_keeps_the_rest_as_metadata(tmp_path: Path):
    path = write_csv(
        tmp_path / "a.csv",
        "\ufeffid,headline,body,date\r\n"
        'n1,First,"Line one\r\n\r\nline two, with comma",2021-01-02\r\n'
        "n2,Second,,2021-01-03\r\n"
        "n3,Third,Third body\r\n"
        'n4,Fourth,"Fourth ""quoted"" body",\r\n',
    )
    articles, errors = read_all(path)
    assert [a.external_id for a in articles] == ["n1", "n4"]
    assert articles[0].text == "Line one\r\n\r\nline two, with comma"
    assert articles[0].meta == {"headline": "First", "date": "2021-01-02"}
    assert articles[1].text == 'Fourth "quoted" body'
    assert articles[1].location == f"{path}:7"  # the multi-line record spans lines 2-4
    assert [(e.location, e.message) for e in errors] == [
        (f"{path}:5", "column 'body' is empty"),
        (f"{path}:6", "3 fields where the header has 4"),
    ]


def test_csv_configured_columns(tmp_path: Path):
    path = write_csv(tmp_path / "a.csv", "story_id,copy,hed\n1,Some text,Some title\n")
    articles, errors = read_all(
        path, csv_columns=CsvColumns(text="copy", id="story_id", meta={"title": "hed"})
    )
    assert errors == []
    assert articles[0].meta == {"title": "Some title"} and articles[0].external_id == "1"
    _, errors = read_all(path, csv_columns=CsvColumns(text="copy", meta={"title": "missing"}))
    assert "no column 'missing' for title" in str(errors[0])


def test_csv_without_a_text_column_names_the_columns(tmp_path: Path):
    path = write_csv(tmp_path / "a.csv", "id,title\n1,Hello\n")
    articles, errors = read_all(path)
    assert articles == []
    assert len(errors) == 1
    assert str(errors[0]).startswith(f"{path}: no text column 'text' or 'body'")
    assert "(columns: id, title)" in str(errors[0])
    _, errors = read_all(path, csv_columns=CsvColumns(text="copy"))
    assert "no text column 'copy'" in str(errors[0])


def test_csv_broken_quoting_keeps_earlier_rows(tmp_path: Path):
    path = write_csv(tmp_path / "a.csv", 'text\n"good one"\n"bad "quote" here\n')
    articles, errors = read_all(path)
    assert [a.text for a in articles] == ["good one"]
    assert len(errors) == 1 and errors[0].location.startswith(f"{path}:")


# -- HTML -------------------------------------------------------------------------------------

PAGE = """<html><head><title>Drone strike hits depot | Daily Example</title>
<meta name="author" content="Jane Roe"><meta property="og:site_name" content="Daily Example">
<meta property="article:published_time" content="2024-05-02T10:00:00Z">
<link rel="canonical" href="https://example.org/a/1">
<script src="http://tracker.invalid/x.js"></script><script>var secret = "SCRIPT BODY";</script>
<img src="http://images.invalid/p.png"></head>
<body><nav>Home | World</nav><article><h1>Drone strike hits depot</h1>
<p>A drone strike hit a fuel depot near the town of Karsh on Tuesday, killing three guards,
officials said, in the third such attack this month.</p>
<p>The ministry blamed the rebels. The rebels denied any role in a statement on Wednesday and
accused the army of staging the attack.</p></article></body></html>"""


def test_html_main_text_and_metadata_without_network(monkeypatch: pytest.MonkeyPatch):
    attempts: list[object] = []

    def no_network(self, address):
        attempts.append(address)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    text, meta = extract_html(PAGE)
    assert attempts == []
    assert "drone strike hit a fuel depot" in text
    assert "\n\nThe ministry blamed the rebels." in text
    assert "SCRIPT BODY" not in text and "Home | World" not in text
    assert meta["title"] == "Drone strike hits depot"
    assert meta["author"] == "Jane Roe"
    assert meta["published"] == "2024-05-02"
    assert meta["source"] == "Daily Example"
    assert meta["url"] == "https://example.org/a/1"


def test_html_file_keeps_the_page_as_original(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article], errors = read_all(path)
    assert errors == []
    assert article.original == PAGE and article.fmt == "html"
    document, _ = build_document(article)
    assert document.original_text == PAGE
    assert document.title == "Drone strike hits depot" and document.source == "Daily Example"
    assert document.text.startswith("Drone strike hits depot\n\nA drone strike hit")
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><script>x()</script></body></html>")
    [article], _ = read_all(empty)
    with pytest.raises(InputError, match="no article text found"):
        build_document(article)
