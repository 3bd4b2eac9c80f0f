"""Reading a built site the way a browser or a crawler does."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from bs4 import BeautifulSoup


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(out: Path) -> dict[str, BeautifulSoup]:
    """URL path ('/story/en/one/') -> parsed page, for every HTML file but 404.html."""
    pages = {}
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        if rel == "404.html":
            continue
        url = "/" + rel.removesuffix("index.html")
        pages[url] = soup(path)
    return pages


def resolve(out: Path, base_path: str, href: str) -> tuple[Path | None, str]:
    """An internal link -> (file it serves, fragment); (None, '') for external links."""
    url, fragment = urldefrag(href)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, ""
    assert url.startswith(base_path), f"internal link outside the site: {href}"
    rel = url[len(base_path) :]
    path = out / rel
    if rel == "" or rel.endswith("/"):
        path = path / "index.html"
    return path, fragment


def ids(page: BeautifulSoup) -> set[str]:
    return {element["id"] for element in page.find_all(id=True)}


def broken_links(out: Path, base_path: str) -> list[str]:
    """Every internal link or anchor on the site that leads nowhere, as 'page: href'."""
    broken = []
    ids_in: dict[Path, set[str]] = {}  # each page parsed once, however often it is linked to
    for url, page in html_pages(out).items():
        own = ids(page)
        for link in page.find_all("a", href=True):
            href = link["href"]
            if href.startswith("#"):
                if href[1:] not in own:
                    broken.append(f"{url}: {href}")
                continue
            target, fragment = resolve(out, base_path, href)
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{url}: {href}")
            elif fragment:
                if target not in ids_in:
                    ids_in[target] = ids(soup(target))
                if fragment not in ids_in[target]:
                    broken.append(f"{url}: {href}")
    return broken
