"""What the preview watches, and how it notices a save: by the bytes of the files, as
the build itself decides (files.FileReader), never by a second idea of "changed"."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from .errors import SiteError
from .files import FileReader

WATCHED = ("site.yaml", "content", "templates", "static", "translations")
EDITOR_TEMP_FILES = ("*.swp", "*.swx", "*~", "4913", ".#*", "*.tmp", ".*.tmp-*")


def is_editor_temp_file(path: str) -> bool:
    name = Path(path).name
    return any(fnmatch.fnmatch(name, pattern) for pattern in EDITOR_TEMP_FILES)


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
        self.snapshot = self.scan()

    def scan(self) -> dict[str, str]:
        found = {}
        for root in self.paths:
            if root.is_file():
                found[str(root)] = self._state(str(root))
                continue
            for folder, _, files in os.walk(root):
                for name in files:
                    if not is_editor_temp_file(name):
                        path = os.path.join(folder, name)
                        found[path] = self._state(path)
        self.reader.forget_missing(set(found))
        return found

    def _state(self, path: str) -> str:
        try:
            # named as the build names it: the reader keeps what was read last, for both
            return self.reader.read(path, self.reader.display(path), max_bytes=None).digest
        except SiteError as exc:  # the build reports it; a change of reason is a change
            return str(exc)

    def changed(self) -> bool:
        current = self.scan()
        if current == self.snapshot:
            return False
        self.snapshot = current
        return True
