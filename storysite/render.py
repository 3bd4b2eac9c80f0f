"""Jinja: templates + the assembled Site -> (output path, bytes) for every file."""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Callable
from functools import partial
from pathlib import Path

import jinja2
from babel import Locale

from .assemble import Urls, catalog_key
from .assets import AssetLookup
from .cache import GENERATOR_VERSION, Cache, digest, join_key
from .config import SiteConfig
from .errors import SiteError
from .i18n import KNOWN_LANGUAGES, Formatter
from .model import Entry, Site
from .pages import Page, plan_pages
from .parallel import map_jobs

FEED_LENGTH = 20  # the most recently updated chapters; a feed reader wants news, not the archive


def make_environment(templates_dir: Path, catalog) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(catalog, newstyle=True)
    return env


def render_site(
    config: SiteConfig,
    site: Site,
    translations,
    urls: Urls,
    asset_urls,
    preview=False,
    cache: Cache | None = None,
) -> list[tuple[str, bytes]]:
    """(output path, bytes) for every page, feed and index file.

    Each output has a key: the digest of the templates, the settings, the site's
    shared data (titles, order, sources, timeline...) and the page's own content.
    Outputs whose key is in the cache are not rendered again.
    """
    cache = cache or Cache()
    pages = plan_pages(site, config.languages, config.title, config.standfirst)
    settings_key = _settings_key(config, translations, asset_urls, preview)
    envs = _environments(config, translations, settings_key)
    shared = {
        "config": config,
        "site": site,
        "urls": urls,
        "asset": AssetLookup(asset_urls),
        "languages": {code: KNOWN_LANGUAGES[code] for code in config.languages},
        "formatters": {code: Formatter(code) for code in config.languages},
        "preview": preview,
        "translate": lambda lang, message: translations[lang].gettext(message),
        "language_name": _language_name,
    }
    original = config.original_language
    site_key = digest(settings_key, _shared_data_key(site))

    def context(lang: str, **extra) -> dict:
        return dict(shared, lang=lang, fmt=shared["formatters"][lang], **extra)

    jobs: list[tuple[str, str, Callable[[], bytes]]] = []  # (output path, key, render)

    def add(output: str, lang: str, template: str, own_key: str, make_context: Callable[[], dict]) -> None:
        """A job renders only if its key is not cached: its context is made only then."""
        job = partial(_render_with, envs[lang], template, make_context)
        jobs.append((output, join_key(site_key, output, template, own_key), job))

    for page in pages:
        own_key = _page_key(page) + _whole_site_extras(site, page, shared["formatters"][page.lang])
        add(page.output, page.lang, page.template, own_key, partial(context, page.lang, page=page))
    add("404.html", original, "404.html", "", partial(context, original, page=_not_found_page(config)))
    for lang in config.languages:
        recent = _recent(site.chapters[lang])
        feed_key = digest(*(c.digest for c in recent))
        add(f"{lang}/feed.xml", lang, "feed.xml", feed_key, partial(context, lang, chapters=recent))
    all_pages = repr([(p.path, sorted(p.alternates.items()), p.x_default) for p in pages])
    add("sitemap.xml", original, "sitemap.xml", all_pages, partial(dict, shared, pages=pages))
    add("robots.txt", original, "robots.txt", "", partial(dict, shared))
    return _run(jobs, cache)


_compiled: dict[str, dict[str, jinja2.Environment]] = {}


def _environments(config: SiteConfig, translations, settings_key: str) -> dict[str, jinja2.Environment]:
    """One Jinja environment per language, kept while the templates and settings are the
    same, so the preview server does not compile every template again on each save."""
    if settings_key not in _compiled:
        _compiled.clear()
        _compiled[settings_key] = {
            lang: make_environment(config.templates_dir, translations[lang]) for lang in config.languages
        }
    return _compiled[settings_key]


def _run(jobs: list[tuple[str, str, Callable[[], bytes]]], cache: Cache) -> list[tuple[str, bytes]]:
    """Render what the cache does not hold, on every core when there is much of it."""
    results = [cache.get("page", key) for _, key, _ in jobs]
    missing = [index for index, result in enumerate(results) if result is None]
    rendered = map_jobs(lambda index: jobs[missing[index]][2](), len(missing))
    for index, data in zip(missing, rendered, strict=True):
        results[index] = data
        cache.put("page", jobs[index][1], data)
    return [(output, data) for (output, _, _), data in zip(jobs, results, strict=True)]


def _recent(chapters: tuple[Entry, ...]) -> tuple[Entry, ...]:
    newest = sorted(chapters, key=lambda c: (c.meta["updated"], -c.order), reverse=True)[:FEED_LENGTH]
    return tuple(sorted(newest, key=lambda c: (c.order, c.slug)))


def _settings_key(config: SiteConfig, translations, asset_urls, preview: bool) -> str:
    """The generator, the templates, the interface text, site.yaml and the static files."""
    templates = sorted(p for p in config.templates_dir.rglob("*") if p.is_file())
    settings = (config.base_url, config.languages, config.title, config.standfirst, config.author)
    return digest(
        GENERATOR_VERSION,
        *(
            part
            for path in templates
            for part in (path.relative_to(config.templates_dir).as_posix(), path.read_bytes())
        ),
        *(catalog_key(translations[lang]) for lang in config.languages),
        repr(settings),
        repr(sorted(asset_urls.items())),
        repr(preview),
    )


def _shared_data_key(site: Site) -> str:
    """What any page may show of the whole site: every chapter's front matter, the page
    intros, sources, timeline, charts and stale translations. Not what the chapters'
    text yields (length, citations): few pages show it, see _whole_site_extras."""
    chapters = [
        (lang, c.slug, c.meta_key) for lang, entries in sorted(site.chapters.items()) for c in entries
    ]
    return digest(
        repr(chapters),
        repr(sorted((key, entry.digest) for key, entry in site.intros.items())),
        repr(site.sources),
        repr(site.timeline),
        repr(site.charts),
        repr(sorted(site.stale)),
    )


def _whole_site_extras(site: Site, page: Page, fmt: Formatter) -> str:
    """Figures drawn from every chapter's text, for the pages that show them: the edition
    home shows each chapter's reading time (in minutes, as shown: a few more words rarely
    change it); the sources page lists every citation."""
    if page.key == "home":
        return repr([fmt.reading_minutes(c.body.words, c.body.han) for c in site.chapters[page.lang]])
    if page.key == "sources":
        return repr(sorted(site.citations.items()))
    return ""


PAGE_FIELDS = tuple(item.name for item in dataclasses.fields(Page))


def _page_key(page: Page) -> str:
    """A page's own inputs: every field of it; entries stand in by their digest."""
    values = tuple(
        value.digest if isinstance(value, Entry) else value
        for value in map(page.__getattribute__, PAGE_FIELDS)
    )
    return repr(values)


def _language_name(code: str, in_lang: str) -> str:
    """'zh' -> 'Chinese' on an English page, '中文' on a Chinese one."""
    names = Locale.parse(KNOWN_LANGUAGES[in_lang].locale).languages
    return names.get(code, code)


def _not_found_page(config: SiteConfig) -> Page:
    lang = config.original_language
    return Page("404.html", "404.html", lang, "Page not found", config.standfirst[lang], "404")


def _render_with(env: jinja2.Environment, name: str, make_context: Callable[[], dict]) -> bytes:
    return _render(env, name, make_context())


def _render(env: jinja2.Environment, name: str, context: dict) -> bytes:
    try:
        return env.get_template(name).render(context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise SiteError.single(
            f"templates/{exc.name or name}", exc.lineno, f"template syntax: {exc.message}"
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise SiteError.single(f"templates/{exc.name}", None, "template not found") from None
    except SiteError:
        raise
    except Exception as exc:  # an error raised while the template ran
        template, line = _template_frame(exc)
        raise SiteError.single(
            f"templates/{template or name}", line, f"{type(exc).__name__}: {exc}"
        ) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """Jinja rewrites tracebacks so template frames carry the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return Path(frame.filename).name, frame.lineno
    return None, None
