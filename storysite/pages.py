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

from dataclasses import dataclass, field

from .config import Settings
from .model import ChapterLink, Entry, Site

FEED_LENGTH = 20  # the most recently updated chapters; a feed reader wants news, not the archive
PAGE_KINDS_WITH_INTROS = ("timeline", "sources")


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


def plan_pages(site: Site, settings: Settings) -> list[Page]:
    """Every HTML page, with alternates that point only to pages that exist."""
    languages, original = settings.languages, settings.original_language
    editions = {lang: f"{lang}/" for lang in languages}
    pages = [
        Page("", "cover.html", original, settings.title[original], settings.standfirst[original], "cover",
             alternates=editions)
    ]  # fmt: skip
    translated = _languages_by_slug(site, languages)
    for lang in languages:
        pages.append(Page(f"{lang}/", "home.html", lang, settings.title[lang], settings.standfirst[lang],
                          "home", alternates=editions))  # fmt: skip
        pages.extend(_chapter_pages(site, lang, translated, original))
        pages.extend(_intro_page(site, name, lang, settings) for name in PAGE_KINDS_WITH_INTROS)
    return pages


def _intro_page(site: Site, name: str, lang: str, settings: Settings) -> Page:
    intro = site.intros.get((name, lang))
    alternates = {code: f"{code}/{name}/" for code in settings.languages}
    return Page(
        path=f"{lang}/{name}/",
        template=f"{name}.html",
        lang=lang,
        title=intro.title if intro else name.title(),
        description=intro.meta.summary if intro else settings.title[lang],
        kind=name,
        alternates=alternates,
        entry=intro,
        x_default=alternates[settings.original_language],
    )


def _chapter_pages(site: Site, lang: str, translated: dict, original: str) -> list[Page]:
    """translated: slug -> the languages the chapter is in."""
    chapters = site.chapters[lang]
    links = [chapter.link for chapter in chapters]
    pages = []
    for index, chapter in enumerate(chapters):
        alternates = {other: f"{other}/{chapter.slug}/" for other in translated[chapter.slug]}
        page = Page(
            path=f"{lang}/{chapter.slug}/",
            template="chapter.html",
            lang=lang,
            title=chapter.title,
            description=chapter.meta.summary,
            kind="chapter",
            alternates=alternates,
            entry=chapter,
            previous=links[index - 1] if index > 0 else None,
            next=links[index + 1] if index + 1 < len(links) else None,
            x_default=alternates.get(original) or next(iter(alternates.values())),
            position=index + 1,
            total=len(chapters),
        )
        pages.append(page)
    return pages


def _languages_by_slug(site: Site, languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """slug -> the languages the chapter is in, in the site's order of languages."""
    found: dict[str, tuple[str, ...]] = {}
    for lang in languages:
        for chapter in site.chapters[lang]:
            found[chapter.slug] = found.get(chapter.slug, ()) + (lang,)
    return found


class PageData:
    """What each kind of page is given besides the common context, built once per build
    and shared, so that a value every page of an edition gets is one object."""

    def __init__(self, site: Site, languages: tuple[str, ...]):
        self.site = site
        self.contents = {lang: site.contents(lang) for lang in languages}
        self._citations: dict[str, dict] = {}

    def __call__(self, page: Page) -> dict:
        return getattr(self, "_" + page.kind)(page)

    def _cover(self, page: Page) -> dict:
        return {"contents": self.contents}

    def _home(self, page: Page) -> dict:
        return {"chapters": self.site.chapters[page.lang]}

    def _chapter(self, page: Page) -> dict:
        cited = {note.source_id for note in page.entry.body.notes}
        return {
            "contents": self.contents[page.lang],
            "sources": {sid: source for sid, source in self.site.sources.items() if sid in cited},
            "stale": (page.entry.slug, page.lang) in self.site.stale,
        }

    def _timeline(self, page: Page) -> dict:
        return {"timeline": self.site.timeline, "sources": self.site.sources}

    def _sources(self, page: Page) -> dict:
        if page.lang not in self._citations:
            self._citations[page.lang] = self.site.citations(page.lang)
        return {"sources": self.site.sources, "citations": self._citations[page.lang]}

    def feed(self, lang: str) -> dict:
        chapters = self.site.chapters[lang]
        newest = sorted(chapters, key=lambda c: (c.meta.updated, -c.order), reverse=True)[:FEED_LENGTH]
        return {"chapters": tuple(sorted(newest, key=lambda c: (c.order, c.slug)))}

    @staticmethod
    def sitemap(pages: list[Page]) -> dict:
        return {"pages": tuple(PageLinks(p.path, p.alternates, p.x_default) for p in pages)}
