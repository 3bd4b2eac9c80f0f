"""What a feed reader is given of a chapter's text.

A feed reader shows the HTML without the site's stylesheet, so what the page
hides with CSS would be shown: the pull quotes, which repeat a line of the
text for the eye, and the words only for screen readers ("Note" before a
citation's number). Both are left out of the feed; the rest is the page's text.
The HTML is the generator's own (rendered and sanitised), so its shape is known.

Every link of an entry is absolute. The entry's xml:base would resolve "#note-1"
and "/en/sources/", but many readers ignore it, and a reader showing many entries
on one page would take "#note-1" to the first entry that has one. The text's links
are resolved here, once per version of a chapter (Cache.map); the notes' are written
absolute by the template, given absolute `urls` and the page's address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin

from .cache import Cache
from .config import Settings
from .model import Entry
from .urls import Urls

PULL_QUOTE_RE = re.compile(r'<aside\b[^>]*\bclass="pullquote"[^>]*>.*?</aside>\s*', re.S)
SCREEN_READER_ONLY_RE = re.compile(r'<span\b[^>]*\bclass="visually-hidden"[^>]*>[^<]*</span>')
URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "cite"})  # each one URL
# The ids of the notes and citations: every entry has ref-1 and note-1, and a reader that
# shows entries on one page would hold each many times. Every link to them leads to the
# chapter's page (absolute_links), so in a feed they are dropped, with what names them.
PAGE_ONLY_ID_RE = re.compile(r"(?:ref|note|fnref|fn)[-:]\d+|notes|notes-heading|asides")
ID_ATTRIBUTES = frozenset({"id", "aria-labelledby"})
WITH_URLS = URL_ATTRIBUTES | {"srcset"} | ID_ATTRIBUTES
TAG_NAME_RE = re.compile(r"<([^\s/>]+)")
# An attribute as written, its value skipped: HTMLParser gives names in lower case, and
# SVG's are case-sensitive (viewBox), for a reader that reads the entry as XML.
ATTRIBUTE_RE = re.compile(r"""\s+([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
NEWLINE_RE = re.compile("\n")  # HTMLParser counts lines by \n alone


@dataclass(frozen=True)
class FeedText:
    """A chapter's text as its feed entry shows it: a value of its own, so that it keeps
    its fingerprint, and a feed unchanged is keyed at no cost."""

    html: str


def feed_text(chapter: Entry, base_url: str) -> FeedText:
    """For Cache.map: the chapter's body as its entry shows it, its links absolute."""
    return FeedText(for_feed(chapter.body.html, Urls(base_url).chapter(chapter.slug, chapter.lang)))


def with_texts(given: dict, settings: Settings, cache: Cache) -> dict:
    """A feed's context (pages.PageData.feed) with each chapter's text as its entry shows
    it, in the order of its chapters, and `urls` that give absolute URLs (the notes')."""
    texts = tuple(cache.map(feed_text, given["chapters"], common=settings.base_url))
    return given | {"texts": texts, "urls": Urls(settings.base_url)}


def for_feed(html: str, page_url: str) -> str:
    """A chapter body's HTML as a feed entry shows it; page_url: the chapter page's
    absolute address."""
    return absolute_links(SCREEN_READER_ONLY_RE.sub("", PULL_QUOTE_RE.sub("", html)), page_url)


def absolute_links(html: str, page_url: str) -> str:
    """The HTML with every URL in it resolved against page_url: "#note-1" is the page's
    note, "/en/sources/" the site's page. Only the tags that hold a URL are written
    anew; the rest is the text as it was, byte for byte."""
    finder = _UrlTags()
    finder.feed(html)
    finder.close()
    if not finder.found:
        return html
    line_starts = [0, *(match.end() for match in NEWLINE_RE.finditer(html))]
    parts, end = [], 0
    for (line, column), text, attributes in finder.found:
        start = line_starts[line - 1] + column
        parts += [html[end:start], _tag(text, attributes, page_url)]
        end = start + len(text)
    parts.append(html[end:])
    return "".join(parts)


class _UrlTags(HTMLParser):
    """Where each start tag with a URL attribute is, as an HTML parser reads the text (a
    link written out in the text, or in a comment, is not a tag), and its attributes."""

    def __init__(self):
        # Entities are left as they are: only the tags are looked at (and it is faster).
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[tuple[int, int], str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Called for <img ... /> too: handle_startendtag passes it on here.
        if any(name in WITH_URLS for name, _ in attrs):
            self.found.append((self.getpos(), self.get_starttag_text() or "", attrs))


def _tag(text: str, attributes: list[tuple[str, str | None]], page_url: str) -> str:
    """A start tag written again, its URLs resolved; its name and its attributes' names
    as written (SVG's are case-sensitive), in their order, their values escaped."""
    name = TAG_NAME_RE.match(text).group(1)
    written = []
    for as_written, (attribute, value) in zip(
        _names_as_written(text, name, attributes), attributes, strict=True
    ):
        if value is None:
            written.append(f" {as_written}")
            continue
        if attribute in ID_ATTRIBUTES and PAGE_ONLY_ID_RE.fullmatch(value):
            continue
        if attribute in URL_ATTRIBUTES:
            value = _resolved(value, page_url)
        elif attribute == "srcset":
            value = _srcset(value, page_url)
        written.append(f' {as_written}="{escape(value)}"')
    return f"<{name}{''.join(written)}{'/>' if text.endswith('/>') else '>'}"


def _names_as_written(text: str, name: str, attributes: list[tuple[str, str | None]]) -> list[str]:
    lowered = [attribute for attribute, _ in attributes]
    written = [match.group(1) for match in ATTRIBUTE_RE.finditer(text, len(name) + 1)]
    return written if [each.lower() for each in written] == lowered else lowered


def _resolved(url: str, page_url: str) -> str:
    # Most links are the page's own notes: page_url has no fragment, so "#x" is appended
    # as urljoin would, at a fraction of its cost.
    return page_url + url if url.startswith("#") else urljoin(page_url, url)


def _srcset(value: str, page_url: str) -> str:
    """Each candidate's URL resolved. The generator writes every srcset itself (images.py),
    "URL width" pairs between commas; the sanitiser lets none through from the text."""
    candidates = []
    for candidate in value.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        candidates.append(f"{_resolved(url, page_url)} {descriptor}".rstrip())
    return ", ".join(candidates)
