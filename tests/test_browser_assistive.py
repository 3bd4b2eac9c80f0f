"""The real site as readers who change how it is shown meet it, in headless Chromium:
a screen reader's list of links, forced colours (Windows' contrast themes), the text
spacing WCAG 1.4.12 lets a reader ask for, and the keyboard alone. The site is served
and read as in test_browser.py.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from browsing import editions, pages_of_type, representative_pages


def link_names(page) -> dict[str, set[str]]:
    """What a screen reader names each link of the page, and where the links of each name
    lead (URL paths with their #fragment), read from the browser's accessibility tree."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    found = defaultdict(set)
    for node in nodes:
        if node.get("role", {}).get("value") != "link" or node.get("ignored"):
            continue
        url = next((p["value"]["value"] for p in node.get("properties", []) if p["name"] == "url"), "")
        found[node.get("name", {}).get("value", "")].add(url.split("//", 1)[-1].partition("/")[2])
    return found


@pytest.mark.slow
def test_links_of_one_name_lead_to_one_place(served_site, new_page):
    """A screen reader lists a page's links by name: every note's back links were called
    "Back to citation 1", "Back to citation 2"..., and every "About this source" led to
    another source; on the sources page "Timeline", "Sources" and a chapter's title each
    named a dozen places. A name now says which note, event or source it leads to."""
    page = new_page(1280, 800)
    paths = set(representative_pages(served_site))
    for kind in ("timeline", "sources"):  # the pages that cite, and where "Cited in" is
        paths |= {found[0] for found in pages_of_type(served_site, kind).values()}
    ambiguous = []
    for path in sorted(paths):
        page.goto(served_site.url(path))
        for name, targets in link_names(page).items():
            if len(targets) > 1:
                ambiguous.append(f"{path}: {name!r} leads to {len(targets)} places: {sorted(targets)[:3]}")
    assert not ambiguous, "\n".join(ambiguous)
    assert len(paths) >= 3 * len(editions(served_site))
