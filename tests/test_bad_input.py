"""Every kind of bad input: exit code 1, `path:line: message`, no traceback,
and the previous site left exactly as it was."""

from __future__ import annotations

import pytest
from projects import SITE_YAML, SOURCES_YAML, assert_clear_failure, chapter, leftovers, snapshot

GOOD_ONE = chapter("One", 1, "Text [@alpha].\n")

CHART = (  # the second point's value on line 6
    "title: T\ndescription: D\nunit: u\npoints:\n  - {{year: 2010, value: 1, source: alpha}}\n"
    "  - {{year: 2011, value: {value}, source: beta}}\n"
)

CASES = {
    "missing front matter": (
        {"content/one.en.md": "# One\n\nNo front matter.\n"},
        "content/one.en.md:1: error: no front matter",
    ),
    "unclosed front matter": (
        {"content/one.en.md": "---\ntitle: One\nsummary: S\n\nBody.\n"},
        "content/one.en.md:1: error: the front matter is not closed",
    ),
    "YAML syntax error, line counted in the file": (
        {"content/one.en.md": GOOD_ONE.replace("summary: Summary of One.", "summary: a: b")},
        "content/one.en.md:3: error: YAML syntax",
    ),
    "tab indentation": (
        {"content/one.en.md": GOOD_ONE.replace("order: 1", "order: 1\n\tdraft: false")},
        "content/one.en.md:5: error: a tab is used for indentation",
    ),
    "duplicate key": (
        {"content/one.en.md": GOOD_ONE.replace("order: 1", "order: 1\ntitle: Again")},
        "content/one.en.md:5: error: duplicate key 'title' (first given on line 2)",
    ),
    # Told to put in quotes a value that was in quotes already: the hint is for a value
    # YAML could not read, and this one it read.
    "duplicate key, the second in quotes": (
        {"content/one.en.md": GOOD_ONE.replace("order: 1", 'order: 1\ntitle: "Ren\'s shop"')},
        "content/one.en.md:5: error: duplicate key 'title' (first given on line 2); keep one\n",
    ),
    "title: no": (
        {"content/one.en.md": GOOD_ONE.replace("title: One", "title: no")},
        "content/one.en.md:2: error: title: should be text, but YAML read `no`",
    ),
    "quoted order": (
        {"content/one.en.md": GOOD_ONE.replace("order: 1", 'order: "1"')},
        "content/one.en.md:4: error: order: should be a whole number",
    ),
    "unknown key with a suggestion": (
        {"content/one.en.md": GOOD_ONE.replace("order: 1", "order: 1\nsumary: x")},
        "content/one.en.md:5: error: front matter: unknown key 'sumary'; did you mean 'summary'?",
    ),
    "impossible date": (
        {"content/one.en.md": GOOD_ONE.replace("updated: 2026-11-20", "updated: 2026-02-30")},
        "content/one.en.md:5: error: '2026-02-30' is not a real date",
    ),
    "duplicate order": (
        {"content/two.en.md": chapter("Two", 1, "More [@beta].\n")},
        "content/two.en.md:4: error: order 1 is also used by content/one.en.md",
    ),
    "invalid slug": (
        {"content/Bad_Slug.en.md": GOOD_ONE.replace("order: 1", "order: 9")},
        "content/Bad_Slug.en.md: error: 'Bad_Slug' is not a valid slug",
    ),
    "GBK file": (
        {"content/one.zh.md": chapter("第一章", None, "丁楼村的故事。\n").encode("gbk")},
        "content/one.zh.md:2: error: is not valid UTF-8",
    ),
    # Word's line break, pasted: the feed then was no XML at all, and nothing said so.
    "a control character": (
        {"content/two.en.md": chapter("Two", 2, "## Later\n\nPasted\x0b text [@beta].\n")},
        "content/two.en.md:9: error: holds an invisible control character (U+000B) at column 7",
    ),
    # The same characters written as YAML's escapes in quotes: the Atom feed was no XML at
    # all, and a path holding a NUL was an internal error.
    "a control character written as an escape in a title": (
        {
            "content/two.en.md": chapter("Two", 2, "## Later\n\nMore [@beta].\n").replace(
                "title: Two", 'title: "Two\\a"'
            )
        },
        "content/two.en.md:2: error: the text here holds the invisible control character (U+0007), "
        "written as an escape in quotes",
    ),
    "a NUL written as an escape in the output folder": (
        {"site.yaml": SITE_YAML + 'output: "_site\\0"\n'},
        "site.yaml:7: error: the text here holds the invisible control character (U+0000)",
    ),
    "unknown citation": (
        {"content/two.en.md": chapter("Two", 2, "## Later\n\nFine.\n\nBad [@nobody].\n")},
        "content/two.en.md:11: error: unknown source '@nobody'",
    ),
    "reference link out of the site": (
        {"content/two.en.md": chapter("Two", 2, "## Later\n\nSee [x][out].\n\n[out]: ../../etc/passwd\n")},
        "content/two.en.md:11: error: link to '../../etc/passwd'",
    ),
    "link to a missing chapter": (
        {"content/two.en.md": chapter("Two", 2, "## Later\n\nSee [x](three.en.md).\n")},
        "content/two.en.md:9: error: link to 'three.en.md'",
    ),
    "link to a heading another chapter lacks": (
        {"content/two.en.md": chapter("Two", 2, "## Later\n\nSee [one](one.en.md#the-stat).\n")},
        "content/two.en.md:9: error: '#the-stat' is not a heading or anchor in one.en.md: did you mean '#the-start'?",
    ),
    "link to a heading this chapter lacks": (
        {"content/two.en.md": chapter("Two", 2, "## Later\n\nText.\n\nBack to [the top](#earlier).\n")},
        "content/two.en.md:11: error: '#earlier' is not a heading or anchor in this chapter",
    ),
    # It became the headline's lang= attribute, which no browser or screen reader knows.
    "a source language that is no language code": (
        {"content/sources.yaml": SOURCES_YAML.replace("  language: en\n", "  language: klingon\n", 1)},
        "content/sources.yaml:5: error: alpha: language: 'klingon' is no language code",
    ),
    "chart point citing an unknown source": (
        {
            "content/data/shops.yaml": "title: T\ndescription: D\nunit: u\npoints:\n  - {year: 2010, value: 1, source: alpha}\n  - {year: 2011, value: 2, source: nobody}\n"
        },
        "content/data/shops.yaml:6: error: 2011: unknown source 'nobody'",
    ),
    # Indented with a Chinese input method on: site.yaml called '　zh' an unknown key, the
    # U+3000 unseen in the message; a chart was a syntax error about ": " a line below.
    "a full-width space indenting a key": (
        {
            "site.yaml": SITE_YAML.replace(
                "title: {en: Test Story, zh: 测试故事}", "title:\n  en: Test Story\n\u3000zh: 测试故事"
            )
        },
        "site.yaml:6: error: a full-width space (U+3000) is used for indentation; YAML needs plain spaces",
    ),
    "a full-width space indenting a list item": (
        {
            "content/data/shops.yaml": CHART.format(value="2").replace(
                "  - {year: 2011", "\u3000- {year: 2011"
            )
        },
        "content/data/shops.yaml:6: error: a full-width space (U+3000) is used for indentation",
    ),
    "chart year given twice": (
        {
            "content/data/shops.yaml": "title: T\ndescription: D\nunit: u\npoints:\n  - {year: 2010, value: 1, source: alpha}\n  - {year: 2010, value: 2, source: beta}\n"
        },
        "content/data/shops.yaml:6: error: 2010 is given twice (first on line 5): keep one",
    ),
    "chart value that is not a number": (
        {"content/data/shops.yaml": CHART.format(value=".nan")},
        "content/data/shops.yaml:6: error: value: YAML read `.nan` as 'not a number'",
    ),
    "chart value that is infinite": (
        {"content/data/shops.yaml": CHART.format(value=".inf")},
        "content/data/shops.yaml:6: error: value: YAML read `.inf` as infinity",
    ),
    "chart value below zero": (
        {"content/data/shops.yaml": CHART.format(value="-3")},
        "content/data/shops.yaml:6: error: value: -3 is below zero",
    ),
    "chart without points": (
        {"content/data/shops.yaml": "title: T\ndescription: D\nunit: u\npoints: []\n"},
        "content/data/shops.yaml:4: error: points: needs at least one point",
    ),
    "footnote text given twice": (
        {"content/two.en.md": chapter("Two", 2, "## Later\n\nMore.[^x]\n\n[^x]: One.\n\n[^x]: Two.\n")},
        "content/two.en.md:13: error: footnote [^x] already has its text on line 11",
    ),
    "citation leaving out the author, as Pandoc's [-@id]": (
        {"content/two.en.md": chapter("Two", 2, "## Later\n\nMore [-@beta, para. 4].\n")},
        "content/two.en.md:9: error: '[-@beta, para. 4]' is Pandoc's way to leave out an author's name, "
        "which this site does not support (its citations are numbers, not names): write [@beta, para. 4]",
    ),
    "translation with a different order": (
        {"content/two.zh.md": chapter("第二章", 5, "更多[@alpha]。\n")},
        "content/two.zh.md:4: error: order is 5 here but 2 in the original",
    ),
    # An entry begun and not written yet, or written as one value: a crash, or line 1.
    "source entry with nothing under it": (
        {"content/sources.yaml": SOURCES_YAML + "new-source:\n"},
        "content/sources.yaml:15: error: new-source: write its fields below it (outlet:,",
    ),
    "source entry that is one number": (
        {"content/sources.yaml": SOURCES_YAML + "new-source: 2021\n"},
        "content/sources.yaml:15: error: new-source:",
    ),
    "source entry that is one sentence": (
        {"content/sources.yaml": SOURCES_YAML + "new-source: see the notes\n"},
        "content/sources.yaml:15: error: new-source:",
    ),
    "timeline event that is one sentence": (
        {
            "content/timeline.yaml": "- date: 2020\n  text: a\n  sources: [alpha]\n- Heze passes 500 villages\n"
        },
        "content/timeline.yaml:4: error: event:",
    ),
    "chart point that is one number": (
        {
            "content/data/shops.yaml": CHART.format(value=1).replace(
                "  - {year: 2011", "  - 2020\n  - {year: 2012"
            )
        },
        "content/data/shops.yaml:6: error: point:",
    ),
    "text in a language the site does not have": (  # it said to give en and zh, which it did
        {"content/timeline.yaml": "- date: 2020\n  text: {en: a, zh: b, fr: c}\n  sources: [alpha]\n"},
        "content/timeline.yaml:2: error: text: 'fr'",
    ),
    # A month or a day written 00 stood for the first: the event was shown as of 2009, the
    # source as of May 2017, and nothing said the date was not one.
    "month 00 in a timeline date": (
        {"content/timeline.yaml": '- date: "2009-00"\n  text: a\n  sources: [alpha]\n'},
        "content/timeline.yaml:1: error: date: `2009-00` is not a real date",
    ),
    "day 00 in a source's date": (
        {"content/sources.yaml": SOURCES_YAML.replace('date: "2017"', 'date: "2017-05-00"')},
        "content/sources.yaml:11: error: date: `2017-05-00` is not a real date",
    ),
    "bad source entry": (
        {
            "content/sources.yaml": "alpha:\n  outlet: X\n  headline: H\n  date: 2021-13-01\n  language: en\n  note: N\n"
        },
        "content/sources.yaml:4:",
    ),
}


@pytest.mark.parametrize("files, expected", CASES.values(), ids=CASES.keys())
def test_bad_input_is_reported_with_file_and_line_and_the_site_survives(make_project, files, expected):
    project = make_project()
    project.build()
    before = snapshot(project.out)
    for rel, text in files.items():
        project.write(rel, text)
    result = project.run("build")
    assert_clear_failure(result)
    assert expected in result.stderr, result.stderr
    assert "the previous site is unchanged" in result.stderr
    assert snapshot(project.out) == before
    assert leftovers(project) == []


def test_gbk_error_says_how_to_resave_as_utf8(make_project):
    project = make_project({"content/one.zh.md": chapter("第一章", None, "丁楼村。\n").encode("gbk")})
    result = project.run("build")
    assert "GBK" in result.stderr and "UTF-8" in result.stderr


def test_all_problems_of_a_build_are_reported_together(make_project):
    project = make_project(
        {
            "content/one.en.md": GOOD_ONE.replace("title: One", "title: yes"),
            "content/two.en.md": chapter("Two", 2, "Bad [@nobody].\n"),
            "content/two.zh.md": "no front matter",
        }
    )
    result = project.run("build")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert [e.split(":")[0] for e in errors] == [
        "content/one.en.md",
        "content/two.en.md",
        "content/two.zh.md",
    ]


@pytest.mark.parametrize("output", [".", "content", "content/out", "templates", "static", ".."])
def test_dangerous_output_folders_are_refused_before_anything_is_written(project, output):
    before = snapshot(project.root)
    result = project.run("build", "--output", str(project.root / output))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert snapshot(project.root) == before


def test_a_folder_not_made_by_the_generator_is_not_replaced(project):
    project.write("_site/precious.txt", "keep me")
    result = project.run("build")
    assert result.returncode == 1
    assert "was not made by this generator" in result.stderr
    assert (project.out / "precious.txt").read_text() == "keep me"


def test_a_missing_bibliography_is_one_error_not_one_per_citation(project):
    project.remove("content/sources.yaml")
    result = project.run("build")
    assert result.returncode == 1
    assert "content/sources.yaml: error: missing" in result.stderr
    assert "unknown source" not in result.stderr


def test_a_draft_original_holds_back_its_translations_and_their_stale_state_breaks_nothing(make_project):
    """Nothing a draft uses is published: a chapter whose English is a draft is a draft in
    every edition (its Chinese was published on its own, and listed in the sitemap)."""
    project = make_project({"content/two.en.md": chapter("Two", 2, "## Later\n\nMore [@beta].\n")})
    project.run("status", "--mark", "one")
    project.write("content/one.en.md", chapter("One", 1, "Changed [@alpha].\n", draft="true"))
    assert project.build().returncode == 0
    assert not (project.out / "zh/one").exists() and not (project.out / "en/one").exists()
    assert "/one/" not in (project.out / "sitemap.xml").read_text(encoding="utf-8")
    assert "第一章" not in project.page("/zh/")
