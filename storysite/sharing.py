"""What a link preview and a search engine see of a page: the image shared with it
(a chapter's own lead image, or a drawn card) and schema.org data.

Every value here is worked out from what the page shows anyway (its title,
summary, dates and translations), so a page's cache key changes only when its
own card or image does: a card's file name is the digest of its bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import cards
from .cache import Cache
from .config import Settings
from .errors import Problems
from .fingerprint import digest_bytes
from .i18n import Language
from .images import ImageLibrary, source_of
from .model import Document, FrontMatter
from .pages import Page

SCHEMA = "https://schema.org"


@dataclass(frozen=True)
class ShareImage:
    """The image of a page's link preview."""

    path: str  # in the output folder
    width: int
    height: int
    alt: str
    type: str  # its media type


def card_name(page_path: str) -> str:
    """'en/first-shop/' -> 'en-first-shop'; the cover -> 'cover'."""
    return page_path.strip("/").replace("/", "-").removesuffix(".html") or "cover"


def share_images(
    pages: list[Page], settings: Settings, languages: dict[str, Language], library: ImageLibrary, cache: Cache
) -> tuple[dict[str, ShareImage], list[tuple[str, bytes]]]:
    """page path -> its share image, and the card files drawn for them. A chapter with a
    lead image shares it; every other page gets a card in its language."""
    shared, drawn = {}, []
    for page in pages:
        lead = lead_image(page.entry.meta if page.entry else None, library)
        if lead is not None and page.kind == "chapter":
            original = lead.original
            shared[page.path] = ShareImage(original.path, original.width, original.height,
                                           page.entry.meta.image_alt or page.title, _media_type(original.path))  # fmt: skip
        else:
            drawn.append(page)
    texts = [cards.CardText(page.title, page.description, settings.title[page.lang]) for page in drawn]
    pictures = cache.map(cards.draw_card, texts, common=cards.bundled_font(), parallel=len(texts) > 1)
    files = []
    for page, picture in zip(drawn, pictures, strict=True):
        path = f"cards/{card_name(page.path)}.{digest_bytes(picture)[:10]}.png"
        alt = page.title + languages[page.lang].clause_separator + page.description
        shared[page.path] = ShareImage(path, cards.WIDTH, cards.HEIGHT, alt, "image/png")
        files.append((path, picture))
    return shared, files


def lead_image(meta: FrontMatter | None, library: ImageLibrary):
    """A chapter's front-matter image as published, or None."""
    if meta is None or not meta.image:
        return None
    return library.images.get(source_of(meta.image, ""))


def _media_type(path: str) -> str:
    suffix = path.rsplit(".", 1)[-1].lower()
    return "image/jpeg" if suffix in ("jpg", "jpeg") else f"image/{suffix}"


def warn_missing_glyphs(
    documents: list[Document], settings: Settings, cache: Cache, problems: Problems
) -> None:
    """A character the cards' font lacks would be drawn as an empty box: say where it is."""
    places = [
        ("site.yaml", None, settings.title[lang] + settings.standfirst[lang]) for lang in settings.languages
    ]
    for doc in documents:
        if not doc.meta.image:  # a chapter with its own image gets no card
            places.append((doc.source.display, doc.line_of("title"), doc.meta.title))
            places.append((doc.source.display, doc.line_of("summary"), doc.meta.summary))
    missing = cache.map(cards.missing_glyphs, [text for _, _, text in places], common=cards.bundled_font())
    for (display, line, _), characters in zip(places, missing, strict=True):
        if characters:
            problems.warn(
                display,
                line,
                f"the share card's font has no {' '.join(characters)}: it would be drawn as an empty box; "
                "add it with python tools/make_card_font.py, or choose another word",
            )


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
