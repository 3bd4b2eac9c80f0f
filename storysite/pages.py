"""Which pages the site has, at which URLs, how they point to each other, and what
each kind of page is given to draw itself.

A Page is plain data: its URL path, the template that draws it, its language
and its translations. What a page's template may read is exactly what
`page_data` gives it (besides what every page gets, in render.py): the page is
cached under the fingerprint of that, so a page is given only what it shows. A
chapter page gets the other chapters as ChapterLinks (slug and title), not whole:
a change to another chapter's text does not redraw it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property

from .cache import Cache
from .citedin import PAGE_KINDS_WITH_INTROS, CitingPlaces, citation_index
from .config import Settings
from .maps import render_small
from .model import ChapterLink, Entry, FrontMatter, Site
from .urls import edition_path

FEED_LENGTH = 20  # the most recently updated chapters; a feed reader wants news, not the archive


@dataclass(frozen=True)
class Page:
    path: str  # URL path under the base URL: "", "en/", "en/first-shop/"
    template: str
    lang: str
    title: str
    description: str
    kind: str  # what the page is, the same in every language: "chapter", "home", "cover"...
    alternates: dict[str, str] = field(default_factory=dict)  # lang -> path
    entry: Entry | None = None  # a chapter, or the intro of the timeline or sources page
    previous: ChapterLink | None = None
    next: ChapterLink | None = None
    x_default: str = ""
    position: int = 0  # a chapter's place in the story, from 1
    total: int = 0  # how many chapters the story has in this language

    @property
    def output(self) -> str:
        if self.path.endswith((".xml", ".txt", ".html")):
            return self.path
        return self.path + "index.html"


@dataclass(frozen=True)
class PageLinks:
    """What the sitemap shows of a page."""

    path: str
    alternates: dict[str, str]
    x_default: str
    lastmod: dt.date | None = None  # when what the page shows last changed, as far as the editors say


@dataclass(frozen=True)
class Chapters:
    """One edition's chapters as their pages see each other: with a chapter itself, all
    that its page is drawn from (render.render_chapter). Made anew on every build from
    values that are not, so it is a cheap key; a chapter page is keyed by it and by its
    entry, which comes from the cache unchanged while its text is."""

    lang: str
    contents: tuple[ChapterLink, ...]  # in story order
    translated: Translations
    stale: frozenset[str]  # slugs whose translation is behind its original
    original: str

    @cached_property
    def positions(self) -> dict[str, int]:
        return {link.slug: index for index, link in enumerate(self.contents)}

    def alternates(self, slug: str) -> dict[str, str]:
        return {other: f"{edition_path(other)}{slug}/" for other in self.translated.languages[slug]}

    def x_default(self, alternates: dict[str, str]) -> str:
        return alternates.get(self.original) or next(iter(alternates.values()))


def chapter_page(chapter: Entry, chapters: Chapters) -> Page:
    index, links = chapters.positions[chapter.slug], chapters.contents
    alternates = chapters.alternates(chapter.slug)
    return Page(
        path=f"{edition_path(chapter.lang)}{chapter.slug}/",
        template="chapter.html",
        lang=chapter.lang,
        title=chapter.title,
        description=chapter.meta.summary,
        kind="chapter",
        alternates=alternates,
        entry=chapter,
        previous=links[index - 1] if index > 0 else None,
        next=links[index + 1] if index + 1 < len(links) else None,
        x_default=chapters.x_default(alternates),
        position=index + 1,
        total=len(links),
    )


def chapter_links(chapters: Chapters, metas: tuple[FrontMatter, ...]) -> tuple[PageLinks, ...]:
    """What the sitemap shows of an edition's chapter pages; metas: of each, in order
    (kept by the cache while the front matter is: a save of a chapter's text alone
    leaves them, and so this, as they were)."""
    found = []
    for link, lastmod in zip(chapters.contents, (meta.updated for meta in metas), strict=True):
        alternates = chapters.alternates(link.slug)
        path = f"{edition_path(chapters.lang)}{link.slug}/"
        found.append(PageLinks(path, alternates, chapters.x_default(alternates), lastmod))
    return tuple(found)


@dataclass(frozen=True)
class Plan:
    """Every HTML page: the chapters by their places, the others as Pages."""

    pages: list[Page]  # the cover, then each edition's home, timeline and sources
    chapters: dict[str, Chapters]  # per language


def plan_pages(site: Site, settings: Settings, cache: Cache) -> Plan:
    """Every HTML page, with alternates that point only to pages that exist."""
    languages, original = settings.languages, settings.original_language
    editions = {lang: edition_path(lang) for lang in languages}
    pages = [
        Page("", "cover.html", original, settings.title[original], settings.standfirst[original], "cover",
             alternates=editions)
    ]  # fmt: skip
    contents = {lang: site.contents(lang) for lang in languages}
    # From the cache: the same object while every edition's chapter list is, digested
    # once for all the pages given it.
    translated = cache.map(languages_by_slug, [tuple(contents.values())])[0]
    for lang in languages:
        pages.append(Page(edition_path(lang), "home.html", lang, settings.title[lang], settings.standfirst[lang],
                          "home", alternates=editions))  # fmt: skip
        pages.extend(_intro_page(site, name, lang, settings) for name in PAGE_KINDS_WITH_INTROS)
    chapters = {
        lang: Chapters(
            lang,
            contents[lang],
            translated,
            frozenset(slug for slug, stale_lang in site.stale if stale_lang == lang),
            original,
        )
        for lang in languages
    }
    return Plan(pages, chapters)


def _intro_page(site: Site, name: str, lang: str, settings: Settings) -> Page:
    intro = site.intros.get((name, lang))
    alternates = {code: f"{edition_path(code)}{name}/" for code in settings.languages}
    return Page(
        path=f"{edition_path(lang)}{name}/",
        template=f"{name}.html",
        lang=lang,
        title=intro.title if intro else name.title(),
        description=intro.meta.summary if intro else settings.title[lang],
        kind=name,
        alternates=alternates,
        entry=intro,
        x_default=alternates[settings.original_language],
    )


def search_page(lang: str, title: str, settings: Settings) -> Page:
    """An edition's search page; it is not listed in the sitemap (robots: noindex)."""
    alternates = {code: f"{edition_path(code)}search/" for code in settings.languages}
    return Page(
        path=alternates[lang],
        template="search.html",
        lang=lang,
        title=title,
        description=settings.standfirst[lang],
        kind="search",
        alternates=alternates,
        x_default=alternates[settings.original_language],
    )


@dataclass(frozen=True)
class Translations:
    """Which languages each chapter is in: one value, made once and kept by the cache
    while the chapter lists are, so that it is digested once, not once per edition."""

    languages: dict[str, tuple[str, ...]]  # slug -> its languages, in the site's order


def languages_by_slug(editions: tuple[tuple[ChapterLink, ...], ...]) -> Translations:
    """Which languages each chapter is in, in the order of the editions given."""
    found: dict[str, tuple[str, ...]] = {}
    for contents in editions:
        for chapter in contents:
            found[chapter.slug] = found.get(chapter.slug, ()) + (chapter.lang,)
    same: dict[tuple[str, ...], tuple[str, ...]] = {}  # one object per set of languages: keyed once
    return Translations({slug: same.setdefault(langs, langs) for slug, langs in found.items()})


class PageData:
    """What each kind of page is given besides the common context, built once per build
    and shared, so that a value every page of an edition gets is one object."""

    def __init__(self, site: Site, plan: Plan, cache: Cache, query_maps: dict | None = None):
        self.site = site
        self.cache = cache
        self.query_maps = query_maps or {}  # search.query_maps
        self.contents = {lang: chapters.contents for lang, chapters in plan.chapters.items()}

    def __call__(self, page: Page) -> dict:
        return getattr(self, "_" + page.kind)(page)

    def _cover(self, page: Page) -> dict:
        """The editions' contents, and each map small, in each language (its HTML)."""
        maps = {
            lang: tuple(render_small(locator, lang) for locator in self.site.maps.values())
            for lang in self.contents
        }
        return {"contents": self.contents, "maps": maps}

    def _home(self, page: Page) -> dict:
        return {"chapters": tuple(chapter.card for chapter in self.site.chapters[page.lang])}

    def _search(self, page: Page) -> dict:
        return {"query_map": self.query_maps.get(page.lang, {})}

    def _timeline(self, page: Page) -> dict:
        return {"timeline": self.site.timeline, "sources": self.site.sources}

    def _sources(self, page: Page) -> dict:
        site, lang = self.site, page.lang
        intros = (site.intros.get(("timeline", lang)), site.intros.get(("sources", lang)))
        places = CitingPlaces(site.chapters[lang], intros, site.timeline)
        return {"sources": site.sources, "citations": self.cache.map(citation_index, [places])[0]}

    def feed(self, lang: str) -> dict:
        """The most recently updated chapters, in story order (the earlier first on a tie)."""
        chapters = self.site.chapters[lang]
        updated = [chapter.meta.updated for chapter in chapters]
        # A stable sort keeps story order among equals, reversed or not.
        by_recency = sorted(range(len(chapters)), key=updated.__getitem__, reverse=True)
        shown = tuple(chapters[i] for i in sorted(by_recency[:FEED_LENGTH]))
        return {"chapters": shown, "sources": self.site.sources}

    def sitemap(self, plan: Plan, original: str) -> dict:
        """Every page's links, in the order of the editions: home, chapters, timeline, sources."""
        found = {
            page.path: link
            for page, link in zip(plan.pages, self.cache.map(links_of, plan.pages), strict=True)
        }
        latest = {lang: _latest(self.site, lang) for lang in plan.chapters}
        links = [replace(found[""], lastmod=max(filter(None, latest.values()), default=None))]
        for lang, chapters in plan.chapters.items():
            links.append(replace(found[edition_path(lang)], lastmod=latest[lang]))
            metas = tuple(entry.meta for entry in self.site.chapters[lang])
            links.extend(self.cache.map(chapter_links, [chapters], common=metas)[0])
            for name in PAGE_KINDS_WITH_INTROS:
                intro_page = found[f"{edition_path(lang)}{name}/"]
                links.append(intro_page if intro_page.lastmod else replace(intro_page, lastmod=latest[lang]))
        return {"pages": tuple(links)}


def _latest(site: Site, lang: str) -> dt.date | None:
    """The last change of an edition: its chapters' and its intros' `updated`."""
    intros = (entry for (_, code), entry in site.intros.items() if code == lang)
    return max((entry.meta.updated for entry in (*site.chapters[lang], *intros)), default=None)


def links_of(page: Page) -> PageLinks:
    lastmod = page.entry.meta.updated if page.entry else None
    return PageLinks(page.path, page.alternates, page.x_default, lastmod)
