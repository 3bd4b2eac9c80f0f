"""Robustness: every bad input gets a clear answer, nothing is lost, nothing leaks.

Each test runs the command line (or, for output.safe_target, the one function every
write goes through) and asserts what an editor would see: the exit code, a
`path:line: error: ...` line, and the files on disk before and after. The command
line's main() runs in this process; a real `python build.py` process is started only
where the process itself is under test: a build killed while writing, a full disk,
the C locale, and an internal error.
"""

from __future__ import annotations

import ast
import contextlib
import errno
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import (
    REPO,
    assert_clear_failure,
    build_py,
    chapter,
    error_lines,
    image_bytes,
    leftovers,
    snapshot,
)

from storysite.errors import SiteError
from storysite.output import safe_target
from storysite.scaffold import new_chapter

GOOD_ONE = chapter("One", 1, "First fact [@alpha]. Second [@alpha; @beta].\n")


# 1. Encodings and line endings


LINE_ENDINGS = {  # variant -> (BOM, the end of line i)
    "bom": (True, lambda i: "\n"),
    "crlf": (False, lambda i: "\r\n"),
    "bom crlf": (True, lambda i: "\r\n"),
    "mixed": (False, lambda i: ("\r\n", "\n", "\r")[i % 3]),
    "lone cr": (False, lambda i: "\r"),
}


def with_line_endings(text: str, variant: str) -> bytes:
    bom, ending = LINE_ENDINGS[variant]
    lines = text.split("\n")
    joined = "".join(line + ending(i) for i, line in enumerate(lines[:-1])) + lines[-1]
    return (b"\xef\xbb\xbf" if bom else b"") + joined.encode("utf-8")


def test_bom_and_any_line_endings_build_byte_identically_to_plain_utf8(project):
    texts = {
        rel: (project.root / rel).read_text(encoding="utf-8")
        for rel in ["site.yaml", "content/sources.yaml"]
        + [f"content/{p.name}" for p in project.root.glob("content/*.md")]
    }
    no_cache = {"STORYSITE_CACHE": "off"}  # each build reads and renders everything again
    assert project.run("build", env=no_cache).returncode == 0
    plain = snapshot(project.out)
    for variant in LINE_ENDINGS:
        for rel, text in texts.items():
            project.write(rel, with_line_endings(text, variant))
        result = project.run("build", env=no_cache)
        assert result.returncode == 0, (variant, result.stderr)
        assert snapshot(project.out) == plain, variant


@pytest.mark.parametrize("encoding, text", [("gbk", "丁楼村的故事。"), ("gb18030", "㐀字只在 GB18030 里。")])
def test_a_gbk_file_names_the_byte_offset_and_how_to_resave_it(make_project, encoding, text):
    raw = chapter("One", 1, text + "\n").encode(encoding)
    offset = next(index for index, byte in enumerate(raw) if byte >= 0x80)
    line = raw[:offset].count(b"\n") + 1
    result = make_project({"content/one.en.md": raw}).run("build")
    assert_clear_failure(result)
    assert (
        f"content/one.en.md:{line}: error: is not valid UTF-8 (at byte offset {offset}); "
        "it looks like GBK/GB18030 (the Chinese Windows encoding). Re-save it as UTF-8: "
    ) in result.stderr
    assert "Save with Encoding > UTF-8" in result.stderr


NOT_TEXT = {
    "Latin-1": (b"caf\xe9 au lait\n", "3: error: is not valid UTF-8 (at byte offset ", "re-save it as UTF-8"),
    "a NUL byte": (b"one\x00two\n", "3: error: contains a NUL byte", "Re-save it as UTF-8"),
    "an encoded surrogate": (
        b"emoji \xed\xa0\xbd\xed\xb8\x80\n",
        "3: error: is not valid UTF-8",
        "surrogate",
    ),
}


@pytest.mark.parametrize("raw, where, how", NOT_TEXT.values(), ids=NOT_TEXT.keys())
def test_bytes_that_are_not_utf8_text_are_a_clear_error(make_project, raw, where, how):
    # title, then the bad bytes on line 3, inside the front matter: summary:
    text = b"---\ntitle: One\nsummary: " + raw + b"order: 1\nupdated: 2026-11-20\n---\nBody.\n"
    result = make_project({"content/one.en.md": text}).run("check")
    assert_clear_failure(result)
    assert f"content/one.en.md:{where}" in result.stderr and how in result.stderr
    assert "GBK" not in result.stderr


def test_a_utf16_file_is_named_as_such(make_project):
    result = make_project({"content/one.en.md": GOOD_ONE.encode("utf-16")}).run("check")
    assert_clear_failure(result)
    assert "content/one.en.md:1: error: is saved as UTF-16" in result.stderr


def test_a_file_name_that_is_not_utf8_is_reported_not_a_crash(project):
    (project.root / "content" / os.fsdecode(b"caf\xe9.en.md")).write_text(GOOD_ONE, encoding="utf-8")
    result = project.run("check")
    assert_clear_failure(result)
    assert "content/caf\\xe9.en.md: error: 'caf\\xe9' is not a valid slug" in result.stderr


def c_locale() -> dict:
    """An environment where Python's own streams and file names are ASCII."""
    drop = ("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8", "PYTHONCOERCECLOCALE")
    env = {key: value for key, value in os.environ.items() if not key.startswith(drop)}
    return {**env, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}


def run_in_c_locale(project, *args: str) -> tuple[int, str, str]:
    result = subprocess.run(
        build_py("--project", str(project.root), *args),
        capture_output=True,
        env=c_locale(),
        timeout=120,
    )
    # Strict decoding: whatever we print must be UTF-8, whatever the locale.
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def test_every_command_works_under_the_c_locale_with_chinese_text(project):
    probe = [sys.executable, "-c", "import sys; print(sys.getfilesystemencoding(), sys.stderr.encoding)"]
    assert subprocess.run(probe, capture_output=True, text=True, env=c_locale()).stdout.split() == [
        "ascii",
        "ascii",
    ]  # otherwise this test would prove nothing
    code, _, err = run_in_c_locale(project, "build")
    assert code == 0, err
    assert "第一章" in project.page("/zh/one/")
    code, out, err = run_in_c_locale(project, "new", "night-market")
    assert code == 0 and "wrote content/night-market.zh.md" in out, err
    assert "新的一章" in (project.root / "content/night-market.zh.md").read_text(encoding="utf-8")
    code, out, err = run_in_c_locale(project, "status")
    assert code == 0 and "night-market" in out, err

    project.write(
        "content/two.zh.md", chapter("第二章", None, "更多。\n").replace("updated:", "order: 第二\nupdated:")
    )
    project.write("content/中文.en.md", GOOD_ONE)
    quoted = 'content/two.zh.md:4: error: order: should be a whole number, not the text "第二"'
    for command in ("build", "check", "status"):
        code, _, err = run_in_c_locale(project, command)
        assert code == 1 and "Traceback" not in err, (command, err)
        assert quoted in err, (command, err)
        assert "content/中文.en.md: error: '中文' is not a valid slug" in err, (command, err)


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


def test_every_open_in_the_generator_names_its_encoding_or_is_binary():
    """A text file opened without an encoding uses the locale's: ASCII under LANG=C."""
    unsafe = []
    for path in sorted((REPO / "storysite").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _opens_text_without_encoding(node):
                unsafe.append(f"{path.name}:{node.lineno}")
    assert unsafe == []


def _opens_text_without_encoding(call: ast.Call) -> bool:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in ("open", "read_text", "write_text", "fdopen", "TextIOWrapper"):
        return False
    if name in ("read_text", "write_text") and not isinstance(func, ast.Attribute):
        return False  # content.read_text, ours: it decodes bytes itself
    if isinstance(func, ast.Attribute) and getattr(func.value, "id", "") == "Image":
        return False  # Pillow's Image.open reads bytes
    if any(keyword.arg == "encoding" for keyword in call.keywords):
        return False
    mode_position = {"open": 0 if isinstance(func, ast.Attribute) else 1, "fdopen": 1}.get(name)
    modes = [kw.value for kw in call.keywords if kw.arg == "mode"]
    if mode_position is not None and len(call.args) > mode_position:
        modes.append(call.args[mode_position])
    return not any(isinstance(m, ast.Constant) and "b" in str(m.value) for m in modes)


# 2. Front matter


FRONT_MATTER = {
    "a list": (
        "---\n- title\n- summary\n---\nBody.\n",
        "2: error: the front matter should be key: value lines",
    ),
    "a single number": ("---\n42\n---\nBody.\n", "2: error: the front matter should be key: value lines"),
    "empty": ("---\n---\nBody.\n", "2: error: the front matter is empty: write title:, summary:"),
    "a time read as a number": (
        GOOD_ONE.replace("summary: Summary of One.", "summary: 12:30"),
        '3: error: summary: should be text, but YAML read `12:30` as the number 750; put it in quotes: "12:30"',
    ),
    "an explicit tag": (
        GOOD_ONE.replace("order: 1", "order: !!str 1"),
        "4: error: the tag !!str is not allowed",
    ),
    "a control character": (
        GOOD_ONE.replace("title: One", "title: O\x1bne"),
        "2: error: contains the invisible character U+001B, which YAML does not allow; delete it",
    ),
}


@pytest.mark.parametrize("text, expected", FRONT_MATTER.values(), ids=FRONT_MATTER.keys())
def test_front_matter_that_is_not_key_value_lines_is_reported_with_its_line(make_project, text, expected):
    result = make_project({"content/one.en.md": text}).run("check")
    assert_clear_failure(result)
    assert f"content/one.en.md:{expected}" in result.stderr


EXPLOITS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
    '!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
    "!!python/name:os.system",
    "!!python/object/apply:builtins.exec [\"open('{marker}', 'w')\"]",
    "!!python/object:os._wrap_close {{}}",
]


@pytest.mark.parametrize("payload", EXPLOITS)
def test_python_tags_are_refused_with_no_side_effect(make_project, tmp_path, payload):
    marker = tmp_path / "pwned"
    value = payload.format(marker=marker)
    project = make_project(
        {
            "content/one.en.md": GOOD_ONE.replace("title: One", f"title: {value}"),
            "content/sources.yaml": f"alpha: {value}\n",
        }
    )
    result = project.run("build")
    assert_clear_failure(result)
    assert "content/one.en.md:2: error: the tag !!python/" in result.stderr
    assert "content/sources.yaml:1: error: the tag !!python/" in result.stderr
    site = project.root / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text + f"output: {value}\n", encoding="utf-8")
    result = project.run("status")
    assert_clear_failure(result)
    assert f"site.yaml:{text.count(chr(10)) + 1}: error: the tag !!python/" in result.stderr
    assert not marker.exists()


BILLION_LAUGHS = 'lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"l{i}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)
# Which part of the YAML stack refuses deep nesting, and in what words, depends on the
# PyYAML version (6.0.4 refuses it itself): what is asserted is what the editor sees.
HOSTILE_YAML = {
    "billion laughs": (BILLION_LAUGHS, "anchors and aliases (&name, *name) are not allowed"),
    "10,000 nested [": ("x: " + "[" * 10_000 + "\n", None),
    "100,000 nested block lists": ("x:\n" + "- " * 100_000 + "a\n", None),
    "100,000 nested complex keys": ("? " * 100_000 + "a\n", None),
}


@pytest.mark.parametrize("text, ours", HOSTILE_YAML.values(), ids=HOSTILE_YAML.keys())
def test_yaml_bombs_and_deep_nesting_are_refused_with_file_and_line(project, text, ours):
    """One short error line per file, with a line number, and no traceback; nothing is
    written. `ours`: our own words, where the refusal is ours whatever the library."""
    project.write("content/one.en.md", "---\n" + text + "---\nBody.\n")
    project.write("content/sources.yaml", text)
    before = snapshot(project.root)
    for command in ("check", "build"):
        result = project.run(command)
        assert_clear_failure(result)
        assert "RecursionError" not in result.stderr and "MemoryError" not in result.stderr
        for path in ("content/one.en.md", "content/sources.yaml"):
            lines = [line for line in error_lines(result.stderr) if line.startswith(path + ":")]
            assert len(lines) == 1, (command, result.stderr[:2000])
            where, message = lines[0].split(": error: ", 1)
            assert where.removeprefix(path + ":").isdigit(), lines[0]
            assert 0 < len(message) < 200 and "[[[[" not in message, lines[0]  # the input is not echoed
            if ours:
                assert ours in message, lines[0]
    assert snapshot(project.root) == before


def test_a_50_mb_file_is_refused_by_its_size(project):
    huge = project.write("content/three.en.md", chapter("Three", 3, "Words.\n"))
    try:
        with huge.open("ab") as handle:
            for _ in range(50):
                handle.write(b"x" * (1024 * 1024))
        result = project.run("check")
    finally:
        huge.unlink()
    assert_clear_failure(result)
    assert "content/three.en.md: error: is 51200 KB; text files over 2048 KB are refused" in result.stderr


def test_a_large_photograph_is_published_whole(make_project):
    """The size limit is for text an editor writes, not for images."""
    photo = image_bytes(1200, 900, "PNG") + bytes(range(256)) * (12 * 1024)  # 3 MB: trailing bytes
    project = make_project({"content/images/big.png": photo})
    project.write(
        "content/two.en.md",
        chapter("Two", 2, "## Later\n\n![A big photo](images/big.png)\n\nMore [@beta].\n"),
    )
    project.build()
    assert photo in [path.read_bytes() for path in (project.out / "images").iterdir()]


def test_problems_of_every_kind_in_several_files_are_reported_in_one_run(make_project, tmp_path):
    outside = tmp_path / "elsewhere.css"
    outside.write_text("secret", encoding="utf-8")
    project = make_project(
        {
            "content/one.zh.md": chapter("第一章", None, "丁楼村。\n").encode("gbk"),
            "content/two.en.md": "---\n" + BILLION_LAUGHS + "---\nBody.\n",
            "content/timeline.yaml": "- !!python/name:os.system\n",
            "content/sources.yaml": SOURCES_WITH_A_TAB,
        }
    )
    (project.root / "static/linked.css").symlink_to(outside)
    result = project.run("build")
    assert_clear_failure(result)
    assert [line.split(": error:")[0] for line in error_lines(result.stderr)] == [
        "content/one.zh.md:2",
        "content/sources.yaml:2",
        "content/timeline.yaml:1",
        "content/two.en.md:3",  # the first alias
        "static/linked.css",
    ]


SOURCES_WITH_A_TAB = "alpha:\n\toutlet: Alpha Daily\n"


# Chapter bodies (a case tests/test_fuzz.py found)


def test_a_chart_directive_the_checks_skip_is_text_not_a_crash(make_project):
    # Indented, quoted or in a list, `::: chart` is not a directive, so it is not checked
    # against content/data/; it must not be drawn either (it used to end in a KeyError).
    body = (
        "Text [@alpha].\n\n    ::: chart nope\n\n  ::: chart nope\n\n> ::: chart nope\n\n- ::: chart nope\n"
    )
    project = make_project({"content/one.en.md": chapter("One", 1, body)})
    project.build()
    assert project.page("/en/one/").count("::: chart nope") == 4


# 4. Paths


UNSAFE_SLUGS = {
    "..": "is not a valid slug",
    "a/b": "is not a valid slug",
    "a\\b": "is not a valid slug",
    "%2e%2e": "is not a valid slug",
    "\uff0e\uff0e": "is not a valid slug",
    "x\n": "is not a valid slug",
    "con": "is a device name on Windows",
    "nul": "is a device name on Windows",
    "aux": "is a device name on Windows",
    "com1": "is a device name on Windows",
    "lpt9": "is a device name on Windows",
    "a" * 256: "the slug is 256 characters long; keep it to 100 at most",
}


def test_new_refuses_slugs_that_are_not_one_safe_file_name(project):
    before = snapshot(project.root)
    for slug, why in UNSAFE_SLUGS.items():
        result = project.run("new", slug)
        assert_clear_failure(result)
        assert why in result.stderr, (slug, result.stderr)
        assert len(error_lines(result.stderr)) == 1, result.stderr  # one line, even for "x\n"
    assert snapshot(project.root) == before


def test_new_refuses_a_nul_in_the_slug(project):
    # A NUL cannot travel through a command line; the function behind `new` is called directly.
    with pytest.raises(SiteError, match="is not a valid slug"):
        new_chapter(project.root, "x\x00y")
    assert sorted(p.name for p in (project.root / "content").glob("x*")) == []


def test_content_files_with_unsafe_names_are_reported(project):
    names = [
        "con.en.md",
        "lpt1.zh.md",
        "%2e%2e.en.md",
        "\uff0e\uff0e.en.md",
        "a\\b.en.md",
        "x" * 120 + ".en.md",
    ]
    for name in names:
        project.write(f"content/{name}", GOOD_ONE.replace("order: 1", "order: 7"))
    result = project.run("build")
    assert_clear_failure(result)
    reported = {line.split(": error: ")[0] for line in error_lines(result.stderr)}
    assert reported == {f"content/{name}" for name in names}
    assert "content/con.en.md: error: 'con' is a device name on Windows" in result.stderr
    assert "is 120 characters long" in result.stderr


def test_names_that_differ_only_in_case_are_an_error_naming_both(project):
    # A capital letter is never valid in a slug, so `One.en.md` is an error anyway; the
    # message that matters on Windows and macOS is that the two names are one file there.
    project.write("content/One.en.md", GOOD_ONE)
    project.write("content/two.en.MD", chapter("Two", 2, "Shouting.\n"))
    result = project.run("check")
    assert_clear_failure(result)
    assert "content/One.en.md: error: differs from content/one.en.md only in letter case" in result.stderr
    assert "content/two.en.MD: error: differs from content/two.en.md only in letter case" in result.stderr


def test_links_out_of_the_project_and_loops_are_reported_not_followed(make_project, tmp_path):
    secret = tmp_path / "secret"
    (secret / "folder").mkdir(parents=True)
    for name in ("chapter.md", "key.txt", "folder/more.txt"):
        (secret / name).write_text(GOOD_ONE.replace("order: 1", "order: 5"), encoding="utf-8")
    project = make_project({"content/images/photo.png": image_bytes(20, 10, "PNG")})
    links = {
        "content/outside.en.md": secret / "chapter.md",
        "content/loop.en.md": project.root / "content/loop.en.md",
        "static/key.txt": secret / "key.txt",
        "static/folder": secret / "folder",
        "content/images/key.png": secret / "key.txt",
        "content/images/loop.png": project.root / "content/images/loop.png",
    }
    project.build()
    before = snapshot(project.out)
    for rel, target in links.items():
        (project.root / rel).symlink_to(target)
    result = project.run("build")
    assert_clear_failure(result)
    reported = {line.split(": error: ")[0] for line in error_lines(result.stderr)}
    assert reported == set(links)
    assert "content/outside.en.md: error: is a link to a file outside the project" in result.stderr
    assert "static/key.txt: error: is a link to a file outside the project" in result.stderr
    assert "content/loop.en.md: error: is a link that leads back to itself" in result.stderr
    assert snapshot(project.out) == before


def test_a_link_inside_the_project_is_still_published(project):
    (project.root / "static/icon.svg").symlink_to(project.root / "static/favicon.svg")
    project.build()
    icons = sorted(p.name for p in (project.out / "static").glob("*.svg"))
    assert len(icons) == 2 and any(name.startswith("icon.") for name in icons)


@pytest.mark.parametrize(
    "rel", ["", "../../etc/passwd", "//etc/passwd", "a/" + "../" * 40 + "etc", "x\x00/y", "link/escape.html"]
)
def test_safe_target_keeps_every_write_inside_the_real_output_folder(tmp_path, rel):
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)  # a link inside the folder, leading out of it
    with pytest.raises(SiteError):
        safe_target(out, rel)


def test_safe_target_accepts_paths_inside_even_through_a_linked_output_folder(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    assert safe_target(tmp_path / "alias", "en/../zh/index.html") == tmp_path / "real/zh/index.html"


# 5. Output and faults


def many_chapters(count: int) -> dict[str, str]:
    files = {}
    for number in range(3, count + 3):
        files[f"content/c{number:03}.en.md"] = chapter(f"Chapter {number}", number, "Words [@alpha]. " * 20)
        files[f"content/c{number:03}.zh.md"] = chapter(f"第{number}章", None, "文字[@beta]。" * 40)
    return files


def kill_build_while_writing(project, delay: float) -> tuple[int, str]:
    """Start a build, SIGKILL it `delay` seconds after it starts writing its hidden
    folder; -> (its exit status, the hidden folder's name)."""
    build = subprocess.Popen(
        build_py("--project", str(project.root), "build"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill reaches any worker too
    )
    staging = project.root / f"._site.tmp-{build.pid}"
    deadline = time.monotonic() + 60
    while not staging.exists() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):  # it may have finished already
        os.killpg(build.pid, signal.SIGKILL)
    return build.wait(), staging.name


def test_a_build_killed_while_writing_leaves_the_previous_site(make_project, tmp_path):
    project = make_project(many_chapters(80))
    versions = [GOOD_ONE, GOOD_ONE.replace("First fact", "A changed fact")]
    finished = []  # what a finished build of each version gives (and a warm cache for both)
    for number, text in enumerate(versions):
        project.write("content/one.en.md", text)
        project.build("--output", str(tmp_path / f"version-{number}"))
        finished.append(snapshot(tmp_path / f"version-{number}"))
    assert finished[0] != finished[1]
    project.build()  # the site now shows version 1
    kept_while_writing = 0
    chance = random.Random(1234)
    delays = [0.0, 0.01, 0.05] + [chance.uniform(0, 0.3) for _ in range(3)]
    for attempt, delay in enumerate(delays):
        wanted = attempt % 2  # always the other version than the site shows: the build must write
        project.write("content/one.en.md", versions[wanted])
        previous = snapshot(project.out)
        status, staging = kill_build_while_writing(project, delay)
        site = snapshot(project.out)
        assert site == previous or site == finished[wanted]  # never a mixture, never a gap
        left = leftovers(project)
        assert left in ([], [staging])  # an earlier killed build's folder was cleaned up
        if status == -signal.SIGKILL and left and site == previous:
            kept_while_writing += 1
        if site == previous:  # the next attempt wants the version the site shows: finish this one
            project.build()
    assert kept_while_writing >= 2  # else the kills came too late to show anything
    project.build()
    assert leftovers(project) == []


def limit_file_size() -> None:
    """In the child: a disk that is full after 1 KB per file. Writes fail with EFBIG."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))


def test_a_failed_write_is_one_clear_line_and_the_previous_site_survives(project):
    project.build()
    before = snapshot(project.out)
    project.write("content/one.en.md", GOOD_ONE.replace("First fact", "A changed fact"))
    result = subprocess.run(  # a process of its own: the size limit must not reach pytest's
        build_py("--project", str(project.root), "build"),
        preexec_fn=limit_file_size,
        capture_output=True,
        text=True,
        encoding="utf-8",
        # no .pyc and no cache: the size limit must not truncate a .pyc or the cache file
        env={**os.environ, "STORYSITE_CACHE": "off", "PYTHONDONTWRITEBYTECODE": "1"},
        timeout=120,
    )
    assert_clear_failure(result)
    first, last = result.stderr.strip().splitlines()
    assert first.startswith(str(project.out) + "/"), first
    assert first.endswith(f": error: cannot write: {os.strerror(errno.EFBIG)}"), first  # names the file
    assert last == "build failed: 1 error(s); the previous site is unchanged"
    assert snapshot(project.out) == before
    assert leftovers(project) == []


def test_a_deleted_chapter_disappears_from_the_output(project):
    project.build()
    assert (project.out / "en/two/index.html").is_file()
    project.remove("content/two.en.md")
    project.remove("content/two.zh.md")
    project.write("content/one.en.md", GOOD_ONE)  # it linked to two
    project.build()
    assert not (project.out / "en/two").exists() and not (project.out / "zh/two").exists()
    for page in ("sitemap.xml", "en/index.html", "zh/feed.xml"):
        assert "/two/" not in (project.out / page).read_text(encoding="utf-8"), page


def test_the_home_folder_or_a_git_checkout_as_output_is_refused_and_left_alone(project, tmp_path):
    home = tmp_path / "home"
    (home / "notes.txt").parent.mkdir()
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    result = project.run("build", "--output", str(home), env={"HOME": str(home)})
    assert_clear_failure(result)
    assert "it is the root, the home folder or the project itself" in result.stderr
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    (checkout / ".storysite-output").write_text("", encoding="utf-8")  # even one that looks like ours
    (checkout / "index.html").write_text("mine", encoding="utf-8")
    result = project.run("build", "--output", str(checkout))
    assert_clear_failure(result)
    assert "the output folder holds a .git folder" in result.stderr
    assert snapshot(home) == {"notes.txt": b"mine"}
    assert sorted(p.name for p in checkout.iterdir()) == [".git", ".storysite-output", "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checkout", "home", "project"]


# 6. Templates and translations


def insert_line(path: Path, after: str, line: str) -> int:
    """Put `line` after the first line containing `after`; -> its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, text in enumerate(lines) if after in text) + 1
    lines.insert(index, line)
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1


@pytest.mark.parametrize("template, after", [("chapter.html", "{% block main %}"), ("notes.html", "")])
def test_an_undefined_template_variable_names_the_template_and_line(project, template, after):
    line = insert_line(project.root / "templates" / template, after, "{{ no_such_thing }}")
    result = project.run("build")
    assert_clear_failure(result)
    # Where, and the name the template used; the rest of the message is Jinja's.
    [error] = error_lines(result.stderr)
    assert error.startswith(f"templates/{template}:{line}: error: ") and "no_such_thing" in error, error


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
