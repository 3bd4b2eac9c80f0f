"""What search costs a reader: the size of the published index, and the bytes one search
page and one query fetch in each edition (headless Chromium, Playwright).

    python bench/search_size.py [--output /tmp/storysite-search]

Builds this checkout's site, serves it on 127.0.0.1 and prints a Markdown table for
bench/RESULTS.md. Needs the test tools (pip install -e ".[test]") and Chromium.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

QUERIES = {"en": "Hanfu", "zh": "淘宝", "zh-hant": "淘寶"}


def folder_sizes(folder: Path) -> dict[str, tuple[int, int]]:
    """file kind -> (bytes, bytes gzipped) over the index folder."""
    sizes: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            kind = path.parent.name if path.parent != folder else path.suffix or path.name
            sizes[kind][0] += len(data)
            sizes[kind][1] += len(gzip.compress(data, 9))
    return {kind: (raw, packed) for kind, (raw, packed) in sizes.items()}


def fetched_by_a_search(origin: str, edition: str, query: str) -> tuple[int, int]:
    """(bytes on opening the search page, bytes after typing one query), uncompressed."""
    from browsing import launch_chromium, start_playwright

    playwright = start_playwright()
    try:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        fetched: list[int] = []
        page.on("response", lambda response: fetched.append(len(response.body())))
        page.goto(f"{origin}/{edition}/search/", wait_until="networkidle")
        opened = sum(fetched)
        page.fill(".pagefind-ui__search-input", query)
        page.wait_for_selector(".pagefind-ui__result-link", timeout=10_000)
        page.wait_for_load_state("networkidle")
        total = sum(fetched)
        browser.close()
    finally:
        playwright.stop()
    return opened, total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--output", type=Path, default=Path("/tmp/storysite-search"))
    out = parser.parse_args().output
    subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--project", str(REPO), "build", "--output", str(out)],
        check=True,
    )
    print("| index file kind | bytes | gzipped |\n|---|---|---|")
    sizes = folder_sizes(out / "pagefind")
    for kind, (raw, packed) in sorted(sizes.items()):
        print(f"| {kind} | {raw:,} | {packed:,} |")
    total_raw, total_packed = (sum(column) for column in zip(*sizes.values(), strict=True))
    print(f"| **all of pagefind/** | **{total_raw:,}** | **{total_packed:,}** |\n")

    from browsing import SiteServer

    print("| edition | query | search page opened, bytes | after one query, bytes |\n|---|---|---|---|")
    with SiteServer(out) as server:
        for edition, query in QUERIES.items():
            opened, total = fetched_by_a_search(server.origin, edition, query)
            print(f"| {edition} | {query} | {opened:,} | {total:,} |")


if __name__ == "__main__":
    main()
