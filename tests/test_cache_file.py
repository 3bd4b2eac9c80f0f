"""The cache file: whatever lies in its place (garbage, half a file, a pipe, a file
planted by someone else) is never trusted, and the build comes out as from nothing."""

from __future__ import annotations

import os
import pickle
import struct
from pathlib import Path

import pytest
from projects import snapshot
from test_cache import cold_build


@pytest.fixture(autouse=True)
def own_cache(monkeypatch):
    """These tests look at the project's own cache folder, `.storysite-cache/`."""
    monkeypatch.delenv("STORYSITE_CACHE", raising=False)


@pytest.mark.parametrize("corrupt", [b"not a pickle at all", b""], ids=["garbage", "empty"])
def test_a_corrupt_cache_is_ignored(project, tmp_path, corrupt):
    project.build()
    cache_file = project.root / ".storysite-cache" / "results.cache"
    cache_file.write_bytes(corrupt)
    project.edit("content/one.en.md", "First fact", "The first fact")
    project.build()
    assert snapshot(project.out) == cold_build(project, tmp_path / "cold")


class _Payload:
    """What a planted cache file holds: unpickling it opens (creates) a file."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


@pytest.mark.parametrize("planted", ["writable by others", "another user's"])
def test_a_cache_file_someone_else_could_have_written_is_never_unpickled(project, tmp_path, planted):
    """Unpickling runs code: a results.cache planted in a shared STORYSITE_CACHE folder
    ran what it held in every later build and check."""
    project.build()
    cache_file = project.root / ".storysite-cache" / "results.cache"
    magic, version, _ = cache_file.read_bytes().split(b"\n", 2)
    header = magic + b"\n" + version + b"\n"
    ran = tmp_path / "ran"
    cache_file.write_bytes(
        header + pickle.dumps(_Payload(ran)) + struct.pack("<Q8s", len(header), b"cache ok")
    )
    if planted == "writable by others":
        cache_file.chmod(0o666)
    elif os.geteuid() == 0:
        os.chown(cache_file, 65534, 65534)
    else:
        pytest.skip("only root can give a file to another user")
    project.edit("content/one.en.md", "First fact", "The first fact")
    project.build()
    assert not ran.exists()
    assert snapshot(project.out) == cold_build(project, tmp_path / "cold")


def test_a_cache_file_that_cannot_be_mapped_is_read_or_ignored_never_waited_on(project, tmp_path):
    """A named pipe in the cache file's place can be neither mapped nor waited for: the
    build reads it as empty, builds as from nothing, and puts a cache file back."""
    project.build()
    cache_file = project.root / ".storysite-cache" / "results.cache"
    cache_file.unlink()
    os.mkfifo(cache_file)
    project.edit("content/one.en.md", "First fact", "The first fact")
    project.build()
    assert snapshot(project.out) == cold_build(project, tmp_path / "cold")
    assert cache_file.is_file() and not cache_file.is_fifo()


def test_a_cache_file_cut_short_is_ignored_and_written_whole_again(project, tmp_path):
    """A save cut off part-way (a full disk, a copy interrupted) is never half trusted."""
    project.build()
    cache_file = project.root / ".storysite-cache" / "results.cache"
    whole = cache_file.read_bytes()
    cache_file.write_bytes(whole[: len(whole) // 2])
    project.edit("content/one.en.md", "First fact", "The first fact")
    project.build()
    assert snapshot(project.out) == cold_build(project, tmp_path / "cold")
    assert cache_file.stat().st_size > len(whole) // 2
