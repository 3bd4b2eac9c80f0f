"""Errors an editor can act on: each slip is reported once, at its own line, in words
that say what to do, and nothing else is blamed for it."""

from __future__ import annotations

import pytest
from projects import SITE_YAML, SOURCES_YAML, assert_clear_failure, chapter, image_bytes, snapshot


def problem_lines(stderr: str) -> list[str]:
    """Errors and warnings, less the default project's own (its translations are not marked)."""
    lines = [line for line in stderr.splitlines() if ": error: " in line or ": warning: " in line]
    return [line for line in lines if "not marked as a translation" not in line]


def test_a_misspelled_key_in_one_source_is_reported_there_and_its_citations_stay_known(make_project):
    project = make_project(
        {"content/sources.yaml": SOURCES_YAML.replace("  headline: Alpha", "  headlin: Alpha")}
    )
    result = project.run("check")
    assert result.returncode == 1
    problems = problem_lines(result.stderr)
    assert all(line.startswith("content/sources.yaml:") for line in problems), problems
    assert problems == [
        "content/sources.yaml:3: error: alpha: unknown key 'headlin'; did you mean 'headline'?"
    ]
    assert "unknown source" not in result.stderr


def test_a_full_width_colon_after_a_key_is_named_at_its_own_line(make_project):
    text = chapter("第二章", 2, "## 后来\n\n更多[@alpha]。\n").replace("summary: ", "summary：")
    project = make_project({"content/two.zh.md": text})
    result = project.run("check")
    assert result.returncode == 1
    problems = problem_lines(result.stderr)
    assert problems == [problems[0]], problems  # nothing else: not "no zh translation yet"
    assert problems[0].startswith("content/two.zh.md:3: error:")
    assert "'：'" in problems[0] and "full-width" in problems[0] and "summary:" in problems[0]


@pytest.mark.parametrize("typed", ["［@alpha］", "【@alpha】"])
def test_full_width_brackets_around_a_citation_are_a_warning_at_their_line(make_project, typed):
    project = make_project({"content/two.zh.md": chapter("第二章", 2, f"## 后来\n\n更多{typed}。\n")})
    result = project.run("check")
    assert result.returncode == 0, result.stderr
    warning = [line for line in problem_lines(result.stderr) if typed in line]
    assert warning and warning[0].startswith("content/two.zh.md:9: warning:")
    assert "[@id]" in warning[0]


def test_a_broken_translation_is_not_also_called_missing(make_project):
    broken = chapter("第二章", 2, "更多[@alpha]。\n").replace("title: 第二章", "title: [第二章")
    project = make_project({"content/two.zh.md": broken})
    result = project.run("check")
    assert result.returncode == 1
    assert [line.split(":")[0] for line in problem_lines(result.stderr)] == ["content/two.zh.md"]
    assert "no zh translation yet" not in result.stderr


def test_a_translation_without_its_original_says_the_original_is_missing(make_project):
    project = make_project({"content/three.zh.md": chapter("第三章", None, "更多[@alpha]。\n")})
    result = project.run("check")
    assert result.returncode == 1
    problems = problem_lines(result.stderr)
    assert len(problems) == 1, problems
    assert problems[0].startswith("content/three.zh.md:1: error: content/three.en.md")
    assert "does not exist" in problems[0]
    assert "missing required key" not in result.stderr


def test_an_image_path_with_a_slip_gets_the_nearest_image_there_is(make_project):
    project = make_project(
        {
            "content/images/dinglou-street.png": b"\x89PNG\r\n\x1a\n",
            "content/two.en.md": chapter("Two", 2, "## Later\n\n![A street](images/dinglou-stret.png)\n"),
        }
    )
    result = project.run("check")
    assert result.returncode == 1
    assert (
        "content/two.en.md:9: error: image 'images/dinglou-stret.png' not found under content/; "
        "did you mean 'images/dinglou-street.png'?"
    ) in result.stderr


@pytest.mark.parametrize("typed", ["images/night market.png", "images/night%20market.png"])
def test_an_image_with_a_space_in_its_name_is_named_with_how_to_rename_it(make_project, typed):
    """An address ends at a space, so no spelling reaches 'night market.png': the message
    says so and gives a name that works, rather than suggesting the name that does not."""
    body = f"## Later\n\n![A market]({typed})\n"
    project = make_project({"content/images/night market.png": image_bytes(20, 10, "PNG"),
                            "content/two.en.md": chapter("Two", 2, body)})  # fmt: skip
    result = project.run("check")
    assert_clear_failure(result)
    [problem] = [line for line in problem_lines(result.stderr) if "image" in line]
    assert problem.startswith("content/two.en.md:9: error:") and "'images/night-market.png'" in problem


OUT_OF_THE_SITE = """\
## Later

See [a page](/en/one/), [up](../../etc/passwd), [a file](images/x.png) and <a href="/x/">this</a>.

![A photo](https://tracker.example/p.png)

<img src="//tracker.example/q.png" alt="q">

Fine: [a site](https://example.org/), [a part](#later), [a chapter](one.en.md) [@beta].
"""


def test_links_out_of_the_site_and_images_from_other_servers_are_errors_at_their_line(make_project):
    """A path to a built page breaks when the site moves and nothing checks it; an image
    from another server is a request every reader's browser makes. `check` names each
    at its line and the build refuses, leaving the site as it was."""
    project = make_project()
    project.build()
    before = snapshot(project.out)
    project.write("content/two.en.md", chapter("Two", 2, OUT_OF_THE_SITE))
    for result in (project.run("check"), project.run("build")):
        assert_clear_failure(result)
        problems = problem_lines(result.stderr)
        assert len(problems) == 6, problems
        for target, line in (("/en/one/", 9), ("../../etc/passwd", 9), ("images/x.png", 9), ("/x/", 9),
                             ("https://tracker.example/p.png", 11), ("//tracker.example/q.png", 13)):  # fmt: skip
            assert any(
                p.startswith(f"content/two.en.md:{line}: error:") and f"'{target}'" in p for p in problems
            )
    assert snapshot(project.out) == before


def test_a_footnote_without_its_text_or_without_its_marker_is_an_error_at_its_line(make_project):
    body = "## Later\n\nMore [@beta].[^a] And more.[^b]\n\n[^a]: Said.\n\n[^c]: Never referred to.\n"
    project = make_project({"content/two.en.md": chapter("Two", 2, body)})
    result = project.run("check")
    assert_clear_failure(result)
    problems = problem_lines(result.stderr)
    assert [p.split(": error: ")[0] for p in problems] == ["content/two.en.md:9", "content/two.en.md:13"]
    assert "[^b]" in problems[0] and "[^c]" in problems[1]


def test_a_link_to_a_draft_is_refused_by_check_and_build_alike(make_project):
    """Published pages leave a draft out, so a link to it would lead nowhere, and give
    its address away: `check` and the build refuse it, each at the link's line (check
    passed it with a warning, and CI then passed a site the build refused). A draft may
    link to a draft: the two are published together."""
    project = make_project()
    project.build()
    before = snapshot(project.out)
    project.write("content/two.en.md", chapter("Two", 2, "## Later\n\nMore [@beta].\n", draft="true"))
    checked = project.run("check")
    assert_clear_failure(checked)
    assert [p.split(": error: ")[0] for p in problem_lines(checked.stderr) if "draft" in p] == [
        "content/one.en.md:11"
    ]
    built = project.run("build")
    assert_clear_failure(built)
    assert [p.split(": error: ")[0] for p in problem_lines(built.stderr)] == ["content/one.en.md:11"]
    assert snapshot(project.out) == before
    one = (project.root / "content/one.en.md").read_text(encoding="utf-8")
    project.write("content/one.en.md", one.replace("order: 1", "draft: true\norder: 1"))
    assert project.run("check").returncode == 0


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quote_never_closed_is_named_at_the_line_it_opens(make_project, quote):
    """YAML finds the slip only where the front matter ends, lines below: the error
    names the line the editor must fix."""
    text = chapter("Two", 2, "## Later\n\nMore [@beta].\n").replace("title: Two", f"title: {quote}Two")
    result = make_project({"content/two.en.md": text}).run("check")
    assert_clear_failure(result)
    assert [line.split(": error: ")[0] for line in problem_lines(result.stderr)] == ["content/two.en.md:2"]


@pytest.mark.parametrize("bracket", ["[", "{"])
def test_a_bracket_never_closed_is_named_at_the_line_it_opens(make_project, bracket):
    """`image_alt: [a photo` begins a list, which YAML finds unclosed only at the next line."""
    text = chapter("Two", 2, "## Later\n\nMore [@beta].\n", image_alt=f"{bracket}a photo of the village")
    result = make_project({"content/two.en.md": text}).run("check")
    assert_clear_failure(result)
    assert [line.split(": error: ")[0] for line in problem_lines(result.stderr)] == ["content/two.en.md:6"]
    assert "quotes" in result.stderr


@pytest.mark.parametrize("typed", ["[en, [zh]]", "[en, {zh: Chinese}]", "\n  - en\n  - [zh]"])
def test_a_language_written_as_a_list_or_mapping_is_an_error_at_its_line(make_project, typed):
    project = make_project({"site.yaml": SITE_YAML.replace("[en, zh]", typed)})
    result = project.run("check")
    assert_clear_failure(result)
    line = 5 if typed.startswith("\n") else 3  # the item's own line, where the list is one per line
    assert [error.split(": error: ")[0] for error in problem_lines(result.stderr)] == [f"site.yaml:{line}"]
    assert "languages:" in result.stderr and "zh-Hant" in result.stderr  # the valid choices


def test_a_language_listed_twice_is_one_error_at_its_line(make_project):
    project = make_project({"site.yaml": SITE_YAML.replace("[en, zh]", "[en, en, zh]")})
    result = project.run("check")
    assert result.returncode == 1
    assert problem_lines(result.stderr) == [
        "site.yaml:3: error: languages: en is listed twice; list each language once"
    ]


def test_draft_true_in_quotes_is_called_text_in_quotes(make_project):
    project = make_project({"content/two.en.md": chapter("Two", 2, "More [@beta].\n", draft='"true"')})
    result = project.run("check")
    assert result.returncode == 1
    [problem] = problem_lines(result.stderr)
    assert problem.startswith("content/two.en.md:6: error: draft: should be true or false"), problem
    assert "in quotes" in problem and "remove the quotes" in problem, problem


def test_an_output_folder_under_the_home_folder_is_written_there(make_project, tmp_path):
    """`~` is the home folder, as in a shell, not a folder named `~` in the project."""
    home = tmp_path / "home"
    home.mkdir()
    project = make_project({"site.yaml": SITE_YAML + "output: ~/story-site\n"})
    result = project.run("build", env={"HOME": str(home)})
    assert result.returncode == 0, result.stderr
    assert (home / "story-site/en/index.html").is_file()
    assert not (project.root / "~").exists() and not project.out.exists()


def test_the_home_folder_itself_as_output_is_refused(make_project, tmp_path):
    home = tmp_path / "home"
    (home / "keep").mkdir(parents=True)
    project = make_project({"site.yaml": SITE_YAML + 'output: "~"\n'})
    result = project.run("build", env={"HOME": str(home)})
    assert result.returncode == 1
    [problem] = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert problem.startswith("site.yaml:"), problem  # the line that chose it
    assert f"error: output: {home}: refusing to use this as the output folder" in problem, problem
    assert sorted(path.name for path in home.iterdir()) == ["keep"]
    assert not (project.root / "~").exists()


BROKEN_FIGURES = {
    "chart": ("content/data/shops.yaml", "title: T\ndescription: D\nunit: u\npoints: []\n"),
    "chart whose one point cannot be drawn": (
        "content/data/shops.yaml",
        "title: T\ndescription: D\nunit: u\npoints:\n  - {year: 2010, value: .nan, source: alpha}\n",
    ),
    "map": ("content/data/maps/shops.yaml", "title: {en: T, zh: T}\n"),
}


@pytest.mark.parametrize("path, text", BROKEN_FIGURES.values(), ids=BROKEN_FIGURES.keys())
def test_a_figure_whose_file_has_errors_is_reported_there_and_not_called_missing(make_project, path, text):
    kind = "map" if "/maps/" in path else "chart"
    body = f"## Later\n\nMore [@beta].\n\n::: {kind} shops\n"
    project = make_project({"content/two.en.md": chapter("Two", 2, body), path: text})
    result = project.run("check")
    assert_clear_failure(result)
    problems = problem_lines(result.stderr)
    assert problems and all(line.startswith(f"{path}:") for line in problems), problems


def test_a_citation_with_words_before_the_at_sign_is_said_to_be_printed_as_typed(make_project):
    """Pandoc reads [see @alpha, p. 3] as a citation with a prefix; the page printed it as
    typed, brackets and all, without a word."""
    body = "## Later\n\nOne claim [see @beta, para. 3], another [@alpha].\n"
    result = make_project({"content/two.en.md": chapter("Two", 2, body)}).run("build")
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "[see @beta" in line]
    assert warning.startswith("content/two.en.md:9: warning: ") and "see [@beta, para. 3]" in warning, warning


def test_a_file_that_cannot_be_read_is_not_also_blamed_on_the_glossary(make_project):
    """A tab in sources.yaml: the outlets it names are no text to convert, and the glossary's
    term for one of them was said to match nothing, a warning that went with the fix."""
    three = SITE_YAML.replace("languages: [en, zh]", "languages: [en, zh, zh-Hant]")
    glossary = {"translations/zh_Hant/glossary.yaml": "阿尔法日报: 阿勒法日報\n"}
    project = make_project({"site.yaml": three, **glossary})
    assert "glossary.yaml" not in project.run("check").stderr
    project.edit("content/sources.yaml", "  headline: Alpha", "\theadline: Alpha")
    result = project.run("check")
    assert result.returncode == 1
    assert [line.split(":")[0] for line in problem_lines(result.stderr)] == ["content/sources.yaml"]
