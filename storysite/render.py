"""Jinja: templates + the assembled Site -> (output path, bytes) for every file."""

from __future__ import annotations

import traceback
from pathlib import Path

import jinja2
from babel import Locale

from .assemble import Urls
from .assets import AssetLookup
from .config import SiteConfig
from .errors import SiteError
from .i18n import KNOWN_LANGUAGES, Formatter
from .model import Site
from .pages import Page, plan_pages


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


def render_site(config: SiteConfig, site: Site, translations, urls: Urls, asset_urls, preview=False):
    """Yield (output path, bytes) for every page, feed and index file."""
    pages = plan_pages(site, config.languages, config.title, config.standfirst)
    envs = {lang: make_environment(config.templates_dir, translations[lang]) for lang in config.languages}
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

    def context(lang: str, **extra) -> dict:
        return dict(shared, lang=lang, fmt=shared["formatters"][lang], **extra)

    for page in pages:
        yield page.output, _render(envs[page.lang], page.template, context(page.lang, page=page))
    yield "404.html", _render(envs[original], "404.html", context(original, page=_not_found_page(config)))
    for lang in config.languages:
        feed_context = context(lang, chapters=site.chapters[lang])
        yield f"{lang}/feed.xml", _render(envs[lang], "feed.xml", feed_context)
    yield "sitemap.xml", _render(envs[original], "sitemap.xml", dict(shared, pages=pages))
    yield "robots.txt", _render(envs[original], "robots.txt", shared)


def _language_name(code: str, in_lang: str) -> str:
    """'zh' -> 'Chinese' on an English page, '中文' on a Chinese one."""
    names = Locale.parse(KNOWN_LANGUAGES[in_lang].locale).languages
    return names.get(code, code)


def _not_found_page(config: SiteConfig) -> Page:
    lang = config.original_language
    return Page("404.html", "404.html", lang, "Page not found", config.standfirst[lang], "404")


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
