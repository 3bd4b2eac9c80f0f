"""Images and links in any Markdown layout are checked: an image in a list item's second
paragraph (indented, yet no code block), one whose text wraps, a link in raw HTML over
two lines. The line checks did not see them, and the published pages fetched images
from other servers and linked to drafts."""

from __future__ import annotations

from projects import assert_clear_failure, chapter, error_lines, snapshot

BODY = """\
## Later

More [@beta].

1. A list item.

    Its second paragraph shows ![a pixel](https://tracker.example/a.png).

A photo whose text wraps: ![a tracking
pixel](https://tracker.example/b.png)

<p>Raw HTML: <img alt="pixel"
  src="//tracker.example/c.png"></p>

- Further reading:

    [the draft](secret.en.md), [a chapter never written](none.en.md), ![gone](images/gone.png).
"""


def test_images_and_links_in_any_markdown_layout_are_checked_at_their_line(make_project):
    project = make_project()
    project.build()
    before = snapshot(project.out)
    project.write("content/two.en.md", chapter("Two", 2, BODY))
    project.write("content/secret.en.md", chapter("Secret", 5, "Not ready.\n", draft="true"))
    for command in ("build", "check"):
        result = project.run(command)
        assert_clear_failure(result)
        errors = error_lines(result.stderr)
        for line, typed in (
            (13, "tracker.example/a.png"),
            (16, "tracker.example/b.png"),
            (19, "tracker.example/c.png"),
        ):
            assert any(e.startswith(f"content/two.en.md:{line}: error: ") and typed in e for e in errors), (
                errors
            )
        for named in ("secret", "none", "gone.png"):
            assert any(e.startswith("content/two.en.md:23: error: ") and named in e for e in errors), errors
    assert snapshot(project.out) == before


def test_a_draft_may_show_and_link_what_it_likes_in_the_preview_and_check(make_project):
    """A draft's link to another draft is its own affair (check and the preview show it)."""
    draft = "See [the other](other.en.md).\n\n- Also:\n\n    [the other, again](other.en.md).\n"
    project = make_project(
        {
            "content/secret.en.md": chapter("Secret", 5, draft, draft="true"),
            "content/other.en.md": chapter("Other", 6, "Not ready.\n", draft="true"),
        }
    )
    assert project.run("check").returncode == 0
    assert project.run("build").returncode == 0


def test_an_unknown_source_cited_over_two_lines_is_named_at_its_line(make_project):
    """It stopped the build with an error in a template (source-line.html) instead."""
    body = "## Later\n\nA claim [@alpha, para. 3;\n@nosuch].\n\n- A list:\n\n    Cited [@nowhere].\n"
    result = make_project({"content/two.en.md": chapter("Two", 2, body)}).run("build")
    assert_clear_failure(result)
    errors = error_lines(result.stderr)
    assert any(e.startswith("content/two.en.md:10: error: ") and "@nosuch" in e for e in errors), errors
    assert any(e.startswith("content/two.en.md:14: error: ") and "@nowhere" in e for e in errors), errors
    assert "templates/" not in result.stderr


def test_an_id_the_page_gives_already_is_an_error_at_its_line(make_project):
    """Raw HTML's id="ref-1" took the id of the page's first citation: its back-link and
    every link to it led to the editor's span."""
    body = '## Later\n\nMore [@beta].\n\nA <span id="ref-1">marked</span> word and <b id="notes">this</b>.\n'
    result = make_project({"content/two.en.md": chapter("Two", 2, body)}).run("build")
    assert_clear_failure(result)
    errors = error_lines(result.stderr)
    for given in ("ref-1", "notes"):
        assert any(e.startswith("content/two.en.md:11: error: ") and f"'{given}'" in e for e in errors), (
            errors
        )


CHART = "title: T\ndescription: D\nunit: u\npoints:\n  - {year: 2010, value: 1, source: alpha}\n"


def test_a_chart_line_the_text_runs_into_is_an_error_at_its_line(make_project):
    """Written with no blank line before or after, as the guide warns against: the page
    printed '::: chart growth' in the paragraph, drew no chart, and nothing said so."""
    body = "## Later\n\nThe count rose.\n::: chart growth\nBy 2011 [@beta].\n"
    project = make_project({"content/data/growth.yaml": CHART})
    project.build()
    before = snapshot(project.out)
    project.write("content/two.en.md", chapter("Two", 2, body))
    project.write("content/three.en.md", chapter("Three", 3, body, draft="true"))
    for command in ("build", "check"):
        result = project.run(command)
        assert_clear_failure(result)
        errors = error_lines(result.stderr)
        assert any(e.startswith("content/two.en.md:10: error: '::: chart growth'") for e in errors), errors
        assert "blank line" in errors[0]
        drafts = [e for e in errors if e.startswith("content/three.en.md:11: error: ")]
        assert len(drafts) == (command == "check"), (
            errors
        )  # a draft (one line lower: its draft: true) is checked, not built
    assert snapshot(project.out) == before


def test_a_chart_set_apart_by_a_heading_or_in_code_is_no_error(make_project):
    """After a heading, Markdown makes the line a block of its own and the chart is drawn;
    in code it is shown as typed, as code is."""
    body = "## Later\n::: chart growth\n\nMore [@beta].\n\n```\nText\n::: chart growth\n```\n"
    project = make_project({"content/data/growth.yaml": CHART, "content/two.en.md": chapter("Two", 2, body)})
    project.build()
    page = project.page("en/two/")
    assert page.count("<svg") >= 1 and page.count("::: chart growth") == 1  # the code block's
