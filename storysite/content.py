"""Finding and reading the editor's Markdown files: discover -> decode -> parse."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from . import yamlsafe
from .errors import Problem, Problems, SiteError
from .files import FileContent, FileReader
from .model import Document, FrontMatter, SourceFile
from .schema import Field, check_mapping, slug_problem

UTF8_BOM = b"\xef\xbb\xbf"
RESERVED_PAGES = ("sources", "timeline")
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


@dataclass(frozen=True)
class Listing:
    """The Markdown files directly under content/, as listed: what accepted_files judges."""

    folder: str  # the folder's path
    shown_as: str  # and as messages name it: "content"
    names: tuple[str, ...]  # sorted
    languages: tuple[str, ...]


def discover(
    content_dir: Path, project: Path, languages: tuple[str, ...], reader: FileReader, problems: Problems
):
    """Every `<slug>.<lang>.md` directly under content/, read, in a stable order
    (each file's name is checked here; parse() takes slug and language from it)."""
    accepted = accepted_files(list_files(content_dir, project, languages))
    problems.extend(list(accepted.problems))
    return read_files(accepted.files, reader, problems)


def list_files(content_dir: Path, project: Path, languages: tuple[str, ...]) -> Listing:
    names = tuple(_markdown_names(content_dir))
    return Listing(os.fspath(content_dir), _display(content_dir, project), names, languages)


@dataclass(frozen=True)
class FileNames:
    """The names of the chapter files there are, asked with `in` (links, translations).
    One value, kept by the cache while no file is added or removed, with its fingerprint:
    every chapter's checks are keyed by it, so a save does not digest a thousand names."""

    names: frozenset[str]

    def __contains__(self, name: str) -> bool:
        return name in self.names


@dataclass(frozen=True)
class Accepted:
    files: tuple[tuple[str, str], ...]  # (path, display) of each file named as a chapter is
    names: FileNames  # theirs
    problems: tuple[Problem, ...]  # of the other files' names


def accepted_files(listing: Listing) -> Accepted:
    """The files named as a chapter is, and the problems of the others' names. Plain data
    in, plain data out: the build keys it by the listing, so a save that adds or removes
    no file judges no name again."""
    accepted, problems = [], Problems()
    clashes = _case_clashes(listing.names)
    for raw_name in listing.names:
        name = _readable(raw_name)
        display = f"{listing.shown_as}/{name}"
        problem = _name_problem(name, raw_name, listing, clashes)
        if problem:
            problems.error(display, None, problem)
        else:
            accepted.append((os.path.join(listing.folder, raw_name), display))
    names = FileNames(frozenset(display.rsplit("/", 1)[-1] for _, display in accepted))
    return Accepted(tuple(accepted), names, tuple(problems.items))


def _name_problem(name: str, raw_name: str, listing: Listing, clashes: dict[str, str]) -> str | None:
    """What is wrong with a file's name (name: as the editor typed it), or None."""
    if raw_name in clashes:
        return (
            f"differs from {listing.shown_as}/{_readable(clashes[raw_name])} only in letter case; Windows "
            "and macOS see one file where Linux sees two: remove or rename one of them"
        )
    match = FILE_RE.match(name)
    if not match or match["lang"] not in listing.languages:
        return f"name it <slug>.<lang>.md, where <lang> is {' or '.join(listing.languages)}"
    return slug_problem(match["slug"])


def read_files(accepted, reader: FileReader, problems: Problems) -> list[FileContent]:
    """accepted: (path, display) of each file to read."""
    found = []
    for path, display in accepted:
        try:
            found.append(reader.read(path, display))
        except SiteError as exc:
            problems.extend(exc.problems)
    return found


def _markdown_names(content_dir: Path) -> list[str]:
    """The .md files directly under content/, sorted; hidden files and editors' lock and
    backup files (.#x.md, #x.md#) left out. `.MD` counts too, so that it gets reported
    rather than silently skipped."""
    try:
        names = sorted(
            name
            for name in os.listdir(content_dir)
            if name[-3:].lower() == ".md" and not name.startswith((".", "#"))
        )
    except OSError:
        return []
    return names


def _readable(name: str) -> str:
    """A file name as the editor typed it, even where Python decoded it with the wrong
    encoding (under LANG=C, `中文.md` arrives as escaped bytes); bytes that are not
    UTF-8 at all are shown escaped, so such a name never passes as a valid slug."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _case_clashes(names: tuple[str, ...]) -> dict[str, str]:
    """{name: the name it clashes with} for names equal but for letter case. The all
    lowercase name (the one a valid chapter has) is kept; the others are reported."""
    folded = [name.casefold() for name in names]
    if len(set(folded)) == len(names):
        return {}  # the usual case, found at the cost of one set
    by_folded: dict[str, list[str]] = {}
    for name, key in zip(names, folded, strict=True):
        by_folded.setdefault(key, []).append(name)
    clashes = {}
    for group in by_folded.values():
        kept = min(group, key=lambda name: (name != name.lower(), name))
        clashes.update({name: kept for name in group if name != kept})
    return clashes


def _display(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)


def read_text(reader: FileReader, path: Path, display: str) -> str:
    """The file's text as UTF-8 with LF line endings, or a SiteError saying why not."""
    return decode(reader.read(path, display).data, display)


def decode(raw: bytes, display: str) -> str:
    """UTF-8 (with or without a BOM) -> text with LF line endings; CRLF and lone CR, as
    Windows and old Mac editors save, give exactly the same text as LF."""
    bom = len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
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
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


def split_front_matter(text: str, display: str) -> tuple[str, str, int]:
    """(front matter, body, line of the body's first line) or a SiteError."""
    if not text.startswith("---\n"):
        raise SiteError.single(
            display,
            1,
            "no front matter: the file must start with a line '---', then title:, summary:, "
            "updated: ..., then another '---'",
        )
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if not end:
        raise SiteError.single(
            display, 1, "the front matter is not closed: add a line '---' after its last key"
        )
    front = text[4 : 4 + end.start()]
    body_start = 4 + end.end() + 1
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
