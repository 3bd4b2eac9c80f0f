"""Where the build cache lives between runs: one file of results, each pickled on
its own, replaced atomically, in a folder tagged as a cache (backup tools skip it,
git ignores it).

The file is a header naming the generator's version, the results' pickles back to
back, then an index (each key's start and end) and where the index starts. It is
written a result at a time, each new one pickled straight into it, so saving holds
no second copy of the cache in memory (pickling a dict of 18,000 pickles at
N = 1,000 took the build's peak from 571 to 828 MiB); it is mapped into memory, each
result left as a slice of the mapping until a build asks for it, and a save
writes those slices back as they are. A file that is unreadable, cut short, whose
index does not hold together, or from another version of the generator is read as
empty; a result that does not unpickle is made again. The results carry no checksum:
the file is only ever replaced whole (written beside, then renamed), never changed in
place, and summing each result read would cost a warm build at N = 1,000 about 0.1 s
(zlib.crc32 at 1.2 GB/s here); bytes altered inside a result by hand go unnoticed.
"""

from __future__ import annotations

import mmap
import os
import pickle
import struct
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .files import open_to_read

CACHE_DIR_NAME = ".storysite-cache"
FILE_NAME = "results.cache"
MAGIC = b"storysite cache 2\n"
FOOTER = struct.Struct("<Q8s")  # where the index starts; the end mark
END = b"cache ok"
MARKER = "CACHEDIR.TAG"  # the standard tag: backup tools skip the folder
MARKER_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n# The storysite build cache: safe to delete at any time.\n"
)


def read_entries(folder: Path, version: str) -> dict[str, memoryview]:
    """key -> pickled result, as the last run of this version saved them; else empty.

    The file is mapped, not read: a result's bytes are read from the page cache when it
    is unpickled, and nothing is copied for the others (reading the 206 MB of N = 1,000
    took a warm build 0.12-0.20 s, most of it the kernel handing out fresh memory). A
    mapped file cut short under us would crash the build, but this one is never
    changed in place: a save writes a new file and renames it over the old one, whose
    mapping lives on until the build ends."""
    try:
        with open_to_read(str(folder / FILE_NAME)) as handle:  # never waits on a named pipe
            if not _written_by_this_user(os.fstat(handle.fileno())):
                return {}
            data = _mapped(handle)
    except (OSError, ValueError):  # unreadable, or empty
        return {}
    try:
        return _entries(data, _header(version))
    except (ValueError, TypeError, struct.error, pickle.UnpicklingError, EOFError, IndexError):
        return {}


def _written_by_this_user(info: os.stat_result) -> bool:
    """Unpickling runs code, so only a file that no one else could have written is read:
    this user's, writable by no one else (as saved: mkstemp makes it 0600). A file
    planted in a shared STORYSITE_CACHE folder is ignored, as a corrupt one is."""
    if not hasattr(os, "geteuid"):  # Windows: the folder's access rules decide
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & 0o022


def _mapped(handle) -> mmap.mmap | bytes:
    """The file mapped; read whole where its file system cannot map files (some network
    and FUSE file systems refuse)."""
    try:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except OSError:
        return handle.read()


def _header(version: str) -> bytes:
    return MAGIC + version.encode("ascii") + b"\n"


def _entries(data: bytes, header: bytes) -> dict[str, memoryview]:
    if data[: len(header)] != header or len(data) < len(header) + FOOTER.size:
        raise ValueError("another version, or cut short")
    index_at, end = FOOTER.unpack_from(data, len(data) - FOOTER.size)
    if end != END or not len(header) <= index_at <= len(data) - FOOTER.size:
        raise ValueError("cut short")
    index = pickle.loads(memoryview(data)[index_at : len(data) - FOOTER.size])
    view = memoryview(data)[:index_at]
    if not isinstance(index, dict) or any(not len(header) <= a <= b <= index_at for a, b in index.values()):
        raise ValueError("corrupt")
    return {key: view[start:stop] for key, (start, stop) in index.items()}


def write_entries(
    folder: Path,
    version: str,
    kept: Iterable[tuple[str, bytes | memoryview]],
    fresh: Iterable[tuple[str, object]],
) -> None:
    """Replace the folder's cache file, in one step, with the results `kept` (key,
    pickle as read) and `fresh` (key, result), each fresh result pickled straight into
    the file: no pickle of a large result (a search index of 16 MB) is ever held whole."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((MARKER, MARKER_TEXT), (".gitignore", "*\n")):
        if not (folder / name).exists():
            (folder / name).write_text(text, encoding="utf-8")
    for leftover in [*folder.glob(".tmp-*"), folder / "cache.pickle"]:  # a killed save; the old format
        leftover.unlink(missing_ok=True)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            _write(handle, _header(version), kept, fresh)
        os.replace(temp, folder / FILE_NAME)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _write(handle, header: bytes, kept, fresh) -> None:
    handle.write(header)
    index, at = {}, len(header)
    for key, data in kept:
        handle.write(data)
        index[key], at = (at, at + len(data)), at + len(data)
    for key, value in fresh:
        pickle.dump(value, handle, pickle.HIGHEST_PROTOCOL)
        index[key], at = (at, handle.tell()), handle.tell()
    pickle.dump(index, handle, pickle.HIGHEST_PROTOCOL)
    handle.write(FOOTER.pack(at, END))


def ours_or_new(folder: Path) -> bool:
    """Whether the cache may write in `folder`: one it made (its tag is there), or none
    yet. A folder of something else is only read, never written into or tidied."""
    try:
        return not folder.exists() or (folder / MARKER).is_file() or not any(folder.iterdir())
    except OSError:
        return False
