"""The Traditional Chinese edition of the real site: its names, terms, quotation marks,
figures, timeline, sources and locators, each as the Simplified edition's converted."""

from __future__ import annotations

import yaml
from sitereader import html_pages
from test_hant import GLOSSARY

from storysite.config import load_config
from storysite.derive import Converter, Texts
from storysite.languages import KNOWN_LANGUAGES

# Every personal and place name in the story, as the Traditional edition must print it.
NAMES = {
    "丁楼村": "丁樓村", "任庆生": "任慶生", "周爱华": "周愛華", "菏泽": "菏澤", "曹县": "曹縣",
    "大集镇": "大集鎮", "孙爱军": "孫愛軍", "李见鲁": "李見魯", "苏永忠": "蘇永忠", "孙志国": "孫志國",
    "胡春青": "胡春青", "孟晓霞": "孟曉霞", "张京京": "張京京", "孙学平": "孫學平", "侯正亮": "侯正亮",
    "刘海奎": "劉海奎", "贾晓琳": "賈曉琳", "李涛": "李濤", "王凯": "王凱", "李茜": "李茜", "张高丽": "張高麗",
    "孙庄村": "孫莊村", "张庄村": "張莊村", "李八庄": "李八莊", "栾城": "欒城", "石家庄": "石家莊",
    "河北": "河北", "山东": "山東", "鲁西南": "魯西南", "淘宝": "淘寶",
}  # fmt: skip


# Words the Taiwan profile would swap for their computing sense (釋出, 叢集, 演算法, 檔案,
# 映象), as the story means them, a county OpenCC gives an old variant (鉅野) and a word
# it reads as folding (摺合):
# translations/zh_Hant/glossary.yaml keeps them.
TERMS = {
    "发布": "發布", "集群": "集群", "算法": "算法", "文件": "文件", "镜像": "鏡像", "巨野": "巨野", "折合": "折合",
}  # fmt: skip


def site_texts(project) -> Texts:
    """The real site's conversion to Traditional, its glossary and quotation marks included."""
    glossary = yaml.safe_load((project.root / GLOSSARY).read_text(encoding="utf-8")) or {}
    pairs = tuple(sorted(glossary.items(), key=lambda pair: -len(pair[0])))  # the longest term first
    profile = load_config(project.root).settings.conversions["zh-Hant"]
    return Texts(Converter("zh", "zh-Hant", profile, pairs, KNOWN_LANGUAGES["zh-Hant"].quote_marks))


def test_every_name_in_the_story_is_converted_as_written_in_traditional(real_site):
    content = real_site.root / "content"
    written = [real_site.root / "site.yaml", *content.glob("*.zh.md"), *content.rglob("*.yaml")]
    simplified = "".join(path.read_text(encoding="utf-8") for path in written)
    traditional = "".join(
        page.get_text() for url, page in html_pages(real_site.out).items() if url.startswith("/zh-hant/")
    )
    for name, expected in {**NAMES, **TERMS}.items():
        assert name in simplified, f"{name} is no longer in the story: remove it from NAMES or TERMS"
        assert expected in traditional, name
        if name != expected:
            assert name not in traditional, name
    wrong = {"釋出", "叢集", "演算法", "檔案", "映象", "鉅野", "摺合"}  # what the profile alone would print
    assert [word for word in wrong if word in traditional] == []
    config = load_config(real_site.root)
    converter = Converter("zh", "zh-Hant", config.settings.conversions["zh-Hant"])
    assert {name: Texts(converter)(name) for name in NAMES} == NAMES


def test_charts_timeline_and_sources_of_the_real_site_are_converted(real_site):
    pages = html_pages(real_site.out)
    texts = site_texts(real_site)
    for kind in ("heze/", "timeline/", "sources/"):
        simplified, traditional = pages[f"/zh/{kind}"], pages[f"/zh-hant/{kind}"]
        for selector in (
            "figure.chart figcaption",
            "figure.chart table",
            "ol.timeline li p",
            "ol.sources h2",
        ):
            for original, derived in zip(
                simplified.select(selector), traditional.select(selector), strict=True
            ):
                assert derived.get_text() == texts(original.get_text()), selector
        for original, derived in zip(
            simplified.select("ol.sources dd"), traditional.select("ol.sources dd"), strict=True
        ):
            if original.find_previous_sibling("dt").get_text() != "语言":  # named by Babel: 英语, 英文
                assert derived.get_text() == texts(original.get_text())
        assert traditional.html["lang"] == "zh-Hant"
    assert pages["/zh-hant/heze/"].select("figure.chart")  # the chapter with the charts


def authors_shown(page) -> list[str]:
    """The authors line of each source on a sources page, in order."""
    return [dd.get_text() for dd in page.select("ol.sources dd") if dd.find_previous_sibling("dt") and
            dd.find_previous_sibling("dt").get_text() in ("By", "作者")]  # fmt: skip


def test_the_derived_edition_converts_its_own_copy_and_leaves_the_others_as_written(real_site):
    """The sources are every edition's: converting them for the Traditional edition must
    not print Traditional names on the English and Simplified pages. A Chinese edition
    names the authors in Chinese where sources.yaml gives that (authors_shown: 刘海奎,
    not Liu Haikui (刘海奎)), listed with 、."""
    written = yaml.safe_load((real_site.root / "content/sources.yaml").read_text(encoding="utf-8"))
    listed = [source for source in written.values() if source.get("authors")]
    english = [", ".join(source["authors"]) for source in listed]
    chinese = [source.get("authors_shown", {}).get("zh") or "、".join(source["authors"]) for source in listed]
    assert any("、" in names and "(" not in names for names in chinese)
    pages = html_pages(real_site.out)
    assert authors_shown(pages["/en/sources/"]) == english
    assert authors_shown(pages["/zh/sources/"]) == chinese
    texts = site_texts(real_site)
    assert authors_shown(pages["/zh-hant/sources/"]) == [texts(line) for line in chinese]


def test_the_derived_edition_cites_pages_and_paragraphs_in_its_own_words(real_site):
    """A note's locator (paragraph 13, figure 1) as the Simplified edition writes it, in
    Traditional characters: never the English abbreviations."""
    pages = html_pages(real_site.out)
    texts = site_texts(real_site)
    chapters = [url.removeprefix("/zh/") for url in pages if url.startswith("/zh/") and url.count("/") == 3]
    compared = 0
    for chapter_path in chapters:
        simplified = [span.get_text() for span in pages["/zh/" + chapter_path].select(".locator")]
        traditional = [span.get_text() for span in pages["/zh-hant/" + chapter_path].select(".locator")]
        assert traditional == [texts(locator) for locator in simplified], chapter_path
        compared += len(simplified)
    assert compared > 0


def test_the_traditional_edition_quotes_with_corner_brackets(real_site):
    """Taiwan and Hong Kong quote 「」 and 『』 where the mainland quotes “” and ‘’: OpenCC
    converts characters only. An apostrophe in an English word is no quotation mark, and
    English (an English headline, marked so) quotes as English does."""
    pages = html_pages(real_site.out)
    for page in pages.values():
        for english in page.select('[lang="en"]'):
            english.decompose()
    simplified = "".join(page.get_text() for url, page in pages.items() if url.startswith("/zh/"))
    traditional = "".join(page.get_text() for url, page in pages.items() if url.startswith("/zh-hant/"))
    assert "“" in simplified and "「" in traditional
    assert not set("“”‘’") & set(traditional)
    texts = site_texts(real_site)
    assert texts("他说：“People’s Daily 称之为‘淘宝村’。”") == "他說：「People’s Daily 稱之為『淘寶村』。」"


def test_a_chapter_takes_as_long_to_read_in_either_chinese_script(real_site):
    """The Traditional text is the Simplified converted: a word may gain a character (博客,
    部落格), and the Heze chapter read 8 minutes in one edition and 9 in the other."""
    pages = html_pages(real_site.out)
    minutes = {
        edition: [
            int("".join(filter(str.isdigit, item.get_text())))
            for item in pages[f"/{edition}/"].select(".chapter-list .meta")
        ]
        for edition in ("zh", "zh-hant")
    }
    assert minutes["zh"] and minutes["zh"] == minutes["zh-hant"], minutes
