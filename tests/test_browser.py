"""The real site as a reader gets it, page by page, in headless Chromium.

Every page, at 320 px and on a desktop, loads without an error, a failed or foreign
request, a script, a sideways scroll or a layout shift; its language switcher leads to
the same page in the other editions; every link and anchor resolves. Next and previous
walk the story in order, the timeline is an ordered list of dated events, and a
chapter weighs at most 60 KB.

The site is built once with the real command line, served on 127.0.0.1 and read by
one Chromium per module (fixtures in conftest.py; helpers, shared with
test_accessibility.py and test_browser_layout.py, in browsing.py). Pages are taken
from the sitemap and the output folder, never listed here.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import urldefrag, urlsplit

import pytest
from browsing import (
    PAGE_FACTS,
    RECORD_LAYOUT_SHIFTS,
    VIEWPORTS,
    editions,
    page_type,
    pages_of_type,
    representative_pages,
)
from bs4 import BeautifulSoup

# Where the switcher is clicked and every link followed; the other widths check what
# depends on the width.
NAVIGATED = "320px"
CHAPTER_BUDGET = 60 * 1024  # bytes of HTML plus CSS, uncompressed


def by_path(site):
    return {page.path: page for page in site.pages}


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
        problems.append(f"{path}: layout shifts by {facts['layoutShift']:.4f}: {facts['shifted']}")
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


@pytest.mark.slow
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


@pytest.mark.slow
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


def test_the_timeline_is_an_ordered_list_of_dated_events(served_site, new_page):
    """Each event says when; a machine-readable date only where the text is as precise
    (an event known by its decade or season, "Mid-1980s", has its words alone)."""
    page = new_page(375, 812)
    timelines = pages_of_type(served_site, "timeline")
    assert set(timelines) == set(editions(served_site))
    for paths in timelines.values():
        page.goto(served_site.url(paths[0]))
        events = page.eval_on_selector_all(
            "main > ol > li",
            "(items) => items.map((li) => [li.querySelector('.when')?.textContent,"
            " li.querySelector('time')?.getAttribute('datetime')])",
        )
        assert len(events) >= 10 and all(when and when.strip() for when, _ in events), paths[0]
        dates = [date for _, date in events if date]
        assert len(dates) < len(events), "the events known by a decade or a season carry no date"
        assert len(dates) >= 10 and all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d) for d in dates), dates
        # In story order: no event dated before the one above it, at the precision both share
        # ("2016" may stand before or after "2016-04-23").
        for earlier, later in zip(dates, dates[1:], strict=False):
            common = min(len(earlier), len(later))
            assert earlier[:common] <= later[:common], f"{paths[0]}: {later} comes after {earlier}"


def test_where_a_link_lands_is_shown(served_site, new_page):
    """A note, a timeline event or a source reached by its address stands out from the
    page, so that a reader who followed "Cited in" or a search result sees where to read."""
    page = new_page(1280, 800)
    for kind, selector in (("timeline", "main > ol > li[id]"), ("sources", "main > ol > li[id]")):
        path = pages_of_type(served_site, kind)["en"][0]
        page.goto(served_site.url(path))
        second = page.locator(selector).nth(1).get_attribute("id")
        page.goto(served_site.url(f"{path}#{second}"))
        shown = page.evaluate(
            "(id) => [getComputedStyle(document.getElementById(id)).backgroundColor,"
            " getComputedStyle(document.querySelector('main > ol > li:not(:target)')).backgroundColor]",
            second,
        )
        assert shown[0] != shown[1], f"{path}#{second} looks like every other entry: {shown}"
