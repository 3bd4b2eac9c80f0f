"""The digest of a value: what every cached result is keyed by.

A cached result is keyed by the fingerprint of the very value it is computed
from (a page's template context, a Markdown body and its rendering settings), so
nothing a result depends on can be left out of its key by oversight. Plain data
only: text, numbers, dates, paths, enums, tuples, lists, dicts, sets, frozen
dataclasses and module-level functions (their code is in every key, see
cache.GENERATOR_VERSION). Anything else (a lambda, an open file, a Jinja
environment) raises TypeError: a value that cannot be keyed must not reach a
cached stage.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import operator
import types
from collections.abc import Callable, Sequence
from pathlib import PurePath

CACHED = "_fingerprint_cached"  # where a frozen dataclass keeps its own fingerprint
_kept_fingerprint = operator.attrgetter(CACHED)
_NOTHING: dict = {}


def digest(*parts: str) -> str:
    """One short, stable digest of several strings. Their repr() tells them apart
    unambiguously (quoted, escaped) and is made in one pass of C."""
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def digest_bytes(*parts: bytes) -> str:
    """One short, stable digest of byte strings (a file's contents, whole)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return hasher.hexdigest()


class Fingerprinter:
    """fingerprint(value) -> str. Containers met again in one pass (the chapter list
    every page of an edition is given) are digested once: remembered by identity for
    as long as this object lives, which is one stage of one build, and kept alive
    meanwhile so that no other object can take their id."""

    def __init__(self):
        self._seen: dict[int, tuple[object, str]] = {}

    def __call__(self, value) -> str:
        kind = type(value)
        if kind is str:  # the commonest by far: inlined
            return "s" + value if len(value) < 64 else digest("s", value)
        leaf = LEAVES.get(kind)
        if leaf is not None:
            return leaf(value)
        if kind is tuple or kind is list or kind is dict or kind is types.MethodType:
            return self._remembered(value)
        fields = FIELDS.get(kind)
        if fields is not None:  # a dataclass met before: straight to its fields
            return value.__dict__.get(CACHED) or self._dataclass(value, fields)
        return self._other(value)

    def _remembered(self, value) -> str:
        seen = self._seen.get(id(value))
        if seen is not None:
            return seen[1]
        result = self._container(value)
        self._seen[id(value)] = (value, result)
        return result

    def _container(self, value) -> str:
        if isinstance(value, types.MethodType):
            return digest("B", self(value.__self__), value.__func__.__qualname__)
        if isinstance(value, (tuple, list)):
            return digest("T" if isinstance(value, tuple) else "L", *self.items(value))
        if isinstance(value, (dict, types.MappingProxyType)):
            return digest("M", *(part for item in value.items() for part in map(self, item)))
        if isinstance(value, (set, frozenset)):
            return digest("S", *sorted(map(self, value)))
        raise _unkeyable(value)

    def items(self, items: Sequence) -> list[str]:
        """Each item's fingerprint. A save's lists are new, but most of their items are
        frozen dataclasses that already hold theirs: when the first does, all are read in
        one pass of C (a tenth of the cost); otherwise, or when one further on does not,
        each item that holds one is read and only the others are digested."""
        if items and CACHED in getattr(items[0], "__dict__", _NOTHING):
            try:
                return list(map(_kept_fingerprint, items))
            except AttributeError:
                pass
        return [
            kept[CACHED] if CACHED in (kept := getattr(item, "__dict__", _NOTHING)) else self(item)
            for item in items
        ]

    def _other(self, value) -> str:
        cached = getattr(value, "__dict__", _NOTHING).get(CACHED)
        if cached is not None:
            return cached
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self._dataclass(value, FIELDS.setdefault(type(value), _fields_of(type(value))))
        if isinstance(value, enum.Enum):
            return digest("E", type(value).__qualname__, value.name)
        if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
            return _function(value)
        if isinstance(value, types.MethodType):
            return self._remembered(value)
        for base, leaf in LEAVES.items():  # subclasses: a Path, a YAML mapping
            if isinstance(value, base):
                return leaf(value)
        return self._container(value)

    def _dataclass(self, value, fields: Callable[[object], tuple]) -> str:
        kind = type(value)
        result = digest("D", kind.__qualname__, *map(self, fields(value)))
        if kind.__dataclass_params__.frozen:  # its fields never change: keep it with them
            object.__setattr__(value, CACHED, result)
        return result


# A dataclass's fields, read in one call (a class's fields never change: looked up once)
FIELDS: dict[type, Callable[[object], tuple]] = {}


def _fields_of(kind: type) -> Callable[[object], tuple]:
    names = [field.name for field in dataclasses.fields(kind)]
    if len(names) == 1:
        return lambda value: (getattr(value, names[0]),)
    return operator.attrgetter(*names) if names else lambda value: ()


def _function(value) -> str:
    name = getattr(value, "__qualname__", "")
    if "<" in name:  # a lambda or a nested function: it may hold any value, unseen
        raise _unkeyable(value)
    return digest("F", getattr(value, "__module__", "") or "", name)


def _unkeyable(value) -> TypeError:
    return TypeError(
        f"a {type(value).__name__} cannot be part of a cache key; give the stage plain data "
        "(text, numbers, tuples, dicts, frozen dataclasses, module-level functions)"
    )


LEAVES = {
    str: lambda value: "s" + value if len(value) < 64 else digest("s", value),
    bool: lambda value: "b" + str(value),
    int: lambda value: "i" + str(value),
    float: lambda value: "f" + repr(value),
    type(None): lambda value: "n",
    bytes: lambda value: "y" + digest_bytes(value),
    dt.date: lambda value: "d" + value.isoformat(),
    dt.datetime: lambda value: "t" + value.isoformat(),
    PurePath: lambda value: "p" + str(value),
}


def fingerprint(value) -> str:
    """The fingerprint of one value, on its own."""
    return Fingerprinter()(value)
