"""What the rendered bodies show, checked where the line checks (bodychecks.py) cannot
see: Markdown decides what a line is by its block, and a construct may run over lines.
An image in a list item's second paragraph, indented four spaces, is no code block; a
link or an image whose text wraps is one link. Both reached the published pages
unchecked: an image fetched from another server, a link to a draft.

Runs only when the line checks found no error, so a problem is never said twice. Each
body is checked once per version (Cache.map), against the published chapters and the
images there are.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .cache import Cache
from .content import SITE_PAGES
from .errors import Problems
from .images import source_of
from .model import Document, Entry

IMG_SRC_RE = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"')
A_HREF_RE = re.compile(r'<a\b[^>]*?\shref="([^"]*)"')
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")


@dataclass(frozen=True)
class Published:
    """What a body may show: the images there are, the chapters published, by language."""

    base_path: str
    images: frozenset[str]  # source paths under content/
    chapters: frozenset[tuple[str, str]]  # (language code in URLs, slug)


def body_problems(entry: Entry, published: Published) -> tuple[tuple[str, str], ...]:
    """(what the editor typed to look for, the problem) for each image and link the body
    shows that the published site cannot (Cache.map: plain data in and out)."""
    found = []
    for src in map(html.unescape, IMG_SRC_RE.findall(entry.body.html)):
        if SCHEME_RE.match(src):
            found.append((src, f"an image from another site ({src}) would be fetched from there by every "
                          "reader: copy it into content/images/ and link that copy"))  # fmt: skip
        elif source_of(src, published.base_path) not in published.images:
            found.append((src.rsplit("/", 1)[-1], f"shows {src}, which is not an image in content/images/"))
    for href in map(html.unescape, A_HREF_RE.findall(entry.body.html)):
        problem = _link_problem(href, published)
        if problem:
            found.append(problem)
    return tuple(found)


def _link_problem(href: str, published: Published) -> tuple[str, str] | None:
    if href.startswith("#") or SCHEME_RE.match(href) or not href.startswith("/"):
        return None
    if not href.startswith(published.base_path):
        return href, f"links to {href}, outside the site: link a chapter file (x.en.md) or a full address"
    parts = href[len(published.base_path) :].split("#")[0].split("/")
    languages = {lang for lang, _ in published.chapters}
    if len(parts) < 2 or parts[0] not in languages or parts[1] in ("", *SITE_PAGES):
        return None  # the site's own pages, its files
    if (parts[0], parts[1]) not in published.chapters:
        return parts[1], f"links to {parts[1]}, which is not published (a draft, or no chapter by that name)"
    return None


def check_rendered(documents: list[Document], entries: list[Entry], published: Published, cache: Cache,
                   problems: Problems) -> None:  # fmt: skip
    """documents: those written (not drafts' when published), each with its entry."""
    by_page = {(entry.slug, entry.lang): entry for entry in entries}
    checked = [doc for doc in documents if (doc.slug, doc.lang) in by_page]
    results = cache.map(body_problems, [by_page[(d.slug, d.lang)] for d in checked], common=published)
    for doc, found in zip(checked, results, strict=True):
        for typed, message in found:
            problems.error(doc.source.display, _line_of(doc, typed), message)


def _line_of(doc: Document, typed: str) -> int | None:
    at = doc.body.find(typed)
    return None if at < 0 else doc.body_line + doc.body.count("\n", 0, at)
