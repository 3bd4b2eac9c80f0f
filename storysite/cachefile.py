"""Where the build cache lives between runs: one file of pickled results, replaced
atomically, in a folder tagged as a cache (backup tools skip it, git ignores it).

A file that is unreadable, corrupt or from another version of the generator is
read as empty, never trusted.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

CACHE_DIR_NAME = ".storysite-cache"
FILE_NAME = "cache.pickle"
MARKER = "CACHEDIR.TAG"  # the standard tag: backup tools skip the folder
MARKER_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n# The storysite build cache: safe to delete at any time.\n"
)


def read_entries(folder: Path, version: str) -> dict[str, bytes]:
    """key -> pickled result, as the last run of this version saved them; else empty."""
    try:
        with open(folder / FILE_NAME, "rb") as handle:
            stored = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        return {}
    if not isinstance(stored, dict) or stored.get("version") != version:
        return {}
    entries = stored.get("entries")
    return entries if isinstance(entries, dict) else {}


def write_entries(folder: Path, version: str, entries: dict[str, bytes]) -> None:
    """Replace the folder's cache file with these entries, in one step."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((MARKER, MARKER_TEXT), (".gitignore", "*\n")):
        if not (folder / name).exists():
            (folder / name).write_text(text, encoding="utf-8")
    for leftover in folder.glob(".tmp-*"):  # from a build that was killed while saving
        leftover.unlink(missing_ok=True)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump({"version": version, "entries": entries}, handle, pickle.HIGHEST_PROTOCOL)
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
