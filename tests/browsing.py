"""The real site, built once and served on 127.0.0.1, and the Chromium that reads it.

Used by the browser tests (tests/test_browser.py, test_accessibility.py,
test_browser_layout.py, test_search.py), directly and through the fixtures in
tests/conftest.py.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying to reach Google's
# servers, which this kind of machine refuses, and startup slows down or hangs.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def unavailable(reason: str) -> None:
    """A tool the browser tests need is missing: fail under CI, skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must install it: see .ci/run)", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class SitePage:
    """One page as the sitemap describes it; paths are URL paths on the served site."""

    path: str
    lang: str | None  # hreflang of the edition it belongs to; None for the bilingual cover
    alternates: dict[str, str] = field(default_factory=dict)  # hreflang -> path, x-default included

    def counterparts(self) -> list[str]:
        """The same page in each other language that has it."""
        if not self.lang:
            return []
        return sorted(p for code, p in self.alternates.items() if code not in (self.lang, "x-default"))


def read_sitemap(out: Path) -> tuple[str, list[SitePage]]:
    """(base path, every page the sitemap lists), with each page's own language."""
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = [url.find("s:loc", SITEMAP_NS).text for url in root.findall("s:url", SITEMAP_NS)]
    base_path = min((urlsplit(loc).path for loc in locs), key=len)
    pages = []
    for url in root.findall("s:url", SITEMAP_NS):
        path = urlsplit(url.find("s:loc", SITEMAP_NS).text).path
        alternates = {
            link.get("hreflang"): urlsplit(link.get("href")).path
            for link in url.findall("x:link", SITEMAP_NS)
        }
        own = [code for code, target in alternates.items() if target == path and code != "x-default"]
        pages.append(SitePage(path, own[0] if own else None, alternates))
    return base_path, pages


def html_files(out: Path, base_path: str) -> dict[str, Path]:
    """URL path -> file, for every HTML file in the output folder."""
    files = {}
    for file in sorted(out.rglob("*.html")):
        rel = file.relative_to(out).as_posix()
        files[base_path + rel.removesuffix("index.html")] = file
    return files


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder at the site's base path, quietly."""

    base_path = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path[len(self.base_path) :])

    def log_message(self, format, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that leaves a page hangs up on what it was still loading: not news.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@dataclass
class ServedSite:
    out: Path  # the built folder
    origin: str  # http://127.0.0.1:PORT
    base_path: str
    pages: list  # SitePage, from the sitemap
    files: dict[str, Path]  # URL path -> HTML file, every one in the output

    def url(self, path: str) -> str:
        return self.origin + path


class SiteServer:
    """A plain threaded HTTP server for one folder on 127.0.0.1, on a free port."""

    def __init__(self, folder: Path, base_path: str = "/"):
        handler_class = type("SiteHandler", (_Handler,), {"base_path": base_path})
        handler = functools.partial(handler_class, directory=str(folder))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=10)


def launch_chromium(playwright):
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is not installed: apt-get install chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def start_playwright():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable('Playwright for Python is not installed: pip install -e ".[test]"')
    return sync_playwright().start()


def java_available() -> bool:
    return shutil.which("java") is not None


# What the browser test modules share: the widths they read at, the pages of each type
# and language, and the new_page fixture.

VIEWPORTS = {"320px": (320, 640), "phone": (375, 812), "desktop": (1280, 800)}


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


def representative_pages(site) -> list[str]:
    """One page of each type in each language: the largest, which has the most kinds of content."""
    chosen = {}
    for path, file in sorted(site.files.items(), key=lambda item: item[1].stat().st_size):
        chosen[page_type(file)] = path
    return [chosen[key] for key in sorted(chosen)]


def editions(site) -> dict[str, str]:
    """html lang -> the edition's home path, from the cover's alternates."""
    cover = next(page for page in site.pages if page.lang is None)
    return {code: path for code, path in cover.alternates.items() if code != "x-default"}


def axe_violations(page, rules: tuple[str, ...] | None = None) -> list[str]:
    """What axe finds wrong with the page as it is now (only these rules, if given):
    a line per violation, with up to three of the elements it names."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        unavailable('axe-playwright-python is not installed: pip install -e ".[test]"')
    # Only the violations in full: what passes is not listed node by node (axe's own
    # way to run faster).
    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    return [
        f"{violation['id']}: {violation['help']} {[' '.join(node['target']) for node in violation['nodes']][:3]}"
        for violation in Axe().run(page, options=options).response["violations"]
    ]


# Run in the page before its own content: adds up layout shifts as they happen.
RECORD_LAYOUT_SHIFTS = """
window.__layoutShift = 0;
window.__shifted = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.__layoutShift += entry.value;
    // What moved, so that a failure says where to look.
    for (const source of entry.sources || []) {
      const node = source.node;
      if (node && node.nodeType === 1) {
        window.__shifted.push(node.tagName.toLowerCase() + (node.id ? "#" + node.id : "") +
          (node.className ? "." + String(node.className).split(" ")[0] : ""));
      } else if (node) {
        window.__shifted.push("text in " + (node.parentElement ? node.parentElement.tagName.toLowerCase() : "?"));
      }
    }
  }
}).observe({type: "layout-shift", buffered: true});
"""

# What a reader's browser made of the page once it has loaded.
PAGE_FACTS = """async () => {
  // Two frames after load, so that any layout shift has been reported.
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const root = document.documentElement;
  const wide = [];
  if (root.scrollWidth > root.clientWidth) {
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.right > root.clientWidth + 0.5 && box.width > 0) {
        wide.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""));
      }
    }
  }
  const links = [...document.querySelectorAll("a[href]")].map((a) => a.href);
  const switcher = [...document.querySelectorAll(".switcher a")].map((a) => a.href);
  return {
    lang: root.lang,
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    tooWide: wide.slice(0, 5),
    // JSON-LD is data a browser never runs: only scripts that run count
    scripts: document.querySelectorAll('script:not([type="application/ld+json"])').length,
    webFonts: document.fonts.size,
    ids: [...document.querySelectorAll("[id]")].map((el) => el.id),
    links: links,
    switcher: switcher,
    layoutShift: window.__layoutShift,
    shifted: window.__shifted.slice(0, 5),
  };
}"""
