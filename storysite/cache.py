"""The one way results are reused: by the fingerprint of what they were made from.

Every stage that reuses work calls `Cache.map(function, inputs)`: each result is
keyed by the fingerprint of the function and of its input (and of the
generator's own code and libraries, GENERATOR_VERSION), looked up, and only the
misses are computed, on every core when asked. The function is a module-level
function of plain data, so what a result depends on is exactly what its key
holds: a cached result cannot be stale, only absent.

Entries live in memory for a long-lived process (the preview) and, for builds,
in `.storysite-cache/results.cache` at the project root (or the folder that
STORYSITE_CACHE names: keys hold everything, so projects may share one), replaced
atomically (cachefile.py). A cache file that is unreadable, corrupt or from another
version is ignored, never trusted: the build then does the work again. The cache
also holds the project's FileReader (files.py), the one place that decides whether
a file changed.
"""

from __future__ import annotations

import functools
import itertools
import operator
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import cachefile
from .cachefile import CACHE_DIR_NAME
from .files import FileReader
from .fingerprint import Fingerprinter, digest, digest_bytes
from .parallel import Jobs, start_jobs
from .pending import InThread, Pending

SAVED_ROOM = 3  # a saved cache may hold three times what one run uses (builds, check, preview)
FORGET_SLACK = 256  # entries: sorting out a few on every preview save costs more than keeping them
GROUP_SIZE = 64  # items a group (see Cache.map_groups)
LIBRARIES = (
    "jinja2",
    "markdown",
    "nh3",
    "babel",
    "pyyaml",
    "pillow",
    "opencc",
    "pagefind",
    "pagefind_bin",
    "pagefind_bin_extended",
)  # the last two: Pagefind's binary, installed apart from its package
_ABSENT = object()


def _generator_version() -> str:
    """Our own source code and data (the cards' fonts), and the libraries that shape the
    output: a change to any changes every key."""
    package = Path(__file__).parent
    sources = [path.read_bytes() for path in sorted([*package.glob("*.py"), *package.glob("fonts/*")])]
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    versions.append(f"python={sys.version}")  # compiled templates are Python code
    return digest_bytes(*sources, *(version.encode() for version in versions))


GENERATOR_VERSION = _generator_version()


def result_keys(function: Callable, inputs: Sequence, common=None) -> list[str]:
    """The key each input's result is kept under by Cache.map: the fingerprint of all it
    is made from (the function, its code, common and the input)."""
    fingerprint = Fingerprinter()
    salt = digest(GENERATOR_VERSION, fingerprint(function), fingerprint(common))
    return list(map(salt.__add__, fingerprint.items(inputs)))  # a fixed-length salt: no clash


def _with_common(function: Callable, common, item):
    return function(item, common)


def itself(value):
    """For Cache.map: the value already kept that equals this one (see Cache.intern)."""
    return value


class Cache:
    """Results by key, and the project's file reader; `save()` keeps what recent runs used."""

    def __init__(
        self, project: Path, folder: Path | None = None, writable: bool = True, refused: bool = False
    ):
        self.files = FileReader(project)
        self.folder = folder
        self.writable = writable and folder is not None and not refused
        self.refused = refused  # the folder holds what the cache did not make: only read
        self.unsaved: str | None = None  # why the last save failed, for the build to say
        self._entries: dict[str, object] = {}  # results in memory, by key
        # Results read from the cache file, each pickled on its own and unpickled only
        # when looked up: a run holds in memory what it uses, in the order it uses it,
        # not every entry of every kind of run; and saving reuses these bytes as they are.
        self._stored: dict[str, bytes | memoryview] | None = None if folder else {}
        self._in_memory_only: set[str] = set()
        self.used: set[str] = set()
        self.changed = False

    def map(
        self, function: Callable, inputs: Sequence, common=None, parallel: int = 0, keep: bool = True
    ) -> list:
        """[function(x) for x in inputs] (function(x, common) when common is given), each
        result reused if computed before from equal arguments. parallel: compute the
        misses on every core, given at least this many each (parallel.MANY_SMALL or
        FEW_COSTLY); 0: in this process. keep=False: the results live in memory only
        (they cannot be pickled, or are cheap to remake)."""
        return self.begin_map(function, inputs, common, parallel, keep).results()

    def begin_map(
        self, function: Callable, inputs: Sequence, common=None, parallel: int = 0, keep=True, yielding=False
    ) -> Pending:
        """map() begun: with parallel, the workers compute the misses while the caller
        goes on (yielding: at a lower priority than the caller and any other process);
        Pending.results() then waits for them and returns what map() would have."""
        lookup = self._look_up(function, inputs, common)
        missing, function = lookup.missing, lookup.function
        store = functools.partial(self._store, lookup, keep=keep)
        if parallel and missing:
            # The first in this process: what it sets up lazily (a configured Markdown,
            # compiled templates, Babel's locale data) is then inherited by every worker.
            first = function(inputs[missing[0]])
            rest = start_jobs(
                lambda job: function(inputs[missing[job + 1]]), len(missing) - 1, parallel, yielding
            )
            return Pending(rest, store, [first])
        computed = [function(inputs[index]) for index in missing]
        return Pending(Jobs(lambda: computed), store)

    def start(self, function: Callable, inputs: Sequence) -> Pending:
        """map() for work that another process does (Pagefind): looked up now, the misses
        computed in a thread while the caller goes on; Pending.results() waits for them,
        stores them and returns what map() would have."""
        lookup = self._look_up(function, inputs, None)
        work = InThread(lambda: [lookup.function(inputs[index]) for index in lookup.missing])
        return Pending(work, functools.partial(self._store, lookup, keep=True))

    def _look_up(self, function: Callable, inputs: Sequence, common) -> Lookup:
        keys = result_keys(function, inputs, common)
        if common is not None:
            function = functools.partial(_with_common, function, common)
        # Loops of C: a save looks up some 25,000 keys at N = 1,000, nearly all found.
        results = list(map(self._entries.get, keys, itertools.repeat(_ABSENT)))
        missing = _absent(results)
        if missing:
            self._unpickle_stored(keys, results, missing)
            missing = _absent(results)
        self.used.update(keys)
        return Lookup(function, keys, results, missing)

    def _store(self, lookup: Lookup, computed: list, keep: bool) -> list:
        results, keys = lookup.results, lookup.keys
        for index, result in zip(lookup.missing, computed, strict=True):
            results[index] = self._entries[keys[index]] = result
            if not keep:
                self._in_memory_only.add(keys[index])
        self.changed = self.changed or (
            keep and bool(lookup.missing)
        )  # what lives in memory only is not saved
        return results

    def map_groups(self, function: Callable, *columns: Sequence, common=None) -> list:
        """[function(group, common)...] over the columns (sequences of equal length, such as
        chapters and their share images) a group of GROUP_SIZE rows at a time, flattened:
        a group is a tuple of each column's slice, and function returns a tuple of a
        result per row. For a step that is cheap for one row but is taken for every
        chapter on every save: a save keys a few groups (columns of values that keep
        their fingerprints) instead of a thousand new values, and gets back the very
        objects it made before, which keep theirs, for every group but the changed one.
        The results live in memory only."""
        rows = len(columns[0])
        groups = [
            tuple(tuple(column[start : start + GROUP_SIZE]) for column in columns)
            for start in range(0, rows, GROUP_SIZE)
        ]
        return list(itertools.chain.from_iterable(self.map(function, groups, common, keep=False)))

    def _unpickle_stored(self, keys: list[str], results: list, missing: list[int]) -> None:
        """Fill in, from the cache file, the results not yet in memory (as they were)."""
        stored = self._stored_entries()
        for index in missing:
            key = keys[index]
            if key in stored:
                value = _unpickled(stored[key])
                if value is _ABSENT:
                    del stored[key]  # unreadable: never trusted, made again, and not saved again
                    self.changed = True
                else:
                    results[index] = self._entries[key] = value

    def results(self) -> list:
        """Every result the cache holds, in memory or in its file (to look into it)."""
        keys = sorted(self._entries.keys() | self._stored_entries().keys())
        values = [self._entries.get(key, _ABSENT) for key in keys]
        self._unpickle_stored(keys, values, _absent(values))
        return [value for value in values if value is not _ABSENT]

    def is_empty(self) -> bool:
        """Whether it holds no result at all: a build from nothing."""
        return not self._entries and not self._stored_entries()

    def intern(self, value):
        """An equal value kept from before, else this one: what is derived from it and
        kept with it (compiled templates, a configured Markdown) is then made once."""
        return self.map(itself, [value], keep=False)[0]

    def forget_unused(self, room: int = 1) -> None:
        """Drop what this run did not use, once the cache holds more than `room` times
        what it used. The preview keeps only its own (room 1); a saved cache keeps room
        for the entries of builds, of `check` and of the preview, which differ."""
        entries, stored = self._entries, self._stored_entries()
        allowed = room * len(self.used) + FORGET_SLACK
        # The sum bounds the union, which takes a set of every key to count.
        if len(entries) + len(stored) > allowed and len(entries.keys() | stored.keys()) > allowed:
            for key in entries.keys() - self.used:
                del entries[key]
            for key in stored.keys() - self.used:
                del stored[key]
            self._in_memory_only &= entries.keys()
            self.changed = True
        self.used = set()

    def save(self) -> None:
        if self.used:
            self.forget_unused(room=SAVED_ROOM)
        if not self.writable or not self.changed:
            return
        try:
            self._write()
            self.changed = False
        except OSError as exc:  # it only costs time on the next run; the build says so
            self.unsaved = exc.strerror or str(exc)

    def _stored_entries(self) -> dict[str, bytes | memoryview]:
        if self._stored is None:
            self._stored = self._read()
        return self._stored

    def _read(self) -> dict[str, bytes | memoryview]:
        return cachefile.read_entries(self.folder, GENERATOR_VERSION)

    def _write(self) -> None:
        stored = self._stored_entries()  # as read: unchanged results are not pickled again
        fresh = (
            (key, value)
            for key, value in self._entries.items()
            if key not in stored and key not in self._in_memory_only
        )
        cachefile.write_entries(self.folder, GENERATOR_VERSION, stored.items(), fresh)


@dataclass(frozen=True)
class Lookup:
    """What Cache.map found: each input's key and result (_ABSENT where missing)."""

    function: Callable  # of one input
    keys: list[str]
    results: list
    missing: list[int]  # the indexes of the inputs to compute


def _absent(results: list) -> list[int]:
    """The indexes of the results not found."""
    return list(itertools.compress(itertools.count(), map(operator.is_, results, itertools.repeat(_ABSENT))))


def _unpickled(data: bytes):
    """A stored result, or _ABSENT if it cannot be read back (a class since renamed)."""
    try:
        return pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError, IndexError):
        return _ABSENT


def project_cache(project: Path, writable: bool = True) -> Cache:
    """The cache of a project: in `.storysite-cache/`, or in the folder STORYSITE_CACHE
    names (one folder may serve many projects: a key holds all a result came from);
    STORYSITE_CACHE=off turns it off."""
    chosen = os.environ.get("STORYSITE_CACHE", "")
    if chosen.lower() in ("off", "0", "no"):
        return Cache(project, None)
    if not chosen:
        return Cache(project, project / CACHE_DIR_NAME, writable)  # ours by its name
    folder = Path(chosen).resolve()
    return Cache(project, folder, writable, refused=writable and not cachefile.ours_or_new(folder))
