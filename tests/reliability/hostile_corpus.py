"""Broken and hostile input files, written into a folder at test time (nothing binary is kept
in the repository), each with the rejection an import must report for it.

A :class:`Hostile` file carries what the import must say about it: the location (the file, or
``file:line``) and a fragment of the message, for every record refused, and how many of its
records still import. Good articles are written beside them, so a test can check that the
bad ones cost nothing but themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# Short news-style sentences; each good article is distinct so none is a duplicate.
GOOD_TEXTS = (
    "Rebels shelled the market in Kersh on Tuesday, killing five, the governor said. "
    "The Eastern Front denied responsibility.",
    "Police detained twelve protesters outside the ministry in Dara on Monday, a spokesman said.",
    "Talks between the army and the northern militia collapsed in Geneva on Thursday.",
    "Militia fighters seized the bridge at Ostra on Friday, residents said.",
)
SQL = "'); DROP TABLE documents;--"
HTML_IMG = "<img src=http://example.com/x.png onerror=alert(1)>"
HTML_BOLD = "<b>bold</b>"
# What a text with mixed line endings must become: each of CRLF, CR and LF one "\n".
MIXED_ENDINGS = (
    b"Gunmen attacked a checkpoint near Ostra on Sunday.\r\n"
    b"Two soldiers were wounded.\r"
    b"The army said it would respond.\n"
    b"Aid groups asked for a ceasefire.\r\n"
)
BOM_TEXT = "Aid convoys reached Ostra on Wednesday after a week-long blockade."
MIXED_NORMALISED = (
    "Gunmen attacked a checkpoint near Ostra on Sunday.\n"
    "Two soldiers were wounded.\n"
    "The army said it would respond.\n"
    "Aid groups asked for a ceasefire."
)


@dataclass(frozen=True, slots=True)
class Rejection:
    """A refusal an import must report: where (``name`` or ``name:line``) and what."""

    where: str
    says: str


@dataclass(frozen=True, slots=True)
class Hostile:
    """One bad input file: its name, bytes, the refusals it causes and what still imports."""

    name: str
    data: bytes
    rejections: tuple[Rejection, ...]
    imports: int = 0

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.data)
        return path


def _one(name: str, data: bytes, says: str, *, line: int | None = None) -> Hostile:
    where = name if line is None else f"{name}:{line}"
    return Hostile(name, data, (Rejection(where, says),))


def _lines(*records: object) -> bytes:
    return "".join(r if isinstance(r, str) else json.dumps(r) + "\n" for r in records).encode()


# ---------------------------------------------------------------------------------------------
# Articles
# ---------------------------------------------------------------------------------------------


def article_files() -> list[Hostile]:
    """Files of articles, each broken in its own way (some still hold good records)."""
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    deep_nul = b"The curfew stays in force, police said. " * 2000 + b"\n\x00 hidden\n"
    latin = "Troops entered the café in Kersh on Monday, officials said.".encode("cp1252")
    return [
        _one("png_named.txt", png, "binary file (a PNG image), not text"),
        _one("noise.txt", bytes(range(256)) * 16, "binary file (contains NUL bytes)"),
        _one("deep_nul.txt", deep_nul, "contains NUL bytes), not text: the first is on line 2"),
        _one("empty.txt", b"", "empty file"),
        _one("blank.txt", b" \r\n\t\n", "empty file"),
        _one(
            "undecodable.txt",
            b"Troops entered \x81\x8d the town on Monday.",
            "not UTF-8 (byte 0x81 at offset 15) and not Windows-1252 either",
        ),
        # Not UTF-8, yet every byte means something in Windows-1252: imported with a warning.
        Hostile("latin1.txt", latin, (), imports=1),
        Hostile(
            "truncated.jsonl",
            _lines({"text": GOOD_TEXTS[1], "title": "Protest"})
            + json.dumps({"text": GOOD_TEXTS[2], "title": "Talks"}).encode()[:40],
            (Rejection("truncated.jsonl:2", "invalid JSON (Unterminated string"),),
            imports=1,
        ),
        Hostile(
            "malformed.jsonl",
            _lines(
                {"text": GOOD_TEXTS[3], "title": "Bridge"},
                [1, 2],
                {"title": "no text"},
                {"text": 5},
                {"text": "   "},
                {"text": "Shelling resumed at dawn.", "id": {"a": 1}},
                {"text": "Shelling hit the port.", "meta": ["x"]},
                "not json at all\n",
                {"text": "A hidden \u0000 character in the article."},
            )
            + b'{"text": "Broken \xff UTF-8 in a line."}\n',
            (
                Rejection("malformed.jsonl:2", "expected a JSON object, found list"),
                Rejection("malformed.jsonl:3", "missing field 'text'"),
                Rejection("malformed.jsonl:4", "field 'text' must be a string, not int"),
                Rejection("malformed.jsonl:5", "field 'text' is empty"),
                Rejection("malformed.jsonl:6", "field 'id' must be a string or number"),
                Rejection("malformed.jsonl:7", "field 'meta' must be an object, not list"),
                Rejection("malformed.jsonl:8", "invalid JSON (Expecting value, column 1)"),
                Rejection("malformed.jsonl:9", "field 'text' holds a NUL character (at 9)"),
                Rejection("malformed.jsonl:10", "not valid UTF-8"),
            ),
            imports=1,
        ),
        # A byte-order mark before the first record, as Windows tools write it.
        Hostile(
            "bom.jsonl",
            b"\xef\xbb\xbf" + _lines({"text": BOM_TEXT, "title": "Convoy"}),
            (),
            imports=1,
        ),
        _one(
            "no_text_column.csv",
            b"id,title,headline\n1,Clashes,Clashes in the north\n",
            "no text column 'text' or 'body'",
        ),
        Hostile(
            "ragged.csv",
            b'id,text,title\n1,"Gunmen attacked a post near Dara on Sunday.",Post\n'
            b'2,"Too many cells",x,y\n3\n4,"An unclosed quote\n',
            (
                Rejection("ragged.csv:3", "4 fields where the header has 3"),
                Rejection("ragged.csv:4", "1 field where the header has 3"),
                Rejection("ragged.csv:5", "malformed CSV (unexpected end of data)"),
            ),
            imports=1,
        ),
        _one(
            "nul.csv",
            b'id,text\n1,"Clashes broke out in the north."\n2,"A cell \x00 with a NUL"\n',
            "binary file (contains NUL bytes), not text: the first is on line 3",
        ),
    ]


def good_articles(folder: Path) -> list[Path]:
    """Plain articles that must import whatever else is in the same run."""
    paths = []
    for index, text in enumerate(GOOD_TEXTS[:1], start=1):
        path = folder / f"good_{index}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    mixed = folder / "mixed_endings.txt"
    mixed.write_bytes(MIXED_ENDINGS)
    return [*paths, mixed]


def write_big_text(path: Path, megabytes: int) -> Path:
    """A plain-text file of ``megabytes`` MB of news sentences, written a block at a time."""
    block = (GOOD_TEXTS[0] + "\n").encode() * 8192
    with path.open("wb") as handle:
        remaining = megabytes * 1024 * 1024
        while remaining > 0:
            handle.write(block[:remaining])
            remaining -= len(block)
    return path


# ---------------------------------------------------------------------------------------------
# Annotations
# ---------------------------------------------------------------------------------------------

ANNOTATED = GOOD_TEXTS[0]


def _native(doc_id: int, text: str, **extra: object) -> dict[str, object]:
    line: dict[str, object] = {"format": "newsmark/1", "id": doc_id, "text": text}
    line.update(extra)
    return line


def first_word(text: str) -> dict[str, object]:
    """A span over the first word of ``text``, labelled ORG (what each good line carries)."""
    word = text.split()[0]
    return {"start": 0, "end": len(word), "text": word, "label": "ORG"}


def annotation_files() -> list[Hostile]:
    """Annotation files (Newsmark, Prodigy and doccano JSONL) with bad and cut-off lines; the
    good line of each is about ``GOOD_TEXTS`` in order, with a span over its first word."""
    rebels = first_word(GOOD_TEXTS[0])
    cut = json.dumps(_native(2, "Another article.")).encode()[:45]
    native_bom = _native(1, GOOD_TEXTS[1], spans=[{"id": 1, **first_word(GOOD_TEXTS[1])}])
    talks = first_word(GOOD_TEXTS[2])
    prodigy_ok = {
        "text": GOOD_TEXTS[2],
        "spans": [{k: talks[k] for k in ("start", "end", "label")}],
    }
    militia = first_word(GOOD_TEXTS[3])
    doccano_ok = {
        "text": GOOD_TEXTS[3],
        "entities": [{"id": 1, "start_offset": 0, "end_offset": militia["end"], "label": "ORG"}],
    }
    past_end = 500  # beyond the end of every text here
    return [
        Hostile(
            "native.jsonl",
            _lines(
                _native(
                    1,
                    ANNOTATED,
                    spans=[
                        {"id": 1, **rebels},
                        {"id": 2, "start": 60, "end": past_end, "text": "x", "label": "PERSON"},
                        {"id": 3, "start": "a", "end": 3, "text": "Reb", "label": "ORG"},
                    ],
                ),
                '{"format": "newsmark/1", "id":\n',
                [1],
                _native(9, "Another text.", format="newsmark/9"),
            )
            + cut,
            (
                Rejection("native.jsonl:1", "lies outside the text"),
                Rejection("native.jsonl:1", 'spans[2]: "start" must be an integer, not "a"'),
                Rejection("native.jsonl:2", "not JSON (Expecting value, column"),
                Rejection("native.jsonl:3", "a line must be a JSON object, not list"),
                Rejection("native.jsonl:4", "\"format\" is 'newsmark/9'"),
                Rejection("native.jsonl:5", "not JSON ("),
            ),
            imports=1,
        ),
        # A byte-order mark before the first line, as Windows editors write it.
        Hostile("native_bom.jsonl", b"\xef\xbb\xbf" + _lines(native_bom), (), imports=1),
        Hostile(
            "prodigy.jsonl",
            _lines(
                {
                    **prodigy_ok,
                    "spans": [
                        *prodigy_ok["spans"],
                        {"start": 50, "end": past_end, "label": "GPE"},
                        {"start": 9, "end": 3, "label": "GPE"},
                        "not a span",
                    ],
                },
                {"text": None, "spans": []},
                {"spans": []},
            )
            + b'{"text": "\xff\xfe bad bytes"}\n'
            + json.dumps({**prodigy_ok, "text": "Cut."}).encode()[:30],
            (
                Rejection("prodigy.jsonl:1", f"spans[1].end: {past_end} is past the end"),
                Rejection("prodigy.jsonl:1", "spans[2].end: 3 is not after spans[2].start 9"),
                Rejection("prodigy.jsonl:1", "spans[3]: expected an object, found a string"),
                Rejection("prodigy.jsonl:2", "text: expected a string, found null"),
                Rejection("prodigy.jsonl:3", "text: missing"),
                Rejection("prodigy.jsonl:4", "not valid UTF-8"),
                Rejection("prodigy.jsonl:5", "not JSON (Unterminated string starting at, column"),
            ),
            imports=1,
        ),
        Hostile(
            "doccano.jsonl",
            _lines(
                {
                    **doccano_ok,
                    "entities": [
                        *doccano_ok["entities"],
                        {"id": 2, "start_offset": 60, "end_offset": past_end, "label": "LOC"},
                    ],
                    "relations": [{"id": 1, "from_id": 1, "to_id": 9, "type": "located_in"}],
                },
                "{\n",
            )
            + json.dumps({**doccano_ok, "text": "Cut."}).encode()[:25],
            (
                Rejection("doccano.jsonl:1", f"entities[1].end_offset: {past_end} is past"),
                Rejection("doccano.jsonl:1", "relations[0].to_id: no entity 9"),
                Rejection("doccano.jsonl:2", "not JSON (Expecting property name"),
                Rejection("doccano.jsonl:3", "not JSON (Unterminated string"),
            ),
            imports=1,
        ),
    ]


def brat_folder(folder: Path) -> tuple[Path, tuple[Rejection, ...]]:
    """A brat folder: one document with bad lines and offsets past the end (its good lines
    import), one .ann without its .txt and one whose .txt is not UTF-8."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kersh.txt").write_text(ANNOTATED, encoding="utf-8")
    size = len(ANNOTATED)
    (folder / "kersh.ann").write_text(
        "T1\tORG 0 6\tRebels\n"
        "T2\tGPE 29 34\tKersh\n"
        f"T3\tPER 70 {size + 800}\tx\n"
        "T4 bad line\n"
        "E1\tAttack:T9 Target:T2\n"
        "R1\tLocated Arg1:T1 Arg2:T77\n"
        "T5\tORG 10 5\tx\n"
        "garbage\n"
        "T1\tORG 0 6\tRebels\n"
        "T6\tORG 0 6\tWrong\n",
        encoding="utf-8",
    )
    (folder / "lonely.ann").write_text("T1\tORG 0 6\tRebels\n", encoding="utf-8")
    (folder / "latin.txt").write_bytes("Troops in the café.".encode("cp1252"))
    (folder / "latin.ann").write_text("T1\tORG 0 6\tTroops\n", encoding="utf-8")
    return folder, (
        Rejection("kersh.ann:3", f"T3: offsets 70-{size + 800} are not a stretch of the text"),
        Rejection("kersh.ann:4", "not a brat text-bound (T) line: 'T4 bad line'"),
        Rejection("kersh.ann:5", "E1: its trigger T9 is not in the file"),
        Rejection("kersh.ann:6", "R1: an end is not in the file"),
        Rejection("kersh.ann:7", "T5: offsets 10-5 are not a stretch of the text"),
        Rejection("kersh.ann:8", "not a brat annotation line: 'garbage'"),
        Rejection("kersh.ann:9", "T1 is used twice"),
        Rejection("kersh.ann:10", "T6: the line says 'Wrong' but the text there is 'Rebels'"),
        Rejection("lonely.ann", "no lonely.txt next to it"),
        Rejection("latin.ann", "latin.txt is not UTF-8 (byte 0xe9 at offset 17)"),
    )


# ---------------------------------------------------------------------------------------------
# Schema files, project files, HTML pages
# ---------------------------------------------------------------------------------------------

BAD_SCHEMA = """{
  "entity_labels": [
    {"name": "PERSON", "colour": "#zzzzzz"},
    {"name": "PERSON"},
    {"name": "has space"}
  ],
  "event_types": [{"name": "Attack", "subtypes": 5}],
  "roles": [{"name": "target"}],
  "claim_types": "oops"
}
"""
# (line, fragment) of problems BAD_SCHEMA must be reported with, among others.
BAD_SCHEMA_PROBLEMS = (
    (3, "entity_labels[0].colour: '#zzzzzz' is not valid"),
    (4, "entity_labels[1].name: duplicate label 'PERSON'"),
    (5, "entity_labels[2].name: 'has space' is not valid"),
    (7, "event_types[0].subtypes: must be a list"),
    (8, "field roles: unknown field"),
    (9, "field claim_types: must be a list"),
)
SYNTAX_SCHEMA = '{"entity_labels": [\n  {"name": "PERSON",}\n]}\n'


def truncated_copy(source: Path, target: Path, size: int) -> Path:
    """The first ``size`` bytes of ``source``, as a file cut short by a failed copy."""
    with source.open("rb") as handle:
        target.write_bytes(handle.read(size))
    return target


def page_with_remote_resources(base_url: str) -> str:
    """An article page that names an image, a stylesheet, a script, a frame and a font on
    ``base_url``: an import must fetch none of them."""
    return f"""<!DOCTYPE html>
<html><head>
<title>Shelling in Kersh</title>
<link rel="stylesheet" href="{base_url}/style.css">
<script src="{base_url}/tracker.js"></script>
<style>@font-face {{ font-family: x; src: url({base_url}/font.woff); }}</style>
<meta property="og:image" content="{base_url}/og.png">
</head><body>
<article>
<h1>Shelling in Kersh</h1>
<p>Rebels shelled the market in Kersh on Tuesday, killing five people and wounding a dozen
more, the regional governor told reporters in the capital.</p>
<img src="{base_url}/x.png" srcset="{base_url}/x2.png 2x" alt="market">
<p>The Eastern Front denied responsibility for the attack and blamed government forces, who
had moved artillery into the hills above the town earlier in the week.</p>
<iframe src="{base_url}/frame.html"></iframe>
<p>Aid groups said the only hospital in Kersh was running short of blood and fuel.</p>
</article>
</body></html>
"""
