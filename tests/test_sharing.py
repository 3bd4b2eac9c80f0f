"""Link previews and structured data: og:image (a drawn card or the chapter's own
image), Twitter and article tags, og:locale, and schema.org JSON-LD."""

from __future__ import annotations

import contextlib
import io
import json
import re

from PIL import Image, ImageColor
from projects import chapter, image_bytes
from sitereader import html_pages, resolve, soup

from storysite.cards import bundled_font, missing_glyphs, wrap
from storysite.config import load_config
from storysite.languages import KNOWN_LANGUAGES

BASE = "https://example.org/story/"
BASE_PATH = "/story/"


def meta(page, name: str) -> str:
    found = page.find("meta", attrs={"property": name}) or page.find("meta", attrs={"name": name})
    assert found is not None, name
    return found["content"]


def built_file(out, url: str):
    assert url.startswith(BASE), url
    path, _ = resolve(out, BASE_PATH, "/story/" + url.removeprefix(BASE))
    return path


def structured_data(page) -> dict:
    [script] = page.find_all("script", type="application/ld+json")
    return json.loads(script.string)


def test_every_page_has_a_share_image_and_consistent_locales(built_project):
    out = built_project.out
    pages = {**html_pages(out), "/404.html": soup(out / "404.html")}
    site_languages = load_config(built_project.root).languages  # a site's, not every known one
    for url, page in pages.items():
        lang = page.html["lang"]
        record = next(language for language in KNOWN_LANGUAGES.values() if language.html_lang == lang)
        assert meta(page, "og:locale") == record.og_locale, url
        others = {tag["content"] for tag in page.find_all("meta", attrs={"property": "og:locale:alternate"})}
        assert others == {KNOWN_LANGUAGES[code].og_locale for code in site_languages} - {record.og_locale}
        assert meta(page, "twitter:card") == "summary_large_image"
        if url != "/404.html":  # which shares the cover's card
            assert meta(page, "og:image:alt").startswith(meta(page, "og:title")), url
        with Image.open(io.BytesIO(built_file(out, meta(page, "og:image")).read_bytes())) as card:
            assert (card.format, card.size) == ("PNG", (1200, 630)), url
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
    assert meta(pages["/zh/one/"], "og:locale") == "zh_CN" and meta(pages["/en/one/"], "og:locale") == "en_US"


def test_each_page_and_language_has_its_own_card(built_project):
    cards = [meta(page, "og:image") for page in html_pages(built_project.out).values()]
    assert len(set(cards)) == len(cards)
    assert all("/cards/" in card for card in cards)


def lines_in_ink(card: Image.Image, ink: tuple[int, ...]) -> int:
    """How many lines of text the card draws in this ink: runs of rows that hold it."""
    rgb = card.convert("RGB")
    inked = [
        any(rgb.getpixel((x, y)) == ink for x in range(40, rgb.width - 40, 2)) for y in range(rgb.height)
    ]
    return sum(1 for y in range(1, len(inked)) if inked[y] and not inked[y - 1])


def test_the_covers_card_names_the_story_in_each_language_it_is_written_in(built_project):
    """The bilingual cover shared on WeChat showed an English card: it now holds both
    edition homes' titles and standfirsts (not the Traditional one's, the Simplified's
    in other characters), and says both in its alt text."""
    out, config = built_project.out, load_config(built_project.root)
    cover = soup(out / "index.html")
    colours = site_colours(out, cover)
    homes = [soup(out / f"{code}/index.html") for code in ("en", "zh")]
    for name in ("ink", "muted"):
        with Image.open(built_file(out, meta(cover, "og:image"))) as card:
            on_cover = lines_in_ink(card, colours[name])
        on_homes = []
        for home in homes:
            with Image.open(built_file(out, meta(home, "og:image"))) as card:
                on_homes.append(lines_in_ink(card, colours[name]))
        assert on_cover == sum(on_homes) and min(on_homes) > 0, name
    alt = meta(cover, "og:image:alt")
    for code in ("en", "zh"):
        assert config.settings.title[code] in alt and config.settings.standfirst[code] in alt


def test_the_real_covers_card_leaves_out_the_edition_converted_from_another(real_site):
    alt = meta(soup(real_site.out / "index.html"), "og:image:alt")
    assert "淘宝村的故事" in alt and "The Taobao Villages" in alt and "淘寶村" not in alt


def test_chapter_pages_carry_article_dates_and_a_news_article(built_project):
    page = soup(built_project.out / "zh/one/index.html")
    assert meta(page, "og:type") == "article"
    assert meta(page, "article:published_time") == meta(page, "article:modified_time") == "2026-11-20"
    data = structured_data(page)
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"] == "第一章" and data["description"] == "Summary of 第一章."
    assert data["inLanguage"] == "zh-Hans" and data["url"] == BASE + "zh/one/"
    assert data["datePublished"] == data["dateModified"] == "2026-11-20"
    assert data["author"] == {"@type": "Organization", "name": "测试编辑部"}
    assert data["image"]["url"] == meta(page, "og:image") and data["image"]["width"] == 1200
    assert data["isPartOf"]["@type"] == "WebSite" and data["isPartOf"]["url"] == BASE
    assert data["translationOfWork"]["@id"] == BASE + "en/one/"
    assert data["translationOfWork"]["inLanguage"] == "en"
    english = structured_data(soup(built_project.out / "en/one/index.html"))
    assert [work["@id"] for work in english["workTranslation"]] == [BASE + "zh/one/"]
    assert "translationOfWork" not in english


def test_the_cover_carries_the_website_and_other_pages_no_article(built_project):
    cover = soup(built_project.out / "index.html")
    data = structured_data(cover)
    assert data["@type"] == "WebSite" and data["url"] == BASE and data["name"] == "Test Story"
    assert data["inLanguage"] == ["en", "zh-Hans"] and data["alternateName"] == ["测试故事"]
    assert data["@id"] == structured_data(soup(built_project.out / "en/one/index.html"))["isPartOf"]["@id"]
    home = soup(built_project.out / "en/index.html")
    assert meta(home, "og:type") == "website" and not home.find(
        "meta", attrs={"property": "article:published_time"}
    )


def site_colours(out, page) -> dict[str, tuple[int, ...]]:
    """The colours the site's stylesheet names first (ink, muted, paper, accent: the light
    scheme's, which the dark one follows), as RGB."""
    css, _ = resolve(out, BASE_PATH, page.find("link", rel="stylesheet")["href"])
    found = re.findall(r"--(ink|muted|paper|accent):\s*(#[0-9a-fA-F]{6})\b", css.read_text(encoding="utf-8"))
    colours: dict[str, tuple[int, ...]] = {}
    for name, value in found:
        colours.setdefault(name, ImageColor.getrgb(value))
    return colours


def blended(colour, paper, inks, slack: int = 2) -> bool:
    """Whether colour lies between the paper and one of the inks: a smoothed edge."""
    for ink in inks:
        span = max(range(3), key=lambda channel: abs(ink[channel] - paper[channel]))
        amount = (colour[span] - paper[span]) / (ink[span] - paper[span])
        if -0.01 <= amount <= 1.01 and all(
            abs(paper[c] + amount * (ink[c] - paper[c]) - colour[c]) <= slack for c in range(3)
        ):
            return True
    return False


def test_a_card_shows_the_page_in_the_sites_own_colours(built_project):
    """A link preview's card: the site's paper, its accent bar down the left edge, the
    title in its ink and the summary in its muted ink, each smoothed edge a blend of the
    paper and one of them, and no other colour."""
    for url in ("en/one/index.html", "zh/one/index.html"):
        page = soup(built_project.out / url)
        colours = site_colours(built_project.out, page)
        with Image.open(built_file(built_project.out, meta(page, "og:image"))) as card:
            rgb = card.convert("RGB")
        paper, inks = colours["paper"], [colours[name] for name in ("ink", "muted", "accent")]
        assert rgb.getpixel((rgb.width - 1, rgb.height - 1)) == paper
        assert rgb.getpixel((4, rgb.height // 2)) == colours["accent"]
        used = {colour for _, colour in rgb.getcolors(rgb.width * rgb.height)}
        assert set(inks) <= used, url  # each ink where it covers a pixel whole
        assert [colour for colour in used if not blended(colour, paper, inks)] == [], url


def test_a_chapter_with_a_lead_image_shares_it_and_shows_it_first(make_project):
    photo = image_bytes(1400, 900, "JPEG")
    extra = {"image": "images/dinglou.jpg", "image_alt": "Dinglou's main street"}
    project = make_project(
        {
            "content/images/dinglou.jpg": photo,
            "content/two.en.md": chapter("Two", 2, "## Later\n\nMore [@beta].\n", **extra),
        }
    )
    project.build()
    page = soup(project.out / "en/two/index.html")
    assert built_file(project.out, meta(page, "og:image")).read_bytes() == photo
    assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1400", "900")
    assert (
        meta(page, "og:image:alt") == "Dinglou’s main street" and meta(page, "og:image:type") == "image/jpeg"
    )
    lead = page.select_one("header .lead-image img")
    assert lead["alt"] == "Dinglou’s main street" and lead["width"] == "1400" and "srcset" in lead.attrs
    assert not lead.has_attr("loading")  # on the first screen: not lazy
    assert structured_data(page)["image"]["url"] == meta(page, "og:image")


def test_a_character_the_card_font_lacks_is_a_warning_with_its_place(make_project):
    project = make_project({"content/two.zh.md": chapter("鱻的故事", 2, "## 后来\n\n更多[@alpha]。\n")})
    result = project.build()
    assert (
        "content/two.zh.md:2: warning: the share card's font has no 鱻: it would be drawn as an empty box; "
        "add it with python tools/make_card_font.py" in result.stderr
    )


def gb2312_level_1() -> set[str]:
    """Rows 16-55 of GB2312, its 3,755 commonest characters (as tools/make_card_font.py reads them)."""
    found = set()
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                found.add(bytes([row, cell]).decode("gb2312"))
    return found


def test_the_card_font_has_the_common_chinese_characters_and_latin():
    wanted = gb2312_level_1() | set("丁楼村菏泽曹县淘宝“”《》，。、：；！？ABCxyz0123é")
    assert len(wanted) > 3755
    assert missing_glyphs("".join(sorted(wanted)), bundled_font()) == ""


def test_lines_break_between_han_characters_and_between_words_never_before_a_closing_mark():
    def length(text: str) -> int:
        return len(text)

    assert wrap("The first shop opened", length, 10) == ["The first", "shop", "opened"]
    assert wrap("丁楼村的第一家网店", length, 4) == ["丁楼村的", "第一家网", "店"]
    lines = wrap("一二三，四五六。七八", length, 3)
    assert not any(line[0] in "，。" for line in lines) and "".join(lines) == "一二三，四五六。七八"
    assert wrap("2009年，Ren Qingsheng开店", length, 8) == ["2009年，", "Ren", "Qingsheng", "开店"]


def test_a_card_keeps_its_address_until_what_it_shows_changes(make_project):
    """A card is named by what it is drawn from, so that the pages can be made while it
    is drawn: an edit to the chapter's text keeps the name (crawlers keep their copy),
    an edit to its title gives a new name and a new picture, and the old file goes."""
    project = make_project()
    project.build()

    def card() -> tuple[str, bytes]:
        url = meta(soup(project.out / "en/one/index.html"), "og:image")
        return url, built_file(project.out, url).read_bytes()

    first_url, first_png = card()
    project.edit("content/one.en.md", "Second [@alpha; @beta].", "Second [@alpha; @beta]. A third.")
    project.build()
    assert card() == (first_url, first_png)
    project.edit("content/one.en.md", "title: One", "title: One, retold")
    project.build()
    url, png = card()
    assert url != first_url and png != first_png
    assert not built_file(project.out, first_url).exists()


def test_a_card_whose_title_is_the_sites_shows_it_once(built_project):
    """An edition home's card showed the site's title twice, above the title as on every
    card and as the title itself; a chapter's card still names the site above."""
    from storysite.cards import MARGIN, SITE_SIZE, TITLE_TOP

    def above_the_title(url: str) -> set:
        page = soup(built_project.out / url)
        with Image.open(built_file(built_project.out, meta(page, "og:image"))) as card:
            band = card.convert("RGB").crop((MARGIN, 64, card.width - MARGIN, 64 + SITE_SIZE + 10))
        assert band.height < TITLE_TOP - 64
        return {colour for _, colour in band.getcolors(band.width * band.height)}

    for lang in ("en", "zh"):
        assert len(above_the_title(f"{lang}/index.html")) == 1, lang  # the paper alone
        assert len(above_the_title(f"{lang}/one/index.html")) > 1, lang
