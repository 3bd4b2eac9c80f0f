"""Which folder a build may replace: never the project, its sources, its hidden folders
(.git, the build cache), the generator or the Python it runs in, the home folder or a
folder the generator did not make. What proves that a folder was made by the generator
is a marker file beside it, `.<name>.storysite-output`, not in it: whatever is in the
output folder is published."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import SiteError
from .swap import MARKER

# The project's sources, and the generator's own folder where it sits beside them.
PROTECTED = ("content", "templates", "static", "translations", "storysite")
GENERATOR = Path(__file__).resolve().parent


def check_output_dir(out: Path, project: Path, named_at: tuple[str, int | None] | None = None) -> None:
    """Refuse any output folder whose replacement could destroy or publish something else.
    named_at: where the folder was given (site.yaml and its line); the message names
    that place, else the folder itself (--output, or the default)."""
    problem = output_problem(Path(os.path.realpath(out)), Path(os.path.realpath(project)))
    if problem is None:
        return
    if named_at is None:
        raise SiteError.single(str(out), None, problem)
    display, line = named_at
    raise SiteError.single(display, line, f"output: {out}: {problem}")


def output_problem(out: Path, project: Path) -> str | None:
    """Why a build may not replace this folder (both paths real), or None."""
    home = Path(os.path.realpath(Path.home()))
    if out == Path(out.anchor) or out in (home, project):
        return (
            "refusing to use this as the output folder: it is the root, the home folder or the "
            "project itself, which a build replaces whole; choose a folder of its own, like _site"
        )
    if out in project.parents:
        return "the output folder cannot contain the project"
    for folder in PROTECTED:
        guarded = project / folder
        if out == guarded or _inside(out, guarded) or _inside(guarded, out):
            return f"the output folder must stay clear of {folder}/"
    hidden = _hidden_part(out, project)
    if hidden:  # .git would be corrupted; the cache's files would be published, or wiped
        return f"the output folder cannot be {hidden}/ or inside it: choose a folder of its own, like _site"
    for name, folder in (("the generator", GENERATOR), ("the Python environment", Path(sys.prefix))):
        folder = Path(os.path.realpath(folder))
        if _inside(out, folder) or _inside(folder, out):
            return f"the output folder must stay clear of {name} ({folder})"
    return _existing_problem(out)


def check_cache_dir(cache: Path | None, out: Path, project: Path) -> None:
    """The cache folder STORYSITE_CACHE names may be anywhere but where its files would be
    published (the output folder, static/) or read as the site's sources (content/...)."""
    if cache is None:
        return
    cache, out, project = (Path(os.path.realpath(path)) for path in (cache, out, project))
    places = [("the output folder", out)] + [(f"{name}/", project / name) for name in PROTECTED]
    for name, folder in places:
        if _inside(cache, folder):
            raise SiteError.single(
                "STORYSITE_CACHE",
                None,
                f"{cache} is inside {name}, where its files would be published or read as the "
                "site's own: choose a folder outside the project's sources and the output",
            )


def _existing_problem(out: Path) -> str | None:
    if out.exists() and not out.is_dir():
        return "is a file, not a folder; choose another output folder"
    if (out / ".git").exists():
        return "the output folder holds a .git folder; refusing to replace it"
    if out.exists() and any(out.iterdir()) and not made_by_us(out):
        return "exists and was not made by this generator; move it away or choose another output folder"
    return None


def _hidden_part(out: Path, project: Path) -> str | None:
    """The hidden folder of the project the output would be (.git, the cache) or be in."""
    if not _inside(out, project):
        return None
    parts = out.relative_to(project).parts
    return next((part for part in parts if part.startswith(".")), None)


def marker_of(out: Path) -> Path:
    """The file beside an output folder that says the generator made it."""
    return out.parent / f".{out.name}{MARKER}"


def made_by_us(out: Path) -> bool:
    """The marker beside the folder, or (from earlier versions of the generator) in it."""
    return marker_of(out).is_file() or (out / MARKER).is_file()


def _inside(path: Path, folder: Path) -> bool:
    return os.path.commonpath([path, folder]) == str(folder)
