"""Replacing the output folder in one step, and clearing away what a killed build left.

The hidden folders beside the output that a build writes into (`.<name>.tmp-PID`) and
clears out (`.<name>.old-PID`) hold a marker, so that one a killed build left behind
is recognised as the generator's and removed by the next build, and nothing else is.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import stat
from pathlib import Path

MARKER = ".storysite-output"  # in a staging folder: made by the generator; beside the output folder
LOCK = ".storysite-lock"  # beside the output folder, held while a build writes it
RENAME_EXCHANGE = 2


def swap_in(staging: Path, out: Path) -> None:
    """Replace out with staging; atomically where the kernel can exchange two folders."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        _mark(staging)  # it now holds the old site, which the caller removes
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)
    _mark(old)
    os.rename(staging, out)
    remove_output_folder(old)


def folder_identity(folder: Path) -> tuple[int, int] | None:
    """Which folder a path names now: a swap puts another folder at the same path."""
    try:
        status = os.stat(folder)
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


def _mark(folder: Path) -> None:
    """Say that a hidden folder beside the output is ours: a build killed before it is
    removed leaves it recognisable to the next, which removes it."""
    with contextlib.suppress(OSError):
        _even_if_read_only(_write_marker, folder)


def _write_marker(folder: Path) -> None:
    (folder / MARKER).write_text("made by storysite; being removed\n", encoding="utf-8")


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def clean_leftovers(out: Path) -> None:
    """Remove staging folders that a killed build left behind: only ours, which hold
    the marker, or are empty (killed before the marker was written, or just after
    the last file of one was removed)."""
    if not out.parent.is_dir():
        return
    for prefix in (f".{out.name}.tmp-", f".{out.name}.old-"):
        for leftover in out.parent.glob(prefix + "*"):
            if leftover.is_symlink() or not leftover.is_dir():
                continue
            if (leftover / MARKER).exists():
                remove_output_folder(leftover)
            elif not any(leftover.iterdir()):
                with contextlib.suppress(OSError):
                    leftover.rmdir()


def remove_output_folder(folder: Path) -> None:
    """Delete a folder this generator made, its marker last: a removal cut short
    leaves a folder that is still recognisably ours, so the next build finishes it."""
    if not folder.is_dir():
        return
    with contextlib.suppress(OSError):  # what cannot be removed now, the next build removes
        _even_if_read_only(_remove_contents, folder)
        (folder / MARKER).unlink(missing_ok=True)
        folder.rmdir()


def _remove_contents(folder: Path) -> None:
    for entry in folder.iterdir():
        if entry.name == MARKER:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink(missing_ok=True)


def _even_if_read_only(action, folder: Path) -> None:
    """action(folder), and once more with its folders writable by their owner if a
    permission refused it: a site left read-only (by a deploy tool) was left beside the
    output for good. Only ever a folder this generator made and is removing."""
    try:
        action(folder)
    except PermissionError:
        _writable(folder)
        action(folder)


def _writable(folder: Path) -> None:
    for root, _, _ in os.walk(folder, followlinks=False):
        os.chmod(root, os.stat(root).st_mode | stat.S_IRWXU)


class Busy(Exception):
    """Another build is writing this output folder."""


@contextlib.contextmanager
def sole_writer(out: Path):
    """Held while a build clears leftovers beside `out`, writes and swaps: a second build
    of the same folder meanwhile would take the first's hidden folder for a leftover
    and remove it. A lock file beside the folder, removed by the build that holds it;
    the lock ends with its process, even a killed one."""
    try:
        import fcntl
    except ImportError:  # no advisory locks: builds of one folder must not overlap
        yield
        return
    path = out.parent / f".{out.name}{LOCK}"
    while True:
        lock = open(path, "a+b")  # noqa: SIM115 (held across the yield, closed below)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise Busy(out) from None
        if _same_file(lock, path):
            break  # else the build before removed it between our open and our lock: again
        lock.close()
    try:
        yield
    finally:
        path.unlink(missing_ok=True)  # while held: the next build makes a new one
        lock.close()


def _same_file(opened, path: Path) -> bool:
    try:
        return os.fstat(opened.fileno()).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False
