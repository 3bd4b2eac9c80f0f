"""Small Markdown extensions for the story: pull quotes, figures, charts and maps,
links between chapter files, Chinese line breaks and heading bookkeeping."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.treeprocessors import Treeprocessor

from .model import Heading

HAN = r"\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
HAN_BREAK_RE = re.compile(rf"(?<=[{HAN}])[ \t]*\n[ \t]*(?=[{HAN}])")
CHART_RE = re.compile(r"^::: (chart|map) ([a-z0-9-]+)[ \t]*$")  # the kind of figure, its id
CHAPTER_LINK_RE = re.compile(r"^([a-z0-9-]+)\.([a-z]+)\.md(#.*)?$")
PULL_MARK = "[!PULL]"
RESERVED_IDS = {"main", "top", "notes", "footnotes", "asides", "site-nav", "chapter-nav", "switcher"}


class _PullQuotes(Treeprocessor):
    """`> [!PULL]` block quotes become asides that screen readers skip."""

    def run(self, root):
        for quote in root.iter("blockquote"):
            first = quote[0] if len(quote) else None
            if first is None or first.tag != "p" or not (first.text or "").startswith(PULL_MARK):
                continue
            first.text = first.text[len(PULL_MARK) :].lstrip()
            quote.tag = "aside"
            quote.set("class", "pullquote")
            quote.set("aria-hidden", "true")


class _Figures(Treeprocessor):
    """An image alone in its paragraph becomes a figure with its title as caption."""

    def run(self, root):
        for para in root.iter("p"):
            if len(para) != 1 or para[0].tag != "img" or (para.text or "").strip():
                continue
            image = para[0]
            if (image.tail or "").strip():
                continue
            para.tag = "figure"
            caption = image.attrib.pop("title", "")
            if caption:
                etree.SubElement(para, "figcaption").text = caption


class _WideTables(Treeprocessor):
    """A table in a box of its own that scrolls sideways: its columns cannot be narrower
    than their longest words, and on a phone whose reader has made the text larger the
    whole page scrolled sideways instead (the style sheet: .table-scroll)."""

    def run(self, root):
        for parent in list(root.iter()):
            for index, child in enumerate(parent):
                if child.tag == "table":
                    box = etree.Element("div", {"class": "table-scroll"})
                    box.tail, child.tail = child.tail, None
                    parent[index] = box
                    box.append(child)


class _Links(Treeprocessor):
    """`first-shop.en.md#x` -> the chapter's URL; image paths -> their published URL."""

    def __init__(self, md, ext):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        chapter_url = self.ext.getConfig("chapter_url")
        media_url = self.ext.getConfig("media_url")
        for link in root.iter("a"):
            match = CHAPTER_LINK_RE.match(link.get("href", ""))
            if match:
                link.set("href", chapter_url(match[1], match[2]) + (match[3] or ""))
        for image in root.iter("img"):
            src = image.get("src", "")
            if not re.match(r"^[a-z]+:|^/", src):
                image.set("src", media_url(src))
            image.set("loading", "lazy")


class _HanLineBreaks(Treeprocessor):
    """A line break between two Han characters is not a space in Chinese."""

    def run(self, root):
        for element in root.iter():
            if element.tag in ("pre", "code"):
                continue
            if element.text and "\n" in element.text:
                element.text = HAN_BREAK_RE.sub("", element.text)
            if element.tail and "\n" in element.tail:
                element.tail = HAN_BREAK_RE.sub("", element.tail)


class _Headings(Treeprocessor):
    """Keep heading ids clear of the page's own ids, and list the headings."""

    def __init__(self, md, ext):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        found = [e for e in root.iter() if e.tag in ("h2", "h3", "h4", "h5", "h6") and e.get("id")]
        taken = {element.get("id") for element in found}
        for element in found:
            if element.get("id") in RESERVED_IDS or re.match(r"^(note|ref)-\d+$", element.get("id")):
                element.set("id", _free(element.get("id") + "-section", taken))
        self.ext.headings = tuple(Heading(int(e.tag[1]), e.get("id"), "".join(e.itertext())) for e in found)


def _free(wanted: str, taken: set[str]) -> str:
    """wanted, or wanted-2, -3...: "## Notes" renamed notes-section must not take the id of
    a heading "## Notes section" (two ids alike: its links led to the first)."""
    chosen, number = wanted, 1
    while chosen in taken:
        number += 1
        chosen = f"{wanted}-{number}"
    taken.add(chosen)
    return chosen


def _as_footnote(aside) -> None:
    """An aside's text in an element whose role says what it is (DPUB-ARIA's
    doc-footnote, which a list item may not carry): for assistive technology, now that
    its class no longer says "footnote" (see _Asides)."""
    note = etree.Element("div", {"role": "doc-footnote"})
    note.text, aside.text = aside.text, None
    for child in list(aside):
        aside.remove(child)
        note.append(child)
    aside.append(note)


class _Asides(Treeprocessor):
    """Footnotes hold asides, not sources: they are lettered (a, b, c) so that a reader
    never takes one for a numbered source note, their markers and back links say what
    they are to screen readers, and they sit under a heading of their own.

    Their classes say aside, not footnote: reader views of the arc90 line (Safari
    Reader's, readability-lxml) drop every element whose class holds "foot", as a
    page's footer, so the asides and their markers vanished from the text there."""

    def __init__(self, md, ext):
        super().__init__(md)
        self.ext = ext

    def run(self, root):
        label = self.ext.getConfig("aside_label")
        for link in root.iter("a"):
            if (
                link.get("class") == "footnote-ref" and (link.text or "").isdigit()
            ):  # not one an editor classed so
                letter = aside_letter(int(link.text))
                link.set("class", "aside-ref")
                link.text = None
                _hidden(link, label).tail = letter
        for block in root.iter("div"):
            if block.get("class") == "footnote" and len(block) == 2 and block[0].tag == "hr":
                block.set("class", "asides")
                self._heading(block[0])
                self._back_links(block[1])

    def _heading(self, rule) -> None:
        rule.tag = "h2"
        rule.set("id", "asides")
        rule.text = self.ext.getConfig("asides_heading")

    def _back_links(self, asides) -> None:
        back = self.ext.getConfig("back_to_aside")
        for number, aside in enumerate(asides, start=1):
            _as_footnote(aside)
            for link in aside.iter("a"):
                if link.get("class") == "footnote-backref":
                    link.set("class", "aside-backref")
                    link.attrib.pop("title", None)  # a number, which would contradict the letter
                    # The arrow for the eye alone: a screen reader said it ("leftwards arrow
                    # with hook") before the words, which the notes' links back never do.
                    arrow = etree.Element("span", {"aria-hidden": "true"})
                    arrow.text, link.text = link.text, None
                    link.insert(0, arrow)
                    _hidden(link, " " + back % {"letter": aside_letter(number)})


def _hidden(parent, text: str):
    """Words for screen readers only, at the end of parent."""
    span = etree.SubElement(parent, "span", {"class": "visually-hidden"})
    span.text = text
    return span


def aside_letter(number: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa: as CSS counts a lower-alpha list."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


class _ChartBlocks(BlockProcessor):
    """`::: chart <id>` (or `::: map <id>`) on a line of its own leaves a slot the figure
    is drawn into.

    Only at the left margin of the text itself, where the line-by-line checks look
    for it (markup.check_body): indented, it is code or plain text, and inside a
    quote or a list it is text, so a chart that was never checked is never drawn."""

    def test(self, parent, block):
        return parent is self.parser.root and bool(CHART_RE.match(block.rstrip()))

    def run(self, parent, blocks):
        kind, figure_id = CHART_RE.match(blocks.pop(0).rstrip()).groups()
        etree.SubElement(parent, "div", {"class": f"{kind}-slot", f"data-{kind}": figure_id})


class StoryExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "chapter_url": [lambda slug, lang: f"/{lang}/{slug}/", "slug, lang -> URL"],
            "media_url": [lambda path: "/" + path, "content-relative path -> URL"],
            "aside_label": ["Aside ", "words read out before a footnote's letter"],
            "back_to_aside": ["Back to aside %(letter)s", "a footnote's back link, read out"],
            "asides_heading": ["Asides", "the heading over the footnotes"],
        }
        super().__init__(**kwargs)
        self.headings: tuple[Heading, ...] = ()

    def extendMarkdown(self, md):
        md.registerExtension(self)
        md.parser.blockprocessors.register(_ChartBlocks(md.parser), "chart", 95)
        md.treeprocessors.register(_PullQuotes(md), "pullquote", 25)
        md.treeprocessors.register(_Figures(md), "figure", 7)
        md.treeprocessors.register(_WideTables(md), "wide-tables", 6.5)
        md.treeprocessors.register(_Links(md, self), "story-links", 6)
        md.treeprocessors.register(_Headings(md, self), "headings", 4)
        md.treeprocessors.register(_Asides(md, self), "asides", 3.5)  # after the footnotes' own passes
        md.treeprocessors.register(_HanLineBreaks(md), "han-breaks", 2)

    def reset(self):
        self.headings = ()
