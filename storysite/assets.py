"""Files from static/: published under content-hashed names, looked up by templates."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .errors import Problems, SiteError


def collect_assets(
    static_dir: Path, base_path: str, project: Path, problems: Problems
) -> tuple[dict[str, str], list[tuple[str, bytes]]]:
    """-> ({'style.css': '/static/style.1a2b3c4d.css'}, [(output path, bytes)])."""
    urls: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    for path, data in published_files(static_dir, project, problems, hidden=False):
        name = path.relative_to(static_dir).as_posix()
        digest = hashlib.sha256(data).hexdigest()[:10]
        hashed = f"static/{_with_hash(name, digest)}"
        urls[name] = base_path + hashed
        files.append((hashed, data))
    return urls, files


def published_files(folder: Path, project: Path, problems: Problems, hidden: bool = True):
    """(path, bytes) of every file under folder, sorted, that may be published.

    Links are followed only to files inside the project. A link out of the project
    would publish whatever it points at (a home folder, a key), a link to a folder
    may lead in a circle, and a broken link is a file the editor believes is there:
    each is reported, naming the link, and nothing is copied from it."""
    if not folder.is_dir():
        return []
    root = os.path.realpath(project)
    shown = _display(folder, project)
    if not _inside(os.path.realpath(folder), root):
        problems.error(shown, None, "is a link to a folder outside the project; copy the folder in instead")
        return []
    found = []
    for current, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(dirs):
            if os.path.islink(os.path.join(current, name)):
                problems.error(
                    _display(Path(current, name), project),
                    None,
                    "is a link to a folder, which the build does not follow; put the files here instead",
                )
        for name in sorted(names):
            path = Path(current, name)
            if not hidden and name.startswith("."):
                continue
            try:
                found.append((path, _read(path, root)))
            except _Unpublishable as exc:
                problems.error(_display(path, project), None, str(exc))
    return found


class _Unpublishable(Exception):
    """Why a file under static/ or content/images/ cannot be published."""


def _read(path: Path, root: str) -> bytes:
    if path.is_symlink():
        if not _inside(os.path.realpath(path), root):
            raise _Unpublishable(
                "is a link to a file outside the project, which is never published; copy the file in instead"
            )
        if not path.exists():
            raise _Unpublishable("is a link that leads nowhere (a missing file, or a loop); remove or fix it")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _Unpublishable(f"cannot be read: {exc.strerror or exc}") from None


def _inside(path: str, root: str) -> bool:
    return os.path.commonpath([path, root]) == root


def _display(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)


def _with_hash(name: str, digest: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and stem else f"{name}.{digest}"


class AssetLookup:
    """The template helper: asset('style.css') -> its hashed URL, or a clear error."""

    def __init__(self, urls: dict[str, str]):
        self.urls = urls

    def __call__(self, name: str) -> str:
        if name not in self.urls:
            raise SiteError.single(f"static/{name}", None, "is used by a template but does not exist")
        return self.urls[name]
