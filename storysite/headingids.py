"""Heading ids made from the heading's words, as Python-Markdown's `toc` makes them.

`toc` also builds, serialises and post-processes a table of contents for every
document, which the site never shows: that was most of its cost. This keeps only
what the site uses: each heading without an id gets `slugify_unicode` of its text
(Chinese headings keep their characters), made unique with `_1`, `_2` as `toc`
does, so links written against `toc`'s ids still lead to the same heading.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
NUMBERED_RE = re.compile(r"^(.*)_([0-9]+)$")
TAG_RE = re.compile(r"<[^>]*>")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


def unique(candidate: str, used: set[str]) -> str:
    """candidate, or candidate_1, _2... (x_1 becomes x_2): the first not used yet."""
    while candidate in used or not candidate:
        numbered = NUMBERED_RE.match(candidate)
        candidate = f"{numbered.group(1)}_{int(numbered.group(2)) + 1}" if numbered else f"{candidate}_1"
    used.add(candidate)
    return candidate


def _is_footnote_ref(element: etree.Element) -> bool:
    return element.tag == "sup" and (element.get("id") or "").startswith("fnref")


def _words(element: etree.Element) -> str:
    """The heading's text, escaped as it would be written out, footnote markers left out."""
    parts = [html.escape(element.text or "", quote=False)]
    for child in element:
        if not _is_footnote_ref(child):
            parts.append(_words(child))
        parts.append(html.escape(child.tail or "", quote=False))
    return "".join(parts)


def heading_text(element: etree.Element, raw_html: list) -> str:
    """What a reader reads: raw HTML put back and its tags dropped, entities decoded,
    spaces collapsed (in the order `toc` does it, so that the ids come out the same)."""

    def raw(match: re.Match) -> str:
        block = raw_html[int(match.group(1))]
        return block if isinstance(block, str) else etree.tostring(block, encoding="unicode")

    text = HTML_PLACEHOLDER_RE.sub(raw, _words(element)).replace(AMP_SUBSTITUTE, "&")
    text = TAG_RE.sub("", COMMENT_RE.sub("", text))
    return html.unescape(" ".join(text.split()))


class _HeadingIds(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        used = {element.get("id") for element in root.iter() if element.get("id")}
        raw_html = self.md.htmlStash.rawHtmlBlocks
        for element in root.iter():
            if element.tag in HEADINGS and "id" not in element.attrib:
                element.set("id", unique(slugify_unicode(heading_text(element, raw_html), "-"), used))


class HeadingIdsExtension(Extension):
    """Where `toc` ran (5): after the inline text is final, before our heading bookkeeping."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(_HeadingIds(md), "heading-ids", 5)
