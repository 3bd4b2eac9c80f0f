"""`check`: it checks everything a build would (drafts too, and the links of the built
pages), says what it finds at its line, and writes nothing."""

from __future__ import annotations

from projects import SOURCES_YAML, chapter, snapshot


def test_check_finds_a_dead_link_a_template_makes(project):
    project.edit(
        "templates/chapter.html",
        "</article>",
        '<a href="{{ urls.page(page.lang, \'glossary\') }}">x</a><a href="#nowhere">y</a></article>',
    )
    result = project.run("check")
    assert result.returncode == 1
    assert "(built page)/en/one/index.html:" in result.stderr
    assert "links to en/glossary/index.html, which the build does not make" in result.stderr
    assert "links to #nowhere in en/one/index.html, which has no such id" in result.stderr


def test_check_leaves_the_project_exactly_as_it_was(project):
    before = snapshot(project.root)
    result = project.run("check", "--strict")
    assert "error(s)" in result.stderr
    assert snapshot(project.root) == before


def test_a_source_cited_nowhere_is_a_warning_and_strict_check_fails(make_project):
    project = make_project({"content/sources.yaml": SOURCES_WITH_AN_EXTRA})
    result = project.run("check", "--strict")
    assert result.returncode == 1
    assert "content/sources.yaml:7: warning: 'gamma' is cited nowhere: cite it or remove it" in result.stderr
    assert project.run("check").returncode == 0  # a warning alone does not fail a plain check


GAMMA = """\
gamma:
  outlet: Gamma Weekly
  headline: Gamma headline
  date: 2019
  language: en
  note: Never cited.
"""
SOURCES_WITH_AN_EXTRA = SOURCES_YAML.replace("beta:\n", GAMMA + "beta:\n")  # gamma on line 7


def test_check_also_checks_drafts_which_build_leaves_out(make_project):
    project = make_project({"content/three.en.md": chapter("Three", 3, "Bad [@nobody].\n", draft="true")})
    result = project.run("check")
    assert result.returncode == 1
    assert "content/three.en.md:8: error: unknown source '@nobody'" in result.stderr
