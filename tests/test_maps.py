"""Locator maps: content/data/maps/<id>.yaml, drawn by `::: map <id>` as inline SVG labelled
in the page's language, and small on the cover."""

from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup
from projects import REPO, chapter, markup_context, new_project, snapshot
from test_cache import cold_build

from storysite import markup

MAP = """\
title: {en: Where One County is, zh: 一县在哪里}
description: {en: One County is in the west., zh: 一县在西边。}
short: {en: "One County, in the west", zh: 一县，在西边}
note: {en: The village is not marked., zh: 村子没有标出。}
sources:
  - name: {en: Test Boundaries, zh: 测试边界}
    licence: {en: public domain, zh: 公有领域}
    url: https://boundaries.example.org/
    what: {en: boundaries, zh: 边界}
  - name: Test Places
    licence: CC BY 4.0
    licence_url: https://creativecommons.org/licenses/by/4.0/
    url: https://places.example.org/
    what: {en: places, zh: 地点}
panels:
  - id: country
    title: {en: The country, zh: 全国}
    size: [100, 80]
    frame: [40, 30, 10, 10]
    shapes:
      - {kind: region, d: "M0 0l100 0 0 80-100 0z"}
      - {kind: focus, d: "M40 30l10 0 0 10-10 0z"}
    places:
      - {name: {en: Capital, zh: 首都}, at: [20, 20], label: right, kind: city}
  - id: close
    title: {en: Closer, zh: 近看}
    size: [100, 80]
    shapes:
      - {kind: land, d: "M0 0l100 0 0 80-100 0z"}
    places:
      - {name: {en: West Province, zh: 西省}, at: [20, 70], label: middle, kind: area}
      - {name: {en: One County, zh: 一县}, at: [50, 40], label: left, kind: focus}
"""
FILES = {
    "content/data/maps/where.yaml": MAP,
    "content/one.en.md": chapter(
        "One", 1, "## The start\n\nShops [@alpha; @beta].\n\n::: map where\n\nMore.\n"
    ),
    "content/one.zh.md": chapter(
        "第一章", None, "## 开始\n\n网店[@alpha; @beta]。\n\n::: map where\n\n更多。\n"
    ),
}
SVG_RE = re.compile(r"<svg\b.*?</svg>", re.S)


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


@pytest.fixture(scope="module")
def mapped(tmp_path_factory):
    project = new_project(tmp_path_factory.mktemp("mapped") / "project", FILES)
    project.build()
    return project


def test_the_chapter_draws_the_map_labelled_in_its_language(mapped):
    english, chinese = mapped.page("/en/one/"), mapped.page("/zh/one/")
    for page, mine, other in ((english, "One County", "一县"), (chinese, "一县", "One County")):
        figure = soup(page).select_one("figure.map")
        svgs = figure.find_all("svg")
        assert len(svgs) == 2
        for svg in svgs:
            assert svg["role"] == "img"
            for label_id in svg["aria-labelledby"].split():
                assert svg.find(id=label_id).get_text().strip()
        assert mine in figure.select_one("g.place.focus").get_text()
        assert other not in str(figure)
    assert soup(english).select_one("#map-where-close-desc").get_text() == (
        "Marked on the map: West Province, One County"
    )
    assert soup(chinese).select_one("#map-where-close-desc").get_text() == "图中标出：西省、一县"


def test_the_caption_says_where_in_words_and_credits_each_source(mapped):
    caption = soup(mapped.page("/en/one/")).select_one("figure.map figcaption")
    text = " ".join(caption.get_text().split())
    assert "One County is in the west. The village is not marked." in text
    assert "Map data: Test Boundaries (public domain), boundaries; Test Places (CC BY 4.0), places" in text
    assert caption.find("a", href="https://creativecommons.org/licenses/by/4.0/")
    chinese = " ".join(soup(mapped.page("/zh/one/")).select_one("figure.map figcaption").get_text().split())
    assert "一县在西边。村子没有标出。" in chinese
    assert "地图数据：测试边界（公有领域），边界；Test Places（CC BY 4.0），地点" in chinese


def test_a_map_loads_nothing_and_runs_nothing(mapped):
    for path in ("/en/one/", "/zh/one/", "/"):
        for svg in SVG_RE.findall(mapped.page(path)):
            assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
            assert not re.search(r"<(script|image|use|foreignObject)\b|\bon[a-z]+=|url\(", svg, re.I)


def test_the_cover_shows_each_map_small_in_each_language(mapped):
    cover = soup(mapped.page("/"))
    for section, caption in (("en", "One County, in the west"), ("zh", "一县，在西边")):
        figure = cover.select_one(f'section[lang^="{section}"] figure.map-small')
        assert figure.figcaption.get_text() == caption
        assert figure.svg["role"] == "img" and figure.find("rect", class_="frame")
        assert not figure.find("text")  # too small to read: the caption says it
    ids = [element["id"] for element in cover.select("[id]")]
    assert len(ids) == len(set(ids))


def test_a_changed_map_redraws_the_chapters_and_the_cover(make_project, tmp_path):
    project = make_project(FILES)
    project.build()
    project.edit("content/data/maps/where.yaml", "{en: One County, zh: 一县}", "{en: Cao County, zh: 曹县}")
    project.edit("content/data/maps/where.yaml", "One County, in the west", "Cao County, in the west")
    project.build()
    assert "Cao County" in project.page("/en/one/") and "曹县" in project.page("/zh/one/")
    assert "Cao County, in the west" in project.page("/")
    assert snapshot(project.out) == cold_build(project, tmp_path / "cold")


def test_a_map_shown_only_by_a_draft_is_not_drawn_on_the_cover_until_the_draft_is_published(make_project):
    """Nothing a draft uses is published: a map only a draft chapter shows was drawn
    small on the cover, its title and caption with it."""
    secret = MAP.replace("Where One County is", "Where the Secret Site is").replace(
        "One County, in the west", "The secret site, in the west"
    )
    draft = chapter("Three", 3, "Hidden.\n\n::: map secret-site\n", draft="true")
    files = {**FILES, "content/data/maps/secret-site.yaml": secret, "content/secret.en.md": draft}
    project = make_project(files)
    project.build()
    cover = soup(project.page("/"))
    assert [
        figure.figcaption.get_text() for figure in cover.select('section[lang="en"] figure.map-small')
    ] == ["One County, in the west"]
    published = [path.read_text(encoding="utf-8") for path in project.out.rglob("*.html")]
    assert not [text for text in published if "Secret Site" in text or "secret site" in text]
    project.write("content/secret.en.md", draft.replace("draft: true\n", ""))
    project.build()
    captions = [figure.figcaption.get_text() for figure in soup(project.page("/")).select("figure.map-small")]
    assert "The secret site, in the west" in captions


BAD_MAPS = {
    "not path data": ('d: "M0 0l100 0 0 80-100 0z"}', 'd: "M0 0 url(x)"}', 21, "d: not SVG path data"),
    "a place off the panel": ("at: [20, 20]", "at: [200, 20]", 24, "place: [200, 20] is outside the panel"),
    "an unknown kind": (
        "label: left, kind: focus",
        "label: left, kind: star",
        32,
        "kind: 'star' is not one of",
    ),
    "a size of nothing": (
        "size: [100, 80]\n    frame",
        "size: [0, 80]\n    frame",
        18,
        "size: width and height",
    ),
    "an unknown key": ("short:", "shrt:", 3, "unknown key 'shrt'; did you mean 'short'?"),
    # A dash alone, each where a list of entries is: reported at line 1, far from the slip.
    "a source left empty": ("sources:\n", "sources:\n  -\n", 6, "source: write its fields"),
    "a panel left empty": ("panels:\n", "panels:\n  -\n", 16, "panel: write its fields"),
    "a place left empty": ("places:\n", "places:\n      -\n", 24, "place: write its fields"),
    # A panel's id names its title for screen readers: the second was read with the first's.
    "two panels with one id": ("  - id: close", "  - id: country", 25, "panel: id 'country' is also the id"),
}


@pytest.mark.parametrize("old, new, line, message", BAD_MAPS.values(), ids=BAD_MAPS.keys())
def test_a_bad_map_file_is_an_error_with_its_line(make_project, old, new, line, message):
    project = make_project({**FILES, "content/data/maps/where.yaml": MAP.replace(old, new, 1)})
    result = project.run("build")
    assert result.returncode == 1
    assert f"content/data/maps/where.yaml:{line}: error: {message}" in result.stderr


def test_a_map_that_does_not_exist_is_an_error_with_its_line(make_project):
    body = "## The start\n\nShops [@alpha; @beta].\n\n::: map nowhere\n"
    result = make_project({**FILES, "content/one.en.md": chapter("One", 1, body)}).run("build")
    assert result.returncode == 1
    assert (
        "content/one.en.md:11: error: no map 'nowhere': add content/data/maps/nowhere.yaml" in result.stderr
    )


def test_the_map_directive_leaves_a_slot_the_map_is_drawn_into():
    context = markup_context("en", map_html=lambda map_id: f'<figure id="m-{map_id}"></figure>')
    html = markup.render(markup.new_renderer(context), "Before.\n\n::: map heze\n\nAfter.\n").html
    assert '<figure id="m-heze"></figure>' in html and "map-slot" not in html


# The real story's map.

MAP_FILE = REPO / "content" / "data" / "maps" / "heze.yaml"


def test_the_map_file_is_small_and_names_the_source_and_licence_of_its_data():
    assert MAP_FILE.stat().st_size < 12_000
    data = yaml.safe_load(MAP_FILE.read_text(encoding="utf-8"))
    names = " ".join(source["name"]["en"] for source in data["sources"])
    assert "Natural Earth" in names and "GeoNames" in names
    for source in data["sources"]:
        assert source["url"].startswith("https://")
    licences = {source["name"]["en"]: source.get("licence", {}).get("en") for source in data["sources"]}
    assert licences["GeoNames"] == "CC BY 4.0"
    assert (REPO / "tools" / "prepare_map.py").is_file()


@pytest.mark.parametrize(
    "lang, cao, heze, credit",
    [("en", "Cao County", "Heze", "CC BY 4.0"), ("zh", "曹县", "菏泽", "CC BY 4.0")],
)
def test_the_heze_chapter_shows_where_cao_county_is(real_site, lang, cao, heze, credit):
    page = soup(real_site.page(f"/{lang}/heze/"))
    figure = page.select_one("figure.map")
    assert figure is not None
    assert cao in figure.select_one("g.place.focus").get_text()
    assert heze in figure.get_text()
    caption = figure.figcaption.get_text()
    assert "Natural Earth" in caption and "GeoNames" in caption and credit in caption
    assert cao in caption  # the text alternative, visible
    for svg in figure.find_all("svg"):
        assert svg.title.get_text() and svg.desc.get_text()
    cover = soup(real_site.page("/"))
    assert cover.select_one(f'section[lang^="{lang}"] figure.map-small')
