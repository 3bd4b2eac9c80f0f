"""A chapter's title and summary are set as its text is: in English, curly quotes, dashes
and ellipses wherever they are shown; in Chinese, as typed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from projects import chapter
from sitereader import soup

TITLE = "Ren's shop"
SUMMARY = 'How the village\'s "first" shop began -- with a cable...'
ATOM = "{http://www.w3.org/2005/Atom}"


def test_an_english_title_and_summary_are_set_as_the_text_is_everywhere_they_are_shown(make_project):
    """The standfirst, the lists, the feed and the link previews showed Ren's shop with
    straight quotes and two hyphens, where the chapter's text beside them had Ren’s."""
    english = chapter("One", 1, "## The start\n\nFirst fact [@alpha].\n")
    english = english.replace("title: One", f'title: "{TITLE}"').replace(
        "summary: Summary of One.", f"summary: '{SUMMARY.replace(chr(39), chr(39) * 2)}'"
    )
    chinese = chapter("第一章", None, "## 开始\n\n第一个事实[@beta]。\n").replace(
        "summary: Summary of 第一章.", 'summary: 他说"第一家"--就这样...'
    )
    project = make_project({"content/one.en.md": english, "content/one.zh.md": chinese})
    assert project.build().returncode == 0
    page, home = soup(project.out / "en/one/index.html"), soup(project.out / "en/index.html")
    shown = [
        page.find("h1").get_text(),
        page.select_one(".standfirst").get_text(),
        page.find("meta", attrs={"name": "description"})["content"],
        page.find("meta", attrs={"property": "og:title"})["content"],
        json.loads(page.find("script", type="application/ld+json").string)["headline"],
        home.select_one("main").get_text(),
    ]
    feed = ET.parse(project.out / "en/feed.xml").getroot()
    entry = next(e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title").startswith("Ren"))
    shown += [entry.findtext(f"{ATOM}title"), entry.findtext(f"{ATOM}summary")]
    for text in shown:
        assert "'" not in text and '"' not in text and "--" not in text and "..." not in text, text
    assert "Ren’s shop" in shown[0] and "“first” shop began – with a cable…" in shown[1]
    chinese_page = soup(project.out / "zh/one/index.html")
    assert chinese_page.select_one(".standfirst").get_text() == '他说"第一家"--就这样...'


def test_the_sites_english_title_and_standfirst_are_set_as_its_text_is(make_project):
    project = make_project()
    project.edit("site.yaml", "en: Test Story", 'en: "The villages\' story -- told..."')
    assert project.build().returncode == 0
    home = soup(project.out / "en/index.html")
    assert home.find("h1").get_text() == "The villages’ story – told…"
    assert home.title.get_text().startswith("The villages’ story – told…")
    assert "测试故事" in soup(project.out / "zh/index.html").find("h1").get_text()
