"""What a reader finds first: for a subject a chapter is about, that chapter, then the
timeline events and sources that mention it; and excerpts that read as the edition's
sentences."""

from __future__ import annotations

import re

import pytest
from searching import results
from sitereader import soup

# edition, a query a reader types, the chapter about it
SUBJECTS = [
    ("en", "Hanfu", "hanfu"),
    ("en", "Dinglou", "first-shop"),
    ("en", "Heze", "heze"),
    ("en", "returnees", "returnees"),
    ("en", "came home", "returnees"),
    ("en", "first shop", "first-shop"),
    ("zh", "汉服", "hanfu"),
    ("zh", "丁楼", "first-shop"),
    ("zh", "菏泽", "heze"),
    ("zh", "返乡", "returnees"),
    ("zh-hant", "漢服", "hanfu"),
    ("zh-hant", "丁樓", "first-shop"),
    ("zh-hant", "菏澤", "heze"),
]


@pytest.mark.parametrize("edition, query, chapter", SUBJECTS, ids=[f"{e}-{q}" for e, q, _ in SUBJECTS])
def test_the_chapter_about_a_subject_comes_first(search_page, served_site, edition, query, chapter):
    """ "Hanfu" on the English edition listed two sources and three timeline events
    before the chapter about Hanfu; "Dinglou" did not show its chapter in the first five."""
    found = results(search_page, served_site, edition, query)
    assert found and found[0] == f"{served_site.base_path}{edition}/{chapter}/", found[:5]


NOT_SENTENCES = [("en", "Dinglou", "first-shop"), ("en", "Heze", "heze"), ("zh", "返乡", "hanfu")]


@pytest.mark.parametrize(
    "edition, query, chapter", NOT_SENTENCES, ids=[f"{e}-{q}" for e, q, _ in NOT_SENTENCES]
)
def test_excerpts_hold_no_chapter_header_lines_nor_links_to_sources(
    search_page, served_site, edition, query, chapter
):
    """A chapter's excerpt began "of 4. The shop that started with a cable", or read
    "发布于2026年11月22日 · 更新于2026年12月2日 · 阅读约5分钟", and its notes' excerpts "para. 5
    About this source Mudan Evening News": the kicker, the line of dates and each note's
    link to its source, which say nothing of the story."""
    page = soup(served_site.files[f"{served_site.base_path}{edition}/{chapter}/"])
    kicker, dates = (
        page.select_one(f".chapter-header .{name}").get_text(" ", strip=True) for name in ("kicker", "meta")
    )
    link = page.select_one(".notes li a[aria-label]:not(.backref)").get_text(strip=True)
    # The kicker's end ("of 4", "共4章"), the date of publication, the link's words.
    not_text = (kicker[-4:], dates.split("·")[0].strip(), link)
    found = results(search_page, served_site, edition, query)
    assert f"{served_site.base_path}{edition}/{chapter}/" in found, found
    excerpts = search_page.eval_on_selector_all(
        ".pagefind-ui__result-excerpt", "(es) => es.map((e) => e.textContent)"
    )
    shown = [text for text in excerpts if any(words in text for words in not_text)]
    assert not shown, (not_text, shown)


STOPS = [("zh", "汉服"), ("zh", "菏泽"), ("zh-hant", "漢服"), ("en", "Hanfu")]


@pytest.mark.parametrize("edition, query", STOPS, ids=[f"{e}-{q}" for e, q in STOPS])
def test_excerpts_end_their_sentences_as_the_edition_does(search_page, served_site, edition, query):
    """Pagefind joins a heading to the paragraph after it with a Latin full stop, and
    two blocks with a space: a Chinese excerpt read "为舞台而生的小镇. 疫情来临之前",
    began ". 早在", or read "2021年。 央广网"."""
    assert results(search_page, served_site, edition, query)
    excerpts = search_page.eval_on_selector_all(
        ".pagefind-ui__result-excerpt", "(es) => es.map((e) => e.textContent)"
    )
    assert excerpts
    chinese = edition != "en"
    latin_stops = [text for text in excerpts if re.search(r"^\. |[\u4e00-\u9fff]\.|。 ", text)]
    assert not (chinese and latin_stops), latin_stops
    if not chinese:  # an English excerpt keeps its own full stops
        assert any(". " in text for text in excerpts), excerpts
