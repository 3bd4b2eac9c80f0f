"""What a search engine reads of a page beside its text: schema.org data (JSON-LD)
naming the article, its translations, its publisher and its share image."""

from __future__ import annotations

from .config import Settings
from .languages import Language
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
        "isPartOf": website_reference(settings, settings.original_language),  # one site, one name
    }
    others = {code: path for code, path in page.alternates.items() if code != lang}
    source = _translated_from(lang, settings, languages)
    if source in others:
        data["translationOfWork"] = _work(settings, languages, source, others[source])
    made_from_this = sorted(code for code in others if _translated_from(code, settings, languages) == lang)
    if made_from_this:
        data["workTranslation"] = [_work(settings, languages, code, others[code]) for code in made_from_this]
    return data


def _translated_from(lang: str, settings: Settings, languages: dict[str, Language]) -> str | None:
    """The edition a page in this language is made from: a derived edition's source (the
    Traditional from the Simplified), else the original (none for the original itself)."""
    if languages[lang].derived_from:
        return languages[lang].derived_from
    return None if lang == settings.original_language else settings.original_language


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
