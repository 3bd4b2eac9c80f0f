"""The story as a reader view shows it: a phone's reader mode, a read-later app, a feed
reader fetching the whole article. They keep the element a page's paragraphs are in and
drop what looks like page furniture, so the notes that the citations lead to, the asides
and the sources page's introduction must be where such a reader keeps them.

Read by readability-lxml, of the arc90 line Safari Reader comes from (it drops every
class holding "foot" or "header"); Firefox's Readability.js, checked by hand on the same
pages, keeps what this one keeps."""

from __future__ import annotations

import pytest
from lxml import html
from readability import Document

CHAPTERS = ("first-shop", "returnees", "hanfu", "heze")
EDITIONS = ("en", "zh", "zh-hant")


def page(real_site, path: str) -> html.HtmlElement:
    return html.fromstring((real_site.out / path / "index.html").read_text(encoding="utf-8"))


def reader_view(real_site, path: str) -> html.HtmlElement:
    """What the reader view keeps of the page, as HTML."""
    source = (real_site.out / path / "index.html").read_text(encoding="utf-8")
    return html.fromstring(Document(source).summary(html_partial=True))


def dangling(view: html.HtmlElement) -> list[str]:
    """The links within the page that lead to nothing the reader view kept."""
    kept = set(view.xpath("//@id"))
    return sorted({href for href in view.xpath("//a/@href") if href.startswith("#") and href[1:] not in kept})


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("slug", CHAPTERS)
def test_a_reader_view_of_a_chapter_keeps_its_notes_and_asides(real_site, edition, slug):
    """The notes were a sibling of the text, the asides a div.footnote: a reader view kept
    neither, and every citation and aside marker in it led nowhere."""
    path = f"{edition}/{slug}"
    shown, view = page(real_site, path), reader_view(real_site, path)
    notes = shown.xpath("//*[starts-with(@id, 'note-')]/@id")
    assert notes and view.xpath("//*[starts-with(@id, 'note-')]/@id") == notes
    assert len(view.xpath("//a[@class='aside-ref']")) == len(shown.xpath("//a[@class='aside-ref']"))
    assert dangling(view) == []
    # The whole text is there, each section heading of it.
    headings = [h.text_content() for h in shown.xpath("//div[@class='prose']//h2")]
    assert [h.text_content() for h in view.xpath("//h2")] == headings


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_reader_view_of_the_sources_page_keeps_its_introduction_and_notes(real_site, edition):
    """The introduction (what was corrected, and on whose authority) sat in the page's
    header, which a reader view drops, and its notes were left citing from nothing."""
    path = f"{edition}/sources"
    shown, view = page(real_site, path), reader_view(real_site, path)
    introduction = shown.xpath("//main/div[@class='prose']/p[1]")[0].text_content()
    assert introduction in view.text_content()
    assert len(view.xpath("//ol[@class='sources']/li")) == len(shown.xpath("//ol[@class='sources']/li"))
    assert view.xpath("//*[starts-with(@id, 'note-')]") and dangling(view) == []
