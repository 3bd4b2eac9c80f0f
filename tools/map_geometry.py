"""The geometry of tools/prepare_map.py: a panel's projection, the sources' rings read,
clipped to the panel, simplified and written as SVG path data.

Each panel is equirectangular, longitudes scaled by the cosine of its middle latitude;
rings are clipped to the panel (Sutherland-Hodgman), simplified (Douglas-Peucker) and
rounded to whole units of the panel's viewBox, then written with relative moves.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Panel:
    id: str
    title: dict
    west: float
    east: float
    south: float
    north: float
    width: int
    tolerance: float  # simplification, in viewBox units

    @property
    def scale(self) -> float:
        middle = math.radians((self.south + self.north) / 2)
        return self.width / ((self.east - self.west) * math.cos(middle))

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.scale)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        middle = math.radians((self.south + self.north) / 2)
        return (lon - self.west) * math.cos(middle) * self.scale, (self.north - lat) * self.scale


def frame(outer: Panel, inner: Panel) -> list[int]:
    """Where the inner panel lies in the outer one: [x, y, width, height]."""
    x0, y0 = outer.project(inner.west, inner.north)
    x1, y1 = outer.project(inner.east, inner.south)
    return [round(x0), round(y0), max(1, round(x1 - x0)), max(1, round(y1 - y0))]


def topojson_rings(path: Path, name: str) -> list[list[tuple[float, float]]]:
    """The outer rings of one TopoJSON object, as (lon, lat): arcs decoded and joined."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    (kx, ky), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * kx + tx, y * ky + ty))
        arcs.append(points)
    rings = []
    for geometry in topology["objects"][name]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            ring = []
            for index in polygon[0]:
                points = arcs[index] if index >= 0 else arcs[~index][::-1]
                ring.extend(points[1:] if ring else points)
            rings.append(ring)
    return rings


def rings_of(geometry: dict) -> list[list[tuple[float, float]]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon[:1]]  # outer rings: holes are too small


def clip(ring: list[tuple[float, float]], width: float, height: float, margin: float = 4):
    """Sutherland-Hodgman against the panel grown by margin (what lies outside is not drawn)."""
    edges = [
        (lambda p: p[0] >= -margin, lambda a, b: _cross_x(a, b, -margin)),
        (lambda p: p[0] <= width + margin, lambda a, b: _cross_x(a, b, width + margin)),
        (lambda p: p[1] >= -margin, lambda a, b: _cross_y(a, b, -margin)),
        (lambda p: p[1] <= height + margin, lambda a, b: _cross_y(a, b, height + margin)),
    ]
    for inside, cross in edges:
        points, ring = ring, []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    ring.append(cross(previous, current))
                ring.append(current)
            elif inside(previous):
                ring.append(cross(previous, current))
    return ring


def _cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def simplify(points, tolerance: float):
    """Douglas-Peucker, iteratively."""
    if len(points) < 3:
        return points
    keep, stack = {0, len(points) - 1}, [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        best, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length < 1e-9:  # a closed ring: its ends are one point
                distance = math.hypot(px - ax, py - ay)
            else:
                distance = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            if distance > best:
                best, index = distance, i
        if index is not None and best > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def path_data(rings, panel: Panel) -> str:
    """Rings of (lon, lat) -> SVG path data in the panel's whole units, moves relative."""
    parts = []
    for ring in rings:
        projected = clip([panel.project(lon, lat) for lon, lat in ring], panel.width, panel.height)
        points = simplify(projected, panel.tolerance)
        rounded = []
        for x, y in points:
            point = (round(x), round(y))
            if not rounded or point != rounded[-1]:
                rounded.append(point)
        if len(rounded) < 4 or abs(area(rounded)) < 12 * panel.tolerance**2:
            continue
        (x0, y0), steps = rounded[0], []
        for (ax, ay), (bx, by) in itertools.pairwise(rounded):
            steps.append(f"{bx - ax} {by - ay}")
        parts.append(f"M{x0} {y0}l" + " ".join(steps) + "z")
    return "".join(parts).replace(" -", "-")


def area(points) -> float:
    """The ring's signed area (shoelace)."""
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1], strict=True)) / 2


def contains(ring, point) -> bool:
    """Whether the point lies in the ring (even-odd rule)."""
    x, y = point
    inside = False
    for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside


def centroid(ring) -> tuple[float, float]:
    ring_area = area(ring)
    cx = sum(
        (a[0] + b[0]) * (a[0] * b[1] - b[0] * a[1]) for a, b in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    cy = sum(
        (a[1] + b[1]) * (a[0] * b[1] - b[0] * a[1]) for a, b in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    return cx / (6 * ring_area), cy / (6 * ring_area)
