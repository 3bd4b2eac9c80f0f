"""What a link preview shows of a page: the image shared with it (a chapter's own
lead image, or a drawn card), and the drawing of the cards.

Every value here is worked out from what the page shows anyway (its title,
summary, dates and translations), so a page's cache key changes only when its
own card or image does: a card's file name is the fingerprint of what it is drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import cards
from .cache import Cache, result_keys
from .config import CONFIG_NAME, Settings
from .errors import Problem, Problems
from .fingerprint import digest
from .images import ImageLibrary, PublishedImage, address, source_of
from .languages import Language
from .model import Document, Entry, FrontMatter
from .pages import Page
from .parallel import FEW_COSTLY
from .pending import Pending
from .urls import edition_path


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


@dataclass(frozen=True)
class CardRequest:
    """One page's card: its file name and what it shows, the whole input of drawing it."""

    name: str  # card_name of the page
    text: cards.CardText
    alt: str


def draw_share_card(request: CardRequest, font: cards.CardFont) -> bytes:
    return cards.draw_card(request.text, font)


def card_shares(requests: list[CardRequest], font: cards.CardFont) -> list[ShareImage]:
    """The share image of each card, before it is drawn: its file's name is the key its
    drawing is kept under, the fingerprint of all it is drawn from (text, fonts, the
    generator's code), so the pages that show it can be made, and Pagefind can index
    them, while the cards are drawn."""
    keys = result_keys(draw_share_card, requests, font)
    return [
        ShareImage(
            f"cards/{request.name}.{digest(key)[:10]}.png",
            cards.WIDTH,
            cards.HEIGHT,
            request.alt,
            "image/png",
        )  # fmt: skip
        for request, key in zip(requests, keys, strict=True)
    ]


@dataclass(frozen=True)
class CardToDraw:
    request: CardRequest
    share: ShareImage  # where it is published


@dataclass(frozen=True)
class CardsToDraw:
    items: list[CardToDraw]
    font: cards.CardFont


def start_drawing(todo: CardsToDraw, cache: Cache) -> CardsDrawn:
    """Every share card the pages show, drawn by the workers while the build (or the
    preview) writes its pages. They yield to the build and to Pagefind, which a build
    waits on last (at N = 1,000, drawing at an even share left the build 8 s of
    Pagefind alone on one core at its end)."""
    requests = [card.request for card in todo.items]
    drawing = cache.begin_map(draw_share_card, requests, common=todo.font, parallel=FEW_COSTLY, yielding=True)
    return CardsDrawn(tuple(card.share.path for card in todo.items), drawing)


@dataclass(frozen=True)
class CardsDrawn:
    """The share cards while they are drawn (an output.Later); a `with` block stops the
    drawing if the build fails meanwhile."""

    paths: tuple[str, ...]
    drawing: Pending | None  # None: only where they would be (undrawn)

    def done(self) -> bool:
        return self.drawing is None or self.drawing.done()

    def result(self) -> list[tuple[str, bytes]]:
        drawn = [b""] * len(self.paths) if self.drawing is None else self.drawing.results()
        return list(zip(self.paths, drawn, strict=True))

    def __enter__(self) -> CardsDrawn:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.drawing is not None:
            self.drawing.close()


def undrawn(todo: CardsToDraw) -> CardsDrawn:
    """Every share card, with nothing drawn: where they would be, for a check."""
    return CardsDrawn(tuple(card.share.path for card in todo.items), None)


@dataclass(frozen=True)
class CardContext:
    """What a chapter's card takes besides its entry: per language, the site's title and
    how a title and a summary are joined in the card's description."""

    site_titles: dict[str, str]
    separators: dict[str, str]


def chapter_card_request(entry: Entry, context: CardContext) -> CardRequest:
    lang, meta = entry.lang, entry.meta
    text = cards.CardText(meta.title, meta.summary, context.site_titles[lang])
    alt = meta.title + context.separators[lang] + meta.summary
    return CardRequest(card_name(f"{edition_path(lang)}{entry.slug}/"), text, alt)


def page_card_request(page: Page, settings: Settings, languages: dict[str, Language]) -> CardRequest:
    if page.kind == "cover":
        return cover_card_request(page, settings, languages)
    site_title = settings.title[page.lang]  # above the title; not twice where it is the title (the homes)
    text = cards.CardText(page.title, page.description, "" if page.title == site_title else site_title)
    alt = page.title + languages[page.lang].clause_separator + page.description
    return CardRequest(card_name(page.path), text, alt)


def cover_card_request(page: Page, settings: Settings, languages: dict[str, Language]) -> CardRequest:
    """The bilingual cover's card: its title and standfirst in each language editors
    write (a derived edition's would repeat its source's in other characters), the
    original's first: shared on WeChat or on Mastodon, it speaks to either reader."""
    codes = settings.authored_languages
    text = cards.CardText(
        "\n".join(settings.title[code] for code in codes),
        "\n".join(settings.standfirst[code] for code in codes),
        "",
    )
    alt = " / ".join(
        settings.title[code] + languages[code].clause_separator + settings.standfirst[code] for code in codes
    )
    return CardRequest(card_name(page.path), text, alt)


@dataclass(frozen=True)
class ChapterShareContext:
    images: dict[str, PublishedImage]  # the image library's, by source path
    cards: CardContext
    font: cards.CardFont


def chapter_shares(group: tuple[tuple[Entry, ...]], context: ChapterShareContext) -> tuple:
    """Of each chapter, its lead image as shared, or the card to draw for it. Made a
    group of chapters at a time (Cache.map_groups): a save gets back the very objects
    it made before, which keep their fingerprints; an edit of a chapter's text alone
    makes an equal card, which is not drawn again."""
    (entries,) = group
    found = [
        _lead_share(entry, context.images) or chapter_card_request(entry, context.cards) for entry in entries
    ]
    requests = [share for share in found if type(share) is CardRequest]
    shares = iter(card_shares(requests, context.font))
    return tuple(CardToDraw(share, next(shares)) if type(share) is CardRequest else share for share in found)


def _lead_share(entry: Entry, images: dict[str, PublishedImage]) -> ShareImage | None:
    lead = lead_image(entry.meta, images)
    if lead is None:
        return None
    original, alt = lead.original, entry.meta.image_alt or entry.title
    return ShareImage(
        address(original.path), original.width, original.height, alt, _media_type(original.path)
    )


def share_images(
    pages: list[Page],
    entries: list[Entry],
    settings: Settings,
    languages: dict[str, Language],
    library: ImageLibrary,
    cache: Cache,
    font: cards.CardFont,
) -> tuple[dict[str, ShareImage], list[ShareImage], CardsToDraw]:
    """The share image of each page (by path) and of each chapter (in the order of
    `entries`), and the cards to draw for them. A chapter with a lead image shares it;
    every other page (and chapter) gets a card in its language."""
    separators = {code: language.clause_separator for code, language in languages.items()}
    context = ChapterShareContext(library.images, CardContext(settings.title, separators), font)
    planned = cache.map_groups(chapter_shares, entries, common=context)
    requests = [page_card_request(page, settings, languages) for page in pages]
    page_cards = list(map(CardToDraw, requests, card_shares(requests, font)))
    by_page = {page.path: card.share for page, card in zip(pages, page_cards, strict=True)}
    by_chapter = [share.share if type(share) is CardToDraw else share for share in planned]
    to_draw = page_cards + [share for share in planned if type(share) is CardToDraw]
    return by_page, by_chapter, CardsToDraw(to_draw, font)


def lead_image(meta: FrontMatter | None, images: dict[str, PublishedImage]) -> PublishedImage | None:
    """A chapter's front-matter image as published, or None."""
    if meta is None or not meta.image:
        return None
    return images.get(source_of(meta.image, ""))


def _media_type(path: str) -> str:
    suffix = path.rsplit(".", 1)[-1].lower()
    return "image/jpeg" if suffix in ("jpg", "jpeg") else f"image/{suffix}"


def warn_missing_glyphs(
    documents: list[Document], settings: Settings, cache: Cache, problems: Problems, font: cards.CardFont
) -> None:
    """A character the cards' font lacks would be drawn as an empty box: say where it is.
    Looked up by document, so a save asks again only about the file it changed."""
    texts = [settings.title[lang] + settings.standfirst[lang] for lang in settings.languages]
    for characters in cache.map(cards.missing_glyphs, texts, common=font):
        if characters:
            problems.warn(CONFIG_NAME, None, _glyph_advice(characters))
    drawn = [doc for doc in documents if not doc.meta.image]  # a chapter with its own image gets no card
    for found in cache.map(glyph_problems, drawn, common=font):
        problems.extend(list(found))


def glyph_problems(doc: Document, font: cards.CardFont) -> tuple[Problem, ...]:
    found = Problems()
    for key in ("title", "summary"):
        characters = cards.missing_glyphs(getattr(doc.meta, key), font)
        if characters:
            found.warn(doc.source.display, doc.line_of(key), _glyph_advice(characters))
    return tuple(found.items)


def _glyph_advice(characters: str) -> str:
    return (
        f"the share card's font has no {' '.join(characters)}: it would be drawn as an empty box; "
        "add it with python tools/make_card_font.py, or choose another word"
    )
