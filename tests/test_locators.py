"""Pandoc locators in citations, [@id, para. 26]: what a reader sees in the notes, and
what an editor is told when a locator cannot be followed."""

from __future__ import annotations

from projects import chapter, error_lines
from sitereader import soup

LOCATED = {
    "content/one.en.md": chapter(
        "One",
        1,
        "## The start\n\nA figure [@alpha, para. 26]. Another [@beta, pp. 3-5; @alpha, paras. 2–4, 7].\n\n"
        "Again [@alpha, para. 26]. Plain [@alpha].\n",
    ),
    "content/one.zh.md": chapter(
        "第一章", None, "## 开始\n\n一个数字[@alpha, para. 26]。再一个[@beta, p. 3]。\n"
    ),
}


def notes(project, url: str) -> list[str]:
    return [
        " ".join(li.get_text(" ").split())
        for li in soup(project.out / url / "index.html").select(".notes li")
    ]


def test_a_located_citation_shows_its_place_in_the_notes_in_each_language(make_project):
    project = make_project(LOCATED)
    project.build()
    english = notes(project, "en/one")
    assert len(english) == 2  # two sources, however many places in them are cited
    assert "para. 26 ↩ ↩" in english[0] and "paras. 2–4, 7 ↩" in english[0]
    assert (
        "paras. 2–4, 7 ↩ ; ↩ About this source" in english[0]
    )  # the citation without a locator links back too
    assert "pp. 3–5 ↩" in english[1]
    chinese = notes(project, "zh/one")
    assert "第26段 ↩" in chinese[0] and "第3页 ↩" in chinese[1]
    page = soup(project.out / "en/one/index.html")
    backs = [a["aria-label"] for a in page.select(".notes li")[0].select("a.backref")]
    # grouped by place, each back link still numbered in reading order, and named with its note
    assert backs == [f"Back to citation {n} of note 1" for n in (1, 3, 2, 4)]


def test_a_source_cited_at_two_places_is_one_source_with_one_back_link_per_page(make_project):
    project = make_project(LOCATED)
    project.build()
    sources = soup(project.out / "en/sources/index.html")
    entry = sources.find(id="src-alpha")
    assert entry is not None
    links = [a["href"] for a in entry.find_all("a") if "/en/one/" in a.get("href", "")]
    assert len(links) == 1, links


def test_a_malformed_locator_is_an_error_naming_the_line_and_the_fix(make_project):
    body = (
        "## Start\n\nFine [@alpha, para. 2].\nBad [@alpha, par 26].\nWorse [@alpha, para. 4–2; @beta, p.].\n"
        "Two ids [@alpha, @beta].\n"
    )
    project = make_project({"content/one.en.md": chapter("One", 1, body)})
    result = project.run("check")
    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        "content/one.en.md:10: error: '[@alpha, par 26]' has a locator a reader cannot follow: "
        "'par' is not a locator term: write it as 'para. 26', 'paras. 2–4' or 'p. 3'",
        "content/one.en.md:11: error: '[@alpha, para. 4–2; @beta, p.]' has a locator a reader cannot follow: "
        "'para. 4–2' is not a range a reader can find: numbers start at 1 and rise",
        "content/one.en.md:12: error: '[@alpha, @beta]' is not a citation: write [@id] or [@id; @other]",
    ]


def test_a_chinese_note_leaves_no_gap_after_its_full_stop(make_project):
    """The source's line and where in it the citations point were two lines of the
    template: the line break between them showed as a space after the 。 (2021年5月12日。
    第26段), where Chinese puts none; English keeps its space after the full stop."""
    project = make_project(LOCATED)
    project.build()

    def shown(url: str) -> str:  # the note's text as a browser sets it: a run of white space is one space
        return " ".join(soup(project.out / url / "index.html").select_one(".notes li").get_text().split())

    assert "2021年5月12日。第26段↩" in shown("zh/one")
    assert "May 12, 2021. para. 26↩" in shown("en/one")
    # So too the search page's word to a browser without JavaScript: two sentences.
    search_off = soup(project.out / "zh/search/index.html").select_one(".search-off").get_text()
    assert "。" in search_off and "。 " not in search_off
