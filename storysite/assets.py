"""Files from static/: published under content-hashed names, looked up by templates."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import rcssmin

from .errors import Problems, SiteError
from .files import FileReader, hidden_folder
from .fingerprint import digest_bytes


# Files clients ask for by name at the site's root, never through a page's link: a
# crawler's or a feed reader's /favicon.ico. Published there as they are, unhashed.
AT_THE_ROOT = frozenset({"favicon.ico"})


def collect_assets(
    static_dir: Path, base_path: str, reader: FileReader, problems: Problems
) -> tuple[Assets, list[tuple[str, bytes]]]:
    """-> (asset('style.css') == '/static/style.1a2b3c4d.css', [(output path, bytes)])."""
    urls: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    for path, content in published_files(static_dir, reader, problems, hidden=False):
        name = path.relative_to(static_dir).as_posix()
        if name in AT_THE_ROOT:
            files.append((name, content.data))
            continue
        data = as_published(name, content.data)
        hashed = f"static/{with_hash(name, digest_bytes(data)[:10])}"  # the bytes readers get
        urls[name] = base_path + hashed
        files.append((hashed, data))
    return Assets(tuple(sorted(urls.items()))), files


def as_published(name: str, data: bytes) -> bytes:
    """A stylesheet without its comments and spaces, which every page's reader would
    download for nothing (a quarter of the site's); /*! comments (licences) stay."""
    if name.endswith(".css"):
        return rcssmin.cssmin(data, keep_bang_comments=True)
    return data


def published_files(folder: Path, reader: FileReader, problems: Problems, hidden: bool = True):
    """(path, bytes) of every file under folder, sorted, that may be published.

    Links are followed only to files inside the project. A link out of the project
    would publish whatever it points at (a home folder, a key), a link to a folder
    may lead in a circle, and a broken link is a file the editor believes is there:
    each is reported, naming the link, and nothing is copied from it."""
    if not folder.is_dir():
        return []
    root = reader.root
    project = Path(root)
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
            display = _display(path, project)
            try:
                _check_link(path, root)
                found.append((path, reader.read(path, display, max_bytes=None)))
            except _Unpublishable as exc:
                problems.error(display, None, str(exc))
            except SiteError as exc:
                problems.extend(exc.problems)
    return found


class _Unpublishable(Exception):
    """Why a file under static/ or content/images/ cannot be published."""


def _check_link(path: Path, root: str) -> None:
    if path.is_symlink():
        if not _inside(os.path.realpath(path), root):
            raise _Unpublishable(
                "is a link to a file outside the project, which is never published; copy the file in instead"
            )
        if not path.exists():
            raise _Unpublishable("is a link that leads nowhere (a missing file, or a loop); remove or fix it")
        hidden = hidden_folder(os.path.realpath(path), root)
        if hidden:
            raise _Unpublishable(
                f"is a link into {hidden}, which is never published; copy the file in instead"
            )


def _inside(path: str, root: str) -> bool:
    return os.path.commonpath([path, root]) == root


def _display(path: Path, project: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)


def with_hash(name: str, digest: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and stem else f"{name}.{digest}"


@dataclass(frozen=True)
class Assets:
    """The template helper: asset('style.css') -> its hashed URL, or a clear error."""

    urls: tuple[tuple[str, str], ...]

    def __call__(self, name: str) -> str:
        url = dict(self.urls).get(name)
        if url is None:
            raise SiteError.single(f"static/{name}", None, "is used by a template but does not exist")
        return url
