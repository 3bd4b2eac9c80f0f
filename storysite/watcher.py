"""What the preview watches, and how it notices a save: by the bytes of the files, as
the build itself decides (files.FileReader), never by a second idea of "changed"."""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

from .errors import SiteError
from .files import FileContent, FileReader

WATCHED = ("site.yaml", "content", "templates", "static", "translations")
EDITOR_TEMP_FILES = ("*.swp", "*.swx", "*~", "4913", ".#*", "*.tmp", ".*.tmp-*")


# One pattern for all: a scan asks it of every file in the project, ten times a second.
_EDITOR_TEMP_RE = re.compile("|".join(fnmatch.translate(pattern) for pattern in EDITOR_TEMP_FILES))


def is_editor_temp_file(name: str) -> bool:
    """Is a file of this name (no folder) an editor's swap, backup or lock file?"""
    return _EDITOR_TEMP_RE.match(name) is not None


class SaveWatcher:
    """Notices saves under the watched paths: a file changed when its bytes did, as the
    build itself decides (files.FileReader, shared with the preview's builds), so a
    chapter that is a link is watched through to the file it points to.

    Saves that land between two polls (an editor's "save all", a burst of writes)
    make one rebuild. A save made during a rebuild differs from the snapshot taken
    before it, so the next poll rebuilds again: the preview always ends on the
    final state.
    """

    def __init__(self, paths: list[Path], reader: FileReader):
        self.paths = paths
        self.reader = reader
        self.seen: dict[str, FileContent] = {}
        self.snapshot = self.scan()

    def scan(self) -> dict[str, str]:
        """path -> the digest of its bytes (or why it cannot be read); what was read is
        kept in `seen` for the rebuild it may call for (FileReader.holding)."""
        found, self.seen = {}, {}
        for root in self.paths:
            if root.is_file():
                found[str(root)] = self._state(str(root), self.reader.display(str(root)))
                continue
            for folder, _, files in os.walk(root):
                shown = self.reader.display(folder)  # the folder as the build names it
                for name in files:
                    if not is_editor_temp_file(name):
                        path = os.path.join(folder, name)
                        found[path] = self._state(path, f"{shown}/{name}")
        self.reader.forget_missing(set(found))
        return found

    def _state(self, path: str, display: str) -> str:
        try:
            # named as the build names it: the reader keeps what was read last, for both
            content = self.reader.read(path, display, max_bytes=None)
        except SiteError as exc:  # the build reports it; a change of reason is a change
            return str(exc)
        self.seen[path] = content
        return content.digest

    def changed(self) -> bool:
        current = self.scan()
        if current == self.snapshot:
            return False
        self.snapshot = current
        return True
