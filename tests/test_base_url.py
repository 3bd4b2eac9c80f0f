"""site.yaml's base_url: where the site is published, which every canonical link, feed
and sitemap names. A slip in it is an error at its line that gives the address to write."""

from __future__ import annotations

import pytest
from projects import SITE_YAML


def problem_lines(stderr: str) -> list[str]:
    """Errors and warnings, less the default project's own (its translations are not marked)."""
    lines = [line for line in stderr.splitlines() if ": error: " in line or ": warning: " in line]
    return [line for line in lines if "not marked as a translation" not in line]


def with_base_url(make_project, base_url: str):
    return make_project({"site.yaml": SITE_YAML.replace("https://example.org/story/", base_url)})


@pytest.mark.parametrize(
    "base_url, advice",
    [
        (
            "https://example.org/story/index.html",
            "give the folder the site is published in: https://example.org/story/",
        ),
        ("https://example.org/story/?lang=en", "has a query or a fragment"),
        ("https://example.org/story/#top", "has a query or a fragment"),
        ("ftp://example.org/story/", "starting with https:// or http://"),
        # The address to write leaves out the user name the message objects to.
        ("https://someone:secret@example.org/", "holds a user name; give only the folder, e.g. https://example.org/"),
        ("https://example.org/a b/", "has a space in it"),  # not "does not start with https://"
        ("https://example/story/", "not a full name like example.org"),
        ("http://[abc/story/", "a browser can open"),  # an unclosed bracket: no internal error
        # An impossible port, and `..`, went into every canonical link unremarked.
        ("https://example.org:99999/a/../b/", "from 1 to 65535 after the colon, or leave the port out: https://example.org/b/"),
        ("https://example.org:0/story/", "leave the port out: https://example.org/story/"),
        ("https://example.org/a/../b/", "has `.` or `..` in its path; write the folder it stands for: https://example.org/b/"),
        ("https://example.org/story/./", "write the folder it stands for: https://example.org/story/"),
        ("https://example.org/%2E%2E/story/", "write the folder it stands for: https://example.org/story/"),
    ],
)  # fmt: skip
def test_a_base_url_that_is_not_a_web_folder_is_refused_at_its_line(make_project, base_url, advice):
    project = with_base_url(make_project, base_url)
    for command in ("check", "build"):
        result = project.run(command)
        assert result.returncode == 1
        problems = problem_lines(result.stderr)
        assert len(problems) == 1 and problems[0].startswith("site.yaml:1: error: base_url:"), problems
        assert advice in problems[0]
    assert not project.out.exists()


def test_a_base_url_without_its_last_slash_is_the_same_folder(make_project):
    project = with_base_url(make_project, "https://example.org/story")
    project.build()
    assert 'href="/story/en/one/"' in project.page("en/")


def test_a_base_url_in_capitals_is_accepted_and_linked_in_lowercase(make_project):
    """HTTPS://Example.ORG/ is the address https://example.org/ (scheme and host are read
    without regard to case); it was refused as not starting with https://."""
    project = with_base_url(make_project, "HTTPS://Example.ORG/Story/")
    check = project.run("check")
    assert check.returncode == 0, check.stderr
    project.build()
    assert '<link rel="canonical" href="https://example.org/Story/en/one/">' in project.page("en/one/")


def test_a_base_url_on_this_computer_may_have_a_port(make_project):
    """localhost, as 127.0.0.1 always could: a site published to a test server here."""
    project = with_base_url(make_project, "http://localhost:8000/")
    project.build()
    assert 'href="http://localhost:8000/en/one/"' in project.page("en/one/")
