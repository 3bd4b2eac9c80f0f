"""Which pages the site has, at which URLs, and how they point to each other.

A Page is plain data: its URL path, the template that draws it, its language,
and its translations. The render stage turns each into bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

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


def plan_pages(site: Site, languages: tuple[str, ...], title: dict, standfirst: dict) -> list[Page]:
    """Every HTML page, with alternates that point only to pages that exist."""
    original = languages[0]
    pages = [Page("", "cover.html", original, title[original], standfirst[original], "cover")]
    for lang in languages:
        pages.append(Page(f"{lang}/", "home.html", lang, title[lang], standfirst[lang], "home"))
        pages.extend(_chapter_pages(site, lang))
        for name in ("timeline", "sources"):
            intro = site.intros.get((name, lang))
            heading = intro.title if intro else name.title()
            summary = intro.meta["summary"] if intro else title[lang]
            pages.append(Page(f"{lang}/{name}/", f"{name}.html", lang, heading, summary, name, entry=intro))
    return _link_alternates(pages, original)


def _chapter_pages(site: Site, lang: str) -> list[Page]:
    chapters = site.chapters[lang]
    pages = []
    for index, chapter in enumerate(chapters):
        pages.append(
            Page(
                path=f"{lang}/{chapter.slug}/",
                template="chapter.html",
                lang=lang,
                title=chapter.title,
                description=chapter.meta["summary"],
                key=f"chapter:{chapter.slug}",
                entry=chapter,
                previous=chapters[index - 1] if index > 0 else None,
                next=chapters[index + 1] if index + 1 < len(chapters) else None,
                position=index + 1,
                total=len(chapters),
            )
        )
    return pages


def _link_alternates(pages: list[Page], original: str) -> list[Page]:
    by_key: dict[str, dict[str, str]] = {}
    for page in pages:
        if page.key != "cover":
            by_key.setdefault(page.key, {})[page.lang] = page.path
    linked = []
    for page in pages:
        alternates = by_key.get("home" if page.key == "cover" else page.key, {})
        if page.key in ("cover", "home"):
            x_default = ""
        else:
            x_default = alternates.get(original) or next(iter(alternates.values()))
        linked.append(replace(page, alternates=alternates, x_default=x_default))
    return linked
