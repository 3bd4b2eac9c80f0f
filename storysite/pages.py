"""Which pages the site has, at which URLs, and how they point to each other.

A Page is plain data: its URL path, the template that draws it, its language,
and its translations. The render stage turns each into bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    planned = [dict(path="", template="cover.html", lang=original, title=title[original],
                    description=standfirst[original], key="cover")]  # fmt: skip
    for lang in languages:
        planned.append(dict(path=f"{lang}/", template="home.html", lang=lang, title=title[lang],
                            description=standfirst[lang], key="home"))  # fmt: skip
        planned.extend(_chapter_pages(site, lang))
        for name in ("timeline", "sources"):
            intro = site.intros.get((name, lang))
            heading = intro.title if intro else name.title()
            summary = intro.meta["summary"] if intro else title[lang]
            planned.append(dict(path=f"{lang}/{name}/", template=f"{name}.html", lang=lang, title=heading,
                                description=summary, key=name, entry=intro))  # fmt: skip
    return _with_alternates(planned, original)


def _chapter_pages(site: Site, lang: str) -> list[dict]:
    chapters = site.chapters[lang]
    return [
        dict(
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
        for index, chapter in enumerate(chapters)
    ]


def _with_alternates(planned: list[dict], original: str) -> list[Page]:
    by_key: dict[str, dict[str, str]] = {}
    for page in planned:
        if page["key"] != "cover":
            by_key.setdefault(page["key"], {})[page["lang"]] = page["path"]
    pages = []
    for page in planned:
        alternates = by_key.get("home" if page["key"] == "cover" else page["key"], {})
        if page["key"] in ("cover", "home"):
            x_default = ""
        else:
            x_default = alternates.get(original) or next(iter(alternates.values()))
        pages.append(Page(**page, alternates=alternates, x_default=x_default))
    return pages
