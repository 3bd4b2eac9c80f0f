"""Finding and reading the editor's Markdown files: discover -> decode -> parse."""

from __future__ import annotations

import os
import re
from pathlib import Path

from . import yamlsafe
from .errors import Problems, SiteError
from .model import Document, SourceFile
from .schema import SLUG_RE, Field, check_mapping

MAX_FILE_BYTES = 2 * 1024 * 1024
RESERVED_PAGES = ("sources", "timeline")
FILE_RE = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[^.]+)\.md$")

CHAPTER_FIELDS = (
    Field("title", "text", True, "the chapter's title"),
    Field("summary", "text", True, "one or two sentences for the edition home"),
    Field("order", "int", False),
    Field("updated", "date", True, "the date of the last change, YYYY-MM-DD"),
    Field("draft", "bool"),
    Field("image", "text"),
    Field("image_alt", "text"),
    Field("translation_of", "text"),
)
PAGE_FIELDS = tuple(f for f in CHAPTER_FIELDS if f.name in ("title", "summary", "updated", "translation_of"))


def discover(content_dir: Path, project: Path, languages: tuple[str, ...], problems: Problems, memo=None):
    """Every `<slug>.<lang>.md` directly under content/, decoded, in a stable order.

    memo: for a long-lived process (the preview server), files already read, by
    path: a file whose (mtime, size, inode) is unchanged is not read again."""
    found = []
    folder = _display(content_dir, project)
    for path in _markdown_files(content_dir):
        display = f"{folder}/{path.name}"
        match = FILE_RE.match(path.name)
        if not match or match["lang"] not in languages:
            langs = " or ".join(languages)
            problems.error(display, None, f"name it <slug>.<lang>.md, where <lang> is {langs}")
            continue
        if not SLUG_RE.match(match["slug"]) or len(match["slug"]) > 100:
            problems.error(
                display,
                None,
                f"'{match['slug']}' is not a valid slug: use lowercase ASCII letters, digits "
                "and single hyphens, e.g. 'first-shop'",
            )
            continue
        try:
            found.append(_source_file(path, display, match["slug"], match["lang"], project, memo))
        except SiteError as exc:
            problems.extend(exc.problems)
    return found


def _markdown_files(content_dir: Path) -> list[Path]:
    """The .md files directly under content/, sorted; hidden files and editors' lock and
    backup files (.#x.md, #x.md#) left out."""
    try:
        names = sorted(
            entry.name
            for entry in os.scandir(content_dir)
            if entry.name.endswith(".md") and not entry.name.startswith((".", "#"))
        )
    except OSError:
        return []
    return [content_dir / name for name in names]


def _source_file(path: Path, display: str, slug: str, lang: str, project: Path, memo) -> SourceFile:
    if memo is None:
        return SourceFile(path, display, slug, lang, read_text(path, display, project))
    try:
        info = os.lstat(path)
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino, info.st_mode)
    except OSError:
        stamp = None
    remembered = memo.get(path)
    if stamp is not None and remembered is not None and remembered[0] == stamp:
        return remembered[1]
    source = SourceFile(path, display, slug, lang, read_text(path, display, project))
    memo[path] = (stamp, source)
    return source


def _display(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)


def read_text(path: Path, display: str, project: Path) -> str:
    """The file's text as UTF-8 with LF line endings, or a SiteError saying why not."""
    if path.is_symlink():
        target = os.path.realpath(path)
        if os.path.commonpath([target, os.path.realpath(project)]) != os.path.realpath(project):
            raise SiteError.single(display, None, "is a link to a file outside the project")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SiteError.single(
                display, None, f"is {size // 1024} KB; files over {MAX_FILE_BYTES // 1024} KB are refused"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise SiteError.single(display, None, f"cannot be read: {exc.strerror}") from None
    return decode(raw, display)


def decode(raw: bytes, display: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise SiteError.single(display, line, "contains a NUL byte: is this a text file?")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SiteError.single(display, line, _not_utf8(raw, exc)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _not_utf8(raw: bytes, exc: UnicodeDecodeError) -> str:
    where = f"byte {exc.start}"
    try:
        raw.decode("gb18030")
        looks_like = (
            "it looks like GBK/GB18030 (the Chinese Windows encoding). Re-save it as UTF-8: "
            "in Notepad choose Save As > Encoding: UTF-8; in VS Code click the encoding in "
            "the status bar > Save with Encoding > UTF-8"
        )
    except UnicodeDecodeError:
        looks_like = "re-save it as UTF-8 in your editor"
    return f"is not valid UTF-8 (at {where}); {looks_like}"


def split_front_matter(source: SourceFile) -> tuple[str, str, int]:
    """(front matter, body, line of the body's first line) or a SiteError."""
    text = source.text
    if not text.startswith("---\n"):
        raise SiteError.single(
            source.display,
            1,
            "no front matter: the file must start with a line '---', then title:, summary:, "
            "updated: ..., then another '---'",
        )
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if not end:
        raise SiteError.single(
            source.display, 1, "the front matter is not closed: add a line '---' after its last key"
        )
    front = text[4 : 4 + end.start()]
    body_start = 4 + end.end() + 1
    body_line = text[:body_start].count("\n") + 1
    return front, text[body_start:], body_line


def parse(source: SourceFile, languages: tuple[str, ...], problems: Problems) -> Document | None:
    """Front matter checked against its schema; None (with problems recorded) if broken."""
    try:
        front, body, body_line = split_front_matter(source)
        data = yamlsafe.load(front, source.display, line_offset=1)
    except SiteError as exc:
        problems.extend(exc.problems)
        return None
    fields = PAGE_FIELDS if source.slug in RESERVED_PAGES else CHAPTER_FIELDS
    before = len(problems.errors)
    meta = check_mapping(data, fields, source.display, problems, languages, "front matter: ")
    _check_chapter_rules(source, data, meta, languages[0], problems)
    if len(problems.errors) > before:
        return None
    meta.setdefault("draft", False)
    return Document(source, meta, body, body_line)


def _check_chapter_rules(source: SourceFile, data, meta: dict, original: str, problems: Problems) -> None:
    """Rules across keys; the original language's file is the one that must give `order`."""
    line = getattr(data, "line_of", lambda key: 1)
    if source.slug in RESERVED_PAGES:
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
