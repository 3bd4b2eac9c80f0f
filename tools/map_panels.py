"""What each panel of tools/prepare_map.py's map shows: its extent, the land and provinces
drawn, the places marked and the provinces named, from the sources' files.

The Chinese names are Natural Earth's (provinces) and the standard names of Heze's
districts and counties. GeoNames does not list the seat of Cao County: its position is
English Wikipedia's.
"""

from __future__ import annotations

import json
from pathlib import Path

from map_geometry import Panel, area, centroid, clip, contains, frame, path_data, rings_of, topojson_rings

# ISO 3166-2 -> the English name shown, and where (lon, lat) in the closer view; None: at the
# middle of the part shown. Each place given is checked to lie in its province.
PROVINCES = {
    "CN-SD": ("Shandong", (116.55, 35.88)),
    "CN-HA": ("Henan", (114.8, 34.5)),
    "CN-JS": ("Jiangsu", (116.72, 34.58)),
    "CN-AH": ("Anhui", None),
    "CN-HE": ("Hebei", None),
}

CHINA = Panel("china", {"en": "China", "zh": "中国"}, 73.0, 135.5, 17.5, 54.0, 320, 1.6)
HEZE = Panel(
    "heze", {"en": "Heze and its neighbors", "zh": "菏泽及周边"}, 114.45, 116.85, 34.35, 36.0, 320, 1.0
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
        if sum(abs(area(ring)) for ring in rings) < least_area:
            continue
        english, given = PROVINCES[props["iso_3166_2"]]
        if given:
            x, y = panel.project(*given)
            assert any(contains(ring, (x, y)) for ring in rings), f"{english}: {given} is not in it"
        else:
            x, y = centroid(max(rings, key=lambda ring: abs(area(ring))))
        x = min(max(x, 32), panel.width - 32)  # room for the name
        name = {"en": english, "zh": props["name_zh"].removesuffix("省")}
        found.append({"name": name, "at": [round(x), round(y)], "label": "middle", "kind": "area"})
    return found


def build(provinces_file: Path, land_file: Path, cities_file: Path) -> dict:
    """The map's two panels, China and Heze, from the three source files."""
    provinces = [
        f for f in json.loads(provinces_file.read_text(encoding="utf-8"))["features"] if f.get("geometry")
    ]
    cities = json.loads(cities_file.read_text(encoding="utf-8"))
    china = {
        "id": CHINA.id, "title": CHINA.title, "size": [CHINA.width, CHINA.height],
        "shapes": shapes(provinces, CHINA, topojson_rings(land_file, "land")),
        "places": places(cities, CHINA, CHINA_PLACES)
        + [place(CHINA, *SHANDONG_LABEL, "Shandong", "山东", "middle", "area")],
        "frame": frame(CHINA, HEZE),
    }  # fmt: skip
    heze = {
        "id": HEZE.id, "title": HEZE.title, "size": [HEZE.width, HEZE.height],
        "shapes": shapes(provinces, HEZE),
        "places": province_labels(provinces, HEZE) + places(cities, HEZE, HEZE_PLACES),
    }  # fmt: skip
    return {"panels": [china, heze]}
