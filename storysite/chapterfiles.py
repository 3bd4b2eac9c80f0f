"""Which files under content/ are chapters: listed, judged by their names, then read.

The judgement is plain data in, plain data out (accepted_files): the build keys it by
the folder's listing, so a save that adds or removes no file judges no name again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .content import FILE_RE
from .errors import Problem, Problems, SiteError
from .files import FileContent, FileReader, case_clashes
from .images import FOLDER as IMAGES_FOLDER
from .languages import KNOWN_LANGUAGES
from .slugs import slug_problem


@dataclass(frozen=True)
class Listing:
    """The Markdown files directly under content/, as listed: what accepted_files judges."""

    folder: str  # the folder's path
    shown_as: str  # and as messages name it: "content"
    names: tuple[str, ...]  # sorted
    languages: tuple[str, ...]
    in_subfolders: tuple[str, ...] = ()  # Markdown files further down, relative to it: never read


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
    deeper = tuple(_markdown_in_subfolders(content_dir))
    return Listing(os.fspath(content_dir), _display(content_dir, project), names, languages, deeper)


@dataclass(frozen=True)
class FileNames:
    """The names of the chapter files there are, asked with `in` (links, translations).
    One value, kept by the cache while no file is added or removed, with its fingerprint:
    every chapter's checks are keyed by it, so a save does not digest a thousand names."""

    names: frozenset[str]

    @classmethod
    def of(cls, displays) -> FileNames:
        """From the files' names as messages show them (content/x.en.md)."""
        return cls(frozenset(display.rsplit("/", 1)[-1] for display in displays))

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
    clashes = case_clashes(listing.names)
    left_out: dict[str, list[str]] = {}  # language -> its files' names
    for raw_name in listing.names:
        name = _readable(raw_name)
        display = f"{listing.shown_as}/{name}"
        problem = _name_problem(name, raw_name, listing, clashes)
        unbuilt = _unbuilt_language(name, listing)
        if unbuilt and raw_name not in clashes:
            left_out.setdefault(unbuilt, []).append(name)
        elif problem:
            problems.error(display, None, problem)
        else:
            accepted.append((os.path.join(listing.folder, raw_name), display))
    for relative in listing.in_subfolders:
        problems.error(f"{listing.shown_as}/{relative}", None, IN_A_SUBFOLDER)
    for lang, names in left_out.items():
        problems.warn(listing.shown_as, None, _left_out_message(lang, names))
    names = FileNames.of(display for _, display in accepted)
    return Accepted(tuple(accepted), names, tuple(problems.items))


def _name_problem(name: str, raw_name: str, listing: Listing, clashes: dict[str, str]) -> str | None:
    """What is wrong with a file's name (name: as the editor typed it), or None."""
    if raw_name in clashes:
        return (
            f"differs from {listing.shown_as}/{_readable(clashes[raw_name])} only in letter case; Windows "
            "and macOS see one file where Linux sees two: remove or rename one of them"
        )
    if name != name.strip():
        return _spaced_name_problem(name, listing)
    match = FILE_RE.match(name)
    if not match or match["lang"] not in listing.languages:
        return f"name it <slug>.<lang>.md, where <lang> is {' or '.join(listing.languages)}"
    return slug_problem(match["slug"])


def _unbuilt_language(name: str, listing: Listing) -> str | None:
    """The language of a chapter file written in one the generator knows but this site
    does not build (taken out of site.yaml's languages): kept, not read."""
    match = FILE_RE.match(name)
    if match and match["lang"] in KNOWN_LANGUAGES and match["lang"] not in listing.languages:
        return None if slug_problem(match["slug"]) else match["lang"]
    return None


def _left_out_message(lang: str, names: list[str]) -> str:
    shown = ", ".join(names[:MOST_NAMED]) + (", ..." if len(names) > MOST_NAMED else "")
    files = f"{len(names)} files in {lang} ({shown}) are" if len(names) > 1 else f"{shown} is"
    return f"{files} not built, as site.yaml's languages leave {lang} out: add {lang} there to publish them"


def _spaced_name_problem(name: str, listing: Listing) -> str:
    """A space at either end of a name is invisible in a folder's listing and in a message."""
    where = "starts" if name[:1].isspace() else "ends"
    meant = name.strip()
    match = FILE_RE.match(meant)
    if match and match["lang"] in listing.languages and slug_problem(match["slug"]) is None:
        fix = f"rename it '{meant}'"
    else:
        fix = f"name it <slug>.<lang>.md, where <lang> is {' or '.join(listing.languages)}"
    return f"the name {where} with a space, so it is not read as a chapter: {fix}"


MOST_NAMED = 3  # files named in the message that some are not built; more are counted
IN_A_SUBFOLDER = (
    "chapters are read only from content/ itself, so this file is never published: move it "
    "there as content/<slug>.<lang>.md, or keep it outside content/"
)


def read_files(accepted, reader: FileReader, problems: Problems) -> list[FileContent]:
    """accepted: (path, display) of each file to read."""
    found = []
    for path, display in accepted:
        try:
            found.append(reader.read(path, display))
        except SiteError as exc:
            problems.extend(exc.problems)
    return found


# Names a chapter gets by mistake: Notepad's .txt added, Markdown's long suffix. Listed
# so that each is reported ("name it <slug>.<lang>.md") rather than silently skipped.
MISNAMED_SUFFIXES = (".md", ".md.txt", ".markdown", ".mdown")


def _markdown_names(content_dir: Path) -> list[str]:
    """The .md files directly under content/, sorted; hidden files and editors' lock and
    backup files (.#x.md, #x.md#) left out. `.MD` and the MISNAMED_SUFFIXES count too,
    so that they get reported rather than silently skipped."""
    try:
        names = sorted(name for name in os.listdir(content_dir) if _looks_like_markdown(name))
    except OSError:
        return []
    return names


def _looks_like_markdown(name: str) -> bool:
    """Named as Markdown (a space after the suffix too: it only hides the name's slip),
    and not an editor's lock or backup file nor a hidden one."""
    return name.lower().rstrip().endswith(MISNAMED_SUFFIXES) and not name.startswith((".", "#"))


# Folders of content/ that hold no chapters: the data files and the images.
NOT_CHAPTER_FOLDERS = frozenset({"data", IMAGES_FOLDER})


def _markdown_in_subfolders(content_dir: Path) -> list[str]:
    """The Markdown files in content/'s subfolders (but its data and images folders),
    relative to content/, sorted: a chapter put there would otherwise vanish unsaid."""
    found = []
    for folder, subfolders, names in os.walk(content_dir):
        relative = os.path.relpath(folder, content_dir)
        top = relative == os.curdir
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".") and not (top and name in NOT_CHAPTER_FOLDERS)
        ]
        if top:
            continue  # its files are judged by accepted_files
        prefix = Path(relative).as_posix()
        found.extend(f"{prefix}/{_readable(name)}" for name in names if _looks_like_markdown(name))
    return sorted(found)


def _readable(name: str) -> str:
    """A file name as the editor typed it, even where Python decoded it with the wrong
    encoding (under LANG=C, `中文.md` arrives as escaped bytes); bytes that are not
    UTF-8 at all are shown escaped, so such a name never passes as a valid slug."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _display(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)
