"""A locator map as its file describes it: panels of shapes and places, and the open
datasets it was drawn from (read and checked by mapdata.py, drawn by maps.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MapShape:
    kind: str  # "land" (other countries), "region" (China's provinces), "focus" (highlighted)
    d: str  # SVG path data in the panel's viewBox units


@dataclass(frozen=True)
class MapPlace:
    name: dict[str, str]
    x: int
    y: int
    label: str  # where its name goes: "left", "right" or "middle" (an area's name, no dot)
    kind: str  # "city", "seat", "focus" or "area"


@dataclass(frozen=True)
class MapPanel:
    id: str
    title: dict[str, str]
    width: int
    height: int
    shapes: tuple[MapShape, ...]
    places: tuple[MapPlace, ...]
    frame: tuple[int, int, int, int] | None = None  # x, y, width, height of the next panel's area


@dataclass(frozen=True)
class MapSource:
    name: dict[str, str]
    url: str
    what: dict[str, str]  # what the map takes from it
    licence: dict[str, str] | None = None
    licence_url: str | None = None
    via: str | None = None  # the package the copy used came from


@dataclass(frozen=True)
class LocatorMap:
    id: str
    title: dict[str, str]
    description: dict[str, str]  # the text alternative: where the place is, in words
    short: dict[str, str]  # the caption of the small version
    note: dict[str, str] | None
    sources: tuple[MapSource, ...]
    panels: tuple[MapPanel, ...]
    display: str
