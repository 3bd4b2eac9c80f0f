"""Reading the editor's Markdown files: decode -> front matter -> parse (finding them: chapterfiles.py)."""

from __future__ import annotations

import re
from pathlib import Path

from . import yamlsafe
from .errors import Problem, Problems, SiteError
from .files import FileContent, FileReader
from .invisible import INVISIBLE_RE, kind
from .model import Document, FrontMatter, SourceFile
from .schema import Field, check_mapping

UTF8_BOM = b"\xef\xbb\xbf"
RESERVED_PAGES = ("sources", "timeline")
# Every page of an edition at /<lang>/<name>/ besides the chapters: no chapter may take its name.
SITE_PAGES = (*RESERVED_PAGES, "search")
FILE_RE = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[^.]+)\.md$")

CHAPTER_FIELDS = (
    Field("title", "text", True, "the chapter's title"),
    Field("summary", "text", True, "one or two sentences for the edition home"),
    Field("order", "int", False),
    Field("published", "date", False, "the date it first went online, YYYY-MM-DD (default: updated)"),
    Field("updated", "date", True, "the date of the last change, YYYY-MM-DD"),
    Field("draft", "bool"),
    Field("image", "text"),
    Field("image_alt", "text"),
    Field("translation_of", "text"),
)
INTRO_FIELDS = tuple(
    f for f in CHAPTER_FIELDS if f.name in ("title", "summary", "published", "updated", "translation_of")
)


def read_text(reader: FileReader, path: Path, display: str) -> str:
    """The file's text as UTF-8 with LF line endings, or a SiteError saying why not."""
    return decode(reader.read(path, display).data, display)


def _utf16_without_mark(raw: bytes) -> bool:
    """Most of the even or of the odd bytes NUL, the others not: ASCII text in UTF-16
    saved without its byte-order mark (front matter and Markdown are mostly ASCII)."""
    head = raw[:400]
    if len(head) < 8:
        return False
    even, odd = head[0::2].count(0), head[1::2].count(0)
    return max(even, odd) > 0.6 * (len(head) // 2) and min(even, odd) == 0


def decode(raw: bytes, display: str) -> str:
    """UTF-8 (with or without a BOM) -> text with LF line endings; CRLF and lone CR, as
    Windows and old Mac editors save, give exactly the same text as LF."""
    bom = len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_mark(raw):
        raise SiteError.single(display, 1, "is saved as UTF-16 (Notepad's 'Unicode'); re-save it as UTF-8")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise SiteError.single(
            display, line, "contains a NUL byte: is this a text file? Re-save it as UTF-8 text"
        )
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = bom + exc.start  # counted in the file, BOM included, as a hex editor shows it
        line = raw[:at].count(b"\n") + 1
        raise SiteError.single(display, line, _not_utf8(raw, at)) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = INVISIBLE_RE.search(text)
    if control:  # no XML may hold one: a feed with it is not read at all
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - text.rfind("\n", 0, control.start())
        raise SiteError.single(
            display,
            line,
            f"holds an invisible {kind(control.group())} at column {column}, "
            "as text pasted from a word processor may: delete it",
        )
    return text


def _not_utf8(raw: bytes, at: int) -> str:
    where = f"byte offset {at}"
    if raw[at] == 0xED and raw[at + 1 : at + 2] and 0xA0 <= raw[at + 1] <= 0xBF:
        looks_like = (
            "it holds a UTF-16 surrogate written as UTF-8 (CESU-8, as some Java and database "
            "tools write emoji); re-save it as UTF-8 in your editor"
        )
    elif _decodes_as_gb18030(raw):
        looks_like = (
            "it looks like GBK/GB18030 (the Chinese Windows encoding). Re-save it as UTF-8: "
            "in Notepad choose Save As > Encoding: UTF-8; in VS Code click the encoding in "
            "the status bar > Save with Encoding > UTF-8"
        )
    else:
        looks_like = "re-save it as UTF-8 in your editor"
    return f"is not valid UTF-8 (at {where}); {looks_like}"


def _decodes_as_gb18030(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


# The line that closes the front matter: `---` (or YAML's `...`); trailing spaces are
# invisible in an editor, so they are allowed. One rule for reading and for rewriting a file.
CLOSING_LINE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def _closing_line(text: str) -> re.Match | None:
    """The front matter's closing line, searched after the opening `---` line."""
    return CLOSING_LINE_RE.search(text, 4) if text.startswith("---\n") else None


def closing_line_index(text: str) -> int | None:
    """The 0-based line number of the front matter's closing line, as the parser finds it."""
    end = _closing_line(text)
    return None if end is None else text.count("\n", 0, end.start())


def split_front_matter(text: str, display: str) -> tuple[str, str, int]:
    """(front matter, body, line of the body's first line) or a SiteError."""
    if not text.startswith("---\n"):
        raise SiteError.single(
            display,
            1,
            "no front matter: the file must start with a line '---', then title:, summary:, "
            "updated: ..., then another '---'",
        )
    end = _closing_line(text)
    if not end:
        raise SiteError.single(
            display, 1, "the front matter is not closed: add a line '---' after its last key"
        )
    front = text[4 : end.start()]
    body_start = end.end() + 1
    body_line = text[:body_start].count("\n") + 1
    return front, text[body_start:], body_line


def parse(file: FileContent, languages: tuple[str, ...]) -> tuple[Document | None, tuple[Problem, ...]]:
    """A file discover() found: front matter checked against its schema; None if broken.
    With what it found wrong (Cache.map keeps both until the file changes)."""
    problems = Problems()
    return _parse(file, languages, problems), tuple(problems.items)


def slug_and_language(file: FileContent) -> tuple[str, str]:
    match = FILE_RE.match(file.display.rsplit("/", 1)[-1])
    return match["slug"], match["lang"]


def _parse(file: FileContent, languages: tuple[str, ...], problems: Problems) -> Document | None:
    try:
        text = decode(file.data, file.display)
        front, body, body_line = split_front_matter(text, file.display)
        data = yamlsafe.load(front, file.display, line_offset=1)
    except SiteError as exc:
        problems.extend(exc.problems)
        return None
    source = SourceFile(file.path, file.display, *slug_and_language(file), text)
    if not isinstance(data, yamlsafe.YamlMap):
        problems.error(source.display, getattr(data, "line", None) or 2, _not_a_mapping(data))
        return None
    fields = INTRO_FIELDS if source.slug in RESERVED_PAGES else CHAPTER_FIELDS
    before = len(problems.errors)
    meta = check_mapping(data, fields, source.display, problems, languages, "front matter: ")
    _check_chapter_rules(source, data, meta, languages[0], problems)
    if len(problems.errors) > before:
        return None
    lines = tuple((key, data.line_of(key)) for key in meta if key in data)
    return Document(source, FrontMatter(**meta), body, body_line, lines)


def _not_a_mapping(data) -> str:
    keys = "title:, summary:, order: and updated:"
    if data is None:
        return f"the front matter is empty: write {keys} between the '---' lines"
    return f"the front matter should be key: value lines ({keys}), not a single value or a list"


def taken_slug(slug: str) -> str:
    return (
        f"'{slug}' is taken by the site's own {slug} page; choose another slug "
        "(lowercase ASCII letters, digits and single hyphens)"
    )


def _check_chapter_rules(source: SourceFile, data, meta: dict, original: str, problems: Problems) -> None:
    """Rules across keys; the original language's file is the one that must give `order`."""
    line = data.line_of
    published, updated = meta.get("published"), meta.get("updated")
    if published and updated and updated < published:
        problems.error(
            source.display,
            line("updated"),
            f"updated ({updated.isoformat()}) is before published ({published.isoformat()}): "
            "a text is updated on or after the day it first went online",
        )
    if source.slug in RESERVED_PAGES:
        return
    if source.slug in SITE_PAGES:
        problems.error(source.display, None, taken_slug(source.slug) + ": rename the file")
        return
    is_original = source.lang == original
    if is_original and "order" in data and "order" not in meta:
        return  # already reported as a wrong type
    if is_original and "order" not in data:
        problems.error(
            source.display, 2, "front matter: missing required key 'order' (position in the story)"
        )
    if "image" in meta and "image_alt" not in meta:
        problems.error(source.display, line("image"), "image: add image_alt describing what it shows")
    if is_original and "translation_of" in meta:
        problems.error(
            source.display, line("translation_of"), "translation_of belongs in the translation only"
        )
