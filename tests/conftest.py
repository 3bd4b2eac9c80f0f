"""Fixtures: tiny bilingual projects written from strings, built with the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from storysite import markup

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
base_url: https://example.org/story/
languages: [en, zh]
title: {en: Test Story, zh: 测试故事}
standfirst: {en: A story in two languages., zh: 一个双语故事。}
author: {en: Test Desk, zh: 测试编辑部}
"""

SOURCES_YAML = """\
alpha:
  outlet: {en: Alpha Daily, zh: 阿尔法日报}
  headline: Alpha headline
  date: 2021-05-12
  language: en
  note: A test source.
beta:
  outlet: Beta News
  headline: 贝塔标题
  headline_en: Beta headline
  date: "2017"
  language: zh
  url: https://beta.example.org/story
  note: {en: Another source., zh: 另一个来源。}
"""


def chapter(title: str, order: int | None, body: str, **extra) -> str:
    lines = ["---", f"title: {title}", f"summary: Summary of {title}."]
    if order is not None:
        lines.append(f"order: {order}")
    lines.append("updated: 2026-11-20")
    lines.extend(f"{key}: {value}" for key, value in extra.items())
    lines.append("---")
    return "\n".join(lines) + "\n" + textwrap.dedent(body).lstrip("\n")


DEFAULT_FILES = {
    "site.yaml": SITE_YAML,
    "content/sources.yaml": SOURCES_YAML,
    "content/one.en.md": chapter(
        "One",
        1,
        "## The start\n\nFirst fact [@alpha]. Second [@alpha; @beta].\n\nSee [two](two.en.md#later).\n",
    ),
    "content/one.zh.md": chapter("第一章", None, "## 开始\n\n第一个事实[@beta]。\n"),
    "content/two.en.md": chapter("Two", 2, "## Later\n\nMore [@beta].\n"),
    "content/two.zh.md": chapter("第二章", 2, "## 后来\n\n更多[@alpha]。\n"),
}


LABELS = {  # what a build reads from the interface text: note and aside labels, asides heading
    "en": {"note_label": "Note ", "aside_label": "Aside ", "back_to_aside": "Back to aside %(letter)s",
           "asides_heading": "Asides"},
    "zh": {"note_label": "注", "aside_label": "补充说明", "back_to_aside": "返回补充说明 %(letter)s",
           "asides_heading": "补充说明"},
}  # fmt: skip


def markup_context(lang: str = "en", chart_html=lambda chart_id: "<figure>chart</figure>"):
    """A Markdown rendering context like the one a build makes, without a project."""
    return markup.Context(
        lang=lang,
        **LABELS[lang],
        chapter_url=lambda slug, to: f"/{to}/{slug}/",
        media_url=lambda path: "/" + path,
        chart_html=chart_html,
    )


@dataclass
class Project:
    root: Path

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
        return path

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    @property
    def out(self) -> Path:
        return self.root / "_site"

    def run(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        """The real command line, in its own process, as an editor runs it."""
        return subprocess.run(
            [sys.executable, str(REPO / "build.py"), "--project", str(self.root), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, **(env or {})},
            timeout=120,
        )

    def build(self, *args: str) -> subprocess.CompletedProcess:
        result = self.run("build", *args)
        assert result.returncode == 0, result.stderr
        return result

    def page(self, url_path: str) -> str:
        path = self.out / url_path.strip("/")
        if path.suffix == "":
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


@pytest.fixture
def make_project(tmp_path):
    """make_project({'content/x.en.md': '...'}) -> a Project with the real templates."""

    def make(files: dict[str, str | bytes | None] | None = None) -> Project:
        root = tmp_path / "project"
        for folder in ("templates", "static", "translations"):
            shutil.copytree(REPO / folder, root / folder)
        project = Project(root)
        merged = {**DEFAULT_FILES, **(files or {})}
        for rel, text in merged.items():
            if text is not None:
                project.write(rel, text)
        return project

    return make


@pytest.fixture
def project(make_project) -> Project:
    return make_project()


# The real site in a real browser (tests/test_browser.py): built and served once
# per session, read by one Chromium.

SCREENSHOTS = pytest.StashKey[Path]()


@dataclass
class ServedSite:
    out: Path  # the built folder
    origin: str  # http://127.0.0.1:PORT
    base_path: str
    pages: list  # browsing.SitePage, from the sitemap
    files: dict[str, Path]  # URL path -> HTML file, every one in the output

    def url(self, path: str) -> str:
        return self.origin + path


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The real project built with the real CLI, served on 127.0.0.1 on a free port."""
    from browsing import SiteServer, build_real_site, html_files, read_sitemap

    out = tmp_path_factory.mktemp("real-site") / "site"
    build_real_site(out)
    base_path, pages = read_sitemap(out)
    with SiteServer(out, base_path) as server:
        yield ServedSite(out, server.origin, base_path, pages, html_files(out, base_path))


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium, headless, driven by Playwright; shared by the tests of a module.

    Not kept for the whole session: while Playwright's sync API is started it holds an
    asyncio event loop on the main thread, and other tests' asyncio.run() would fail.
    """
    from browsing import launch_chromium, start_playwright

    playwright = start_playwright()
    try:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def screenshot_dir(request, tmp_path_factory) -> Path:
    """Where the browser tests leave screenshots for a person to look at ($SCREENSHOT_DIR if set)."""
    chosen = os.environ.get("SCREENSHOT_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    request.config.stash[SCREENSHOTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    folder = config.stash.get(SCREENSHOTS, None)
    if folder is not None and any(folder.glob("*.png")):
        terminalreporter.write_sep("-", "browser screenshots")
        terminalreporter.write_line(
            f"Screenshots of the cover, a chapter and the timeline: {folder.resolve()}"
        )
