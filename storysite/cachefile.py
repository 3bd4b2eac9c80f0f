"""Where the build cache lives between runs: one file of results, each pickled on
its own, replaced atomically, in a folder tagged as a cache (backup tools skip it,
git ignores it).

The file is a header naming the generator's version, then one record a result: the
lengths of its key and of its pickle, the key, the pickle. It is written a record at
a time, each result pickled just before it is written, so saving holds no second
copy of the cache in memory (pickling a whole dict of 18,000 pickles at N = 1,000
took the build's peak from 571 to 828 MiB); and read in one go, each result left as
a slice of what was read until a build asks for it. A file that is unreadable,
truncated, corrupt or from another version of the generator is read as empty,
never trusted.
"""

from __future__ import annotations

import os
import struct
import tempfile
from collections.abc import Iterable
from pathlib import Path

CACHE_DIR_NAME = ".storysite-cache"
FILE_NAME = "results.cache"
MAGIC = b"storysite cache 2\n"
RECORD = struct.Struct("<IQ")  # the key's length, the pickle's length
MARKER = "CACHEDIR.TAG"  # the standard tag: backup tools skip the folder
MARKER_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n# The storysite build cache: safe to delete at any time.\n"
)


def read_entries(folder: Path, version: str) -> dict[str, memoryview]:
    """key -> pickled result, as the last run of this version saved them; else empty."""
    try:
        with open(folder / FILE_NAME, "rb") as handle:
            data = handle.read()
    except OSError:
        return {}
    try:
        return _records(data, _header(version))
    except (ValueError, struct.error, UnicodeDecodeError):
        return {}


def _header(version: str) -> bytes:
    return MAGIC + version.encode("ascii") + b"\n"


def _records(data: bytes, header: bytes) -> dict[str, memoryview]:
    if not data.startswith(header):
        raise ValueError("another version")
    view, at, entries = memoryview(data), len(header), {}
    while at < len(data):
        key_size, size = RECORD.unpack_from(data, at)
        key_at = at + RECORD.size
        at = key_at + key_size + size
        if at > len(data):
            raise ValueError("truncated")
        entries[str(data[key_at : key_at + key_size], "utf-8", "surrogatepass")] = view[
            key_at + key_size : at
        ]
    return entries


def write_entries(folder: Path, version: str, entries: Iterable[tuple[str, bytes | memoryview]]) -> None:
    """Replace the folder's cache file with these (key, pickled result) pairs, in one
    step. They are written as they come: `entries` may pickle each one on demand."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((MARKER, MARKER_TEXT), (".gitignore", "*\n")):
        if not (folder / name).exists():
            (folder / name).write_text(text, encoding="utf-8")
    for leftover in [*folder.glob(".tmp-*"), folder / "cache.pickle"]:  # a killed save; the old format
        leftover.unlink(missing_ok=True)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_header(version))
            for key, data in entries:
                name = key.encode("utf-8", "surrogatepass")
                handle.write(RECORD.pack(len(name), len(data)))
                handle.write(name)
                handle.write(data)
        os.replace(temp, folder / FILE_NAME)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def ours_or_new(folder: Path) -> bool:
    """Whether the cache may write in `folder`: one it made (its tag is there), or none
    yet. A folder of something else is only read, never written into or tidied."""
    try:
        return not folder.exists() or (folder / MARKER).is_file() or not any(folder.iterdir())
    except OSError:
        return False
