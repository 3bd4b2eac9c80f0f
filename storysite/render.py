"""The fourth stage: Jinja templates + the Site -> (output path, bytes) for every file.

Each output is rendered by render_page from a PageJob: the templates (their
source text and interface text), the template's name and the context it is
given. Cache.map keys it by the fingerprint of all three, so a page is rendered
again exactly when something it is given changed.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from .assets import Assets
from .cache import Cache
from .cards import CardFont
from .config import Settings, SiteConfig
from .errors import SiteError
from .feeds import with_texts
from .i18n import Catalogs, Formatter, language_name
from .images import ImageLibrary, PublishedImage
from .languages import KNOWN_LANGUAGES, Language
from .linkeddata import article_data, website_data
from .model import Entry, Site
from .pages import Chapters, Page, PageData, Plan, chapter_page, plan_pages, search_page
from .parallel import MANY_SMALL
from .records import Source
from .search import SearchRecord, chapter_record, query_maps
from .sharing import CardsToDraw, ShareImage, lead_image, share_images
from .templating import TEMPLATES_DIR, Templates
from .urls import Urls, edition_path


@dataclass(frozen=True)
class Common:
    """What every page is drawn with: the templates, the site's settings and helpers."""

    templates: dict[str, Templates]  # per language: their interface text differs
    formatters: dict[str, Formatter]
    config: Settings
    urls: Urls
    asset: Assets
    languages: dict[str, Language]
    translate: Callable[[str, str], str]  # on pages in every language (the cover): translate(lang, text)
    language_name: Callable[[str, str], str]

    def context(self, job: PageJob) -> dict:
        shared = {name: getattr(self, name) for name in SHARED}
        return shared | {"lang": job.lang, "fmt": self.formatters[job.lang]} | job.given


SHARED = ("config", "urls", "asset", "languages", "translate", "language_name")
# The preview server's banner: put on every page it serves (serve.py), not rendered into
# the pages, which are then the very pages a build makes, and share its cache.
BANNER = "preview-banner.html"


@dataclass(frozen=True)
class PageJob:
    """One page: with Common, the input of render_page, and so its cache key."""

    name: str  # the template
    lang: str
    given: dict  # what this kind of page is given (pages.PageData)


@dataclass(frozen=True)
class ChapterJob:
    """One chapter page: its chapter, what its link preview shows, its lead image if any."""

    entry: Entry
    share: ShareImage
    lead: PublishedImage | None


@dataclass(frozen=True)
class ChapterJobsContext:
    images: dict[str, PublishedImage]  # the image library's, by source path


def chapter_jobs(
    group: tuple[tuple[Entry, ...], tuple[ShareImage, ...]], context: ChapterJobsContext
) -> tuple:
    """The job of each chapter, from its entry and share image, a group at a time
    (Cache.map_groups): a save gets back the very jobs it made before, keyed at no cost."""
    entries, shares = group
    return tuple(
        ChapterJob(entry, share, lead_image(entry.meta, context.images))
        for entry, share in zip(entries, shares, strict=True)
    )


@dataclass(frozen=True)
class Edition:
    """What every chapter page of one edition is drawn with, besides its chapter."""

    common: Common
    chapters: Chapters
    sources: dict[str, Source]


@dataclass(frozen=True)
class RenderedChapter:
    """A chapter page, and what its edition's search finds of it: the page itself. Made
    and kept together, so that a save hands the search the very records it had before
    for every chapter but the changed one (and the preview tells in one pass whether
    the index must be made again)."""

    html: bytes
    found: SearchRecord


def render_chapter(job: ChapterJob, edition: Edition) -> RenderedChapter:
    """A chapter page, drawn from its chapter and its edition alone."""
    chapters, common = edition.chapters, edition.common
    page = chapter_page(job.entry, chapters)
    stale = job.entry.slug in chapters.stale
    given = {"page": page, "contents": chapters.contents, "sources": edition.sources, "stale": stale,
             "share": job.share, "lead": job.lead,
             "structured_data": article_data(page, common.config, common.languages, job.share)}  # fmt: skip
    html = render_page(PageJob("chapter.html", chapters.lang, given), common)
    return RenderedChapter(html, chapter_record(common.urls, chapters.lang, job.entry.slug, html))


def render_page(job: PageJob, common: Common) -> bytes:
    template = common.templates[job.lang].environment.get_template
    try:
        return template(job.name).render(common.context(job)).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise SiteError.single(
            f"templates/{exc.name or job.name}", exc.lineno, f"template syntax: {exc.message}"
        ) from None
    except jinja2.TemplateNotFound as exc:
        template, line = _template_frame(exc)  # the include or extends that names it, if any
        if template is None:
            raise SiteError.single(f"templates/{exc.name}", None, "template not found") from None
        raise SiteError.single(
            f"templates/{template}", line, f"names templates/{exc.name}, which does not exist"
        ) from None
    except SiteError:
        raise
    except Exception as exc:  # an error raised while the template ran
        template, line = _template_frame(exc)
        raise SiteError.single(
            f"templates/{template or job.name}", line, f"{type(exc).__name__}: {exc}"
        ) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(f"{TEMPLATES_DIR}/"):
            return frame.filename.removeprefix(f"{TEMPLATES_DIR}/"), frame.lineno
    return None, None


@dataclass(frozen=True)
class RenderedSite:
    files: list[tuple[str, bytes]]  # (output path, bytes) of every page, feed and index file
    found: dict[str, list[SearchRecord]]  # by edition: what its search finds of each chapter page
    cards: CardsToDraw  # the share cards the pages show, not yet drawn
    banners: dict[str, bytes]  # html lang -> the preview's banner in it (for the preview only)


def render_site(
    config: SiteConfig,
    site: Site,
    catalogs: Catalogs,
    templates: dict[str, Templates],
    assets: Assets,
    library: ImageLibrary,
    font: CardFont,
    preview: bool,
    cache: Cache,
) -> RenderedSite:
    """Every page, feed and index file, what search finds of each edition's chapter
    pages, and the share cards the pages show; font: the cards'. preview: the preview's
    banner too, in each language."""
    settings = config.settings
    languages = {code: KNOWN_LANGUAGES[code] for code in settings.languages}
    formatters = {code: Formatter(language) for code, language in languages.items()}
    helpers = (Urls(settings.base_path), assets, languages, catalogs.translate, language_name)
    common = cache.intern(Common(templates, formatters, settings, *helpers))

    plan = plan_pages(site, settings, cache)
    plan.pages.extend(search_pages(settings, catalogs))
    data = PageData(site, plan, cache, query_maps(settings, site, cache))
    chapter_entries = [entry for lang in plan.chapters for entry in site.chapters[lang]]
    shares, chapter_shares, cards = share_images(
        plan.pages, chapter_entries, settings, languages, library, cache, font
    )
    outputs = _render_pages(config, plan, data, shares, common, cache)
    chapter_jobs_all = cache.map_groups(
        chapter_jobs, chapter_entries, chapter_shares, common=ChapterJobsContext(library.images)
    )
    chapters = _render_chapters(plan, site, common, chapter_jobs_all, cache)
    chapter_files = [(path, chapter.html) for pages in chapters.values() for path, chapter in pages]
    found = {lang: [chapter.found for _, chapter in pages] for lang, pages in chapters.items()}
    banners = _preview_banners(common) if preview else {}
    return RenderedSite(sorted(outputs + chapter_files), found, cards, banners)


def _preview_banners(common: Common) -> dict[str, bytes]:
    """html lang -> the preview's banner, in each edition's language."""
    return {
        language.html_lang: render_page(PageJob(BANNER, code, {}), common).strip()
        for code, language in common.languages.items()
    }


def _render_pages(config: SiteConfig, plan: Plan, data: PageData, shares, common: Common, cache: Cache):
    """Every page but the chapters', and every feed and index file: (output path, bytes)."""
    jobs = [
        (
            page.output,
            PageJob(page.template, page.lang, dict(page=page, share=shares[page.path], **data(page))),
        )
        for page in plan.pages
    ]
    cover = jobs[0][1].given
    cover["structured_data"] = website_data(config.settings, common.languages, cover["share"])
    jobs += _whole_site_files(config, plan, data, cover["share"], cache)
    rendered = cache.map(render_page, [page_job for _, page_job in jobs], common=common, parallel=MANY_SMALL)
    return [(output, page_bytes) for (output, _), page_bytes in zip(jobs, rendered, strict=True)]


def _whole_site_files(
    config: SiteConfig, plan: Plan, data: PageData, share: ShareImage, cache: Cache
) -> list[tuple[str, PageJob]]:
    """The not-found page, the feeds, the sitemap and robots.txt."""
    settings = config.settings
    original = settings.original_language
    files = [("404.html", PageJob("404.html", original, {"page": _not_found_page(config), "share": share}))]
    for lang in settings.languages:
        feed = with_texts(data.feed(lang), settings, cache)
        files.append((f"{edition_path(lang)}feed.xml", PageJob("feed.xml", lang, feed)))
    files.append(("sitemap.xml", PageJob("sitemap.xml", original, data.sitemap(plan, original))))
    files.append(("robots.txt", PageJob("robots.txt", original, {})))
    return files


def _render_chapters(plan, site: Site, common: Common, jobs: list[ChapterJob], cache: Cache):
    """Every chapter page, an edition at a time: lang -> [(output path, RenderedChapter)].
    jobs: of every edition's chapters, in the order of plan.chapters."""
    found, start = {}, 0
    for lang, chapters in plan.chapters.items():
        entries = site.chapters[lang]
        mine, start = jobs[start : start + len(entries)], start + len(entries)
        pages = cache.map(
            render_chapter, mine, common=Edition(common, chapters, site.sources), parallel=MANY_SMALL
        )
        paths = (f"{edition_path(lang)}{entry.slug}/index.html" for entry in entries)
        found[lang] = list(zip(paths, pages, strict=True))
    return found


def search_pages(settings: Settings, catalogs: Catalogs) -> list[Page]:
    return [search_page(lang, catalogs.translate(lang, "Search"), settings) for lang in settings.languages]


def _not_found_page(config: SiteConfig) -> Page:
    lang = config.original_language
    return Page("404.html", "404.html", lang, "Page not found", config.settings.standfirst[lang], "404")
