"""The real story: the content contract, checked on the real project and its built site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from projects import REPO, Project
from sitereader import broken_links, soup

SEEDS = REPO.parent / "shared" / "seeds"
CHAPTERS = ("first-shop", "returnees", "hanfu", "heze")
# Names whose characters no source confirms: they must not appear with invented ones.
INVENTED = ("丁培林", "丁佩林", "郑本东", "刘佩佩", "李建民", "何宇鹏", "胡楼")


@pytest.fixture(scope="module")
def built(real_site) -> Project:
    return real_site


def body(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[1]


@pytest.mark.parametrize("slug", CHAPTERS)
def test_every_chapter_exists_in_both_languages(slug):
    for lang in ("en", "zh"):
        assert (REPO / "content" / f"{slug}.{lang}.md").is_file()


@pytest.mark.parametrize("slug", CHAPTERS)
def test_english_chapters_are_long_form_with_headings_and_a_pull_quote(slug):
    text = body(REPO / "content" / f"{slug}.en.md")
    prose = re.sub(r"\[@[^\]]+\]|\[\^\d+\]:.*|<[^>]+>", " ", text)
    words = len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’,.-]*", prose))
    assert 700 <= words <= 1300, words
    assert len(re.findall(r"^## ", text, re.MULTILINE)) >= 2
    assert "> [!PULL]" in text


def test_every_source_is_cited_and_every_citation_resolves():
    sources = set(yaml.safe_load((REPO / "content/sources.yaml").read_text(encoding="utf-8")))
    cited = set()
    for path in (REPO / "content").glob("*.md"):
        cited.update(
            re.findall(
                r"@([a-z0-9][a-z0-9_-]*)", " ".join(re.findall(r"\[@[^\]]+\]", path.read_text("utf-8")))
            )
        )
    timeline = yaml.safe_load((REPO / "content/timeline.yaml").read_text(encoding="utf-8"))
    for event in timeline:
        assert event["sources"], event
        cited.update(event["sources"])
    for path in (REPO / "content/data").glob("*.yaml"):
        for point in yaml.safe_load(path.read_text(encoding="utf-8"))["points"]:
            cited.add(point["source"])
    assert cited <= sources, cited - sources
    assert sources <= cited, sources - cited


def test_timeline_spans_the_story_in_both_languages():
    events = yaml.safe_load((REPO / "content/timeline.yaml").read_text(encoding="utf-8"))
    assert len(events) >= 15
    years = [int(str(e["date"])[:4]) for e in events]
    assert min(years) < 1990 and max(years) >= 2021
    assert all(e["text"]["en"] and e["text"]["zh"] for e in events)


def test_no_unconfirmed_name_is_given_invented_characters():
    for path in (REPO / "content").glob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for name in INVENTED:
                assert name not in text, f"{path.name}: {name}"


def seed_shingles(size: int = 8) -> set[tuple[str, ...]]:
    shingles = set()
    for path in SEEDS.glob("0*.txt"):
        words = re.findall(r"[a-z0-9]+", path.read_text(encoding="utf-8").lower())
        shingles.update(tuple(words[i : i + size]) for i in range(len(words) - size + 1))
    return shingles


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not beside the project")
@pytest.mark.parametrize("slug", CHAPTERS)
def test_no_run_of_eight_words_is_copied_from_a_seed_outside_a_quotation(slug):
    text = body(REPO / "content" / f"{slug}.en.md")
    text = re.sub(r"[“\"][^”\"]*[”\"]", " ", text)  # quotations are allowed
    text = re.sub(r"\[@[^\]]+\]", " ", text)
    words = re.findall(r"[a-z0-9]+", text.lower())
    shingles = seed_shingles()
    copied = [
        " ".join(words[i : i + 8]) for i in range(len(words) - 7) if tuple(words[i : i + 8]) in shingles
    ]
    assert copied == []


def test_real_site_links_and_anchors_all_resolve(built):
    assert broken_links(built.out, "/") == []


def test_heze_chapter_shows_both_charts_with_tables(built):
    for lang in ("en", "zh"):
        page = soup(built.out / lang / "heze/index.html")
        charts = page.select("figure.chart")
        assert len(charts) == 2
        numbers = [row.find("td").get_text().split()[0] for row in page.select("figure.chart tbody tr")]
        big = [n for n in numbers if len(n.replace(",", "")) >= 4]  # written as the page's text writes them
        assert big and all(("," in n) == (lang == "en") for n in big), (lang, big)  # 1,311; 1311
        for chart in charts:
            svg = chart.find("svg")
            said = svg.find("desc").get_text()  # what a screen reader hears: the page's punctuation
            assert svg.find("title").get_text() and said
            assert re.search(r"2013年：\d+个；" if lang == "zh" else r"2013: \d+ [a-zA-Z ]+; ", said), said
            assert chart.select("table tbody tr")
            counted = chart.select("table thead th")[1].get_text()
            assert len(counted) > 2 and "淘宝村" in counted or "Taobao villages" in counted, counted


def test_every_chapter_page_has_cited_notes(built):
    for lang in ("en", "zh"):
        for slug in CHAPTERS:
            page = soup(built.out / lang / slug / "index.html")
            assert len(page.select(".notes li")) >= 3, f"{lang}/{slug}"


def test_cited_in_leads_to_the_very_note_or_event_and_chinese_lists_have_no_stray_space(built):
    """ "Cited in" on the sources page: each link lands on the note or timeline event that
    cites the source (a page's address alone left the reader to search it, and the sources
    page linked to itself); 、 is followed by the next item, not by a space."""
    for lang in ("en", "zh", "zh-hant"):
        page = soup(built.out / lang / "sources/index.html")
        cited_in = [dd for dd in page.select(".sources dd") if dd.find("a", href=re.compile(r"#note-"))]
        assert cited_in, lang
        for dd in cited_in:
            for link in dd.find_all("a"):
                target, fragment = link["href"].split("#") if "#" in link["href"] else (link["href"], "")
                assert fragment, f"{lang}: {link['href']}"
                assert soup(built.out / target.strip("/") / "index.html").find(id=fragment), link["href"]
            if lang != "en":
                assert not re.search(r"、\s", dd.decode_contents()), dd


def test_english_notes_and_events_are_set_as_the_chapters_are(built):
    """Curly quotes and dashes in a source's note, headline and a timeline event, as in
    the prose: the sources page printed "12 May" in straight quotes."""
    for page in ("sources", "timeline", *CHAPTERS):  # the map and chart captions and tables too
        main = soup(built.out / "en" / page / "index.html").main
        text = main.get_text()
        assert "“" in text, page
        straight = re.findall(r".{0,12}(?:\"|--|\w'\w|(?<=\s)'|'(?=\s)).{0,12}", text)
        assert not straight, (page, straight)
