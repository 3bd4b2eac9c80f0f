"""What a search engine reads of a page beside its text: schema.org data (JSON-LD)
naming the article, its translations, its publisher and its share image."""

from __future__ import annotations

from .config import Settings
from .i18n import Language
from .pages import Page
from .sharing import ShareImage

SCHEMA = "https://schema.org"


def article_data(page: Page, settings: Settings, languages: dict[str, Language], image: ShareImage) -> dict:
    """schema.org NewsArticle of a chapter page, its translations named."""
    meta = page.entry.meta
    lang = page.lang
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "@id": settings.url(page.path),
        "url": settings.url(page.path),
        "mainEntityOfPage": settings.url(page.path),
        "headline": page.title,
        "description": page.description,
        "inLanguage": languages[lang].html_lang,
        "datePublished": meta.first_published.isoformat(),
        "dateModified": meta.updated.isoformat(),
        "author": {"@type": "Organization", "name": settings.author[lang]},
        "publisher": {"@type": "Organization", "name": settings.author[lang]},
        "image": _image_object(image, settings),
        "isPartOf": website_reference(settings, lang),
    }
    others = {code: path for code, path in page.alternates.items() if code != lang}
    original = settings.original_language
    if lang != original and original in others:
        data["translationOfWork"] = _work(settings, languages, original, others.pop(original))
    if others:
        data["workTranslation"] = [
            _work(settings, languages, code, path) for code, path in sorted(others.items())
        ]
    return data


def website_data(settings: Settings, languages: dict[str, Language], image: ShareImage) -> dict:
    """schema.org WebSite of the cover: the story in every language it is told in."""
    original = settings.original_language
    return {
        "@context": SCHEMA,
        **website_reference(settings, original),
        "alternateName": [settings.title[code] for code in settings.languages if code != original],
        "description": settings.standfirst[original],
        "inLanguage": [languages[code].html_lang for code in settings.languages],
        "publisher": {"@type": "Organization", "name": settings.author[original]},
        "image": _image_object(image, settings),
    }


def website_reference(settings: Settings, lang: str) -> dict:
    return {"@type": "WebSite", "@id": settings.url("#website"), "url": settings.url(""),
            "name": settings.title[lang]}  # fmt: skip


def _work(settings: Settings, languages: dict[str, Language], code: str, path: str) -> dict:
    return {"@type": "NewsArticle", "@id": settings.url(path), "url": settings.url(path),
            "inLanguage": languages[code].html_lang}  # fmt: skip


def _image_object(image: ShareImage, settings: Settings) -> dict:
    return {"@type": "ImageObject", "url": settings.url(image.path), "width": image.width,
            "height": image.height, "caption": image.alt}  # fmt: skip
