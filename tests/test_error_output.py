"""What an editor sees when the fault is not in the content: a bug in the generator
(two lines, and a traceback only when asked for), a Python without the generator's
libraries, an undefined template variable, a translation missing or changing a
placeholder, and hidden or backup files among the templates.

The first two start a real Python process, since what the process itself prints is
under test; the rest run the command line's main() in this process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from projects import REPO, assert_clear_failure, build_py, error_lines

# A bug in the generator, planted in a real `python build.py` process: there, an
# exception nobody catches would print its traceback on the editor's terminal.
PLANTED_BUG = """
import sys
from storysite import cli, pipeline

def build(*args, **kwargs):
    raise RuntimeError("a planted bug")

pipeline.build = build
sys.exit(cli.main())
"""


def test_an_internal_error_is_two_lines_and_no_traceback_unless_asked_for(project):
    command = [sys.executable, "-c", PLANTED_BUG, "--project", str(project.root), "build"]
    env = {key: value for key, value in os.environ.items() if key != "STORYSITE_DEBUG"}
    result = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", cwd=REPO, env=env, timeout=120
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    first, second = result.stderr.strip().splitlines()
    assert first.startswith("internal error: ") and "RuntimeError: a planted bug" in first, first
    assert "STORYSITE_DEBUG=1" in second, second
    debug = subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env={**env, "STORYSITE_DEBUG": "1"},
        timeout=120,
    )
    assert debug.returncode == 1 and "Traceback" in debug.stderr and "a planted bug" in debug.stderr
    assert not project.out.exists()


def test_a_python_without_the_dependencies_says_how_to_install_them(project):
    """Run by a Python that lacks the generator's libraries (-S: no site-packages), as
    when the set-up step was skipped: one clear instruction, no traceback, nothing written."""
    result = subprocess.run(
        [sys.executable, "-S", *build_py("--project", str(project.root), "build")[1:]],
        capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "python -m pip install -e ." in result.stderr
    assert not project.out.exists()


# Templates and translations


def insert_line(path: Path, after: str, line: str) -> int:
    """Put `line` after the first line containing `after`; -> its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if after in text) + 1
    lines.insert(index, line)
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


PLACES = [("chapter.html", "{% block main %}"), ("notes.html", "")]  # a page's template, an included one
SLIPS = [("{{ no_such_thing }}", "no_such_thing"), ('{% include "nothere.html" %}', "nothere.html")]


@pytest.mark.parametrize("template, after", PLACES)
@pytest.mark.parametrize("slip, named", SLIPS, ids=["undefined-name", "missing-include"])
def test_a_template_slip_names_the_template_its_line_and_what_it_names(project, template, after, slip, named):
    """An unknown name, or an include of a template that does not exist."""
    line = insert_line(project.root / "templates" / template, after, slip)
    result = project.run("build")
    assert_clear_failure(result)
    # Where, and the name the template used; the rest of the message is Jinja's or ours.
    [error] = error_lines(result.stderr)
    assert error.startswith(f"templates/{template}:{line}: error: ") and named in error, error


def test_an_untranslated_interface_string_falls_back_to_english_with_a_warning(project):
    po = project.root / "translations/zh/LC_MESSAGES/messages.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    msgid = lines.index('msgid "Notes"')
    lines[msgid + 1] = 'msgstr ""'
    po.write_text("\n".join(lines), encoding="utf-8")
    result = project.build()
    expected = f"translations/zh/LC_MESSAGES/messages.po:{msgid + 1}: warning: 'Notes' is not translated"
    assert expected in result.stderr
    assert '<h2 id="notes-heading">Notes</h2>' in project.page("/zh/one/")


def test_a_translation_that_changes_a_placeholder_conversion_is_an_error(project):
    # %(date)d would fail on every Chinese chapter page, which passes the date as text.
    po = project.root / "translations/zh/LC_MESSAGES/messages.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "更新于%(date)s"' in text
    po.write_text(text.replace("更新于%(date)s", "更新于%(date)d"), encoding="utf-8")
    line = text[: text.index('msgid "Updated %(date)s"')].count("\n") + 1
    result = project.run("build")
    assert_clear_failure(result)
    assert (
        f"translations/zh/LC_MESSAGES/messages.po:{line}: error: the translation of 'Updated %(date)s' "
        "must keep the placeholders of the English"
    ) in result.stderr


def test_hidden_and_backup_files_among_the_templates_are_not_templates(project):
    """Finder's .DS_Store (binary) and an editor's backup must not break the build."""
    project.write("templates/.DS_Store", b"\x00\x01\xff\xfe")
    project.write("templates/base.html~", "{{ broken")
    project.build()
    assert "Test Story" in project.page("/en/")


def test_a_translation_whose_closing_quote_is_lost_is_an_error_at_its_line(project):
    """Babel reads `msgstr "目录` (the closing quote lost) as 目, silently: the
    interface would show a garbled word. It is an error at the line."""
    po = project.root / "translations/zh/LC_MESSAGES/messages.po"
    lines = po.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.startswith('msgstr "') and len(line) > 10)
    lines[number] = lines[number].removesuffix('"')
    po.write_text("\n".join(lines), encoding="utf-8")
    result = project.run("check")
    assert_clear_failure(result)
    assert [line.split(": error: ")[0] for line in error_lines(result.stderr)] == [
        f"translations/zh/LC_MESSAGES/messages.po:{number + 1}"
    ]


def test_a_translation_saved_as_gbk_is_named_as_such_with_its_line(project):
    po = project.root / "translations/zh/LC_MESSAGES/messages.po"
    po.write_bytes(po.read_text(encoding="utf-8").encode("gbk"))
    result = project.run("check")
    assert_clear_failure(result)
    [error] = error_lines(result.stderr)
    assert error.startswith("translations/zh/LC_MESSAGES/messages.po:") and "GBK" in error
    assert error.split(":")[1].isdigit()
