"""Locator maps: content/data/maps/<id>.yaml, as tools/prepare_map.py writes them.

The panels are plain SVG path data and points already projected into each panel's
viewBox, so that the build needs nothing but the file; here they are checked, each
problem reported with its line.
"""

from __future__ import annotations

import re

from .data import UNUSABLE, DataFile, _reported, named_yaml
from .errors import Problems
from .mapmodel import LocatorMap, MapPanel, MapPlace, MapShape, MapSource
from .schema import Field, check_mapping, items_of

MAP_FIELDS = (
    Field("title", "localized", True),
    Field("description", "localized", True, "where the place is, in words: the map's text alternative"),
    Field("short", "localized", True, "the caption of the small version on the cover"),
    Field("note", "localized"),
    Field("sources", "raw", True, "a list of {name, url, what, licence}"),
    Field("panels", "raw", True, "made by tools/prepare_map.py"),
)
MAP_SOURCE_FIELDS = (
    Field("name", "localized", True),
    Field("url", "url", True),
    Field("what", "localized", True, "what the map takes from it"),
    Field("licence", "localized"),
    Field("licence_url", "url"),
    Field("via", "text"),
)
PANEL_FIELDS = (
    Field("id", "slug", True),
    Field("title", "localized", True),
    Field("size", "raw", True, "[width, height]"),
    Field("frame", "raw"),
    Field("shapes", "raw", True),
    Field("places", "raw", True),
)
SHAPE_FIELDS = (
    Field("kind", "text", True, "land, region or focus"),
    Field("d", "text", True, "SVG path data"),
)
PLACE_FIELDS = (
    Field("name", "localized", True),
    Field("at", "raw", True, "[x, y]"),
    Field("label", "text", True, "left, right or middle"),
    Field("kind", "text", True, "city, seat, focus or area"),
)
PATH_DATA_RE = re.compile(r"^(?:[MmLlHhVvZz]|-?\d+(?:\.\d+)?|[ ,])+\Z")
CHOICES = {
    SHAPE_FIELDS: {"kind": ("land", "region", "focus")},
    PLACE_FIELDS: {"kind": ("city", "seat", "focus", "area"), "label": ("left", "right", "middle")},
}


def _locator_map(file: DataFile, data, problems: Problems) -> LocatorMap | None:
    display, languages = file.display, file.languages
    values = check_mapping(data, MAP_FIELDS, display, problems, languages)
    if not all(f.name in values for f in MAP_FIELDS if f.required):
        return None
    sources = _entries(values["sources"], MAP_SOURCE_FIELDS, file, problems, "source: ")
    items = _items(values["panels"], file, problems)
    panels = [_panel(item, line, file, problems) for item, line in items]
    _check_panel_ids(panels, [line for _, line in items], file, problems)
    if problems.errors or not panels:
        return None
    sources = tuple(MapSource(**{k: v for k, v in entry.items() if k != "line"}) for entry in sources)
    return LocatorMap(
        file.stem, values["title"], values["description"], values["short"], values.get("note"),
        sources, tuple(panels), display,
    )  # fmt: skip


def _check_panel_ids(panels, lines: list[int], file: DataFile, problems: Problems) -> None:
    """A panel's id names its title and description for screen readers (aria-labelledby):
    a second panel with the same id was read out with the first one's."""
    seen: dict[str, int] = {}
    for panel, line in zip(panels, lines, strict=True):
        if panel is None:
            continue
        if panel.id in seen:
            problems.error(file.display, line, f"panel: id '{panel.id}' is also the id of the panel on line "
                           f"{seen[panel.id]}: give each panel an id of its own")  # fmt: skip
        seen.setdefault(panel.id, line)


def _items(value, file: DataFile, problems: Problems):
    items = items_of(value, file.display, problems, "this")
    return [(item, items.line_of(index)) for index, item in enumerate(items)]


def _entries(value, fields, file: DataFile, problems: Problems, what: str) -> list[dict]:
    """Each mapping of a list checked against fields; -> those complete, with their line."""
    found = []
    for item, line in _items(value, file, problems):
        values = check_mapping(item, fields, file.display, problems, file.languages, what, line)
        for key, allowed in CHOICES.get(fields, {}).items():
            if key in values and values[key] not in allowed:
                wanted = ", ".join(allowed)
                problems.error(
                    file.display, item.line_of(key), f"{key}: '{values[key]}' is not one of {wanted}"
                )
                values.pop(key)
        if "d" in values and not PATH_DATA_RE.match(values["d"]):
            problems.error(
                file.display, item.line_of("d"), "d: not SVG path data (M, L, H, V, Z and numbers)"
            )
            values.pop("d")
        if all(f.name in values for f in fields if f.required):
            found.append(values | {"line": line})
    return found


def _numbers(value, count: int, line: int, key: str, file: DataFile, problems: Problems):
    """[x, y] or [x, y, width, height]: whole numbers (of the panel's units), or None, reported."""
    if (
        isinstance(value, list)
        and len(value) == count
        and all(type(n) is int and abs(n) < 10_000 for n in value)
    ):
        return tuple(value)
    problems.error(file.display, line, f"{key}: should be a list of {count} whole numbers")
    return None


def _panel(item, line: int, file: DataFile, problems: Problems) -> MapPanel | None:
    values = check_mapping(item, PANEL_FIELDS, file.display, problems, file.languages, "panel: ", line)
    if not all(f.name in values for f in PANEL_FIELDS if f.required):
        return None
    size = _numbers(values["size"], 2, item.line_of("size"), "size", file, problems)
    if size and min(size) <= 0:
        problems.error(file.display, item.line_of("size"), "size: width and height must be more than 0")
        size = None
    frame = None
    if "frame" in values:
        frame = _numbers(values["frame"], 4, item.line_of("frame"), "frame", file, problems)
    shapes = _entries(values["shapes"], SHAPE_FIELDS, file, problems, "shape: ")
    places = []
    for entry in _entries(values["places"], PLACE_FIELDS, file, problems, "place: "):
        at = _numbers(entry["at"], 2, entry["line"], "at", file, problems)
        if at and size and not (0 <= at[0] <= size[0] and 0 <= at[1] <= size[1]):
            problems.error(
                file.display, entry["line"], f"place: {list(at)} is outside the panel's size {list(size)}"
            )
        elif at:
            places.append(MapPlace(entry["name"], at[0], at[1], entry["label"], entry["kind"]))
    if size is None:
        return None
    return MapPanel(
        values["id"], values["title"], size[0], size[1],
        tuple(MapShape(s["kind"], s["d"]) for s in shapes), tuple(places), frame,
    )  # fmt: skip


def _load_map(file: DataFile, problems: Problems) -> LocatorMap | None:
    data = named_yaml(file, problems, "heze.yaml")
    if data is UNUSABLE:
        return None
    return _locator_map(file, data, problems)


load_map = _reported(_load_map)
