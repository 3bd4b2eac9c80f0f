"""End to end: build a tiny bilingual project with the real CLI and read its HTML.

The tests that only read the default project share one build of it (built_project).
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

from projects import chapter, snapshot
from sitereader import broken_links, html_pages, ids, resolve, soup

BASE = "https://example.org/story/"
BASE_PATH = "/story/"


def test_python_build_py_builds_in_a_process_of_its_own_as_main_does_here(project, tmp_path):
    """The one plain run of `python build.py build`; the other tests call its main() in
    the test's own process, which must make the same site."""
    result = project.run_subprocess("build")
    assert result.returncode == 0, result.stderr
    site = snapshot(project.out)
    assert not any("storysite" in path for path in site)  # the marker stands beside the site, unpublished
    assert f"built {sum(path.endswith('.html') for path in site)} pages" in result.stderr
    assert "Traceback" not in result.stderr and ": error: " not in result.stderr
    here = project.run("build", "--output", str(tmp_path / "here"), env={"STORYSITE_CACHE": "off"})
    assert here.returncode == 0, here.stderr
    assert site == snapshot(tmp_path / "here")


def test_help_names_every_command_and_an_unknown_one_is_refused(project):
    shown = project.run("--help")
    assert shown.returncode == 0, shown.stderr
    assert all(command in shown.stdout for command in ("build", "check", "serve", "new", "status"))
    refused = project.run("publish")
    assert refused.returncode == 2 and "publish" in refused.stderr and "Traceback" not in refused.stderr
    assert not project.out.exists()


def test_every_page_has_its_language_and_a_canonical_url(built_project):
    project = built_project
    pages = html_pages(project.out)
    assert len(pages) == 13  # cover, 2 homes, 4 chapters, 2 timelines, 2 source pages, 2 search pages
    for url, page in pages.items():
        expected = "zh-Hans" if url.startswith("/zh/") else "en"
        assert page.html["lang"] == expected, url
        assert page.find("link", rel="canonical")["href"] == BASE.rstrip("/") + "/" + url.lstrip("/"), url


def test_hreflang_alternates_point_both_ways_and_only_to_pages_that_exist(built_project):
    project = built_project
    pages = html_pages(project.out)
    for url, page in pages.items():
        alternates = {
            link["hreflang"]: link["href"] for link in page.find_all("link", rel="alternate", hreflang=True)
        }
        assert set(alternates) == {"en", "zh-Hans", "x-default"}, url
        for lang, href in alternates.items():
            target = "/" + href.removeprefix(BASE)
            assert target in pages or target == "/", f"{url} -> {href}"
            if lang != "x-default":
                back = pages[target].find_all("link", rel="alternate", hreflang=True)
                assert BASE + url.lstrip("/") in {link["href"] for link in back}, (
                    f"{target} does not point back to {url}"
                )


def test_language_switcher_goes_to_the_same_chapter(built_project):
    project = built_project
    english = soup(project.out / "en/one/index.html")
    link = english.select_one(".switcher a")
    assert link["href"] == "/story/zh/one/"
    assert link["lang"] == "zh-Hans"
    chinese = soup(project.out / "zh/two/index.html")
    assert chinese.select_one(".switcher a")["href"] == "/story/en/two/"


def test_citations_are_numbered_superscripts_linking_to_notes_and_sources(built_project):
    project = built_project
    page = soup(project.out / "en/one/index.html")
    links = page.select("sup.cite a")
    assert [a.get_text() for a in links] == ["Note 1", "Note 1", "Note 2"]
    assert [a["href"] for a in links] == ["#note-1", "#note-1", "#note-2"]
    page_ids = ids(page)
    for note in page.select(".notes li"):
        assert note["id"] in page_ids
        source_link = note.find("a", href=lambda h: "/sources/#src-" in h)
        target, fragment = resolve(project.out, BASE_PATH, source_link["href"])
        assert fragment in ids(soup(target))
        for back in note.select("a.backref"):
            assert back["href"][1:] in page_ids
    assert page.select_one("#note-1 .source-line").get_text().startswith("Alpha Daily")


def test_sources_page_links_back_to_every_citing_chapter(built_project):
    project = built_project
    page = soup(project.out / "en/sources/index.html")
    beta = page.find(id="src-beta")
    backlinks = {a["href"] for a in beta.find_all("a") if "/en/" in a["href"] and "sources" not in a["href"]}
    assert backlinks == {"/story/en/one/#note-2", "/story/en/two/#note-1"}
    assert beta.find("cite")["lang"] == "zh-Hans"
    assert "Beta headline" in beta.get_text()


def test_every_internal_link_and_anchor_resolves(built_project, tmp_path):
    assert broken_links(built_project.out, BASE_PATH) == []
    out = shutil.copytree(built_project.out, tmp_path / "site")  # a copy, to break
    page = out / "en/two/index.html"  # and the checker does see a dead anchor
    page.write_text(
        page.read_text(encoding="utf-8") + '<a href="/story/en/one/#nowhere">x</a>', encoding="utf-8"
    )
    assert broken_links(out, BASE_PATH) == ["/en/two/: /story/en/one/#nowhere"]


def test_chapter_file_links_become_chapter_urls(built_project):
    project = built_project
    link = soup(project.out / "en/one/index.html").find("a", string="two")
    assert link["href"] == "/story/en/two/#later"


def test_heading_ids_are_not_empty_for_chinese_headings(built_project):
    project = built_project
    heading = soup(project.out / "zh/one/index.html").select_one(".prose h2")
    assert heading["id"] == "开始"


def test_a_line_break_between_han_characters_is_not_a_space(make_project):
    project = make_project(
        {"content/one.zh.md": chapter("第一章", None, "丁楼村的\n年轻人回来了，\nand then English\nwords.\n")}
    )
    project.build()
    text = soup(project.out / "zh/one/index.html").select_one(".prose p").get_text()
    assert "丁楼村的年轻人回来了，and" not in text
    assert "丁楼村的年轻人回来了，\nand" in text or "丁楼村的年轻人回来了， and" in text
    assert "English\nwords" in text


def test_feeds_and_sitemap_are_well_formed_with_alternates(built_project):
    project = built_project
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(project.out / "zh/feed.xml").getroot()
    titles = [e.findtext(f"{atom}title") for e in feed.findall(f"{atom}entry")]
    assert titles == ["第一章", "第二章"]
    sitemap = ET.parse(project.out / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.findtext("s:loc", namespaces=ns): u for u in sitemap.findall("s:url", ns)}
    one = urls[BASE + "en/one/"]
    alternates = {link.get("hreflang"): link.get("href") for link in one.findall("x:link", ns)}
    assert alternates == {"en": BASE + "en/one/", "zh-Hans": BASE + "zh/one/", "x-default": BASE + "en/one/"}
    assert "Sitemap: " + BASE + "sitemap.xml" in (project.out / "robots.txt").read_text()
    assert (project.out / "404.html").is_file()


def test_a_feed_holds_the_most_recently_updated_chapters_in_story_order(make_project):
    """Twenty entries: the newest, and among chapters updated on the same day the
    earlier in the story; listed in story order."""
    files = {
        f"content/c{n:02}.en.md": chapter(f"Chapter {n}", n, "Text [@alpha].\n").replace(
            "updated: 2026-11-20", "updated: 2026-11-25" if n == 22 else "updated: 2026-11-20"
        )
        for n in range(1, 23)
    }
    project = make_project({**files, "content/one.en.md": None, "content/two.en.md": None,
                            "content/one.zh.md": None, "content/two.zh.md": None})  # fmt: skip
    project.build()
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(project.out / "en/feed.xml").getroot()
    titles = [entry.findtext(f"{atom}title") for entry in feed.findall(f"{atom}entry")]
    assert titles == [f"Chapter {n}" for n in range(1, 20)] + ["Chapter 22"]


def test_an_order_padded_with_a_zero_is_read_as_written(make_project):
    """`order: 010`, padded for sorting, was read as octal (8) and the chapter went
    silently before the ninth."""
    project = make_project(
        {
            "content/ten.en.md": chapter("Ten", 10, "Text [@alpha].\n").replace("order: 10", "order: 010"),
            "content/nine.en.md": chapter("Nine", 9, "Text [@alpha].\n"),
        }
    )
    assert project.build().returncode == 0
    home = soup(project.out / "en/index.html")
    titles = [link.get_text(strip=True) for link in home.select("main ol a, main ul a")]
    assert [title for title in titles if title in ("One", "Nine", "Ten")] == ["One", "Nine", "Ten"]


def test_static_files_get_content_hashed_names(built_project):
    project = built_project
    page = soup(project.out / "en/index.html")
    href = page.find("link", rel="stylesheet")["href"]
    assert (
        href.startswith("/story/static/style.")
        and href.endswith(".css")
        and len(href) > len("/story/static/style..css") + 8
    )
    target, _ = resolve(project.out, BASE_PATH, href)
    assert target.is_file()


STYLESHEET = """/*! Licence: kept with the file */
/* a note for the site's editors */
body {
  color: #123456;
}
.quoted::before { content: "/* not a comment */"; }
"""


def test_the_stylesheet_readers_download_leaves_out_the_editors_comments_only(make_project):
    """Every reader downloaded the stylesheet's comments and indentation, a quarter of
    it. A /*! licence stays, a string that looks like a comment stays, and a comment
    edited gives the same file under the same name: readers keep what they have."""

    def published() -> tuple[str, str]:
        href = soup(project.out / "en/index.html").find("link", rel="stylesheet")["href"]
        target, _ = resolve(project.out, BASE_PATH, href)
        return href, target.read_text(encoding="utf-8")

    project = make_project({"static/style.css": STYLESHEET})
    project.build()
    href, css = published()
    assert "Licence: kept with the file" in css and "editors" not in css
    assert '"/* not a comment */"' in css and "color:#123456" in css.replace(" ", "")
    assert len(css) < len(STYLESHEET) * 0.8
    project.edit("static/style.css", "a note for the site's editors", "another note")
    project.build()
    assert published() == (href, css)


def test_untranslated_chapter_switches_to_the_other_edition_home(make_project):
    project = make_project({"content/three.en.md": chapter("Three", 3, "Only English.\n")})
    result = project.build()
    assert "no zh translation yet" in result.stderr
    page = soup(project.out / "en/three/index.html")
    assert {link["hreflang"] for link in page.find_all("link", rel="alternate", hreflang=True)} == {
        "en",
        "x-default",
    }
    switch = page.select_one(".switcher a")
    assert switch["href"] == "/story/zh/"
    assert not (project.out / "zh/three").exists()


def test_utf8_with_bom_and_crlf_line_endings_build(make_project):
    text = chapter("One", 1, "Line one\nline two [@alpha].\n").replace("\n", "\r\n")
    project = make_project({"content/one.en.md": b"\xef\xbb\xbf" + text.encode("utf-8")})
    project.build()
    assert soup(project.out / "en/one/index.html").h1.get_text() == "One"


def test_dates_and_reading_time_are_formatted_for_each_locale(built_project):
    project = built_project
    assert "November 20, 2026" in (project.out / "en/one/index.html").read_text(encoding="utf-8")
    zh = soup(project.out / "zh/one/index.html")
    assert "2026年11月20日" in zh.select_one(".meta").get_text()
    assert "阅读约1分钟" in zh.select_one(".meta").get_text()


def test_a_cache_that_cannot_be_saved_is_a_warning_and_the_site_is_built(project):
    """.storysite-cache made a file by mistake: every build began from nothing, without a word."""
    (project.root / ".storysite-cache").write_text("not a folder\n")
    result = project.run("build", env={"STORYSITE_CACHE": ""})  # the project's own cache folder
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if ": warning: " in line and "cache" in line]
    assert warning.startswith(f"{project.root / '.storysite-cache'}: warning: "), warning
    assert (project.out / "en/index.html").is_file()
    assert (project.root / ".storysite-cache").read_text() == "not a folder\n"


def test_a_relative_output_is_taken_from_the_folder_the_command_is_typed_in(project, tmp_path, monkeypatch):
    """`python build.py --project ../story build --output out` made ../story/out, not ./out."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = project.run("build", "--output", "out")
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "out/en/index.html").is_file() and not (project.root / "out").exists()
