"""The Traditional Chinese edition, derived from the Simplified text at build time."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from projects import SITE_YAML, SOURCES_YAML, chapter
from sitereader import broken_links, html_pages, soup

from storysite.editions import GLOSSARY_NAME
from storysite.languages import KNOWN_LANGUAGES

THREE = SITE_YAML.replace("languages: [en, zh]", "languages: [en, zh, zh-Hant]")
GLOSSARY = "translations/zh_Hant/" + GLOSSARY_NAME


def three_editions(make_project, files=None):
    return make_project({"site.yaml": THREE, **(files or {})})


def test_the_derived_edition_has_every_page_in_traditional_with_its_own_lang(make_project):
    project = three_editions(make_project)
    project.build()
    page = project.page("zh-hant/one/")
    assert '<html lang="zh-Hant">' in page
    assert "第一個事實" in page and "第一个事实" not in page  # the body, converted
    assert "測試故事" in project.page("zh-hant/")  # site.yaml's title
    assert "阿爾法日報" in project.page("zh-hant/sources/") and "貝塔標題" in project.page("zh-hant/sources/")
    assert '《<cite lang="zh-Hant">貝塔標題</cite>》' in page  # a Chinese headline, converted, in title marks
    assert ">註釋<" in page  # the interface text, converted from 注释
    assert '<meta property="og:locale" content="zh_TW">' in page
    for path in ("zh-hant/feed.xml", "zh-hant/timeline/index.html", "404.html"):
        assert (project.out / path).is_file(), path
    assert "測試編輯部" in project.page("404.html")
    assert not broken_links(project.out, "/story/")


def test_alternates_are_reciprocal_across_three_editions_in_head_and_sitemap(make_project):
    project = three_editions(make_project)
    project.build()
    pages = html_pages(project.out)
    for url in ("/en/one/", "/zh/one/", "/zh-hant/one/"):
        links = {
            link["hreflang"]: link["href"]
            for link in pages[url].find_all("link", rel="alternate", hreflang=True)
        }
        assert set(links) == {"en", "zh-Hans", "zh-Hant", "x-default"}, url
        assert links["zh-Hant"] == "https://example.org/story/zh-hant/one/"
        switcher = [a["href"] for a in pages[url].select(".switcher a")]
        others = {"/story" + u for u in ("/en/one/", "/zh/one/", "/zh-hant/one/") if u != url}
        assert set(switcher) == others
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(project.out / "sitemap.xml").getroot()
    entry = next(u for u in root.findall("s:url", ns) if u.find("s:loc", ns).text.endswith("/zh-hant/one/"))
    assert {link.get("hreflang") for link in entry.findall("x:link", ns)} == {
        "en",
        "zh-Hans",
        "zh-Hant",
        "x-default",
    }
    cover = pages["/"]
    assert [a["href"] for a in cover.select(".cover-link")] == ["/story/en/", "/story/zh/", "/story/zh-hant/"]


def test_each_edition_names_the_edition_it_was_made_from_and_no_other(make_project):
    """schema.org: the Simplified chapter translates the English and is the work the
    Traditional one converts; the Traditional names the Simplified as its source and
    translates nothing itself. Every page names the one site by one name."""
    project = three_editions(make_project)
    project.build()
    data = {}
    for edition in ("en", "zh", "zh-hant"):
        [script] = soup(project.out / f"{edition}/one/index.html").find_all(
            "script", type="application/ld+json"
        )
        data[edition] = json.loads(script.string)

    def ids(value) -> list[str]:
        return [work["@id"].rsplit("/", 3)[-3] for work in ([value] if isinstance(value, dict) else value)]

    assert ids(data["en"]["workTranslation"]) == ["zh"] and "translationOfWork" not in data["en"]
    assert ids(data["zh"]["translationOfWork"]) == ["en"] and ids(data["zh"]["workTranslation"]) == [
        "zh-hant"
    ]
    assert ids(data["zh-hant"]["translationOfWork"]) == ["zh"] and "workTranslation" not in data["zh-hant"]
    assert len({json.dumps(page["isPartOf"], sort_keys=True) for page in data.values()}) == 1


def test_a_site_of_two_languages_has_no_trace_of_a_third(built_project):
    for path in built_project.out.rglob("*"):
        if path.is_file() and path.parent.name != "static":  # one stylesheet for any site
            text = path.read_bytes().decode("utf-8", "replace")
            assert "zh-hant" not in text.lower() and "繁體" not in text, path
    assert not (built_project.out / "zh-hant").exists()


def test_a_hand_written_chapter_replaces_the_derived_one_and_is_tracked(make_project):
    project = three_editions(make_project)
    assert [line.split() for line in project.run("status").stdout.splitlines()][1][3] == "derived"
    project.write("content/one.zh-Hant.md", chapter("手寫的第一章", None, "親手寫的正文[@beta]。\n"))
    result = project.build()
    assert "content/one.zh-Hant.md: warning: not marked as following the zh text" in result.stderr
    assert "親手寫的正文" in project.page("zh-hant/one/") and "第一個事實" not in project.page("zh-hant/one/")
    assert project.run("status", "--mark", "one").returncode == 0
    assert project.run("status").stdout.splitlines()[1].split()[-1] == "overridden"
    project.edit("content/one.zh.md", "第一个事实", "第一个改过的事实")
    assert project.run("status").stdout.splitlines()[1].split()[-2:] == ["override", "stale"]
    result = project.build()
    assert "content/one.zh-Hant.md: warning: the zh text changed since this was written" in result.stderr


def test_a_hand_written_chapter_waits_while_the_simplified_one_it_follows_is_a_draft(make_project):
    """The Simplified chapter was a draft, its hand-written Traditional text published:
    its page, in the edition's contents, sitemap and feed, and named by the others."""
    draft = chapter("第一章", None, "## 开始\n\n第一个事实[@beta]。\n", draft="true")
    override = chapter("手寫的秘密章", None, "親手寫的秘密正文[@beta]。\n")
    project = three_editions(make_project, {"content/one.zh.md": draft, "content/one.zh-Hant.md": override})
    project.build()
    assert not (project.out / "zh-hant/one").exists() and not (project.out / "zh/one").exists()
    assert [a["href"] for a in soup(project.out / "zh-hant/index.html").select("main a[href*='/one/']")] == []
    sitemap = (project.out / "sitemap.xml").read_text(encoding="utf-8")
    assert "/zh-hant/one/" not in sitemap and "/zh/one/" not in sitemap
    feed = ET.parse(project.out / "zh-hant/feed.xml").getroot()
    assert [t.text for t in feed.iter("{http://www.w3.org/2005/Atom}title")].count("手寫的秘密章") == 0
    english = soup(project.out / "en/one/index.html")
    assert {link["hreflang"] for link in english.find_all("link", rel="alternate", hreflang=True)} == {
        "en",
        "x-default",
    }
    project.write("content/one.zh.md", draft.replace("draft: true\n", ""))
    project.build()
    assert soup(project.out / "zh-hant/one/index.html").h1.get_text() == "手寫的秘密章"


def test_the_glossary_fixes_terms_everywhere_and_an_unused_entry_is_reported(make_project):
    glossary = "# fixes\n贝塔: 貝他\n阿尔法: 阿勒法\n不存在的词: 不存在的詞\n"
    project = three_editions(
        make_project, {GLOSSARY: glossary, "content/two.zh.md": chapter("第二章", 2, "阿尔法说[@alpha]。\n")}
    )
    result = project.run("check")
    assert f"{GLOSSARY}:4: warning: '不存在的词' matches nothing" in result.stderr
    assert result.returncode == 0 and project.run("check", "--strict").returncode == 1
    project.build()
    assert "阿勒法說" in project.page("zh-hant/two/")  # a chapter
    assert '《<cite lang="zh-Hant">貝他標題</cite>》' in project.page("zh-hant/one/")  # a headline
    assert "阿勒法日報" in project.page("zh-hant/sources/")  # an outlet
    assert "阿尔法" in project.page("zh/two/")  # the Simplified edition is as written


def test_a_bad_glossary_entry_is_an_error_with_its_line(make_project):
    project = three_editions(make_project, {GLOSSARY: "贝塔: 貝他\n阿尔法: [a, b]\n"})
    result = project.run("check")
    assert f"{GLOSSARY}:2: error: write each entry as" in result.stderr and result.returncode == 1


def test_the_interface_text_is_derived_and_may_be_overridden_string_by_string(make_project):
    po = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "Timeline"\nmsgstr "年表"\n'
    project = three_editions(make_project, {"translations/zh_Hant/LC_MESSAGES/messages.po": po})
    project.build()
    page = project.page("zh-hant/one/")
    assert ">年表</a>" in page  # overridden
    assert "資料來源" in page  # derived from the zh catalogue's 资料来源


def test_derived_links_between_chapters_stay_in_the_derived_edition(make_project):
    body = "见[第二章](two.zh.md)。\n"
    project = three_editions(make_project, {"content/one.zh.md": chapter("第一章", None, body)})
    project.build()
    assert 'href="/story/zh-hant/two/"' in project.page("zh-hant/one/")
    assert 'href="/story/zh/two/"' in project.page("zh/one/")


@pytest.mark.parametrize(
    "languages, conversion, message",
    [
        ("[en, zh-Hant]", "", "languages: zh-Hant is made from zh: list zh before it"),
        ("[en, zh, zh-Hant]", "conversion: {zh-Hant: t2s}\n", "conversion: unknown profile 't2s'"),
        ("[en, zh]", "conversion: {en: s2tw}\n", "conversion: en is not a derived edition"),
    ],
)
def test_site_yaml_mistakes_about_the_derived_edition_are_reported(
    make_project, languages, conversion, message
):
    site = SITE_YAML.replace("languages: [en, zh]", f"languages: {languages}") + conversion
    result = make_project({"site.yaml": site}).run("build")
    assert result.returncode == 1 and message in result.stderr, result.stderr


@pytest.mark.parametrize("languages", ["[en, zh]", "[zh, en]"])
def test_an_edition_turned_off_as_the_guide_says_leaves_a_warning_not_an_error(make_project, languages):
    """The guide: remove zh-Hant from languages to publish no Traditional edition. The
    conversion lines left below it stopped the build with an error that said nothing
    of what to do."""
    site = SITE_YAML.replace("languages: [en, zh]", f"languages: {languages}")
    site += "conversion:\n  zh-Hant: s2twp\n"
    line = site.splitlines().index("  zh-Hant: s2twp") + 1
    first = chapter("第一章", 1, "## 开始\n\n第一个事实[@beta]。\n")  # an original gives the order
    project = make_project({"site.yaml": site, "content/one.zh.md": first})
    for command in ("check", "build"):
        result = project.run(command)
        assert result.returncode == 0, result.stderr
        assert f"site.yaml:{line}: warning: conversion: zh-Hant is not in languages" in result.stderr
        assert "remove it" in result.stderr and ": error: " not in result.stderr
    assert (project.out / "zh/one/index.html").is_file() and not (project.out / "zh-hant").exists()


def test_the_profile_in_site_yaml_chooses_the_conversion(make_project):
    body = "这个软件的信息。\n"
    site = THREE + "conversion: {zh-Hant: s2t}\n"
    project = make_project({"site.yaml": site, "content/one.zh.md": chapter("第一章", None, body)})
    project.build()
    assert "這個軟件的信息" in project.page("zh-hant/one/")  # s2twp would write 軟體 and 資訊
    assert KNOWN_LANGUAGES["zh-Hant"].conversion == "s2twp"


def test_new_writes_only_the_languages_editors_write(make_project):
    project = three_editions(make_project)
    result = project.run("new", "night-market")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project.root / "content").glob("night-market.*")) == [
        "night-market.en.md",
        "night-market.zh.md",
    ]


def test_a_slip_in_the_simplified_text_is_reported_once_not_again_for_its_derived_edition(make_project):
    slipped = chapter("第二章", 1, "## 后来\n\n更多[@alpha]。\n")  # the original says 2
    project = three_editions(make_project, {"content/two.zh.md": slipped})
    result = project.run("check")
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert problems and all(line.startswith("content/two.zh.md:") for line in problems), problems
    assert len(problems) == len(set(problems)), problems
    assert f"{len(problems)} error(s)" in result.stderr


UNRECORDED = """\
gamma:
  outlet: Gamma Blog
  headline: "[title not recorded]"
  headline_shown: {en: "[Russian title not recorded]", zh: "[俄文标题未记录]"}
  headline_en: "A machine translation's title"
  date: "2017"
  language: ru
  note: Read in translation.
"""


def test_a_headline_not_recorded_is_shown_in_each_editions_words_and_language(make_project):
    """Words standing in for a headline nobody recorded are the edition's, not the
    original's: never English marked as Russian."""
    cited = chapter("Three", 3, "## Later\n\nMore [@gamma].\n")
    project = three_editions(
        make_project, {"content/sources.yaml": SOURCES_YAML + UNRECORDED, "content/three.en.md": cited}
    )
    project.build()
    for edition, lang, words in (("en", "en", "[Russian title not recorded]"), ("zh", "zh-Hans", "[俄文标题未记录]"),
                                 ("zh-hant", "zh-Hant", "[俄文標題未記錄]")):  # fmt: skip
        [shown] = soup(project.out / f"{edition}/sources/index.html").select(
            "#src-gamma .source-headline > *"
        )
        assert (shown.name, shown["lang"], shown.get_text()) == ("span", lang, words)  # described, not cited


DESCRIBED = """\
delta:
  outlet: {en: Delta Net, zh: 德尔塔网}
  headline: "[关于丁楼村的报道，标题未记录]"
  headline_en: "[report on Dinglou; headline not recorded]"
  date: "2019"
  language: zh
  note: {en: A report we read., zh: 我们读过的一篇报道。}
"""


def test_an_article_only_described_is_described_once_in_the_readers_language(make_project):
    """A Chinese report whose headline nobody recorded is described in the editors' words,
    in Chinese and in English: the English sources page was headed by the Chinese words
    (and gave the English after them), the Chinese pages gave the English after theirs."""
    cited = chapter("Three", 3, "## Later\n\nMore [@delta].\n")
    project = three_editions(
        make_project, {"content/sources.yaml": SOURCES_YAML + DESCRIBED, "content/three.en.md": cited}
    )
    project.build()
    for edition, lang, words in (("en", "en", "[report on Dinglou; headline not recorded]"),
                                 ("zh", "zh-Hans", "[关于丁楼村的报道，标题未记录]"),
                                 ("zh-hant", "zh-Hant", "[關於丁樓村的報道，標題未記錄]")):  # fmt: skip
        entry = soup(project.out / f"{edition}/sources/index.html").select_one("#src-delta")
        [shown] = entry.select(".source-headline > *")
        assert (shown.name, shown["lang"], shown.get_text()) == ("span", lang, words)
        assert not entry.select(".headline-en"), edition  # said once
    note = soup(project.out / "en/three/index.html").select_one(".notes .source-line")
    assert note.get_text() == "Delta Net, [report on Dinglou; headline not recorded], 2019."
    # A headline recorded keeps its English rendering after it, on every edition's sources page.
    beta = soup(project.out / "zh/sources/index.html").select_one("#src-beta .headline-en")
    assert beta.get_text() == "Beta headline"
