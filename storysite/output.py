"""The only stage that touches the disk: write the site beside the output
folder, then swap it in, so a failed or killed build never harms the last site.

What proves that a folder was made by the generator (and so may be replaced) is
a marker file beside it, `.<name>.storysite-output`, not in it: whatever is in the
output folder is published, and the marker is nothing a reader should fetch. The
hidden folders a build writes into and clears out hold a marker of their own, so
that one left by a killed build is recognised and removed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from .errors import SiteError
from .files import open_to_read
from .outputdir import made_by_us, marker_of
from .swap import MARKER, Busy, clean_leftovers, remove_output_folder, sole_writer, swap_in


class Later(Protocol):
    """Outputs still being made (the share cards, the search index)."""

    def done(self) -> bool: ...

    def result(self) -> list[tuple[str, bytes]]: ...


def write_site(outputs, out: Path, later: Sequence[Later] = ()) -> None:
    """Write every (path, bytes) into a fresh sibling folder, then swap it in.

    Files whose bytes the current site already holds are hard-linked, not written:
    a link costs a directory entry, not a copy, and deleting the old site then frees
    no data. A site that already holds exactly these files, and nothing else, is
    left alone. `later`'s outputs, unless ready, are written once they are (in turn),
    the others meanwhile. A failure (a full disk, a file too large, no permission)
    becomes a SiteError naming the file; the previous site is untouched, since only
    the swap changes it."""
    out = Path(os.path.realpath(out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)  # --output may name a folder in new folders
        with sole_writer(out):
            _write_site(outputs, out, later)
    except Busy:
        raise SiteError.single(
            out,
            None,
            "another build is writing this folder right now: run this one again when it has finished",
        ) from None
    except OSError as exc:  # the lock beside the folder cannot be made: nothing is written either
        raise _cannot_write(out, exc) from None


def _write_site(outputs, out: Path, later: Sequence[Later]) -> None:
    clean_leftovers(out)
    ready = [outcome.done() for outcome in later]
    waiting = [outcome for outcome, done in zip(later, ready, strict=True) if not done]
    outputs = outputs + [
        file for outcome, done in zip(later, ready, strict=True) if done for file in outcome.result()
    ]
    unchanged = _unchanged_files(outputs, out)
    if not waiting and _already(out, outputs, unchanged):
        return  # the site is already what this build makes
    staging = out.parent / f".{out.name}.tmp-{os.getpid()}"
    foreign = staging.exists()  # not ours to remove: mkdir below refuses it
    try:  # made inside the try: a `kill` the instant after mkdir left it behind
        staging.mkdir(parents=True)
        (staging / MARKER).write_text("made by storysite; replaced on every build\n", encoding="utf-8")
        _write_files(outputs, staging, out, unchanged)
        for outcome in waiting:
            rest = outcome.result()
            _write_files(rest, staging, out, _unchanged_files(rest, out))
        marker_of(out).write_text(
            "made by storysite: the folder beside is replaced on every build\n", encoding="utf-8"
        )
        (staging / MARKER).unlink()  # the site itself carries no marker
        swap_in(staging, out)
    except OSError as exc:
        raise _cannot_write(out, exc) from None
    finally:
        if not foreign:
            _remove_even_if_interrupted(staging)


def _remove_even_if_interrupted(staging: Path) -> None:
    """Remove the hidden folder (after a swap, the previous site). Ctrl+C or `kill` in
    the middle would leave it beside the site until the next build: finished first."""
    try:
        remove_output_folder(staging)
    except KeyboardInterrupt:
        remove_output_folder(staging)
        raise


def _already(out: Path, outputs, unchanged: set[str]) -> bool:
    """Whether the site holds exactly these outputs, and nothing else."""
    return len(unchanged) == len(outputs) and _files_in(out) == unchanged and marker_of(out).is_file()


def _unchanged_files(outputs, out: Path) -> set[str]:
    """The outputs that the current site already holds, byte for byte."""
    if not made_by_us(out):
        return set()
    real_out = os.path.realpath(out)
    plain = _plain_folders(real_out)
    unchanged = set()
    for rel_path, data in outputs:
        folder, _, name = rel_path.rpartition("/")
        # A path that leaves the folder is never unchanged: writing it is refused, with the reason.
        if name not in NOT_NAMES and plain(folder) and _holds(os.path.join(real_out, rel_path), data):
            unchanged.add(rel_path)
    return unchanged


NOT_NAMES = ("", ".", "..")


def _plain_folders(real_out: str):
    """folder -> whether it is a real folder inside the site, reached through no link and
    no `..`: each folder is looked at once (an lstat), not resolved again for each of its
    files (a site's 9,000 realpath calls were a fifth of a warm build at N = 1,000)."""
    known = {"": True}

    def plain(folder: str) -> bool:
        if folder not in known:
            parent, _, name = folder.rpartition("/")
            known[folder] = name not in NOT_NAMES and plain(parent) and _real_folder(real_out, folder)
        return known[folder]

    return plain


def _real_folder(real_out: str, folder: str) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(os.path.join(real_out, folder)).st_mode)
    except (OSError, ValueError):  # ValueError: a NUL in the name
        return False


def _files_in(out: Path) -> set[str]:
    """Every file and link in a folder, as paths relative to it (links to folders are
    listed, not followed). One scandir a folder, names joined as text: os.walk with a
    relpath a folder took a tenth of a warm build at N = 1,000."""
    found: set[str] = set()
    pending = [(str(out), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((entry.path, f"{prefix}{entry.name}/"))
                    else:
                        found.add(prefix + entry.name)
        except OSError:
            found.add(f"{prefix}<unreadable>/")  # matches no output: the site is made again
    return found


def _holds(path: str, data: bytes) -> bool:
    """Whether path is a plain file (not a link, not a pipe) of exactly these bytes:
    opened once, never through a link, its kind and size read from the open file."""
    try:
        with open_to_read(path, follow_links=False) as opened:
            info = os.fstat(opened.fileno())
            return stat.S_ISREG(info.st_mode) and info.st_size == len(data) and opened.read() == data
    except (OSError, ValueError):  # a link, a folder, a missing file; ValueError: a NUL in the name
        return False


def _write_files(outputs, staging: Path, out: Path, unchanged: set[str]) -> None:
    folders: set[str] = set()
    target_in = Targets(os.path.realpath(staging))
    for rel_path, data in outputs:
        target = target_in(rel_path)
        try:
            parent = os.path.dirname(target)
            if parent not in folders:
                os.makedirs(parent, exist_ok=True)
                folders.add(parent)
            if not (rel_path in unchanged and _hard_link(out / rel_path, target)):
                with open(target, "wb") as handle:
                    handle.write(data)
        except OSError as exc:
            raise _cannot_write(out / rel_path, exc) from None


def _hard_link(existing: Path, target: Path) -> bool:
    try:
        os.link(existing, target)
    except OSError:
        return False  # another file system, or none with hard links: the caller writes a copy
    return True


def _cannot_write(path: Path, exc: OSError) -> SiteError:
    return SiteError.single(path, None, f"cannot write: {exc.strerror or exc}")


def safe_target(root: Path, rel_path: str) -> Path:
    """root/rel_path, provided it stays inside root. Compared by os.path.commonpath
    (not as a string prefix: `site-evil` is not in `site`) between real paths, so
    neither `..` nor a link inside root can lead a write out of it."""
    return Path(Targets(os.path.realpath(root))(rel_path))


class Targets:
    """safe_target for one root already resolved, each folder resolved once: a site's
    thousands of files are in a few folders each (resolving every file's path took
    0.25 s of writing 9,400 files at N = 1,000, a stat of each folder on its way)."""

    def __init__(self, real_root: str):
        self.real_root = real_root
        self.folders: dict[str, str] = {}  # relative folder -> its real path, checked inside

    def __call__(self, rel_path: str) -> str:
        if "\x00" in rel_path:
            raise SiteError.single(rel_path, None, "a file name cannot contain a NUL character")
        folder, _, name = rel_path.rpartition("/")
        real_folder = self.folders.get(folder)
        if real_folder is None:
            real_folder = self.folders[folder] = self._inside(os.path.join(self.real_root, folder), rel_path)
        if name in ("", ".", ".."):
            raise _outside(rel_path)
        target = os.path.join(real_folder, name)
        if os.path.islink(target):  # a file of the folder, not where a link in it leads
            target = self._inside(target, rel_path)
            if target == self.real_root:
                raise _outside(rel_path)
        return target

    def _inside(self, path: str, rel_path: str) -> str:
        """The real path, or the root itself; anything else is refused."""
        real = os.path.realpath(path)
        if real != self.real_root and os.path.commonpath([real, self.real_root]) != self.real_root:
            raise _outside(rel_path)
        return real


def _outside(rel_path: str) -> SiteError:
    return SiteError.single(rel_path, None, "would be written outside the output folder")


def update_site(outputs, out: Path, previous: dict[str, bytes]) -> dict[str, bytes]:
    """Bring a live folder (the preview's) up to date file by file: only what changed
    is written, each file through a temporary name and a rename, so a reader of the
    folder sees the old file or the new one, never half of one. -> the new contents."""
    out = Path(os.path.realpath(out))
    target_in = Targets(str(out))
    current = dict(outputs)
    for rel_path, data in current.items():
        old = previous.get(rel_path)
        if old is data or old == data:
            continue
        target = Path(target_in(rel_path))
        temp = target.parent / f".{target.name}.tmp-{os.getpid()}"
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            temp.write_bytes(data)
            os.replace(temp, target)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            raise _cannot_write(out / rel_path, exc) from None
    for rel_path in previous.keys() - current.keys():
        gone = Path(target_in(rel_path))
        gone.unlink(missing_ok=True)
        _remove_emptied(gone.parent, out)  # a renamed chapter's folder: its address answers 404
    return current


def _remove_emptied(folder: Path, out: Path) -> None:
    """The folder and those above it, up to the site's, while they are empty."""
    while folder != out and out in folder.parents:
        try:
            folder.rmdir()  # only an empty folder
        except OSError:
            return
        folder = folder.parent
