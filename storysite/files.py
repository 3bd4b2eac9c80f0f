"""The one idea of "changed": a file's bytes, read through links, trusted stamps aside.

Every reader of the project (the build, the preview's rebuilds, the watcher
that tells the preview to rebuild) reads files through a FileReader. A file is
changed when its bytes are. Reading every file on every save would cost more
than the save, so a file whose stamp (os.stat, which follows links: a chapter
that is a link is the file it points to) is unchanged since it was read is not
read again, as git's index does. A stamp is trusted only once the file's last
change (its ctime, which no program can set back) is older than STAMP_MARGIN at
the time it was read: two saves within one tick of the file system's clock can
leave the same stamp, so a file changed that recently is read again every time.

A preview rebuild reads the project as the watcher's scan that called for it saw
it (`holding`): the scan has just read every watched file, and a save landing
after it is the next scan's change, so the preview still ends on the final state.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from dataclasses import dataclass
from functools import cached_property

from .errors import SiteError
from .fingerprint import digest_bytes

MAX_TEXT_BYTES = 2 * 1024 * 1024  # what an editor writes; images and static files have no limit
# Above the coarsest file-system clock in use (FAT's 2 s) and a little clock skew.
STAMP_MARGIN_NS = 3_000_000_000


@dataclass(frozen=True)
class FileContent:
    """One file's bytes as read, with the path it was read from."""

    path: str
    display: str  # as shown in messages, relative to the project
    data: bytes

    @cached_property
    def digest(self) -> str:
        return digest_bytes(self.data)


def stamp(path: str) -> tuple | None:
    """What changes whenever a file's bytes do (through links), or None if it cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev)


class FileReader:
    """Reads project files, refusing any that a link places outside the project, and
    hands back the same FileContent while a file's trusted stamp is unchanged."""

    def __init__(self, project: str | os.PathLike):
        self.project = os.fspath(project)
        self.root = os.path.realpath(project)
        self._known: dict[str, tuple[tuple, FileContent]] = {}
        self._held: dict[str, FileContent] = {}  # see holding()

    @contextlib.contextmanager
    def holding(self, scanned: dict[str, FileContent]):
        """Within: a file in `scanned` (path -> what a scan just read) is not looked at
        again. For a rebuild called for by that very scan, which then sees the project
        as one moment's state and takes no stat of its own."""
        self._held = scanned
        try:
            yield
        finally:
            self._held = {}

    def read(
        self, path: str | os.PathLike, display: str, max_bytes: int | None = MAX_TEXT_BYTES
    ) -> FileContent:
        """The file's bytes, or a SiteError (naming `display`) saying why they cannot be had."""
        path = os.fspath(path)
        held = self._held.get(path)
        if (
            held is not None
            and held.display == display
            and (max_bytes is None or len(held.data) <= max_bytes)
        ):
            return held
        before = stamp(path)
        known = self._known.get(path)
        if known is not None and before is not None and known[0] == before:
            if known[1].display == display:
                return known[1]
            # Named otherwise by another reader: the bytes are the same, and messages name
            # the file as this caller does.
            return FileContent(path, display, known[1].data)
        content = FileContent(path, display, self._read_inside(path, display, max_bytes))
        if before is not None and before == stamp(path) and _settled(before):
            self._known[path] = (before, content)
        else:
            self._known.pop(path, None)  # changed while read, or too recently to trust its stamp
        return content

    def display(self, path: str) -> str:
        """How the build names a file in messages: its path relative to the project."""
        return os.path.relpath(path, self.project).replace(os.sep, "/")

    def forget_missing(self, seen: set[str]) -> None:
        """Drop what is remembered of files no longer read (deleted, renamed)."""
        for path in self._known.keys() - seen:
            del self._known[path]

    def _read_inside(self, path: str, display: str, max_bytes: int | None) -> bytes:
        """The bytes of the file that opening `path` reaches, provided it is inside the
        project. Where it is, is asked of the open file itself (one readlink on Linux,
        not an lstat of every folder on the way), so the file checked is the file read."""
        with _opened(path, display) as opened:
            real = _real_path(opened.fileno(), path)
            if os.path.commonpath([real, self.root]) != self.root:
                where = "a link to a file" if os.path.islink(path) else "in a linked folder"
                raise SiteError.single(
                    display, None, f"is {where} outside the project; copy the file into the project instead"
                )
            hidden = hidden_folder(real, self.root)
            if hidden:
                raise SiteError.single(display, None, f"is a link into {hidden}, which is never published")
            try:
                size = os.fstat(opened.fileno()).st_size
                if max_bytes is not None and size > max_bytes:
                    raise SiteError.single(
                        display,
                        None,
                        f"is {size // 1024} KB; text files over {max_bytes // 1024} KB are refused",
                    )
                return opened.read()
            except OSError as exc:
                raise SiteError.single(display, None, unreadable(exc)) from None


def hidden_folder(real: str, root: str) -> str | None:
    """The hidden folder or file at the top of the project that a real path inside it is
    in (.git/, .env, the build cache), or None: what a link must never lead to, since
    whatever it leads to is published."""
    top = os.path.relpath(real, root).split(os.sep, 1)
    if top[0].startswith(".") and top[0] != "..":
        return top[0] + ("/" if len(top) > 1 else "")
    return None


NONBLOCKING = getattr(os, "O_NONBLOCK", 0)
NO_LINKS = getattr(os, "O_NOFOLLOW", 0)  # not on Windows, where links are rare and need privileges


def open_to_read(path: str, follow_links: bool = True):
    """The file at path, opened to read bytes without ever waiting: a named pipe opens
    at once (and reads as empty) instead of hanging until something writes to it.
    follow_links=False: a link is refused (OSError), never opened through."""
    if not follow_links and not NO_LINKS and os.path.islink(path):
        raise OSError(errno.ELOOP, "is a link")
    handle = os.open(path, os.O_RDONLY | NONBLOCKING | (0 if follow_links else NO_LINKS))
    try:
        return os.fdopen(handle, "rb")
    except BaseException:  # a folder: the descriptor is still ours to close
        os.close(handle)
        raise


def _opened(path: str, display: str):
    try:
        return open_to_read(path)
    except OSError as exc:
        raise SiteError.single(display, None, unreadable(exc)) from None


OPEN_FILES = "/proc/self/fd"  # Linux: where each open file's real path can be read


def _real_path(handle: int, path: str) -> str:
    try:
        return os.readlink(f"{OPEN_FILES}/{handle}")
    except OSError:  # not Linux
        return os.path.realpath(path)


def _settled(file_stamp: tuple) -> bool:
    return file_stamp[1] < time.time_ns() - STAMP_MARGIN_NS


def unreadable(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "is a link that leads back to itself (a loop); remove it or point it at a real file"
    if exc.errno == errno.ENOENT:
        return "is a link to a file that does not exist; remove it or point it at a real file"
    return f"cannot be read: {exc.strerror or exc}"


def case_clashes(names: tuple[str, ...]) -> dict[str, str]:
    """{name: the name it clashes with} for names equal but for letter case: Windows
    and macOS see one file where Linux sees two. The all lowercase name (the one a valid
    chapter has) is kept; the others are reported."""
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
