"""Which pages the site has, at which URLs, and how they point to each other.

A Page is plain data: its URL path, the template that draws it, its language,
and its translations. The render stage turns each into bytes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property

from .cache import FORGETFUL, MISSING, SameObjects
from .model import Entry, Site


@dataclass(frozen=True)
class Page:
    path: str  # URL path under the base URL: "", "en/", "en/first-shop/"
    template: str
    lang: str
    title: str
    description: str
    key: str  # what the page is, the same in every language: "chapter:first-shop"
    alternates: dict[str, str] = field(default_factory=dict)  # lang -> path
    entry: Entry | None = None
    previous: Entry | None = None
    next: Entry | None = None
    x_default: str = ""
    position: int = 0  # a chapter's place in the story, from 1
    total: int = 0  # how many chapters the story has in this language

    @property
    def output(self) -> str:
        if self.path.endswith((".xml", ".txt", ".html")):
            return self.path
        return self.path + "index.html"

    @cached_property
    def own_key(self) -> str:
        """Everything the page is drawn from besides the whole site's shared data: every
        field of it, entries standing in by their digest. Part of its cache key."""
        values = tuple(
            value.digest if isinstance(value, Entry) else value
            for value in map(self.__getattribute__, PAGE_FIELDS)
        )
        return repr(values)

    @cached_property
    def links_key(self) -> str:
        """Of what the sitemap shows of the page."""
        return repr((self.path, sorted(self.alternates.items()), self.x_default))


PAGE_FIELDS = tuple(item.name for item in dataclasses.fields(Page))


def plan_pages(
    site: Site, languages: tuple[str, ...], title: dict, standfirst: dict, reuse: SameObjects | None = None
) -> list[Page]:
    """Every HTML page, with alternates that point only to pages that exist.

    reuse: the chapter pages planned last time (the preview's), handed back unchanged
    when their chapter, its neighbours and its place are the same objects and values."""
    original = languages[0]
    translated = _languages_by_slug(site, languages)
    planned = [dict(path="", template="cover.html", lang=original, title=title[original],
                    description=standfirst[original], key="cover")]  # fmt: skip
    for lang in languages:
        planned.append(dict(path=f"{lang}/", template="home.html", lang=lang, title=title[lang],
                            description=standfirst[lang], key="home"))  # fmt: skip
        planned.extend(_chapter_pages(site, lang, languages, translated, reuse or FORGETFUL))
        for name in ("timeline", "sources"):
            intro = site.intros.get((name, lang))
            heading = intro.title if intro else name.title()
            summary = intro.meta["summary"] if intro else title[lang]
            planned.append(dict(path=f"{lang}/{name}/", template=f"{name}.html", lang=lang, title=heading,
                                description=summary, key=name, entry=intro))  # fmt: skip
    return _with_alternates(planned, original)


def _chapter_pages(
    site: Site, lang: str, languages: tuple, translated: dict, reuse: SameObjects
) -> list[Page]:
    """translated: slug -> the languages the chapter is in."""
    chapters = site.chapters[lang]
    original = languages[0]
    pages = []
    for index, chapter in enumerate(chapters):
        previous = chapters[index - 1] if index > 0 else None
        following = chapters[index + 1] if index + 1 < len(chapters) else None
        neighbours = (chapter, previous, following)
        place = (lang, index + 1, len(chapters), translated[chapter.slug])
        page = reuse.find(neighbours, place)
        if page is MISSING:
            page = _chapter_page(*neighbours, *place, original)
            reuse.keep(neighbours, place, page)
        pages.append(page)
    return pages


def _languages_by_slug(site: Site, languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """slug -> the languages the chapter is in, in the site's order of languages."""
    found: dict[str, tuple[str, ...]] = {}
    for lang in languages:
        for chapter in site.chapters[lang]:
            found[chapter.slug] = found.get(chapter.slug, ()) + (lang,)
    return found


def _chapter_page(chapter, previous, following, lang, position, total, translated, original) -> Page:
    alternates = {other: f"{other}/{chapter.slug}/" for other in translated}
    return Page(
        path=f"{lang}/{chapter.slug}/",
        template="chapter.html",
        lang=lang,
        title=chapter.title,
        description=chapter.meta["summary"],
        key=f"chapter:{chapter.slug}",
        alternates=alternates,
        entry=chapter,
        previous=previous,
        next=following,
        x_default=alternates.get(original) or next(iter(alternates.values())),
        position=position,
        total=total,
    )


def _with_alternates(planned: list[dict | Page], original: str) -> list[Page]:
    """The pages still planned as dicts (all but the chapters) made Pages, with their alternates."""
    by_key: dict[str, dict[str, str]] = {}
    for page in planned:
        if isinstance(page, dict) and page["key"] != "cover":
            by_key.setdefault(page["key"], {})[page["lang"]] = page["path"]
    pages = []
    for page in planned:
        if isinstance(page, Page):
            pages.append(page)
            continue
        alternates = by_key.get("home" if page["key"] == "cover" else page["key"], {})
        if page["key"] in ("cover", "home"):
            x_default = ""
        else:
            x_default = alternates.get(original) or next(iter(alternates.values()))
        pages.append(Page(**page, alternates=alternates, x_default=x_default))
    return pages
