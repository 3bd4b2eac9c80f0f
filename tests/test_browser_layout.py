"""Typography and layout of the real site in headless Chromium.

Chart and map labels are readable on a phone and the charts' numbers are a table;
dark mode, print and reduced motion follow the reader, and the stylesheet paints the
figures over their own colours in both schemes; images keep their place before
they load and phones get a smaller copy; and screenshots of the cover, a chapter and
the timeline are left for a person to look at. The site is served and read as in
test_browser.py.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from browsing import VIEWPORTS, editions, pages_of_type
from bs4 import BeautifulSoup

LABEL_SIZES = """(figure) => [...figure.querySelectorAll("svg")].flatMap((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
})"""


@pytest.mark.parametrize("width", [375, 1280])
def test_map_labels_are_readable_on_a_phone_and_a_desktop(served_site, new_page, width):
    page = new_page(width, 800)
    for lang in ("en", "zh"):
        page.goto(served_site.url(f"/{lang}/heze/"))
        sizes = page.locator("figure.map").evaluate(LABEL_SIZES)
        assert sizes and min(sizes) >= 10, f"{lang}: map labels of {min(sizes):.1f} px at {width} px"


def test_chart_labels_are_readable_on_a_phone_and_the_numbers_are_a_table(served_site, new_page):
    page = new_page(375, 812)
    charted = [p for p, file in served_site.files.items() if "<svg" in file.read_text(encoding="utf-8")]
    assert charted
    for path in charted:
        page.goto(served_site.url(path))
        for chart in page.locator("figure.chart").all():
            sizes = chart.evaluate(LABEL_SIZES)
            assert sizes and min(sizes) >= 10, f"{path}: chart labels of {min(sizes):.1f} px"
            summary = chart.locator("summary")
            summary.click()
            rows = chart.locator("table tbody tr")
            assert rows.first.is_visible(), path
            assert rows.count() == chart.locator("svg rect.bar").count(), path


def test_a_phone_with_its_text_made_larger_never_scrolls_sideways(served_site, new_page):
    """The charts' tables, opened, were wider than a 320 px phone once its reader had made
    the text a quarter larger (their columns are as wide as their longest words): the
    whole page scrolled sideways. Now a table scrolls in its own box."""
    page = new_page(320, 640)
    charted = [p for p, file in served_site.files.items() if 'class="chart-data"' in file.read_text("utf-8")]
    assert len(charted) >= 3  # the chapter with the charts, in each edition
    for path in charted:
        for size in (20, 24, 32):  # a phone's text at 125 %, 150 % and twice its size
            page.goto(served_site.url(path))
            page.add_style_tag(content=f"html {{ font-size: {size}px !important; }}")
            page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
            wider = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert wider <= 0, f"{path} with {size} px text scrolls {wider} px sideways"
        boxes = page.locator(".table-scroll").all()  # at twice the size, a table is wider than its box
        assert max(box.evaluate("(box) => box.scrollWidth - box.clientWidth") for box in boxes) > 0


def luminance(css_color: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_color)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_dark_mode_print_and_reduced_motion_follow_the_reader(served_site, new_page):
    chapter = next(iter(pages_of_type(served_site, "chapter").values()))[0]
    colours = {}
    for scheme in ("light", "dark"):
        page = new_page(1280, 800, color_scheme=scheme)
        page.goto(served_site.url(chapter))
        colours[scheme] = page.evaluate(
            "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
        )
    assert luminance(colours["light"][0]) > 0.8 and luminance(colours["light"][1]) < 0.2
    assert luminance(colours["dark"][0]) < 0.2 and luminance(colours["dark"][1]) > 0.8

    page = new_page(1280, 800)
    page.goto(served_site.url(chapter))
    page.emulate_media(media="print")
    assert page.locator("main h1").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".chapter-nav").is_visible()
    dark_print = new_page(1280, 800, color_scheme="dark")
    dark_print.goto(served_site.url("/en/heze/"))
    dark_print.emulate_media(media="print")
    land = dark_print.evaluate("getComputedStyle(document.querySelector('figure.map path.region')).fill")
    assert luminance(land) > 0.5, f"a map printed from a dark screen is dark on white paper: {land}"
    behaviour = "getComputedStyle(document.documentElement).scrollBehavior"
    page.emulate_media(media="screen", reduced_motion="no-preference")
    assert page.evaluate(behaviour) == "smooth"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(behaviour) == "auto"


def test_paper_shows_no_links_back_up_the_page(served_site, new_page):
    """The notes' ↩ were hidden in print, the asides' were printed: a link on paper
    that leads nowhere, after every aside."""
    page = new_page(1280, 800)
    page.goto(served_site.url("/en/first-shop/"))
    back_links = page.locator("main a", has_text="↩")
    assert page.locator(".asides a", has_text="↩").count() and back_links.count() > 3
    page.emulate_media(media="print")
    assert [link.is_visible() for link in back_links.all()] == [False] * back_links.count()


# Each filled shape of a figure: the colour its fill attribute, or its nearest ancestor's,
# names (#rrggbb), and the one it is drawn in.
FIGURE_FILLS = """() => [...document.querySelectorAll("figure svg :is(path, rect, circle, text)")]
  .map((shape) => [shape.closest("[fill]")?.getAttribute("fill"), getComputedStyle(shape).fill])
  .filter(([own]) => own !== "none")"""


def test_the_stylesheet_paints_the_maps_and_charts_in_both_schemes(served_site, new_page):
    """A figure's shapes carry the light scheme's colours for feed readers (no stylesheet);
    on the site the stylesheet's rules win over them, so dark mode still repaints them."""
    for scheme in ("light", "dark"):
        page = new_page(1280, 800, color_scheme=scheme)
        page.goto(served_site.url("/en/heze/"))
        fills = page.evaluate(FIGURE_FILLS)
        assert len(fills) > 50, scheme  # the two map panels and the two charts
        assert all(own for own, _ in fills), "a shape no fill attribute paints: black in a feed reader"
        as_drawn = [(f"rgb({int(own[1:3], 16)}, {int(own[3:5], 16)}, {int(own[5:7], 16)})", drawn)
                    for own, drawn in fills]  # fmt: skip
        same = [own == drawn for own, drawn in as_drawn]
        assert all(same) if scheme == "light" else not any(same), (scheme, as_drawn)


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two computed colours, rgb(r, g, b)."""

    def relative(css_color: str) -> float:
        channels = [int(part) / 255 for part in re.findall(r"\d+", css_color)[:3]]
        red, green, blue = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    light, dark = sorted((relative(one), relative(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_place_a_map_points_out_stands_out_from_its_neighbours(served_site, new_page):
    """WCAG 1.4.11: the focus (Shandong, Heze) was a pale fill, 1.13:1 against the
    provinces around it; its outline now has 3:1 at least, in either scheme."""
    for scheme in ("light", "dark"):
        page = new_page(1280, 800, color_scheme=scheme)
        page.goto(served_site.url("/en/heze/"))
        outline, neighbour = page.evaluate(
            """() => [getComputedStyle(document.querySelector("figure.map path.focus")).stroke,
                      getComputedStyle(document.querySelector("figure.map path.region")).fill]"""
        )
        assert contrast(outline, neighbour) >= 3, (scheme, outline, neighbour)


@pytest.mark.slow
def test_screenshots_of_the_cover_a_chapter_and_the_timeline(served_site, new_page, screenshot_dir):
    """Written for a person to look at; the test summary names the folder."""
    cover = next(page.path for page in served_site.pages if page.lang is None)
    shots = {"cover": cover}
    chapters = pages_of_type(served_site, "chapter")
    for lang, home in editions(served_site).items():
        soup = BeautifulSoup(served_site.files[home].read_text(encoding="utf-8"), "html.parser")
        first = next(
            urlsplit(a["href"]).path
            for a in soup.main.find_all("a", href=True)
            if urlsplit(a["href"]).path in chapters[lang]
        )
        shots[f"{lang}-chapter"] = first
        shots[f"{lang}-timeline"] = pages_of_type(served_site, "timeline")[lang][0]
    for viewport in ("phone", "desktop"):
        width, height = VIEWPORTS[viewport]
        page = new_page(width, height)
        for name, path in shots.items():
            page.goto(served_site.url(path))
            title = page.locator("h1").first.bounding_box()
            assert title and title["y"] + title["height"] <= height, (
                f"{path}: the title is below the first screen"
            )
            # JPEG: a third of the time of a PNG for a whole page, and as good to look at
            file = screenshot_dir / f"{name}-{width}.jpg"
            page.screenshot(path=file, full_page=True, type="jpeg", quality=80)
            assert file.stat().st_size > 10_000, file


def test_images_keep_their_place_before_they_load_and_phones_get_a_smaller_copy(make_project, new_page):
    """width and height reserve each image's box: with the image files withheld, the box
    already has the image's shape; loaded at phone width, a copy no wider than needed comes."""
    from browsing import SiteServer
    from projects import chapter, image_bytes

    extra = {"image": "images/lead.jpg", "image_alt": "The lead photograph"}
    body = (
        "## Later\n\nMore [@beta].\n\n"
        + "A long paragraph of text. " * 200
        + "\n\n![Two looms](images/looms.jpg)\n"
    )
    project = make_project(
        {
            "content/images/lead.jpg": image_bytes(1600, 900, "JPEG"),
            "content/images/looms.jpg": image_bytes(1600, 1000, "JPEG", seed=1),
            "content/two.en.md": chapter("Two", 2, body, **extra),
        }
    )
    project.build()
    with SiteServer(project.out, "/story/") as server:
        page = new_page(375, 812, device_scale_factor=2)
        page.route("**/images/**", lambda route: route.abort())
        page.goto(server.origin + "/story/en/two/", wait_until="load")
        for selector, ratio in ((".lead-image img", 900 / 1600), (".prose figure img", 1000 / 1600)):
            box = page.locator(selector).bounding_box()
            assert box["width"] > 300 and abs(box["height"] / box["width"] - ratio) < 0.02, selector
        page = new_page(375, 812, device_scale_factor=2)
        page.goto(server.origin + "/story/en/two/", wait_until="load")
        chosen = page.locator(".lead-image img").evaluate("image => image.currentSrc")
        assert re.search(r"/images/lead\.960w\.[0-9a-f]{10}\.jpg$", chosen), chosen
