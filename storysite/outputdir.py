"""Which folder a build may replace: never the project, its sources, the home folder or
a folder the generator did not make. What proves that a folder was made by the
generator is a marker file beside it, `.<name>.storysite-output`, not in it:
whatever is in the output folder is published."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import SiteError
from .swap import MARKER

PROTECTED = ("content", "templates", "static", "translations")


def check_output_dir(out: Path, project: Path) -> None:
    """Refuse any output folder whose replacement could destroy something else."""
    out, project = Path(os.path.realpath(out)), Path(os.path.realpath(project))
    name = str(out)
    home = Path(os.path.realpath(Path.home()))
    if out == Path(out.anchor) or out in (home, project):
        raise SiteError.single(
            name,
            None,
            "refusing to use this as the output folder: it is the root, the home folder or the "
            "project itself, which a build replaces whole; choose a folder of its own, like _site",
        )
    if out in project.parents:
        raise SiteError.single(name, None, "the output folder cannot contain the project")
    for folder in PROTECTED:
        guarded = project / folder
        if out == guarded or _inside(out, guarded) or _inside(guarded, out):
            raise SiteError.single(name, None, f"the output folder must stay clear of {folder}/")
    if out.exists() and not out.is_dir():
        raise SiteError.single(name, None, "is a file, not a folder; choose another --output")
    if (out / ".git").exists():
        raise SiteError.single(name, None, "the output folder holds a .git folder; refusing to replace it")
    if out.exists() and any(out.iterdir()) and not made_by_us(out):
        raise SiteError.single(
            name, None, "exists and was not made by this generator; move it away or choose another --output"
        )


def marker_of(out: Path) -> Path:
    """The file beside an output folder that says the generator made it."""
    return out.parent / f".{out.name}{MARKER}"


def made_by_us(out: Path) -> bool:
    """The marker beside the folder, or (from earlier versions of the generator) in it."""
    return marker_of(out).is_file() or (out / MARKER).is_file()


def _inside(path: Path, folder: Path) -> bool:
    return os.path.commonpath([path, folder]) == str(folder)
