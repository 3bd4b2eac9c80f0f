"""What the rendered bodies show: the ids a link's #fragment may name, and the images,
links, citations and ids themselves, checked where the line checks (bodychecks.py)
cannot see. Markdown decides what a line is by its block, and a construct may run over
lines: an image in a list item's second paragraph, indented four spaces, is no code
block; a link or an image whose text wraps is one link. Both reached the published
pages unchecked: an image fetched from another server, a link to a draft.

Runs only when the line checks found no error, so a problem is never said twice. What
each body shows is read once per version of it (Cache.map); it is then looked up in
the published chapters and the images there are, which no key need hold.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import Counter
from collections.abc import Callable, Container
from dataclasses import dataclass

from .cache import Cache
from .content import SITE_PAGES
from .errors import Problems
from .images import source_of
from .markup import FENCE_RE, MD_LINK_RE
from .mdext import CHAPTER_LINK_RE, CHART_RE
from .model import Document, Entry, RenderedBody

IMG_SRC_RE = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"')
A_HREF_RE = re.compile(r'<a\b[^>]*?\shref="([^"]*)"')
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
ID_ATTR_RE = re.compile(r'\sid="([^"]+)"')
PAGE_IDS = frozenset({"main", "notes", "notes-heading"})  # ids every chapter page has around its text


@dataclass
class Published:
    """What a body may show: the images there are (by source path under content/), the
    chapters published (languages as URLs name them: zh-hant), the site's base path."""

    base_path: str
    images: Container[str]
    chapters: Container[str]  # their URL paths: /zh-hant/heze/
    languages: Container[str]  # as URLs name them
    sources: Container[str]  # ids in sources.yaml


def shown_targets(entry: Entry) -> tuple[tuple[str, str], ...]:
    """("img", src) and ("a", href) of every image and every link by path the body shows,
    and ("id", id) of every id it gives twice or the page holds already, as rendered
    (Cache.map: once per version of a body)."""
    found = [("img", src) for src in map(html.unescape, IMG_SRC_RE.findall(entry.body.html))]
    hrefs = map(html.unescape, A_HREF_RE.findall(entry.body.html))
    found += [("a", href) for href in hrefs if href.startswith("/") and not href.startswith("//")]
    ids = Counter(ID_ATTR_RE.findall(entry.body.html))
    return tuple(found + [("id", i) for i, count in ids.items() if count > 1 or i in PAGE_IDS])


def _problem(kind: str, target: str, published: Published) -> tuple[str, str] | None:
    """(what the editor typed, to find its line; what is wrong), or None."""
    if kind == "a":
        return _link_problem(target, published)
    if kind == "id":  # raw HTML's id="ref-1", a second chart of one id: links led to the first
        return f'id="{target}"', f"the id '{target}' is given twice on the page: rename the one given here"
    if SCHEME_RE.match(target):
        return target, (f"an image from another site ({target}) would be fetched from there by every "
                        "reader: copy it into content/images/ and link that copy")  # fmt: skip
    if source_of(target, published.base_path) not in published.images:
        return target.rsplit("/", 1)[-1], f"shows {target}, which is not an image in content/images/"
    return None


def _link_problem(href: str, published: Published) -> tuple[str, str] | None:
    if href.split("#", 1)[0] in published.chapters:  # the commonest by far: one set lookup
        return None
    if not href.startswith(published.base_path):
        return href, f"links to {href}, outside the site: link a chapter file (x.en.md) or a full address"
    parts = href[len(published.base_path) :].split("#")[0].split("/")
    if len(parts) < 2 or parts[0] not in published.languages or parts[1] in ("", *SITE_PAGES):
        return None  # the site's own pages, its files
    if f"{published.base_path}{parts[0]}/{parts[1]}/" not in published.chapters:
        return parts[1], f"links to {parts[1]}, which is not published (a draft, or no chapter by that name)"
    return None


def check_rendered(documents: list[Document], entries: list[Entry], published: Published, cache: Cache,
                   problems: Problems) -> None:  # fmt: skip
    """entries: those to check (written in their own language, not drafts); documents:
    where to find a problem's line, looked up only for a problem (rare)."""
    shown, known = cache.map(shown_targets, entries), published.sources
    for entry, targets in zip(entries, shown, strict=True):
        unknown = sorted(source_id for source_id in entry.cited if source_id not in known)
        found = [
            (f"@{s}", f"unknown source '@{s}': add it to content/sources.yaml or correct the id")
            for s in unknown
        ]
        found += filter(None, (_problem(kind, target, published) for kind, target in targets))
        if found:
            doc = next(d for d in documents if (d.slug, d.lang) == (entry.slug, entry.lang))
            for typed, message in found:
                problems.error(doc.source.display, _line_of(doc, typed), message)


def _line_of(doc: Document, typed: str) -> int | None:
    at = doc.body.find(typed)
    return None if at < 0 else doc.body_line + doc.body.count("\n", 0, at)


def anchors_of(body: RenderedBody) -> frozenset[str]:
    """Every id a link into this body may name."""
    return PAGE_IDS | frozenset(ID_ATTR_RE.findall(body.html))


def check_anchors(
    doc: Document, anchors: Callable[[str, str], frozenset[str] | None], problems: Problems
) -> None:
    """Links with a #fragment, to this chapter or another, must name an id the page has.

    anchors(slug, lang) -> the ids of that chapter's page, or None if it is not built."""
    if not doc.has_fragment_links:
        return
    for offset, line in enumerate(doc.body.split("\n")):
        for match in MD_LINK_RE.finditer(line):
            target, _, fragment = match.group(1).partition("#")
            chapter = CHAPTER_LINK_RE.match(target) if target else None
            if not fragment or (target and not chapter):
                continue
            slug, lang = (chapter[1], chapter[2]) if chapter else (doc.slug, doc.lang)
            ids = anchors(slug, lang)
            if ids is not None and fragment not in ids:
                page = target or "this chapter"
                hint = _closest(fragment, ids)
                problems.error(
                    doc.source.display,
                    doc.body_line + offset,
                    f"'#{fragment}' is not a heading or anchor in {page}{hint}",
                )


def _closest(wanted: str, ids: frozenset[str]) -> str:
    close = difflib.get_close_matches(wanted, sorted(ids), n=1)
    return f": did you mean '#{close[0]}'?" if close else ""


def check_figures_drawn(documents: list[Document], entries: list[Entry], problems: Problems) -> None:
    """A `::: chart` or `::: map` line that the text around it runs into, with no blank
    line between, is part of that paragraph: printed as typed, and no figure is drawn.
    Markdown decides which (after a heading it is a block of its own): the figures the
    rendered body holds say it, and a line that runs into its neighbours is the one named."""
    drawn = {(entry.slug, entry.lang): Counter(entry.body.figures) for entry in entries}
    for doc in documents:
        if (doc.slug, doc.lang) not in drawn or ":::" not in doc.body:
            continue
        lines = _figure_lines(doc)
        for figure, count in Counter(figure for _, figure, _ in lines).items():
            unseen = count - drawn[(doc.slug, doc.lang)][figure]
            runs_in_first = sorted((alone, line) for line, shown, alone in lines if shown == figure)
            for _, line in runs_in_first[: max(unseen, 0)]:
                problems.error(doc.source.display, line, f"'::: {' '.join(figure)}' is printed as text and no "
                               f"{figure[0]} is drawn: leave a blank line before and after it")  # fmt: skip


def _figure_lines(doc: Document) -> list[tuple[int, tuple[str, str], bool]]:
    """(line, (kind, id), whether blank lines set it apart) of each directive at the margin."""
    found, in_fence = [], False
    lines = doc.body.split("\n")
    for offset, line in enumerate(lines):
        in_fence = in_fence != bool(FENCE_RE.match(line))
        match = not in_fence and CHART_RE.match(line.rstrip())
        if match:
            before, after = (
                lines[offset - 1] if offset else "",
                lines[offset + 1] if offset + 1 < len(lines) else "",
            )
            found.append((doc.body_line + offset, match.groups(), not before.strip() and not after.strip()))
    return found
