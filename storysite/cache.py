"""Results of earlier work, keyed by the digest of everything that produced them.

A key is the digest of *all* the inputs of a result (the text, the settings, the
templates, the generator's own code), so an entry can never be stale: when any
input changes, the key changes and the old entry is simply never asked for.
Entries live in memory for the preview server and, for builds, in
`.storysite-cache/cache.pickle` at the project root, replaced atomically.
A cache folder that is unreadable, corrupt or from another version is ignored,
never trusted: the build then does the work again.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from importlib import metadata
from pathlib import Path

CACHE_DIR_NAME = ".storysite-cache"
FILE_NAME = "cache.pickle"
MARKER = "CACHEDIR.TAG"  # the standard tag: backup tools skip the folder
MARKER_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n# The storysite build cache: safe to delete at any time.\n"
)
SAVED_ROOM = 3  # a saved cache may hold three times what one run uses
FORGET_SLACK = 256  # entries: sorting out a few stale ones on every preview save costs more than keeping them
LIBRARIES = ("jinja2", "markdown", "nh3", "babel", "pyyaml")


def digest(*parts: str | bytes) -> str:
    """One short, stable digest of several strings or byte strings."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def join_key(*parts: str) -> str:
    """A key made of parts that are already short and cannot hold the separator
    (digests, paths, slugs, repr() output): cheaper than hashing them again."""
    return "\x1f".join(parts)


def _generator_version() -> str:
    """Our own source code and the libraries that shape the output: a change to either
    changes every key."""
    package = Path(__file__).parent
    sources = [path.read_bytes() for path in sorted(package.glob("*.py"))]
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return digest(*sources, *versions)


GENERATOR_VERSION = _generator_version()


class Cache:
    """get/put by (kind, key); `save()` keeps exactly what this run used.

    On disk the cache is one file, read whole at the first lookup and replaced
    whole on save: one sequential read and write cost far less than thousands of
    small files. Saving keeps only the entries this run asked for, so the cache
    never outgrows the site.
    """

    def __init__(self, folder: Path | None = None, writable: bool = True):
        self.folder = folder
        self.writable = writable and folder is not None
        self.memory: dict[tuple[str, str], object] | None = None if folder else {}
        self.used: set[tuple[str, str]] = set()
        self.changed = False
        # For a long-lived process only, never saved: what stays valid only as long as
        # file stamps say so (files read, by path and mtime).
        self.scratch: dict[str, dict] = {}
        self._same: dict[str, SameObjects] = {}
        self.lives_on = False  # set by a long-lived process (the preview): see same_objects()

    def same_objects(self, name: str) -> SameObjects:
        """The results of one kind of work, kept by the identity of what it was given.
        Only a cache that lives on keeps them: a one-off build is never handed the same
        objects twice, and keeping them would only cost memory and collector time."""
        if not self.lives_on:
            return FORGETFUL
        if name not in self._same:
            self._same[name] = SameObjects(self)
        return self._same[name]

    @property
    def file(self) -> Path | None:
        return self.folder / FILE_NAME if self.folder else None

    def get(self, kind: str, key: str):
        """The stored value, or None."""
        self.used.add((kind, key))
        return self._entries().get((kind, key))

    def put(self, kind: str, key: str, value) -> None:
        self._entries()[(kind, key)] = value
        self.used.add((kind, key))
        self.changed = True

    def forget_unused(self, room: int = 1) -> None:
        """Drop what this run did not ask for, once the cache holds more than `room` times
        what it used. The preview server keeps only its own (room 1); a saved cache keeps
        room for the entries of builds, of `check` and of the preview, which differ."""
        for memo in self._same.values():
            memo.new_round()
        entries = self._entries()
        if len(entries) > room * len(self.used) + FORGET_SLACK:
            for key in entries.keys() - self.used:
                del entries[key]
            self.changed = True
        self.used = set()

    def save(self) -> None:
        if self.used:  # else the last run has been tidied already (the preview's, after each save)
            self.forget_unused(room=SAVED_ROOM)
        if not self.writable or not self.changed:
            return
        try:
            self._write()
            self.changed = False
        except OSError:
            pass  # a cache that cannot be written only costs time on the next run

    def _entries(self) -> dict:
        if self.memory is None:
            self.memory = self._read()
        return self.memory

    def _read(self) -> dict:
        try:
            with open(self.file, "rb") as handle:
                stored = _load_frozen(handle)
        except (
            OSError,
            EOFError,
            pickle.UnpicklingError,
            AttributeError,
            ImportError,
            ValueError,
            TypeError,
        ):
            return {}
        if not isinstance(stored, dict) or stored.get("version") != GENERATOR_VERSION:
            return {}
        return stored["entries"]

    def _write(self) -> None:
        self.folder.mkdir(exist_ok=True)
        for name, text in ((MARKER, MARKER_TEXT), (".gitignore", "*\n")):
            if not (self.folder / name).exists():
                (self.folder / name).write_text(text, encoding="utf-8")
        for leftover in self.folder.glob(".tmp-*"):  # from a build that was killed while saving
            leftover.unlink(missing_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                stored = {"version": GENERATOR_VERSION, "entries": self.memory}
                pickle.dump(stored, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.file)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _load_frozen(handle):
    """pickle.load, for a cache that lives as long as the process: the collector would
    walk its millions of objects while they load and on every full collection after;
    loaded, they are frozen out of its way instead."""
    gc.disable()
    try:
        return pickle.load(handle)
    finally:
        gc.enable()
        gc.freeze()


MISSING = object()


class SameObjects:
    """Results derived from objects that a long-lived process is handed again unchanged.

    The preview keeps what it read, parsed and rendered from every file not saved
    since, so on a save nearly all the objects a stage receives are the very objects
    of the last save. A result derived from them (and from a few plain values) is
    found by their identity, a pointer comparison, where a content key would cost a
    digest or a repr of them. What a round (one build) did not ask for is dropped
    once it outnumbers what it did, so memory stays within two builds' worth.
    """

    def __init__(self, cache: Cache | None = None):
        self.cache = cache  # whose entries the results also live in, if any
        self._kept: dict[tuple, list] = {}  # key -> [objects, result, cached_as, round]
        self._round = 0
        self._asked = 0  # results found or kept in this round

    def find(self, objects: tuple, values: tuple = ()):
        """The result kept for these very objects and equal values, or MISSING."""
        kept = self._kept.get((id(objects[0]) if len(objects) == 1 else tuple(map(id, objects)), values))
        if kept is None:
            return MISSING
        kept[3] = self._round
        self._asked += 1
        if kept[2]:  # found here, it still counts as used there: the cache saved keeps it
            self.cache.used.add(kept[2])
        return kept[1]

    def keep(self, objects: tuple, values: tuple, result, cached_as: tuple[str, str] | None = None) -> None:
        """cached_as: the result's (kind, key) in the cache, when it is there too."""
        # The objects are kept alive with the result, so no new object can take their ids.
        key = (id(objects[0]) if len(objects) == 1 else tuple(map(id, objects)), values)  # as find() makes it
        self._kept[key] = [objects, result, cached_as, self._round]
        self._asked += 1

    def get(self, objects: tuple, values: tuple, compute):
        """find(), or compute() and keep the result."""
        result = self.find(objects, values)
        if result is MISSING:
            result = compute()
            self.keep(objects, values, result)
        return result

    def new_round(self) -> None:
        if len(self._kept) > 2 * self._asked:
            self._kept = {key: kept for key, kept in self._kept.items() if kept[3] == self._round}
        self._round += 1
        self._asked = 0


class _Forgetful(SameObjects):
    """Finds nothing, keeps nothing."""

    def find(self, objects: tuple, values: tuple = ()):
        return MISSING

    def keep(self, objects: tuple, values: tuple, result, cached_as=None) -> None:
        pass


FORGETFUL = _Forgetful()


def project_cache(project: Path, writable: bool = True) -> Cache:
    """The cache of a project; STORYSITE_CACHE=off turns it off."""
    if os.environ.get("STORYSITE_CACHE", "").lower() in ("off", "0", "no"):
        return Cache(None)
    return Cache(project / CACHE_DIR_NAME, writable)
