"""Boilerplate trimming for scraped news articles, with a record of every piece taken out.

Scraped article text arrives wrapped in site furniture: breadcrumbs and reading times above the
title, taxonomy lines, share and newsletter prompts, image credits, and a footer of contact
notices, disclaimers and cookie banners. Curators annotate the article, so that furniture goes,
but nothing may vanish silently: every removed line or paragraph becomes a ``Removal`` with a
short reason and its line in the input, and the importer keeps the original next to the result.

Markup is unwrapped rather than removed (link syntax gives way to its anchor text, emphasis
markers and heading hashes go, ``\\$`` becomes ``$``), and paragraphs split by a page break in the
middle of a sentence are joined again. Those are changes of form, not of content, so they are
not listed as removals; the importer's diff of original against cleaned text shows them.

Speed matters here: the import benchmark leaves cleaning + metadata well under 150 µs for an
8 KB article. Hence patterns compiled once, one alternation per kind of check, set lookups on a
line's first three letters (or ``str.find``) before any regular expression runs, markup
patterns applied only to the lines that hold a markup character, and the common case (a
one-line paragraph of prose) kept to a few string operations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter

from newsmark.core.documents import Removal

__all__ = ["CleanedText", "boilerplate_reason", "clean_article", "strip_inline_markup"]

MOJIBAKE_WARNING = "repaired mis-decoded characters (mojibake)"
MOSTLY_REMOVED_WARNING = "cleaning removed more than half of the text; check the removals"

# Header zone: the paragraphs above the first one that reads like body text, at most this many.
_MAX_HEADER_PARAGRAPHS = 10
# Footer markers count only in the tail: from this share of the paragraphs or of the characters.
_FOOTER_MIN_PARAGRAPH_SHARE = 0.6
_FOOTER_MIN_CHAR_SHARE = 0.5
# Boilerplate lines are short; a longer line is article prose whatever words it starts with.
_MAX_BOILERPLATE_LINE = 400
_MAX_CAPTION_LINES = 3
# A capitalised continuation after a dangling article or preposition is only trusted after a
# paragraph this long: a heading ending in "of" must not swallow the paragraph below it.
_MIN_DANGLING_PARAGRAPH = 80


@dataclass(frozen=True, slots=True)
class CleanedText:
    """The result of cleaning one article: its text, what was removed, and what to tell the user.

    ``removals`` lists every removed piece of the input in input order, each with its 1-based
    line, so that the cleaned text plus the removals account for all of the original content.
    """

    text: str
    removals: tuple[Removal, ...]
    warnings: tuple[str, ...]


# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Latin-1/cp1252 renderings of a UTF-8 lead byte followed by a continuation byte: "â€™", "Ã©",
# "Â ", "ðŸ", "Ø§". Genuine text almost never has these pairs, so ftfy only runs when one is
# present.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00df\u00e0-\u00ef\u00f0-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]"
)

# Markup written around a line that may still be boilerplate: "**Share this:**", "[Related](#)".
_LEAD = r"[*_#>\[\s]*"
_TAIL = r"[*_\]\s]*"

_WEAK_REASONS = {
    "share": "share prompt",
    "newsletter": "newsletter prompt",
    "related": "related link",
    "advert": "advertisement",
    "follow": "follow prompt",
    "image": "image credit",
    "picture": "image",
    "separator": "separator",
    "cookie": "cookie banner",
    "comments": "comments prompt",
    "listen": "audio prompt",
}
# Lines that are boilerplate wherever they stand. Each branch is anchored to the whole line or
# needs a telling phrase, because article prose may start with "Share", "Related" or "Follow".
_WEAK_LINE = re.compile(
    rf"{_LEAD}(?:"
    r"(?P<share>(?:share|tweet|email|print)(?: (?:this|the) (?:article|story|page|post))?"
    r"(?: (?:on|via|with) [\w ,./&+-]{1,60})?[:!]?"
    r"|click (?:here )?to (?:share|print|email|tweet)\b.{0,120}"
    r"|note to readers:.{0,200}\bshare\b.*|share this:?|like this:?)"
    r"|(?P<newsletter>(?:subscribe|sign up|sign-up|register|join)\b.{0,80}?"
    r"\b(?:newsletter|inbox|mailing list|e-?mail updates|alerts)\b.{0,120}"
    r"|get (?:our|the) .{0,40}newsletter.{0,80})"
    r"|(?P<related>(?:read more|related|see also|also read|read also|more on this|"
    r"further reading|recommended)\b"
    rf"{_TAIL}[:»>|–—-].{{0,200}})"
    r"|(?P<advert>advertisements?|sponsored(?: content)?|promoted|ad)"
    r"|(?P<follow>follow (?:us|@\w+|\w+ on (?:twitter|x|facebook|instagram|telegram))\b.{0,100})"
    r"|(?P<image>featured image\b.{0,200}"
    r"|(?:photo|image|picture|photograph|illustration)s?(?: credit)?\s*:.{0,120}"
    r"|(?:photo|image) (?:credit|courtesy)\b.{0,120}|credits?\s*:.{0,120})"
    r"|(?P<picture>!\[[^\]\n]*\]\([^)\n]*\))"
    r"|(?P<separator>(?:[*\-_=~•·]\s*)+)"
    r"|(?P<cookie>(?:this (?:web)?site uses cookies|we use cookies|by continuing to (?:use|browse)"
    r" this (?:web)?site).{0,400})"
    r"|(?P<comments>leave a (?:comment|reply)|\d* ?comments?|join the (?:conversation|discussion)"
    r"|show comments)"
    r"|(?P<listen>listen to this (?:article|story)\b.{0,60})"
    rf"){_TAIL}",
    re.IGNORECASE,
)

# Lower-cased first three characters of every phrase _WEAK_LINE can start with. Most article
# lines fail this set lookup and never reach the regular expression.
_WEAK_STARTS = _words(
    "sha twe ema pri cli not sub sig reg joi get rea rel see als mor fur rec adv spo pro fol fea"
    " pho ima pic ill cre thi lea com sho lis"
) | {"ad", "ad ", "we "}
_HEADER_STARTS = _words("reg the in- top tag cat sec fil key est rea abo")
_SYMBOL_STARTS = frozenset("*-_=~•·#>[!")

_HEADER_REASONS = {"reading": "reading time", "taxonomy": "header taxonomy"}
# Lines that are furniture only in the header: "Theme:" deep in an article may be prose.
_HEADER_LINE = re.compile(
    rf"{_LEAD}(?:"
    r"(?P<reading>(?:(?:estimated )?reading time\s*:?\s*)?(?:about )?\d+(?:\s*[-–]\s*\d+)?\s*"
    r"(?:min(?:ute)?s?\.?)(?:\s+read(?:ing)?(?: time)?)?"
    r"|(?:estimated )?reading time\s*:.{0,30})"
    r"|(?P<taxonomy>(?:region|regions|theme|themes|in-depth report|topics?|tags?|categor(?:y|ies)"
    r"|section|filed under|keywords)\s*:.{0,300})"
    rf"){_TAIL}",
    re.IGNORECASE,
)
# A reading time must say "read" (or be labelled): "10 minutes" alone could be a dek.
_READING_WORD = re.compile(r"read|reading", re.IGNORECASE)

_FOOTER_REASONS = {
    "contact": "contact notice",
    "source": "source notice",
    "copyright": "copyright notice",
    "furniture": "site footer",
    "authors": "author index",
    "disclaimer": "disclaimer",
    "media": "media contact",
    "fairuse": "fair use notice",
    "tags": "tags",
    "comments": "comments prompt",
    "membership": "membership prompt",
}
# Paragraphs that start a site footer: everything from the first of them to the end goes.
_FOOTER_MARKER = re.compile(
    rf"{_LEAD}(?:"
    r"(?P<contact>to contact (?:the|us)\b[\s\S]{0,160}?\bvisit\b)"
    r"|(?P<source>(?:the )?original source of (?:this|the) article is\b)"
    r"|(?P<copyright>copyright\b\s*(?:©|\(c\)|\d{4})|©\s*(?:\d{4}|copyright))"
    r"|(?P<furniture>(?:source link|you may also like|you might also like"
    r"|related (?:posts|articles|stories|news|content|coverage)"
    r"|more (?:stories|news|from [\w .&'-]{2,40})|most (?:read|popular)"
    r"|trending(?: now| stories)?|popular (?:posts|stories)|latest (?:news|posts|stories)"
    r"|share this:?|like this:?)[*_\]\s:]*$)"
    r"|(?P<authors>articles? by\s*:)"
    r"|(?P<disclaimer>disclaimer\s*:)"
    r"|(?P<media>(?:for )?(?:media|press) (?:inquiries|enquiries|contact)\b)"
    r"|(?P<fairuse>\S+\.[a-z]{2,} contains copyrighted material|this site contains copyrighted)"
    r"|(?P<tags>tags?\s*:)"
    r"|(?P<comments>(?:leave a (?:comment|reply)|\d* ?comments?)[*_\]\s]*$)"
    r"|(?P<membership>become a (?:member|patron|subscriber) of\b)"
    r")",
    re.IGNORECASE,
)
_RIGHTS_RESERVED = re.compile(r"all rights? reserved|designed (?:and|&) developed by", re.I)
# A bare "All rights reserved" paragraph only starts a footer among the last few paragraphs.
_RIGHTS_TAIL = 8
# Footer markers sit in short paragraphs, bar the legal notices and long contact notices.
_MAX_FOOTER_PARAGRAPH = 300
_LONG_FOOTER_HEAD = 120
_LONG_FOOTER_STARTS = ("disclaimer", "the original source", "to contact", "copyright", "©")
# Lower-cased first three characters of the phrases _FOOTER_MARKER can start with.
_FOOTER_STARTS = _words(
    "the ori cop sou you rel mor mos tre pop lat sha lik art dis for med pre tag lea com bec thi"
) | {"to "}

# Caption with a credit: "... passes the strait in October © Agency/Photographer". A credit is
# short and ends the line, and a caption paragraph is no more than a few lines.
_MAX_CREDIT = 90
_COPYRIGHT_WORD = re.compile(r"copyright|all rights? reserved", re.I)

_BREADCRUMB_SEPARATORS = re.compile(r"\s[›»>/|·]\s|\s>>\s")

# Inline markup. Each pattern starts with a literal character (look-behinds come after it) so
# the regex engine can jump between candidates instead of trying every position of the text.
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"\n]*\")?\)")
_LINK = re.compile(
    r"\[(?<![\\!]\[)([^\]\n]*)\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*(?:\s+\"[^\"\n]*\")?\)"
)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:|www\.)[^>\s]+)>")
# One pass per emphasis character: "**strong**" (group 1) or "*emphasis*" (group 2). Strong may
# be glued to a word ("Name**3 March 2021**"); emphasis inside a word is left alone.
_STAR_EMPHASIS = re.compile(
    r"\*(?<![\\*]\*)(?:\*(?=[^\s*])([^\n]*?[^\s\\*])\*\*(?!\*)"
    r"|(?<!\w\*)(?=[^\s*])([^\n*]*?[^\s\\*])\*(?![\w*]))"
)
_UNDERSCORE_EMPHASIS = re.compile(
    r"_(?<![\\\w_]_)(?:_(?=\S)([^\n]*?[^\s\\_])__(?![\w_])"
    r"|(?=[^\s_])([^\n_]*?[^\s\\_])_(?![\w_]))"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|<>~])")
_HEADING = re.compile(r"#(?<![^\n]#)#{0,5}[ \t]+([^\n]*?)(?:[ \t]+#+)?[ \t]*(?=\n|$)")
_BLOCKQUOTE = re.compile(r">(?<![^\n]>)[ \t]?")

# Characters that can start inline markup (strip_inline_markup's triggers).
_MARKUP_CHARS = "[*_#>\\<"

# Replacement callables: on Python 3.11 a "\1" template is expanded in Python, per match.
_GROUP_1 = itemgetter(1)

# Page-break rejoin.
_LIST_ITEM = re.compile(r"(?:[-*+•·–—]\s|\d{1,3}[.)]\s|[a-zA-Z][.)]\s|\(\w{1,3}\)\s)")
_HEADING_STARTS = frozenset("#*_ \t")
_TERMINAL = frozenset('.!?:;"”»)]…')
_DANGLING_WORDS = _words(
    "a an the of to in on at by for from with into onto over under about after before between"
    " against during through toward towards and or but nor that which who whose whom as than its"
    " their his her our your my this these those was were is are be been has have had not"
)


# ---------------------------------------------------------------------------------------------
# Public helpers (metadata.py uses them on raw, uncleaned text too)
# ---------------------------------------------------------------------------------------------


def strip_inline_markup(text: str) -> str:
    """Unwrap Markdown-ish inline markup: links to anchor text, emphasis, headings, escapes.

    Never adds or removes a line break, so line ``n`` of the result is line ``n`` of the input.
    Bold glued to a word ("Name**3 March 2021**", a byline fused with its date) gets a space.
    """
    # Single-character membership tests are nearly free; each pattern runs only when its
    # trigger character occurs at all.
    if "[" in text:
        if "![" in text:
            text = _IMAGE.sub(_GROUP_1, text)
        text = _LINK.sub(_GROUP_1, text)
    if "<" in text:
        text = _AUTOLINK.sub(_GROUP_1, text)
    if "*" in text:
        text = _STAR_EMPHASIS.sub(_unwrap_emphasis, text)
    if "_" in text:
        text = _UNDERSCORE_EMPHASIS.sub(_unwrap_emphasis, text)
    if "#" in text:
        text = _HEADING.sub(_GROUP_1, text)
    if ">" in text:
        text = _BLOCKQUOTE.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(_GROUP_1, text)
    return text


def boilerplate_reason(line: str, *, header: bool = False) -> str | None:
    """Why a single stripped line is site furniture, or ``None`` when it is article text.

    ``header`` also allows the kinds that are furniture only above the article body
    (reading times, "Theme:"-style taxonomy lines).
    """
    if not line or len(line) > _MAX_BOILERPLATE_LINE:
        return None
    first = line[0]
    if first.isdigit():
        # Only "12 comments" and "5 min read" start with a number.
        weak = "omment" in line
        header = header and "min" in line
    else:
        start = line[:3].lower()
        # "By" opens bylines far more often than "By continuing to use this site...".
        weak = (
            first in _SYMBOL_STARTS
            or start in _WEAK_STARTS
            or (start == "by " and line[3:14].lower() == "continuing ")
        )
        header = header and (first in _SYMBOL_STARTS or start in _HEADER_STARTS)
    if weak:
        match = _WEAK_LINE.fullmatch(line)
        if match:
            return _WEAK_REASONS[match.lastgroup or ""]
    if header:
        match = _HEADER_LINE.fullmatch(line)
        if match and (match.lastgroup != "reading" or _READING_WORD.search(line)):
            return _HEADER_REASONS[match.lastgroup or ""]
    return None


# ---------------------------------------------------------------------------------------------
# Cleaning
# ---------------------------------------------------------------------------------------------


class _Article:
    """One article split into paragraphs, read through two aligned views of its lines.

    ``raw`` lines are what removals record (so the original markup survives in them), ``plain``
    lines (markup unwrapped, same count) are what the heuristics read and the output is built
    from. Blocks are ``(first line index, end line index, character offset)``.
    """

    __slots__ = ("blocks", "length", "plain", "raw")

    def __init__(self, text: str):
        self.length = len(text)
        self.raw = text.split("\n")
        self.plain = self.raw
        marked = _lines_containing(text, _MARKUP_CHARS)
        if marked:
            # Unwrapping line by line, and only the lines that hold a markup character, is
            # several times faster than running each pattern over the whole text.
            self.plain = list(self.raw)
            for index in marked:
                line = self.raw[index]
                # A line that is only an image stays as it is, for boilerplate_reason to drop.
                if not (line.lstrip().startswith("![") and _IMAGE.fullmatch(line.strip())):
                    self.plain[index] = strip_inline_markup(line)
        self.blocks = _split_blocks(self.raw)

    def raw_text(self, index: int) -> str:
        start, end, _offset = self.blocks[index]
        return "\n".join(self.raw[start:end])

    def plain_text(self, index: int) -> str:
        start, end, _offset = self.blocks[index]
        if end - start == 1:
            return self.plain[start].strip()
        return "\n".join(line.strip() for line in self.plain[start:end])


def clean_article(text: str) -> CleanedText:
    """Trim site furniture from one normalised article and unwrap its markup.

    ``text`` has been through ``normalize_text``. Title, byline and date lines stay: they are
    content curators annotate. See the module docstring for what goes and how it is recorded.
    """
    warnings: list[str] = []
    if _may_be_mojibake(text):
        fixed = _fix_mojibake(text)
        if fixed != text:
            text = fixed
            warnings.append(MOJIBAKE_WARNING)

    article = _Article(text)
    if not article.blocks:
        return CleanedText("", (), tuple(warnings))
    header_end = _header_end(article)
    footer_start = _footer_start(article, header_end)
    credit_lines = frozenset(_lines_containing(text, "©"))

    removals: list[Removal] = []
    paragraphs: list[str] = []
    # Whether the last paragraph is body text a page break may have cut mid-sentence.
    open_end = False
    plain = article.plain
    for index, (start, end, _offset) in enumerate(article.blocks):
        if index >= footer_start:
            reason = _footer_reason(article.plain_text(index))
            removals.append(Removal(reason, article.raw_text(index), start + 1))
            continue
        if index < header_end:
            if _is_breadcrumb(article, index):
                removals.append(Removal("breadcrumb", article.raw_text(index), start + 1))
            else:
                kept = _kept_lines(article, start, end, True, removals)
                if kept:
                    paragraphs.append(kept)
            open_end = False
            continue
        if (
            credit_lines
            and (start in credit_lines or end - start > 1)
            and _is_image_credit(article, index, credit_lines)
        ):
            removals.append(Removal("image credit", article.raw_text(index), start + 1))
            continue
        # Most paragraphs are a single line of prose: keep that path short.
        if end - start == 1:
            kept = plain[start].strip()
            if not kept:
                continue  # the line held only markup, e.g. an empty link
            if kept[:3].lower() in _WEAK_STARTS or kept[0] in _SYMBOL_STARTS or kept[0].isdigit():
                reason = boilerplate_reason(kept)
                if reason is not None:
                    removals.append(Removal(reason, article.raw[start], start + 1))
                    continue
        else:
            kept = _kept_lines(article, start, end, False, removals)
            if not kept:
                continue
        raw_first = article.raw[start]
        if raw_first[:1] in _HEADING_STARTS and _is_heading(raw_first, end - start):
            paragraphs.append(kept)
            open_end = False
            continue
        if open_end and paragraphs[-1][-1] not in _TERMINAL and _continues(paragraphs[-1], kept):
            paragraphs[-1] = paragraphs[-1] + _join_glue(paragraphs[-1]) + kept
        else:
            paragraphs.append(kept)
        open_end = True

    cleaned = "\n\n".join(paragraphs)
    if cleaned and sum(len(removal.text) for removal in removals) * 2 > len(text):
        warnings.append(MOSTLY_REMOVED_WARNING)
    return CleanedText(cleaned, tuple(removals), tuple(warnings))


def _may_be_mojibake(text: str) -> bool:
    # The commonest lead characters of UTF-8 read as cp1252: "Ã", "Â", "â", "ð", and "Ø", "Ù",
    # "Ð", "Ñ", "Å", "Ä" for Arabic, Cyrillic and Central European letters. Testing single
    # characters is cheap; the precise pattern only runs on texts holding one of them, which
    # English text with curly quotes does not.
    if text.isascii():
        return False
    for lead in "ÃÂâðØÙÐÑÅÄ":
        if lead in text:
            return _MOJIBAKE.search(text) is not None
    return False


def _fix_mojibake(text: str) -> str:
    # Imported lazily: ftfy costs import time and most articles never need it. Only the
    # encoding repairs are switched on; quote uncurling, width folding and normalisation would
    # alter correct text.
    import ftfy

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return ftfy.fix_text(text, config)


def _split_blocks(lines: list[str]) -> list[tuple[int, int, int]]:
    """Runs of non-blank lines as (first line index, end line index, character offset)."""
    blocks = []
    start = -1
    offset = block_offset = 0
    for index, line in enumerate(lines):
        if line and not line.isspace():
            if start < 0:
                start, block_offset = index, offset
        elif start >= 0:
            blocks.append((start, index, block_offset))
            start = -1
        offset += len(line) + 1
    if start >= 0:
        blocks.append((start, len(lines), block_offset))
    return blocks


def _looks_like_body(plain: str) -> bool:
    # Prose, not furniture: long, or a sentence of more than a dozen words.
    if len(plain) > 200:
        return True
    return plain[-1:] in '.!?"”' and plain.count(" ") >= 12


def _header_end(article: _Article) -> int:
    limit = min(len(article.blocks), _MAX_HEADER_PARAGRAPHS)
    for index in range(limit):
        if _looks_like_body(article.plain_text(index)):
            return index
    return limit


def _footer_start(article: _Article, header_end: int) -> int:
    """Index of the first paragraph of the site footer, or the paragraph count when none.

    Only the tail counts (by paragraph count or by characters, whichever comes first), so a
    marker phrase early in an article does not throw the article away.
    """
    blocks = article.blocks
    count = len(blocks)
    min_index = int(count * _FOOTER_MIN_PARAGRAPH_SHARE)
    min_offset = article.length * _FOOTER_MIN_CHAR_SHARE
    rights_from = count - _RIGHTS_TAIL
    for index in range(max(header_end, 1), count):
        if index < min_index and blocks[index][2] < min_offset:
            continue
        plain = article.plain_text(index)
        if _is_footer_marker(plain, index >= rights_from):
            return index
    return count


def _is_footer_marker(plain: str, near_end: bool) -> bool:
    if not plain:
        return False
    if len(plain) > _MAX_FOOTER_PARAGRAPH:
        # Article paragraphs are long, and so are only a few kinds of footer paragraph.
        head = plain[:_LONG_FOOTER_HEAD].lower()
        return head.startswith(_LONG_FOOTER_STARTS) or " contains copyrighted" in head
    first = plain[0]
    if plain[:3].lower() in _FOOTER_STARTS or first in _SYMBOL_STARTS or first in "©(":
        if _FOOTER_MARKER.match(plain):
            return True
    elif " contains copyrighted" in plain:
        return True
    return near_end and _has_rights_notice(plain)


def _has_rights_notice(plain: str) -> bool:
    if "eserved" in plain or "ESERVED" in plain or "eveloped by" in plain:
        return _RIGHTS_RESERVED.search(plain) is not None
    return False


def _footer_reason(plain: str) -> str:
    if not plain:
        return "site footer"
    if plain[:3].lower() in _FOOTER_STARTS or plain[0] in _SYMBOL_STARTS or plain[0] in "©(":
        match = _FOOTER_MARKER.match(plain)
        if match:
            return _FOOTER_REASONS[match.lastgroup or ""]
    elif " contains copyrighted" in plain[:_LONG_FOOTER_HEAD]:
        return "fair use notice"
    if len(plain) <= _MAX_FOOTER_PARAGRAPH and _has_rights_notice(plain):
        return "copyright notice"
    return boilerplate_reason(plain.split("\n", 1)[0]) or "site footer"


def _is_breadcrumb(article: _Article, index: int) -> bool:
    """'Home World <title>' above the title itself, or a 'Home › Section › ...' trail."""
    start, end, _offset = article.blocks[index]
    if end - start != 1:
        return False
    line = article.plain[start].strip()
    if not line.startswith("Home "):
        return False
    if _BREADCRUMB_SEPARATORS.search(line):
        return True
    if index + 1 == len(article.blocks):
        return False
    following = article.plain[article.blocks[index + 1][0]].strip()
    return len(following) >= 8 and line.endswith(following) and line != following


def _lines_containing(text: str, chars: str) -> list[int]:
    """Sorted indices of the lines holding any of ``chars`` (``str.find`` is very fast)."""
    positions = []
    for char in chars:
        position = text.find(char)
        while position >= 0:
            positions.append(position)
            position = text.find(char, position + 1)
    if not positions:
        return []
    positions.sort()
    lines = []
    line = previous = 0
    for position in positions:
        line += text.count("\n", previous, position)
        previous = position
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def _is_image_credit(article: _Article, index: int, credit_lines: frozenset[int]) -> bool:
    """A short caption paragraph whose line ends in a credit ("... © Agency/Photographer")."""
    start, end, _offset = article.blocks[index]
    if end - start > _MAX_CAPTION_LINES:
        return False
    for line_index in range(start, end):
        if line_index in credit_lines:
            line = article.plain[line_index].strip()
            if len(line) - line.rfind("©") <= _MAX_CREDIT:
                return not _COPYRIGHT_WORD.search(line)
    return False


def _kept_lines(
    article: _Article, start: int, end: int, in_header: bool, removals: list[Removal]
) -> str:
    """The lines of one paragraph that are not furniture (recording those that are)."""
    kept: list[str] = []
    for line_index in range(start, end):
        stripped = article.plain[line_index].strip()
        if not stripped:
            continue  # a line that held only markup, e.g. an empty link
        reason = boilerplate_reason(stripped, header=in_header)
        if reason is None:
            kept.append(stripped)
        else:
            removals.append(Removal(reason, article.raw[line_index], line_index + 1))
    return "\n".join(kept)


def _is_heading(raw_first: str, line_count: int) -> bool:
    """A Markdown heading, or a paragraph that is one bold line: never part of a sentence."""
    first = raw_first.lstrip()[:2]
    if first in ("# ", "##", "#\t"):
        return True
    return line_count == 1 and first in ("**", "__") and raw_first.rstrip()[-2:] == first


def _continues(before: str, after: str) -> bool:
    """Whether ``after`` carries on the sentence that ``before`` leaves unfinished."""
    last = before[-1]
    if last in _TERMINAL or (last == "’" and before[-2:-1] in _TERMINAL):
        return False
    first = after[0]
    last_line = before.rsplit("\n", 1)[-1]
    if first.islower():
        return not (_LIST_ITEM.match(after) or _LIST_ITEM.match(last_line))
    if not first.isupper() or len(before) < _MIN_DANGLING_PARAGRAPH:
        return False
    if _LIST_ITEM.match(last_line):
        return False
    return last_line.rsplit(" ", 1)[-1] in _DANGLING_WORDS


def _join_glue(before: str) -> str:
    # "self-" + "reliant", "occupation—" + "officially": a break right after a dash glued to a
    # word splits a compound or an unspaced dash, so no space goes in.
    if before[-1] in "-—" and len(before) > 1 and not before[-2].isspace():
        return ""
    return " "


def _unwrap_emphasis(match: re.Match[str]) -> str:
    strong = match[1]
    if strong is None:
        return match[2]
    # "Bill Van Auken**3 March 2021**" must not become "Bill Van Auken3 March 2021".
    source = match.string
    start, end = match.span()
    before = " " if start and source[start - 1].isalnum() else ""
    after = " " if end < len(source) and source[end].isalnum() else ""
    return before + strong + after
