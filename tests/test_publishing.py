"""Publishing for real: feeds a reader can use, dates a reader can trust, a sitemap a
crawler can use, read from the built files with real clients (feedparser, the RFC 4287
RELAX NG schema)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import pytest
import rnc2rng
import yaml
from bs4 import BeautifulSoup
from lxml import etree
from projects import SITE_YAML, chapter, image_bytes
from sitereader import ids, resolve, soup

ATOM = "{http://www.w3.org/2005/Atom}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SCHEMA = Path(__file__).parent / "schemas" / "atom.rnc"

PULL_QUOTE_BODY = """\
## The start

First fact [@alpha]. Second [@alpha; @beta]. The line that stands out.

> [!PULL]
> The line that stands out.

See [two](two.en.md#later).
"""


@pytest.fixture(scope="module")
def atom_schema():
    # The converter writes xmlns:local="" for the schema's `local` (no) namespace,
    # which XML does not allow; the schema's rules use ns="" where they mean it.
    rng = rnc2rng.dumps(rnc2rng.load(str(SCHEMA))).replace('xmlns:local=""', "")
    return etree.RelaxNG(etree.fromstring(rng.encode("utf-8")))


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from projects import new_project

    one = chapter("One", 1, PULL_QUOTE_BODY, published="2026-10-01")
    project = new_project(tmp_path_factory.mktemp("published") / "project", {"content/one.en.md": one})
    project.build()
    return project


def entries(project, lang: str) -> dict[str, ET.Element]:
    feed = ET.parse(project.out / lang / "feed.xml").getroot()
    return {entry.find(f"{ATOM}link").get("href"): entry for entry in feed.iter(f"{ATOM}entry")}


def test_every_feed_is_valid_atom_per_the_rfc_4287_schema(published, real_site, atom_schema):
    for project in (published, real_site):
        for lang in ("en", "zh"):
            feed = etree.parse(str(project.out / lang / "feed.xml"))
            assert atom_schema.validate(feed), f"{project.root.name}/{lang}: {atom_schema.error_log}"


def test_the_schema_test_can_fail(published, atom_schema):
    feed = (published.out / "en" / "feed.xml").read_bytes().replace(b"<id>", b"<identifier>", 1)
    assert not atom_schema.validate(etree.fromstring(feed.replace(b"</id>", b"</identifier>", 1)))


def test_note_and_citation_links_in_a_feed_entry_lead_to_the_chapter_page(published):
    for url, entry in entries(published, "en").items():
        base = entry.get(XML_BASE)
        assert base == url, "an entry's relative links resolve against its own page"
        html = BeautifulSoup(entry.find(f"{ATOM}content").text, "html.parser")
        note_links = [a["href"] for a in html.select("sup.cite a")]
        assert note_links
        for href in note_links:
            assert urljoin(base, href).startswith(url + "#note-")  # the page's note: the entry has no ids
        assert html.select(".notes li"), "the notes are shown in the entry too"


LINKED_BODY = """\
## The start

![Two looms](images/looms.jpg)

First fact [@alpha; @beta].[^1] Back to [the start](#the-start); on to [two](two.en.md#later).
A link is written `<a href="#the-start">`.

[^1]: An aside.
"""


def links_in(content: BeautifulSoup) -> list[str]:
    """Every URL of an entry's content a reader may follow or load: href, src, srcset."""
    found = []
    for element in content.find_all(True):
        found += [element[name] for name in ("href", "src") if element.has_attr(name)]
        if element.has_attr("srcset"):
            found += [candidate.split()[0] for candidate in element["srcset"].split(",")]
    return found


def lands(out: Path, base_path: str, link: str, pages: dict) -> bool:
    """An absolute link into the site: whether it leads to a file the build made and, with a
    #fragment, to an id that page has. pages: page -> its ids, each page parsed once."""
    parts = urlsplit(link)
    target, _ = resolve(out, base_path, parts.path)
    if not target.is_file():
        return False
    if parts.fragment and target not in pages:
        pages[target] = ids(soup(target))
    return not parts.fragment or parts.fragment in pages[target]


def test_every_link_in_a_feed_entry_is_absolute_and_leads_to_its_page(make_project, real_site):
    """Many feed readers ignore xml:base, and a river view shows many entries on one page,
    each with its own note 1: a relative link would lead nowhere, or into another entry.
    Each leads to its note on the chapter's page."""
    linked = make_project({"content/one.en.md": chapter("One", 1, LINKED_BODY),
                           "content/images/looms.jpg": image_bytes(1600, 1000)})  # fmt: skip
    linked.build()
    for project in (linked, real_site):
        base = urlsplit(yaml.safe_load((project.root / "site.yaml").read_text(encoding="utf-8"))["base_url"])
        pages: dict = {}
        for lang in ("en", "zh"):
            for url, entry in entries(project, lang).items():
                content = BeautifulSoup(entry.find(f"{ATOM}content").text, "html.parser")
                links = links_in(content)
                own = [link for link in links if urldefrag(link).url == url]
                assert own and all(link.startswith(url + "#") for link in own), url
                for link in links:
                    parts = urlsplit(link)
                    absolute = parts.scheme in ("http", "https") and bool(parts.netloc)
                    assert absolute or parts.scheme == "mailto", f"{url}: {link}"
                    if parts.netloc == base.netloc:  # the site's own
                        assert lands(project.out, base.path, link, pages), f"{url}: {link}"
    one = entries(linked, "en")["https://example.org/story/en/one/"].find(f"{ATOM}content").text
    assert '<a href="#the-start">' in BeautifulSoup(one, "html.parser").get_text()  # text, left as written


def test_a_feed_reader_shows_the_text_once_and_no_screen_reader_words(published):
    entry = entries(published, "en")["https://example.org/story/en/one/"]
    text = entry.find(f"{ATOM}content").text
    page = published.page("/en/one/")
    assert "visually-hidden" in page and "The line that stands out." in page  # as on the page
    assert "visually-hidden" not in text
    assert page.count("The line that stands out.") == 2
    assert text.count("The line that stands out.") == 1
    assert "Alpha Daily" in text  # the notes say what each number cites


def test_entries_have_published_and_updated_dates_and_ids_that_survive_a_move(make_project):
    one = chapter("One", 1, "Text [@alpha].\n", published="2026-10-01")
    project = make_project({"content/one.en.md": one})
    project.build()
    parsed = feedparser.parse(str(project.out / "en" / "feed.xml"))
    assert not parsed.bozo, parsed.bozo_exception
    by_link = {entry.link: entry for entry in parsed.entries}
    first = by_link["https://example.org/story/en/one/"]
    assert first.published.startswith("2026-10-01") and first.updated.startswith("2026-11-20")
    assert all(entry.get("published") and entry.get("updated") for entry in parsed.entries)
    ids = {entry.id for entry in parsed.entries}
    assert all(entry_id.startswith("tag:example.org,2026:story/") for entry_id in ids)
    project.write("site.yaml", SITE_YAML.replace("https://example.org/story/", "https://moved.example.net/"))
    project.build()
    moved = feedparser.parse(str(project.out / "en" / "feed.xml"))
    assert {entry.link for entry in moved.entries} == {
        "https://moved.example.net/en/one/",
        "https://moved.example.net/en/two/",
    }
    assert {entry.id for entry in moved.entries} == ids


def test_the_bilingual_cover_offers_both_feeds_and_an_edition_its_own(published):
    def feeds(path: str) -> set[str]:
        soup = BeautifulSoup(published.page(path), "html.parser")
        return {link["href"] for link in soup.find_all("link", type="application/atom+xml")}

    assert feeds("/") == {"/story/en/feed.xml", "/story/zh/feed.xml"}
    assert feeds("/zh/") == {"/story/zh/feed.xml"}
    for href in feeds("/"):
        assert (published.out / href.removeprefix("/story/")).is_file()


def test_every_page_and_feed_names_an_icon_a_phone_and_a_feed_reader_can_show(published):
    """The one icon was an SVG, which Safari before 26 (an iPhone not updated since 2025)
    and feed readers do not show: a blank square or a grey letter stood for the site, and
    a phone's home screen got a screenshot. Now PNGs too, and the feeds name theirs."""
    from PIL import Image

    def drawn(href: str) -> Image.Image:
        return Image.open(published.out / urlsplit(href).path.removeprefix("/story/"))

    for path in ("/", "/en/", "/zh/one/", "/en/sources/"):
        soup = BeautifulSoup(published.page(path), "html.parser")
        png = soup.find("link", rel="icon", type="image/png")
        assert png["sizes"] == "32x32" and drawn(png["href"]).size == (32, 32)
        touch = drawn(soup.find("link", rel="apple-touch-icon")["href"])
        assert touch.size == (180, 180) and touch.mode == "RGB"  # no transparent corner to turn black
        assert (
            soup.find_all("link", rel="icon")[-1]["type"] == "image/svg+xml"
        )  # the SVG where it can be shown
    for lang in ("en", "zh"):
        icon = ET.parse(published.out / lang / "feed.xml").getroot().find(f"{ATOM}icon").text
        assert icon.startswith("https://example.org/story/static/") and drawn(icon).size == (180, 180)


def test_a_chapter_shows_when_it_was_published_and_updated_in_its_language(published):
    english = BeautifulSoup(published.page("/en/one/"), "html.parser")
    times = {t["datetime"]: t.text for t in english.select(".chapter-header .meta time")}
    assert times == {"2026-10-01": "October 1, 2026", "2026-11-20": "November 20, 2026"}
    chinese = BeautifulSoup(published.page("/zh/two/"), "html.parser")
    shown = chinese.select_one(".chapter-header .meta").get_text(" ", strip=True)
    assert "2026年11月20日" in shown  # `published` not given: it is the day of `updated`


def test_updated_before_published_is_an_error_and_a_future_date_a_warning(make_project):
    early = chapter("One", 1, "Text [@alpha].\n", published="2026-12-01")
    project = make_project({"content/one.en.md": early})
    result = project.run("check")
    assert result.returncode == 1
    assert (
        "content/one.en.md:5: error: updated (2026-11-20) is before published (2026-12-01)" in result.stderr
    )
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    project.write("content/one.en.md", chapter("One", 1, "Text [@alpha].\n").replace("2026-11-20", future))
    result = project.run("check")
    assert result.returncode == 0, result.stderr
    assert f"content/one.en.md:5: warning: updated: {future} is in the future" in result.stderr


def test_every_sitemap_url_has_its_lastmod_and_the_404_page_no_address(published):
    urls = ET.parse(published.out / "sitemap.xml").getroot().findall(f"{SITEMAP}url")
    assert urls
    lastmods = {}
    for url in urls:
        lastmod = url.find(f"{SITEMAP}lastmod")
        assert lastmod is not None, url.find(f"{SITEMAP}loc").text
        lastmods[url.find(f"{SITEMAP}loc").text] = dt.date.fromisoformat(lastmod.text)
    assert lastmods["https://example.org/story/en/one/"] == dt.date(2026, 11, 20)
    assert lastmods["https://example.org/story/"] == max(lastmods.values())
    not_found = BeautifulSoup((published.out / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert not_found.find("link", rel="canonical") is None
    assert not_found.find("meta", property="og:url") is None
    # One page at every missing address of every edition: its title in each language.
    headings = [heading.get_text() for heading in not_found.select("main :is(h1, h2)")]
    assert len(headings) >= 2 and all(heading in not_found.title.get_text() for heading in headings)
    robots = (published.out / "robots.txt").read_text(encoding="utf-8")
    assert "Sitemap: https://example.org/story/sitemap.xml" in robots


def test_no_id_is_held_by_two_entries_of_a_feed(real_site):
    """A reader showing several entries on one page held note-1, ref-1 and notes once per
    chapter: the ids were the page's, and every link to them already leads to the page."""
    for lang in ("en", "zh", "zh-hant"):
        seen: dict[str, str] = {}
        for url, entry in entries(real_site, lang).items():
            content = BeautifulSoup(entry.find(f"{ATOM}content").text, "html.parser")
            for element in content.find_all(id=True):
                assert element["id"] not in seen, (lang, element["id"], seen.get(element["id"]), url)
                seen[element["id"]] = url
        assert seen, lang  # the headings keep theirs


def test_the_drawings_in_a_feed_entry_keep_their_case_sensitive_attributes(real_site):
    """A map's and a chart's <svg>, written again for its links and ids, came out with
    viewbox and preserveaspectratio: a reader that reads the entry as XML ignores those."""
    for lang in ("en", "zh", "zh-hant"):
        contents = [entry.find(f"{ATOM}content").text for entry in entries(real_site, lang).values()]
        drawings = [svg for content in contents for svg in re.findall(r"<svg\b[^>]*>", content)]
        assert drawings, lang
        for svg in drawings:
            assert "viewBox=" in svg and not re.search(r"\s(viewbox|preserveaspectratio)=", svg), svg


def test_a_client_asking_for_favicon_ico_at_the_root_gets_the_sites_icon(published):
    """Crawlers and feed readers ask for /favicon.ico, never reading a page's
    <link rel="icon">: it answered 404, and they showed a blank square for the site."""
    from PIL import Image

    icon = published.out / "favicon.ico"
    with Image.open(icon) as image:
        assert image.format == "ICO" and {(16, 16), (32, 32)} <= set(image.info["sizes"])
        image.size = (32, 32)
        colours = image.convert("RGB").getcolors(32 * 32)
    assert len(colours) > 2  # drawn, not a blank square
    assert not list((published.out / "static").glob("favicon*.ico"))  # at the root, and only there
